/* Unbounded recursion runs off the end of the stack: #PF (SIGSEGV). */
#include <stdio.h>

/* never equal to a depth that is reached; keeps the compiler from treating the recursion as endless */
static volatile long stop_at = -1;

__attribute__((noipa)) static long recurse(long n, volatile char *prev) {
    volatile char frame[256];
    if (n == stop_at) return 0;
    frame[0] = (char)n;
    frame[255] = prev ? prev[0] : 0;
    return recurse(n + 1, frame) + frame[255];
}

int main(void) {
    printf("about to recurse without limit\n");
    fflush(stdout);
    long r = recurse(0, 0);
    printf("not reached %ld\n", r);
    return 0;
}
