/* snprintf into small buffers (truncation and return values) and sscanf
   with %d %i %u %x %o %s %c %[] %n %f %lf %Lf %*, widths and failures. */
#include <stdio.h>
#include <string.h>

char word_abc[] = "abc";

static int sgnchk(const char *s) { return s[0]; }

int main(void) {
    char buf[32];
    for (size_t n = 0; n <= 12; n += 3) {
        memset(buf, '#', sizeof buf);
        int r = snprintf(buf, n, "val=%d,%s", 12345, word_abc);
        buf[sizeof buf - 1] = 0;
        printf("n=%zu r=%d buf=[%.*s]\n", n, r, n ? (int)n : 0, n ? buf : "");
    }
    int r = snprintf(NULL, 0, "%s-%08.3f-%x", "measure", 3.14159, 0xdead);
    printf("measure only: %d\n", r);
    /* build a long string piecewise */
    char big[512];
    size_t used = 0;
    for (int i = 0; i < 40 && used < sizeof big; i++) {
        int w = snprintf(big + used, sizeof big - used, "%d:%x;", i * i, i * 977);
        if (w < 0) break;
        used += (size_t)w;
    }
    if (used >= sizeof big) used = sizeof big - 1;
    printf("built %zu chars: %s\n", used, big);

    /* sscanf */
    int a = 0, b = 0, c = 0, n1 = -1, n2 = -1;
    unsigned u = 0, x = 0, o = 0;
    char s1[16] = "", s2[16] = "", ch[4] = "";
    double d = 0;
    float f = 0;
    long double ld = 0;
    long long ll = 0;
    short sh = 0;
    signed char hh = 0;
    r = sscanf("  42 -17 0x1f", "%d %d %i", &a, &b, &c);
    printf("r=%d a=%d b=%d c=%d\n", r, a, b, c);
    r = sscanf("010 0x10 -010 +7", "%i %i %i %i", &a, &b, &c, &n1);
    printf("r=%d %d %d %d %d\n", r, a, b, c, n1);
    r = sscanf("4294967295 ff 777 deadBEEF", "%u %x %o %x", &u, &x, &o, (unsigned *)&a);
    printf("r=%d u=%u x=%x o=%o a=%x\n", r, u, x, o, (unsigned)a);
    r = sscanf("hello world!", "%5s%n %s%n", s1, &n1, s2, &n2);
    printf("r=%d s1=[%s] s2=[%s] n1=%d n2=%d\n", r, s1, s2, n1, n2);
    r = sscanf("abc", "%3c", ch);
    printf("r=%d ch=[%.3s]\n", r, ch);
    r = sscanf("key=value;rest", "%15[^=]=%15[^;]", s1, s2);
    printf("r=%d key=[%s] value=[%s]\n", r, s1, s2);
    r = sscanf("aaabbbccc", "%[ab]%n", s1, &n1);
    printf("r=%d set=[%s] n=%d\n", r, s1, n1);
    r = sscanf("3.25 -1e-3 0x1.8p1", "%lf %f %Lf", &d, &f, &ld);
    printf("r=%d d=%g f=%g ld=%Lg\n", r, d, (double)f, ld);
    r = sscanf("inf -nan 12.5e2", "%lf %f %Lf", &d, &f, &ld);
    printf("r=%d d=%g fnan=%d ld=%Lg\n", r, d, f != f, ld);
    r = sscanf("123456789012 -300 -12", "%lld %hd %hhd", &ll, &sh, &hh);
    printf("r=%d ll=%lld sh=%d hh=%d\n", r, ll, sh, hh);
    r = sscanf("1 2 3", "%d %*d %d", &a, &b);
    printf("r=%d a=%d b=%d\n", r, a, b);
    r = sscanf("12345", "%2d%3d", &a, &b);
    printf("r=%d a=%d b=%d\n", r, a, b);
    r = sscanf("abc", "%d", &a);
    printf("mismatch r=%d\n", r);
    r = sscanf("", "%d", &a);
    printf("empty r=%d (EOF=%d)\n", r, EOF);
    r = sscanf("   ", "%d", &a);
    printf("blank r=%d\n", r);
    r = sscanf("7 apples", "%d apples%n", &a, &n1);
    printf("literal r=%d a=%d n=%d\n", r, a, n1);
    r = sscanf("7 pears", "%d apples%n", &a, &n2);
    printf("literal mismatch r=%d\n", r);
    r = sscanf("100%", "%d%%", &a);
    printf("percent r=%d a=%d\n", r, a);
    r = sscanf("  x", " %c", ch);
    printf("skip ws char r=%d c=%c first=%d\n", r, ch[0], sgnchk(ch));
    /* parse a table of records */
    const char *table = "alice 30 1.5\nbob 25 2.75\ncarol 41 -0.5\nbroken line\ndave 19 3\n";
    const char *p = table;
    while (*p) {
        char name[16];
        int age;
        double score;
        int consumed = 0;
        int got = sscanf(p, "%15s %d %lf%n", name, &age, &score, &consumed);
        if (got == 3) {
            printf("record %s age=%d score=%.2f\n", name, age, score);
        } else {
            printf("bad record (got %d)\n", got);
        }
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    return 0;
}
