/* Writes to both stdout and stderr: stderr is unbuffered, stdout is
   buffered; also raw write(2) calls, perror-free messages, fputs/fputc,
   and a large stderr block. Each stream is checked separately. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    fprintf(stderr, "stderr: starting\n");
    printf("stdout: line 1\n");
    fputs("stderr: fputs\n", stderr);
    fputc('!', stderr);
    fputc('\n', stderr);
    const char raw[] = "stderr: raw write(2)\n";
    ssize_t w = write(2, raw, sizeof raw - 1);
    printf("stdout: write returned %zd\n", w);
    fflush(stdout);
    const char raw1[] = "stdout: raw write(1) after fflush\n";
    w = write(1, raw1, sizeof raw1 - 1);
    for (int i = 0; i < 50; i++) fprintf(stderr, "stderr line %02d: %s\n", i, i % 2 ? "odd" : "even");
    char block[3000];
    memset(block, '=', sizeof block);
    for (int i = 99; i < (int)sizeof block; i += 100) block[i] = '\n';
    fwrite(block, 1, sizeof block, stderr);
    printf("stdout: last line, write returned %zd\n", w);
    fprintf(stderr, "stderr: done\n");
    return 0;
}
