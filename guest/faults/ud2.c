/* ud2 is the architecturally undefined instruction: #UD (SIGILL). */
#include <stdio.h>

int main(void) {
    printf("about to execute ud2\n");
    fflush(stdout);
    __asm__ volatile("ud2");
    printf("not reached\n");
    return 0;
}
