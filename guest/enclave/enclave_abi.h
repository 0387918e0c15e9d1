/*
 * The test enclave's ECALL interface, shared by the enclave and the host programs that call it.
 *
 * Entry (EENTER on any TCS): RDI = ECALL number, RSI = address of a struct enclave_args in host
 * memory (outside the enclave). RCX is the EEXIT target, as EENTER leaves it: the address of the
 * instruction after the host's ENCLU.
 * Exit (EEXIT to that address): RDI = status (ENCLAVE_STATUS_*), RSI = the ECALL's value
 * (out[0]), RAX = 4 (EEXIT), RBX = the exit address (EEXIT's operand), RCX = the AEP (set by
 * EEXIT), RSP/RBP/R12-R15 = the host's values at EENTER, RDX and R8-R11 = 0. RFLAGS.AC and
 * RFLAGS.DF are the host's again.
 * The enclave also writes out[] and status into the argument buffer when its address is valid.
 */
#ifndef ENCLAVE_ABI_H
#define ENCLAVE_ABI_H

#define ENCLAVE_ECALL_ADD		0	/* out[0] = in[0] + in[1], out[1] = in[0] ^ in[1], out[2..3] = in[2..3] */
#define ENCLAVE_ECALL_COMPUTE		1	/* in[0] iterations (0: 50,000,000) of an LCG seeded with in[1]; out[0] = checksum */
#define ENCLAVE_ECALL_FAULT_DE		2	/* div by zero at enclave_fault_de */
#define ENCLAVE_ECALL_FAULT_UD		3	/* ud2 at enclave_fault_ud */
#define ENCLAVE_ECALL_FAULT_BP		4	/* int3 at enclave_fault_bp (a trap: RIP = enclave_fault_bp_end) */
#define ENCLAVE_ECALL_FAULT_PF_RO	5	/* write to the read-only enclave page enclave_ro_page at enclave_fault_pf_ro */
#define ENCLAVE_ECALL_FAULT_PF_OUT	6	/* read of the host address in[0] at enclave_fault_pf_out */
#define ENCLAVE_ECALL_FAULT_GP		7	/* read of a non-canonical address at enclave_fault_gp */
#define ENCLAVE_ECALL_FAULT_AC		8	/* RFLAGS.AC set, misaligned 4-byte read at enclave_fault_ac */
#define ENCLAVE_ECALL_FAULT_DB		9	/* RFLAGS.TF set, single-step trap after enclave_fault_db (RIP = enclave_fault_db_end) */
#define ENCLAVE_ECALL_INFO		10	/* thread and entry information, see below */
#define ENCLAVE_ECALL_COUNT		11
/* RDI for the exception handler, entered with CSSA >= 1 after an AEX. */
#define ENCLAVE_ECALL_EXCEPTION		(~0ULL)

#define ENCLAVE_STATUS_OK		0
#define ENCLAVE_STATUS_BAD_ECALL	1	/* unknown ECALL number */
#define ENCLAVE_STATUS_BAD_ARG		2	/* argument buffer (or in[0] of FAULT_PF_OUT) not outside the enclave */
#define ENCLAVE_STATUS_NO_EXCEPTION	3	/* ENCLAVE_ECALL_EXCEPTION with CSSA = 0 */
#define ENCLAVE_STATUS_UNHANDLED	4	/* the interrupted RIP is not a known fault site; SSA left unchanged */
#define ENCLAVE_STATUS_NESTED		5	/* an ECALL other than INFO/EXCEPTION with CSSA >= 1 */
#define ENCLAVE_STATUS_BAD_ENTRY	6	/* entry state the hardware should never produce (RDI/RSI not read) */

/*
 * FAULT_* ECALLs return normally once the exception was handled (or skipped by the host):
 *   out[0] = exceptions the handler recorded on this TCS during the ECALL,
 *   out[1] = EXITINFO of the last one (raw: VECTOR 7:0, EXIT_TYPE 10:8, VALID 31),
 *   out[2] = its RIP (enclave offset), out[3] = the enclave offset execution continued at.
 * ENCLAVE_ECALL_EXCEPTION (CSSA >= 1) reads SSA[CSSA-1], and for a known fault site moves
 * GPRSGX.RIP past the faulting instruction (traps are already past it) and clears RFLAGS.TF/AC
 * there; the host then ERESUMEs. Same out[1..3] as above, out[0] = 1 when handled.
 * INFO: out[0] = CSSA at this entry, out[1] = entries on this TCS (this one included),
 *   out[2] = TCS index, out[3] = exceptions handled on this TCS, out[4] = FS base offset and
 *   out[5] = GS base offset (read through %fs:0 and %gs:0), out[6] = enclave base address,
 *   out[7] = NSSA.
 */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct enclave_args {
	uint64_t in[4];		/*  0 */
	uint64_t out[8];	/* 32 */
	uint64_t status;	/* 96 */
	uint64_t reserved[3];	/* 104 */
};				/* 128 bytes */

_Static_assert(sizeof(struct enclave_args) == 128, "struct enclave_args is 128 bytes");
#endif

#endif
