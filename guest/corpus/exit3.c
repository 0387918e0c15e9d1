/* Leaves through exit(3) from a nested call, with output still
   buffered in stdio (exit must flush it) and atexit handlers pending. */
#include <stdio.h>
#include <stdlib.h>

static void handler(void) { printf("atexit handler ran\n"); }

/* called through a pointer so the compiler does not see deeper() as endless recursion */
static void (*volatile do_exit)(int) = exit;

static void deeper(int n) {
    printf("deeper(%d)\n", n);
    if (n == 0) {
        fprintf(stderr, "exiting with status 3\n");
        do_exit(3);
        return;
    }
    deeper(n - 1);
    printf("not reached\n");
}

int main(void) {
    atexit(handler);
    printf("buffered line 1\n");
    printf("buffered line 2 (no newline yet)");
    printf("\n");
    deeper(3);
    return 0;
}
