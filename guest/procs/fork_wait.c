/* fork and wait: children that exit with various codes, crash, abort, are killed, or raise a
 * signal; waitpid by pid, WNOHANG before a child is done, wait(-1) for the rest, ECHILD at the end. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static void describe(const char *what, int st) {
  if (WIFEXITED(st)) printf("%s: WIFEXITED, status %d\n", what, WEXITSTATUS(st));
  else if (WIFSIGNALED(st)) printf("%s: WIFSIGNALED, signal %d (%s)\n", what, WTERMSIG(st), strsignal(WTERMSIG(st)));
  else printf("%s: other %#x\n", what, st);
}

static pid_t spawn(int how) {
  fflush(stdout);
  pid_t p = fork();
  if (p != 0) return p;
  switch (how) {
  case 0: exit(0);
  case 1: exit(3);
  case 2: _exit(255);
  case 3: *(volatile int *)16 = 1; break;
  case 4: abort();
  case 5: raise(SIGTERM); break;
  case 6: for (;;) pause();
  case 7: return 0;
  }
  exit(100);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct rlimit nocore = {0, 0};
  setrlimit(RLIMIT_CORE, &nocore);
  const char *names[] = {"exit(0)", "exit(3)", "_exit(255)", "SIGSEGV", "abort()", "raise(SIGTERM)"};
  for (int i = 0; i < 6; i++) {
    pid_t p = spawn(i);
    int st;
    pid_t r = waitpid(p, &st, 0);
    if (r != p) printf("waitpid returned the wrong pid\n");
    describe(names[i], st);
  }

  /* A child that waits for a byte on a pipe: WNOHANG sees it running; then it is released. */
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    char b;
    close(fds[1]);
    exit(read(fds[0], &b, 1) == 1 ? b : 99);
  }
  close(fds[0]);
  int st;
  printf("WNOHANG while the child runs: %d\n", waitpid(p, &st, WNOHANG));
  write(fds[1], "\x21", 1);
  printf("then waitpid: same pid %d, ", waitpid(p, &st, 0) == p);
  describe("released child", st);

  /* The parent kills a child that sleeps forever. */
  p = spawn(6);
  kill(p, SIGKILL);
  waitpid(p, &st, 0);
  describe("SIGKILL from the parent", st);

  /* Several children at once, collected with wait(); report in sorted order. */
  pid_t kids[4];
  int codes[4] = {0};
  for (int i = 0; i < 4; i++) {
    fflush(stdout);
    kids[i] = fork();
    if (kids[i] == 0) {
      usleep(1000 * (4 - i));
      exit(10 + i);
    }
  }
  for (int n = 0; n < 4; n++) {
    pid_t r = wait(&st);
    for (int i = 0; i < 4; i++)
      if (kids[i] == r) codes[i] = WEXITSTATUS(st);
  }
  printf("wait() collected codes %d %d %d %d\n", codes[0], codes[1], codes[2], codes[3]);
  printf("wait() with no children left: %s\n", wait(&st) == -1 && errno == ECHILD ? "ECHILD" : "unexpected");
  printf("waitpid of a pid that is not a child: %s\n", waitpid(1, &st, 0) == -1 && errno == ECHILD ? "ECHILD" : "unexpected");

  /* wait4 fills a struct rusage. */
  struct rusage ru;
  memset(&ru, 0xff, sizeof ru);
  p = spawn(0);
  printf("wait4 with rusage: %d", wait4(p, &st, 0, &ru) == p);
  printf(", ru_maxrss is sane: %d\n", ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);

  /* getpid/getppid across fork. */
  pid_t me = getpid();
  fflush(stdout);
  p = fork();
  if (p == 0) exit(getppid() == me && getpid() != me ? 0 : 1);
  waitpid(p, &st, 0);
  printf("child sees the parent as getppid and has its own pid: %d\n", WEXITSTATUS(st) == 0);

  /* A child whose return from main flushes its own copy of the stdio buffer. */
  printf("buffered line before fork (flushed)\n");
  p = spawn(7);
  if (p == 0) {
    printf("child: hello from the child\n");
    return 4;
  }
  waitpid(p, &st, 0);
  describe("child returned from main", st);
  return 0;
}
