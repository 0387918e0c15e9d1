/* Function pointers: dispatch tables, callbacks, pointers returned from
   functions, qsort-style comparators, and a tiny state machine. */
#include <stdio.h>
#include <string.h>

typedef long (*binop)(long, long);
static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
static long mul(long a, long b) { return a * b; }
static long quo(long a, long b) { return b ? a / b : 0; }
static long rem_(long a, long b) { return b ? a % b : 0; }
static long maxl(long a, long b) { return a > b ? a : b; }
static long gcd(long a, long b) { while (b) { long t = a % b; a = b; b = t; } return a < 0 ? -a : a; }

static const struct { const char *name; binop fn; } table[] = {
    {"add", add}, {"sub", sub}, {"mul", mul}, {"quo", quo}, {"rem", rem_}, {"max", maxl}, {"gcd", gcd}};

static binop lookup(const char *name) {
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i].name, name) == 0) return table[i].fn;
    return NULL;
}

static long fold(const long *v, int n, long init, binop f) {
    for (int i = 0; i < n; i++) init = f(init, v[i]);
    return init;
}

static void map(long *v, int n, long (*f)(long)) { for (int i = 0; i < n; i++) v[i] = f(v[i]); }
static long sq(long x) { return x * x; }
static long neg(long x) { return -x; }
static long collatz(long x) { return x % 2 ? 3 * x + 1 : x / 2; }

/* state machine: each state is a function returning the next state */
struct state;
typedef const struct state *(*step_fn)(char c, int *count);
struct state { const char *name; step_fn step; };
static const struct state S_START, S_WORD, S_NUM;
static const struct state *st_start(char c, int *count) {
    (void)count;
    if (c >= '0' && c <= '9') return &S_NUM;
    if ((c | 32) >= 'a' && (c | 32) <= 'z') return &S_WORD;
    return &S_START;
}
static const struct state *st_word(char c, int *count) {
    if ((c | 32) >= 'a' && (c | 32) <= 'z') return &S_WORD;
    count[0]++;
    return st_start(c, count);
}
static const struct state *st_num(char c, int *count) {
    if (c >= '0' && c <= '9') return &S_NUM;
    count[1]++;
    return st_start(c, count);
}
static const struct state S_START = {"start", st_start}, S_WORD = {"word", st_word}, S_NUM = {"num", st_num};

static int apply_n(int (*f)(int), int n, int x) { while (n--) x = f(x); return x; }
static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
static int (*choose(int which))(int) { return which ? dbl : inc; }

int main(void) {
    long v[] = {12, -7, 30, 45, 9, 100, -3, 60};
    int n = sizeof v / sizeof v[0];
    const char *ops[] = {"add", "sub", "mul", "max", "gcd", "quo", "rem", "nope"};
    for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        binop f = lookup(ops[i]);
        if (!f) { printf("%s: unknown\n", ops[i]); continue; }
        printf("%s: fold=%ld pair=%ld\n", ops[i], fold(v, n, ops[i][0] == 'm' && ops[i][1] == 'u' ? 1 : 0, f), f(v[2], v[4]));
    }
    long w[8];
    memcpy(w, v, sizeof w);
    map(w, n, sq);
    map(w, n, neg);
    for (int i = 0; i < n; i++) printf("%ld ", w[i]);
    printf("\n");
    long x = 27;
    int steps = 0;
    while (x != 1) { x = collatz(x); steps++; }
    printf("collatz(27) steps=%d\n", steps);
    const char *text = "abc 123 de4f 56 x 7 yz!";
    int count[2] = {0, 0};
    const struct state *s = &S_START;
    for (const char *p = text;; p++) {
        s = s->step(*p ? *p : ' ', count);
        if (!*p) break;
    }
    printf("words=%d numbers=%d final=%s\n", count[0], count[1], s->name);
    printf("apply inc 10 times: %d, dbl 10 times: %d\n", apply_n(choose(0), 10, 5), apply_n(choose(1), 10, 5));
    /* array of pointers called in a loop through a volatile pointer */
    long (*volatile vf)(long, long) = NULL;
    long acc = 1;
    for (int i = 0; i < 1000; i++) {
        vf = table[i % 7].fn;
        acc = vf(acc, i % 13 + 1) % 1000003;
        if (acc == 0) acc = i;
    }
    printf("dispatch acc=%ld\n", acc);
    return 0;
}
