/* UTF-8 encoding and decoding by hand: code points of every length,
   validation of malformed sequences (overlong, surrogates, truncated,
   out of range), and UTF-16 conversion. Output is plain ASCII plus
   well-formed UTF-8. */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static int encode(uint32_t cp, unsigned char *out) {
    if (cp < 0x80) { out[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) { out[0] = (unsigned char)(0xC0 | cp >> 6); out[1] = (unsigned char)(0x80 | (cp & 63)); return 2; }
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12); out[1] = (unsigned char)(0x80 | ((cp >> 6) & 63));
        out[2] = (unsigned char)(0x80 | (cp & 63));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (unsigned char)(0xF0 | cp >> 18); out[1] = (unsigned char)(0x80 | ((cp >> 12) & 63));
        out[2] = (unsigned char)(0x80 | ((cp >> 6) & 63)); out[3] = (unsigned char)(0x80 | (cp & 63));
        return 4;
    }
    return 0;
}

/* decodes one code point; returns length consumed, or -1 if invalid */
static int decode(const unsigned char *s, size_t n, uint32_t *cp) {
    if (n == 0) return -1;
    unsigned char c = s[0];
    int len;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    else if ((c & 0xE0) == 0xC0) { len = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { len = 4; v = c & 0x07; min = 0x10000; }
    else return -1;
    if ((size_t)len > n) return -1;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return -1;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return -1;
    *cp = v;
    return len;
}

int main(void) {
    uint32_t cps[] = {0x24, 0x7F, 0x80, 0xA2, 0x7FF, 0x800, 0x20AC, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF,
                      0xD800, 0x110000};
    for (unsigned i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        unsigned char buf[5] = {0};
        int n = encode(cps[i], buf);
        printf("U+%04X -> %d bytes:", cps[i], n);
        for (int k = 0; k < n; k++) printf(" %02X", buf[k]);
        uint32_t back = 0;
        int d = n ? decode(buf, (size_t)n, &back) : -1;
        printf(" | decoded len %d U+%04X", d, back);
        if (n && cps[i] >= 0x20) printf(" [%s]", (char *)buf);
        printf("\n");
    }
    const unsigned char bad[][5] = {{0xC0, 0xAF}, {0xE0, 0x80, 0xAF}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80},
                                    {0xC3}, {0x80}, {0xFF}, {0xE2, 0x28, 0xA1}, {0xF0, 0x9F, 0x98}};
    const size_t badlen[] = {2, 3, 3, 4, 1, 1, 1, 3, 3};
    for (unsigned i = 0; i < sizeof badlen / sizeof badlen[0]; i++) {
        uint32_t cp;
        printf("malformed #%u -> %d\n", i, decode(bad[i], badlen[i], &cp));
    }
    /* round trip of many code points (every one in the low and surrogate ranges) */
    unsigned long ok = 0, rejected = 0, h = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 || (cp >= 0xD000 && cp < 0xE100)) ? 1 : 13) {
        unsigned char buf[4];
        int n = encode(cp, buf);
        if (!n) { rejected++; continue; }
        uint32_t back;
        if (decode(buf, (size_t)n, &back) == n && back == cp) ok++;
        h = h * 31 + (unsigned long)n + (cp & 7);
    }
    printf("round trip ok=%lu rejected=%lu h=%lu\n", ok, rejected, h);
    /* count characters and convert a mixed string to UTF-16 */
    const char *text = "Gr\xC3\xBC\xC3\x9F" "e, \xE2\x82\xAC" "5, \xF0\x9F\x98\x80!";
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    int chars = 0;
    printf("text [%s] utf16:", text);
    while (n) {
        uint32_t cp;
        int l = decode(p, n, &cp);
        if (l < 0) { printf(" <bad>"); break; }
        if (cp >= 0x10000) printf(" %04X %04X", 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        else printf(" %04X", cp);
        p += l;
        n -= (size_t)l;
        chars++;
    }
    printf("\nbytes=%zu chars=%d\n", strlen(text), chars);
    return 0;
}
