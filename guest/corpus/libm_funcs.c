/* libm: exp, log, log2, log10, pow, sin, cos, tan, asin, acos, atan,
   atan2, sinh, cosh, tanh, cbrt, hypot, expm1, log1p, erf, tgamma, and
   their float versions. Printed to 12 significant digits so that
   last-bit differences between libm implementations do not show. */
#include <stdio.h>
#include <math.h>

double xs[] = {0.0, 0.001, 0.1, 0.5, 0.75, 1.0, 1.5, 2.0, 3.14159265358979, 10.0, 100.0, -0.3, -2.5, 700.0};
#define NX (sizeof xs / sizeof xs[0])

static void p(const char *name, double v) {
    if (isnan(v)) printf(" %s=nan", name);
    else printf(" %s=%.12g", name, v);
}

int main(void) {
    for (unsigned i = 0; i < NX; i++) {
        double x = xs[i];
        printf("x=%g", x);
        p("exp", exp(x)); p("expm1", expm1(x)); p("sin", sin(x)); p("cos", cos(x)); p("tan", tan(x));
        p("atan", atan(x)); p("sinh", sinh(x)); p("cosh", cosh(x)); p("tanh", tanh(x)); p("cbrt", cbrt(x));
        p("erf", erf(x));
        if (x > 0) { p("log", log(x)); p("log2", log2(x)); p("log10", log10(x)); p("tgamma", tgamma(x)); p("lgamma", lgamma(x)); }
        if (x > -1) p("log1p", log1p(x));
        if (fabs(x) <= 1) { p("asin", asin(x)); p("acos", acos(x)); }
        printf("\n");
    }
    for (unsigned i = 0; i < NX; i += 2)
        for (unsigned j = 1; j < NX; j += 3) {
            double x = xs[i], y = xs[j];
            printf("x=%g y=%g", x, y);
            p("pow", pow(fabs(x) + 0.5, y / 10)); p("atan2", atan2(x, y)); p("hypot", hypot(x, y)); p("fdim", fdim(x, y));
            printf("\n");
        }
    /* exact cases that every correct libm must get right */
    printf("exact: pow(2,10)=%g pow(-2,3)=%g pow(9,0.5)=%g pow(0,0)=%g pow(-1,inf)=%g exp(0)=%g log(1)=%g sqrt(-0)=%g\n",
           pow(2, 10), pow(-2, 3), pow(9, 0.5), pow(0, 0), pow(-1, INFINITY), exp(0), log(1), sqrt(-0.0));
    printf("limits: exp(1000)=%g exp(-1000)=%g log(0)=%g atan2(0,-1)=%.12g atan2(-0.0,-1)=%.12g\n", exp(1000), exp(-1000),
           log(0), atan2(0, -1), atan2(-0.0, -1));
    /* float versions */
    for (unsigned i = 0; i < NX; i += 2) {
        float x = (float)xs[i];
        printf("f x=%g expf=%.6g sinf=%.6g cosf=%.6g sqrtf=%.6g powf=%.6g atanf=%.6g\n", (double)x, (double)expf(x / 10),
               (double)sinf(x), (double)cosf(x), (double)sqrtf(fabsf(x)), (double)powf(fabsf(x) + 1, 0.5f), (double)atanf(x));
    }
    /* an integral by the trapezoid rule and a series of sin */
    double s = 0;
    int n = 20000;
    for (int k = 0; k <= n; k++) {
        double t = 3.14159265358979323846 * k / n;
        double w = (k == 0 || k == n) ? 0.5 : 1.0;
        s += w * sin(t);
    }
    printf("integral of sin over [0,pi] ~ %.9f\n", s * 3.14159265358979323846 / n);
    double e = 0;
    for (int k = 1; k <= 1000; k++) e += log((double)k);
    printf("log(1000!) ~ %.9f lgamma(1001)=%.9f\n", e, lgamma(1001.0));
    return 0;
}
