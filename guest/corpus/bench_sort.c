/* CPU benchmark: sorts argv[1] pseudo-random 32-bit keys (default
   600000) with an introspective quicksort, then re-sorts a copy with a
   bottom-up merge sort and verifies both; prints a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static void insertion(uint32_t *a, long n) {
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}
static void heapify(uint32_t *a, long n, long i) {
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && a[l] > a[m]) m = l;
        if (r < n && a[r] > a[m]) m = r;
        if (m == i) return;
        uint32_t t = a[i]; a[i] = a[m]; a[m] = t;
        i = m;
    }
}
static void heapsort_(uint32_t *a, long n) {
    for (long i = n / 2 - 1; i >= 0; i--) heapify(a, n, i);
    for (long e = n - 1; e > 0; e--) { uint32_t t = a[0]; a[0] = a[e]; a[e] = t; heapify(a, e, 0); }
}
static void intro(uint32_t *a, long n, int depth) {
    while (n > 16) {
        if (depth-- == 0) { heapsort_(a, n); return; }
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        intro(a + j + 1, n - j - 1, depth);
        n = j + 1;
    }
    insertion(a, n);
}
static void merge_bu(uint32_t *a, uint32_t *tmp, long n) {
    for (long w = 1; w < n; w *= 2) {
        for (long lo = 0; lo < n; lo += 2 * w) {
            long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        memcpy(a, tmp, (size_t)n * sizeof *a);
    }
}

int main(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 600000;
    if (n < 2) n = 2;
    uint32_t *a = malloc((size_t)n * 4), *b = malloc((size_t)n * 4), *tmp = malloc((size_t)n * 4);
    uint64_t s = 0x853c49e6748fea9bULL;
    for (long i = 0; i < n; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        uint32_t xs = (uint32_t)(((s >> 18) ^ s) >> 27), rot = (uint32_t)(s >> 59);
        a[i] = (xs >> rot) | (xs << ((-rot) & 31));
        if (i % 10 == 0) a[i] &= 0xff; /* some duplicates */
    }
    memcpy(b, a, (size_t)n * 4);
    intro(a, n, 64);
    merge_bu(b, tmp, n);
    int ok = memcmp(a, b, (size_t)n * 4) == 0;
    for (long i = 1; i < n; i++) if (a[i - 1] > a[i]) ok = 0;
    uint64_t h = 0;
    for (long i = 0; i < n; i++) h = h * 1000003 + a[i];
    printf("bench_sort n=%ld sorted=%d min=%u median=%u max=%u checksum=%016llx\n", n, ok, a[0], a[n / 2], a[n - 1],
           (unsigned long long)h);
    free(a); free(b); free(tmp);
    return ok ? 0 : 1;
}
