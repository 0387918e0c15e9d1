/*
 * The two Linux SGX user ABIs, written from the numbers in docs KERNEL-ABI.md (§3 the 2018 RFC
 * driver on /dev/sgx, §4 mainline /dev/sgx_enclave and the vDSO). Mainline names follow the
 * kernel's uapi <asm/sgx.h>; the RFC ones carry an SGX_RFC_ / sgx_rfc_ prefix because the two
 * ABIs reuse names with different numbers.
 */
#ifndef SGX_UAPI_H
#define SGX_UAPI_H

#include <stdint.h>

#define SGX_MAGIC			0xA4

/* x86 ioctl encoding: direction << 30 | size << 16 | type << 8 | nr. */
#define SGX_IOC_NONE			0u
#define SGX_IOC_WRITE			1u	/* _IOW: the kernel reads the argument */
#define SGX_IOC_READWRITE		3u	/* _IOWR */
#define SGX_IOC(dir, nr, size) \
	((unsigned long)(((dir) << 30) | ((uint32_t)(size) << 16) | (SGX_MAGIC << 8) | (nr)))

/* ---- Mainline (Linux 5.11+): one enclave per open of /dev/sgx_enclave ---- */

#define SGX_ENCLAVE_DEVICE		"/dev/sgx_enclave"

/* SGX_IOC_ENCLAVE_ADD_PAGES flags: EEXTEND the whole page. */
#define SGX_PAGE_MEASURE		0x01

struct sgx_enclave_create {
	uint64_t src;			/* user address of a SECS page */
};

struct sgx_enclave_add_pages {
	uint64_t src;			/* page-aligned source in user memory */
	uint64_t offset;		/* from the enclave base, page aligned */
	uint64_t length;		/* bytes, page multiple */
	uint64_t secinfo;		/* user address of a SECINFO */
	uint64_t flags;			/* SGX_PAGE_MEASURE */
	uint64_t count;			/* out: bytes added */
};

struct sgx_enclave_init {
	uint64_t sigstruct;		/* user address of a SIGSTRUCT */
};

struct sgx_enclave_provision {
	uint64_t fd;
};

struct sgx_enclave_restrict_permissions {
	uint64_t offset;
	uint64_t length;
	uint64_t permissions;
	uint64_t result;
	uint64_t count;
};

struct sgx_enclave_modify_types {
	uint64_t offset;
	uint64_t length;
	uint64_t page_type;
	uint64_t result;
	uint64_t count;
};

struct sgx_enclave_remove_pages {
	uint64_t offset;
	uint64_t length;
	uint64_t count;
};

#define SGX_IOC_ENCLAVE_CREATE \
	SGX_IOC(SGX_IOC_WRITE, 0x00, sizeof(struct sgx_enclave_create))
#define SGX_IOC_ENCLAVE_ADD_PAGES \
	SGX_IOC(SGX_IOC_READWRITE, 0x01, sizeof(struct sgx_enclave_add_pages))
#define SGX_IOC_ENCLAVE_INIT \
	SGX_IOC(SGX_IOC_WRITE, 0x02, sizeof(struct sgx_enclave_init))
#define SGX_IOC_ENCLAVE_PROVISION \
	SGX_IOC(SGX_IOC_WRITE, 0x03, sizeof(struct sgx_enclave_provision))
#define SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS \
	SGX_IOC(SGX_IOC_READWRITE, 0x05, sizeof(struct sgx_enclave_restrict_permissions))
#define SGX_IOC_ENCLAVE_MODIFY_TYPES \
	SGX_IOC(SGX_IOC_READWRITE, 0x06, sizeof(struct sgx_enclave_modify_types))
#define SGX_IOC_ENCLAVE_REMOVE_PAGES \
	SGX_IOC(SGX_IOC_READWRITE, 0x07, sizeof(struct sgx_enclave_remove_pages))

/* struct sgx_enclave_run, the last argument of __vdso_sgx_enter_enclave (256 bytes). */
struct sgx_enclave_run {
	uint64_t tcs;			/*   0 */
	uint32_t function;		/*   8 in: EENTER/ERESUME; out: EEXIT or the leaf that faulted */
	uint16_t exception_vector;	/*  12 */
	uint16_t exception_error_code;	/*  14 */
	uint64_t exception_addr;	/*  16 */
	uint64_t user_handler;		/*  24 */
	uint64_t user_data;		/*  32 */
	uint8_t reserved[216];		/*  40 must be zero */
};

/* Called by the vDSO after an EEXIT or an exception; > 0: the next ENCLU leaf, <= 0: return it. */
typedef int (*sgx_enclave_user_handler_t)(long rdi, long rsi, long rdx, long rsp, long r8, long r9,
					  struct sgx_enclave_run *run);

typedef int (*vdso_sgx_enter_enclave_t)(unsigned long rdi, unsigned long rsi, unsigned long rdx,
					unsigned int function, unsigned long r8, unsigned long r9,
					struct sgx_enclave_run *run);

#define SGX_VDSO_ENTER_ENCLAVE		"__vdso_sgx_enter_enclave"
#define SGX_VDSO_VERSION		"LINUX_2.6"

/* ---- RFC v3 (Dec 2018): /dev/sgx with the per-process ENCLU exception handler ---- */

#define SGX_RFC_DEVICE			"/dev/sgx"

struct sgx_rfc_enclu_register {
	uint64_t enclu;			/* address of the ENCLU whose exceptions go to handler */
	uint64_t handler;
};

struct sgx_rfc_enclave_create {
	uint64_t src;			/* user address of a SECS page */
};

struct sgx_rfc_enclave_add_page {
	uint64_t addr;			/* linear address of the page inside the enclave */
	uint64_t src;
	uint64_t secinfo;
	uint16_t mrmask;		/* bit i: EEXTEND the 256-byte chunk i */
} __attribute__((packed));

struct sgx_rfc_enclave_init {
	uint64_t addr;			/* any address inside the enclave */
	uint64_t sigstruct;
};

#define SGX_RFC_IOC_ENCLU_REGISTER \
	SGX_IOC(SGX_IOC_WRITE, 0x00, sizeof(struct sgx_rfc_enclu_register))
#define SGX_RFC_IOC_ENCLAVE_CREATE \
	SGX_IOC(SGX_IOC_WRITE, 0x01, sizeof(struct sgx_rfc_enclave_create))
#define SGX_RFC_IOC_ENCLAVE_ADD_PAGE \
	SGX_IOC(SGX_IOC_WRITE, 0x02, sizeof(struct sgx_rfc_enclave_add_page))
#define SGX_RFC_IOC_ENCLAVE_INIT \
	SGX_IOC(SGX_IOC_WRITE, 0x03, sizeof(struct sgx_rfc_enclave_init))
/* Only with the "unregister-first" registration variant of the thread. */
#define SGX_RFC_IOC_ENCLU_UNREGISTER	SGX_IOC(SGX_IOC_NONE, 0x06, 0)

#define SGX_RFC_MRMASK_ALL		0xFFFF
#define SGX_POWER_LOST_ENCLAVE		0x40000000

_Static_assert(sizeof(struct sgx_enclave_run) == 256, "struct sgx_enclave_run is 256 bytes");
_Static_assert(sizeof(struct sgx_rfc_enclave_add_page) == 26, "RFC add_page is packed, 26 bytes");
_Static_assert(SGX_IOC_ENCLAVE_CREATE == 0x4008A400, "SGX_IOC_ENCLAVE_CREATE");
_Static_assert(SGX_IOC_ENCLAVE_ADD_PAGES == 0xC030A401, "SGX_IOC_ENCLAVE_ADD_PAGES");
_Static_assert(SGX_IOC_ENCLAVE_INIT == 0x4008A402, "SGX_IOC_ENCLAVE_INIT");
_Static_assert(SGX_IOC_ENCLAVE_PROVISION == 0x4008A403, "SGX_IOC_ENCLAVE_PROVISION");
_Static_assert(SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS == 0xC028A405, "SGX_IOC_ENCLAVE_RESTRICT_PERMISSIONS");
_Static_assert(SGX_IOC_ENCLAVE_MODIFY_TYPES == 0xC028A406, "SGX_IOC_ENCLAVE_MODIFY_TYPES");
_Static_assert(SGX_IOC_ENCLAVE_REMOVE_PAGES == 0xC018A407, "SGX_IOC_ENCLAVE_REMOVE_PAGES");
_Static_assert(SGX_RFC_IOC_ENCLU_REGISTER == 0x4010A400, "SGX_RFC_IOC_ENCLU_REGISTER");
_Static_assert(SGX_RFC_IOC_ENCLAVE_CREATE == 0x4008A401, "SGX_RFC_IOC_ENCLAVE_CREATE");
_Static_assert(SGX_RFC_IOC_ENCLAVE_ADD_PAGE == 0x401AA402, "SGX_RFC_IOC_ENCLAVE_ADD_PAGE");
_Static_assert(SGX_RFC_IOC_ENCLAVE_INIT == 0x4010A403, "SGX_RFC_IOC_ENCLAVE_INIT");
_Static_assert(SGX_RFC_IOC_ENCLU_UNREGISTER == 0xA406, "SGX_RFC_IOC_ENCLU_UNREGISTER");

#endif
