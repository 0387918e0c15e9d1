/* Writes to a PROT_READ mapping: #PF on a present page (SIGSEGV). */
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
    char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("setup failed\n"); return 1; }
    printf("read-only page reads as %d; about to write it\n", p[100]);
    fflush(stdout);
    __asm__ volatile("movb $1, (%0)" : : "r"(p + 100) : "memory");
    printf("not reached\n");
    return 0;
}
