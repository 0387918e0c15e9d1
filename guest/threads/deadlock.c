/* Never ends natively: two threads each hold one mutex and wait for the other's (enclu reports
 * the deadlock and kills the process). With the argument "join", the main thread joins itself
 * through a thread that joins main. Not recorded; test/kernel/threads.test.ts runs it under enclu. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t bar;
static pthread_t main_thread;

static void *other(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  pthread_barrier_wait(&bar);
  pthread_mutex_lock(&a);
  return NULL;
}

static void *join_main(void *arg) {
  (void)arg;
  pthread_join(main_thread, NULL);
  return NULL;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_t t;
  if (argc > 1 && strcmp(argv[1], "join") == 0) {
    main_thread = pthread_self();
    pthread_create(&t, NULL, join_main, NULL);
    printf("joining each other\n");
    pthread_join(t, NULL);
    return 0;
  }
  pthread_barrier_init(&bar, NULL, 2);
  pthread_create(&t, NULL, other, NULL);
  pthread_mutex_lock(&a);
  pthread_barrier_wait(&bar);
  printf("both mutexes held; locking the other one\n");
  pthread_mutex_lock(&b);
  return 0;
}
