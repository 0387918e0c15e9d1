/* Barriers: threads write their slot of a phase, wait, and check everyone's slot; exactly one
 * thread per phase gets PTHREAD_BARRIER_SERIAL_THREAD. Also pthread_once and keys with destructors. */
#include <pthread.h>
#include <stdio.h>

#define N 5
#define PHASES 6

static pthread_barrier_t bar;
static int slot[PHASES][N];
static int consistent[N];
static int serial_count[PHASES];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }

static pthread_key_t key;
static int destructor_calls;
static long destructor_sum;
static void destroy(void *v) {
  pthread_mutex_lock(&m);
  destructor_calls++;
  destructor_sum += (long)v;
  pthread_mutex_unlock(&m);
}

static void *worker(void *arg) {
  long id = (long)arg;
  pthread_once(&once, init_once);
  pthread_setspecific(key, (void *)(id + 1));
  consistent[id] = 1;
  for (int ph = 0; ph < PHASES; ph++) {
    slot[ph][id] = ph * 10 + (int)id;
    int rc = pthread_barrier_wait(&bar);
    if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
      pthread_mutex_lock(&m);
      serial_count[ph]++;
      pthread_mutex_unlock(&m);
    }
    for (int j = 0; j < N; j++)
      if (slot[ph][j] != ph * 10 + j) consistent[id] = 0;
    pthread_barrier_wait(&bar);
  }
  if ((long)pthread_getspecific(key) != id + 1) consistent[id] = 0;
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_barrier_init(&bar, NULL, N);
  pthread_key_create(&key, destroy);
  pthread_t t[N];
  for (long i = 0; i < N; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
  for (int i = 0; i < N; i++) printf("thread %d saw consistent phases: %d\n", i, consistent[i]);
  for (int p = 0; p < PHASES; p++) printf("phase %d serial threads: %d\n", p, serial_count[p]);
  printf("pthread_once ran %d time(s)\n", once_runs);
  printf("key destructors: %d calls, sum %ld\n", destructor_calls, destructor_sum);
  return 0;
}
