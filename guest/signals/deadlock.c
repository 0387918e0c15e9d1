/*
 * Waits for a signal that nothing can send: natively this hangs forever, so it has no fixture.
 * Under enclu (one task, no timers) the wait is reported as a deadlock and the process is killed
 * with SIGKILL. argv[1] chooses the call: "pause" or "sigsuspend".
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *how = argc > 1 ? argv[1] : "pause";
  printf("waiting in %s\n", how);
  if (strcmp(how, "sigsuspend") == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigsuspend(&none);
  } else {
    pause();
  }
  printf("not reached\n");
  return 0;
}
