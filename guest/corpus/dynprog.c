/* Dynamic programming: longest common subsequence (with reconstruction),
   Levenshtein distance, 0/1 knapsack, longest increasing subsequence,
   coin change counting, and matrix-chain ordering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static int lcs(const char *a, const char *b, char *out) {
    int n = (int)strlen(a), m = (int)strlen(b);
    int *t = calloc((size_t)(n + 1) * (size_t)(m + 1), sizeof(int));
#define T(i, j) t[(i) * (m + 1) + (j)]
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= m; j++)
            T(i, j) = a[i - 1] == b[j - 1] ? T(i - 1, j - 1) + 1 : (T(i - 1, j) > T(i, j - 1) ? T(i - 1, j) : T(i, j - 1));
    int len = T(n, m), k = len;
    out[k] = 0;
    for (int i = n, j = m; i && j;) {
        if (a[i - 1] == b[j - 1]) { out[--k] = a[i - 1]; i--; j--; }
        else if (T(i - 1, j) >= T(i, j - 1)) i--;
        else j--;
    }
#undef T
    free(t);
    return len;
}

static int lev(const char *a, const char *b) {
    int n = (int)strlen(a), m = (int)strlen(b);
    int *prev = malloc((size_t)(m + 1) * sizeof(int)), *cur = malloc((size_t)(m + 1) * sizeof(int));
    for (int j = 0; j <= m; j++) prev[j] = j;
    for (int i = 1; i <= n; i++) {
        cur[0] = i;
        for (int j = 1; j <= m; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (cur[j - 1] + 1 < c) c = cur[j - 1] + 1;
            cur[j] = c;
        }
        int *t = prev; prev = cur; cur = t;
    }
    int r = prev[m];
    free(prev); free(cur);
    return r;
}

int main(void) {
    const char *pairs[][2] = {{"ABCBDAB", "BDCABA"}, {"kitten", "sitting"}, {"intention", "execution"},
                              {"", "abc"}, {"same", "same"}, {"AGGTAB", "GXTXAYB"}};
    char buf[256];
    for (int i = 0; i < 6; i++) {
        int l = lcs(pairs[i][0], pairs[i][1], buf);
        printf("lcs(%s,%s)=%d \"%s\" lev=%d\n", pairs[i][0], pairs[i][1], l, buf, lev(pairs[i][0], pairs[i][1]));
    }
    /* longer generated strings */
    static char s1[500], s2[500];
    uint32_t x = 77;
    for (int i = 0; i < 400; i++) { x = x * 1664525u + 1013904223u; s1[i] = (char)('a' + (x >> 28) % 4); }
    for (int i = 0; i < 400; i++) { x = x * 1664525u + 1013904223u; s2[i] = (i % 5) ? s1[i] : (char)('a' + (x >> 28) % 4); }
    static char lbuf[500];
    int L = lcs(s1, s2, lbuf);
    printf("generated: lcs=%d lev=%d lcs prefix %.40s\n", L, lev(s1, s2), lbuf);
    /* knapsack */
    int wt[40], val[40], cap = 500;
    for (int i = 0; i < 40; i++) { x = x * 1664525u + 1013904223u; wt[i] = 5 + (int)(x >> 26); val[i] = 10 + (int)((x >> 10) % 90); }
    static int best[501];
    for (int i = 0; i < 40; i++)
        for (int c = cap; c >= wt[i]; c--)
            if (best[c - wt[i]] + val[i] > best[c]) best[c] = best[c - wt[i]] + val[i];
    printf("knapsack best value %d\n", best[cap]);
    /* LIS in O(n log n) */
    int seq[2000], tails[2000], tl = 0;
    for (int i = 0; i < 2000; i++) { x = x * 1664525u + 1013904223u; seq[i] = (int)(x >> 16) % 10000; }
    for (int i = 0; i < 2000; i++) {
        int lo = 0, hi = tl;
        while (lo < hi) { int mid = (lo + hi) / 2; if (tails[mid] < seq[i]) lo = mid + 1; else hi = mid; }
        tails[lo] = seq[i];
        if (lo == tl) tl++;
    }
    printf("LIS length %d\n", tl);
    /* coin change: number of ways to make 1000 from coins */
    int coins[] = {1, 2, 5, 10, 20, 50, 100, 200};
    static uint64_t ways[1001];
    ways[0] = 1;
    for (int c = 0; c < 8; c++)
        for (int v = coins[c]; v <= 1000; v++) ways[v] += ways[v - coins[c]];
    printf("ways to make 200: %llu, 1000: %llu\n", (unsigned long long)ways[200], (unsigned long long)ways[1000]);
    /* matrix chain multiplication */
    int dims[] = {30, 35, 15, 5, 10, 20, 25, 40, 12, 8, 50};
    int nm = 10;
    static long cost[10][10];
    for (int len = 2; len <= nm; len++)
        for (int i = 0; i + len - 1 < nm; i++) {
            int j = i + len - 1;
            cost[i][j] = -1;
            for (int k = i; k < j; k++) {
                long c = cost[i][k] + cost[k + 1][j] + (long)dims[i] * dims[k + 1] * dims[j + 1];
                if (cost[i][j] < 0 || c < cost[i][j]) cost[i][j] = c;
            }
        }
    printf("matrix chain min cost %ld (first six: %ld)\n", cost[0][nm - 1], cost[0][5]);
    return 0;
}
