/* ctype.h classification and case conversion for every byte value in
   the C locale, printed as a compact table. */
#include <stdio.h>
#include <ctype.h>

int main(void) {
    const char *names = "alnum alpha blank cntrl digit graph lower print punct space upper xdigit";
    printf("classes: %s\n", names);
    int (*fns[])(int) = {isalnum, isalpha, isblank, iscntrl, isdigit, isgraph, islower, isprint, ispunct, isspace, isupper, isxdigit};
    unsigned counts[12] = {0};
    for (int c = 0; c < 256; c++) {
        char row[13];
        for (int k = 0; k < 12; k++) {
            int v = fns[k](c) != 0;
            row[k] = v ? 'x' : '.';
            counts[k] += (unsigned)v;
        }
        row[12] = 0;
        if (c < 128 || c % 16 == 0) printf("%3d %s up=%3d lo=%3d\n", c, row, toupper(c), tolower(c));
    }
    printf("counts:");
    for (int k = 0; k < 12; k++) printf(" %u", counts[k]);
    printf("\nEOF: alpha=%d toupper=%d\n", isalpha(EOF) != 0, toupper(EOF));
    return 0;
}
