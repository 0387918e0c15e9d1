/* double and float arithmetic (SSE scalar): + - * /, sqrt, fabs,
   floor/ceil/round/trunc/rint/nearbyint, fmod/remainder, fmin/fmax,
   copysign, frexp/ldexp/modf, comparisons with NaN and signed zeros,
   rounding modes, and results printed exactly with %a and %.17g. */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <fenv.h>
#include <stdint.h>
#include <string.h>

double dv[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, -2.5, 3.7, -3.7, 1e-310, 1e308, 123456.789, -0.1,
               9007199254740993.0, 4503599627370497.5};
float fv[] = {0.0f, -0.0f, 1.0f, -1.5f, 2.5f, 3.3f, -7.77f, 1e-40f, 3e38f, 16777217.0f, 0.1f};
#define ND (sizeof dv / sizeof dv[0])
#define NF (sizeof fv / sizeof fv[0])

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

/* %a, except subnormals (glibc and musl spell those differently) which are shown as raw bits */
static const char *hx(double d) {
    static char bufs[8][40];
    static int next;
    char *b = bufs[next++ & 7];
    if (fpclassify(d) == FP_SUBNORMAL) snprintf(b, 40, "sub:%016llx", (unsigned long long)bits(d));
    else snprintf(b, 40, "%a", d);
    return b;
}
/* fmin/fmax may return either zero when given +0 and -0 */
static double zmin(double x, double y) { return x == 0 && y == 0 ? 0.0 : fmin(x, y); }
static double zmax(double x, double y) { return x == 0 && y == 0 ? 0.0 : fmax(x, y); }
/* called through pointers so they are not expanded inline assuming round-to-nearest */
static double (*volatile rint_p)(double) = rint;
static long (*volatile lrint_p)(double) = lrint;

int main(void) {
    for (unsigned i = 0; i < ND; i++) {
        double x = dv[i];
        printf("x=%.17g sqrt=%.17g fabs=%g floor=%g ceil=%g round=%g trunc=%g rint=%g nearby=%g\n", x,
               x >= 0 ? sqrt(x) : -1.0, fabs(x), floor(x), ceil(x), round(x), trunc(x), rint(x), nearbyint(x));
        for (unsigned j = 0; j < ND; j += 3) {
            double y = dv[j];
            printf("  y=%g: + %s - %s * %s / %s fmod %s rem %s min %g max %g cs %g lt%d eq%d\n", y, hx(x + y), hx(x - y),
                   hx(x * y), hx(y != 0 ? x / y : 0.0), hx(y != 0 ? fmod(x, y) : 0.0), hx(y != 0 ? remainder(x, y) : 0.0),
                   zmin(x, y), zmax(x, y), copysign(x, y), x < y, x == y);
        }
    }
    for (unsigned i = 0; i < NF; i++) {
        float x = fv[i];
        float s = x * 3.0f + 0.25f, q = x / 7.0f;
        printf("f=%.9g bits=%08x s=%.9g q=%.9g sqrtf=%.9g floorf=%g roundf=%g sq=%a\n", (double)x, fbits(x), (double)s,
               (double)q, (double)(x >= 0 ? sqrtf(x) : -1.0f), (double)floorf(x), (double)roundf(x), (double)(x * x));
    }
    /* NaN behaviour */
    volatile double zero = 0.0;
    double nan = zero / zero, inf = 1.0 / zero;
    printf("nan cmp: lt=%d gt=%d le=%d ge=%d eq=%d ne=%d self-eq=%d\n", nan < 1, nan > 1, nan <= 1, nan >= 1, nan == 1,
           nan != 1, nan == nan);
    printf("isnan=%d isinf=%d isfinite=%d signbit(-0)=%d -0==0: %d\n", isnan(nan), isinf(inf), isfinite(1e308),
           signbit(-0.0), -0.0 == 0.0);
    printf("inf-inf nan=%d inf*0 nan=%d 1/-0=%g fmin(nan,1)=%g fmax(2,nan)=%g\n", isnan(inf - inf), isnan(inf * 0), 1.0 / -zero,
           fmin(nan, 1.0), fmax(2.0, nan));
    printf("fpclassify: %d %d %d %d %d\n", fpclassify(0.0) == FP_ZERO, fpclassify(1e-310) == FP_SUBNORMAL,
           fpclassify(1.0) == FP_NORMAL, fpclassify(inf) == FP_INFINITE, fpclassify(nan) == FP_NAN);
    /* frexp, ldexp, modf, ilogb, nextafter */
    for (unsigned i = 2; i < ND; i++) {
        int e;
        double m = frexp(dv[i], &e), ip, fp = modf(dv[i], &ip);
        printf("frexp %s -> %s * 2^%d; modf %g + %g; ldexp %s; ilogb %d; next %s\n", hx(dv[i]), hx(m), e, ip, fp,
               hx(ldexp(m, e + 3)), ilogb(dv[i]), hx(nextafter(dv[i], 0.0)));
    }
    /* accumulation order matters */
    double s1 = 0, s2 = 0;
    for (int k = 1; k <= 10000; k++) s1 += 1.0 / k;
    for (int k = 10000; k >= 1; k--) s2 += 1.0 / k;
    printf("harmonic forward %.17g backward %.17g bits %016llx %016llx\n", s1, s2, (unsigned long long)bits(s1),
           (unsigned long long)bits(s2));
    float fs = 0;
    for (int k = 0; k < 100000; k++) fs += 0.1f;
    printf("float sum of 0.1 x 100000 = %.9g\n", (double)fs);
    /* rounding modes */
    int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
    const char *names[] = {"nearest", "down", "up", "zero"};
    volatile double a = 1.0, b = 3.0, c = -2.5;
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        double q = a / b, nq = -a / b;
        float fq = (float)a / (float)b;
        printf("%s: 1/3=%a -1/3=%a f=%a rint(-2.5)=%g rint(2.5)=%g lrint(c)=%ld sqrt2=%a\n", names[i], q, nq, (double)fq,
               rint_p(c), rint_p(-c), lrint_p(c), sqrt(a * 2));
    }
    fesetround(FE_TONEAREST);
    /* exception flags */
    feclearexcept(FE_ALL_EXCEPT);
    volatile double t = 1.0 / zero;
    (void)t;
    int dz = fetestexcept(FE_DIVBYZERO) != 0;
    feclearexcept(FE_ALL_EXCEPT);
    t = a / b;
    int inexact = fetestexcept(FE_INEXACT) != 0;
    feclearexcept(FE_ALL_EXCEPT);
    t = sqrt(-a);
    int invalid = fetestexcept(FE_INVALID) != 0;
    feclearexcept(FE_ALL_EXCEPT);
    t = 1e308 * (a * 10);
    int overflow = fetestexcept(FE_OVERFLOW) != 0;
    printf("flags divbyzero=%d inexact=%d invalid=%d overflow=%d\n", dz, inexact, invalid, overflow);
    printf("DBL_EPSILON=%a FLT_EPSILON=%a DBL_MIN=%a\n", DBL_EPSILON, (double)FLT_EPSILON, DBL_MIN);
    return 0;
}
