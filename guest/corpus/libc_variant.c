/* Behaviour where glibc and musl legitimately differ (each is allowed by
   the C standard). The fixtures of this program therefore differ between
   the glibc and musl builds; every other program prints the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <math.h>
#include <float.h>
#include <stdint.h>

int main(void) {
    /* %p of a null pointer: "(nil)" vs "0" */
    printf("%%p of NULL: [%p]\n", (void *)0);
    /* hexadecimal floats: subnormal doubles and long doubles */
    printf("%%a of DBL_TRUE_MIN: %a, of 1e-310: %a\n", 4.9406564584124654e-324, 1e-310);
    printf("%%La: %La %La %La\n", 1.0L, 1.0L / 3.0L, LDBL_MIN);
    /* %#g when rounding carries into a new digit */
    printf("%%#g of 999999.5: %#g, of 9.9999995: %#g\n", 999999.5, 9.9999995);
    /* NaN payloads and signs from strtod */
    double n1 = strtod("NAN(123)", NULL), n2 = strtod("-nan", NULL);
    uint64_t b1, b2;
    memcpy(&b1, &n1, 8);
    memcpy(&b2, &n2, 8);
    printf("strtod NAN(123) bits %016llx, -nan bits %016llx\n", (unsigned long long)b1, (unsigned long long)b2);
    /* errno when strtol finds no digits */
    errno = 0;
    long v = strtol("xyz", NULL, 10);
    printf("strtol(\"xyz\") = %ld errno=%d\n", v, errno);
    /* fmin/fmax of signed zeros */
    printf("fmin(-0,0)=%g fmin(0,-0)=%g fmax(-0,0)=%g\n", fmin(-0.0, 0.0), fmin(0.0, -0.0), fmax(-0.0, 0.0));
    /* error message texts */
    printf("strerror(ERANGE)=%s\nstrerror(EINVAL)=%s\nstrerror(0)=%s\n", strerror(ERANGE), strerror(EINVAL), strerror(0));
    return 0;
}
