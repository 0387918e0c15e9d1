/* Cancellation: a thread blocked at a cancellation point (read on a pipe, nanosleep, a condvar
 * wait) is cancelled — glibc delivers SIGCANCEL and unwinds the thread, running cleanup handlers. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static volatile int cleanups;
static int fds[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int started;

static void cleanup(void *arg) {
  (void)arg;
  cleanups++;
}

static void unlock(void *arg) { pthread_mutex_unlock(arg); }

static void *in_read(void *arg) {
  (void)arg;
  char b;
  pthread_cleanup_push(cleanup, NULL);
  started = 1;
  read(fds[0], &b, 1);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *in_sleep(void *arg) {
  (void)arg;
  pthread_cleanup_push(cleanup, NULL);
  started = 1;
  struct timespec ts = {100, 0};
  nanosleep(&ts, NULL);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *in_condwait(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  pthread_cleanup_push(unlock, &m);
  pthread_cleanup_push(cleanup, NULL);
  started = 1;
  for (;;) pthread_cond_wait(&c, &m);
  pthread_cleanup_pop(0);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *disabled(void *arg) {
  (void)arg;
  int old;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
  started = 1;
  usleep(30000);
  pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
  pthread_testcancel();
  return (void *)1L;
}

static void cancel_one(const char *what, void *(*fn)(void *)) {
  pthread_t t;
  void *r;
  started = 0;
  pthread_create(&t, NULL, fn, NULL);
  while (!started) usleep(1000);
  usleep(10000);
  pthread_cancel(t);
  pthread_join(t, &r);
  printf("%s: %s, cleanups so far %d\n", what, r == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "returned", cleanups);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pipe(fds);
  cancel_one("cancelled in read", in_read);
  cancel_one("cancelled in nanosleep", in_sleep);
  cancel_one("cancelled in pthread_cond_wait", in_condwait);
  cancel_one("cancel while disabled, then testcancel", disabled);
  printf("mutex free after the condvar cancellation: %d\n", pthread_mutex_trylock(&m) == 0);
  return 0;
}
