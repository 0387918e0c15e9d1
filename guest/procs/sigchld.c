/* SIGCHLD: a handler gets CLD_EXITED/CLD_KILLED with the child's pid and status; SIGCHLD set to
 * SIG_IGN (or SA_NOCLDWAIT) makes children vanish without zombies (wait then gives ECHILD after
 * they are all gone); a blocking read is interrupted (EINTR) or restarted (SA_RESTART). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int got_code, got_status, got_count;
static volatile pid_t got_pid;

static void on_chld(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  got_code = si->si_code;
  got_status = si->si_status;
  got_pid = si->si_pid;
  got_count++;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa = {0};
  sa.sa_sigaction = on_chld;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGCHLD, &sa, NULL);
  sigset_t chld, old;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);

  sigprocmask(SIG_BLOCK, &chld, &old);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) exit(12);
  sigsuspend(&old);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("handler: si_code %s, si_status %d, si_pid ok %d\n", got_code == CLD_EXITED ? "CLD_EXITED" : "other", got_status, got_pid == p);
  int st;
  printf("the child is still a zombie to reap: %d\n", waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 12);

  sigprocmask(SIG_BLOCK, &chld, &old);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    for (;;) pause();
  }
  kill(p, SIGKILL);
  sigsuspend(&old);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("handler: si_code %s, si_status %d\n", got_code == CLD_KILLED ? "CLD_KILLED" : "other", got_status);
  waitpid(p, &st, 0);

  /* A read on a pipe interrupted by SIGCHLD: EINTR without SA_RESTART... */
  int fds[2];
  pipe(fds);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    usleep(10000);
    exit(0);
  }
  char b;
  errno = 0;
  ssize_t n = read(fds[0], &b, 1);
  printf("read interrupted by SIGCHLD: %zd %s\n", n, errno == EINTR ? "EINTR" : strerror(errno));
  waitpid(p, &st, 0);
  /* ...and restarted with it: the read completes with the byte written later. */
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);
  int before = got_count;
  fflush(stdout);
  p = fork();
  if (p == 0) {
    fflush(stdout);
    pid_t q = fork();
    if (q == 0) {
      usleep(30000);
      write(fds[1], "R", 1);
      exit(0);
    }
    exit(0);
  }
  n = read(fds[0], &b, 1);
  printf("read with SA_RESTART across SIGCHLD: %zd '%c', handler ran %d\n", n, b, got_count > before);
  waitpid(p, &st, 0);

  /* SIG_IGN: no zombies; wait blocks until all children are gone and then fails with ECHILD. */
  signal(SIGCHLD, SIG_IGN);
  for (int i = 0; i < 3; i++) {
    fflush(stdout);
    if (fork() == 0) {
      usleep(5000 * (i + 1));
      exit(i);
    }
  }
  errno = 0;
  pid_t r = wait(&st);
  printf("wait with SIGCHLD ignored: %d %s\n", r, errno == ECHILD ? "ECHILD" : strerror(errno));

  /* SA_NOCLDWAIT with a handler: the handler still runs, no zombie is left. */
  sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
  sigaction(SIGCHLD, &sa, NULL);
  sigprocmask(SIG_BLOCK, &chld, &old);
  before = got_count;
  fflush(stdout);
  p = fork();
  if (p == 0) exit(3);
  sigsuspend(&old);
  sigprocmask(SIG_SETMASK, &old, NULL);
  errno = 0;
  r = waitpid(p, &st, 0);
  printf("SA_NOCLDWAIT: handler ran %d, waitpid %d %s\n", got_count > before, r, errno == ECHILD ? "ECHILD" : strerror(errno));
  return 0;
}
