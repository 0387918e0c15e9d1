/* CRC-32 (IEEE, reflected) three ways: bitwise, byte table, and
   slicing-by-4; CRC-32C; Adler-32; all cross-checked on generated data. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint32_t table[4][256], table_c[256];

static void make_tables(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i, d = i;
        for (int k = 0; k < 8; k++) {
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
            d = (d >> 1) ^ (0x82F63B78u & (0u - (d & 1)));
        }
        table[0][i] = c;
        table_c[i] = d;
    }
    for (int t = 1; t < 4; t++)
        for (int i = 0; i < 256; i++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xff];
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static uint32_t crc_table(uint32_t crc, const uint8_t *p, size_t n) {
    uint32_t c = ~crc;
    while (n--) c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t crc_slice4(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n >= 4) {
        uint32_t w;
        memcpy(&w, p, 4); /* little-endian load, unaligned allowed */
        c ^= w;
        c = table[3][c & 0xff] ^ table[2][(c >> 8) & 0xff] ^ table[1][(c >> 16) & 0xff] ^ table[0][c >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) c = table[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t crc32c(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    while (n--) c = table_c[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint32_t adler32(const uint8_t *p, size_t n) {
    uint32_t a = 1, b = 0;
    while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; }
    return (b << 16) | a;
}

int main(void) {
    make_tables();
    const char *s = "123456789";
    printf("crc32(123456789) = %08x (bitwise %08x, slice4 %08x)\n", crc_table(0, (const uint8_t *)s, 9),
           crc_bitwise((const uint8_t *)s, 9), crc_slice4((const uint8_t *)s, 9));
    printf("crc32c(123456789) = %08x adler32 = %08x\n", crc32c((const uint8_t *)s, 9), adler32((const uint8_t *)s, 9));
    const char *fox = "The quick brown fox jumps over the lazy dog";
    printf("crc32(fox) = %08x adler32(fox) = %08x\n", crc_table(0, (const uint8_t *)fox, strlen(fox)),
           adler32((const uint8_t *)fox, strlen(fox)));
    static uint8_t data[65536 + 8];
    uint64_t x = 0x123456789abcdefULL;
    for (size_t i = 0; i < sizeof data; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; data[i] = (uint8_t)x; }
    int mismatch = 0;
    for (size_t len = 0; len < 300; len += 7)
        for (int off = 0; off < 4; off++) {
            uint32_t a = crc_bitwise(data + off, len), b = crc_table(0, data + off, len), c = crc_slice4(data + off, len);
            if (a != b || b != c) mismatch++;
        }
    printf("method mismatches %d\n", mismatch);
    /* incremental equals one-shot */
    uint32_t inc = 0;
    for (size_t pos = 0; pos < 65536; pos += 1000) {
        size_t n = 65536 - pos < 1000 ? 65536 - pos : 1000;
        inc = crc_table(inc, data + pos, n);
    }
    printf("crc32(64K) one-shot %08x incremental %08x slice4 %08x\n", crc_table(0, data, 65536), inc, crc_slice4(data, 65536));
    printf("crc32c(64K) %08x adler32(64K) %08x\n", crc32c(data, 65536), adler32(data, 65536));
    for (int k = 0; k < 8; k++) printf("block %d crc %08x\n", k, crc_slice4(data + k * 8192 + k, 8192));
    return 0;
}
