/* Division and modulo by constants (compiled to multiply-and-shift
   sequences at -O2) compared with division by the same values held in
   variables (compiled to div/idiv), for all integer widths and signs. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

volatile int32_t vdiv[] = {1, 2, 3, 5, 7, 10, 12, 25, 60, 100, 641, 1000, 65537, 1000000007, -1, -3, -7, -10, -1000};

#define CHECK_S32(d) do { int32_t q = x / (d), r = x % (d); if (q != x / vd || r != x % vd) bad++; acc = acc * 31 + (uint32_t)q + (uint32_t)r; } while (0)

int main(void) {
    uint64_t acc = 0;
    long bad = 0;
    uint32_t s = 12345;
    for (int i = 0; i < 3000; i++) {
        s = s * 1103515245u + 12345u;
        int32_t x = (int32_t)(s ^ (s << 7));
        if (i < 20) x = (int32_t)(INT32_MIN + i * 107374182);
        int32_t vd;
        vd = vdiv[1]; CHECK_S32(2);
        vd = vdiv[2]; CHECK_S32(3);
        vd = vdiv[3]; CHECK_S32(5);
        vd = vdiv[4]; CHECK_S32(7);
        vd = vdiv[5]; CHECK_S32(10);
        vd = vdiv[6]; CHECK_S32(12);
        vd = vdiv[8]; CHECK_S32(60);
        vd = vdiv[10]; CHECK_S32(641);
        vd = vdiv[11]; CHECK_S32(1000);
        vd = vdiv[12]; CHECK_S32(65537);
        vd = vdiv[13]; CHECK_S32(1000000007);
        vd = vdiv[15]; CHECK_S32(-3);
        vd = vdiv[16]; CHECK_S32(-7);
        vd = vdiv[18]; CHECK_S32(-1000);
        uint32_t u = (uint32_t)x;
        uint32_t uq = u / 7 + u / 10 + u / 1000000007u + u % 641 + u % 3 + u / 0x80000001u;
        uint32_t uq2 = u / (uint32_t)vdiv[4] + u / (uint32_t)vdiv[5] + u / (uint32_t)vdiv[13] + u % (uint32_t)vdiv[10] +
                       u % (uint32_t)vdiv[2] + u / 0x80000001u;
        if (uq != uq2) bad++;
        acc += uq;
        uint64_t w = ((uint64_t)s << 32) ^ (uint64_t)x * 0x9e3779b97f4a7c15ULL;
        uint64_t wq = w / 3 + w / 10 + w / 1000000007ULL + w % 60 + w / 0xFFFFFFFFFFULL;
        uint64_t wq2 = w / (uint64_t)vdiv[2] + w / (uint64_t)vdiv[5] + w / (uint64_t)vdiv[13] + w % (uint64_t)vdiv[8] +
                       w / 0xFFFFFFFFFFULL;
        if (wq != wq2) bad++;
        int64_t sw = (int64_t)w;
        int64_t sq = sw / 7 + sw % 1000 + sw / -10 + sw / 1000000007LL;
        int64_t sq2 = sw / vdiv[4] + sw % vdiv[11] + sw / vdiv[17] + sw / vdiv[13];
        if (sq != sq2) bad++;
        acc = acc * 7 + wq + (uint64_t)sq;
        int16_t h = (int16_t)x;
        int8_t b = (int8_t)x;
        acc += (uint64_t)(h / 7 + h % 10 + b / 3 + b % 5 + (uint16_t)h / 9u + (uint8_t)b / 6u);
        if (i < 8)
            printf("x=%d: /7=%d %%7=%d /-10=%d %%-10=%d u/7=%u w/10=%" PRIu64 " sw/7=%" PRId64 " sw%%1000=%" PRId64 "\n", x, x / 7,
                   x % 7, x / -10, x % -10, u / 7, w / 10, sw / 7, sw % 1000);
    }
    printf("mismatches=%ld acc=%016" PRIx64 "\n", bad, acc);
    /* powers of two: signed division rounds toward zero, shifts do not */
    for (int32_t x = -9; x <= 9; x += 3) printf("%d/4=%d %d%%4=%d %d>>2=%d\n", x, x / 4, x, x % 4, x, x >> 2);
    return 0;
}
