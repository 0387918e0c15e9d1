/* Preemption: threads that spin without ever making a syscall must not starve the others. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static volatile int flag;
static volatile int turn;
static volatile long spins;

static void *spinner(void *arg) {
  (void)arg;
  while (!flag) spins++;
  return NULL;
}

#define ROUNDS 30
static void *alternate(void *arg) {
  long me = (long)arg;
  for (int i = 0; i < ROUNDS; i++) {
    while (turn != me) {
    }
    turn = 1 - (int)me;
  }
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_t t;
  pthread_create(&t, NULL, spinner, NULL);
  /* Sleep so that the spinner gets the CPU first; then do some work and release it. */
  struct timespec ts = {0, 2 * 1000 * 1000};
  nanosleep(&ts, NULL);
  long work = 0;
  for (long i = 0; i < 200000; i++) work += i % 7;
  flag = 1;
  pthread_join(t, NULL);
  printf("spinner released after the main thread's work (%ld)\n", work);

  /* Two threads taking turns through a shared variable, busy-waiting: each turn needs the other
   * thread to run while this one spins. */
  pthread_t a, b;
  pthread_create(&a, NULL, alternate, (void *)0L);
  pthread_create(&b, NULL, alternate, (void *)1L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%d strictly alternating rounds completed, turn=%d\n", ROUNDS, turn);
  return 0;
}
