/* Calls through a null function pointer: instruction fetch at 0 (SIGSEGV). */
#include <stdio.h>

int main(void) {
    printf("about to call address 0\n");
    fflush(stdout);
    __asm__ volatile("xorl %%eax, %%eax\n\tcall *%%rax" : : : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
    printf("not reached\n");
    return 0;
}
