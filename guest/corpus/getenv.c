/* getenv of variables nobody sets (printed NULL-safely), and setenv,
   putenv, unsetenv round trips inside the process. Output does not
   depend on the environment the program was started with. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *name) {
    const char *v = getenv(name);
    printf("%s=%s\n", name, v ? v : "(null)");
}

int main(void) {
    show("ENCLU_CORPUS_UNSET_VARIABLE");
    show("ANOTHER_VARIABLE_NOBODY_SETS_42");
    int r = setenv("ENCLU_CORPUS_A", "first", 1);
    printf("setenv -> %d\n", r);
    show("ENCLU_CORPUS_A");
    r = setenv("ENCLU_CORPUS_A", "second", 0); /* no overwrite */
    printf("setenv no-overwrite -> %d\n", r);
    show("ENCLU_CORPUS_A");
    r = setenv("ENCLU_CORPUS_A", "third value with spaces", 1);
    show("ENCLU_CORPUS_A");
    static char kv[] = "ENCLU_CORPUS_B=from putenv";
    r = putenv(kv);
    printf("putenv -> %d\n", r);
    show("ENCLU_CORPUS_B");
    kv[15] = 'F'; /* putenv keeps the caller's string */
    show("ENCLU_CORPUS_B");
    r = unsetenv("ENCLU_CORPUS_A");
    printf("unsetenv -> %d\n", r);
    show("ENCLU_CORPUS_A");
    r = setenv("", "x", 1);
    printf("setenv empty name -> %d\n", r);
    r = setenv("A=B", "x", 1);
    printf("setenv name with '=' -> %d\n", r);
    /* many variables */
    char name[32], val[32];
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof name, "ENCLU_V%03d", i);
        snprintf(val, sizeof val, "%d", i * i);
        setenv(name, val, 1);
    }
    long sum = 0;
    for (int i = 0; i < 200; i += 3) {
        snprintf(name, sizeof name, "ENCLU_V%03d", i);
        const char *v = getenv(name);
        sum += v ? atol(v) : -1000000;
    }
    printf("sum of every third = %ld\n", sum);
    return 0;
}
