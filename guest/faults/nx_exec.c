/* Jumps into a readable, writable but not executable page: #PF with the
   instruction-fetch bit (SIGSEGV), even though the bytes are valid code. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
    unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("setup failed\n"); return 1; }
    static const unsigned char code[] = {0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3}; /* mov eax, 42; ret */
    memcpy(p, code, sizeof code);
    printf("about to call code on a non-executable page\n");
    fflush(stdout);
    int r;
    __asm__ volatile("call *%1" : "=a"(r) : "r"(p) : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
    printf("not reached %d\n", r);
    return 0;
}
