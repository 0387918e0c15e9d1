/* string.h: strlen/strnlen/strcmp/strncmp/strcpy/strncpy/strcat/strchr/
   strrchr/strstr/strtok/strspn/strcspn/strpbrk/strdup/strcasecmp/stpcpy/
   strchrnul, at many lengths and alignments, including strings that end
   right before an inaccessible page. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

/* The truncating strncpy/strncat calls below are deliberate. */
#pragma GCC diagnostic ignored "-Wstringop-truncation"

char long_src[] = "0123456789abcdefXYZ";
char bangs[] = "!!!!!!!";

static int sgn(int v) { return (v > 0) - (v < 0); }
static size_t my_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int my_strcmp(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return sgn((unsigned char)*a - (unsigned char)*b);
}
static const char *my_strchr(const char *s, int c) {
    for (;; s++) { if (*s == (char)c) return s; if (!*s) return NULL; }
}
static const char *my_strrchr(const char *s, int c) {
    const char *r = NULL;
    for (;; s++) { if (*s == (char)c) r = s; if (!*s) return r; }
}

int main(void) {
    int errors = 0;
    long acc = 0;
    /* Two pages: the second is made inaccessible; strings end at the page boundary. */
    char *pg = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pg == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    if (mprotect(pg + 4096, 4096, PROT_NONE) != 0) { printf("mprotect failed\n"); return 1; }
    for (int len = 0; len < 200; len++) {
        char *s = pg + 4096 - len - 1;
        for (int i = 0; i < len; i++) s[i] = (char)('A' + (i * 7 + len) % 26);
        s[len] = 0;
        if (strlen(s) != (size_t)len) errors++;
        if (strnlen(s, 1000) != (size_t)len) errors++;
        if (strnlen(s, (size_t)len / 2) != (size_t)len / 2) errors++;
        const char *c = strchr(s, 'Q');
        if (c != my_strchr(s, 'Q')) errors++;
        if (strrchr(s, 'B') != my_strrchr(s, 'B')) errors++;
        if (strchr(s, 0) != s + len) errors++;
        if (strchrnul(s, '#') != s + len) errors++;
        char *d = strdup(s);
        if (strcmp(d, s) != 0 || my_strcmp(d, s) != 0) errors++;
        if (len > 0) {
            d[len - 1]++;
            if (sgn(strcmp(d, s)) != my_strcmp(d, s) || sgn(strcmp(s, d)) != my_strcmp(s, d)) errors++;
            if (sgn(strncmp(d, s, (size_t)len - 1)) != 0) errors++;
        }
        acc += c ? (long)(c - s) : -1;
        free(d);
    }
    printf("page-end tests errors=%d acc=%ld\n", errors, acc);
    /* alignment sweep of a heap buffer */
    char *buf = malloc(600);
    for (int a = 0; a < 32; a++)
        for (int len = 0; len < 300; len += 1 + len / 8) {
            char *s = buf + a;
            for (int i = 0; i < len; i++) s[i] = (char)(1 + (i * 13 + a) % 250);
            s[len] = 0;
            if (strlen(s) != my_strlen(s)) errors++;
            char tmp[400];
            char *e = stpcpy(tmp, s);
            if (e != tmp + strlen(s) || strcmp(tmp, s)) errors++;
            int ch = 1 + (a * 5) % 250;
            if (strchr(s, ch) != my_strchr(s, ch) || strrchr(s, ch) != my_strrchr(s, ch)) errors++;
        }
    printf("alignment sweep errors=%d\n", errors);
    free(buf);
    /* strcmp family on fixed strings */
    const char *words[] = {"", "a", "A", "abc", "abd", "ab", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyZ",
                           "\xff", "\x01", "Zebra", "zebra", "ZEBRA"};
    int nw = sizeof words / sizeof words[0];
    for (int i = 0; i < nw; i++) {
        printf("%2d:", i);
        for (int j = 0; j < nw; j++)
            printf(" %c%c%c", "<=>"[sgn(strcmp(words[i], words[j])) + 1], "<=>"[sgn(strncmp(words[i], words[j], 2)) + 1],
                   "<=>"[sgn(strcasecmp(words[i], words[j])) + 1]);
        printf("\n");
    }
    /* strcpy, strncpy padding, strcat, strncat */
    char b1[64], b2[16];
    memset(b2, 'x', sizeof b2);
    strncpy(b2, "hi", sizeof b2);
    int zeros = 0;
    for (unsigned i = 0; i < sizeof b2; i++) zeros += b2[i] == 0;
    printf("strncpy padded zeros=%d\n", zeros);
    memset(b2, 'x', sizeof b2);
    strncpy(b2, long_src, sizeof b2);
    printf("strncpy truncated: %.16s\n", b2);
    strcpy(b1, "Hello");
    strcat(b1, ", ");
    strcat(b1, "world");
    strncat(b1, bangs, 3);
    printf("%s (%zu)\n", b1, strlen(b1));
    /* strstr */
    const char *hay = "abababababcabababcab the needle in the haystack needle! aaaaaaaaab";
    const char *nd[] = {"ababc", "abc", "needle", "needle!", "aaab", "", "haystacks", "b the n", "aaaaaaaaab", "c"};
    for (unsigned i = 0; i < sizeof nd / sizeof nd[0]; i++) {
        const char *p = strstr(hay, nd[i]);
        printf("strstr(%s) = %ld\n", nd[i], p ? (long)(p - hay) : -1L);
    }
    const char *pc = strcasestr(hay, "NEEDLE");
    printf("strcasestr = %ld\n", pc ? (long)(pc - hay) : -1L);
    /* strspn / strcspn / strpbrk */
    const char *t = "   \t  leading space; key=value, other:thing";
    printf("strspn=%zu strcspn=%zu pbrk=%s\n", strspn(t, " \t"), strcspn(t, ";=,"), strpbrk(t, "=:"));
    /* strtok */
    char line[] = "  alpha,beta;;gamma  delta,,epsilon ;zeta,";
    int k = 0;
    for (char *tok = strtok(line, " ,;"); tok; tok = strtok(NULL, " ,;")) printf("tok%d=[%s]\n", k++, tok);
    char line2[] = "a=1&b=2&&c=3";
    char *save = NULL;
    for (char *tok = strtok_r(line2, "&", &save); tok; tok = strtok_r(NULL, "&", &save)) {
        char *save2 = NULL;
        char *key = strtok_r(tok, "=", &save2);
        char *val = strtok_r(NULL, "=", &save2);
        printf("kv %s -> %s\n", key, val ? val : "(none)");
    }
    char line3[] = "x::y:z";
    char *cur = line3, *f;
    while ((f = strsep(&cur, ":")) != NULL) printf("sep [%s]\n", f);
    char *nd2 = strndup("truncate-me-here", 8);
    printf("strndup %s\n", nd2);
    free(nd2);
    munmap(pg, 8192);
    printf("errors=%d\n", errors);
    return errors != 0;
}
