/* movaps requires a 16-byte aligned operand: a misaligned one raises #GP
   (SIGSEGV) although the memory itself is readable. */
#include <stdio.h>

static char buf[64] __attribute__((aligned(16)));

int main(void) {
    printf("about to execute movaps on a misaligned address\n");
    fflush(stdout);
    __asm__ volatile("movaps (%0), %%xmm0" : : "r"(buf + 4) : "xmm0", "memory");
    printf("not reached\n");
    return 0;
}
