/*
 * A fault whose signal is blocked: the kernel unblocks it and resets the handler to SIG_DFL
 * (force_sig_fault), so the process is killed by SIGSEGV although a handler was installed.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void never(int sig) { printf("handler ran for %d (wrong)\n", sig); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  signal(SIGSEGV, never);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGSEGV);
  sigprocmask(SIG_BLOCK, &s, NULL);
  printf("SIGSEGV blocked, handler installed; reading address 16\n");
  printf("%d\n", *(volatile int *)16);
  return 0;
}
