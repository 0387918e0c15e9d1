/* Large output: about 100 KB of formatted lines, a single 40 KB fwrite,
   puts/putchar, and setvbuf with a small user buffer. */
#include <stdio.h>
#include <string.h>

static char userbuf[256];

int main(void) {
    for (int i = 0; i < 1500; i++) printf("%05d %08x %-20s|%10.3f\n", i, (unsigned)i * 2654435761u, i % 3 ? "fizz" : "buzz-buzz", i / 7.0);
    static char block[40000];
    for (size_t i = 0; i < sizeof block; i++) block[i] = (char)(i % 80 == 79 ? '\n' : 'A' + (i * 7) % 26);
    size_t w = fwrite(block, 1, sizeof block, stdout);
    printf("fwrite wrote %zu\n", w);
    for (int i = 0; i < 200; i++) { puts("puts line"); putchar('0' + i % 10); putchar('\n'); }
    fflush(stdout);
    setvbuf(stdout, userbuf, _IOFBF, sizeof userbuf);
    for (int i = 0; i < 500; i++) printf("small buffer line %d\n", i);
    fflush(stdout);
    setvbuf(stdout, NULL, _IONBF, 0);
    for (int i = 0; i < 20; i++) printf("unbuffered %d\n", i);
    return 0;
}
