/* Individual x86-64 instructions through inline assembly, with the
   arithmetic flags they define captured by pushfq: add/adc/sub/sbb/neg/
   inc/dec, logic ops, shifts and rotates (incl. rcl/rcr, shld/shrd),
   bit scans and bit tests (incl. bt on memory with large offsets),
   mul/imul/div/idiv, xadd/cmpxchg/xchg, setcc/cmovcc, sign extension,
   partial-register writes, lahf/sahf and string instructions. Flags the
   architecture leaves undefined are masked out (bt, used to load CF,
   leaves OF/SF/ZF/AF/PF undefined). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>

#define CF 0x001
#define PF 0x004
#define AF 0x010
#define ZF 0x040
#define SF 0x080
#define OF 0x800
#define ARITH (CF | PF | AF | ZF | SF | OF)

static uint64_t vals[] = {0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000ULL, 0xffffffffULL,
                          0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL,
                          0xfedcba9876543210ULL};
#define NV (sizeof vals / sizeof vals[0])

static uint64_t H = 1469598103934665603ULL;
static void mix(uint64_t v) { H = (H ^ v) * 1099511628211ULL; }

/* r = a OP b with flags; carry_in sets CF first (for adc/sbb/rcl/rcr) */
#define BINOP64(name, insn)                                                                   \
    static uint64_t name(uint64_t a, uint64_t b, int carry_in, uint64_t *fl) {                \
        uint64_t f;                                                                           \
        __asm__ volatile("bt $0, %q3\n\t" insn " %2, %0\n\tpushfq\n\tpop %1"                  \
                         : "+r"(a), "=r"(f) : "r"(b), "r"((uint64_t)carry_in) : "cc");        \
        *fl = f;                                                                              \
        return a;                                                                             \
    }
BINOP64(op_add, "add")
BINOP64(op_adc, "adc")
BINOP64(op_sub, "sub")
BINOP64(op_sbb, "sbb")
BINOP64(op_and, "and")
BINOP64(op_or, "or")
BINOP64(op_xor, "xor")
BINOP64(op_imul2, "imul")

#define BINOP8(name, insn)                                                                    \
    static uint8_t name(uint8_t a, uint8_t b, int carry_in, uint64_t *fl) {                   \
        uint64_t f;                                                                           \
        __asm__ volatile("bt $0, %q3\n\t" insn " %b2, %b0\n\tpushfq\n\tpop %1"                \
                         : "+q"(a), "=r"(f) : "q"(b), "r"((uint64_t)carry_in) : "cc");        \
        *fl = f;                                                                              \
        return a;                                                                             \
    }
BINOP8(op_add8, "add")
BINOP8(op_sbb8, "sbb")

#define BINOP32(name, insn)                                                                   \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t *fl) {                              \
        uint64_t f;                                                                           \
        __asm__ volatile(insn " %k2, %k0\n\tpushfq\n\tpop %1"                                 \
                         : "+r"(a), "=r"(f) : "r"(b) : "cc");                                 \
        *fl = f;                                                                              \
        return a; /* upper half must be zero */                                               \
    }
BINOP32(op_add32, "add")
BINOP32(op_sub32, "sub")

#define BINOP16(name, insn)                                                                   \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t *fl) {                              \
        uint64_t f;                                                                           \
        __asm__ volatile(insn " %w2, %w0\n\tpushfq\n\tpop %1"                                 \
                         : "+r"(a), "=r"(f) : "r"(b) : "cc");                                 \
        *fl = f;                                                                              \
        return a; /* upper 48 bits must be preserved */                                       \
    }
BINOP16(op_add16, "add")
BINOP16(op_sub16, "sub")

#define UNOP64(name, insn)                                                                    \
    static uint64_t name(uint64_t a, int carry_in, uint64_t *fl) {                            \
        uint64_t f;                                                                           \
        __asm__ volatile("bt $0, %q2\n\t" insn " %0\n\tpushfq\n\tpop %1"                      \
                         : "+r"(a), "=r"(f) : "r"((uint64_t)carry_in) : "cc");                \
        *fl = f;                                                                              \
        return a;                                                                             \
    }
UNOP64(op_neg, "neg")
UNOP64(op_inc, "inc")
UNOP64(op_dec, "dec")
UNOP64(op_not, "not")

#define SHIFT64(name, insn)                                                                   \
    static uint64_t name(uint64_t a, uint8_t c, int carry_in, uint64_t *fl) {                 \
        uint64_t f;                                                                           \
        __asm__ volatile("bt $0, %q3\n\t" insn " %%cl, %0\n\tpushfq\n\tpop %1"                \
                         : "+r"(a), "=r"(f) : "c"(c), "r"((uint64_t)carry_in) : "cc");        \
        *fl = f;                                                                              \
        return a;                                                                             \
    }
SHIFT64(op_shl, "shl")
SHIFT64(op_shr, "shr")
SHIFT64(op_sar, "sar")
SHIFT64(op_rol, "rol")
SHIFT64(op_ror, "ror")
SHIFT64(op_rcl, "rcl")
SHIFT64(op_rcr, "rcr")

#define SHIFT8(name, insn)                                                                    \
    static uint8_t name(uint8_t a, uint8_t c, int carry_in, uint64_t *fl) {                   \
        uint64_t f;                                                                           \
        __asm__ volatile("bt $0, %q3\n\t" insn " %%cl, %b0\n\tpushfq\n\tpop %1"               \
                         : "+q"(a), "=r"(f) : "c"(c), "r"((uint64_t)carry_in) : "cc");        \
        *fl = f;                                                                              \
        return a;                                                                             \
    }
SHIFT8(op_rcl8, "rcl")
SHIFT8(op_sar8, "sar")
SHIFT8(op_rol8, "rol")

static uint64_t op_shld(uint64_t a, uint64_t b, uint8_t c, uint64_t *fl) {
    uint64_t f;
    __asm__ volatile("shld %%cl, %2, %0\n\tpushfq\n\tpop %1" : "+r"(a), "=r"(f) : "r"(b), "c"(c) : "cc");
    *fl = f;
    return a;
}
static uint64_t op_shrd(uint64_t a, uint64_t b, uint8_t c, uint64_t *fl) {
    uint64_t f;
    __asm__ volatile("shrd %%cl, %2, %0\n\tpushfq\n\tpop %1" : "+r"(a), "=r"(f) : "r"(b), "c"(c) : "cc");
    *fl = f;
    return a;
}

/* flags defined by a shift-type instruction with a masked count */
static uint64_t shift_mask(unsigned count, int is_rotate, int width) {
    unsigned c = count & (width == 64 ? 63 : 31);
    if (c == 0) return CF; /* flags unchanged: only CF (set by bt beforehand) is known */
    if (is_rotate) return c == 1 ? (CF | OF) : CF;
    return (c == 1 ? OF : 0) | CF | PF | ZF | SF;
}

int main(void) {
    uint64_t fl;
    /* add/adc/sub/sbb: all six flags are defined */
    for (unsigned i = 0; i < NV; i++)
        for (unsigned j = 0; j < NV; j++)
            for (int c = 0; c < 2; c++) {
                uint64_t a = vals[i], b = vals[j];
                uint64_t r;
                r = op_add(a, b, c, &fl); mix(r); mix(fl & ARITH);
                r = op_adc(a, b, c, &fl); mix(r); mix(fl & ARITH);
                if (i == 13 && j == 1) printf("adc %016" PRIx64 "+%016" PRIx64 "+%d = %016" PRIx64 " flags %03" PRIx64 "\n", a, b, c, r, fl & ARITH);
                r = op_sub(a, b, c, &fl); mix(r); mix(fl & ARITH);
                r = op_sbb(a, b, c, &fl); mix(r); mix(fl & ARITH);
                if (i == 0 && j == 1) printf("sbb 0-1-%d = %016" PRIx64 " flags %03" PRIx64 "\n", c, r, fl & ARITH);
                r = op_and(a, b, c, &fl); mix(r); mix(fl & (CF | PF | ZF | SF | OF));
                r = op_or(a, b, c, &fl); mix(r); mix(fl & (CF | PF | ZF | SF | OF));
                r = op_xor(a, b, c, &fl); mix(r); mix(fl & (CF | PF | ZF | SF | OF));
                r = op_imul2(a, b, c, &fl); mix(r); mix(fl & (CF | OF));
                uint8_t r8 = op_add8((uint8_t)a, (uint8_t)b, c, &fl); mix(r8); mix(fl & ARITH);
                r8 = op_sbb8((uint8_t)a, (uint8_t)b, c, &fl); mix(r8); mix(fl & ARITH);
                r = op_add32(a | 0xdead000000000000ULL, b, &fl); mix(r); mix(fl & ARITH);
                r = op_sub32(a, b, &fl); mix(r); mix(fl & ARITH);
                r = op_add16(a, b, &fl); mix(r); mix(fl & ARITH);
                r = op_sub16(a, b, &fl); mix(r); mix(fl & ARITH);
            }
    printf("binary ops hash %016" PRIx64 "\n", H);
    uint64_t r32 = op_add32(0xffffffffffffffffULL, 1, &fl);
    uint64_t r16 = op_add16(0x1111222233334444ULL, 0xffff, &fl);
    printf("32-bit add zero-extends: %016" PRIx64 ", 16-bit add keeps upper bits: %016" PRIx64 "\n", r32, r16);
    /* unary ops: inc/dec leave CF alone */
    H = 1469598103934665603ULL;
    for (unsigned i = 0; i < NV; i++)
        for (int c = 0; c < 2; c++) {
            uint64_t r = op_neg(vals[i], c, &fl); mix(r); mix(fl & ARITH);
            r = op_inc(vals[i], c, &fl); mix(r); mix(fl & ARITH);
            r = op_dec(vals[i], c, &fl); mix(r); mix(fl & ARITH);
            r = op_not(vals[i], c, &fl); mix(r); mix(fl & CF); /* not changes no flags */
        }
    printf("unary ops hash %016" PRIx64 "\n", H);
    /* shifts and rotates with every count */
    H = 1469598103934665603ULL;
    for (unsigned i = 0; i < NV; i++)
        for (unsigned cnt = 0; cnt < 70; cnt++)
            for (int c = 0; c < 2; c++) {
                uint64_t a = vals[i], r;
                r = op_shl(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 0, 64));
                r = op_shr(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 0, 64));
                r = op_sar(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 0, 64));
                r = op_rol(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 1, 64));
                r = op_ror(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 1, 64));
                r = op_rcl(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 1, 64));
                r = op_rcr(a, (uint8_t)cnt, c, &fl); mix(r); mix(fl & shift_mask(cnt, 1, 64));
                uint8_t r8 = op_rcl8((uint8_t)a, (uint8_t)cnt, c, &fl);
                mix(r8);
                mix(fl & ((cnt & 31) == 1 ? (CF | OF) : CF));
                r8 = op_sar8((uint8_t)a, (uint8_t)cnt, c, &fl); mix(r8);
                mix(fl & ((cnt & 31) >= 8 ? (ZF | SF | PF) : shift_mask(cnt, 0, 32)));
                r8 = op_rol8((uint8_t)a, (uint8_t)cnt, c, &fl); mix(r8);
                mix(fl & ((cnt & 31) == 1 ? (CF | OF) : CF));
                if (cnt > 0 && cnt < 64) {
                    r = op_shld(a, vals[(i + 5) % NV], (uint8_t)cnt, &fl); mix(r); mix(fl & (cnt == 1 ? CF | OF | PF | ZF | SF : CF | PF | ZF | SF));
                    r = op_shrd(a, vals[(i + 7) % NV], (uint8_t)cnt, &fl); mix(r); mix(fl & (cnt == 1 ? CF | OF | PF | ZF | SF : CF | PF | ZF | SF));
                }
            }
    printf("shift/rotate hash %016" PRIx64 "\n", H);
    uint64_t rr = op_rcr(1, 1, 1, &fl);
    printf("rcr 1 by 1 with CF=1: %016" PRIx64 " CF=%d\n", rr, (int)(fl & CF));
    /* bit scans and bit tests */
    for (unsigned i = 1; i < NV; i += 3) {
        uint64_t a = vals[i], f1, f2, bsf, bsr;
        __asm__("bsf %2, %0\n\tpushfq\n\tpop %1" : "=r"(bsf), "=r"(f1) : "r"(a) : "cc");
        __asm__("bsr %2, %0\n\tpushfq\n\tpop %1" : "=r"(bsr), "=r"(f2) : "r"(a) : "cc");
        printf("bsf/bsr %016" PRIx64 ": %" PRIu64 " %" PRIu64 " zf=%d\n", a, bsf, bsr, (int)((f1 & ZF) != 0));
    }
    uint64_t zf_zero;
    __asm__("bsf %1, %%rax\n\tpushfq\n\tpop %0" : "=r"(zf_zero) : "r"((uint64_t)0) : "rax", "cc");
    printf("bsf of zero sets ZF=%d\n", (int)((zf_zero & ZF) != 0));
    uint64_t word = 0x0f0f, f;
    __asm__("bts $4, %0\n\tpushfq\n\tpop %1" : "+r"(word), "=r"(f) : : "cc");
    printf("bts 4: %" PRIx64 " cf=%d; ", word, (int)(f & CF));
    __asm__("btr $0, %0\n\tpushfq\n\tpop %1" : "+r"(word), "=r"(f) : : "cc");
    printf("btr 0: %" PRIx64 " cf=%d; ", word, (int)(f & CF));
    __asm__("btc $63, %0\n\tpushfq\n\tpop %1" : "+r"(word), "=r"(f) : : "cc");
    printf("btc 63: %" PRIx64 " cf=%d\n", word, (int)(f & CF));
    /* bt/bts on memory with a register offset reaching other words, including negative */
    uint64_t mem[4] = {0, 0, 0, 0};
    for (int64_t bit = -10; bit < 250; bit += 37) {
        __asm__ volatile("bts %1, %0" : "+m"(mem[1]) : "r"(bit) : "cc", "memory");
    }
    uint64_t cfbits = 0;
    for (int64_t bit = -64; bit < 192; bit += 5) {
        uint64_t fx;
        __asm__ volatile("bt %2, %1\n\tpushfq\n\tpop %0" : "=r"(fx) : "m"(mem[1]), "r"(bit), "m"(mem[0]), "m"(mem[2]), "m"(mem[3]) : "cc");
        cfbits = cfbits << 1 | (fx & CF);
    }
    printf("bts on memory: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " bt pattern %016" PRIx64 "\n", mem[0], mem[1], mem[2],
           mem[3], cfbits);
    /* mul / imul / div / idiv */
    for (unsigned i = 0; i < NV; i += 2)
        for (unsigned j = 1; j < NV; j += 4) {
            uint64_t a = vals[i], b = vals[j], lo, hi, fm;
            __asm__("mul %3\n\tpushfq\n\tpop %2" : "=a"(lo), "=d"(hi), "=r"(fm) : "r"(b), "a"(a) : "cc");
            uint64_t slo, shi, fs;
            __asm__("imul %3\n\tpushfq\n\tpop %2" : "=a"(slo), "=d"(shi), "=r"(fs) : "r"(b), "a"(a) : "cc");
            printf("mul %016" PRIx64 " * %016" PRIx64 " = %016" PRIx64 ":%016" PRIx64 " cf/of=%d; imul %016" PRIx64 ":%016" PRIx64 " cf/of=%d\n", a,
                   b, hi, lo, (int)((fm & (CF | OF)) != 0), shi, slo, (int)((fs & (CF | OF)) != 0));
            if (b != 0 && hi < b) {
                uint64_t q, rem;
                __asm__("div %4" : "=a"(q), "=d"(rem) : "a"(lo), "d"(hi), "r"(b) : "cc");
                printf("  div back: q=%016" PRIx64 " r=%016" PRIx64 "\n", q, rem);
            }
        }
    int64_t dividends[] = {100, -100, 7, -7, INT64_MAX, INT64_MIN + 1};
    int64_t divisors[] = {7, -7, 3, -3, 1000000007};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 5; j++) {
            int64_t q, rem;
            __asm__("cqo\n\tidiv %4" : "=a"(q), "=d"(rem) : "a"(dividends[i]), "d"(0), "r"(divisors[j]) : "cc");
            printf("idiv %" PRId64 " / %" PRId64 " = %" PRId64 " r %" PRId64 "\n", dividends[i], divisors[j], q, rem);
        }
    uint32_t q32, r32b;
    __asm__("divl %4" : "=a"(q32), "=d"(r32b) : "a"(0x89abcdefu), "d"(0x1234u), "r"(0x56789u) : "cc");
    printf("divl edx:eax / 0x56789 = %08x r %08x\n", q32, r32b);
    uint8_t q8, r8;
    uint16_t ax = 1000;
    __asm__("divb %2\n\tmovb %%ah, %1" : "+a"(ax), "=Q"(r8) : "q"((uint8_t)7) : "cc");
    q8 = (uint8_t)ax;
    printf("divb 1000/7 = %u r %u\n", q8, r8);
    /* xadd, cmpxchg, xchg */
    uint64_t x = 10, y = 5;
    __asm__("xadd %0, %1" : "+r"(y), "+m"(x) : : "cc");
    printf("xadd: mem=%" PRIu64 " reg(old)=%" PRIu64 "\n", x, y);
    uint64_t acc = 15, newv = 99, fz;
    __asm__("lock cmpxchg %3, %1\n\tpushfq\n\tpop %2" : "+a"(acc), "+m"(x), "=r"(fz) : "r"(newv) : "cc");
    printf("cmpxchg match: mem=%" PRIu64 " zf=%d\n", x, (int)((fz & ZF) != 0));
    acc = 1;
    __asm__("lock cmpxchg %3, %1\n\tpushfq\n\tpop %2" : "+a"(acc), "+m"(x), "=r"(fz) : "r"(newv + 1) : "cc");
    printf("cmpxchg mismatch: mem=%" PRIu64 " rax=%" PRIu64 " zf=%d\n", x, acc, (int)((fz & ZF) != 0));
    uint64_t p = 1, q = 2;
    __asm__("xchg %0, %1" : "+r"(p), "+r"(q));
    printf("xchg: %" PRIu64 " %" PRIu64 "\n", p, q);
    /* setcc and cmovcc after cmp for several pairs */
    int64_t pairs[][2] = {{1, 2}, {2, 1}, {5, 5}, {-1, 1}, {INT64_MIN, INT64_MAX}, {INT64_MAX, -1}};
    for (int i = 0; i < 6; i++) {
        uint64_t bits = 0;
        int64_t a = pairs[i][0], b = pairs[i][1];
#define SET(cc) do { uint8_t v; __asm__("cmp %2, %1\n\tset" cc " %0" : "=q"(v) : "r"(a), "r"(b) : "cc"); bits = bits << 1 | v; } while (0)
        SET("o"); SET("no"); SET("b"); SET("ae"); SET("e"); SET("ne"); SET("be"); SET("a");
        SET("s"); SET("ns"); SET("p"); SET("np"); SET("l"); SET("ge"); SET("le"); SET("g");
        int64_t sel = 0;
        __asm__("cmp %2, %1\n\tcmovl %1, %0\n\tcmovg %2, %0" : "+r"(sel) : "r"(a), "r"(b) : "cc");
        printf("cmp %" PRId64 ",%" PRId64 ": setcc bits %04" PRIx64 " cmov-selected %" PRId64 "\n", a, b, bits, sel);
    }
    /* sign/zero extension and partial registers */
    int64_t sx1, sx2, sx3;
    uint64_t zx1, zx2;
    __asm__("movsbq %1, %0" : "=r"(sx1) : "m"(*(const int8_t *)"\x80"));
    __asm__("movswq %1, %0" : "=r"(sx2) : "r"((int16_t)-2));
    __asm__("movslq %k1, %0" : "=r"(sx3) : "r"(0x80000000u));
    __asm__("movzbl %b1, %k0" : "=r"(zx1) : "q"((uint8_t)0xfe));
    __asm__("movzwl %w1, %k0" : "=r"(zx2) : "r"((uint16_t)0xfffe));
    printf("movsx %" PRId64 " %" PRId64 " %" PRId64 " movzx %" PRIu64 " %" PRIu64 "\n", sx1, sx2, sx3, zx1, zx2);
    uint64_t r = 0x1122334455667788ULL;
    __asm__("movb $0xAA, %%ah" : "+a"(r));
    printf("write ah: %016" PRIx64 "\n", r);
    __asm__("movb $0xBB, %%al" : "+a"(r));
    printf("write al: %016" PRIx64 "\n", r);
    __asm__("movw $0xCCCC, %%ax" : "+a"(r));
    printf("write ax: %016" PRIx64 "\n", r);
    __asm__("movl $0xDDDDDDDD, %%eax" : "+a"(r));
    printf("write eax: %016" PRIx64 "\n", r);
    int64_t cq;
    __asm__("cqo" : "=d"(cq) : "a"((int64_t)-5));
    int32_t cd;
    __asm__("cltd" : "=d"(cd) : "a"((int32_t)5));
    int16_t cbw;
    __asm__("movb $0x90, %%al\n\tcbtw" : "=a"(cbw));
    printf("cqo %" PRId64 " cdq %d cbw %d\n", cq, cd, cbw);
    uint64_t bs = 0x0102030405060708ULL;
    uint32_t bs32 = 0xAABBCCDD;
    __asm__("bswap %0" : "+r"(bs));
    __asm__("bswap %0" : "+r"(bs32));
    printf("bswap %016" PRIx64 " %08x\n", bs, bs32);
    /* lahf/sahf, stc/clc/cmc */
    uint64_t ahres;
    __asm__("xor %%eax, %%eax\n\tstc\n\tlahf\n\tshr $8, %%eax" : "=a"(ahres) : : "cc");
    uint64_t after_sahf;
    __asm__("mov $0xD5, %%ah\n\tsahf\n\tpushfq\n\tpop %0" : "=r"(after_sahf) : : "rax", "cc");
    uint64_t cmcf;
    __asm__("clc\n\tcmc\n\tpushfq\n\tpop %0" : "=r"(cmcf) : : "cc");
    printf("lahf after stc: %02" PRIx64 ", sahf 0xD5 -> flags %03" PRIx64 ", clc+cmc cf=%d\n", ahres & 0xff, after_sahf & (CF | PF | AF | ZF | SF),
           (int)(cmcf & CF));
    /* string instructions */
    char src[64], dst[64];
    for (int i = 0; i < 64; i++) src[i] = (char)('A' + i % 26);
    memset(dst, '.', sizeof dst);
    void *di = dst + 4;
    const void *si = src;
    size_t cnt = 20;
    __asm__ volatile("rep movsb" : "+D"(di), "+S"(si), "+c"(cnt) : : "memory");
    printf("rep movsb: %.30s rcx=%zu advanced=%ld\n", dst, cnt, (long)((char *)di - dst));
    di = dst + 30;
    cnt = 5;
    __asm__ volatile("rep stosb" : "+D"(di), "+c"(cnt) : "a"('#') : "memory");
    uint64_t q64[4] = {0};
    di = q64;
    cnt = 3;
    __asm__ volatile("rep stosq" : "+D"(di), "+c"(cnt) : "a"(0x0101010101010101ULL) : "memory");
    printf("rep stosb: %.40s stosq %016" PRIx64 " %016" PRIx64 "\n", dst, q64[2], q64[3]);
    /* backwards copy with the direction flag set, then cleared again */
    char bw[16] = "0123456789";
    di = bw + 12;
    si = bw + 9;
    cnt = 10;
    __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(di), "+S"(si), "+c"(cnt) : : "memory");
    printf("std rep movsb (overlapping, backwards): %.13s\n", bw);
    const char *s1 = "abcdefgh", *s2 = "abcdXfgh";
    si = s1;
    di = (void *)s2;
    cnt = 8;
    uint64_t fcmp;
    __asm__ volatile("repe cmpsb\n\tpushfq\n\tpop %3" : "+S"(si), "+D"(di), "+c"(cnt), "=r"(fcmp) : : "memory", "cc");
    printf("repe cmpsb stopped after %ld bytes, rcx=%zu, zf=%d cf=%d\n", (long)((const char *)si - s1), cnt, (int)((fcmp & ZF) != 0),
           (int)(fcmp & CF));
    const char *hay = "find the letter q here";
    di = (void *)hay;
    cnt = strlen(hay);
    __asm__ volatile("repne scasb" : "+D"(di), "+c"(cnt) : "a"('q') : "memory", "cc");
    printf("repne scasb found 'q' at %ld\n", (long)((const char *)di - hay) - 1);
    uint64_t lodsum = 0;
    si = src;
    for (int i = 0; i < 8; i++) {
        uint64_t v;
        __asm__ volatile("lodsq" : "=a"(v), "+S"(si) : : "memory");
        lodsum += v;
    }
    printf("lodsq sum %016" PRIx64 "\n", lodsum);
    return 0;
}
