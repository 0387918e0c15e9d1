/*
 * x86-64 needs SA_RESTORER: a handler installed with the raw rt_sigaction syscall without it
 * cannot get a frame, so delivering the signal forces SIGSEGV (which kills: its action is SIG_DFL).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static void handler(int sig) { printf("handler ran for %d (wrong)\n", sig); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  unsigned long act[4] = {(unsigned long)handler, 0, 0, 0};
  unsigned long old[4];
  long r = syscall(SYS_rt_sigaction, SIGUSR1, act, NULL, 8);
  syscall(SYS_rt_sigaction, SIGUSR1, NULL, old, 8);
  printf("rt_sigaction without SA_RESTORER: %ld, flags read back %#lx, restorer %#lx\n", r, old[1], old[2]);
  syscall(SYS_tgkill, getpid(), gettid(), SIGUSR1);
  printf("not reached\n");
  return 0;
}
