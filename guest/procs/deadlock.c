/* Never ends natively: a parent waits for its child, which reads a pipe only the parent could
 * write to. Not recorded; test/kernel/procs.test.ts runs it under enclu. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int p[2];
  pipe(p);
  pid_t c = fork();
  if (c == 0) {
    char b;
    read(p[0], &b, 1);
    exit(0);
  }
  printf("waiting for a child that waits for us\n");
  waitpid(c, NULL, 0);
  return 0;
}
