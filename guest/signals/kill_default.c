/* kill(getpid(), SIGUSR1) with the default action; SIGCHLD and SIGURG defaults are ignored first. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  kill(getpid(), SIGCHLD);
  kill(getpid(), SIGURG);
  kill(getpid(), SIGCONT);
  printf("SIGCHLD, SIGURG and SIGCONT ignored; sending SIGUSR1\n");
  kill(getpid(), SIGUSR1);
  printf("not reached\n");
  return 0;
}
