/* Conversions between floating point and integers of every width:
   int32/int64/uint32/uint64 <-> float/double, float <-> double,
   truncation toward zero, large unsigned values, and comparisons and
   branches involving NaN (unordered results). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>
#include <math.h>

int64_t i64s[] = {0, 1, -1, 2, 1000, -123456789, 9007199254740993LL, -9007199254740993LL, 4611686018427387903LL,
                  INT64_MAX, INT64_MIN, 16777217, -16777217, 0x7ffffffffffffdffLL};
uint64_t u64s[] = {0, 1, 255, 4294967295ULL, 4294967296ULL, 9007199254740993ULL, 0x7fffffffffffffffULL,
                   0x8000000000000000ULL, 0x8000000000000001ULL, 0xfffffffffffff800ULL, 0xfffffffffffffbffULL,
                   0xffffffffffffffffULL, 0xc000000000000401ULL};
double dbls[] = {0.0, -0.0, 0.4, 0.5, 0.9999, 1.0, -1.9999, 2147483647.0, 2147483647.9, -2147483648.0, -2147483648.9,
                 4294967295.0, 4294967295.5, 9.2233720368547748e18, -9.2233720368547758e18, 1.8446744073709550e19,
                 123456789.987, 1e-300, 65535.9, 255.5, -128.7};

static uint64_t db(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fb(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static const char *cmp_word(double a, double b) {
    if (a < b) return "lt";
    if (a > b) return "gt";
    if (a == b) return "eq";
    return "unordered";
}

int main(void) {
    for (unsigned i = 0; i < sizeof i64s / sizeof i64s[0]; i++) {
        int64_t v = i64s[i];
        double d = (double)v;
        float f = (float)v;
        printf("i64 %" PRId64 " -> double %.17g (%016" PRIx64 ") float %.9g (%08x)", v, d, db(d), (double)f, fb(f));
        if (d < 9.2e18 && d > -9.2e18) printf(" back %" PRId64, (int64_t)d);
        int32_t w = (int32_t)v;
        printf(" i32 %d -> %.17g %.9g\n", w, (double)w, (double)(float)w);
    }
    for (unsigned i = 0; i < sizeof u64s / sizeof u64s[0]; i++) {
        uint64_t v = u64s[i];
        double d = (double)v;
        float f = (float)v;
        printf("u64 %" PRIu64 " -> double %.17g (%016" PRIx64 ") float %.9g (%08x)", v, d, db(d), (double)f, fb(f));
        if (d < 1.8e19) printf(" back %" PRIu64, (uint64_t)d);
        uint32_t w = (uint32_t)v;
        printf(" u32 %u -> %.17g %.9g\n", w, (double)w, (double)(float)w);
    }
    for (unsigned i = 0; i < sizeof dbls / sizeof dbls[0]; i++) {
        double d = dbls[i];
        printf("double %.17g:", d);
        if (d > -2147483649.0 && d < 2147483648.0) printf(" i32=%d", (int32_t)d);
        if (d > -1.0 && d < 4294967296.0) printf(" u32=%u", (uint32_t)d);
        if (d >= -9.2233720368547758e18 && d < 9.2233720368547758e18) printf(" i64=%" PRId64, (int64_t)d);
        if (d > -1.0 && d < 1.8446744073709552e19) printf(" u64=%" PRIu64, (uint64_t)d);
        if (d > -129.0 && d < 128.0) printf(" i8=%d", (int8_t)d);
        if (d > -1.0 && d < 65536.0) printf(" u16=%u", (uint16_t)d);
        float f = (float)d;
        printf(" float=%.9g (%08x) back=%.17g lround=%ld llrint=%lld\n", (double)f, fb(f), (double)f,
               fabs(d) < 9e18 ? lround(d) : 0L, fabs(d) < 9e18 ? llrint(d) : 0LL);
    }
    /* float <-> double rounding: values between adjacent floats */
    for (int k = 0; k < 12; k++) {
        double d = 1.0 + k * (1.0 / 16777216.0) / 4.0;
        float f = (float)d;
        printf("d=%.17g -> f=%.9g (%08x)\n", d, (double)f, fb(f));
    }
    /* double to float overflow and underflow */
    volatile double big = 1e39, tiny = 1e-46, mid = 3.4028235677973366e38;
    printf("to float: %g %g %g %g\n", (double)(float)big, (double)(float)tiny, (double)(float)mid, (double)(float)-big);
    /* NaN comparisons in branches */
    volatile double zero = 0.0;
    double nan = zero / zero;
    double vals[] = {1.0, -1.0, 0.0, nan, INFINITY};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) printf("%s%c", cmp_word(vals[i], vals[j]), j == 4 ? '\n' : ' ');
    int count = 0;
    for (int i = 0; i < 5; i++) {
        double x = vals[i];
        if (!(x < 0.5)) count += 1;
        if (!(x >= 0.5)) count += 10;
        if (x != x) count += 100;
        count += (x < 2.0 ? 1000 : 0) + (x == x ? 10000 : 0);
    }
    printf("nan branch count %d\n", count);
    /* float comparisons */
    float fn = (float)nan, one = 1.0f;
    printf("float nan: %d %d %d %d isnan=%d\n", fn < one, fn > one, fn == fn, fn != fn, isnan(fn));
    /* integer -> float -> integer through all small values */
    long mism = 0;
    for (int32_t v = -70000; v <= 70000; v += 7) {
        if ((int32_t)(float)v != v) mism++;
        if ((int32_t)(double)v != v) mism++;
        if ((uint16_t)(float)(uint16_t)v != (uint16_t)v) mism++;
    }
    printf("small int round trip mismatches %ld\n", mism);
    return 0;
}
