/*
 * Alternate signal stacks: a stack overflow caught on a sigaltstack (SA_ONSTACK) and left with
 * siglongjmp; what sigaltstack() reports inside and outside a handler; SS_AUTODISARM; and a signal
 * whose frame cannot be written (RSP points at unmapped memory) turning into SIGSEGV, handled on the
 * alternate stack.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define ALT_SIZE (64 * 1024)
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static char *alt;
static sigjmp_buf env;
static int depth;

static const char *where(void *p) {
  char *c = p;
  if (c >= alt && c < alt + ALT_SIZE) return "alternate stack";
  return "normal stack";
}

static void show_altstack(const char *when) {
  stack_t st;
  sigaltstack(NULL, &st);
  printf("  %s: ss_sp=%s ss_size=%zu ss_flags=%#x\n", when, st.ss_sp == alt ? "alt" : st.ss_sp ? "other" : "0",
         st.ss_size, (unsigned)st.ss_flags);
}

static void on_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  int local;
  printf("SIGSEGV (code %d) handled on the %s; uc_stack: sp=%s size=%zu flags=%#x\n", si->si_code, where(&local),
         uc->uc_stack.ss_sp == alt ? "alt" : "other", uc->uc_stack.ss_size, (unsigned)uc->uc_stack.ss_flags);
  show_altstack("inside");
  siglongjmp(env, 1);
}

static int recurse(int n) {
  volatile char buf[1024];
  buf[0] = (char)n;
  depth = n;
  return recurse(n + 1) + buf[0];
}

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  int local;
  printf("SIGUSR1 on the %s; uc_stack flags=%#x\n", where(&local), (unsigned)uc->uc_stack.ss_flags);
  show_altstack("inside");
  (void)sig;
  (void)si;
}

/* Sends SIGUSR1 to this thread with RSP pointing at an unmapped page; restores RSP after. */
static long raise_on_bad_stack(void *bad) {
  long ret;
  asm volatile(
      "mov %%rsp,%%r12\n"
      "mov %[bad],%%rsp\n"
      ".globl badstack_syscall\nbadstack_syscall:\n"
      "syscall\n"
      ".globl badstack_after\nbadstack_after:\n"
      "mov %%r12,%%rsp\n"
      : "=a"(ret)
      : "a"((long)SYS_tgkill), "D"((long)getpid()), "S"((long)gettid()), "d"((long)SIGUSR1), [bad] "r"(bad)
      : "rcx", "r11", "r12", "memory");
  return ret;
}
extern char badstack_syscall[], badstack_after[];
static char *bad_page;

static void on_segv_badstack(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  greg_t *g = uc->uc_mcontext.gregs;
  int local;
  printf("SIGSEGV code=%d addr=%p on the %s: rip=after+%ld rsp=bad+%ld rax=%lld trapno=%lld\n", si->si_code,
         si->si_addr, where(&local), (long)((char *)g[REG_RIP] - badstack_after), (long)((char *)g[REG_RSP] - bad_page),
         (long long)g[REG_RAX], (long long)g[REG_TRAPNO]);
  g[REG_RSP] = (greg_t)(bad_page - 4096 * 4); /* somewhere writable: the restore mov does not use it */
  (void)sig;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  alt = malloc(ALT_SIZE);
  show_altstack("before");
  stack_t st = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
  if (sigaltstack(&st, NULL)) perror("sigaltstack");
  show_altstack("installed");
  stack_t small = {.ss_sp = alt, .ss_size = 1024, .ss_flags = 0};
  printf("too small: %d\n", sigaltstack(&small, NULL) == 0 ? 0 : -1);
  stack_t badflags = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0x10};
  printf("bad flags: %d\n", sigaltstack(&badflags, NULL) == 0 ? 0 : -1);

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, NULL);
  if (sigsetjmp(env, 1) == 0) {
    printf("recursing\n");
    recurse(0);
  }
  printf("back from the overflow (deeper than 1000 frames: %s)\n", depth > 1000 ? "yes" : "no");
  show_altstack("after longjmp");

  sa.sa_sigaction = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  show_altstack("after plain handler");

  stack_t ad = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = SS_AUTODISARM};
  printf("autodisarm: %d\n", sigaltstack(&ad, NULL));
  show_altstack("armed");
  raise(SIGUSR1);
  show_altstack("after autodisarm handler");

  /* A frame that cannot be written: SIGUSR1 becomes SIGSEGV, delivered on the alternate stack. */
  stack_t plain = {.ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0};
  sigaltstack(&plain, NULL);
  sa.sa_flags = SA_SIGINFO; /* SIGUSR1 on the current (bad) stack */
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_segv_badstack;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, NULL);
  char *three = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(three + 4096, 8192);
  bad_page = three + 8192;
  long r = raise_on_bad_stack(bad_page + 4096);
  printf("tgkill on a bad stack returned %ld\n", r);

  /* The same with SIGSEGV's own frame failing: SIGSEGV is reset to SIG_DFL and kills. */
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  printf("again without SA_ONSTACK\n");
  raise_on_bad_stack(bad_page + 4096);
  printf("not reached\n");
  return 0;
}
