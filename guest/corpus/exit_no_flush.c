/* _exit skips stdio flushing: with stdout not a terminal (a pipe or a
   file, as when output is captured) the unflushed second line is lost. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("flushed line\n");
    fflush(stdout);
    printf("this line stays in the stdio buffer and is lost\n");
    fprintf(stderr, "stderr is unbuffered\n");
    _exit(7);
}
