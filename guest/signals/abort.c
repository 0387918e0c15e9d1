/* abort() with a SIGABRT handler that returns: abort() still ends the process by SIGABRT. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_abrt(int sig) { printf("SIGABRT handler ran (sig %d), returning\n", sig); }

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  signal(SIGABRT, on_abrt);
  printf("calling abort()\n");
  abort();
}
