/* pidfds: poll tells when a process has exited (with timeouts on either side of that),
 * pidfd_send_signal, CLONE_PIDFD from clone3, and the errors of pidfd_open. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kabi.h"

static int pidfd_open(pid_t p, unsigned flags) { return (int)syscall(SYS_pidfd_open, p, flags); }

static long ms_since(struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int go[2];
  pipe(go);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    char b;
    read(go[0], &b, 1);
    exit(8);
  }
  int fd = pidfd_open(p, 0);
  printf("pidfd_open: fd >= 0 %d, close-on-exec %d\n", fd >= 0, fcntl(fd, F_GETFD) == FD_CLOEXEC);
  struct pollfd pf = {fd, POLLIN, 0};
  printf("poll before the child exits, timeout 0: %d\n", poll(&pf, 1, 0));
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int r = poll(&pf, 1, 30);
  printf("poll with a 30 ms timeout while it runs: %d, waited at least 30 ms %d\n", r, ms_since(&t0) >= 30);
  write(go[1], "x", 1);
  r = poll(&pf, 1, 5000);
  printf("poll after releasing it: %d, POLLIN %d\n", r, (pf.revents & POLLIN) != 0);
  int st;
  waitpid(p, &st, 0);
  printf("exit status %d\n", WEXITSTATUS(st));
  close(fd);

  /* pidfd_send_signal to a child that sleeps forever. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    for (;;) pause();
  }
  fd = pidfd_open(p, 0);
  printf("pidfd_send_signal SIGKILL: %ld\n", syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0));
  pf.fd = fd;
  r = poll(&pf, 1, -1);
  printf("poll after the kill: %d, POLLIN %d\n", r, (pf.revents & POLLIN) != 0);
  waitpid(p, &st, 0);
  printf("killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  errno = 0;
  long sr = syscall(SYS_pidfd_send_signal, fd, SIGKILL, NULL, 0);
  printf("pidfd_send_signal after reaping: %ld %s\n", sr, errno == ESRCH ? "ESRCH" : strerror(errno));
  close(fd);

  /* clone3 with CLONE_PIDFD. */
  struct kclone_args ca;
  memset(&ca, 0, sizeof ca);
  int cfd = -1;
  ca.flags = CLONE_PIDFD;
  ca.pidfd = (uint64_t)(uintptr_t)&cfd;
  ca.exit_signal = SIGCHLD;
  fflush(stdout);
  long c = syscall(SYS_clone3, &ca, sizeof ca);
  if (c == 0) _exit(4);
  pf.fd = cfd;
  r = poll(&pf, 1, -1);
  waitpid((pid_t)c, &st, 0);
  printf("clone3 CLONE_PIDFD: got a pidfd %d, readable at exit %d, status %d\n", cfd >= 0, r == 1, WEXITSTATUS(st));
  close(cfd);

  errno = 0;
  int rr = pidfd_open(999999, 0);
  printf("pidfd_open of a missing pid: %d %s\n", rr, errno == ESRCH ? "ESRCH" : strerror(errno));
  errno = 0;
  rr = pidfd_open(getpid(), 1);
  printf("pidfd_open with bad flags: %d %s\n", rr, errno == EINVAL ? "EINVAL" : strerror(errno));
  errno = 0;
  rr = pidfd_open(0, 0);
  printf("pidfd_open of pid 0: %d %s\n", rr, errno == EINVAL ? "EINVAL" : strerror(errno));
  errno = 0;
  rr = (int)syscall(SYS_pidfd_send_signal, go[0], SIGKILL, NULL, 0);
  printf("pidfd_send_signal on a pipe: %d %s\n", rr, errno == EBADF ? "EBADF" : strerror(errno));
  return 0;
}
