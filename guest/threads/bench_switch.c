/* Benchmark: two threads ping-pong N times through futexes (each round is two context switches);
 * argv[1] = N. */
#include "kabi.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t turn;
static long rounds;

static void wait_for(uint32_t want) {
  uint32_t v;
  while ((v = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) != want) syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void give(uint32_t to) {
  __atomic_store_n(&turn, to, __ATOMIC_RELEASE);
  syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *other(void *arg) {
  (void)arg;
  for (long i = 0; i < rounds; i++) {
    wait_for(1);
    give(0);
  }
  return NULL;
}

int main(int argc, char **argv) {
  rounds = argc > 1 ? atol(argv[1]) : 10000;
  pthread_t t;
  pthread_create(&t, NULL, other, NULL);
  for (long i = 0; i < rounds; i++) {
    give(1);
    wait_for(0);
  }
  pthread_join(t, NULL);
  printf("%ld\n", rounds);
  return 0;
}
