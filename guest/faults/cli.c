/* cli needs IOPL 0 privileges: in user mode it raises #GP (SIGSEGV). */
#include <stdio.h>

int main(void) {
    printf("about to execute cli in user mode\n");
    fflush(stdout);
    __asm__ volatile("cli");
    printf("not reached\n");
    return 0;
}
