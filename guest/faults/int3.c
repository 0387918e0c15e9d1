/* int3 breakpoint without a debugger: #BP (SIGTRAP). */
#include <stdio.h>

int main(void) {
    printf("about to execute int3\n");
    fflush(stdout);
    __asm__ volatile("int3");
    printf("not reached\n");
    return 0;
}
