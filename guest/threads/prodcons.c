/* A bounded buffer with two condition variables: 3 producers, 2 consumers. */
#include <pthread.h>
#include <stdio.h>

#define SIZE 8
#define PER_PRODUCER 3000
#define PRODUCERS 3
#define CONSUMERS 2

static int buf[SIZE];
static int head, count, done_producers;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long consumed_sum[CONSUMERS], consumed_count[CONSUMERS];
static int max_seen_count;

static void *producer(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < PER_PRODUCER; i++) {
    pthread_mutex_lock(&m);
    while (count == SIZE) pthread_cond_wait(&not_full, &m);
    buf[(head + count) % SIZE] = (int)(id * 100000 + i);
    count++;
    if (count > max_seen_count) max_seen_count = count;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&m);
  }
  pthread_mutex_lock(&m);
  done_producers++;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&m);
  return NULL;
}

static void *consumer(void *arg) {
  long id = (long)arg;
  for (;;) {
    pthread_mutex_lock(&m);
    while (count == 0 && done_producers < PRODUCERS) pthread_cond_wait(&not_empty, &m);
    if (count == 0) {
      pthread_mutex_unlock(&m);
      return NULL;
    }
    int v = buf[head];
    head = (head + 1) % SIZE;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&m);
    consumed_sum[id] += v;
    consumed_count[id]++;
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_t p[PRODUCERS], c[CONSUMERS];
  for (long i = 0; i < CONSUMERS; i++) pthread_create(&c[i], NULL, consumer, (void *)i);
  for (long i = 0; i < PRODUCERS; i++) pthread_create(&p[i], NULL, producer, (void *)i);
  for (int i = 0; i < PRODUCERS; i++) pthread_join(p[i], NULL);
  for (int i = 0; i < CONSUMERS; i++) pthread_join(c[i], NULL);
  long total = 0, n = 0;
  for (int i = 0; i < CONSUMERS; i++) {
    total += consumed_sum[i];
    n += consumed_count[i];
  }
  long expect = 0;
  for (long id = 0; id < PRODUCERS; id++)
    for (int i = 0; i < PER_PRODUCER; i++) expect += id * 100000 + i;
  printf("consumed %ld items (expected %d)\n", n, PRODUCERS * PER_PRODUCER);
  printf("sum matches: %d\n", total == expect);
  printf("buffer never overflowed: %d\n", max_seen_count <= SIZE);
  return 0;
}
