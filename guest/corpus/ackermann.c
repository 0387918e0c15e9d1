/* Ackermann function (deeply and irregularly recursive), with call
   counting, plus the Takeuchi function and a memoised variant. */
#include <stdio.h>

static unsigned long calls;

static unsigned long ack(unsigned long m, unsigned long n) {
    calls++;
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static unsigned long tak_calls;
static int tak(int x, int y, int z) {
    tak_calls++;
    if (y >= x) return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

/* iterative Ackermann with an explicit stack, to cross-check */
static unsigned long ack_iter(unsigned long m, unsigned long n) {
    static unsigned long stack[1 << 16];
    int sp = 0;
    stack[sp++] = m;
    while (sp > 0) {
        m = stack[--sp];
        if (m == 0) n = n + 1;
        else if (n == 0) { stack[sp++] = m - 1; n = 1; }
        else { stack[sp++] = m - 1; stack[sp++] = m; n = n - 1; }
    }
    return n;
}

int main(void) {
    for (unsigned long m = 0; m <= 3; m++)
        for (unsigned long n = 0; n <= (m < 3 ? 10 : 6); n++) {
            calls = 0;
            unsigned long r = ack(m, n);
            printf("A(%lu,%lu) = %lu in %lu calls, iterative %lu\n", m, n, r, calls, ack_iter(m, n));
        }
    calls = 0;
    unsigned long a40 = ack(4, 0);
    printf("A(4,0) = %lu (%lu calls)\n", a40, calls);
    tak_calls = 0;
    int t = tak(18, 12, 6);
    printf("tak(18,12,6) = %d in %lu calls\n", t, tak_calls);
    return 0;
}
