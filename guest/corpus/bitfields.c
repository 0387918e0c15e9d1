/* Bitfields: signed and unsigned fields of many widths, wrap-around on
   increment, sign extension on read, layout in memory, bitfields
   spanning storage units, and a packed header decoder. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

struct flags {
    unsigned a : 1;
    unsigned b : 3;
    signed c : 4;
    unsigned d : 7;
    signed e : 13;
    unsigned f : 4;
};

struct wide {
    uint64_t lo : 40;
    uint64_t hi : 24;
    int64_t s : 33;
    uint64_t rest : 31;
};

struct hdr { /* like an IPv4 header's first 32 bits, little-endian bitfield order */
    unsigned ihl : 4;
    unsigned version : 4;
    unsigned tos : 8;
    unsigned len : 16;
};

static void dump(const char *what, const void *p, size_t n) {
    const unsigned char *b = p;
    printf("%s:", what);
    for (size_t i = 0; i < n; i++) printf(" %02x", b[i]);
    printf("\n");
}

int main(void) {
    struct flags f;
    memset(&f, 0, sizeof f);
    f.a = 1; f.b = 5; f.c = -3; f.d = 100; f.e = -4000; f.f = 9;
    printf("flags %u %u %d %u %d %u size=%zu\n", f.a, f.b, f.c, f.d, f.e, f.f, sizeof f);
    dump("flags bytes", &f, sizeof f);
    /* wrap-around */
    for (int i = 0; i < 20; i++) {
        f.b++;
        f.c++;
        f.d += 13;
        f.e -= 1000;
        printf("step %d: b=%u c=%d d=%u e=%d\n", i, f.b, f.c, f.d, f.e);
    }
    struct wide w;
    memset(&w, 0, sizeof w);
    w.lo = 0xFFFFFFFFFFULL;
    w.hi = 0xABCDEF;
    w.s = -1;
    w.rest = 0x7FFFFFFF;
    printf("wide lo=%llx hi=%llx s=%lld rest=%llx size=%zu\n", (unsigned long long)w.lo, (unsigned long long)w.hi,
           (long long)w.s, (unsigned long long)w.rest, sizeof w);
    w.lo++;
    w.s = 0xFFFFFFFFLL; /* fits in 33 bits as a positive number */
    w.s++;
    printf("wide after inc lo=%llx s=%lld\n", (unsigned long long)w.lo, (long long)w.s);
    w.s = 0x100000000LL;
    printf("wide s=2^32 reads back as %lld\n", (long long)w.s);
    dump("wide bytes", &w, sizeof w);
    /* decode packed headers from raw bytes */
    const unsigned char raw[][4] = {{0x45, 0x00, 0x00, 0x54}, {0x46, 0xb8, 0x05, 0xdc}, {0x4f, 0xff, 0xff, 0xff}};
    for (int i = 0; i < 3; i++) {
        struct hdr h;
        memcpy(&h, raw[i], 4);
        printf("hdr version=%u ihl=%u tos=%u len=%u (byte-swapped %u)\n", h.version, h.ihl, h.tos, h.len,
               (unsigned)__builtin_bswap16((uint16_t)h.len));
    }
    /* many bitfield structs updated in a loop */
    struct flags arr[64];
    memset(arr, 0, sizeof arr);
    uint32_t x = 1;
    for (int i = 0; i < 5000; i++) {
        x = x * 1103515245u + 12345u;
        struct flags *p = &arr[(x >> 16) % 64];
        p->a ^= 1;
        p->b += x & 7;
        p->c -= (int)((x >> 3) & 3);
        p->d ^= (x >> 5) & 0x7f;
        p->e += (int)((x >> 8) & 0xff) - 128;
        p->f = (p->f + 1) & 0xf;
    }
    long sum = 0;
    for (int i = 0; i < 64; i++) sum += arr[i].a + arr[i].b * 3 + arr[i].c * 5 + arr[i].d * 7 + arr[i].e * 11 + arr[i].f * 13;
    printf("bitfield array checksum %ld\n", sum);
    return 0;
}
