/* printf of long double (x87 80-bit) values: %Lf %Le %Lg %LE %LG with
   precisions and flags; extremes, subnormals, infinities, NaN. */
#include <stdio.h>
#include <float.h>
#include <math.h>
#include <string.h>

long double lvals[16];

int main(void) {
    int n = 0;
    lvals[n++] = 0.0L;
    lvals[n++] = -0.0L;
    lvals[n++] = 1.0L;
    lvals[n++] = 1.0L / 3.0L;
    lvals[n++] = -2.0L / 3.0L;
    lvals[n++] = 0.1L;
    lvals[n++] = 3.14159265358979323846264338327950288L;
    lvals[n++] = 1e-4000L;
    lvals[n++] = 1e4000L;
    lvals[n++] = LDBL_MAX;
    lvals[n++] = LDBL_MIN;
    lvals[n++] = LDBL_MIN / 1024.0L; /* subnormal */
    lvals[n++] = 18446744073709551615.0L;
    lvals[n++] = 123456789012345678.5L;
    lvals[n++] = LDBL_EPSILON;
    lvals[n++] = 2.5L;
    static const char *fmts[] = {"%Lf", "%.0Lf", "%.3Lf", "%.20Lf", "%#.0Lf", "%Le", "%.0Le", "%.5Le", "%.21Le",
                                 "%LE", "%Lg", "%.1Lg", "%.10Lg", "%.21Lg", "%#Lg", "%LG", "%+Lg", "% .4Le",
                                 "%25.10Lg|", "%-25.10Le|", "%025.6Lf"};
    for (int i = 0; i < n; i++) {
        printf("v%d:", i);
        for (unsigned f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
            if (fabsl(lvals[i]) > 1e30L && strchr(fmts[f], 'f')) continue; /* keep lines short */
            printf(" ");
            printf(fmts[f], lvals[i]);
        }
        printf("\n");
    }
    long double sp[] = {INFINITY, -INFINITY, NAN, -NAN};
    for (int i = 0; i < 4; i++) printf("%Lf %Le %Lg %LE %10.3Lf|\n", sp[i], sp[i], sp[i], sp[i], sp[i]);
    /* exact decimal expansions */
    printf("%.70Lf\n", 0.1L);
    printf("%.0Lf\n", 1e30L);
    printf("%.30Le\n", LDBL_MIN);
    printf("%.0Lf\n", LDBL_MAX / 1e4900L);
    /* digits of powers of two and of 1/3 with growing precision */
    long double p = 1.0L;
    for (int k = 0; k < 70; k += 7) {
        printf("2^%d = %.0Lf, 2^-%d = %.25Lg\n", k, p, k, 1.0L / p);
        for (int j = 0; j < 7; j++) p *= 2.0L;
    }
    for (int k = 1; k <= 22; k++) printf("%.*Lg ", k, 1.0L / 3.0L);
    printf("\n");
    return 0;
}
