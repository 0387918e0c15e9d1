/* Large heap blocks (served by mmap in both glibc and musl): malloc and
   calloc of 128 KiB to 64 MiB, realloc growth and shrink (mremap),
   touching every page, and freeing in mixed order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t sum_pages(const unsigned char *p, size_t n) {
    uint32_t h = 0;
    for (size_t i = 0; i < n; i += 4096) h = h * 31 + p[i];
    if (n) h = h * 31 + p[n - 1];
    return h;
}

/* pattern constant over 256-byte chunks so it can be written with memset */
static unsigned char pat(size_t k) { return (unsigned char)((k >> 8) * 7 + 3); }
static void fill_pat(unsigned char *p, size_t from, size_t to) {
    while (from < to) {
        size_t end = (from | 255) + 1;
        if (end > to) end = to;
        memset(p + from, pat(from), end - from);
        from = end;
    }
}

int main(void) {
    size_t sizes[] = {128 * 1024, 128 * 1024 + 1, 200000, 1 << 20, 3 * 1000 * 1000, 16 << 20, 64 << 20};
    int n = sizeof sizes / sizeof sizes[0];
    unsigned char *blocks[8];
    for (int i = 0; i < n; i++) {
        size_t sz = sizes[i];
        unsigned char *b = malloc(sz);
        if (!b || sz < 4096) { printf("malloc %zu failed\n", sz); return 1; }
        for (size_t k = 0; k < sz; k += 4096) b[k] = (unsigned char)(k / 4096 + i);
        b[sz - 1] = (unsigned char)(0xA0 + i);
        blocks[i] = b;
        printf("block %d size %zu pagesum %08x\n", i, sizes[i], sum_pages(blocks[i], sizes[i]));
    }
    /* free every other block, then allocate zeroed ones and verify zeros */
    for (int i = 0; i < n; i += 2) free(blocks[i]);
    for (int i = 0; i < n; i += 2) {
        blocks[i] = calloc(sizes[i], 1);
        size_t nz = 0;
        for (size_t k = 0; k < sizes[i]; k += 2048) nz += blocks[i][k] != 0;
        printf("calloc %zu nonzero samples %zu\n", sizes[i], nz);
    }
    for (int i = 0; i < n; i++) free(blocks[i]);

    /* grow one block step by step, keeping its content (byte k holds pat(k)) */
    size_t len = 1024;
    unsigned char *p = malloc(len);
    fill_pat(p, 0, len);
    int bad = 0;
    while (len < (12u << 20)) {
        size_t nl = len * 3 / 2 + 4096;
        p = realloc(p, nl);
        if (!p) { printf("realloc failed\n"); return 1; }
        for (size_t k = 0; k < len; k += 997) if (p[k] != pat(k)) bad++;
        fill_pat(p, len, nl);
        len = nl;
    }
    printf("grew to %zu bytes, bad=%d\n", len, bad);
    /* shrink in steps */
    while (len > 1000) {
        len = len / 3;
        p = realloc(p, len);
        for (size_t k = 0; k < len; k += 1013) if (p[k] != pat(k)) bad++;
    }
    printf("shrunk to %zu bytes, bad=%d\n", len, bad);
    free(p);

    /* many 256 KiB blocks alive at once */
    enum { M = 64 };
    unsigned char *many[M];
    uint32_t h = 0;
    for (int i = 0; i < M; i++) {
        many[i] = malloc(256 * 1024);
        memset(many[i], i, 256 * 1024);
    }
    for (int i = M - 1; i >= 0; i--) {
        h = h * 131 + sum_pages(many[i], 256 * 1024);
        free(many[i]);
    }
    printf("many blocks hash %08x\n", h);
    /* aligned allocations */
    for (size_t al = 16; al <= 65536; al *= 16) {
        void *q = aligned_alloc(al, al * 3);
        printf("aligned_alloc(%zu) aligned=%d\n", al, q && ((uintptr_t)q % al) == 0);
        free(q);
    }
    void *pm = NULL;
    int rc = posix_memalign(&pm, 4096, 300000);
    printf("posix_memalign rc=%d aligned=%d\n", rc, pm && ((uintptr_t)pm & 4095) == 0);
    free(pm);
    return 0;
}
