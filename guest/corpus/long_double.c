/* long double (x87 extended precision) arithmetic: + - * /, sqrtl,
   fabsl, rounding functions, conversions to and from 64-bit integers,
   float and double, comparisons including NaN, series summation. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <math.h>
#include <float.h>

long double a_vals[] = {0.0L, 1.0L, -1.5L, 3.25L, 1e10L, -7e-8L, 123456789.987654321L, 0.1L, 1e300L, 2.5e-300L};
#define NA (sizeof a_vals / sizeof a_vals[0])

int main(void) {
    for (unsigned i = 0; i < NA; i++)
        for (unsigned j = 0; j < NA; j++) {
            long double x = a_vals[i], y = a_vals[j];
            printf("%.21Lg %.21Lg: %.21Lg %.21Lg %.21Lg", x, y, x + y, x - y, x * y);
            if (y != 0) printf(" %.21Lg", x / y);
            printf(" %d%d%d\n", x < y, x == y, x >= y);
        }
    /* precision beyond double */
    long double one = 1.0L, tiny = ldexpl(1.0L, -60);
    printf("1+2^-60-1 = %Lg (double gives %g)\n", (one + tiny) - one, (double)((double)one + (double)tiny) - 1.0);
    printf("LDBL_EPSILON=%Lg LDBL_MANT_DIG=%d LDBL_MAX_EXP=%d\n", LDBL_EPSILON, LDBL_MANT_DIG, LDBL_MAX_EXP);
    /* sqrt, fabs, rounding */
    for (int k = -3; k <= 12; k++) {
        long double v = k * 1.75L - 0.5L;
        printf("v=%Lg sqrt=%.20Lg fabs=%Lg floor=%Lg ceil=%Lg round=%Lg trunc=%Lg fmod3=%Lg\n", v,
               v >= 0 ? sqrtl(v) : -1.0L, fabsl(v), floorl(v), ceill(v), roundl(v), truncl(v), fmodl(v, 3.0L));
    }
    /* conversions to and from 64-bit integers */
    int64_t ivals[] = {0, 1, -1, INT64_MAX, INT64_MIN, 1234567890123456789LL, -987654321987654321LL};
    for (unsigned i = 0; i < sizeof ivals / sizeof ivals[0]; i++) {
        long double l = (long double)ivals[i];
        printf("i64 %" PRId64 " -> %.0Lf -> %" PRId64 "\n", ivals[i], l, (int64_t)l);
    }
    uint64_t uvals[] = {0, 1, UINT64_MAX, 0x8000000000000000ULL, 0x8000000000000001ULL, 12345678901234567890ULL};
    for (unsigned i = 0; i < sizeof uvals / sizeof uvals[0]; i++) {
        long double l = (long double)uvals[i];
        printf("u64 %" PRIu64 " -> %.0Lf -> %" PRIu64 "\n", uvals[i], l, (uint64_t)l);
    }
    long double fr[] = {2.5L, -2.5L, 3.5L, -3.7L, 1e18L + 0.5L, 9.2e18L, 1.8e19L};
    for (unsigned i = 0; i < sizeof fr / sizeof fr[0]; i++) {
        long double v = fr[i];
        printf("%.2Lf ->", v);
        if (v < 9.2e18L) /* out-of-range conversions are undefined */
            printf(" i64 %" PRId64 " llrint %lld lround %ld", (int64_t)v, llrintl(v), lroundl(v));
        if (v >= 0) printf(" u64 %" PRIu64, (uint64_t)v);
        printf(" double %.17g float %.9g\n", (double)v, (double)(float)v);
    }
    /* double/float -> long double is exact */
    double d = 0.1;
    float f = 0.1f;
    printf("0.1 double as ld %.25Lg, float as ld %.25Lg\n", (long double)d, (long double)f);
    /* NaN and infinity */
    long double nan = NAN, inf = INFINITY;
    printf("nan cmp %d %d %d %d %d isnan %d\n", nan == nan, nan < 1.0L, nan > 1.0L, nan != nan, isunordered(nan, 1.0L),
           isnan(nan));
    printf("inf %Lg %Lg %d %d\n", inf * 2, -inf / 3, isinf(inf), inf > LDBL_MAX);
    /* series: pi (Leibniz accelerated / Machin), e, harmonic numbers */
    long double e = 0, term = 1;
    for (int k = 0; k < 30; k++) { e += term; term /= (k + 1); }
    printf("e ~ %.20Lf\n", e);
    long double at5 = 0, at239 = 0, p5 = 1.0L / 5, p239 = 1.0L / 239;
    for (int k = 0; k < 40; k++) {
        int sgn = (k & 1) ? -1 : 1;
        at5 += sgn * p5 / (2 * k + 1);
        at239 += sgn * p239 / (2 * k + 1);
        p5 /= 25;
        p239 /= 239.0L * 239.0L;
    }
    printf("pi ~ %.20Lf\n", 16 * at5 - 4 * at239);
    long double h = 0;
    double hd = 0;
    for (int k = 1; k <= 20000; k++) { h += 1.0L / k; hd += 1.0 / k; }
    printf("H(20000) ld %.20Lf double %.17f diff %.5Le\n", h, hd, h - (long double)hd);
    /* factorial growth to overflow */
    long double fact = 1;
    int k = 1;
    while (!isinf(fact)) { fact *= k; k++; }
    printf("factorial overflows long double at %d!\n", k - 1);
    /* denormal range */
    long double den = LDBL_MIN;
    int steps = 0;
    while (den > 0) { den /= 2; steps++; }
    printf("halvings from LDBL_MIN to 0: %d\n", steps);
    return 0;
}
