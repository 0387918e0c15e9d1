#define _GNU_SOURCE
/* Pipes between processes: messages both ways, EOF when every writer is closed (including the
 * copies fork made), a 1 MiB transfer through the 64 KiB buffer, SIGPIPE and EPIPE, O_NONBLOCK,
 * poll, and a child's stdout redirected into a pipe with dup2. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int chld_seen;
static void on_chld(int sig) {
  (void)sig;
  chld_seen = 1;
}

static int status_of(pid_t p) {
  int st;
  waitpid(p, &st, 0);
  return st;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int down[2], up[2];
  pipe(down);
  pipe(up);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    close(down[1]);
    close(up[0]);
    char buf[64];
    ssize_t n = read(down[0], buf, sizeof buf);
    for (ssize_t i = 0; i < n; i++) buf[i] = (char)(buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i]);
    write(up[1], buf, (size_t)n);
    /* EOF: the parent closes its write end after this. */
    n = read(down[0], buf, sizeof buf);
    exit(n == 0 ? 0 : 1);
  }
  close(down[0]);
  close(up[1]);
  write(down[1], "hello, child", 12);
  char buf[64] = {0};
  ssize_t n = read(up[0], buf, sizeof buf);
  printf("reply: %.*s (%zd bytes)\n", (int)n, buf, n);
  close(down[1]);
  printf("child saw EOF after the parent closed its end: %d\n", WEXITSTATUS(status_of(p)) == 0);
  n = read(up[0], buf, sizeof buf);
  printf("parent reads EOF once the child exited: %zd\n", n);
  close(up[0]);

  /* 1 MiB from child to parent; the checksum must match. */
  int big[2];
  pipe(big);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    close(big[0]);
    static unsigned char chunk[10000];
    size_t total = 0;
    unsigned v = 1;
    while (total < (1u << 20)) {
      size_t len = sizeof chunk;
      if (total + len > (1u << 20)) len = (1u << 20) - total;
      for (size_t i = 0; i < len; i++) chunk[i] = (unsigned char)(v = v * 1103515245u + 12345u) >> 3;
      size_t off = 0;
      while (off < len) {
        ssize_t w = write(big[1], chunk + off, len - off);
        if (w <= 0) exit(2);
        off += (size_t)w;
      }
      total += len;
    }
    exit(0);
  }
  close(big[1]);
  unsigned long sum = 0, count = 0;
  unsigned char rb[4096];
  unsigned expect_v = 1;
  unsigned long expect_sum = 0;
  for (long i = 0; i < (1 << 20); i++) expect_sum += (unsigned char)(expect_v = expect_v * 1103515245u + 12345u) >> 3;
  while ((n = read(big[0], rb, sizeof rb)) > 0) {
    for (ssize_t i = 0; i < n; i++) sum += rb[i];
    count += (unsigned long)n;
  }
  close(big[0]);
  printf("1 MiB transfer: %lu bytes, checksum ok: %d, writer status %d\n", count, sum == expect_sum, WEXITSTATUS(status_of(p)));

  /* Writing to a pipe nobody reads: SIGPIPE kills by default; ignored, write fails with EPIPE. */
  int dead[2];
  pipe(dead);
  close(dead[0]);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    write(dead[1], "x", 1);
    exit(0);
  }
  int st = status_of(p);
  printf("write without readers: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  signal(SIGPIPE, SIG_IGN);
  errno = 0;
  n = write(dead[1], "x", 1);
  printf("with SIGPIPE ignored: %zd %s\n", n, errno == EPIPE ? "EPIPE" : strerror(errno));
  close(dead[1]);

  /* O_NONBLOCK: an empty pipe reads EAGAIN; a full one takes exactly 64 KiB. */
  int nb[2];
  pipe2(nb, O_NONBLOCK | O_CLOEXEC);
  printf("pipe2 flags: O_NONBLOCK %d, FD_CLOEXEC %d\n", (fcntl(nb[0], F_GETFL) & O_NONBLOCK) != 0, fcntl(nb[1], F_GETFD) == FD_CLOEXEC);
  n = read(nb[0], buf, 1);
  printf("empty nonblocking read: %zd %s\n", n, errno == EAGAIN ? "EAGAIN" : strerror(errno));
  long filled = 0;
  char page[4096];
  memset(page, 'z', sizeof page);
  while ((n = write(nb[1], page, sizeof page)) > 0) filled += n;
  printf("nonblocking writes filled %ld bytes, then %s; F_GETPIPE_SZ %d\n", filled, errno == EAGAIN ? "EAGAIN" : strerror(errno),
         fcntl(nb[0], F_GETPIPE_SZ));

  /* poll: the full pipe is readable and not writable; after draining, writable and not readable;
   * with the write end closed, POLLHUP. */
  struct pollfd pf[2] = {{nb[0], POLLIN, 0}, {nb[1], POLLOUT, 0}};
  int r = poll(pf, 2, 0);
  printf("poll on a full pipe: %d ready, read end %#x, write end %#x\n", r, pf[0].revents, pf[1].revents);
  while (read(nb[0], page, sizeof page) > 0) {
  }
  r = poll(pf, 2, 0);
  printf("poll on an empty pipe: %d ready, read end %#x, write end %#x\n", r, pf[0].revents, pf[1].revents);
  r = poll(pf, 1, 15);
  printf("poll with a 15 ms timeout and nothing to read: %d\n", r);
  close(nb[1]);
  r = poll(pf, 1, -1);
  printf("poll after the writer closed: %d, revents %#x\n", r, pf[0].revents);
  close(nb[0]);

  /* ppoll swaps in a mask that lets SIGCHLD through for the wait only: the handler interrupts it
   * (EINTR) and SIGCHLD is blocked again afterwards. */
  struct sigaction sa = {0};
  sa.sa_handler = on_chld;
  sigaction(SIGCHLD, &sa, NULL);
  sigset_t chld, during;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  sigprocmask(SIG_BLOCK, NULL, &during);
  sigdelset(&during, SIGCHLD);
  int quiet[2];
  pipe(quiet);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    usleep(10000);
    exit(0);
  }
  struct pollfd qf = {quiet[0], POLLIN, 0};
  struct timespec five = {5, 0};
  errno = 0;
  r = ppoll(&qf, 1, &five, &during);
  int e = errno;
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("ppoll with SIGCHLD let through: %d %s, handler ran %d, SIGCHLD blocked again %d, time left written %d\n", r,
         e == EINTR ? "EINTR" : strerror(e), chld_seen, sigismember(&now, SIGCHLD), five.tv_sec == 4);
  status_of(p);
  sigprocmask(SIG_UNBLOCK, &chld, NULL);
  signal(SIGCHLD, SIG_DFL);
  close(quiet[0]);
  close(quiet[1]);

  /* A child's stdout goes into a pipe. */
  int out[2];
  pipe(out);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    printf("line printed by the child into the pipe\n");
    exit(0);
  }
  close(out[1]);
  n = read(out[0], buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  status_of(p);
  printf("captured: %s", buf);

  /* A blocked reader is woken by a writer in another process. */
  int slow[2];
  pipe(slow);
  fflush(stdout);
  p = fork();
  if (p == 0) {
    usleep(20000);
    write(slow[1], "late", 4);
    exit(0);
  }
  n = read(slow[0], buf, sizeof buf);
  printf("blocking read returned %zd bytes: %.*s\n", n, (int)n, buf);
  status_of(p);
  return 0;
}
