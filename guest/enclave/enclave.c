/*
 * The test enclave's trusted code: ECALL dispatch, the ECALLs, and the exception handler that
 * runs on the second SSA frame. Entered from entry.S; see enclave_abi.h for the interface.
 */
#pragma GCC visibility push(hidden)

#include <stddef.h>
#include <stdint.h>

#include "enclave_abi.h"
#include "enclave_layout.h"
#include "enclu_layout.h"

/* The thread data page of each TCS (its FS and GS base). Offsets as in enclave_layout.h. */
struct enclave_thread_data {
	uint64_t self;			/*  0 linear address of this page */
	uint64_t index;			/*  8 TCS index */
	uint64_t entries;		/* 16 EENTERs on this TCS */
	uint64_t exceptions;		/* 24 exceptions handled on this TCS */
	uint64_t last_exitinfo;		/* 32 EXITINFO of the last one */
	uint64_t last_rip;		/* 40 its RIP (enclave offset) */
	uint64_t last_resume;		/* 48 where it resumed (enclave offset) */
	uint64_t reserved;		/* 56 */
	struct {
		uint64_t ursp, urbp, exit, rflags;
	} slot[ENCLAVE_MAX_NSSA];	/* 64 entry.S save slots, by CSSA */
};

_Static_assert(offsetof(struct enclave_thread_data, self) == TD_SELF, "TD_SELF");
_Static_assert(offsetof(struct enclave_thread_data, slot) == TD_SLOTS, "TD_SLOTS");
_Static_assert(sizeof(((struct enclave_thread_data *)0)->slot[0]) == TD_SLOT_SIZE, "TD_SLOT_SIZE");
_Static_assert(sizeof(struct enclave_thread_data) <= ENCLAVE_PAGE_SIZE, "thread data fits a page");

/* GPRSGX: the last 184 bytes of an SSA frame (SDM Vol. 3D, "GPRSGX Region of an SSA Frame"). */
struct gprsgx {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags;		/* 128 */
	uint64_t rip;			/* 136 */
	uint64_t ursp;			/* 144 */
	uint64_t urbp;			/* 152 */
	uint32_t exitinfo;		/* 160 */
	uint32_t reserved;		/* 164 */
	uint64_t fsbase;		/* 168 */
	uint64_t gsbase;		/* 176 */
};

_Static_assert(sizeof(struct gprsgx) == 184, "GPRSGX is 184 bytes");
_Static_assert(offsetof(struct gprsgx, exitinfo) == 160, "GPRSGX.EXITINFO");

/* One entry of enclave_fault_sites (faults.S): self-relative offsets of the two labels. */
struct fault_site {
	int32_t start;
	int32_t end;
	uint32_t ecall;
	uint32_t reserved;
};

struct ecall_result {
	uint64_t status;		/* RAX -> RDI at EEXIT */
	uint64_t value;			/* RDX -> RSI at EEXIT */
};

extern const char __enclave_base[];
extern const char __enclave_ssa[];
extern const struct enclu_layout_header __enclave_layout;
extern const struct fault_site enclave_fault_sites[];
extern const struct fault_site enclave_fault_sites_end[];
extern const uint64_t enclave_ro_page[];

void enclave_raise_de(void);
void enclave_raise_ud(void);
void enclave_raise_bp(void);
void enclave_raise_pf_ro(void);
uint64_t enclave_raise_pf_out(uint64_t host_address);
uint64_t enclave_raise_gp(void);
uint64_t enclave_raise_ac(void);
void enclave_raise_db(void);

struct ecall_result enclave_dispatch(uint64_t ecall, struct enclave_args *args, uint64_t cssa,
				     struct enclave_thread_data *td, uint64_t tcs_index);

static uint64_t enclave_base(void)
{
	return (uint64_t)(uintptr_t)__enclave_base;
}

/* Whether [address, address + length) lies entirely outside ELRANGE. */
static int outside_enclave(uint64_t address, uint64_t length)
{
	uint64_t base = enclave_base();
	uint64_t end = address + length;

	if (end < address)
		return 0;
	return end <= base || address >= base + __enclave_layout.enclave_size;
}

static uint64_t site_address(const int32_t *field)
{
	return (uint64_t)(uintptr_t)field + (uint64_t)(int64_t)*field;
}

/* The fault site whose faulting instruction starts at rip, or (for traps) ends there. */
static const struct fault_site *find_site(uint64_t rip)
{
	const struct fault_site *s;

	for (s = enclave_fault_sites; s < enclave_fault_sites_end; s++) {
		if (site_address(&s->start) == rip || site_address(&s->end) == rip)
			return s;
	}
	return NULL;
}

/* 64-bit LCG (Knuth's MMIX constants); the sum of the high bits is the checksum. */
static uint64_t lcg_checksum(uint64_t iterations, uint64_t seed)
{
	uint64_t x = seed;
	uint64_t sum = 0;
	uint64_t i;

	for (i = 0; i < iterations; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		sum += x >> 33;
	}
	return sum ^ x;
}

/*
 * The exception handler: entered with CSSA >= 1, it looks at the state the AEX saved in
 * SSA[CSSA - 1] of this thread and, for a known fault site, makes ERESUME continue after it.
 */
static uint64_t handle_exception(uint64_t cssa, struct enclave_thread_data *td, uint64_t tcs_index,
				 uint64_t *out)
{
	uint64_t base = enclave_base();
	uint64_t frame_bytes = (uint64_t)__enclave_layout.ssa_frame_size * ENCLAVE_PAGE_SIZE;
	uint64_t frame = (uint64_t)(uintptr_t)__enclave_ssa +
			 (tcs_index * __enclave_layout.nssa + (cssa - 1)) * frame_bytes;
	struct gprsgx *gpr = (struct gprsgx *)(uintptr_t)(frame + frame_bytes - sizeof(struct gprsgx));
	const struct fault_site *site;
	uint64_t rip = gpr->rip;

	out[1] = gpr->exitinfo;
	out[2] = rip - base;
	site = find_site(rip);
	if (site == NULL)
		return ENCLAVE_STATUS_UNHANDLED;

	if (rip == site_address(&site->start))
		gpr->rip = site_address(&site->end);
	gpr->rflags &= ~(uint64_t)(RFLAGS_TF | RFLAGS_AC);

	td->exceptions++;
	td->last_exitinfo = gpr->exitinfo;
	td->last_rip = rip - base;
	td->last_resume = gpr->rip - base;
	out[0] = 1;
	out[3] = td->last_resume;
	return ENCLAVE_STATUS_OK;
}

static uint64_t read_fs0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	return v;
}

static uint64_t read_gs0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(v));
	return v;
}

static uint64_t raise_fault(uint64_t ecall, const uint64_t *in, struct enclave_thread_data *td, uint64_t *out)
{
	uint64_t before = td->exceptions;

	switch (ecall) {
	case ENCLAVE_ECALL_FAULT_DE:
		enclave_raise_de();
		break;
	case ENCLAVE_ECALL_FAULT_UD:
		enclave_raise_ud();
		break;
	case ENCLAVE_ECALL_FAULT_BP:
		enclave_raise_bp();
		break;
	case ENCLAVE_ECALL_FAULT_PF_RO:
		enclave_raise_pf_ro();
		out[4] = enclave_ro_page[0];
		break;
	case ENCLAVE_ECALL_FAULT_PF_OUT:
		if (!outside_enclave(in[0], 8))
			return ENCLAVE_STATUS_BAD_ARG;
		out[4] = enclave_raise_pf_out(in[0]);
		break;
	case ENCLAVE_ECALL_FAULT_GP:
		out[4] = enclave_raise_gp();
		break;
	case ENCLAVE_ECALL_FAULT_AC:
		out[4] = enclave_raise_ac();
		break;
	case ENCLAVE_ECALL_FAULT_DB:
		enclave_raise_db();
		break;
	default:
		return ENCLAVE_STATUS_BAD_ECALL;
	}

	out[0] = td->exceptions - before;
	if (out[0] != 0) {
		out[1] = td->last_exitinfo;
		out[2] = td->last_rip;
		out[3] = td->last_resume;
	}
	return ENCLAVE_STATUS_OK;
}

struct ecall_result enclave_dispatch(uint64_t ecall, struct enclave_args *args, uint64_t cssa,
				     struct enclave_thread_data *td, uint64_t tcs_index)
{
	uint64_t in[4] = { 0 };
	uint64_t out[8] = { 0 };
	uint64_t status;
	int i;

	td->self = (uint64_t)(uintptr_t)td;
	td->index = tcs_index;
	td->entries++;

	if (args != NULL && !outside_enclave((uint64_t)(uintptr_t)args, sizeof(*args))) {
		struct ecall_result bad = { ENCLAVE_STATUS_BAD_ARG, 0 };
		return bad;
	}
	if (args != NULL) {
		for (i = 0; i < 4; i++)
			in[i] = args->in[i];
	}

	if (ecall == ENCLAVE_ECALL_EXCEPTION) {
		status = cssa == 0 ? ENCLAVE_STATUS_NO_EXCEPTION : handle_exception(cssa, td, tcs_index, out);
	} else if (ecall == ENCLAVE_ECALL_INFO) {
		uint64_t base = enclave_base();

		out[0] = cssa;
		out[1] = td->entries;
		out[2] = td->index;
		out[3] = td->exceptions;
		out[4] = read_fs0() - base;
		out[5] = read_gs0() - base;
		out[6] = base;
		out[7] = __enclave_layout.nssa;
		status = ENCLAVE_STATUS_OK;
	} else if (cssa != 0) {
		status = ENCLAVE_STATUS_NESTED;
	} else if (ecall == ENCLAVE_ECALL_ADD) {
		out[0] = in[0] + in[1];
		out[1] = in[0] ^ in[1];
		out[2] = in[2];
		out[3] = in[3];
		status = ENCLAVE_STATUS_OK;
	} else if (ecall == ENCLAVE_ECALL_COMPUTE) {
		out[0] = lcg_checksum(in[0] != 0 ? in[0] : 50000000, in[1]);
		status = ENCLAVE_STATUS_OK;
	} else {
		status = raise_fault(ecall, in, td, out);
	}

	if (args != NULL) {
		for (i = 0; i < 8; i++)
			args->out[i] = out[i];
		args->status = status;
	}

	struct ecall_result result = { status, out[0] };
	return result;
}
