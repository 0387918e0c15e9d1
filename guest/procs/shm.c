/* Memory after fork: MAP_SHARED|MAP_ANONYMOUS pages are shared both ways (also pages first
 * touched after the fork, and after mprotect splits the mapping); private mappings, globals and
 * the heap are copies; a process-shared mutex and a futex work across the two processes. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "kabi.h"

static int global = 1;

struct shared {
  pthread_mutex_t m;
  pthread_cond_t c;
  int ready;
  long counter;
  uint32_t fw;
};

static void wait_child(pid_t p, const char *what) {
  int st;
  waitpid(p, &st, 0);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) printf("%s: child failed (%#x)\n", what, st);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  long pg = sysconf(_SC_PAGESIZE);
  char *sh = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  char *pv = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  int *heap = malloc(sizeof(int));
  *heap = 5;
  sh[0] = 'p';
  pv[0] = 'p';
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    sh[0] = 'c';           /* touched before the fork */
    sh[3 * pg] = 'c';      /* first touched after the fork */
    pv[0] = 'c';
    pv[pg] = 'c';
    global = 2;
    *heap = 6;
    exit(0);
  }
  wait_child(p, "writes");
  printf("shared page touched before fork: %c, first touched by the child: %c\n", sh[0], sh[3 * pg]);
  printf("private pages: %c and %d, global %d, heap %d\n", pv[0], pv[pg], global, *heap);

  /* The parent writes a page the child has not touched yet; mprotect splits the mapping in the
   * child; both still see each other's writes. */
  fflush(stdout);
  int pipefd[2];
  pipe(pipefd);
  p = fork();
  if (p == 0) {
    char b;
    mprotect(sh + 2 * pg, pg, PROT_READ);
    read(pipefd[0], &b, 1);
    int ok = sh[5 * pg] == 'P' && sh[2 * pg] == 'Q';
    sh[6 * pg] = 'C';
    exit(ok ? 0 : 1);
  }
  sh[5 * pg] = 'P';
  sh[2 * pg] = 'Q';
  write(pipefd[1], "x", 1);
  wait_child(p, "split");
  printf("after mprotect split in the child: child saw the parent's writes and wrote back: %c\n", sh[6 * pg]);

  /* munmap in the child leaves the parent's mapping. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    munmap(sh, 8 * pg);
    munmap(pv, 4 * pg);
    exit(0);
  }
  wait_child(p, "munmap");
  printf("parent's mappings intact after the child unmapped its own: %c %c\n", sh[0], pv[0]);

  /* A process-shared mutex and condvar in shared memory; 2 children x 1000 increments. */
  struct shared *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->m, &ma);
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
  pthread_cond_init(&s->c, &ca);
  pid_t kids[2];
  for (int k = 0; k < 2; k++) {
    fflush(stdout);
    kids[k] = fork();
    if (kids[k] == 0) {
      pthread_mutex_lock(&s->m);
      while (!s->ready) pthread_cond_wait(&s->c, &s->m);
      pthread_mutex_unlock(&s->m);
      for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&s->m);
        s->counter++;
        pthread_mutex_unlock(&s->m);
      }
      exit(0);
    }
  }
  usleep(10000);
  pthread_mutex_lock(&s->m);
  s->ready = 1;
  pthread_cond_broadcast(&s->c);
  pthread_mutex_unlock(&s->m);
  for (int k = 0; k < 2; k++) wait_child(kids[k], "pshared");
  printf("process-shared mutex counter: %ld\n", s->counter);

  /* A shared (not private) futex across processes. */
  fflush(stdout);
  p = fork();
  if (p == 0) {
    while (__atomic_load_n(&s->fw, __ATOMIC_SEQ_CST) == 0) syscall(SYS_futex, &s->fw, FUTEX_WAIT, 0, NULL, NULL, 0);
    exit(s->fw == 7 ? 0 : 1);
  }
  usleep(10000);
  __atomic_store_n(&s->fw, 7, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, &s->fw, FUTEX_WAKE, 1, NULL, NULL, 0);
  wait_child(p, "futex");
  printf("futex wake across processes: done\n");
  return 0;
}
