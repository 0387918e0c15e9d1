/* hlt is privileged: executed in user mode it raises #GP (SIGSEGV). */
#include <stdio.h>

int main(void) {
    printf("about to execute hlt in user mode\n");
    fflush(stdout);
    __asm__ volatile("hlt");
    printf("not reached\n");
    return 0;
}
