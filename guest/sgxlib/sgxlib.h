/*
 * sgxlib: loads an enclave image built like guest/enclave (an ELF linked at 0 with a
 * ".note.enclu.layout" note, see guest/enclave/README.md) into a static Linux host program,
 * through either SGX user ABI:
 *   SGXLIB_ABI_MAINLINE  /dev/sgx_enclave, entered through the vDSO's __vdso_sgx_enter_enclave;
 *   SGXLIB_ABI_RFC       /dev/sgx of the 2018 RFC, with SGX_IOC_ENCLU_REGISTER, entered through
 *                        sgxlib_rfc_enter() (an ENCLU of this library, registered at load time).
 * Functions return 0 or a negative errno value and describe the failure in the enclave's error
 * buffer. -ENODEV means the SGX device does not exist on this machine.
 */
#ifndef SGXLIB_H
#define SGXLIB_H

#include <stddef.h>
#include <stdint.h>

#include "enclu_layout.h"
#include "sgx_arch.h"
#include "sgx_uapi.h"

#define SGXLIB_MAX_RUNS		32
#define SGXLIB_MAX_TCS		64

enum sgxlib_abi {
	SGXLIB_ABI_MAINLINE = 1,
	SGXLIB_ABI_RFC = 2,
};

/* An enclave image: the layout note and the flat page contents it describes. */
struct sgxlib_image {
	struct enclu_layout_header layout;
	struct enclu_layout_run runs[SGXLIB_MAX_RUNS];
	unsigned nruns;
	uint8_t *pages;			/* layout.image_size bytes, page aligned; byte i = enclave offset i */
};

struct sgxlib_options {
	enum sgxlib_abi abi;
	const char *device;		/* NULL: SGX_ENCLAVE_DEVICE or SGX_RFC_DEVICE */
	const char *sigstruct_path;	/* NULL: "<enclave path>.sigstruct" */
	/* RFC only: what SGX_IOC_ENCLU_REGISTER registers (0: this library's ENCLU and handler). */
	uint64_t rfc_enclu;
	uint64_t rfc_handler;
	/* RFC only: mprotect each run to its SECINFO permissions after INIT. Without it the
	 * enclave stays mapped read/write/execute, as 2018 runtimes did, and the EPCM alone
	 * enforces page permissions. (Mainline always maps each run with its permissions.) */
	int rfc_protect;
};

struct sgxlib_enclave {
	enum sgxlib_abi abi;
	int fd;
	uint64_t base;			/* SECS.BASEADDR */
	uint64_t size;			/* SECS.SIZE */
	struct sgxlib_image image;
	unsigned ntcs;
	uint64_t tcs[SGXLIB_MAX_TCS];	/* linear addresses of the TCS pages, in offset order */
	char error[512];
};

/* Reads an image file and its layout note; checks the note against the ELF program headers. */
int sgxlib_image_read(struct sgxlib_image *img, const char *path, char *error, size_t error_size);
void sgxlib_image_free(struct sgxlib_image *img);

/* Creates, fills, initializes and maps the enclave in path. On failure nothing stays open. */
int sgxlib_load(struct sgxlib_enclave *e, const char *path, const struct sgxlib_options *options);
/* Unmaps the enclave and closes the device (the kernel then removes the enclave). */
void sgxlib_unload(struct sgxlib_enclave *e);

/* ---- vDSO symbol lookup (through AT_SYSINFO_EHDR) ---- */

enum sgxlib_hash {
	SGXLIB_HASH_ANY,		/* DT_GNU_HASH when present, else DT_HASH */
	SGXLIB_HASH_GNU,
	SGXLIB_HASH_SYSV,
};

/*
 * The address of a defined function or object symbol in the ELF image mapped at ehdr (a vDSO),
 * found through its dynamic symbol table and hash table; with version != NULL the symbol must
 * carry that version when the image has symbol versions. NULL when absent.
 */
void *sgxlib_vdso_lookup_in(const void *ehdr, const char *name, const char *version, enum sgxlib_hash how);
/* The same in this process's vDSO; NULL when there is no vDSO or no such symbol. */
void *sgxlib_vdso_lookup(const char *name, const char *version);
/* __vdso_sgx_enter_enclave, or NULL. */
vdso_sgx_enter_enclave_t sgxlib_vdso_sgx_enter_enclave(void);

/* ---- Entering through the RFC ABI ---- */

/*
 * Like struct sgx_enclave_run, for the library's own ENCLU (registered with
 * SGX_IOC_ENCLU_REGISTER). The same ENCLU is the EENTER/ERESUME site and the AEP.
 */
struct sgxlib_rfc_run {
	uint64_t tcs;			/*  0 */
	uint32_t function;		/*  8 in: EENTER or ERESUME; out: EEXIT, or the leaf that faulted */
	uint16_t exception_vector;	/* 12 out: the handler's RDI (trap number) */
	uint16_t exception_error_code;	/* 14 out: low 16 bits of its RSI (error code) */
	uint64_t exception_addr;	/* 16 out: its RDX (fault address, 0 except #PF) */
	uint64_t rdi;			/* 24 in: RDI for the enclave; out: RDI at EEXIT */
	uint64_t rsi;			/* 32 in: RSI for the enclave; out: RSI at EEXIT */
	/* 40: called after an exception (RFLAGS.AC/DF cleared first); > 0: the next leaf
	 * (EENTER/ERESUME) to run on this same frame, <= 0: returned by sgxlib_rfc_enter. */
	int (*user_handler)(struct sgxlib_rfc_run *run);
	uint64_t user_data;		/* 48 */
};

/*
 * Runs run->function on run->tcs. Returns 0 after EEXIT (function = EEXIT) or after an exception
 * without user_handler (function = the leaf, exception_* filled), the handler's value when <= 0,
 * or -EINVAL for a function other than EENTER/ERESUME. Exceptions reach the library only through
 * the RFC's per-process handler (SGXLIB_ABI_RFC); otherwise they are signals.
 */
int sgxlib_rfc_enter(struct sgxlib_rfc_run *run);
/* The registered addresses: the ENCLU instruction and the exception handler. */
extern const char sgxlib_rfc_enclu_insn[];
extern const char sgxlib_rfc_handler[];

#endif
