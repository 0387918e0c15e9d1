/* Struct assignment, passing and returning structs by value (small ones
   in registers, large ones in memory), arrays of structs, unions,
   nested and packed structs, flexible array members. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

struct small { int a; int b; };
struct mixed { double d; int i; char c; };
struct big { long v[20]; char name[24]; };
struct nested { struct small s; struct mixed m; short tail[3]; };
struct __attribute__((packed)) packed { char c; int i; short s; long l; };
union pun { double d; uint64_t u; unsigned char b[8]; float f[2]; };
struct flex { int n; int data[]; };

static struct small make_small(int a, int b) { struct small s = {a, b}; return s; }
static struct small swap_small(struct small s) { int t = s.a; s.a = s.b; s.b = t; return s; }
static struct mixed scale(struct mixed m, double k) { m.d *= k; m.i *= 2; m.c++; return m; }
static struct big make_big(int seed) {
    struct big b;
    for (int i = 0; i < 20; i++) b.v[i] = (long)seed * (i + 1) - i * i;
    snprintf(b.name, sizeof b.name, "big-%d", seed);
    return b;
}
static long big_sum(struct big b) {
    long s = 0;
    for (int i = 0; i < 20; i++) s += b.v[i];
    b.v[0] = 999; /* modifies the copy only */
    return s;
}
static struct nested combine(struct small s, struct mixed m) {
    struct nested n = {s, m, {1, 2, 3}};
    n.tail[2] = (short)(s.a + m.i);
    return n;
}

int main(void) {
    struct small s = make_small(3, 9), t = swap_small(s);
    printf("small %d %d -> %d %d\n", s.a, s.b, t.a, t.b);
    struct mixed m = {1.25, 7, 'a'};
    struct mixed m2 = scale(scale(m, 2.0), 3.0);
    printf("mixed %.3f %d %c -> %.3f %d %c\n", m.d, m.i, m.c, m2.d, m2.i, m2.c);
    struct big b1 = make_big(5), b2;
    b2 = b1;
    b2.v[19] = -1;
    printf("big %s sum=%ld copy changed sum=%ld first=%ld\n", b1.name, big_sum(b1), big_sum(b2), b1.v[0]);
    struct big arr[10];
    for (int i = 0; i < 10; i++) arr[i] = make_big(i);
    struct big tmp = arr[2];
    arr[2] = arr[7];
    arr[7] = tmp;
    long total = 0;
    for (int i = 0; i < 10; i++) total += big_sum(arr[i]) * (i + 1);
    printf("array of big: total=%ld names %s %s\n", total, arr[2].name, arr[7].name);
    struct nested n = combine(s, m2);
    struct nested n2 = n;
    n2.m.c = 'z';
    printf("nested %d %d %.2f %d %c tail %d %d %d, copy %c\n", n.s.a, n.s.b, n.m.d, n.m.i, n.m.c, n.tail[0], n.tail[1],
           n.tail[2], n2.m.c);
    printf("memcmp equal=%d\n", memcmp(&n.s, &n2.s, sizeof n.s) == 0);
    struct packed p = {'x', 0x12345678, -2, 0x0102030405060708L};
    unsigned char raw[sizeof p];
    memcpy(raw, &p, sizeof p);
    printf("packed size=%zu bytes:", sizeof p);
    for (size_t i = 0; i < sizeof p; i++) printf(" %02x", raw[i]);
    printf("\n");
    struct packed parr[4];
    for (int i = 0; i < 4; i++) { parr[i] = p; parr[i].i += i; parr[i].l -= i; }
    long ps = 0;
    for (int i = 0; i < 4; i++) ps += parr[i].i + parr[i].l + parr[i].s;
    printf("packed array sum=%ld\n", ps);
    union pun u;
    u.d = 1.0;
    printf("union double 1.0 = %016llx, bytes %02x %02x\n", (unsigned long long)u.u, u.b[7], u.b[6]);
    u.u = 0x400921fb54442d18ULL;
    printf("union bits -> %.15f\n", u.d);
    u.f[0] = 1.5f; u.f[1] = -2.0f;
    printf("union floats -> %016llx\n", (unsigned long long)u.u);
    struct flex *fx = malloc(sizeof *fx + 10 * sizeof(int));
    fx->n = 10;
    for (int i = 0; i < fx->n; i++) fx->data[i] = i * i;
    int fs = 0;
    for (int i = 0; i < fx->n; i++) fs += fx->data[i];
    printf("flex sum=%d sizeof=%zu\n", fs, sizeof(struct flex));
    free(fx);
    /* compound literals and designated initialisers */
    struct mixed dl = {.i = 5, .d = -0.5};
    struct small *sp = &(struct small){.b = 40, .a = 2};
    printf("designated %g %d %d, compound %d %d\n", dl.d, dl.i, dl.c, sp->a, sp->b);
    printf("sizes small=%zu mixed=%zu big=%zu nested=%zu\n", sizeof(struct small), sizeof(struct mixed),
           sizeof(struct big), sizeof(struct nested));
    return 0;
}
