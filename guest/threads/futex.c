/* The futex system call itself: value mismatch, timeouts (relative for FUTEX_WAIT, absolute for
 * FUTEX_WAIT_BITSET on either clock), argument errors, wake-ups across threads, requeue, wake-op,
 * and a signal interrupting a wait. */
#include <errno.h>
#include <limits.h>
#include "kabi.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts, uint32_t *uaddr2, uint32_t val3) {
  return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}

static const char *res(long r) {
  static char buf[32];
  if (r >= 0) {
    snprintf(buf, sizeof buf, "%ld", r);
    return buf;
  }
  switch (errno) {
  case EAGAIN: return "EAGAIN";
  case ETIMEDOUT: return "ETIMEDOUT";
  case EINVAL: return "EINVAL";
  case ENOSYS: return "ENOSYS";
  case EINTR: return "EINTR";
  case EFAULT: return "EFAULT";
  default: snprintf(buf, sizeof buf, "errno %d", errno); return buf;
  }
}

static long ms_since(const struct timespec *a) {
  struct timespec b;
  clock_gettime(CLOCK_MONOTONIC, &b);
  return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static uint32_t word, word2, gate;
static volatile int arrived, released_count;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *waiter(void *arg) {
  (void)arg;
  __atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&gate, __ATOMIC_SEQ_CST) == 0) futex(&gate, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  __atomic_add_fetch(&released_count, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static volatile int requeue_phase, requeue_returns;
static void *requeued_waiter(void *arg) {
  (void)arg;
  __atomic_add_fetch(&arrived, 1, __ATOMIC_SEQ_CST);
  /* Woken from word2 after the requeue: the wait returns 0 and the phase has moved on. */
  while (__atomic_load_n(&requeue_phase, __ATOMIC_SEQ_CST) == 0) {
    if (futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == 0 && requeue_phase) break;
  }
  __atomic_add_fetch(&requeue_returns, 1, __ATOMIC_SEQ_CST);
  return NULL;
}

static volatile int in_wait;
static long interrupted_result;
static int interrupted_errno;
static void on_usr1(int sig) { (void)sig; }
static void *timed_waiter(void *arg) {
  (void)arg;
  static uint32_t w;
  struct timespec ts = {10, 0};
  in_wait = 1;
  interrupted_result = futex(&w, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
  interrupted_errno = errno;
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct timespec t0, rel = {0, 3 * 1000 * 1000};
  word = 1;
  printf("wait with a different value: %s\n", res(futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0)));
  clock_gettime(CLOCK_MONOTONIC, &t0);
  printf("wait with a 3 ms relative timeout: %s", res(futex(&word, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0)));
  printf(", waited at least 3 ms: %d\n", ms_since(&t0) >= 3);

  struct timespec abs;
  clock_gettime(CLOCK_MONOTONIC, &abs);
  abs.tv_nsec += 2 * 1000 * 1000;
  if (abs.tv_nsec >= 1000000000) {
    abs.tv_sec++;
    abs.tv_nsec -= 1000000000;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  printf("wait_bitset until monotonic now+2ms: %s", res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL, FUTEX_BITSET_MATCH_ANY)));
  printf(", waited at least 2 ms: %d\n", ms_since(&t0) >= 2);
  clock_gettime(CLOCK_REALTIME, &abs);
  abs.tv_sec -= 1;
  printf("wait_bitset|clock_realtime with a past deadline: %s\n",
         res(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &abs, NULL, FUTEX_BITSET_MATCH_ANY)));
  printf("wait|clock_realtime: %s\n", res(futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, &rel, NULL, 0)));
  printf("wait_bitset with bitset 0: %s\n", res(futex(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0)));
  struct timespec badts = {0, 1000000000};
  printf("wait with tv_nsec = 1e9: %s\n", res(futex(&word, FUTEX_WAIT, 1, &badts, NULL, 0)));
  printf("wait on a misaligned word: %s\n", res(futex((uint32_t *)((char *)&word2 + 1), FUTEX_WAIT, 0, NULL, NULL, 0)));
  printf("wake with no waiters: %s\n", res(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0)));
  printf("unknown command 99: %s\n", res(futex(&word, 99, 0, NULL, NULL, 0)));
  printf("cmp_requeue with a stale value: %s\n", res(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L, &word2, 5)));
  printf("requeue with no waiters: %s\n", res(futex(&word, FUTEX_REQUEUE_PRIVATE, 1, (void *)1L, &word2, 0)));
  printf("requeue with a negative count: %s\n", res(futex(&word, FUTEX_REQUEUE_PRIVATE, (uint32_t)-1, (void *)1L, &word2, 0)));

  word2 = 5;
  long r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, FUTEX_OP(FUTEX_OP_ADD, 3, FUTEX_OP_CMP_EQ, 5));
  printf("wake_op add 3: %s, word2=%u\n", res(r), word2);
  r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, FUTEX_OP(FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 4, FUTEX_OP_CMP_GT, 100));
  printf("wake_op or 1<<4: %s, word2=%u\n", res(r), word2);
  r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, (6u << 28) | (1 << 12));
  printf("wake_op with an unknown op: %s, word2=%u\n", res(r), word2);
  r = futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &word2, FUTEX_OP(FUTEX_OP_SET, 9, 7, 0));
  printf("wake_op with an unknown comparison: %s, word2=%u\n", res(r), word2);

  /* Four threads wait on `gate`; one change of the word and one wake-all release them. */
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, waiter, NULL);
  while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 4) usleep(1000);
  usleep(5000);
  __atomic_store_n(&gate, 1, __ATOMIC_SEQ_CST);
  futex(&gate, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
  for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
  printf("released %d waiters\n", released_count);

  /* Two waiters on `word` are moved to `word2` by CMP_REQUEUE (retried until both were waiting),
   * then woken there. */
  word = 0;
  word2 = 0;
  requeue_phase = 0;
  arrived = 0;
  pthread_t rq[2];
  for (int i = 0; i < 2; i++) pthread_create(&rq[i], NULL, requeued_waiter, NULL);
  while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < 2) usleep(1000);
  long moved = 0, woke = 0;
  while (moved < 2) {
    long r2 = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)2L, &word2, 0);
    if (r2 > 0) moved += r2;
    else usleep(1000);
  }
  __atomic_store_n(&requeue_phase, 1, __ATOMIC_SEQ_CST);
  while (woke < 2) {
    long r2 = futex(&word2, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0);
    if (r2 > 0) woke += r2;
    else usleep(1000);
  }
  for (int i = 0; i < 2; i++) pthread_join(rq[i], NULL);
  printf("cmp_requeue moved %ld waiters; woken through the second word: %ld; they returned %d\n", moved, woke, requeue_returns);

  /* A signal whose handler has no SA_RESTART ends a timed wait with EINTR. */
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  pthread_t w;
  pthread_create(&w, NULL, timed_waiter, NULL);
  while (!in_wait) usleep(1000);
  usleep(20000);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_kill(w, SIGUSR1);
  pthread_join(w, NULL);
  errno = interrupted_errno;
  printf("timed wait interrupted by a handler: %s, long before its 10 s timeout: %d\n", res(interrupted_result), ms_since(&t0) < 5000);
  (void)m;
  return 0;
}
