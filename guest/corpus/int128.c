/* __int128 and unsigned __int128: multiply, divide, modulo, shifts and
   decimal/hex printing done by hand. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

static char *u128_dec(u128 v, char *buf) {
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

static char *s128_dec(s128 v, char *buf) {
    if (v < 0) {
        buf[0] = '-';
        u128_dec((u128)0 - (u128)v, buf + 1);
    } else {
        u128_dec((u128)v, buf);
    }
    return buf;
}

static char *u128_hex(u128 v, char *buf) {
    sprintf(buf, "%016llx%016llx", (unsigned long long)(v >> 64), (unsigned long long)v);
    return buf;
}

static u128 mk(uint64_t hi, uint64_t lo) { return ((u128)hi << 64) | lo; }

u128 uvals[8];
s128 svals[8];

int main(void) {
    char a[64], b[64], c[64], d[64], e[64];
    uvals[0] = 0;
    uvals[1] = 1;
    uvals[2] = mk(0, UINT64_MAX);
    uvals[3] = mk(1, 0);
    uvals[4] = mk(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
    uvals[5] = ~(u128)0;
    uvals[6] = mk(0x8000000000000000ULL, 0);
    uvals[7] = 10000000000000000000ULL;
    for (int i = 0; i < 8; i++) svals[i] = (s128)uvals[i];
    svals[1] = -12345;
    svals[7] = -(s128)mk(3, 99);

    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
            u128 x = uvals[i], y = uvals[j];
            printf("u %s * %s = %s\n", u128_dec(x, a), u128_dec(y, b), u128_dec(x * y, c));
            if (y) printf("u %s /%% %s = %s %s\n", u128_dec(x, a), u128_dec(y, b), u128_dec(x / y, c), u128_dec(x % y, d));
            printf("u hex %s + %s = %s\n", u128_hex(x, a), u128_hex(y, b), u128_hex(x + y, c));
        }
    }
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j++) {
            s128 x = svals[i], y = svals[j];
            s128 m = (s128)((u128)x * (u128)y);
            printf("s %s * %s = %s\n", s128_dec(x, a), s128_dec(y, b), s128_dec(m, c));
            if (y != 0 && !(x == (s128)mk(0x8000000000000000ULL, 0) && y == -1))
                printf("s %s /%% %s = %s %s\n", s128_dec(x, a), s128_dec(y, b), s128_dec(x / y, d), s128_dec(x % y, e));
            printf("s cmp %d %d %d\n", x < y, x == y, (u128)x < (u128)y);
        }
    }
    /* factorials that fit in unsigned 128 bits */
    u128 f = 1;
    for (unsigned k = 1; k <= 34; k++) {
        f *= k;
        printf("%u! = %s\n", k, u128_dec(f, a));
    }
    /* check division by recomputing */
    u128 bad = 0;
    u128 x = mk(0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL);
    for (int k = 0; k < 2000; k++) {
        u128 y = (x >> (k % 120)) | 1;
        u128 q = x / y, r = x % y;
        if (q * y + r != x || r >= y) bad++;
        x = x * mk(0x2545f4914f6cdd1dULL, 0x5851f42d4c957f2dULL) + 1442695040888963407ULL;
    }
    printf("division check failures: %s\n", u128_dec(bad, a));
    printf("final x %s\n", u128_hex(x, a));
    /* shifts by variable counts */
    u128 acc = 0;
    for (int s = 0; s < 128; s++) {
        acc ^= (uvals[4] << s) + (uvals[4] >> s);
        acc += (u128)(svals[7] >> s);
    }
    printf("shift acc %s\n", u128_hex(acc, a));
    /* 2^127 - 1 and the most negative value */
    printf("max s128 %s\n", s128_dec((s128)(~(u128)0 >> 1), a));
    printf("min s128 %s\n", s128_dec((s128)mk(0x8000000000000000ULL, 0), a));
    printf("max u128 %s\n", u128_dec(~(u128)0, a));
    return 0;
}
