/* Many threads: 64 joinable threads and 32 detached ones, created and finished in any order. */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

static unsigned long results[64];
static sem_t finished;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static unsigned long detached_sum;

static unsigned long mix(unsigned long x) {
  for (int i = 0; i < 1000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
  return x >> 33;
}

static void *joinable(void *arg) {
  long id = (long)arg;
  results[id] = mix((unsigned long)id);
  return NULL;
}

static void *detached(void *arg) {
  unsigned long v = mix((unsigned long)(long)arg + 1000);
  pthread_mutex_lock(&m);
  detached_sum += v;
  pthread_mutex_unlock(&m);
  sem_post(&finished);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  sem_init(&finished, 0, 0);
  pthread_attr_t da;
  pthread_attr_init(&da);
  pthread_attr_setdetachstate(&da, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&da, 64 * 1024);
  pthread_t t[64];
  for (long i = 0; i < 64; i++) {
    pthread_create(&t[i], NULL, joinable, (void *)i);
    if (i % 2 == 0) {
      pthread_t d;
      pthread_create(&d, &da, detached, (void *)i);
    }
  }
  unsigned long sum = 0;
  for (int i = 63; i >= 0; i--) {
    pthread_join(t[i], NULL);
    sum += results[i];
  }
  for (int i = 0; i < 32; i++) sem_wait(&finished);
  unsigned long expect = 0, dexpect = 0;
  for (long i = 0; i < 64; i++) {
    expect += mix((unsigned long)i);
    if (i % 2 == 0) dexpect += mix((unsigned long)i + 1000);
  }
  printf("joined 64 threads, results correct: %d\n", sum == expect);
  printf("32 detached threads finished, results correct: %d\n", detached_sum == dexpect);
  return 0;
}
