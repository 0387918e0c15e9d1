/* CPU benchmark: computes argv[1]! (default 9000) with base-10^9 limbs,
   then squares the result with schoolbook multiplication; prints the
   digit counts and digit sums as a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define BASE 1000000000u

static unsigned digit_sum(const uint32_t *d, long n, long *digits) {
    unsigned s = 0;
    for (long i = 0; i < n; i++)
        for (uint32_t v = d[i]; v; v /= 10) s += v % 10;
    long top = 0;
    for (uint32_t v = d[n - 1]; v; v /= 10) top++;
    *digits = (n - 1) * 9 + top;
    return s;
}

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 9000;
    if (n < 1) n = 1;
    long cap = 16;
    uint32_t *f = malloc((size_t)cap * 4);
    long len = 1;
    f[0] = 1;
    for (long k = 2; k <= n; k++) {
        uint64_t carry = 0;
        for (long i = 0; i < len; i++) {
            uint64_t t = (uint64_t)f[i] * (uint64_t)k + carry;
            f[i] = (uint32_t)(t % BASE);
            carry = t / BASE;
        }
        while (carry) {
            if (len == cap) { cap *= 2; f = realloc(f, (size_t)cap * 4); }
            f[len++] = (uint32_t)(carry % BASE);
            carry /= BASE;
        }
    }
    long digits;
    unsigned ds = digit_sum(f, len, &digits);
    printf("bench_bignum %ld! has %ld digits, digit sum %u, leading limb %u\n", n, digits, ds, f[len - 1]);
    /* square it */
    uint64_t *acc = calloc((size_t)(2 * len + 1), 8);
    for (long i = 0; i < len; i++) {
        uint64_t carry = 0, fi = f[i];
        for (long j = 0; j < len; j++) {
            uint64_t t = acc[i + j] + fi * f[j] + carry;
            acc[i + j] = t % BASE;
            carry = t / BASE;
        }
        long k = i + len;
        while (carry) { uint64_t t = acc[k] + carry; acc[k] = t % BASE; carry = t / BASE; k++; }
    }
    long sl = 2 * len;
    while (sl > 1 && acc[sl - 1] == 0) sl--;
    uint32_t *sq = malloc((size_t)sl * 4);
    for (long i = 0; i < sl; i++) sq[i] = (uint32_t)acc[i];
    unsigned ds2 = digit_sum(sq, sl, &digits);
    printf("square has %ld digits, digit sum %u, leading limb %u\n", digits, ds2, sq[sl - 1]);
    free(f); free(acc); free(sq);
    return 0;
}
