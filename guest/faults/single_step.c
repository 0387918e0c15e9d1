/* Sets the trap flag with pushf/or/popf: the next instruction completes
   and then raises a single-step #DB (SIGTRAP). */
#include <stdio.h>

int main(void) {
    printf("about to set RFLAGS.TF\n");
    fflush(stdout);
    __asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\tnop" : : : "cc", "memory");
    printf("not reached\n");
    return 0;
}
