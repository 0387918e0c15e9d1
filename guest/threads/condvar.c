/* Condition variables: signal wakes one waiter, broadcast wakes all, timedwait times out, and a
 * chain of threads handing a token around in a fixed order. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static int waiting, go, woken;

static void *waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  waiting++;
  pthread_cond_broadcast(&c);
  while (!go) pthread_cond_wait(&c, &m);
  woken++;
  pthread_mutex_unlock(&m);
  return NULL;
}

#define RING 5
static int turn;
static pthread_cond_t ring_cv = PTHREAD_COND_INITIALIZER;
static char order[RING * 4 + 1];
static int order_len;

static void *ring(void *arg) {
  long id = (long)arg;
  for (int round = 0; round < 4; round++) {
    pthread_mutex_lock(&m);
    while (turn % RING != id) pthread_cond_wait(&ring_cv, &m);
    order[order_len++] = (char)('A' + id);
    turn++;
    pthread_cond_broadcast(&ring_cv);
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, waiter, NULL);
  pthread_mutex_lock(&m);
  while (waiting < 4) pthread_cond_wait(&c, &m);
  go = 1;
  pthread_cond_broadcast(&c);
  pthread_mutex_unlock(&m);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  printf("broadcast woke %d of 4 waiters\n", woken);

  /* timedwait: nothing signals, so it times out, and not before the deadline. */
  struct timespec before, deadline, after;
  clock_gettime(CLOCK_REALTIME, &before);
  deadline = before;
  deadline.tv_nsec += 20 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&m);
  int rc = pthread_cond_timedwait(&c, &m, &deadline);
  pthread_mutex_unlock(&m);
  clock_gettime(CLOCK_REALTIME, &after);
  long waited_ms = (after.tv_sec - before.tv_sec) * 1000 + (after.tv_nsec - before.tv_nsec) / 1000000;
  printf("timedwait: %s, waited at least 20 ms: %d\n", rc == ETIMEDOUT ? "ETIMEDOUT" : "unexpected", waited_ms >= 20);

  /* A monotonic-clock condvar. */
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_cond_t mc;
  pthread_cond_init(&mc, &ca);
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_nsec += 5 * 1000 * 1000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&m);
  rc = pthread_cond_timedwait(&mc, &m, &deadline);
  pthread_mutex_unlock(&m);
  printf("monotonic timedwait: %s\n", rc == ETIMEDOUT ? "ETIMEDOUT" : "unexpected");

  pthread_t r[RING];
  for (long i = RING - 1; i >= 0; i--) pthread_create(&r[i], NULL, ring, (void *)i);
  for (int i = 0; i < RING; i++) pthread_join(r[i], NULL);
  printf("ring order: %s\n", order);
  return 0;
}
