/* Returns 42 from main after printing; the status must reach the parent. */
#include <stdio.h>

static int compute(void) {
    int s = 0;
    for (int i = 1; i <= 8; i++) s += i; /* 36 */
    return s + 6;
}

int main(void) {
    int v = compute();
    printf("returning %d from main\n", v);
    return v;
}
