/*
 * Floating-point exceptions: an unmasked SSE divide by zero (#XM) and an unmasked x87 divide by
 * zero (#MF, raised by the next waiting x87 instruction). The handlers repair the saved FP state in
 * the signal frame (mask the exception, clear its flag) and return, so the faulting instruction
 * runs again and completes with the masked result. Also prints the FP state a handler starts with.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

asm(".text\n.globl xm_fn, xm_insn\n"
    "xm_fn:\n"
    "sub $8,%rsp\nstmxcsr (%rsp)\nandl $~0x200,(%rsp)\nldmxcsr (%rsp)\nadd $8,%rsp\n"
    "pxor %xmm1,%xmm1\nmov $1,%eax\ncvtsi2sd %eax,%xmm0\n"
    "xm_insn:\ndivsd %xmm1,%xmm0\n"
    "movq %xmm0,%rax\nret\n");
asm(".text\n.globl mf_fn, mf_insn\n"
    "mf_fn:\n"
    "sub $8,%rsp\nfnstcw (%rsp)\nandw $~4,(%rsp)\nfldcw (%rsp)\n"
    "fld1\nfldz\nfdivrp %st,%st(1)\n"
    "mf_insn:\nfwait\n"
    "fstpl (%rsp)\nmov (%rsp),%rax\nfninit\nadd $8,%rsp\nret\n");
extern char xm_fn[], xm_insn[], mf_fn[], mf_insn[];

static char *cur_insn;

static void handler(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  greg_t *g = uc->uc_mcontext.gregs;
  fpregset_t fp = uc->uc_mcontext.fpregs;
  unsigned mxcsr_now;
  unsigned short fcw_now, fsw_now;
  asm volatile("stmxcsr %0\nfnstcw %1\nfnstsw %2" : "=m"(mxcsr_now), "=m"(fcw_now), "=m"(fsw_now));
  printf("sig=%d code=%d addr=insn+%ld rip=insn+%ld trapno=%lld err=%lld efl=%#llx\n", sig, si->si_code,
         (long)((char *)si->si_addr - cur_insn), (long)((char *)g[REG_RIP] - cur_insn), (long long)g[REG_TRAPNO],
         (long long)g[REG_ERR], (long long)g[REG_EFL] & 0x50702);
  printf("  saved: mxcsr=%#x cwd=%#x swd=%#x ftw=%#x fop=%#x; in handler: mxcsr=%#x fcw=%#x fsw=%#x\n", fp->mxcsr,
         fp->cwd, fp->swd, fp->ftw, fp->fop, mxcsr_now, fcw_now, fsw_now);
  fp->mxcsr = (fp->mxcsr | 0x1f80) & ~0x3fu;
  fp->cwd |= 0x3f;
  fp->swd &= ~0x80ffu;
}

static double as_double(uint64_t bits) {
  double d;
  memcpy(&d, &bits, sizeof d);
  return d;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGFPE, &sa, NULL);

  cur_insn = xm_insn;
  uint64_t r = ((uint64_t(*)(void))xm_fn)();
  unsigned mxcsr;
  asm volatile("stmxcsr %0" : "=m"(mxcsr));
  printf("sse: result %g, mxcsr after %#x\n", as_double(r), mxcsr);

  cur_insn = mf_insn;
  r = ((uint64_t(*)(void))mf_fn)();
  unsigned short fcw;
  asm volatile("fnstcw %0" : "=m"(fcw));
  printf("x87: result %g, fcw after %#x\n", as_double(r), fcw);
  return 0;
}
