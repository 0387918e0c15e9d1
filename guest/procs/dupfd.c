/* Descriptor-table calls: dup, dup2, dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD/F_SETFD,
 * F_GETFL/F_SETFL) and close_range, on /dev/null and pipes; a dup shares the open file. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kabi.h"

static const char *e(long r) {
  static char buf[16];
  if (r >= 0) {
    snprintf(buf, sizeof buf, "%d", (int)r);
    return buf;
  }
  return errno == EBADF ? "EBADF" : errno == EINVAL ? "EINVAL" : errno == EMFILE ? "EMFILE" : strerror(errno);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int fd = open("/dev/null", O_RDWR);
  printf("open: %d\n", fd);
  printf("dup: %s\n", e(dup(fd)));
  printf("dup2 to 10: %s\n", e(dup2(fd, 10)));
  printf("dup2 onto itself: %s\n", e(dup2(fd, fd)));
  printf("dup2 of a closed fd: %s\n", e(dup2(50, 51)));
  printf("dup2 to 2000000: %s\n", e(dup2(fd, 2000000)));
  printf("dup3 onto itself: %s\n", e(dup3(fd, fd, 0)));
  printf("dup3 with bad flags: %s\n", e(dup3(fd, 12, 1)));
  const char *r = e(dup3(fd, 12, O_CLOEXEC));
  printf("dup3 O_CLOEXEC to 12: %s, FD_CLOEXEC %d\n", r, fcntl(12, F_GETFD));
  printf("F_DUPFD from 20: %s\n", e(fcntl(fd, F_DUPFD, 20)));
  printf("F_DUPFD from 20 again: %s\n", e(fcntl(fd, F_DUPFD, 20)));
  r = e(fcntl(fd, F_DUPFD_CLOEXEC, 30));
  printf("F_DUPFD_CLOEXEC from 30: %s, FD_CLOEXEC %d\n", r, fcntl(30, F_GETFD));
  printf("F_DUPFD from -1: %s\n", e(fcntl(fd, F_DUPFD, -1)));
  r = e(fcntl(fd, F_SETFD, FD_CLOEXEC));
  printf("F_SETFD then F_GETFD: %s %d\n", r, fcntl(fd, F_GETFD));
  fcntl(fd, F_SETFD, 0);
  printf("F_GETFD on a closed fd: %s\n", e(fcntl(77, F_GETFD)));
  printf("unknown fcntl command: %s\n", e(fcntl(fd, 12345)));

  int p[2];
  pipe(p);
  printf("F_GETFL read end: %#x, write end %#x\n", fcntl(p[0], F_GETFL), fcntl(p[1], F_GETFL));
  fcntl(p[0], F_SETFL, O_NONBLOCK | O_APPEND);
  printf("F_SETFL O_NONBLOCK|O_APPEND: %#x\n", fcntl(p[0], F_GETFL));
  int d = dup(p[0]);
  printf("the dup shares the status flags: %#x\n", fcntl(d, F_GETFL));
  fcntl(d, F_SETFL, 0);
  printf("cleared through the dup: %#x\n", fcntl(p[0], F_GETFL));
  write(p[1], "ab", 2);
  char c;
  read(d, &c, 1);
  read(p[0], &c, 1);
  printf("reading through either descriptor drains the same pipe: %c\n", c);
  close(p[1]);
  printf("EOF through the dup once the only writer closed: %zd\n", read(d, &c, 1));

  /* close_range: the flag variant marks, the plain one closes. */
  for (int i = 40; i < 46; i++) dup2(fd, i);
  r = e(syscall(SYS_close_range, 40, 42, 4));
  printf("close_range CLOEXEC 40..42: %s, flags %d %d %d %d\n", r, fcntl(40, F_GETFD), fcntl(41, F_GETFD), fcntl(42, F_GETFD),
         fcntl(43, F_GETFD));
  r = e(syscall(SYS_close_range, 41, 44, 0));
  printf("close_range 41..44: %s, open %d %d %d %d %d\n", r, fcntl(40, F_GETFD) >= 0, fcntl(41, F_GETFD) >= 0,
         fcntl(44, F_GETFD) >= 0, fcntl(45, F_GETFD) >= 0, fcntl(fd, F_GETFD) >= 0);
  printf("close_range with first > last: %s\n", e(syscall(SYS_close_range, 9, 3, 0)));
  printf("close_range with bad flags: %s\n", e(syscall(SYS_close_range, 3, 9, 1)));
  r = e(syscall(SYS_close_range, 5, ~0U, 0));
  printf("close_range of everything from 5: %s, fd 10 open %d, fd 3 open %d\n", r, fcntl(10, F_GETFD) >= 0, fcntl(3, F_GETFD) >= 0);
  return 0;
}
