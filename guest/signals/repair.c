/*
 * Handlers that repair a fault and return, so the faulting instruction runs again: mprotect() on a
 * read-only page and on a non-executable one, and a handler that chains to the one installed
 * before it (as libraries that share SIGSEGV do). Ends with SA_RESETHAND: the second fault of a
 * one-shot handler takes the default action and kills the process.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static char *page;
static int faults;

static void repair_write(int sig, siginfo_t *si, void *ctx) {
  (void)ctx;
  faults++;
  printf("write fault %d: sig=%d code=%d addr=page+%ld\n", faults, sig, si->si_code, (char *)si->si_addr - page);
  mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void repair_exec(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  faults++;
  printf("exec fault %d: sig=%d code=%d addr=page+%ld rip=page+%ld err=%#llx\n", faults, sig, si->si_code,
         (char *)si->si_addr - page, (char *)uc->uc_mcontext.gregs[REG_RIP] - page,
         (long long)uc->uc_mcontext.gregs[REG_ERR]);
  mprotect(page, 4096, PROT_READ | PROT_EXEC);
}

/* Chaining: the first handler skips a 3-byte load; the second prints and calls the first. */
static struct sigaction previous;

static void first(int sig, siginfo_t *si, void *ctx) {
  ucontext_t *uc = ctx;
  printf("  first: sig=%d code=%d addr=%p, skipping the load\n", sig, si->si_code, si->si_addr);
  uc->uc_mcontext.gregs[REG_RIP] += 3; /* movq (%rax),%rax is 48 8b 00 */
}

static void second(int sig, siginfo_t *si, void *ctx) {
  printf("second: sig=%d, chaining (previous is %s, flags %#x)\n", sig,
         previous.sa_sigaction == first ? "first" : "unknown", previous.sa_flags & (SA_SIGINFO | SA_ONSTACK | SA_RESTART));
  if (previous.sa_flags & SA_SIGINFO) previous.sa_sigaction(sig, si, ctx);
}

static void oneshot(int sig, siginfo_t *si, void *ctx) {
  (void)ctx;
  struct sigaction now;
  sigaction(SIGSEGV, NULL, &now);
  printf("oneshot: sig=%d code=%d; SIGSEGV is now %s, flags %#x\n", sig, si->si_code,
         now.sa_handler == SIG_DFL ? "SIG_DFL" : "a handler", now.sa_flags & (SA_SIGINFO | SA_RESETHAND | SA_NODEFER));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_flags = SA_SIGINFO;

  page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  sa.sa_sigaction = repair_write;
  sigaction(SIGSEGV, &sa, NULL);
  page[100] = 42;
  printf("after write: %d (faults %d)\n", page[100], faults);

  page[0] = (char)0xb8; /* mov $7,%eax; ret */
  page[1] = 7;
  page[2] = page[3] = page[4] = 0;
  page[5] = (char)0xc3;
  sa.sa_sigaction = repair_exec;
  sigaction(SIGSEGV, &sa, NULL);
  int v = ((int (*)(void))page)();
  printf("after exec: returned %d (faults %d)\n", v, faults);

  sa.sa_sigaction = first;
  sigaction(SIGSEGV, &sa, NULL);
  sa.sa_sigaction = second;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGSEGV, &sa, &previous);
  long r = 5;
  asm volatile("xor %%eax,%%eax\nmovq (%%rax),%%rax" : "=a"(r));
  printf("after chained handlers: rax=%ld\n", r);

  sa.sa_sigaction = oneshot;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
  sigaction(SIGSEGV, &sa, NULL);
  printf("one-shot handler, then the fault again\n");
  *(volatile int *)8 = 1;
  printf("not reached\n");
  return 0;
}
