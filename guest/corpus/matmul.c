/* Matrix multiplication: integer and double, ijk / ikj / blocked loop
   orders (results must agree), transpose, matrix power by squaring, and
   an exact determinant with the Bareiss algorithm. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#define N 64
static int32_t A[N][N], B[N][N], C1[N][N], C2[N][N], C3[N][N];
static double DA[N][N], DB[N][N], DC1[N][N], DC2[N][N];

static uint64_t hash32(int32_t m[N][N]) {
    uint64_t h = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) h = h * 1315423911u + (uint32_t)m[i][j];
    return h;
}

typedef struct { uint64_t a, b, c, d; } m2;
static m2 m2mul(m2 x, m2 y, uint64_t mod) {
    m2 r;
    r.a = (x.a * y.a % mod + x.b * y.c % mod) % mod;
    r.b = (x.a * y.b % mod + x.b * y.d % mod) % mod;
    r.c = (x.c * y.a % mod + x.d * y.c % mod) % mod;
    r.d = (x.c * y.b % mod + x.d * y.d % mod) % mod;
    return r;
}

static int64_t bareiss(int64_t m[8][8], int n) {
    int sign = 1;
    int64_t prev = 1;
    for (int k = 0; k < n - 1; k++) {
        if (m[k][k] == 0) {
            int s = k + 1;
            while (s < n && m[s][k] == 0) s++;
            if (s == n) return 0;
            for (int j = 0; j < n; j++) { int64_t t = m[k][j]; m[k][j] = m[s][j]; m[s][j] = t; }
            sign = -sign;
        }
        for (int i = k + 1; i < n; i++)
            for (int j = k + 1; j < n; j++) m[i][j] = (m[i][j] * m[k][k] - m[i][k] * m[k][j]) / prev;
        prev = m[k][k];
    }
    return sign * m[n - 1][n - 1];
}

int main(void) {
    uint32_t s = 17;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            s = s * 1664525u + 1013904223u;
            A[i][j] = (int32_t)(s >> 20) - 2048;
            s = s * 1664525u + 1013904223u;
            B[i][j] = (int32_t)(s >> 22) - 512;
            DA[i][j] = A[i][j] / 256.0;
            DB[i][j] = B[i][j] / 64.0;
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            int32_t acc = 0;
            for (int k = 0; k < N; k++) acc += A[i][k] * B[k][j];
            C1[i][j] = acc;
        }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++) {
            int32_t a = A[i][k];
            for (int j = 0; j < N; j++) C2[i][j] += a * B[k][j];
        }
    const int BS = 16;
    for (int ii = 0; ii < N; ii += BS)
        for (int kk = 0; kk < N; kk += BS)
            for (int jj = 0; jj < N; jj += BS)
                for (int i = ii; i < ii + BS; i++)
                    for (int k = kk; k < kk + BS; k++)
                        for (int j = jj; j < jj + BS; j++) C3[i][j] += A[i][k] * B[k][j];
    printf("int matmul ijk=%016llx ikj=%016llx blocked=%016llx agree=%d\n", (unsigned long long)hash32(C1),
           (unsigned long long)hash32(C2), (unsigned long long)hash32(C3), !memcmp(C1, C2, sizeof C1) && !memcmp(C1, C3, sizeof C1));
    printf("C[0][0]=%d C[63][63]=%d C[10][20]=%d\n", C1[0][0], C1[N - 1][N - 1], C1[10][20]);
    /* doubles: the products are exact multiples of 2^-14 and small enough that every order gives the same sums */
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double acc = 0;
            for (int k = 0; k < N; k++) acc += DA[i][k] * DB[k][j];
            DC1[i][j] = acc;
        }
    for (int i = 0; i < N; i++)
        for (int k = 0; k < N; k++)
            for (int j = 0; j < N; j++) DC2[i][j] += DA[i][k] * DB[k][j];
    int same = 1;
    double trace = 0;
    for (int i = 0; i < N; i++) {
        trace += DC1[i][i];
        for (int j = 0; j < N; j++) if (DC1[i][j] != DC2[i][j] || DC1[i][j] * 16384.0 != (double)C1[i][j]) same = 0;
    }
    printf("double matmul agrees with int: %d, trace=%.6f\n", same, trace);
    /* transpose twice is identity */
    static int32_t T[N][N], TT[N][N];
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) T[j][i] = C1[i][j];
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) TT[j][i] = T[i][j];
    printf("transpose twice identical: %d\n", !memcmp(TT, C1, sizeof TT));
    /* Fibonacci numbers mod a prime via 2x2 matrix powers */
    const uint64_t mod = 1000000007ULL;
    uint64_t ns[] = {10, 100, 1000, 1000000, 1000000000000ULL};
    for (int t = 0; t < 5; t++) {
        m2 r = {1, 0, 0, 1}, b = {1, 1, 1, 0};
        for (uint64_t e = ns[t]; e; e >>= 1) { if (e & 1) r = m2mul(r, b, mod); b = m2mul(b, b, mod); }
        printf("fib(%llu) mod 1e9+7 = %llu\n", (unsigned long long)ns[t], (unsigned long long)r.b);
    }
    /* exact determinants */
    int64_t m[8][8];
    for (int n = 1; n <= 8; n++) {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) m[i][j] = (i * 7 + j * 3 + i * j) % 11 - 5 + (i == j ? 9 : 0);
        printf("det %dx%d = %lld\n", n, n, (long long)bareiss(m, n));
    }
    for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) m[i][j] = 1 + i * 5 + j; /* singular */
    printf("det singular = %lld\n", (long long)bareiss(m, 5));
    return 0;
}
