/* setjmp/longjmp: simple return values, jumps across several stack
   frames, nested jump buffers, a tiny exception mechanism, and
   volatile locals preserved across the jump. */
#include <stdio.h>
#include <setjmp.h>
#include <string.h>

static jmp_buf top;
static int depth_reached;
static unsigned pad_sum;
/* called through a pointer so the compiler does not treat dive() as never returning */
static void (*volatile jumper)(jmp_buf, int) = longjmp;

static void dive(int depth, int limit) {
    char pad[64];
    memset(pad, depth, sizeof pad);
    depth_reached = depth;
    pad_sum += (unsigned char)pad[depth % 64];
    if (depth >= limit) { jumper(top, depth * 10 + 1); return; }
    dive(depth + 1, limit);
    printf("never printed %d\n", pad[0]);
}

/* exception-like try/catch stack */
static jmp_buf *handlers[16];
static int nhandlers;
static void throw_(int code) { longjmp(*handlers[nhandlers - 1], code); }

static int parse_digit(char c) {
    if (c < '0' || c > '9') throw_(100 + c);
    return c - '0';
}

static int parse_number(const char *s) {
    int v = 0;
    while (*s) v = v * 10 + parse_digit(*s++);
    return v;
}

static int try_parse(const char *s, int *out) {
    jmp_buf env;
    handlers[nhandlers++] = &env;
    int code = setjmp(env);
    if (code == 0) {
        *out = parse_number(s);
        nhandlers--;
        return 0;
    }
    nhandlers--;
    return code;
}

static int nested_level(int n) {
    jmp_buf inner;
    volatile int local = n * 3;
    int r = setjmp(inner);
    if (r == 0) {
        if (n > 0) {
            int sub = nested_level(n - 1);
            local += sub;
        }
        local++;
        if (n % 2 == 1) longjmp(inner, local);
        return local;
    }
    return r + 1000 * n;
}

int main(void) {
    volatile int counter = 0;
    int r = setjmp(top);
    counter++;
    if (r == 0) {
        printf("first pass counter=%d\n", counter);
        longjmp(top, 0); /* 0 becomes 1 */
    }
    printf("returned r=%d counter=%d\n", r, counter);
    for (int limit = 1; limit <= 5000; limit *= 7) {
        int v = setjmp(top);
        if (v == 0) dive(0, limit);
        else printf("dive limit=%d longjmp value=%d depth=%d padsum=%u\n", limit, v, depth_reached, pad_sum);
    }
    const char *inputs[] = {"12345", "98x6", "0", "4a", "777777"};
    for (int i = 0; i < 5; i++) {
        int val = -1;
        int code = try_parse(inputs[i], &val);
        if (code) printf("parse %s: error code %d (char %c)\n", inputs[i], code, code - 100);
        else printf("parse %s: %d\n", inputs[i], val);
    }
    for (int n = 0; n < 6; n++) printf("nested(%d) = %d\n", n, nested_level(n));
    /* sigsetjmp variant without signals: mask argument 0 */
    sigjmp_buf sj;
    volatile int times = 0;
    if (sigsetjmp(sj, 0) < 3) {
        times++;
        siglongjmp(sj, times);
    }
    printf("siglongjmp loop ran %d times\n", times);
    return 0;
}
