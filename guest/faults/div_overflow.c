/* INT64_MIN / -1: the quotient does not fit, idiv raises #DE (SIGFPE). */
#include <stdio.h>
#include <stdint.h>

int main(void) {
    printf("about to divide INT64_MIN by -1\n");
    fflush(stdout);
    int64_t q, r;
    __asm__ volatile("cqo\n\tidivq %2" : "=a"(q), "=&d"(r) : "r"((int64_t)-1), "a"(INT64_MIN));
    printf("not reached %lld %lld\n", (long long)q, (long long)r);
    return 0;
}
