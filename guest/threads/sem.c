/* POSIX semaphores between threads: ping-pong, trywait, timedwait timing out, and counts. */
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

static sem_t ping, pong;
static int rounds_done;

static void *ponger(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    sem_wait(&ping);
    rounds_done++;
    sem_post(&pong);
  }
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_t t;
  pthread_create(&t, NULL, ponger, NULL);
  for (int i = 0; i < 500; i++) {
    sem_post(&ping);
    sem_wait(&pong);
  }
  pthread_join(t, NULL);
  printf("ping-pong rounds: %d\n", rounds_done);
  printf("trywait on zero: %s\n", sem_trywait(&ping) == -1 && errno == EAGAIN ? "EAGAIN" : "unexpected");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 10 * 1000 * 1000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec++;
    ts.tv_nsec -= 1000000000;
  }
  printf("timedwait on zero: %s\n", sem_timedwait(&ping, &ts) == -1 && errno == ETIMEDOUT ? "ETIMEDOUT" : "unexpected");
  for (int i = 0; i < 3; i++) sem_post(&ping);
  int v;
  sem_getvalue(&ping, &v);
  printf("value after 3 posts: %d\n", v);
  printf("trywait: %d\n", sem_trywait(&ping));
  sem_getvalue(&ping, &v);
  printf("value after a trywait: %d\n", v);
  return 0;
}
