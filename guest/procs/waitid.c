/* waitid: P_PID, P_PGID, P_ALL and P_PIDFD; WEXITED, WNOHANG, WNOWAIT; the siginfo it fills. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kabi.h"

static const char *code(int c) {
  return c == CLD_EXITED ? "CLD_EXITED" : c == CLD_KILLED ? "CLD_KILLED" : c == CLD_DUMPED ? "CLD_DUMPED" : "other";
}

static void show(const char *what, int r, siginfo_t *si, pid_t want) {
  printf("%s: ret %d, si_signo %s, si_code %s, si_pid ok %d, si_status %d\n", what, r,
         si->si_signo == SIGCHLD ? "SIGCHLD" : si->si_signo == 0 ? "0" : "other", code(si->si_code), si->si_pid == want,
         si->si_status);
}

static pid_t child(int how) {
  fflush(stdout);
  pid_t p = fork();
  if (p) return p;
  if (how == 0) exit(17);
  if (how == 1) {
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
  }
  for (;;) pause();
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  siginfo_t si;
  pid_t p = child(0);
  memset(&si, 0x55, sizeof si);
  int r = waitid(P_PID, (id_t)p, &si, WEXITED | WNOWAIT);
  show("P_PID WNOWAIT", r, &si, p);
  memset(&si, 0x55, sizeof si);
  r = waitid(P_PID, (id_t)p, &si, WEXITED);
  show("P_PID again (reaps)", r, &si, p);
  errno = 0;
  r = waitid(P_PID, (id_t)p, &si, WEXITED | WNOHANG);
  printf("P_PID once reaped: %d %s\n", r, errno == ECHILD ? "ECHILD" : strerror(errno));

  p = child(1);
  memset(&si, 0x55, sizeof si);
  r = waitid(P_ALL, 0, &si, WEXITED);
  show("P_ALL, killed by SIGTERM", r, &si, p);

  p = child(2);
  memset(&si, 0x55, sizeof si);
  r = waitid(P_PID, (id_t)p, &si, WEXITED | WNOHANG);
  printf("WNOHANG with the child running: ret %d, si_pid %d, si_signo %d\n", r, si.si_pid, si.si_signo);
  kill(p, SIGKILL);
  r = waitid(P_PGID, 0, &si, WEXITED);
  show("P_PGID 0 (our group), SIGKILL", r, &si, p);

  p = child(0);
  int pfd = (int)syscall(SYS_pidfd_open, p, 0);
  memset(&si, 0x55, sizeof si);
  r = waitid((idtype_t)3 /* P_PIDFD */, (id_t)pfd, &si, WEXITED);
  show("P_PIDFD", r, &si, p);
  close(pfd);

  errno = 0;
  r = waitid(P_ALL, 0, &si, WNOHANG);
  printf("without WEXITED/WSTOPPED/WCONTINUED: %d %s\n", r, errno == EINVAL ? "EINVAL" : strerror(errno));
  errno = 0;
  r = waitid(P_ALL, 0, &si, WEXITED);
  printf("no children: %d %s\n", r, errno == ECHILD ? "ECHILD" : strerror(errno));
  errno = 0;
  r = waitid((idtype_t)9, 0, &si, WEXITED);
  printf("bad idtype: %d %s\n", r, errno == EINVAL ? "EINVAL" : strerror(errno));
  return 0;
}
