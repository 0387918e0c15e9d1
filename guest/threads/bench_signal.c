/* Benchmark: N signal deliveries with a handler and sigreturn (raise(SIGUSR1)); argv[1] = N. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long hits;
static void handler(int sig) {
  (void)sig;
  hits++;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 20000;
  struct sigaction sa = {0};
  sa.sa_handler = handler;
  sigaction(SIGUSR1, &sa, NULL);
  for (long i = 0; i < n; i++) raise(SIGUSR1);
  printf("%ld\n", hits);
  return hits == n ? 0 : 1;
}
