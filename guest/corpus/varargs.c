/* Variadic functions: va_arg of int, long, double, long double,
   pointers and structs-by-pointer; va_copy; more arguments than fit in
   registers; forwarding to vsnprintf. */
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static long sum_ints(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double mean(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return n ? s / n : 0;
}

/* format letters: i=int l=long d=double L=long double s=string c=char */
static void show(const char *types, ...) {
    va_list ap, ap2;
    va_start(ap, types);
    va_copy(ap2, ap);
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'i': printf("i:%d ", va_arg(ap, int)); break;
        case 'l': printf("l:%ld ", va_arg(ap, long)); break;
        case 'd': printf("d:%.4f ", va_arg(ap, double)); break;
        case 'L': printf("L:%.6Lf ", va_arg(ap, long double)); break;
        case 's': printf("s:%s ", va_arg(ap, const char *)); break;
        case 'c': printf("c:%c ", (char)va_arg(ap, int)); break;
        }
    }
    printf("\n");
    /* second pass with the copy: count the bytes of the strings */
    size_t bytes = 0;
    for (const char *t = types; *t; t++) {
        switch (*t) {
        case 'i': case 'c': (void)va_arg(ap2, int); break;
        case 'l': (void)va_arg(ap2, long); break;
        case 'd': (void)va_arg(ap2, double); break;
        case 'L': (void)va_arg(ap2, long double); break;
        case 's': bytes += strlen(va_arg(ap2, const char *)); break;
        }
    }
    printf("string bytes: %zu\n", bytes);
    va_end(ap2);
    va_end(ap);
}

static int fmt(char *buf, size_t n, const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(buf, n, f, ap);
    va_end(ap);
    return r;
}

static void logf_(const char *level, const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    printf("[%s] ", level);
    vprintf(f, ap);
    va_end(ap);
}

struct pt { int x, y; };
static int path_len2(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int total = 0;
    struct pt prev = {0, 0};
    for (int i = 0; i < n; i++) {
        struct pt p = va_arg(ap, struct pt);
        total += (p.x - prev.x) * (p.x - prev.x) + (p.y - prev.y) * (p.y - prev.y);
        prev = p;
    }
    va_end(ap);
    return total;
}

int main(void) {
    printf("sum0=%ld sum3=%ld sum12=%ld\n", sum_ints(0), sum_ints(3, 1, 2, 3),
           sum_ints(12, 1, -2, 3, -4, 5, -6, 7, -8, 9, -10, 11, 1000000));
    printf("mean=%.6f mean10=%.6f\n", mean(3, 1.0, 2.0, 4.5),
           mean(10, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 10.0));
    show("ildLsc", 42, 1234567890123L, 3.14159, 2.718281828459045L, "text", 'Z');
    show("dddddddddiiiiiiiisL", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5, 1, 2, 3, 4, 5, 6, 7, 8, "tail", 1e-3L);
    show("");
    char buf[64];
    int r = fmt(buf, sizeof buf, "%s-%04d-%.2e", "id", 77, 12345.678);
    printf("fmt -> %d [%s]\n", r, buf);
    logf_("info", "%d items, %s\n", 3, "ok");
    logf_("warn", "ratio %.3f%%\n", 12.5);
    struct pt a = {3, 4}, b = {6, 8}, c = {-1, 2};
    printf("path=%d\n", path_len2(3, a, b, c));
    return 0;
}
