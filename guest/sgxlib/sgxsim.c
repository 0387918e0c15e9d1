/*
 * sgxsim IMAGE: runs an enclave image on a CPU without SGX, to check the enclave's own code
 * (entry and exit conventions, stacks, ECALLs, the exception handler and its SSA edits) against
 * the real CPU's exceptions. Not a model of SGX: there is no EPC, no measurement and no isolation.
 *
 * The image's pages are mapped at a SIZE-aligned base with their SECINFO permissions. ENCLU raises
 * #UD here, and the SIGILL handler does what the leaf would: EENTER (save URSP/URBP in the SSA
 * frame, FS/GS bases from the TCS, RAX = CSSA, RCX = the address after the ENCLU, jump to OENTRY;
 * #GP when CSSA = NSSA), ERESUME (reload the GPRSGX of SSA[CSSA-1]) and EEXIT. Any other signal
 * taken inside the enclave is an AEX: GPRSGX and EXITINFO (MISCSELECT = 0) into SSA[CSSA],
 * CSSA + 1, the synthetic state, RIP = AEP. TCS.FLAGS.DBGOPTIN is not modelled (the CPU lets any
 * POPF set TF), so the single-step ECALL is only meaningful on the opt-in TCS.
 *
 * It runs a fixed scenario and prints one JSON object per step (64-bit values as strings).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "enclave_abi.h"
#include "sgxlib.h"

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004
#define SYS_ARCH_PRCTL	158

#define RFLAGS_TF	0x100ULL
#define RFLAGS_DF	0x400ULL
#define RFLAGS_AC	0x40000ULL
/* AEX clears CF PF AF ZF SF OF (and RF); this stand-in also clears TF, DF and AC for the host. */
#define AEX_CLEARED_FLAGS (0x1ULL | 0x4ULL | 0x10ULL | 0x40ULL | 0x80ULL | 0x800ULL | 0x10000ULL | \
			   RFLAGS_TF | RFLAGS_DF | RFLAGS_AC)

struct sgxsim_call {
	uint64_t leaf, tcs, rdi, rsi, host_flags;
	uint64_t how;
	uint64_t rax, rbx, rcx, rdx, rsi_out, rdi_out;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags, rsp, rbp, rsp_before, rbp_before;
};

_Static_assert(__builtin_offsetof(struct sgxsim_call, how) == 40, "C_HOW");
_Static_assert(__builtin_offsetof(struct sgxsim_call, r12) == 128, "C_R12");
_Static_assert(__builtin_offsetof(struct sgxsim_call, rbp_before) == 192, "C_RBP_BEFORE");

struct gprsgx {
	uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags, rip, ursp, urbp;
	uint32_t exitinfo, reserved;
	uint64_t fsbase, gsbase;
};

_Static_assert(sizeof(struct gprsgx) == 184, "GPRSGX");

uint64_t sgxsim_enclu(struct sgxsim_call *c);
extern const char sgxsim_enclu_insn[], sgxsim_aep[], sgxsim_enclu_fault[];

static struct {
	struct sgxlib_image img;
	uint64_t base;
	uint32_t cssa[SGXLIB_MAX_TCS];
	int in_enclave;
	unsigned current;		/* TCS index while inside */
	uint64_t aep;
	uint64_t host_fs, host_gs;
	/* the last AEX or ENCLU fault, as a kernel would report it */
	uint64_t vector, error_code, address;
} sim;

static long arch_prctl_raw(int code, uint64_t arg)
{
	long rax = SYS_ARCH_PRCTL;

	__asm__ volatile("syscall" : "+a"(rax) : "D"(code), "S"(arg) : "rcx", "r11", "memory");
	return rax;
}

static uint64_t tcs_field(unsigned index, unsigned offset, unsigned size)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)(sim.base + (uint64_t)index * SGX_PAGE_SIZE + offset);
	uint64_t v = 0;

	memcpy(&v, p, size);
	return v;
}

static struct gprsgx *gpr_of(unsigned index, uint32_t frame)
{
	uint64_t frame_bytes = (uint64_t)sim.img.layout.ssa_frame_size * SGX_PAGE_SIZE;
	uint64_t at = sim.base + tcs_field(index, 16, 8) + frame * frame_bytes + frame_bytes - sizeof(struct gprsgx);

	return (struct gprsgx *)(uintptr_t)at;
}

static void enclu_fault(greg_t *g, uint64_t vector)
{
	sim.vector = vector;
	sim.error_code = 0;
	sim.address = 0;
	g[REG_RIP] = (greg_t)(uintptr_t)sgxsim_enclu_fault;
}

/* EXITINFO for a vector (SDM: reported for #DE #DB #BP #BR #UD #MF #AC #XM; #PF/#GP need EXINFO). */
static uint32_t exitinfo_of(uint64_t vector)
{
	switch (vector) {
	case 3:
	case 4:
		return 0x80000000u | (6u << 8) | (uint32_t)vector;
	case 0:
	case 1:
	case 5:
	case 6:
	case 16:
	case 17:
	case 19:
		return 0x80000000u | (3u << 8) | (uint32_t)vector;
	default:
		return 0;
	}
}

static void gregs_to_gpr(const greg_t *g, struct gprsgx *r)
{
	r->rax = g[REG_RAX];
	r->rcx = g[REG_RCX];
	r->rdx = g[REG_RDX];
	r->rbx = g[REG_RBX];
	r->rsp = g[REG_RSP];
	r->rbp = g[REG_RBP];
	r->rsi = g[REG_RSI];
	r->rdi = g[REG_RDI];
	r->r8 = g[REG_R8];
	r->r9 = g[REG_R9];
	r->r10 = g[REG_R10];
	r->r11 = g[REG_R11];
	r->r12 = g[REG_R12];
	r->r13 = g[REG_R13];
	r->r14 = g[REG_R14];
	r->r15 = g[REG_R15];
	r->rflags = g[REG_EFL];
	r->rip = g[REG_RIP];
}

static void gpr_to_gregs(const struct gprsgx *r, greg_t *g)
{
	g[REG_RAX] = r->rax;
	g[REG_RCX] = r->rcx;
	g[REG_RDX] = r->rdx;
	g[REG_RBX] = r->rbx;
	g[REG_RSP] = r->rsp;
	g[REG_RBP] = r->rbp;
	g[REG_RSI] = r->rsi;
	g[REG_RDI] = r->rdi;
	g[REG_R8] = r->r8;
	g[REG_R9] = r->r9;
	g[REG_R10] = r->r10;
	g[REG_R11] = r->r11;
	g[REG_R12] = r->r12;
	g[REG_R13] = r->r13;
	g[REG_R14] = r->r14;
	g[REG_R15] = r->r15;
	g[REG_EFL] = r->rflags;
	g[REG_RIP] = r->rip;
}

/* Called with host FS/GS; sets the enclave's on the way out, so it must be the last thing done. */
static void do_enclu(greg_t *g)
{
	uint64_t leaf = (uint64_t)g[REG_RAX];
	uint64_t tcs = (uint64_t)g[REG_RBX];
	uint64_t index = (tcs - sim.base) / SGX_PAGE_SIZE;
	uint32_t nssa;
	struct gprsgx *r;
	uint64_t fs, gs;

	if (tcs % SGX_PAGE_SIZE != 0 || tcs < sim.base || index >= sim.img.layout.ntcs) {
		enclu_fault(g, 13);
		return;
	}
	nssa = (uint32_t)tcs_field((unsigned)index, 28, 4);
	if (leaf == SGX_ENCLU_EENTER) {
		if (sim.cssa[index] >= nssa) {
			enclu_fault(g, 13);
			return;
		}
		r = gpr_of((unsigned)index, sim.cssa[index]);
		r->ursp = g[REG_RSP];
		r->urbp = g[REG_RBP];
		sim.aep = g[REG_RCX];
		g[REG_RAX] = sim.cssa[index];
		g[REG_RCX] = g[REG_RIP] + 3;
		g[REG_RIP] = (greg_t)(sim.base + tcs_field((unsigned)index, 32, 8));
		fs = sim.base + tcs_field((unsigned)index, 48, 8);
		gs = sim.base + tcs_field((unsigned)index, 56, 8);
	} else if (leaf == SGX_ENCLU_ERESUME) {
		if (sim.cssa[index] == 0) {
			enclu_fault(g, 13);
			return;
		}
		sim.aep = g[REG_RCX];
		sim.cssa[index]--;
		r = gpr_of((unsigned)index, sim.cssa[index]);
		gpr_to_gregs(r, g);
		fs = r->fsbase;
		gs = r->gsbase;
	} else {
		enclu_fault(g, 6);
		return;
	}
	sim.current = (unsigned)index;
	sim.in_enclave = 1;
	arch_prctl_raw(ARCH_SET_GS, gs);
	arch_prctl_raw(ARCH_SET_FS, fs);
}

static void do_eexit(greg_t *g)
{
	g[REG_RIP] = g[REG_RBX];
	g[REG_RCX] = (greg_t)sim.aep;
	sim.in_enclave = 0;
}

static void do_aex(greg_t *g, uint64_t fs, uint64_t gs)
{
	unsigned index = sim.current;
	struct gprsgx *r = gpr_of(index, sim.cssa[index]);
	uint64_t vector = (uint64_t)g[REG_TRAPNO];

	gregs_to_gpr(g, r);
	r->fsbase = fs;
	r->gsbase = gs;
	r->exitinfo = exitinfo_of(vector);
	sim.cssa[index]++;
	sim.vector = vector;
	sim.error_code = (uint64_t)g[REG_ERR];
	sim.address = vector == 14 ? ((uint64_t)g[REG_CR2] & ~0xfffULL) : 0;

	g[REG_R8] = g[REG_R9] = g[REG_R10] = g[REG_R11] = 0;
	g[REG_R12] = g[REG_R13] = g[REG_R14] = g[REG_R15] = 0;
	g[REG_RDX] = g[REG_RSI] = g[REG_RDI] = 0;
	g[REG_RAX] = SGX_ENCLU_ERESUME;
	g[REG_RBX] = (greg_t)(sim.base + (uint64_t)index * SGX_PAGE_SIZE);
	g[REG_RCX] = (greg_t)sim.aep;
	g[REG_RSP] = r->ursp;
	g[REG_RBP] = r->urbp;
	g[REG_RIP] = (greg_t)sim.aep;
	g[REG_EFL] &= ~AEX_CLEARED_FLAGS;
	sim.in_enclave = 0;
}

static int at_enclu(uint64_t rip)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)rip;

	return p[0] == 0x0f && p[1] == 0x01 && p[2] == 0xd7;
}

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	greg_t *g = uc->uc_mcontext.gregs;
	uint64_t fs = 0, gs = 0;

	(void)si;
	/* Linux delivers signals with RFLAGS.AC as it was; this code is not written for alignment checks. */
	__asm__ volatile("pushfq\n\tandq $~0x40000, (%%rsp)\n\tpopfq" ::: "memory", "cc");
	if (sim.in_enclave) {
		/* Read the enclave's bases, then give glibc its FS back before anything else. */
		arch_prctl_raw(ARCH_GET_FS, (uint64_t)(uintptr_t)&fs);
		arch_prctl_raw(ARCH_GET_GS, (uint64_t)(uintptr_t)&gs);
		arch_prctl_raw(ARCH_SET_FS, sim.host_fs);
		arch_prctl_raw(ARCH_SET_GS, sim.host_gs);
		/* ENCLU is #UD without SGX, #GP outside enclave mode with it. */
		if ((sig == SIGILL || sig == SIGSEGV) && at_enclu((uint64_t)g[REG_RIP]) && g[REG_RAX] == SGX_ENCLU_EEXIT)
			do_eexit(g);
		else
			do_aex(g, fs, gs);
		return;
	}
	if ((sig == SIGILL || sig == SIGSEGV) && (uint64_t)g[REG_RIP] == (uint64_t)(uintptr_t)sgxsim_enclu_insn) {
		do_enclu(g);
		return;
	}
	static const char msg[] = "sgxsim: unexpected signal outside the enclave\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(3);
}

static int map_image(const char *path)
{
	char error[512];
	uint64_t size, start;
	uint8_t *area;
	unsigned i;

	if (sgxlib_image_read(&sim.img, path, error, sizeof(error)) != 0) {
		fprintf(stderr, "sgxsim: %s\n", error);
		return -1;
	}
	size = sim.img.layout.enclave_size;
	area = mmap(NULL, size * 2, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		return -1;
	start = (uint64_t)(uintptr_t)area;
	sim.base = (start + size - 1) & ~(size - 1);
	for (i = 0; i < sim.img.nruns; i++) {
		const struct enclu_layout_run *r = &sim.img.runs[i];
		void *at = (void *)(uintptr_t)(sim.base + r->offset);
		int prot = 0;

		if (r->size == 0)
			continue;
		if (mmap(at, r->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != at)
			return -1;
		memcpy(at, sim.img.pages + r->offset, r->size);
		if (r->secinfo & SGX_SECINFO_R)
			prot |= PROT_READ;
		if (r->secinfo & SGX_SECINFO_W)
			prot |= PROT_WRITE;
		if (r->secinfo & SGX_SECINFO_X)
			prot |= PROT_EXEC;
		if (((r->secinfo & SGX_SECINFO_PAGE_TYPE_MASK) >> SGX_SECINFO_PAGE_TYPE_SHIFT) == SGX_PAGE_TYPE_TCS)
			prot = PROT_READ;
		if (mprotect(at, r->size, prot) != 0)
			return -1;
	}
	return 0;
}

static const char *how_name(uint64_t how)
{
	return how == 0 ? "eexit" : how == 1 ? "aex" : "fault";
}

/* One ENCLU, printed as a JSON object. */
static uint64_t step(const char *label, uint64_t leaf, unsigned tcs, uint64_t rdi, uint64_t rsi,
		     uint64_t host_flags, struct enclave_args *args)
{
	struct sgxsim_call c;
	int i;

	memset(&c, 0, sizeof(c));
	c.leaf = leaf;
	c.tcs = sim.base + (uint64_t)tcs * SGX_PAGE_SIZE;
	c.rdi = rdi;
	c.rsi = rsi;
	c.host_flags = host_flags;
	if (args != NULL)
		args->status = ~0ULL;
	sgxsim_enclu(&c);

	printf("{\"step\":\"%s\",\"leaf\":%" PRIu64 ",\"tcs\":%u,\"how\":\"%s\"", label, leaf, tcs, how_name(c.how));
	if (c.how == 0) {
		printf(",\"rax\":%" PRIu64 ",\"rbx\":%" PRIu64 ",\"rcx\":%" PRIu64 ",\"rdx\":%" PRIu64
		       ",\"rdi\":%" PRIu64 ",\"rsi\":\"%" PRIu64 "\",\"r8\":%" PRIu64 ",\"r9\":%" PRIu64
		       ",\"r10\":%" PRIu64 ",\"r11\":%" PRIu64,
		       c.rax, c.rbx, c.rcx, c.rdx, c.rdi_out, c.rsi_out, c.r8, c.r9, c.r10, c.r11);
		printf(",\"exitAddress\":%" PRIu64 ",\"aep\":%" PRIu64, (uint64_t)(uintptr_t)sgxsim_enclu_insn + 3,
		       (uint64_t)(uintptr_t)sgxsim_aep);
		printf(",\"calleeSavedKept\":%s,\"stackKept\":%s",
		       c.r12 == 0x1212121212121212ULL && c.r13 == 0x1313131313131313ULL &&
				       c.r14 == 0x1414141414141414ULL && c.r15 == 0x1515151515151515ULL
			       ? "true" : "false",
		       c.rsp == c.rsp_before && c.rbp == c.rbp_before ? "true" : "false");
		printf(",\"df\":%s,\"ac\":%s", (c.rflags & RFLAGS_DF) ? "true" : "false",
		       (c.rflags & RFLAGS_AC) ? "true" : "false");
		if (args != NULL) {
			printf(",\"status\":%" PRIu64 ",\"out\":[", args->status);
			for (i = 0; i < 8; i++)
				printf("%s\"%" PRIu64 "\"", i == 0 ? "" : ",", args->out[i]);
			printf("]");
		}
	} else {
		printf(",\"vector\":%" PRIu64 ",\"errorCode\":%" PRIu64 ",\"address\":%" PRIu64, sim.vector,
		       sim.error_code, sim.address);
		if (c.how == 1)
			printf(",\"rax\":%" PRIu64 ",\"rbxIsTcs\":%s,\"rcxIsAep\":%s", c.rax,
			       c.rbx == sim.base + (uint64_t)tcs * SGX_PAGE_SIZE ? "true" : "false",
			       c.rcx == (uint64_t)(uintptr_t)sgxsim_aep ? "true" : "false");
	}
	printf(",\"cssa\":%u}\n", sim.cssa[tcs]);
	fflush(stdout);
	return c.how;
}

static void ecall(const char *label, unsigned tcs, uint64_t number, struct enclave_args *args, uint64_t host_flags)
{
	step(label, SGX_ENCLU_EENTER, tcs, number, (uint64_t)(uintptr_t)args, host_flags, args);
}

int main(int argc, char **argv)
{
	static uint8_t altstack[64 * 1024];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	struct sigaction sa;
	struct enclave_args args;
	static const int signals[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP };
	unsigned i, t, nssa;
	void *hole;

	if (argc != 2) {
		fprintf(stderr, "usage: sgxsim IMAGE\n");
		return 2;
	}
	if (map_image(argv[1]) != 0) {
		perror("sgxsim: mapping the image");
		return 1;
	}
	sim.host_fs = 0;
	arch_prctl_raw(ARCH_GET_FS, (uint64_t)(uintptr_t)&sim.host_fs);
	arch_prctl_raw(ARCH_GET_GS, (uint64_t)(uintptr_t)&sim.host_gs);
	if (sigaltstack(&ss, NULL) != 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		sigaction(signals[i], &sa, NULL);

	nssa = sim.img.layout.nssa;
	printf("{\"step\":\"image\",\"base\":%" PRIu64 ",\"nssa\":%u,\"ntcs\":%u}\n", sim.base, nssa,
	       sim.img.layout.ntcs);

	/* ECALL 0 on every TCS; TCS 1 with the host's DF and AC set. */
	for (t = 0; t < sim.img.layout.ntcs; t++) {
		memset(&args, 0, sizeof(args));
		args.in[0] = 40 + t;
		args.in[1] = 2;
		args.in[2] = 0x1111;
		args.in[3] = 0x2222;
		ecall("add", t, ENCLAVE_ECALL_ADD, &args, t == 1 ? RFLAGS_DF | RFLAGS_AC : 0);
	}

	memset(&args, 0, sizeof(args));
	args.in[0] = 100000;
	args.in[1] = 7;
	ecall("compute", 0, ENCLAVE_ECALL_COMPUTE, &args, 0);

	memset(&args, 0, sizeof(args));
	ecall("bad-ecall", 0, 99, &args, 0);
	ecall("no-exception", 0, ENCLAVE_ECALL_EXCEPTION, &args, 0);
	step("bad-arg", SGX_ENCLU_EENTER, 0, ENCLAVE_ECALL_ADD, sim.base + 0x1000, 0, NULL);
	step("no-args", SGX_ENCLU_EENTER, 0, ENCLAVE_ECALL_ADD, 0, 0, NULL);

	/* An address the host unmapped, for the read from outside. */
	hole = mmap(NULL, SGX_PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, SGX_PAGE_SIZE);

	for (i = ENCLAVE_ECALL_FAULT_DE; i <= ENCLAVE_ECALL_FAULT_DB; i++) {
		char label[32];

		t = i == ENCLAVE_ECALL_FAULT_DB ? 2 : 0;
		memset(&args, 0, sizeof(args));
		args.in[0] = (uint64_t)(uintptr_t)hole;
		snprintf(label, sizeof(label), "fault-%u", i);
		ecall(label, t, i, &args, 0);
		if (nssa >= 2) {
			struct enclave_args handler_args;

			memset(&handler_args, 0, sizeof(handler_args));
			if (i == ENCLAVE_ECALL_FAULT_DE)
				ecall("nested", t, ENCLAVE_ECALL_ADD, &handler_args, 0);
			ecall("info-in-handler", t, ENCLAVE_ECALL_INFO, &handler_args, 0);
			ecall("handler", t, ENCLAVE_ECALL_EXCEPTION, &handler_args, 0);
			step("resume", SGX_ENCLU_ERESUME, t, 0, 0, 0, &args);
		} else {
			ecall("handler", t, ENCLAVE_ECALL_EXCEPTION, &args, 0);
			if (i == ENCLAVE_ECALL_FAULT_BP) {
				step("resume", SGX_ENCLU_ERESUME, t, 0, 0, 0, &args);
			} else {
				sim.cssa[t] = 0;	/* the host gives the TCS up: a fresh enclave */
				printf("{\"step\":\"abandon\",\"tcs\":%u}\n", t);
			}
		}
	}

	for (t = 0; t < sim.img.layout.ntcs; t++) {
		memset(&args, 0, sizeof(args));
		ecall("info", t, ENCLAVE_ECALL_INFO, &args, 0);
	}
	sgxlib_image_free(&sim.img);
	return 0;
}
