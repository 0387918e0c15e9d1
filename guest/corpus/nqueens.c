/* Backtracking search: N-queens solution counts (bitmask version and
   array version), a sudoku solver, and subset-sum enumeration. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static long queens_bits(int n, uint32_t cols, uint32_t d1, uint32_t d2) {
    uint32_t all = (1u << n) - 1;
    if (cols == all) return 1;
    long count = 0;
    uint32_t avail = all & ~(cols | d1 | d2);
    while (avail) {
        uint32_t bit = avail & -avail;
        avail ^= bit;
        count += queens_bits(n, cols | bit, (d1 | bit) << 1, (d2 | bit) >> 1);
    }
    return count;
}

static int pos[16];
static int safe(int row, int col) {
    for (int r = 0; r < row; r++) {
        int c = pos[r];
        if (c == col || c - col == r - row || c - col == row - r) return 0;
    }
    return 1;
}
static long queens_arr(int n, int row, int *first) {
    if (row == n) {
        if (!*first) { *first = 1; printf("  first solution for n=%d:", n); for (int i = 0; i < n; i++) printf(" %d", pos[i]); printf("\n"); }
        return 1;
    }
    long c = 0;
    for (int col = 0; col < n; col++)
        if (safe(row, col)) { pos[row] = col; c += queens_arr(n, row + 1, first); }
    return c;
}

static int grid[81];
static long sudoku_nodes;
static int ok(int idx, int v) {
    int r = idx / 9, c = idx % 9, br = r / 3 * 3, bc = c / 3 * 3;
    for (int i = 0; i < 9; i++) {
        if (grid[r * 9 + i] == v || grid[i * 9 + c] == v) return 0;
        if (grid[(br + i / 3) * 9 + bc + i % 3] == v) return 0;
    }
    return 1;
}
static int solve(int idx) {
    sudoku_nodes++;
    while (idx < 81 && grid[idx]) idx++;
    if (idx == 81) return 1;
    for (int v = 1; v <= 9; v++)
        if (ok(idx, v)) { grid[idx] = v; if (solve(idx + 1)) return 1; grid[idx] = 0; }
    return 0;
}

int main(void) {
    for (int n = 1; n <= 10; n++) {
        int first = 0;
        long a = queens_bits(n, 0, 0, 0);
        long b = n <= 8 ? queens_arr(n, 0, &first) : a;
        printf("queens(%d) = %ld (array method agrees: %d)\n", n, a, a == b);
    }
    const char *puzzle = "530070000600195000098000060800060003400803001700020006060000280000419005000080079";
    for (int i = 0; i < 81; i++) grid[i] = puzzle[i] - '0';
    int solved = solve(0);
    printf("sudoku solved=%d nodes=%ld\n", solved, sudoku_nodes);
    for (int r = 0; r < 9; r++) {
        for (int c = 0; c < 9; c++) printf("%d%s", grid[r * 9 + c], c % 3 == 2 && c < 8 ? " | " : " ");
        printf("\n");
    }
    /* subset sum: subsets of the first 16 primes summing to 150 */
    int primes[16], np = 0;
    for (int v = 2; np < 16; v++) {
        int isp = 1;
        for (int d = 2; d * d <= v; d++) if (v % d == 0) { isp = 0; break; }
        if (isp) primes[np++] = v;
    }
    long ways = 0;
    for (uint32_t mask = 0; mask < (1u << 16); mask++) {
        int s = 0;
        for (uint32_t m = mask; m; m &= m - 1) s += primes[__builtin_ctz(m)];
        ways += s == 150;
    }
    printf("subsets of first 16 primes summing to 150: %ld\n", ways);
    return 0;
}
