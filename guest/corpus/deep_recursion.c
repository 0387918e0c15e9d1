/* Deep recursion: 100000 nested calls with a small frame (non-tail, so
   the stack really grows), mutual recursion, and a recursive flood fill. */
#include <stdio.h>
#include <stdint.h>

/* noipa keeps the compiler from turning the recursion into a loop */
__attribute__((noipa)) static uint64_t down(int n, const int *parent) {
    int here = n ^ (parent ? *parent : 0);
    if (n == 0) return 1;
    uint64_t r = down(n - 1, &here);
    return r * 3 + (uint64_t)(here & 0xff);
}

__attribute__((noipa)) static int is_odd(unsigned n);
__attribute__((noipa)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noipa)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

__attribute__((noipa)) static long depth_sum(long n) {
    if (n <= 0) return 0;
    long s = depth_sum(n - 1);
    return s + n;
}

#define W 120
#define H 80
static char grid[H][W];
static int fill(int y, int x) {
    if (y < 0 || y >= H || x < 0 || x >= W || grid[y][x] != '.') return 0;
    grid[y][x] = '#';
    return 1 + fill(y + 1, x) + fill(y - 1, x) + fill(y, x + 1) + fill(y, x - 1);
}

int main(void) {
    printf("down(100000) = %016llx\n", (unsigned long long)down(100000, NULL));
    printf("depth_sum(100000) = %ld\n", depth_sum(100000));
    printf("is_even(50001) = %d, is_odd(50001) = %d\n", is_even(50001), is_odd(50001));
    /* a serpentine maze makes the flood fill recurse thousands of levels deep */
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) grid[y][x] = '.';
    for (int y = 1; y < H - 1; y += 2)
        for (int x = 0; x < W; x++)
            if (!((y / 2) % 2 == 0 ? x == W - 1 : x == 0)) grid[y][x] = '|';
    int filled = fill(0, 0);
    int left = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) left += grid[y][x] == '.';
    printf("flood fill covered %d cells, %d left\n", filled, left);
    return 0;
}
