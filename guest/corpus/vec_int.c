/* Integer loops that gcc -O2 auto-vectorises with SSE2: sums, min/max,
   element-wise arithmetic on int32/int16/uint8/int64 arrays, byte
   histograms, array reversal, dot products, saturating-style clamps. */
#include <stdio.h>
#include <stdint.h>

#define N 4096
static int32_t a[N], b[N], c[N];
static int16_t h1[N], h2[N], h3[N];
static uint8_t u1[N], u2[N], u3[N];
static int64_t q1[N], q2[N];
static uint32_t seed = 99;
static uint32_t rnd(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

__attribute__((noinline)) static int64_t sum32(const int32_t *x) {
    uint32_t s = 0; /* wraps: vectorised as 32-bit lanes */
    for (int i = 0; i < N; i++) s += (uint32_t)x[i];
    return (int32_t)s;
}
__attribute__((noinline)) static int32_t min32(const int32_t *x) {
    int32_t m = x[0];
    for (int i = 0; i < N; i++) m = x[i] < m ? x[i] : m;
    return m;
}
__attribute__((noinline)) static int32_t max32(const int32_t *x) {
    int32_t m = x[0];
    for (int i = 0; i < N; i++) m = x[i] > m ? x[i] : m;
    return m;
}
__attribute__((noinline)) static uint8_t maxu8(const uint8_t *x) {
    uint8_t m = 0;
    for (int i = 0; i < N; i++) m = x[i] > m ? x[i] : m;
    return m;
}
__attribute__((noinline)) static uint8_t minu8(const uint8_t *x) {
    uint8_t m = 255;
    for (int i = 0; i < N; i++) m = x[i] < m ? x[i] : m;
    return m;
}
__attribute__((noinline)) static uint32_t sumu8(const uint8_t *x) {
    uint32_t s = 0;
    for (int i = 0; i < N; i++) s += x[i];
    return s;
}
__attribute__((noinline)) static void add_mul(void) {
    for (int i = 0; i < N; i++) c[i] = (int32_t)((uint32_t)a[i] * 3u + (uint32_t)b[i] - (uint32_t)(a[i] >> 2));
}
__attribute__((noinline)) static void mul32(void) {
    for (int i = 0; i < N; i++) c[i] = (int32_t)((uint32_t)a[i] * (uint32_t)b[i]);
}
__attribute__((noinline)) static int64_t dot32(void) {
    uint32_t s = 0;
    for (int i = 0; i < N; i++) s += (uint32_t)a[i] * (uint32_t)b[i];
    return (int32_t)s;
}
__attribute__((noinline)) static void ops16(void) {
    for (int i = 0; i < N; i++) h3[i] = (int16_t)(h1[i] * h2[i] + (h1[i] ^ h2[i]));
}
__attribute__((noinline)) static void avg8(void) {
    for (int i = 0; i < N; i++) u3[i] = (uint8_t)((u1[i] + u2[i] + 1) >> 1);
}
__attribute__((noinline)) static void absdiff8(void) {
    for (int i = 0; i < N; i++) u3[i] = u1[i] > u2[i] ? u1[i] - u2[i] : u2[i] - u1[i];
}
__attribute__((noinline)) static void clamp32(void) {
    for (int i = 0; i < N; i++) {
        int32_t v = a[i];
        c[i] = v < -1000 ? -1000 : v > 1000 ? 1000 : v;
    }
}
__attribute__((noinline)) static void reverse32(int32_t *x) {
    for (int i = 0; i < N / 2; i++) { int32_t t = x[i]; x[i] = x[N - 1 - i]; x[N - 1 - i] = t; }
}
__attribute__((noinline)) static void ops64(void) {
    for (int i = 0; i < N; i++) q2[i] = (int64_t)(((uint64_t)q1[i] << 3) + (uint64_t)(q1[i] >> 5) - (uint64_t)(q1[i] & 0xff) + (uint64_t)q2[i]);
}
__attribute__((noinline)) static void bytecopy_xor(void) {
    for (int i = 0; i < N; i++) u3[i] = (uint8_t)(u1[i] ^ 0x5a);
}

static uint64_t hash_bytes(const void *p, size_t n) {
    const uint8_t *x = p;
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ x[i]) * 1099511628211ULL;
    return h;
}

int main(void) {
    for (int i = 0; i < N; i++) {
        a[i] = (int32_t)rnd() >> (rnd() % 24);
        b[i] = (int32_t)(rnd() % 20001) - 10000;
        h1[i] = (int16_t)rnd();
        h2[i] = (int16_t)(rnd() % 300);
        u1[i] = (uint8_t)rnd();
        u2[i] = (uint8_t)(rnd() % 97);
        q1[i] = (int64_t)(((uint64_t)rnd() << 32) | rnd());
        q2[i] = (int64_t)rnd();
    }
    printf("sum32 %lld min %d max %d\n", (long long)sum32(a), min32(a), max32(a));
    printf("u8 max %u min %u sum %u\n", maxu8(u1), minu8(u2), sumu8(u1));
    add_mul();
    printf("add_mul %016llx\n", (unsigned long long)hash_bytes(c, sizeof c));
    mul32();
    printf("mul32 %016llx dot %lld\n", (unsigned long long)hash_bytes(c, sizeof c), (long long)dot32());
    ops16();
    printf("ops16 %016llx\n", (unsigned long long)hash_bytes(h3, sizeof h3));
    avg8();
    printf("avg8 %016llx\n", (unsigned long long)hash_bytes(u3, sizeof u3));
    absdiff8();
    printf("absdiff8 %016llx\n", (unsigned long long)hash_bytes(u3, sizeof u3));
    clamp32();
    printf("clamp32 %016llx\n", (unsigned long long)hash_bytes(c, sizeof c));
    reverse32(a);
    printf("reverse %d %d %016llx\n", a[0], a[N - 1], (unsigned long long)hash_bytes(a, sizeof a));
    for (int r = 0; r < 10; r++) ops64();
    printf("ops64 %016llx\n", (unsigned long long)hash_bytes(q2, sizeof q2));
    bytecopy_xor();
    printf("xor8 %016llx\n", (unsigned long long)hash_bytes(u3, sizeof u3));
    return 0;
}
