/* Direct memory-management calls: mmap anonymous regions, partial
   munmap, MAP_FIXED over a reserved range, mprotect round trips,
   mremap growth/shrink, and raw brk extension. No addresses are printed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PG 4096

static uint32_t region_sum(const unsigned char *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

int main(void) {
    /* raw brk: extend by 1 MiB, use it, give it back */
    uintptr_t b0 = (uintptr_t)syscall(SYS_brk, 0);
    uintptr_t b1 = (uintptr_t)syscall(SYS_brk, b0 + (1 << 20));
    int brk_ok = b1 == b0 + (1 << 20);
    if (brk_ok) {
        memset((void *)b0, 0x5a, 1 << 20);
        brk_ok = ((unsigned char *)b0)[(1 << 20) - 1] == 0x5a;
    }
    uintptr_t b2 = (uintptr_t)syscall(SYS_brk, b0);
    printf("brk grow ok=%d shrink ok=%d\n", brk_ok, b2 == b0);

    /* anonymous mapping is zero-filled */
    size_t len = 16 * PG;
    unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    size_t nz = 0;
    for (size_t i = 0; i < len; i++) nz += p[i] != 0;
    printf("fresh mapping nonzero=%zu aligned=%d\n", nz, ((uintptr_t)p & (PG - 1)) == 0);
    for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i / PG + 1);

    /* punch a hole in the middle, then map a new page there with MAP_FIXED */
    int r = munmap(p + 5 * PG, 2 * PG);
    printf("munmap hole rc=%d\n", r);
    unsigned char *q = mmap(p + 5 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed remap at hole: same=%d first byte=%d\n", q == p + 5 * PG, q[0]);
    q[0] = 0xEE;
    /* MAP_FIXED over existing pages replaces their content with zeros */
    unsigned char *f = mmap(p + 10 * PG, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed overwrite same=%d bytes %d %d, neighbours %d %d\n", f == p + 10 * PG, f[0], f[2 * PG - 1],
           p[10 * PG - 1], p[12 * PG]);
    munmap(p + 6 * PG, PG); /* already unmapped part of the hole: not an error */
    printf("sum of pages 0-4: %08x, 7-15: %08x\n", region_sum(p, 5 * PG), region_sum(p + 7 * PG, 9 * PG));

    /* mprotect read-only and back */
    r = mprotect(p, 4 * PG, PROT_READ);
    printf("mprotect ro rc=%d value=%d\n", r, p[3 * PG]);
    r = mprotect(p, 4 * PG, PROT_READ | PROT_WRITE);
    p[3 * PG] = 99;
    printf("mprotect rw rc=%d value=%d\n", r, p[3 * PG]);
    /* errors: misaligned address (raw syscall: musl's wrapper rounds the address down) */
    errno = 0;
    r = (int)syscall(SYS_mprotect, p + 1, PG, PROT_READ);
    printf("misaligned mprotect rc=%d einval=%d\n", r, errno == EINVAL);
    errno = 0;
    r = munmap(p + 1, PG);
    printf("misaligned munmap rc=%d einval=%d\n", r, errno == EINVAL);
    errno = 0;
    void *z = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("zero-length mmap failed=%d einval=%d\n", z == MAP_FAILED, errno == EINVAL);

    /* mremap: grow with MAYMOVE, contents preserved, new tail zero */
    unsigned char *g = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (size_t i = 0; i < 3 * PG; i++) g[i] = (unsigned char)(i * 13);
    unsigned char *g2 = mremap(g, 3 * PG, 40 * PG, MREMAP_MAYMOVE);
    if (g2 == MAP_FAILED) { printf("mremap failed\n"); return 1; }
    int keep = 1;
    for (size_t i = 0; i < 3 * PG; i++) if (g2[i] != (unsigned char)(i * 13)) keep = 0;
    nz = 0;
    for (size_t i = 3 * PG; i < 40 * PG; i++) nz += g2[i] != 0;
    printf("mremap grow kept=%d tail nonzero=%zu\n", keep, nz);
    memset(g2 + 3 * PG, 0x11, 37 * PG);
    unsigned char *g3 = mremap(g2, 40 * PG, 2 * PG, 0);
    printf("mremap shrink in place=%d sum=%08x\n", g3 == g2, region_sum(g3, 2 * PG));
    munmap(g3, 2 * PG);
    munmap(p, len);

    /* many small mappings */
    unsigned char *maps[100];
    uint32_t h = 0;
    for (int i = 0; i < 100; i++) {
        size_t l = (size_t)(i % 7 + 1) * PG;
        maps[i] = mmap(NULL, l, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        memset(maps[i], i, l);
    }
    for (int i = 99; i >= 0; i--) {
        size_t l = (size_t)(i % 7 + 1) * PG;
        h = h * 7 + region_sum(maps[i], l);
        munmap(maps[i], l);
    }
    printf("100 mappings hash %08x\n", h);
    return 0;
}
