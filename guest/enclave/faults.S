/*
 * Fault sites: each function raises one exception at a global label enclave_fault_<name>; the
 * label enclave_fault_<name>_end follows the faulting instruction. For a fault the interrupted
 * RIP (GPRSGX.RIP) is the first label; for a trap (#BP, single-step #DB) it is the _end label.
 * The exception handler in enclave.c finds the site in enclave_fault_sites and resumes at _end.
 * C prototypes are in enclave.c.
 */
#include "enclave_layout.h"
#include "enclave_abi.h"

	.macro FAULT_FUNC name
	.globl enclave_raise_\name
	.type enclave_raise_\name, @function
enclave_raise_\name:
	.endm

	.macro FAULT_LABEL name
	.globl enclave_fault_\name
enclave_fault_\name:
	.endm

	.macro FAULT_END name
	.globl enclave_fault_\name\()_end
enclave_fault_\name\()_end:
	.endm

	.text

/* #DE: signed 64-bit division by zero. */
FAULT_FUNC de
	mov	$1, %eax
	cqo
	xor	%ecx, %ecx
FAULT_LABEL de
	idiv	%rcx
FAULT_END de
	ret
	.size enclave_raise_de, . - enclave_raise_de

/* #UD */
FAULT_FUNC ud
FAULT_LABEL ud
	ud2
FAULT_END ud
	ret
	.size enclave_raise_ud, . - enclave_raise_ud

/* #BP: INT3 is a trap (EXITINFO type 6, software exception). */
FAULT_FUNC bp
FAULT_LABEL bp
	int3
FAULT_END bp
	ret
	.size enclave_raise_bp, . - enclave_raise_bp

/* #PF: write to enclave_ro_page, added with SECINFO R only. */
FAULT_FUNC pf_ro
	lea	enclave_ro_page(%rip), %rax
FAULT_LABEL pf_ro
	movl	$0x5a5a5a5a, (%rax)
FAULT_END pf_ro
	ret
	.size enclave_raise_pf_ro, . - enclave_raise_pf_ro

/* #PF: read of a host address (RDI) that the host unmapped. Returns what was read, 0 if skipped. */
FAULT_FUNC pf_out
	xor	%eax, %eax
FAULT_LABEL pf_out
	mov	(%rdi), %rax
FAULT_END pf_out
	ret
	.size enclave_raise_pf_out, . - enclave_raise_pf_out

/* #GP(0): read of a non-canonical address. */
FAULT_FUNC gp
	movabs	$0x8000000000000000, %rdx
	xor	%eax, %eax
FAULT_LABEL gp
	mov	(%rdx), %rax
FAULT_END gp
	ret
	.size enclave_raise_gp, . - enclave_raise_gp

/* #AC: RFLAGS.AC set (Linux runs user mode with CR0.AM set), then a misaligned 4-byte read. */
FAULT_FUNC ac
	lea	enclave_ac_buffer(%rip), %rdx
	xor	%eax, %eax
	pushfq
	orl	$RFLAGS_AC, (%rsp)
	popfq
FAULT_LABEL ac
	mov	1(%rdx), %eax
FAULT_END ac
	pushfq
	andl	$~RFLAGS_AC, (%rsp)
	popfq
	ret
	.size enclave_raise_ac, . - enclave_raise_ac

/* #DB: RFLAGS.TF set by POPF; the instruction after it traps. Only on an opt-in TCS. */
FAULT_FUNC db
	pushfq
	orl	$RFLAGS_TF, (%rsp)
	popfq
FAULT_LABEL db
	nop
FAULT_END db
	pushfq
	andl	$~RFLAGS_TF, (%rsp)
	popfq
	ret
	.size enclave_raise_db, . - enclave_raise_db

/*
 * The site table: PC-relative offsets (resolved by the linker, no relocation) of each site's
 * labels, and the ECALL that raises it. struct fault_site in enclave.c mirrors it.
 */
	.macro SITE name, ecall
	.long	enclave_fault_\name - .
	.long	enclave_fault_\name\()_end - .
	.long	\ecall
	.long	0
	.endm

	.section .rodata, "a", @progbits
	.balign 8
	.globl enclave_fault_sites
enclave_fault_sites:
	SITE de, ENCLAVE_ECALL_FAULT_DE
	SITE ud, ENCLAVE_ECALL_FAULT_UD
	SITE bp, ENCLAVE_ECALL_FAULT_BP
	SITE pf_ro, ENCLAVE_ECALL_FAULT_PF_RO
	SITE pf_out, ENCLAVE_ECALL_FAULT_PF_OUT
	SITE gp, ENCLAVE_ECALL_FAULT_GP
	SITE ac, ENCLAVE_ECALL_FAULT_AC
	SITE db, ENCLAVE_ECALL_FAULT_DB
	.globl enclave_fault_sites_end
enclave_fault_sites_end:

/* A page of its own in the read-only run, so the write above hits an EPCM R-only page. */
	.section .rodata.page, "a", @progbits
	.balign ENCLAVE_PAGE_SIZE
	.globl enclave_ro_page
enclave_ro_page:
	.quad	0x0123456789abcdef
	.fill	ENCLAVE_PAGE_SIZE - 8, 1, 0

	.data
	.balign 8
enclave_ac_buffer:
	.quad	0x1122334455667788

	.section .note.GNU-stack, "", @progbits
