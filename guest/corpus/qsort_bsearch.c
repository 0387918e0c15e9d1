/* qsort and bsearch on ints, doubles, strings and structs (with total
   orderings so results do not depend on the sort algorithm). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t seed = 2463534242u;
static uint32_t xs(void) { seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5; return seed; }

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_int_desc(const void *a, const void *b) { return cmp_int(b, a); }
static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

struct person {
    char name[12];
    int age;
    double score;
    unsigned id;
};
static int cmp_person(const void *a, const void *b) {
    const struct person *p = a, *q = b;
    if (p->age != q->age) return p->age - q->age;
    int c = strcmp(p->name, q->name);
    if (c) return c;
    return (p->id > q->id) - (p->id < q->id);
}
/* odd element size: 3 bytes */
struct tri { unsigned char b[3]; };
static int cmp_tri(const void *a, const void *b) { return memcmp(a, b, 3); }

#define N 5000
static int ints[N];

int main(void) {
    for (int i = 0; i < N; i++) ints[i] = (int)(xs() % 100000) - 50000;
    qsort(ints, N, sizeof(int), cmp_int);
    int ok = 1;
    long long sum = 0;
    for (int i = 1; i < N; i++) if (ints[i - 1] > ints[i]) ok = 0;
    for (int i = 0; i < N; i++) sum += (long long)ints[i] * (i % 7 + 1);
    printf("ints sorted=%d min=%d max=%d median=%d wsum=%lld\n", ok, ints[0], ints[N - 1], ints[N / 2], sum);
    int hits = 0, misses = 0;
    for (int k = -50000; k < 50000; k += 97) {
        int *p = bsearch(&k, ints, N, sizeof(int), cmp_int);
        if (p) { hits++; if (*p != k) ok = 0; } else misses++;
    }
    printf("bsearch hits=%d misses=%d ok=%d\n", hits, misses, ok);
    qsort(ints, N, sizeof(int), cmp_int_desc);
    printf("desc first=%d last=%d\n", ints[0], ints[N - 1]);
    /* already sorted, reverse sorted, all equal, tiny */
    for (int i = 0; i < N; i++) ints[i] = i;
    qsort(ints, N, sizeof(int), cmp_int);
    for (int i = 0; i < N; i++) ints[i] = N - i;
    qsort(ints, N, sizeof(int), cmp_int);
    printf("reverse -> %d %d %d\n", ints[0], ints[1], ints[N - 1]);
    for (int i = 0; i < N; i++) ints[i] = 7;
    qsort(ints, N, sizeof(int), cmp_int);
    qsort(ints, 1, sizeof(int), cmp_int);
    qsort(ints, 0, sizeof(int), cmp_int);
    printf("equal ok %d\n", ints[0] == 7 && ints[N - 1] == 7);
    /* doubles */
    double ds[1000];
    for (int i = 0; i < 1000; i++) ds[i] = (double)(int)(xs() % 2000001 - 1000000) / 1024.0;
    qsort(ds, 1000, sizeof(double), cmp_dbl);
    printf("doubles %g %g %g %g\n", ds[0], ds[1], ds[500], ds[999]);
    /* strings */
    static char pool[3000][9];
    char *strs[3000];
    for (int i = 0; i < 3000; i++) {
        int len = 1 + (int)(xs() % 8);
        for (int j = 0; j < len; j++) pool[i][j] = (char)('a' + xs() % 26);
        pool[i][len] = 0;
        strs[i] = pool[i];
    }
    qsort(strs, 3000, sizeof(char *), cmp_str);
    for (int i = 0; i < 3000; i += 300) printf("str[%d]=%s\n", i, strs[i]);
    const char *keys[] = {"a", "zzz", "m", "hello", "q"};
    for (int i = 0; i < 5; i++) {
        char **p = bsearch(&keys[i], strs, 3000, sizeof(char *), cmp_str);
        printf("find %s: %s\n", keys[i], p ? "yes" : "no");
    }
    /* structs */
    static const char *names[] = {"ann", "ben", "cid", "dot", "eve", "fay", "gus", "hal"};
    struct person people[500];
    for (int i = 0; i < 500; i++) {
        strcpy(people[i].name, names[xs() % 8]);
        people[i].age = 18 + (int)(xs() % 50);
        people[i].score = (double)(xs() % 1000) / 10.0;
        people[i].id = (unsigned)i;
    }
    qsort(people, 500, sizeof people[0], cmp_person);
    for (int i = 0; i < 500; i += 50)
        printf("person %s age=%d score=%.1f id=%u\n", people[i].name, people[i].age, people[i].score, people[i].id);
    struct person key = {"eve", 40, 0, 0};
    int found = 0;
    for (unsigned id = 0; id < 500; id++) {
        key.id = id;
        if (bsearch(&key, people, 500, sizeof people[0], cmp_person)) found++;
    }
    printf("eve aged 40: %d\n", found);
    struct tri tris[777];
    for (int i = 0; i < 777; i++) { tris[i].b[0] = (unsigned char)xs(); tris[i].b[1] = (unsigned char)xs(); tris[i].b[2] = (unsigned char)i; }
    qsort(tris, 777, 3, cmp_tri);
    unsigned h = 0;
    for (int i = 0; i < 777; i++) h = h * 31 + tris[i].b[0] * 65536u + tris[i].b[1] * 256u + tris[i].b[2];
    printf("tri hash %08x\n", h);
    return 0;
}
