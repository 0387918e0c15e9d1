/* memcpy, memmove (overlapping both ways), memset, memcmp, memchr,
   memrchr and memmem over many sizes and alignments, each checked
   against a plain byte loop. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <stdint.h>

#define BUF 1536
static unsigned char src[BUF + 64], dst[BUF + 64], ref[BUF + 64];
static uint32_t seed = 12345;
static unsigned char rnd(void) { seed = seed * 1103515245u + 12345u; return (unsigned char)(seed >> 16); }

static void fill(unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) p[i] = rnd(); }
static int sgn(int v) { return (v > 0) - (v < 0); }

static void naive_move(unsigned char *d, const unsigned char *s, size_t n) {
    unsigned char tmp[BUF + 64];
    for (size_t i = 0; i < n; i++) tmp[i] = s[i];
    for (size_t i = 0; i < n; i++) d[i] = tmp[i];
}

static uint32_t sum(const unsigned char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static size_t sizes[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
                         129, 255, 256, 257, 511, 512, 513, 1000, 1024, 1400};
#define NS (sizeof sizes / sizeof sizes[0])

int main(void) {
    int errors = 0;
    uint32_t total = 0;
    /* memcpy at all alignments */
    for (size_t si = 0; si < NS; si++) {
        size_t n = sizes[si];
        for (int sa = 0; sa < 16; sa += 3)
            for (int da = 0; da < 16; da += 5) {
                size_t span = n + 32;
                fill(src, span);
                fill(dst, span);
                memcpy(ref, dst, span);
                for (size_t i = 0; i < n; i++) ref[da + i] = src[sa + i];
                memcpy(dst + da, src + sa, n);
                if (memcmp(dst, ref, span) != 0) { errors++; printf("memcpy error n=%zu sa=%d da=%d\n", n, sa, da); }
                total += sum(dst, span);
            }
    }
    printf("memcpy done errors=%d sum=%08x\n", errors, total);
    /* memmove overlapping forward and backward */
    for (size_t si = 0; si < NS; si++) {
        size_t n = sizes[si];
        if (n + 40 > BUF) continue;
        static const int shifts[] = {-33, -17, -16, -9, -8, -1, 0, 1, 3, 8, 15, 16, 31, 33};
        for (unsigned k = 0; k < sizeof shifts / sizeof shifts[0]; k++) {
            int s = shifts[k];
            size_t span = n + 80;
            fill(dst, span);
            memcpy(ref, dst, span);
            unsigned char *from = dst + 40, *to = dst + 40 + s;
            naive_move(ref + 40 + s, ref + 40, n);
            memmove(to, from, n);
            if (memcmp(dst, ref, span) != 0) { errors++; printf("memmove error n=%zu s=%d\n", n, s); }
            total += sum(dst, span);
        }
    }
    printf("memmove done errors=%d sum=%08x\n", errors, total);
    /* memset */
    for (size_t si = 0; si < NS; si++) {
        size_t n = sizes[si];
        for (int a = 0; a < 16; a += 3) {
            size_t span = n + 32;
            fill(dst, span);
            memcpy(ref, dst, span);
            int c = rnd() | ((int)rnd() << 8);
            for (size_t i = 0; i < n; i++) ref[a + i] = (unsigned char)c;
            memset(dst + a, c, n);
            if (memcmp(dst, ref, span) != 0) { errors++; printf("memset error n=%zu a=%d\n", n, a); }
        }
    }
    printf("memset done errors=%d\n", errors);
    /* memcmp sign, differences at every position */
    int signs[3] = {0, 0, 0};
    for (size_t si = 0; si < NS; si++) {
        size_t n = sizes[si];
        if (n > BUF) continue;
        for (int a = 0; a < 16; a += 7) {
            fill(src, n + 16);
            memcpy(dst + a, src, n);
            int r = memcmp(dst + a, src, n);
            if (r != 0) { errors++; printf("memcmp equal error n=%zu\n", n); }
            for (size_t pos = 0; pos < n; pos += 1 + n / 13) {
                unsigned char old = dst[a + pos];
                dst[a + pos] = (unsigned char)(old + 1 + (rnd() % 255));
                int want = dst[a + pos] > src[pos] ? 1 : -1;
                int got = sgn(memcmp(dst + a, src, n));
                if (want != got) { errors++; printf("memcmp error n=%zu pos=%zu\n", n, pos); }
                signs[got + 1]++;
                dst[a + pos] = old;
            }
        }
    }
    printf("memcmp done errors=%d neg=%d zero=%d pos=%d\n", errors, signs[0], signs[1], signs[2]);
    /* memchr / memrchr */
    long found = 0;
    for (size_t si = 0; si < NS; si++) {
        size_t n = sizes[si];
        for (int a = 0; a < 16; a += 5) {
            for (size_t i = 0; i < n; i++) dst[a + i] = (unsigned char)('a' + i % 20);
            for (int c = 'a'; c <= 'z'; c += 3) {
                unsigned char *p = memchr(dst + a, c, n);
                unsigned char *q = memrchr(dst + a, c, n);
                long want_first = -1, want_last = -1;
                for (size_t i = 0; i < n; i++)
                    if (dst[a + i] == c) { if (want_first < 0) want_first = (long)i; want_last = (long)i; }
                long got_first = p ? (long)(p - (dst + a)) : -1;
                long got_last = q ? (long)(q - (dst + a)) : -1;
                if (got_first != want_first || got_last != want_last) { errors++; printf("memchr error\n"); }
                found += got_first + got_last;
            }
        }
    }
    printf("memchr done errors=%d found=%ld\n", errors, found);
    /* memmem */
    const char *hay = "the quick brown fox jumps over the lazy dog; the quick brown cat";
    const char *needles[] = {"the", "quick brown c", "dog", "x", "", "cat", "zebra", "fox jumps over"};
    for (unsigned i = 0; i < sizeof needles / sizeof needles[0]; i++) {
        const char *p = memmem(hay, strlen(hay), needles[i], strlen(needles[i]));
        printf("memmem '%s' -> %ld\n", needles[i], p ? (long)(p - hay) : -1L);
    }
    printf("total errors %d checksum %08x\n", errors, total);
    return errors != 0;
}
