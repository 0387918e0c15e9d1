/* Reads standard input to end of file (the harness provides an empty
   stdin) and reports what it saw; then checks that stdin stays at EOF. */
#include <stdio.h>

int main(void) {
    long n = 0;
    unsigned long sum = 0;
    int c;
    while ((c = getchar()) != EOF) { n++; sum = sum * 31 + (unsigned char)c; }
    printf("read %ld bytes, checksum %lu, eof=%d error=%d\n", n, sum, feof(stdin) != 0, ferror(stdin) != 0);
    char buf[16];
    printf("fgets after eof returns NULL: %d\n", fgets(buf, sizeof buf, stdin) == NULL);
    int x = 0;
    printf("scanf at eof returns %d\n", scanf("%d", &x));
    return 0;
}
