/* Floating-point loops that gcc -O2 vectorises with SSE2 (packed
   single/double): saxpy/daxpy, element-wise multiply/divide/sqrt, scaling,
   float<->double and int<->float conversions of arrays, array reversal,
   plus dot products and norms (reductions stay in source order). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#define N 2048
static float fx[N], fy[N], fz[N];
static double dx[N], dy[N], dz[N];
static int32_t iv[N];

static uint64_t st = 0x9e3779b97f4a7c15ULL;
static double urand(void) { /* uniform in [-1, 1) with 53 random bits */
    st += 0x9e3779b97f4a7c15ULL;
    uint64_t z = st;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1p-52 - 1.0;
}

static uint64_t hash(const void *p, size_t n) {
    const uint8_t *b = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

__attribute__((noinline)) static void saxpy(float a) { for (int i = 0; i < N; i++) fy[i] = a * fx[i] + fy[i]; }
__attribute__((noinline)) static void daxpy(double a) { for (int i = 0; i < N; i++) dy[i] = a * dx[i] + dy[i]; }
__attribute__((noinline)) static void fmul_div(void) { for (int i = 0; i < N; i++) fz[i] = fx[i] * fy[i] / (fabsf(fx[i]) + 1.0f); }
__attribute__((noinline)) static void dsqrt(void) { for (int i = 0; i < N; i++) dz[i] = sqrt(fabs(dx[i])) - dy[i] * 0.5; }
__attribute__((noinline)) static void fsqrt(void) { for (int i = 0; i < N; i++) fz[i] = sqrtf(fabsf(fy[i])); }
__attribute__((noinline)) static void f2d(void) { for (int i = 0; i < N; i++) dz[i] = (double)fx[i] * 3.0; }
__attribute__((noinline)) static void d2f(void) { for (int i = 0; i < N; i++) fz[i] = (float)(dx[i] * dy[i]); }
__attribute__((noinline)) static void i2f(void) { for (int i = 0; i < N; i++) fz[i] = (float)iv[i] * 0.25f; }
__attribute__((noinline)) static void f2i(void) { for (int i = 0; i < N; i++) iv[i] = (int32_t)(fy[i] * 1000.0f); }
__attribute__((noinline)) static void dmax(void) { for (int i = 0; i < N; i++) dz[i] = dx[i] > dy[i] ? dx[i] : dy[i]; }
__attribute__((noinline)) static void frev(void) {
    for (int i = 0; i < N / 2; i++) { float t = fx[i]; fx[i] = fx[N - 1 - i]; fx[N - 1 - i] = t; }
}
__attribute__((noinline)) static float fdot(void) { float s = 0; for (int i = 0; i < N; i++) s += fx[i] * fy[i]; return s; }
__attribute__((noinline)) static double ddot(void) { double s = 0; for (int i = 0; i < N; i++) s += dx[i] * dy[i]; return s; }
__attribute__((noinline)) static double dnorm(void) { double s = 0; for (int i = 0; i < N; i++) s += dz[i] * dz[i]; return sqrt(s); }

static void matvec(void) { /* 32x64 matrix times vector, row-major */
    static double m[32][64], v[64], out[32];
    for (int r = 0; r < 32; r++)
        for (int c = 0; c < 64; c++) m[r][c] = (double)((r * 7 + c * 3) % 17) - 8.0;
    for (int c = 0; c < 64; c++) v[c] = 1.0 / (c + 1);
    for (int r = 0; r < 32; r++) {
        double s = 0;
        for (int c = 0; c < 64; c++) s += m[r][c] * v[c];
        out[r] = s;
    }
    printf("matvec out[0]=%.17g out[31]=%.17g hash %016llx\n", out[0], out[31], (unsigned long long)hash(out, sizeof out));
}

int main(void) {
    for (int i = 0; i < N; i++) {
        dx[i] = urand() * 100;
        dy[i] = urand();
        fx[i] = (float)urand() * 10;
        fy[i] = (float)urand();
        iv[i] = (int32_t)(urand() * 1e6);
    }
    saxpy(2.5f);
    printf("saxpy %016llx fy[7]=%a\n", (unsigned long long)hash(fy, sizeof fy), (double)fy[7]);
    daxpy(-0.75);
    printf("daxpy %016llx dy[9]=%a\n", (unsigned long long)hash(dy, sizeof dy), dy[9]);
    fmul_div();
    printf("fmul_div %016llx\n", (unsigned long long)hash(fz, sizeof fz));
    dsqrt();
    printf("dsqrt %016llx norm=%.17g\n", (unsigned long long)hash(dz, sizeof dz), dnorm());
    fsqrt();
    printf("fsqrt %016llx\n", (unsigned long long)hash(fz, sizeof fz));
    f2d();
    printf("f2d %016llx\n", (unsigned long long)hash(dz, sizeof dz));
    d2f();
    printf("d2f %016llx\n", (unsigned long long)hash(fz, sizeof fz));
    i2f();
    printf("i2f %016llx\n", (unsigned long long)hash(fz, sizeof fz));
    f2i();
    printf("f2i %016llx\n", (unsigned long long)hash(iv, sizeof iv));
    dmax();
    printf("dmax %016llx\n", (unsigned long long)hash(dz, sizeof dz));
    frev();
    printf("frev %016llx first=%a\n", (unsigned long long)hash(fx, sizeof fx), (double)fx[0]);
    printf("fdot %a ddot %a\n", (double)fdot(), ddot());
    matvec();
    return 0;
}
