/* printf of double and float values with %f %F %e %E %g %G %a %A at many
   precisions, flags and widths: zeros, negative zero, infinities, NaNs,
   denormals, huge and tiny values, halfway rounding cases. */
#include <stdio.h>
#include <math.h>
#include <float.h>
#include <string.h>

double vals[] = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 1.0 / 3.0, 2.0 / 3.0, 123456789.125,
                 1e15 + 0.3, 9.995, 0.000123456, 1e-5, 1e-300, 1e300, 1.7976931348623157e308,
                 2.2250738585072014e-308, 4.9406564584124654e-324, 1.23e-320, 6.02214076e23, 299792458.0,
                 3.141592653589793, 2.718281828459045, 100.0, 999999.25, 0.9999995, 1e21, 1e22, 5e-7};
#define NV (sizeof vals / sizeof vals[0])

static const char *fmts[] = {"%f", "%.0f", "%.1f", "%.3f", "%.10f", "%.17f", "%#.0f", "%F",
                             "%e", "%.0e", "%.2e", "%.16e", "%#.0e", "%E",
                             "%g", "%.0g", "%.1g", "%.3g", "%.10g", "%.17g", "%#g", "%#.3g", "%G",
                             "%+f", "% e", "%+.4g", "%12.3f", "%-12.3e|", "%012.4f", "%+015.3e", "% 014g", "%-+14.5G|",
                             "%.1a", "%.3a", "%.13a", "%A", "%+.2A"};
#define NF (sizeof fmts / sizeof fmts[0])

int main(void) {
    for (unsigned i = 0; i < NV; i++) {
        printf("value %u:", i);
        for (unsigned f = 0; f < NF; f++) {
            /* %.17f of 1e300 is long but fine; skip absurdly long fixed output for huge values */
            if (fabs(vals[i]) > 1e25 && strchr(fmts[f], 'f') && strstr(fmts[f], ".17")) continue;
            /* %a of subnormals is written differently by glibc and musl (both valid) */
            if (strchr(fmts[f], 'a') || strchr(fmts[f], 'A'))
                if (fpclassify(vals[i]) == FP_SUBNORMAL) continue;
            printf(" ");
            printf(fmts[f], vals[i]);
        }
        printf("\n");
    }
    /* special values */
    double specials[] = {INFINITY, -INFINITY, NAN, -NAN};
    for (unsigned i = 0; i < 4; i++)
        printf("[%f] [%F] [%e] [%E] [%g] [%G] [%a] [%A] [%10f] [%-10e|] [%+g] [% G] [%010f] [%.3f]\n", specials[i],
               specials[i], specials[i], specials[i], specials[i], specials[i], specials[i], specials[i], specials[i],
               specials[i], specials[i], specials[i], specials[i], specials[i]);
    /* floats are promoted to double */
    float fv[] = {0.1f, 1.0f / 3.0f, 16777216.0f, 16777217.0f, 3.4028235e38f, 1.17549435e-38f, 1.4e-45f, -0.0f};
    for (unsigned i = 0; i < sizeof fv / sizeof fv[0]; i++)
        printf("float %.9g %.3e %f %a\n", fv[i], fv[i], fv[i], (double)fv[i] * 0x1p200);
    /* the full decimal expansion of some values */
    printf("%.60f\n", 0.1);
    printf("%.0f\n", 1.7976931348623157e308);
    printf("%.1074f\n", 4.9406564584124654e-324);
    printf("%.40e\n", 2.2250738585072014e-308);
    /* rounding of halfway cases in the decimal output */
    for (int k = 0; k < 20; k++) {
        double x = k + 0.5;
        printf("%.0f %.1f %.2f|", x, x / 10.0, x / 100.0);
    }
    printf("\n");
    for (int k = 1; k < 30; k++) printf("%.*g ", k, 1.0 / 7.0);
    printf("\n");
    double p = 1e-10;
    for (int k = -10; k <= 10; k++, p *= 10.0) printf("%g %e ", p * 1.2345, p * 1.2345);
    printf("\n");
    return 0;
}
