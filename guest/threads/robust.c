/* Robust mutexes: when the owner dies holding one, the next locker gets EOWNERDEAD — also one
 * that was already blocked waiting for it — and can make it consistent. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t m;
static volatile int locked;

static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  locked = 1;
  usleep(20000);
  pthread_exit(NULL);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&m, &a);

  /* The owner exits before anyone waits. */
  pthread_t t;
  pthread_create(&t, NULL, die_holding, NULL);
  pthread_join(t, NULL);
  int rc = pthread_mutex_lock(&m);
  printf("lock after the owner died: %s\n", rc == EOWNERDEAD ? "EOWNERDEAD" : "unexpected");
  printf("consistent: %d\n", pthread_mutex_consistent(&m));
  printf("unlock: %d\n", pthread_mutex_unlock(&m));
  printf("lock again: %d\n", pthread_mutex_lock(&m));
  pthread_mutex_unlock(&m);

  /* The owner exits while this thread is blocked in pthread_mutex_lock. */
  locked = 0;
  pthread_create(&t, NULL, die_holding, NULL);
  while (!locked) usleep(1000);
  rc = pthread_mutex_lock(&m);
  printf("blocked lock when the owner died: %s\n", rc == EOWNERDEAD ? "EOWNERDEAD" : "unexpected");
  pthread_mutex_consistent(&m);
  pthread_mutex_unlock(&m);
  pthread_join(t, NULL);

  /* Not made consistent: unlocking leaves it unusable. */
  pthread_create(&t, NULL, die_holding, NULL);
  pthread_join(t, NULL);
  rc = pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  rc = pthread_mutex_lock(&m);
  printf("lock of an unrecovered robust mutex: %s\n", rc == ENOTRECOVERABLE ? "ENOTRECOVERABLE" : "unexpected");
  return 0;
}
