/* printf integer conversions with every flag, width and precision:
   %d %i %u %x %X %o %c %s %%, length modifiers hh h l ll z j t, '*'
   widths and precisions, %n. */
#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <limits.h>
#include <string.h>

static const char *flags[] = {"", "-", "+", " ", "#", "0", "-+", "#0", "- #"};
static const char *widths[] = {"", "1", "6", "22"};
static const char *precs[] = {"", ".", ".3", ".15"};
static const char convs[] = "diuxXo";

char trunc_word[] = "truncated";

long long vals[] = {0, 1, -1, 42, -42, 255, 65535, 2147483647LL, -2147483647LL - 1, 4294967295LL,
                    9223372036854775807LL, -9223372036854775807LL - 1, 0x1234abcdLL};
#define NV (sizeof vals / sizeof vals[0])

int main(void) {
    char fmt[64];
    for (unsigned f = 0; f < sizeof flags / sizeof flags[0]; f++)
        for (unsigned w = 0; w < sizeof widths / sizeof widths[0]; w++)
            for (unsigned p = 0; p < sizeof precs / sizeof precs[0]; p++)
                for (unsigned c = 0; c < strlen(convs); c++) {
                    /* int-sized conversion */
                    snprintf(fmt, sizeof fmt, "|%%%s%s%s%c", flags[f], widths[w], precs[p], convs[c]);
                    printf("%-14s", fmt + 1);
                    for (unsigned i = 0; i < NV; i += 2) printf(fmt, (int)vals[i]);
                    /* long long conversion */
                    snprintf(fmt, sizeof fmt, "|%%%s%s%sll%c", flags[f], widths[w], precs[p], convs[c]);
                    for (unsigned i = 1; i < NV; i += 2) printf(fmt, vals[i]);
                    printf("|\n");
                }
    /* length modifiers */
    for (unsigned i = 0; i < NV; i++) {
        long long v = vals[i];
        printf("hhd=%hhd hhu=%hhu hhx=%hhx hd=%hd hu=%hu ho=%ho ld=%ld lu=%lu lx=%lx lld=%lld llo=%llo\n",
               (signed char)v, (unsigned char)v, (unsigned char)v, (short)v, (unsigned short)v, (unsigned short)v,
               (long)v, (unsigned long)v, (unsigned long)v, v, (unsigned long long)v);
        printf("zu=%zu zd=%zd zx=%zx jd=%jd ju=%ju jx=%jX td=%td\n", (size_t)v, (ptrdiff_t)v, (size_t)v,
               (intmax_t)v, (uintmax_t)v, (uintmax_t)v, (ptrdiff_t)v);
    }
    /* star width and precision, negative star width means '-' flag */
    for (int w = -12; w <= 12; w += 4)
        for (int p = -2; p <= 6; p += 4)
            printf("[%*.*d] [%*.*x] [%-*d] [%.*s]\n", w, p, 1234, w, p, 0xbeefu, w, -56, p < 0 ? 3 : p, "abcdefgh");
    /* characters and strings */
    for (int ch = 32; ch < 127; ch += 5) printf("%c[%3c][%-3c]", ch, ch, ch);
    printf("\n");
    const char *strs[] = {"", "x", "hello", "a longer string value"};
    for (unsigned i = 0; i < 4; i++)
        printf("[%s][%10s][%-10s][%.3s][%8.2s][%-8.0s][%.30s]\n", strs[i], strs[i], strs[i], strs[i], strs[i], strs[i],
               strs[i]);
    /* %n and %% */
    int n1 = 0, n2 = 0;
    printf("abc%n%%def%5d%n\n", &n1, 7, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    /* return value of printf and snprintf truncation */
    char small[8];
    int r = snprintf(small, sizeof small, "%d-%s", 123456, trunc_word);
    printf("snprintf returned %d, buffer=[%s]\n", r, small);
    r = printf("%s=%+.5d\n", "count", 77);
    printf("printf returned %d\n", r);
    printf("limits %d %d %u %ld %lu %lld %llu\n", INT_MIN, INT_MAX, UINT_MAX, LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    printf("%#o %#x %#X %#.0o %#.0x %.0d|%.0u|%5.0d|\n", 8, 255, 255, 0, 0, 0, 0u, 0);
    return 0;
}
