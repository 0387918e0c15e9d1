/* Integer division by zero: idiv with a zero divisor raises #DE (SIGFPE). */
#include <stdio.h>

int main(void) {
    printf("about to divide by zero\n");
    fflush(stdout);
    int q, r;
    __asm__ volatile("cltd\n\tidivl %2" : "=a"(q), "=&d"(r) : "r"(0), "a"(100));
    printf("not reached %d %d\n", q, r);
    return 0;
}
