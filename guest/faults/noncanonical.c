/* Accesses the non-canonical address 0x8000000000000000: #GP (SIGSEGV). */
#include <stdio.h>

int main(void) {
    printf("about to read a non-canonical address\n");
    fflush(stdout);
    long v;
    __asm__ volatile("movabsq $0x8000000000000000, %%rax\n\tmovq (%%rax), %0" : "=r"(v) : : "rax", "memory");
    printf("not reached %ld\n", v);
    return 0;
}
