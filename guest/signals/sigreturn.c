/*
 * rt_sigreturn: a handler that edits the saved registers (they come back), one that corrupts the
 * frame's FP state pointer (rt_sigreturn fails: SIGSEGV with RAX = 0), and the saved mask.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf env;

static void edit(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  (void)sig;
  (void)si;
  uc->uc_mcontext.gregs[REG_RBX] = 0x1234;
  uc->uc_mcontext.gregs[REG_R12] = 0x5678;
  sigaddset(&uc->uc_sigmask, SIGUSR2); /* blocked after the return */
}

static void corrupt(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  (void)sig;
  (void)si;
  uc->uc_mcontext.fpregs = (fpregset_t)((char *)uc->uc_mcontext.fpregs + 8);
}

static void on_segv(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  printf("SIGSEGV after the bad sigreturn: code=%d addr=%p rax=%lld rbx=%#llx\n", si->si_code, si->si_addr,
         (long long)uc->uc_mcontext.gregs[REG_RAX], (long long)uc->uc_mcontext.gregs[REG_RBX]);
  (void)sig;
  siglongjmp(env, 1);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_flags = SA_SIGINFO;
  sa.sa_sigaction = edit;
  sigaction(SIGUSR1, &sa, NULL);
  long rbx, r12;
  asm volatile(
      "mov $1,%%ebx\nmov $2,%%r12d\n"
      "mov $39,%%eax\nsyscall\n" /* getpid */
      "mov %%eax,%%edi\nmov $10,%%esi\nmov $62,%%eax\nsyscall\n" /* kill(pid, SIGUSR1) */
      "mov %%rbx,%0\nmov %%r12,%1\n"
      : "=r"(rbx), "=r"(r12)
      :
      : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r11", "r12", "memory");
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("after the edited return: rbx=%#lx r12=%#lx SIGUSR2 blocked=%d\n", rbx, r12, sigismember(&now, SIGUSR2));

  sa.sa_sigaction = corrupt;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_sigaction = on_segv;
  sigaction(SIGSEGV, &sa, NULL);
  if (sigsetjmp(env, 1) == 0) {
    asm volatile("mov $0x77,%%ebx\nmov $39,%%eax\nsyscall\nmov %%eax,%%edi\nmov $10,%%esi\nmov $62,%%eax\nsyscall\n"
                 :
                 :
                 : "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "r11", "memory");
    printf("not reached\n");
  }
  printf("done\n");
  return 0;
}
