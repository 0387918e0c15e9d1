/* Read-write locks: readers see consistent pairs while writers update them; trylocks fail as
 * they must while the lock is held the other way. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long a, b;
static int bad[6];

static void *reader(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 3000; i++) {
    pthread_rwlock_rdlock(&rw);
    if (a != b) bad[id] = 1;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 2000; i++) {
    pthread_rwlock_wrlock(&rw);
    a++;
    b++;
    pthread_rwlock_unlock(&rw);
  }
  return NULL;
}

static void *try_write(void *arg) {
  (void)arg;
  return (void *)(long)pthread_rwlock_trywrlock(&rw);
}

static void *try_read(void *arg) {
  (void)arg;
  int rc = pthread_rwlock_tryrdlock(&rw);
  if (rc == 0) pthread_rwlock_unlock(&rw);
  return (void *)(long)rc;
}

static long run(void *(*fn)(void *)) {
  pthread_t t;
  void *r;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, &r);
  return (long)r;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  pthread_t t[6];
  for (long i = 0; i < 4; i++) pthread_create(&t[i], NULL, reader, (void *)i);
  for (long i = 4; i < 6; i++) pthread_create(&t[i], NULL, writer, (void *)i);
  for (int i = 0; i < 6; i++) pthread_join(t[i], NULL);
  int any_bad = 0;
  for (int i = 0; i < 6; i++) any_bad |= bad[i];
  printf("a=%ld b=%ld, readers saw a torn pair: %d\n", a, b, any_bad);

  pthread_rwlock_rdlock(&rw);
  printf("trywrlock under a read lock: %s\n", run(try_write) == EBUSY ? "EBUSY" : "unexpected");
  printf("tryrdlock under a read lock: %ld\n", run(try_read));
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_wrlock(&rw);
  printf("tryrdlock under a write lock: %s\n", run(try_read) == EBUSY ? "EBUSY" : "unexpected");
  pthread_rwlock_unlock(&rw);
  return 0;
}
