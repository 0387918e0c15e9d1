/* strtod, strtof, strtold: decimal and hexadecimal inputs, infinities,
   NaN, overflow/underflow with errno, end pointers, and round trips of
   pseudo-random bit patterns through printf and back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <inttypes.h>
#include <errno.h>
#include <math.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static void ldbits(long double l, char *out) {
    unsigned char b[16];
    memset(b, 0, sizeof b);
    memcpy(b, &l, 10);
    sprintf(out, "%02x%02x:%02x%02x%02x%02x%02x%02x%02x%02x", b[9], b[8], b[7], b[6], b[5], b[4], b[3], b[2], b[1], b[0]);
}

static const char *inputs[] = {
    "0", "-0", "1", "-1", "0.1", "  +3.14159abc", "1e10", "1E-10", "123456789012345678901234567890",
    "0.000000000000000000000000000001", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324",
    "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "1.7976931348623157e308", "1.7976931348623159e308",
    "1e400", "-1e400", "inf", "-Infinity", "nan", "nAnx", "0x1p0", "0x1.8p1", "0X1.FFFFFFFFFFFFFp1023",
    "0x1p-1074", "0x1p-1075", "0x1.0000000000001p0", "0x1.00000000000008p0", "0x1.00000000000018p0", "-0x.8p-3",
    "0x123.abcp4", "0x", "1e", "1e+", ".5", "5.", ".", "-", "", "   ", "9007199254740993", "9007199254740995",
    "0.30000000000000004", "1.00000000000000011102230246251565404236316680908203125",
    "1.000000000000000111022302462515654042363166809082031250000000001", "3.4028235e38", "3.4028236e38",
    "1.401298464324817e-45", "7e-46", "1e-38", "123.456e-2xyz", "0.0e100000", "1e-1000000", "1e1000000"};

static uint64_t rs = 0x0123456789abcdefULL;
static uint64_t rnd(void) { rs ^= rs >> 12; rs ^= rs << 25; rs ^= rs >> 27; return rs * 2685821657736338717ULL; }

int main(void) {
    char lb[64];
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        const char *s = inputs[i];
        char *end;
        errno = 0;
        double d = strtod(s, &end);
        int ed = errno;
        long ld_off = (long)(end - s);
        errno = 0;
        float f = strtof(s, &end);
        int ef = errno;
        long f_off = (long)(end - s);
        errno = 0;
        long double l = strtold(s, &end);
        int el = errno;
        long l_off = (long)(end - s);
        ldbits(l, lb);
        /* errno is only reported for overflow (ERANGE on underflow is implementation-defined) */
        printf("[%s] d=%.17g bits=%016" PRIx64 " end=%ld ovf=%d | f=%.9g bits=%08x end=%ld ovf=%d | l=%.21Lg bits=%s end=%ld ovf=%d\n",
               s, d, dbits(d), ld_off, ed == ERANGE && isinf(d), (double)f, fbits(f), f_off, ef == ERANGE && isinf(f),
               l, lb, l_off, el == ERANGE && isinf(l));
    }
    /* round trips of random doubles through %.17g and %a */
    int bad17 = 0, bada = 0, badf = 0, badl = 0, badshort = 0;
    char buf[128];
    for (int i = 0; i < 1000; i++) {
        uint64_t u = rnd();
        /* most samples get a moderate exponent (|e| < 128); every 16th keeps the full range */
        if (i % 16) u = (u & 0x800fffffffffffffULL) | ((uint64_t)(1023 - 128 + (u >> 52) % 256) << 52);
        double d;
        memcpy(&d, &u, 8);
        if (isnan(d)) continue;
        snprintf(buf, sizeof buf, "%.17g", d);
        if (dbits(strtod(buf, NULL)) != u) bad17++;
        snprintf(buf, sizeof buf, "%a", d);
        if (dbits(strtod(buf, NULL)) != u) bada++;
        /* shortest representation search: some precision <= 17 must round trip */
        int p = 0;
        for (p = 1; p <= 17 && i < 300; p++) {
            snprintf(buf, sizeof buf, "%.*g", p, d);
            if (dbits(strtod(buf, NULL)) == u) break;
        }
        if (p > 17 && i < 300) badshort++;
        if (i < 30) printf("rt %016" PRIx64 " %.17g shortest=%d\n", u, d, p);
        uint32_t fu = (uint32_t)(u >> 32);
        float f;
        memcpy(&f, &fu, 4);
        if (!isnan(f)) {
            snprintf(buf, sizeof buf, "%.9g", (double)f);
            if (fbits(strtof(buf, NULL)) != fu) badf++;
        }
        long double l = (long double)d * (1.0L + ldexpl(1.0L, -62));
        if (!isinf(l)) {
            snprintf(buf, sizeof buf, "%.21Lg", l);
            if (strtold(buf, NULL) != l) badl++;
        }
    }
    printf("round trip failures: %%.17g %d, %%a %d, float %d, long double %d, shortest %d\n", bad17, bada, badf, badl,
           badshort);
    /* atof and parsing sequences of numbers with end pointers */
    const char *list = "1.5 -2.25e3 0x10 inf 7.0e-2 junk 42";
    const char *p = list;
    char *e;
    for (;;) {
        double v = strtod(p, &e);
        if (e == p) break;
        printf("parsed %g\n", v);
        p = e;
    }
    printf("stopped at [%s], atof=%g\n", p, atof("  -6.5e1xyz"));
    return 0;
}
