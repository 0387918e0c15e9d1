/* Dense switch statements (jump tables), sparse switches (binary
   decision trees), fallthrough, and a small bytecode interpreter. */
#include <stdio.h>
#include <stdint.h>

static int dense(int x) {
    switch (x) {
    case 0: return 11;
    case 1: return 22;
    case 2: return 35;
    case 3: return 47;
    case 4: return 51;
    case 5: return 68;
    case 6: return 70;
    case 7: return 89;
    case 8: return 93;
    case 9: return 101;
    case 10: return 117;
    case 11: return 120;
    case 12: return 133;
    case 13: return 149;
    case 14: return 150;
    case 15: return 166;
    default: return -1;
    }
}

static const char *sparse(long x) {
    switch (x) {
    case -1000000: return "minus-million";
    case -7: return "minus-seven";
    case 0: return "zero";
    case 3: return "three";
    case 100: return "hundred";
    case 4096: return "page";
    case 65535: return "u16max";
    case 1000000007: return "prime";
    case 0x7fffffffffffffffL: return "max";
    default: return "other";
    }
}

static int fall(int x) {
    int r = 0;
    switch (x & 7) {
    case 7: r += 1; /* fall through */
    case 6: r += 2; /* fall through */
    case 5: r += 4; break;
    case 4: r += 8; /* fall through */
    case 3: r += 16; /* fall through */
    case 2: r += 32; break;
    default: r = 100;
    }
    return r;
}

static int classify(char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case '0' ... '9': return 2;
    case ' ': case '\t': case '\n': return 3;
    case 'A' ... 'Z': return 4;
    default: return 0;
    }
}

enum op { PUSH, ADD, SUB, MUL, DIV, DUP, SWAP, JNZ, DEC, PRINT, HALT, OVER, DROP };

static void run(const int *code) {
    long stack[64];
    int sp = 0, pc = 0, steps = 0;
    for (;;) {
        steps++;
        switch ((enum op)code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIV: sp--; stack[sp - 1] /= stack[sp]; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OVER: stack[sp] = stack[sp - 2]; sp++; break;
        case DROP: sp--; break;
        case SWAP: { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; break; }
        case JNZ: { int target = code[pc++]; if (stack[--sp]) pc = target; break; }
        case DEC: stack[sp - 1]--; break;
        case PRINT: printf("vm: %ld\n", stack[sp - 1]); break;
        case HALT: printf("vm halted after %d steps, sp=%d\n", steps, sp); return;
        }
    }
}

int main(void) {
    int sum = 0;
    for (int i = -3; i < 20; i++) { sum += dense(i) * (i + 5); printf("%d", dense(i) & 7); }
    printf("\ndense sum %d\n", sum);
    long keys[] = {-1000000, -7, 0, 3, 100, 4096, 65535, 1000000007, 0x7fffffffffffffffL, 5, -8, 1};
    for (unsigned i = 0; i < sizeof keys / sizeof keys[0]; i++) printf("%ld:%s ", keys[i], sparse(keys[i]));
    printf("\n");
    for (int i = 0; i < 8; i++) printf("fall(%d)=%d ", i, fall(i));
    printf("\n");
    const char *text = "Hello World 2024, the quick brown fox\tjumps!\n";
    int counts[5] = {0};
    for (const char *p = text; *p; p++) counts[classify(*p)]++;
    printf("classes: other=%d vowel=%d digit=%d space=%d upper=%d\n", counts[0], counts[1], counts[2], counts[3], counts[4]);
    /* factorial of 12, then 2^20 by doubling in a countdown loop */
    static const int fact[] = {
        PUSH, 1, PUSH, 12,         /* 0: acc n */
        SWAP, OVER, MUL, SWAP,     /* 4: acc*n n */
        DEC, DUP, JNZ, 4,          /* 8: loop while n != 0 */
        DROP, PRINT, HALT};
    run(fact);
    static const int pow2[] = {PUSH, 1, PUSH, 20, SWAP, DUP, ADD, SWAP, DEC, DUP, JNZ, 4, DROP, PRINT, PUSH, 7, PUSH, 2,
                               DIV, PRINT, HALT};
    run(pow2);
    return 0;
}
