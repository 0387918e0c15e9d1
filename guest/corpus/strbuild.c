/* String building: a growable buffer with realloc, appends of formatted
   pieces, join/split, search-and-replace, reversal, case changes,
   run-length encoding, and word wrapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <stdarg.h>

struct sb { char *s; size_t len, cap; int grows; };

static void sb_reserve(struct sb *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return;
    size_t nc = b->cap ? b->cap : 16;
    while (nc < b->len + extra + 1) nc *= 2;
    b->s = realloc(b->s, nc);
    b->cap = nc;
    b->grows++;
}
static void sb_add(struct sb *b, const char *t, size_t n) {
    sb_reserve(b, n);
    memcpy(b->s + b->len, t, n);
    b->len += n;
    b->s[b->len] = 0;
}
static void sb_puts(struct sb *b, const char *t) { sb_add(b, t, strlen(t)); }
static void sb_printf(struct sb *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    sb_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
static char *replace_all(const char *src, const char *from, const char *to) {
    struct sb out = {0};
    size_t fl = strlen(from);
    const char *p;
    while ((p = strstr(src, from)) != NULL) {
        sb_add(&out, src, (size_t)(p - src));
        sb_puts(&out, to);
        src = p + fl;
    }
    sb_puts(&out, src);
    return out.s;
}
static unsigned long djb2(const char *s) {
    unsigned long h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h;
}

int main(void) {
    struct sb b = {0};
    for (int i = 0; i < 2000; i++) sb_printf(&b, "%d%s", i * i, i % 10 == 9 ? "\n" : ",");
    printf("built %zu bytes in %d reallocations, hash %lu\n", b.len, b.grows, djb2(b.s));
    printf("last line: %s", strrchr(b.s, '\n') ? b.s + b.len - 40 : "?");
    /* split on newlines and commas, count fields */
    int lines = 0, fields = 0;
    long total = 0;
    char *copy = strdup(b.s);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) lines++;
    free(copy);
    for (char *p = b.s; *p;) {
        total += strtol(p, &p, 10);
        fields++;
        if (*p) p++;
    }
    printf("lines=%d fields=%d total=%ld\n", lines, fields, total);
    /* join words */
    const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
    struct sb j = {0};
    for (int i = 0; i < 8; i++) { if (i) sb_puts(&j, " | "); sb_puts(&j, words[i]); }
    printf("joined: %s\n", j.s);
    char *r1 = replace_all(j.s, " | ", "/");
    char *r2 = replace_all(r1, "a", "AA");
    char *r3 = replace_all(r2, "AAAA", "-");
    printf("replaced: %s\n%s\n%s\n", r1, r2, r3);
    free(r1); free(r2); free(r3);
    /* reverse words and characters */
    char rev[256];
    size_t n = strlen(j.s);
    for (size_t i = 0; i < n; i++) rev[i] = j.s[n - 1 - i];
    rev[n] = 0;
    printf("reversed: %s\n", rev);
    for (char *p = rev; *p; p++) *p = (char)(islower((unsigned char)*p) ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
    printf("case swapped: %s\n", rev);
    /* run-length encoding */
    const char *raw = "aaaabbbcccccccccccdaaeeeeeeeeeeeeeeeeeeeeeeeeffg";
    struct sb rle = {0};
    for (const char *p = raw; *p;) {
        const char *q = p;
        while (*q == *p) q++;
        sb_printf(&rle, "%ld%c", (long)(q - p), *p);
        p = q;
    }
    printf("rle: %s\n", rle.s);
    /* word wrap at 30 columns */
    const char *text = "The quick brown fox jumps over the lazy dog while the five boxing wizards jump quickly "
                       "and a wizard's job is to vex chumps quickly in fog.";
    struct sb w = {0};
    int col = 0;
    char tmp[512];
    strcpy(tmp, text);
    for (char *word = strtok(tmp, " "); word; word = strtok(NULL, " ")) {
        int wl = (int)strlen(word);
        if (col && col + 1 + wl > 30) { sb_puts(&w, "\n"); col = 0; }
        if (col) { sb_puts(&w, " "); col++; }
        sb_puts(&w, word);
        col += wl;
    }
    printf("%s\n", w.s);
    /* a long string made by doubling */
    struct sb d = {0};
    sb_puts(&d, "ab");
    for (int i = 0; i < 16; i++) { char *t = strdup(d.s); sb_puts(&d, t); free(t); }
    printf("doubled length %zu hash %lu count of 'b': ", d.len, djb2(d.s));
    size_t cb = 0;
    for (const char *p = d.s; (p = strchr(p, 'b')) != NULL; p++) cb++;
    printf("%zu\n", cb);
    free(b.s); free(j.s); free(rle.s); free(w.s); free(d.s);
    return 0;
}
