/* A fault whose signal is ignored (SIGFPE set to SIG_IGN): it is forced to SIG_DFL and kills. */
#include <signal.h>
#include <stdio.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  signal(SIGFPE, SIG_IGN);
  raise(SIGFPE); /* a sent SIGFPE is ignored... */
  printf("raise(SIGFPE) was ignored; now dividing by zero\n");
  volatile int zero = 0;
  printf("%d\n", 7 / zero); /* ...a fault is not */
  return 0;
}
