/* Base64 and hex encoding/decoding of generated binary data, with
   padding cases, invalid input detection and round-trip checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const uint8_t *in, size_t n, char *out) {
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = B64[v >> 18]; out[o++] = B64[(v >> 12) & 63]; out[o++] = B64[(v >> 6) & 63]; out[o++] = B64[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        out[o++] = B64[v >> 18]; out[o++] = B64[(v >> 12) & 63]; out[o++] = '='; out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        out[o++] = B64[v >> 18]; out[o++] = B64[(v >> 12) & 63]; out[o++] = B64[(v >> 6) & 63]; out[o++] = '=';
    }
    out[o] = 0;
    return o;
}

static int val(char c) {
    const char *p = c ? strchr(B64, c) : NULL;
    return p ? (int)(p - B64) : -1;
}

/* returns decoded length or -1 on malformed input */
static long b64_decode(const char *in, uint8_t *out) {
    size_t n = strlen(in);
    if (n % 4) return -1;
    long o = 0;
    for (size_t i = 0; i < n; i += 4) {
        int a = val(in[i]), b = val(in[i + 1]);
        if (a < 0 || b < 0) return -1;
        int pad2 = in[i + 2] == '=', pad3 = in[i + 3] == '=';
        if ((pad2 || pad3) && i + 4 != n) return -1;
        if (pad2 && !pad3) return -1;
        int c = pad2 ? 0 : val(in[i + 2]), d = pad3 ? 0 : val(in[i + 3]);
        if (c < 0 || d < 0) return -1;
        uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        out[o++] = (uint8_t)(v >> 16);
        if (!pad2) out[o++] = (uint8_t)(v >> 8);
        if (!pad3) out[o++] = (uint8_t)v;
    }
    return o;
}

int main(void) {
    const char *samples[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar", "Many hands make light work."};
    char enc[256];
    uint8_t dec[256];
    for (int i = 0; i < 8; i++) {
        b64_encode((const uint8_t *)samples[i], strlen(samples[i]), enc);
        long n = b64_decode(enc, dec);
        printf("\"%s\" -> \"%s\" -> %ld bytes, same=%d\n", samples[i], enc, n,
               n == (long)strlen(samples[i]) && memcmp(dec, samples[i], (size_t)n) == 0);
    }
    const char *bad[] = {"abc", "ab=c", "a===", "ab!d", "ab==ab==", "Zg=", "Zg==", "Zm9v"};
    for (int i = 0; i < 8; i++) printf("decode \"%s\" -> %ld\n", bad[i], b64_decode(bad[i], dec));
    /* round trips of generated binary data */
    static uint8_t data[3000], back[3000];
    static char text[4100];
    uint32_t x = 5;
    for (int i = 0; i < 3000; i++) { x = x * 69069u + 1; data[i] = (uint8_t)(x >> 23); }
    int failures = 0;
    unsigned long h = 0;
    for (size_t len = 0; len < 3000; len += 37) {
        size_t el = b64_encode(data, len, text);
        long dl = b64_decode(text, back);
        if (dl != (long)len || memcmp(back, data, len) != 0 || el != (len + 2) / 3 * 4) failures++;
        for (size_t k = 0; k < el; k++) h = h * 131 + (unsigned char)text[k];
    }
    printf("round trips failures=%d hash=%lu\n", failures, h);
    b64_encode(data, 60, text);
    printf("first 60 bytes: %s\n", text);
    for (int i = 0; i < 32; i++) printf("%02x", data[i]);
    printf("\n");
    return 0;
}
