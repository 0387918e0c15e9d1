/* atoi/atol/atoll, strtol/strtoul/strtoll/strtoull/strtoimax with
   bases 0, 2, 8, 10, 16, 36, leading whitespace and signs, prefixes,
   overflow with ERANGE, invalid bases with EINVAL, end pointers. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

static const char *inputs[] = {"0", "42", "  -17", "+99", "\t\n 123abc", "0x1F", "0X1f", "0xg", "017", "08", "0b101",
                               "ff", "FF", "zz", "Zz9", "-0", "2147483647", "2147483648", "-2147483648", "-2147483649",
                               "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                               "-9223372036854775809", "18446744073709551615", "18446744073709551616", "-1",
                               "99999999999999999999999", "", "   ", "-", "+", "abc", "1e5", "12 34", "0x", "00000000042",
                               "-0x80000000", "777777777777777777777", "1010101010101010101010101010101010101010"};
#define NI (sizeof inputs / sizeof inputs[0])

/* Only ERANGE is compared: whether EINVAL is set when no digits are
   found is implementation-defined (musl sets it, glibc does not). */
static void show_errno(int e) { printf("%s", e == ERANGE ? "ERANGE" : "-"); }

int main(void) {
    int bases[] = {0, 10, 16, 8, 2, 36};
    for (unsigned i = 0; i < NI; i++) {
        const char *s = inputs[i];
        printf("[%s] atoi-safe=", s);
        /* atoi/atol are only defined for representable values */
        char *e;
        errno = 0;
        long lv = strtol(s, &e, 10);
        if (errno != ERANGE && lv >= INT_MIN && lv <= INT_MAX) printf("%d/%ld/%lld", atoi(s), atol(s), atoll(s));
        else printf("n/a");
        printf("\n");
        for (unsigned b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            int base = bases[b];
            errno = 0;
            long v = strtol(s, &e, base);
            int e1 = errno;
            long off1 = (long)(e - s);
            errno = 0;
            unsigned long uv = strtoul(s, &e, base);
            int e2 = errno;
            long off2 = (long)(e - s);
            errno = 0;
            long long llv = strtoll(s, &e, base);
            int e3 = errno;
            errno = 0;
            unsigned long long ullv = strtoull(s, &e, base);
            int e4 = errno;
            printf("  base %2d: l=%ld (", base, v);
            show_errno(e1);
            printf(", end %ld) ul=%lu (", off1, uv);
            show_errno(e2);
            printf(", end %ld) ll=%lld (", off2, llv);
            show_errno(e3);
            printf(") ull=%llu (", ullv);
            show_errno(e4);
            printf(")\n");
        }
    }
    /* 32-bit conversion from strtol's 64-bit result, and strtoimax/strtoumax */
    errno = 0;
    intmax_t im = strtoimax("-123456789012345", NULL, 10);
    uintmax_t um = strtoumax("0xFFFFFFFFFFFFFFFF", NULL, 16);
    printf("strtoimax %jd strtoumax %ju errno %d\n", im, um, errno);
    /* invalid bases */
    for (int base = -1; base <= 40; base += 1) {
        if (base == 0 || (base >= 2 && base <= 36)) continue;
        errno = 0;
        long v = strtol("123", NULL, base);
        printf("base %d: %ld einval=%d; ", base, v, errno == EINVAL);
    }
    printf("\n");
    /* all bases 2..36 for one string */
    for (int base = 2; base <= 36; base++) {
        static const char word[] = "1f9Aq";
        char *e;
        unsigned long long v = strtoull(word, &e, base);
        printf("%d:%llu/%ld ", base, v, (long)(e - word));
    }
    printf("\n");
    /* hand-written parser vs strtol for many values */
    int mismatch = 0;
    char buf[40];
    for (long v = -1000000; v <= 1000000; v += 9973) {
        for (int base = 2; base <= 36; base += 17) {
            /* format v in base */
            char tmp[70];
            int n = 0;
            unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
            do { int d = (int)(u % (unsigned)base); tmp[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); u /= (unsigned)base; } while (u);
            int k = 0;
            if (v < 0) buf[k++] = '-';
            while (n) buf[k++] = tmp[--n];
            buf[k] = 0;
            if (strtol(buf, NULL, base) != v) mismatch++;
        }
    }
    printf("formatted/parsed mismatches: %d\n", mismatch);
    return 0;
}
