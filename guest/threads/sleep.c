/* Sleeping: nanosleep and clock_nanosleep (relative and TIMER_ABSTIME, monotonic and realtime)
 * never return early; a handler interrupts them with EINTR and the remaining time; bad arguments. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long ns_between(struct timespec a, struct timespec b) {
  return (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
}

static void on_alarm(int sig) { (void)sig; }

static pthread_t sleeper_thread;
static volatile int sleeping;
static int nano_rc, nano_errno;
static struct timespec rem;
static void *sleeper(void *arg) {
  (void)arg;
  struct timespec req = {2, 0};
  sleeping = 1;
  nano_rc = nanosleep(&req, &rem);
  nano_errno = errno;
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct timespec a, b, req = {0, 5 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  printf("nanosleep 5 ms: %d", nanosleep(&req, NULL));
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf(", slept at least 5 ms: %d\n", ns_between(a, b) >= 5000000);

  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec until = a;
  until.tv_nsec += 7 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000;
  }
  int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("clock_nanosleep monotonic absolute: %d, reached the deadline: %d\n", rc, ns_between(until, b) >= 0);

  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_nsec += 3 * 1000 * 1000;
  if (until.tv_nsec >= 1000000000) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000;
  }
  rc = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &until, NULL);
  clock_gettime(CLOCK_REALTIME, &b);
  printf("clock_nanosleep realtime absolute: %d, reached the deadline: %d\n", rc, ns_between(until, b) >= 0);

  clock_gettime(CLOCK_MONOTONIC, &a);
  until = a;
  until.tv_sec -= 1;
  printf("absolute deadline in the past: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
  struct timespec zero = {0, 0};
  printf("nanosleep 0: %d\n", nanosleep(&zero, NULL));
  struct timespec bad = {0, 1000000000};
  rc = nanosleep(&bad, NULL);
  printf("nanosleep with tv_nsec = 1e9: %d %s\n", rc, rc ? strerror(errno) : "");
  bad.tv_sec = -1;
  bad.tv_nsec = 0;
  rc = nanosleep(&bad, NULL);
  printf("nanosleep with tv_sec = -1: %d %s\n", rc, rc ? strerror(errno) : "");
  printf("clock_nanosleep on CLOCK_THREAD_CPUTIME_ID: %s\n", strerror(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL)));
  printf("clock_nanosleep on clock 99: %s\n", strerror(clock_nanosleep(99, 0, &req, NULL)));
  printf("usleep(1000): %d\n", usleep(1000));

  /* A 2 s sleep interrupted after about 20 ms: EINTR, with most of the time left. */
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGUSR1, &sa, NULL);
  pthread_create(&sleeper_thread, NULL, sleeper, NULL);
  while (!sleeping) usleep(1000);
  usleep(20000);
  pthread_kill(sleeper_thread, SIGUSR1);
  pthread_join(sleeper_thread, NULL);
  long left = rem.tv_sec * 1000000000L + rem.tv_nsec;
  printf("interrupted nanosleep: %d %s, remaining between 1 s and 2 s: %d\n", nano_rc, nano_rc ? strerror(nano_errno) : "",
         left > 1000000000L && left < 2000000000L);

  /* With SA_RESTART the sleep restarts (restart_syscall) and completes. */
  sa.sa_flags = SA_RESTART;
  sigaction(SIGUSR1, &sa, NULL);
  sleeping = 0;
  clock_gettime(CLOCK_MONOTONIC, &a);
  pthread_create(&sleeper_thread, NULL, sleeper, NULL);
  while (!sleeping) usleep(1000);
  usleep(20000);
  pthread_kill(sleeper_thread, SIGUSR1);
  pthread_join(sleeper_thread, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("nanosleep with an SA_RESTART handler: %d %s\n", nano_rc, nano_rc ? strerror(nano_errno) : "");
  return 0;
}
