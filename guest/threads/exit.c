/* How threads end a process: pthread_exit from main leaves the others running; exit() in a
 * thread ends every thread; a fault in a thread kills the whole process; returning from main
 * ends threads blocked forever. Each case runs in a child process; the parent reports. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void *late_worker(void *arg) {
  (void)arg;
  usleep(20000);
  printf("worker: still running after main called pthread_exit\n");
  return NULL;
}

static void *exit_worker(void *arg) {
  (void)arg;
  usleep(10000);
  exit(7);
}

static void *crash_worker(void *arg) {
  (void)arg;
  usleep(10000);
  *(volatile int *)0 = 1;
  return NULL;
}

static void *forever(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static void report(const char *what, int status) {
  if (WIFEXITED(status)) printf("%s: exited with %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
  else printf("%s: status %#x\n", what, status);
}

static void run(const char *what, void (*child)(void)) {
  fflush(stdout);
  pid_t p = fork();
  if (p == 0) {
    child();
    exit(99);
  }
  int st;
  waitpid(p, &st, 0);
  report(what, st);
}

static void main_pthread_exit(void) {
  pthread_t t;
  pthread_create(&t, NULL, late_worker, NULL);
  pthread_exit(NULL);
}

static void thread_calls_exit(void) {
  pthread_t t;
  pthread_create(&t, NULL, exit_worker, NULL);
  pthread_join(t, NULL);
}

static void thread_crashes(void) {
  pthread_t t;
  pthread_create(&t, NULL, crash_worker, NULL);
  pthread_join(t, NULL);
}

static void main_returns(void) {
  pthread_t t[3];
  for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, forever, NULL);
  usleep(10000);
  exit(3);
}

static void worker_raises(void) {
  pthread_t t;
  pthread_create(&t, NULL, forever, NULL);
  usleep(10000);
  pthread_kill(t, SIGTERM);
  pthread_join(t, NULL);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  run("a thread called exit(7)", thread_calls_exit);
  run("a thread dereferenced NULL", thread_crashes);
  run("main exited while threads blocked", main_returns);
  run("SIGTERM sent to one thread", worker_raises);
  /* Last, in this process itself (musl's fork child cannot do it: its main thread has no
   * clear_child_tid, so the thread-list lock it dies holding is never released): the process
   * lives on until the worker is done, and then exits with status 0. */
  printf("main thread calls pthread_exit\n");
  main_pthread_exit();
  return 1;
}
