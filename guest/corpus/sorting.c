/* Sorting algorithms on the same pseudo-random data: insertion, shell,
   heap, merge (top-down), quicksort (median of three), LSD radix and
   counting sort; every result is checked against the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define N 1000
typedef int32_t T;

static void insertion(T *a, int n) {
    for (int i = 1; i < n; i++) {
        T v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}
static void shell(T *a, int n) {
    int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};
    for (int g = 0; g < 8; g++)
        for (int i = gaps[g]; i < n; i++) {
            T v = a[i];
            int j = i;
            while (j >= gaps[g] && a[j - gaps[g]] > v) { a[j] = a[j - gaps[g]]; j -= gaps[g]; }
            a[j] = v;
        }
}
static void sift(T *a, int start, int end) {
    int root = start;
    while (2 * root + 1 <= end) {
        int child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        T t = a[root]; a[root] = a[sw]; a[sw] = t;
        root = sw;
    }
}
static void heap(T *a, int n) {
    for (int s = (n - 2) / 2; s >= 0; s--) sift(a, s, n - 1);
    for (int e = n - 1; e > 0; e--) { T t = a[e]; a[e] = a[0]; a[0] = t; sift(a, 0, e - 1); }
}
static void merge_rec(T *a, T *tmp, int lo, int hi) {
    if (hi - lo < 2) return;
    int mid = lo + (hi - lo) / 2;
    merge_rec(a, tmp, lo, mid);
    merge_rec(a, tmp, mid, hi);
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
    while (i < mid) tmp[k++] = a[i++];
    while (j < hi) tmp[k++] = a[j++];
    memcpy(a + lo, tmp + lo, (size_t)(hi - lo) * sizeof(T));
}
static void mergesort_(T *a, int n) {
    T *tmp = malloc((size_t)n * sizeof(T));
    merge_rec(a, tmp, 0, n);
    free(tmp);
}
static void quick(T *a, int lo, int hi) { /* inclusive bounds */
    while (lo < hi) {
        if (hi - lo < 12) { insertion(a + lo, hi - lo + 1); return; }
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) { T t = a[mid]; a[mid] = a[lo]; a[lo] = t; }
        if (a[hi] < a[lo]) { T t = a[hi]; a[hi] = a[lo]; a[lo] = t; }
        if (a[hi] < a[mid]) { T t = a[hi]; a[hi] = a[mid]; a[mid] = t; }
        T pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { T t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
    }
}
static void radix(T *a, int n) {
    uint32_t *x = malloc((size_t)n * 4), *y = malloc((size_t)n * 4);
    for (int i = 0; i < n; i++) x[i] = (uint32_t)a[i] ^ 0x80000000u;
    for (int shift = 0; shift < 32; shift += 8) {
        int count[257] = {0};
        for (int i = 0; i < n; i++) count[((x[i] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (int i = 0; i < n; i++) y[count[(x[i] >> shift) & 0xff]++] = x[i];
        uint32_t *t = x; x = y; y = t;
    }
    for (int i = 0; i < n; i++) a[i] = (T)(x[i] ^ 0x80000000u);
    free(x);
    free(y);
}
static void counting(T *a, int n, T lo, T hi) {
    int *cnt = calloc((size_t)(hi - lo + 1), sizeof(int));
    for (int i = 0; i < n; i++) cnt[a[i] - lo]++;
    int k = 0;
    for (T v = lo; v <= hi; v++) for (int c = 0; c < cnt[v - lo]; c++) a[k++] = v;
    free(cnt);
}

static uint32_t seed = 20240229u;
static uint32_t rnd(void) { seed = seed * 747796405u + 2891336453u; uint32_t w = ((seed >> ((seed >> 28) + 4)) ^ seed) * 277803737u; return (w >> 22) ^ w; }

static uint64_t digest(const T *a, int n) {
    uint64_t h = 0;
    for (int i = 0; i < n; i++) h = h * 1000003 + (uint32_t)a[i];
    return h;
}

int main(void) {
    static T orig[N], work[N], ref[N];
    const char *kinds[] = {"random", "few-distinct", "sorted", "reversed", "organ-pipe"};
    for (int kind = 0; kind < 5; kind++) {
        for (int i = 0; i < N; i++) {
            switch (kind) {
            case 0: orig[i] = (T)(rnd() % 200001) - 100000; break;
            case 1: orig[i] = (T)(rnd() % 5); break;
            case 2: orig[i] = i * 3; break;
            case 3: orig[i] = N - i; break;
            default: orig[i] = i < N / 2 ? i : N - i; break;
            }
        }
        memcpy(ref, orig, sizeof ref);
        insertion(ref, N);
        uint64_t want = digest(ref, N);
        int ok = 1;
        memcpy(work, orig, sizeof work); shell(work, N); ok &= digest(work, N) == want;
        memcpy(work, orig, sizeof work); heap(work, N); ok &= digest(work, N) == want;
        memcpy(work, orig, sizeof work); mergesort_(work, N); ok &= digest(work, N) == want;
        memcpy(work, orig, sizeof work); quick(work, 0, N - 1); ok &= digest(work, N) == want;
        memcpy(work, orig, sizeof work); radix(work, N); ok &= digest(work, N) == want;
        memcpy(work, orig, sizeof work); counting(work, N, ref[0], ref[N - 1]); ok &= digest(work, N) == want;
        printf("%-12s all agree=%d min=%d median=%d max=%d digest=%016llx\n", kinds[kind], ok, ref[0], ref[N / 2],
               ref[N - 1], (unsigned long long)want);
    }
    /* sort strings of a fixed alphabet by insertion, print a few */
    char words[20][8];
    for (int i = 0; i < 20; i++) {
        for (int j = 0; j < 7; j++) words[i][j] = (char)('a' + rnd() % 4);
        words[i][7] = 0;
    }
    for (int i = 1; i < 20; i++) {
        char v[8];
        memcpy(v, words[i], 8);
        int j = i - 1;
        while (j >= 0 && strcmp(words[j], v) > 0) { memcpy(words[j + 1], words[j], 8); j--; }
        memcpy(words[j + 1], v, 8);
    }
    for (int i = 0; i < 20; i++) printf("%s%c", words[i], i == 19 ? '\n' : ' ');
    return 0;
}
