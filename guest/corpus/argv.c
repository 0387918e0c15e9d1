/* Command-line arguments: argc, each argument (argv[0] is not printed
   because its path depends on how the program is started), lengths,
   the terminating NULL, and numeric arguments summed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    printf("argv[0] present=%d nonempty=%d\n", argv[0] != NULL, argv[0] && argv[0][0] != 0);
    long total = 0;
    size_t chars = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        long v = strtol(argv[i], &end, 0);
        int numeric = *argv[i] && !*end;
        printf("argv[%d]=\"%s\" len=%zu%s\n", i, argv[i], strlen(argv[i]), numeric ? " numeric" : "");
        if (numeric) total += v;
        chars += strlen(argv[i]);
    }
    printf("argv[argc] is NULL: %d\n", argv[argc] == NULL);
    printf("numeric sum=%ld total chars=%zu\n", total, chars);
    /* arguments are writable */
    if (argc > 1) {
        for (char *p = argv[1]; *p; p++) if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
        printf("upper argv[1]=%s\n", argv[1]);
    }
    return argc > 1 ? 0 : 1;
}
