/* Pseudo-random generators with fixed seeds: LCGs, xorshift32/64,
   xorshift128+, splitmix64, PCG32 and MT19937, with histogram checks, a
   Fisher-Yates shuffle and a Monte Carlo estimate in integer math. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static uint32_t lcg32(uint32_t *s) { *s = *s * 1103515245u + 12345u; return (*s >> 16) & 0x7fff; }
static uint64_t lcg64(uint64_t *s) { *s = *s * 6364136223846793005ULL + 1442695040888963407ULL; return *s; }
static uint32_t xs32(uint32_t *s) { uint32_t x = *s; x ^= x << 13; x ^= x >> 17; x ^= x << 5; return *s = x; }
static uint64_t xs64(uint64_t *s) { uint64_t x = *s; x ^= x << 13; x ^= x >> 7; x ^= x << 17; return *s = x; }
static uint64_t xs128p(uint64_t s[2]) {
    uint64_t a = s[0], b = s[1];
    s[0] = b;
    a ^= a << 23;
    s[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
    return s[1] + b;
}
static uint64_t splitmix(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
struct pcg { uint64_t state, inc; };
static uint32_t pcg32(struct pcg *r) {
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

static uint32_t mt[624];
static int mti;
static void mt_seed(uint32_t s) {
    mt[0] = s;
    for (mti = 1; mti < 624; mti++) mt[mti] = 1812433253u * (mt[mti - 1] ^ (mt[mti - 1] >> 30)) + (uint32_t)mti;
}
static uint32_t mt_next(void) {
    if (mti >= 624) {
        for (int k = 0; k < 624; k++) {
            uint32_t y = (mt[k] & 0x80000000u) | (mt[(k + 1) % 624] & 0x7fffffffu);
            mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1) ? 0x9908b0dfu : 0);
        }
        mti = 0;
    }
    uint32_t y = mt[mti++];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

int main(void) {
    uint32_t s32 = 1;
    printf("lcg32:");
    for (int i = 0; i < 8; i++) printf(" %u", lcg32(&s32));
    uint64_t s64 = 42;
    printf("\nlcg64:");
    for (int i = 0; i < 4; i++) printf(" %016" PRIx64, lcg64(&s64));
    uint32_t x32 = 2463534242u;
    printf("\nxorshift32:");
    for (int i = 0; i < 6; i++) printf(" %u", xs32(&x32));
    uint64_t x64 = 88172645463325252ULL;
    printf("\nxorshift64:");
    for (int i = 0; i < 4; i++) printf(" %" PRIu64, xs64(&x64));
    uint64_t x128[2] = {1, 2};
    printf("\nxorshift128+:");
    for (int i = 0; i < 4; i++) printf(" %016" PRIx64, xs128p(x128));
    uint64_t sm = 0;
    printf("\nsplitmix64:");
    for (int i = 0; i < 4; i++) printf(" %016" PRIx64, splitmix(&sm));
    struct pcg p = {0, (54u << 1) | 1};
    pcg32(&p);
    p.state += 42;
    pcg32(&p);
    printf("\npcg32:");
    for (int i = 0; i < 6; i++) printf(" 0x%08x", pcg32(&p));
    mt_seed(5489);
    printf("\nmt19937:");
    for (int i = 0; i < 5; i++) printf(" %u", mt_next());
    for (int i = 5; i < 9999; i++) mt_next();
    printf("\nmt19937 10000th: %u\n", mt_next());
    /* histogram of 100000 draws into 16 buckets */
    int hist[16] = {0};
    for (int i = 0; i < 100000; i++) hist[splitmix(&sm) >> 60]++;
    int lo = hist[0], hi = hist[0];
    for (int i = 0; i < 16; i++) { if (hist[i] < lo) lo = hist[i]; if (hist[i] > hi) hi = hist[i]; }
    printf("histogram min=%d max=%d first=%d last=%d\n", lo, hi, hist[0], hist[15]);
    /* Fisher-Yates shuffle of 0..51 */
    int deck[52];
    for (int i = 0; i < 52; i++) deck[i] = i;
    for (int i = 51; i > 0; i--) {
        int j = (int)(pcg32(&p) % (uint32_t)(i + 1));
        int t = deck[i]; deck[i] = deck[j]; deck[j] = t;
    }
    printf("deck:");
    for (int i = 0; i < 52; i++) printf(" %d", deck[i]);
    printf("\n");
    /* Monte Carlo pi with integer points in a 2^15 square */
    long inside = 0, total = 200000;
    for (long i = 0; i < total; i++) {
        uint64_t r = xs64(&x64);
        int64_t a = (int64_t)(r & 0x7fff), b = (int64_t)((r >> 15) & 0x7fff);
        if (a * a + b * b < 32768LL * 32768LL) inside++;
    }
    printf("pi ~ %ld/%ld*4 = %ld.%04ld\n", inside, total, inside * 4 / total, (inside * 4 % total) * 10000 / total);
    return 0;
}
