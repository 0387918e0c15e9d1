/* Reads a page that was mapped and then unmapped: #PF (SIGSEGV). */
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
    char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || munmap(p, 4096) != 0) { printf("setup failed\n"); return 1; }
    printf("about to read an unmapped page\n");
    fflush(stdout);
    long v;
    __asm__ volatile("movq (%1), %0" : "=r"(v) : "r"(p) : "memory");
    printf("not reached %ld\n", v);
    return 0;
}
