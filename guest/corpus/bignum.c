/* Arbitrary-precision unsigned integers in base 10^9: factorials,
   Fibonacci numbers, powers, schoolbook multiplication, division by a
   small number, and decimal printing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define BASE 1000000000u
typedef struct { uint32_t *d; int n, cap; } big; /* little-endian limbs */

static void reserve(big *a, int cap) {
    if (cap <= a->cap) return;
    a->d = realloc(a->d, (size_t)cap * sizeof(uint32_t));
    a->cap = cap;
}
static void set_small(big *a, uint32_t v) { reserve(a, 4); a->d[0] = v % BASE; a->n = 1; if (v >= BASE) a->d[a->n++] = v / BASE; }
static void copy(big *dst, const big *src) { reserve(dst, src->n + 1); memcpy(dst->d, src->d, (size_t)src->n * 4); dst->n = src->n; }
static void trim(big *a) { while (a->n > 1 && a->d[a->n - 1] == 0) a->n--; }

static void mul_small(big *a, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) { reserve(a, a->n + 1); a->d[a->n++] = (uint32_t)(carry % BASE); carry /= BASE; }
}
static void add(big *r, const big *a, const big *b) { /* r may alias a */
    int n = a->n > b->n ? a->n : b->n;
    reserve(r, n + 1);
    uint32_t carry = 0;
    for (int i = 0; i < n; i++) {
        uint32_t s = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        carry = s >= BASE;
        r->d[i] = carry ? s - BASE : s;
    }
    r->n = n;
    if (carry) r->d[r->n++] = 1;
}
static void mul(big *r, const big *a, const big *b) {
    int n = a->n + b->n;
    uint64_t *acc = calloc((size_t)n + 1, sizeof(uint64_t));
    for (int i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < b->n; j++) {
            uint64_t t = acc[i + j] + (uint64_t)a->d[i] * b->d[j] + carry;
            acc[i + j] = t % BASE;
            carry = t / BASE;
        }
        int k = i + b->n;
        while (carry) { uint64_t t = acc[k] + carry; acc[k] = t % BASE; carry = t / BASE; k++; }
    }
    reserve(r, n + 1);
    for (int i = 0; i < n; i++) r->d[i] = (uint32_t)acc[i];
    r->n = n;
    trim(r);
    free(acc);
}
static uint32_t div_small(big *a, uint32_t m) { /* returns remainder */
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) {
        uint64_t cur = a->d[i] + rem * BASE;
        a->d[i] = (uint32_t)(cur / m);
        rem = cur % m;
    }
    trim(a);
    return (uint32_t)rem;
}
static char *to_str(const big *a) {
    char *s = malloc((size_t)a->n * 9 + 2);
    int len = sprintf(s, "%u", a->d[a->n - 1]);
    for (int i = a->n - 2; i >= 0; i--) len += sprintf(s + len, "%09u", a->d[i]);
    return s;
}
static void show(const char *name, const big *a) {
    char *s = to_str(a);
    size_t len = strlen(s);
    unsigned dsum = 0;
    for (size_t i = 0; i < len; i++) dsum += (unsigned)(s[i] - '0');
    if (len <= 120) printf("%s = %s\n", name, s);
    else printf("%s = %.50s...%s (%zu digits, digit sum %u)\n", name, s, s + len - 50, len, dsum);
    free(s);
}

int main(void) {
    big f = {0}, t = {0}, a = {0}, b = {0}, c = {0};
    set_small(&f, 1);
    for (uint32_t k = 2; k <= 1000; k++) {
        mul_small(&f, k);
        if (k == 20 || k == 25 || k == 52 || k == 100 || k == 500 || k == 1000) {
            char name[16];
            snprintf(name, sizeof name, "%u!", k);
            show(name, &f);
        }
    }
    copy(&t, &f);
    int zeros = 0;
    while (div_small(&t, 10) == 0) { zeros++; copy(&f, &t); }
    printf("1000! has %d trailing zeros\n", zeros);
    set_small(&a, 0);
    set_small(&b, 1);
    for (int k = 1; k <= 2000; k++) {
        add(&c, &a, &b);
        copy(&a, &b);
        copy(&b, &c);
        if (k == 99 || k == 299 || k == 999 || k == 1999) {
            char name[16];
            snprintf(name, sizeof name, "fib(%d)", k + 1);
            show(name, &b);
        }
    }
    big p = {0};
    set_small(&p, 1);
    for (int k = 0; k < 1000; k++) mul_small(&p, 2);
    show("2^1000", &p);
    big q = {0}, r = {0};
    set_small(&q, 3);
    for (int k = 0; k < 9; k++) { mul(&r, &q, &q); copy(&q, &r); } /* 3^512 by repeated squaring */
    show("3^512", &q);
    mul(&r, &q, &p);
    show("3^512 * 2^1000", &r);
    uint32_t rem7 = div_small(&r, 7);
    printf("(3^512 * 2^1000) mod 7 = %u\n", rem7);
    /* check: (2^1000)*(2^1000) == 2^2000 computed by doubling */
    mul(&r, &p, &p);
    big d = {0};
    set_small(&d, 1);
    for (int k = 0; k < 2000; k++) mul_small(&d, 2);
    char *s1 = to_str(&r), *s2 = to_str(&d);
    printf("square check %s (%zu digits)\n", strcmp(s1, s2) == 0 ? "ok" : "MISMATCH", strlen(s1));
    free(s1); free(s2);
    free(f.d); free(t.d); free(a.d); free(b.d); free(c.d); free(p.d); free(q.d); free(r.d); free(d.d);
    return 0;
}
