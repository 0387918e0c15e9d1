/* Reads address 0, which is never mapped: #PF (SIGSEGV). */
#include <stdio.h>

int main(void) {
    printf("about to read address 0\n");
    fflush(stdout);
    long v;
    __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(0L) : "memory");
    printf("not reached %ld\n", v);
    return 0;
}
