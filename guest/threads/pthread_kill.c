/* Signals and threads: pthread_kill reaches the named thread; a process-directed signal goes to
 * a thread that does not block it; sigwait in one thread takes a signal sent to the process; a
 * signal sent to a thread that blocks it stays pending on that thread only. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sched.h>
#include <unistd.h>

static volatile pthread_t handled_in;
static volatile int handled;

static void handler(int sig) {
  (void)sig;
  handled_in = pthread_self();
  handled = 1;
}

static volatile int ready;
static volatile int stop;

static void *spin_until_handled(void *arg) {
  (void)arg;
  ready = 1;
  while (!handled) sched_yield();
  return NULL;
}

static void *unblock_and_wait(void *arg) {
  (void)arg;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  ready = 1;
  while (!handled) sched_yield();
  return NULL;
}

static sigset_t waitset;
static int waited_sig;
static void *sigwaiter(void *arg) {
  (void)arg;
  ready = 1;
  sigwait(&waitset, &waited_sig);
  return NULL;
}

static volatile int pend_result, main_pending;
static void *check_pending(void *arg) {
  (void)arg;
  ready = 1;
  while (!stop) sched_yield();
  sigset_t p;
  sigpending(&p);
  pend_result = sigismember(&p, SIGUSR1);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa = {0};
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  sigaction(SIGUSR2, &sa, NULL);

  /* 1. pthread_kill to a specific thread. */
  pthread_t t;
  pthread_create(&t, NULL, spin_until_handled, NULL);
  while (!ready) sched_yield();
  pthread_kill(t, SIGUSR1);
  pthread_join(t, NULL);
  printf("pthread_kill: handler ran in the target thread: %d\n", pthread_equal(handled_in, t));

  /* 2. kill() to the process while the main thread blocks SIGUSR2. */
  handled = 0;
  ready = 0;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &s, NULL);
  pthread_create(&t, NULL, unblock_and_wait, NULL);
  while (!ready) sched_yield();
  kill(getpid(), SIGUSR2);
  pthread_join(t, NULL);
  printf("kill: handler ran in the only thread not blocking it: %d\n", pthread_equal(handled_in, t));
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);

  /* 3. sigwait in a thread for a signal everyone blocks. */
  sigemptyset(&waitset);
  sigaddset(&waitset, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &waitset, NULL);
  ready = 0;
  pthread_create(&t, NULL, sigwaiter, NULL);
  while (!ready) sched_yield();
  usleep(10000);
  kill(getpid(), SIGUSR1);
  pthread_join(t, NULL);
  printf("sigwait in a thread returned %s\n", waited_sig == SIGUSR1 ? "SIGUSR1" : "something else");

  /* 4. A signal to a thread that blocks it is pending on that thread, not on the others. */
  ready = 0;
  pthread_create(&t, NULL, check_pending, NULL);
  while (!ready) sched_yield();
  pthread_kill(t, SIGUSR1);
  sigset_t p;
  sigpending(&p);
  main_pending = sigismember(&p, SIGUSR1);
  stop = 1;
  pthread_join(t, NULL);
  printf("pending in the target: %d, in the main thread: %d\n", pend_result, main_pending);
  printf("pthread_kill with signal 0 to a live thread: %d\n", pthread_kill(pthread_self(), 0));
  return 0;
}
