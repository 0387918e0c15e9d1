/* Sieve of Eratosthenes (byte array and bit array), prime counting,
   twin primes, prime gaps, a segmented sieve, and Goldbach checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define LIMIT 500000

int main(void) {
    uint8_t *comp = calloc(LIMIT + 1, 1);
    comp[0] = comp[1] = 1;
    for (uint32_t i = 2; (uint64_t)i * i <= LIMIT; i++)
        if (!comp[i])
            for (uint32_t j = i * i; j <= LIMIT; j += i) comp[j] = 1;
    uint32_t marks[] = {10, 100, 1000, 10000, 100000, 200000, 500000};
    uint32_t count = 0, mi = 0, twins = 0, last = 0, maxgap = 0, gap_at = 0;
    uint64_t sum = 0;
    for (uint32_t n = 0; n <= LIMIT; n++) {
        if (!comp[n]) {
            count++;
            sum += n;
            if (n >= 3 && !comp[n - 2]) twins++;
            if (last && n - last > maxgap) { maxgap = n - last; gap_at = last; }
            last = n;
        }
        if (mi < 7 && n == marks[mi]) { printf("pi(%u) = %u\n", n, count); mi++; }
    }
    printf("sum of primes <= %d: %llu\n", LIMIT, (unsigned long long)sum);
    printf("twin prime pairs: %u, largest prime: %u, max gap %u after %u\n", twins, last, maxgap, gap_at);
    /* bit sieve of odd numbers only */
    uint32_t nbits = LIMIT / 2 + 1;
    uint64_t *bits = calloc(nbits / 64 + 1, 8);
    for (uint32_t i = 1; (2 * i + 1) * (2 * i + 1) <= LIMIT; i++)
        if (!(bits[i / 64] >> (i % 64) & 1))
            for (uint32_t j = (2 * i + 1) * (2 * i + 1) / 2; j < nbits; j += 2 * i + 1) bits[j / 64] |= 1ULL << (j % 64);
    uint32_t bcount = 1; /* the prime 2 */
    for (uint32_t i = 1; i < nbits && 2 * i + 1 <= LIMIT; i++) bcount += !(bits[i / 64] >> (i % 64) & 1);
    printf("bit sieve count %u (matches %d)\n", bcount, bcount == count);
    /* segmented sieve for [10^9, 10^9 + 100000) */
    uint64_t lo = 1000000000ULL, span = 30000;
    uint8_t *seg = calloc(span, 1);
    for (uint32_t p = 2; (uint64_t)p * p < lo + span; p++) {
        if (comp[p]) continue;
        uint64_t start = (lo + p - 1) / p * p;
        for (uint64_t m = start; m < lo + span; m += p) seg[m - lo] = 1;
    }
    uint32_t segc = 0;
    uint64_t first = 0, lastp = 0;
    for (uint64_t i = 0; i < span; i++)
        if (!seg[i]) { segc++; if (!first) first = lo + i; lastp = lo + i; }
    printf("primes in [1e9, 1e9+3e4): %u, first %llu, last %llu\n", segc, (unsigned long long)first, (unsigned long long)lastp);
    /* Goldbach: every even number up to 100000 is a sum of two primes; report the hardest */
    uint32_t worst = 0, worst_n = 0;
    for (uint32_t n = 4; n <= 30000; n += 2) {
        uint32_t p = 2;
        while (comp[p] || comp[n - p]) p++;
        if (p > worst) { worst = p; worst_n = n; }
    }
    printf("goldbach: largest smallest-prime %u for n=%u\n", worst, worst_n);
    free(comp); free(bits); free(seg);
    return 0;
}
