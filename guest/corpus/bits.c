/* Bit manipulation: popcount, clz, ctz, ffs, parity, bswap, rotates,
   variable shifts, bit reversal and classic bit tricks. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static uint64_t state = 0x243f6a8885a308d3ULL;
static uint64_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static uint32_t rotl32(uint32_t x, unsigned r) { r &= 31; return (x << r) | (x >> ((32 - r) & 31)); }
static uint32_t rotr32(uint32_t x, unsigned r) { r &= 31; return (x >> r) | (x << ((32 - r) & 31)); }
static uint64_t rotl64(uint64_t x, unsigned r) { r &= 63; return (x << r) | (x >> ((64 - r) & 63)); }
static uint64_t rotr64(uint64_t x, unsigned r) { r &= 63; return (x >> r) | (x << ((64 - r) & 63)); }
static uint16_t rotl16(uint16_t x, unsigned r) { r &= 15; return (uint16_t)((x << r) | (x >> ((16 - r) & 15))); }
static uint8_t rotl8(uint8_t x, unsigned r) { r &= 7; return (uint8_t)((x << r) | (x >> ((8 - r) & 7))); }

static uint32_t rev32(uint32_t x) {
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    return __builtin_bswap32(x);
}

static int naive_pop(uint64_t x) { int n = 0; while (x) { n += (int)(x & 1); x >>= 1; } return n; }

uint64_t fixed[] = {0, 1, 2, 3, 0x80, 0xff, 0x8000000000000000ULL, 0xffffffffffffffffULL,
                    0x0123456789abcdefULL, 0xf0f0f0f00f0f0f0fULL, 0x100000000ULL, 0x7fffffffULL};

int main(void) {
    for (unsigned i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        uint64_t x = fixed[i];
        uint32_t y = (uint32_t)x;
        printf("%016" PRIx64 ": pop %d/%d par %d", x, __builtin_popcountll(x), __builtin_popcount(y),
               __builtin_parityll(x));
        if (x) printf(" clz %d ctz %d", __builtin_clzll(x), __builtin_ctzll(x));
        if (y) printf(" clz32 %d ctz32 %d", __builtin_clz(y), __builtin_ctz(y));
        printf(" ffs %d ffs64 %d", __builtin_ffs((int)y), __builtin_ffsll((long long)x));
        printf(" bswap %016" PRIx64 " %08x %04x clrsb %d\n", __builtin_bswap64(x), __builtin_bswap32(y),
               __builtin_bswap16((uint16_t)y), __builtin_clrsbll((long long)x));
    }
    uint64_t h = 0;
    int popmismatch = 0;
    for (int i = 0; i < 5000; i++) {
        uint64_t x = next();
        unsigned r = (unsigned)(next() % 200);
        uint32_t y = (uint32_t)x;
        if (naive_pop(x) != __builtin_popcountll(x)) popmismatch++;
        h = h * 0x100000001b3ULL + rotl64(x, r) + rotr64(x, r + 3);
        h ^= rotl32(y, r) + rotr32(y, r * 7);
        h += rotl16((uint16_t)x, r) + rotl8((uint8_t)x, r);
        h ^= (x << (r & 63)) ^ (x >> (r & 63)) ^ (uint64_t)((int64_t)x >> (r & 63));
        h += (uint64_t)(y << (r & 31)) + (y >> (r & 31)) + (uint32_t)((int32_t)y >> (r & 31));
        h ^= rev32(y);
        if (x) h += (uint64_t)__builtin_clzll(x) * 3 + (uint64_t)__builtin_ctzll(x);
        if (i % 500 == 0)
            printf("step %d x=%016" PRIx64 " r=%u rotl=%016" PRIx64 " rev=%08x h=%016" PRIx64 "\n", i, x, r,
                   rotl64(x, r), rev32(y), h);
    }
    printf("popcount mismatches %d\n", popmismatch);
    /* classic tricks */
    for (uint32_t v = 1; v < 2000000000u; v = v * 3 + 1) {
        uint32_t lowest = v & -v;
        uint32_t cleared = v & (v - 1);
        uint32_t next_pow2 = v - 1;
        next_pow2 |= next_pow2 >> 1; next_pow2 |= next_pow2 >> 2; next_pow2 |= next_pow2 >> 4;
        next_pow2 |= next_pow2 >> 8; next_pow2 |= next_pow2 >> 16; next_pow2++;
        /* next permutation with same popcount */
        uint32_t t = v | (v - 1);
        uint32_t perm = (t + 1) | (((~t & -~t) - 1) >> (__builtin_ctz(v) + 1));
        printf("v=%u lowest=%u cleared=%u np2=%u perm=%u ispow2=%d\n", v, lowest, cleared, next_pow2, perm,
               (v & (v - 1)) == 0);
    }
    /* 16-bit and 8-bit shifts with counts beyond width after promotion */
    uint16_t s16 = 0xbeef;
    uint8_t s8 = 0xa5;
    for (int c = 0; c < 20; c++)
        printf("%d: %x %x %x %x\n", c, (unsigned)(s16 << c), (unsigned)(s16 >> (c & 15)), (unsigned)(s8 << c),
               (unsigned)((int8_t)s8 >> (c & 7)));
    printf("final %016" PRIx64 "\n", h);
    return 0;
}
