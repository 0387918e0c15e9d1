/* raise(SIGTERM) with the default action: the process is killed by SIGTERM (status 128+15). */
#include <signal.h>
#include <stdio.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("raising SIGTERM\n");
  raise(SIGTERM);
  printf("not reached\n");
  return 0;
}
