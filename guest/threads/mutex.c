/* Mutexes: N threads increment shared counters under a normal, a recursive and an error-checking
 * mutex; trylock on a held mutex; return values through pthread_join. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#define THREADS 8
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rec;
static long counter, rec_counter;

static void *worker(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < ITERS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    if (i % 100 == 0) {
      pthread_mutex_lock(&rec);
      pthread_mutex_lock(&rec);
      rec_counter++;
      pthread_mutex_unlock(&rec);
      pthread_mutex_unlock(&rec);
    }
  }
  return (void *)(id * id);
}

static void *try_it(void *arg) {
  (void)arg;
  return (void *)(long)pthread_mutex_trylock(&lock);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&rec, &a);

  pthread_t t[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  long sum = 0;
  for (int i = 0; i < THREADS; i++) {
    void *r;
    pthread_join(t[i], &r);
    sum += (long)r;
  }
  printf("counter=%ld (expected %d)\n", counter, THREADS * ITERS);
  printf("recursive counter=%ld (expected %d)\n", rec_counter, THREADS * ITERS / 100);
  printf("sum of returned values=%ld\n", sum);

  pthread_mutex_lock(&lock);
  pthread_t tt;
  void *r;
  pthread_create(&tt, NULL, try_it, NULL);
  pthread_join(tt, &r);
  printf("trylock on a held mutex: %s\n", (long)r == EBUSY ? "EBUSY" : "unexpected");
  pthread_mutex_unlock(&lock);
  pthread_create(&tt, NULL, try_it, NULL);
  pthread_join(tt, &r);
  printf("trylock on a free mutex: %ld\n", (long)r);

  pthread_mutex_t ec;
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&ec, &a);
  pthread_mutex_lock(&ec);
  printf("errorcheck relock: %s\n", pthread_mutex_lock(&ec) == EDEADLK ? "EDEADLK" : "unexpected");
  pthread_mutex_unlock(&ec);
  printf("errorcheck unlock when not owner: %s\n", pthread_mutex_unlock(&ec) == EPERM ? "EPERM" : "unexpected");
  return 0;
}
