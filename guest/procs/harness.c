/* A kselftest-style harness: every test runs in a grandchild, inside a process group of its own
 * made by a child; the harness polls a pidfd of the child with a timeout and kills the whole
 * group when it expires. Tests report through a pipe (messages) and shared memory (counters).
 * Output is TAP, as kselftest prints it. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kabi.h"

#define TIMEOUT_MS 300

struct shared {
  int checks[16];
  int failed_checks[16];
};
static struct shared *shm;
static int msg_fd;
static int current;

static void note(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  write(msg_fd, buf, (size_t)n);
}

#define CHECK(cond)                                                   \
  do {                                                                \
    __atomic_add_fetch(&shm->checks[current], 1, __ATOMIC_SEQ_CST);   \
    if (!(cond)) {                                                    \
      __atomic_add_fetch(&shm->failed_checks[current], 1, __ATOMIC_SEQ_CST); \
      note("check failed: %s (line %d)\n", #cond, __LINE__);          \
      return 1;                                                       \
    }                                                                 \
  } while (0)

static int test_arithmetic(void) {
  CHECK(6 * 7 == 42);
  CHECK((-7) / 2 == -3);
  CHECK((unsigned char)300 == 44);
  note("arithmetic: all good\n");
  return 0;
}

static int test_strings(void) {
  char b[32];
  snprintf(b, sizeof b, "%05.1f|%-4s|", 3.14159, "ab");
  CHECK(strcmp(b, "003.1|ab  |") == 0);
  CHECK(strlen("kselftest") == 9);
  return 0;
}

static void *add_one(void *arg) {
  __atomic_add_fetch((int *)arg, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static int test_threads(void) {
  int n = 0;
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, add_one, &n);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  CHECK(n == 4);
  note("threads: 4 joined\n");
  return 0;
}

static int test_fails(void) {
  CHECK(1 + 1 == 2);
  CHECK(2 + 2 == 5);
  return 0;
}

static int test_hangs(void) {
  note("hangs: about to wait forever\n");
  for (;;) pause();
  return 0;
}

static int test_crashes(void) {
  note("crashes: dereferencing NULL\n");
  return *(volatile int *)0;
}

static int test_forks(void) {
  pid_t p = fork();
  if (p == 0) _exit(3);
  int st;
  CHECK(waitpid(p, &st, 0) == p);
  CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
  return 0;
}

struct test {
  const char *name;
  int (*fn)(void);
};
static const struct test tests[] = {
    {"arithmetic", test_arithmetic}, {"strings", test_strings}, {"threads", test_threads}, {"fails", test_fails},
    {"hangs", test_hangs},           {"crashes", test_crashes}, {"forks", test_forks},
};
#define NTESTS (int)(sizeof tests / sizeof tests[0])

/* run_one returns 0 pass, 1 fail, 2 timeout. */
static int run_one(int i) {
  int msg[2];
  pipe(msg);
  fflush(stdout);
  pid_t child = fork();
  if (child == 0) {
    setpgid(0, 0);
    close(msg[0]);
    msg_fd = msg[1];
    current = i;
    pid_t gc = fork();
    if (gc == 0) exit(tests[i].fn());
    int st;
    waitpid(gc, &st, 0);
    if (WIFSIGNALED(st)) {
      note("terminated by signal %d\n", WTERMSIG(st));
      exit(128 + WTERMSIG(st));
    }
    exit(WEXITSTATUS(st));
  }
  setpgid(child, child);
  close(msg[1]);
  int pfd = (int)syscall(SYS_pidfd_open, child, 0);
  struct pollfd pf = {pfd, POLLIN, 0};
  int ready = poll(&pf, 1, TIMEOUT_MS);
  int timed_out = ready == 0;
  if (timed_out) kill(-child, SIGKILL);
  int st;
  waitpid(child, &st, 0);
  close(pfd);
  char buf[1024];
  ssize_t n, off = 0;
  while ((n = read(msg[0], buf + off, sizeof buf - 1 - (size_t)off)) > 0) off += n;
  buf[off] = 0;
  close(msg[0]);
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) printf("# %s\n", line);
  if (timed_out) {
    printf("not ok %d %s # TIMEOUT %d ms\n", i + 1, tests[i].name, TIMEOUT_MS);
    return 2;
  }
  int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  if (code == 0) {
    printf("ok %d %s\n", i + 1, tests[i].name);
    return 0;
  }
  printf("not ok %d %s # exit=%d\n", i + 1, tests[i].name, code);
  return 1;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  shm = mmap(NULL, sizeof *shm, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  printf("TAP version 13\n1..%d\n", NTESTS);
  int pass = 0, fail = 0, timeout = 0;
  for (int i = 0; i < NTESTS; i++) {
    int r = run_one(i);
    if (r == 0) pass++;
    else if (r == 1) fail++;
    else timeout++;
  }
  int checks = 0, failed = 0;
  for (int i = 0; i < NTESTS; i++) {
    checks += shm->checks[i];
    failed += shm->failed_checks[i];
  }
  printf("# Totals: pass:%d fail:%d timeout:%d\n", pass, fail, timeout);
  printf("# checks run: %d, failed: %d (counted in shared memory)\n", checks, failed);
  return fail + timeout ? 1 : 0;
}
