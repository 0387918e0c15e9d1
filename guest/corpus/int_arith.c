/* Integer arithmetic at every width: + - * / % & | ^ shifts, signed and
   unsigned division, wrap-around of unsigned and narrow types. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>

int8_t v8[] = {0, 1, -1, 7, -7, 100, -100, 127, -128, 13};
uint8_t u8[] = {0, 1, 2, 7, 100, 127, 128, 200, 255, 13};
int16_t v16[] = {0, 1, -1, 300, -300, 12345, -12345, 32767, -32768, 77};
uint16_t u16[] = {0, 1, 2, 300, 12345, 32767, 32768, 50000, 65535, 77};
int32_t v32[] = {0, 1, -1, 1000, -1000, 123456789, -123456789, INT32_MAX, INT32_MIN, 97};
uint32_t u32[] = {0, 1, 2, 1000, 123456789, 0x7fffffffu, 0x80000000u, 3000000000u, 0xffffffffu, 97};
int64_t v64[] = {0, 1, -1, 1000000007, -1000000007, 123456789012345LL, -123456789012345LL,
                 INT64_MAX, INT64_MIN, 0x5555555555LL};
uint64_t u64[] = {0, 1, 2, 1000000007, 123456789012345ULL, 0x7fffffffffffffffULL,
                  0x8000000000000000ULL, 18000000000000000000ULL, UINT64_MAX, 0x5555555555ULL};

#define N 10

static uint64_t hash = 1469598103934665603ULL;
static void mix(uint64_t v) { hash = (hash ^ v) * 1099511628211ULL; }

static void t_s8(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int8_t a = v8[i], b = v8[j];
            int8_t s = (int8_t)(a + b), d = (int8_t)(a - b), m = (int8_t)(a * b);
            int q = 0, r = 0;
            if (b != 0) { q = (int8_t)(a / b); r = (int8_t)(a % b); }
            printf("s8 %d %d: %d %d %d %d %d\n", a, b, s, d, m, q, r);
            mix((uint8_t)s); mix((uint8_t)m); mix((uint8_t)q);
        }
}

static void t_u8(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint8_t a = u8[i], b = u8[j];
            uint8_t s = a + b, d = a - b, m = a * b;
            unsigned q = 0, r = 0;
            if (b) { q = a / b; r = a % b; }
            printf("u8 %u %u: %u %u %u %u %u %u\n", a, b, s, d, m, q, r, (uint8_t)(a ^ b));
            mix(s); mix(d); mix(m);
        }
}

static void t_s16(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int16_t a = v16[i], b = v16[j];
            int16_t s = (int16_t)(a + b), d = (int16_t)(a - b), m = (int16_t)(a * b);
            int q = 0, r = 0;
            if (b != 0) { q = (int16_t)(a / b); r = (int16_t)(a % b); }
            printf("s16 %d %d: %d %d %d %d %d\n", a, b, s, d, m, q, r);
            mix((uint16_t)m);
        }
}

static void t_u16(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint16_t a = u16[i], b = u16[j];
            uint16_t s = a + b, d = a - b, m = (uint16_t)((unsigned)a * b);
            unsigned q = 0, r = 0;
            if (b) { q = a / b; r = a % b; }
            printf("u16 %u %u: %u %u %u %u %u\n", a, b, s, d, m, q, r);
            mix(m);
        }
}

static void t_s32(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t a = v32[i], b = v32[j];
            int32_t s = (int32_t)((uint32_t)a + (uint32_t)b);
            int32_t d = (int32_t)((uint32_t)a - (uint32_t)b);
            int32_t m = (int32_t)((uint32_t)a * (uint32_t)b);
            int64_t wide = (int64_t)a * b;
            if (b == 0 || (a == INT32_MIN && b == -1)) {
                printf("s32 %d %d: %d %d %d %" PRId64 " nodiv\n", a, b, s, d, m, wide);
            } else {
                printf("s32 %d %d: %d %d %d %" PRId64 " %d %d\n", a, b, s, d, m, wide, a / b, a % b);
                mix((uint32_t)(a / b));
            }
            mix((uint32_t)m);
        }
}

static void t_u32(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint32_t a = u32[i], b = u32[j];
            uint64_t wide = (uint64_t)a * b;
            if (b == 0)
                printf("u32 %u %u: %u %u %u %" PRIu64 " nodiv\n", a, b, a + b, a - b, a * b, wide);
            else
                printf("u32 %u %u: %u %u %u %" PRIu64 " %u %u\n", a, b, a + b, a - b, a * b, wide, a / b, a % b);
            mix(a * b);
        }
}

static void t_s64(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int64_t a = v64[i], b = v64[j];
            int64_t s = (int64_t)((uint64_t)a + (uint64_t)b);
            int64_t d = (int64_t)((uint64_t)a - (uint64_t)b);
            int64_t m = (int64_t)((uint64_t)a * (uint64_t)b);
            if (b == 0 || (a == INT64_MIN && b == -1)) {
                printf("s64 %" PRId64 " %" PRId64 ": %" PRId64 " %" PRId64 " %" PRId64 " nodiv\n", a, b, s, d, m);
            } else {
                printf("s64 %" PRId64 " %" PRId64 ": %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 " %" PRId64 "\n",
                       a, b, s, d, m, a / b, a % b);
                mix((uint64_t)(a % b));
            }
            mix((uint64_t)m);
        }
}

static void t_u64(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            uint64_t a = u64[i], b = u64[j];
            if (b == 0)
                printf("u64 %" PRIu64 " %" PRIu64 ": %" PRIu64 " %" PRIu64 " %" PRIu64 " nodiv\n", a, b, a + b, a - b, a * b);
            else
                printf("u64 %" PRIu64 " %" PRIu64 ": %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
                       a, b, a + b, a - b, a * b, a / b, a % b);
            mix(a * b);
        }
}

static void t_shifts(void) {
    for (int i = 0; i < N; i++) {
        uint64_t acc = 0;
        for (int c = 0; c < 64; c++) {
            uint64_t l = u64[i] << c, r = u64[i] >> c;
            int64_t ar = v64[i] >> c;
            acc = acc * 31 + (l ^ r ^ (uint64_t)ar);
        }
        for (int c = 0; c < 32; c++) {
            uint32_t l = u32[i] << c, r = u32[i] >> c;
            int32_t ar = v32[i] >> c;
            acc = acc * 37 + (l ^ r ^ (uint32_t)ar);
        }
        for (int c = 0; c < 16; c++) {
            uint16_t l = (uint16_t)(u16[i] << c);
            int16_t ar = (int16_t)(v16[i] >> c);
            uint8_t l8 = (uint8_t)(u8[i] << (c & 7));
            int8_t ar8 = (int8_t)(v8[i] >> (c & 7));
            acc = acc * 41 + l + (uint16_t)ar + l8 + (uint8_t)ar8;
        }
        printf("shifts %d: %016" PRIx64 "\n", i, acc);
        mix(acc);
    }
}

static void t_mixed(void) {
    /* conversions between widths, sign extension, truncation */
    for (int i = 0; i < N; i++) {
        int64_t x = v64[i];
        printf("conv %" PRId64 ": %d %u %d %u %d %u %" PRIu64 "\n", x,
               (int8_t)x, (uint8_t)x, (int16_t)x, (uint16_t)x, (int32_t)x, (uint32_t)x, (uint64_t)x);
        int32_t y = v32[i];
        printf("ext %d: %" PRId64 " %" PRIu64 " %" PRIu64 "\n", y, (int64_t)y, (uint64_t)(uint32_t)y, (uint64_t)(int64_t)y);
        mix((uint64_t)(int64_t)(int8_t)x);
    }
    /* comparisons signed vs unsigned */
    int cnt = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            cnt += (v64[i] < v64[j]) + 2 * (u64[i] < u64[j]) + 4 * (v32[i] <= v32[j]) + 8 * (u32[i] >= u32[j]);
            cnt += (v16[i] > v16[j]) + (u16[i] > u16[j]) + (v8[i] < v8[j]) + (u8[i] < u8[j]);
        }
    printf("cmp count %d\n", cnt);
    mix((uint64_t)cnt);
}

int main(void) {
    t_s8(); t_u8(); t_s16(); t_u16(); t_s32(); t_u32(); t_s64(); t_u64();
    t_shifts(); t_mixed();
    printf("hash %016" PRIx64 "\n", hash);
    return 0;
}
