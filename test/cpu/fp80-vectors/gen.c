/*
 * Test-vector generator for src/cpu/fp80.ts.
 *
 * Runs x87 instructions natively on the host CPU (all exceptions masked)
 * and prints the inputs, outputs and status word as JSON.  Every vector is
 * a string of space-separated hex fields; the layout of each operation is
 * given in the "layout" object of the output.  80-bit values are written
 * as 20 hex digits: 4 for sign|exponent followed by 16 for the significand.
 *
 * Usage: gen [scale [seed]]   (scale multiplies the vector counts)
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint64_t m; uint16_t se; } __attribute__((packed)) f80;

#define TOP 0x8000000000000000ULL
#define QBIT 0x4000000000000000ULL
#define CLOB "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)", "memory"

/* ---------------------------------------------------------------- x87 ops */

/* st0 = a, st1 = b, run insn, store st0 */
#define OP2(fn, insn)                                                         \
  static uint16_t fn(const f80 *a, const f80 *b, f80 *r, uint16_t cw) {      \
    uint16_t sw;                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[b]\n\tfldt %[a]\n\t"    \
                     "fnclex\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\t"   \
                     "fninit"                                                 \
                     : [sw] "=m"(sw), [r] "=m"(*r)                            \
                     : [a] "m"(*a), [b] "m"(*b), [cw] "m"(cw)                 \
                     : CLOB);                                                 \
    return sw;                                                                \
  }
OP2(x_add, "fadd %%st(1), %%st")
OP2(x_sub, "fsub %%st(1), %%st")
OP2(x_mul, "fmul %%st(1), %%st")
OP2(x_div, "fdiv %%st(1), %%st")
OP2(x_fprem, "fprem")
OP2(x_fprem1, "fprem1")
OP2(x_fscale, "fscale")
OP2(x_fcom, "fcom %%st(1)")
OP2(x_fucom, "fucom %%st(1)")
OP2(x_fpatan, "fpatan")  /* st1 = atan(st1/st0), popped: result is in st0 */
OP2(x_fyl2x, "fyl2x")
OP2(x_fyl2xp1, "fyl2xp1")

/* st0 = a, run insn, store st0 */
#define OP1(fn, insn)                                                         \
  static uint16_t fn(const f80 *a, f80 *r, uint16_t cw) {                     \
    uint16_t sw;                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"                 \
                     "fnclex\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r]\n\t"   \
                     "fninit"                                                 \
                     : [sw] "=m"(sw), [r] "=m"(*r)                            \
                     : [a] "m"(*a), [cw] "m"(cw)                              \
                     : CLOB);                                                 \
    return sw;                                                                \
  }
OP1(x_sqrt, "fsqrt")
OP1(x_rndint, "frndint")
OP1(x_fxam, "fxam")
OP1(x_f2xm1, "f2xm1")
OP1(x_fsin, "fsin")
OP1(x_fcos, "fcos")

/* st0 = a, run insn (pushes), store st0 then st1 */
#define OP1P(fn, insn)                                                        \
  static uint16_t fn(const f80 *a, f80 *r0, f80 *r1, uint16_t cw) {           \
    uint16_t sw;                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\t"                 \
                     "fnclex\n\t" insn "\n\tfnstsw %[sw]\n\tfstpt %[r0]\n\t"  \
                     "fstpt %[r1]\n\tfninit"                                  \
                     : [sw] "=m"(sw), [r0] "=m"(*r0), [r1] "=m"(*r1)          \
                     : [a] "m"(*a), [cw] "m"(cw)                              \
                     : CLOB);                                                 \
    return sw;                                                                \
  }
OP1P(x_fxtract, "fxtract")
OP1P(x_fsincos, "fsincos")
OP1P(x_fptan, "fptan")

/* store st0 = a to memory of type T */
#define ST(fn, T, insn)                                                       \
  static uint16_t fn(const f80 *a, T *r, uint16_t cw) {                       \
    uint16_t sw;                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldt %[a]\n\tfnclex\n\t" insn  \
                     " %[r]\n\tfnstsw %[sw]\n\tfninit"                        \
                     : [sw] "=m"(sw), [r] "=m"(*r)                            \
                     : [a] "m"(*a), [cw] "m"(cw)                              \
                     : CLOB);                                                 \
    return sw;                                                                \
  }
ST(x_st32, uint32_t, "fstps")
ST(x_st64, uint64_t, "fstpl")
ST(x_ist16, uint16_t, "fistps")
ST(x_ist32, uint32_t, "fistpl")
ST(x_ist64, uint64_t, "fistpll")
ST(x_istt16, uint16_t, "fisttps")
ST(x_istt32, uint32_t, "fisttpl")
ST(x_istt64, uint64_t, "fisttpll")
ST(x_bstp, f80, "fbstp")

/* load memory of type T, store st0 */
#define LD(fn, T, insn)                                                       \
  static uint16_t fn(const T *a, f80 *r, uint16_t cw) {                       \
    uint16_t sw;                                                              \
    __asm__ volatile("fninit\n\tfldcw %[cw]\n\tfnclex\n\t" insn               \
                     " %[a]\n\tfnstsw %[sw]\n\tfstpt %[r]\n\tfninit"          \
                     : [sw] "=m"(sw), [r] "=m"(*r)                            \
                     : [a] "m"(*a), [cw] "m"(cw)                              \
                     : CLOB);                                                 \
    return sw;                                                                \
  }
LD(x_ld32, uint32_t, "flds")
LD(x_ld64, uint64_t, "fldl")
LD(x_bld, f80, "fbld")

/* ------------------------------------------------------------------ random */

static uint64_t rs = 0x243F6A8885A308D3ULL;
static uint64_t rnd(void) {
  rs ^= rs << 13;
  rs ^= rs >> 7;
  rs ^= rs << 17;
  return rs;
}
static uint64_t rndn(uint64_t n) { return rnd() % n; }
static int rint_range(int lo, int hi) { return lo + (int)rndn((uint64_t)(hi - lo + 1)); }

static f80 mk(unsigned sign, int exp, uint64_t m) {
  f80 x;
  x.m = m;
  x.se = (uint16_t)((sign << 15) | (exp & 0x7fff));
  return x;
}
static int xexp(const f80 *x) { return x->se & 0x7fff; }
static unsigned xsign(const f80 *x) { return x->se >> 15; }

/* positions where rounding happens for 24/53/64-bit precision and integers */
static int pick_pos(void) {
  static const int pos[] = {0, 1, 2, 10, 11, 12, 13, 38, 39, 40, 41, 62, 63};
  return (rnd() & 1) ? pos[rndn(sizeof pos / sizeof pos[0])] : (int)rndn(64);
}

/* significand bit patterns (integer bit is adjusted by the caller) */
static uint64_t rmant(void) {
  uint64_t m;
  int k, p;
  switch (rndn(10)) {
  case 4:
    k = (int)rndn(64);
    return rnd() & ~(~0ULL >> k);
  case 5: {
    p = pick_pos();
    m = rnd();
    uint64_t low = p ? ((1ULL << p) - 1) : 0, half = p ? 1ULL << (p - 1) : 0;
    switch (rndn(5)) {
    case 0: return m & ~low;
    case 1: return m | low;
    case 2: return (m & ~low) | half;
    case 3: return (m & ~low) | half | 1;
    default: return (m & ~low) | (low >> 1);
    }
  }
  case 6:
    m = 0;
    for (k = 1 + (int)rndn(4); k; k--) m |= 1ULL << rndn(64);
    return m;
  case 7: return ~0ULL << rndn(64);
  case 8: return ~0ULL ^ (1ULL << rndn(64));
  default: return rnd();
  }
}

enum { NORM_ANY, NORM_MID, NORM_EDGE, DEN, PDEN, ZERO, INF, QNAN, SNAN, UNNORM, PSEUDO };

static f80 gen_class(int c, unsigned sign) {
  uint64_t m = rmant();
  switch (c) {
  case NORM_ANY: return mk(sign, rint_range(1, 0x7ffe), m | TOP);
  case NORM_MID: return mk(sign, rint_range(0x3fff - 80, 0x3fff + 80), m | TOP);
  case NORM_EDGE:
    return mk(sign, (rnd() & 1) ? rint_range(1, 80) : rint_range(0x7ffe - 80, 0x7ffe), m | TOP);
  case DEN:
    m &= ~TOP;
    if (rnd() & 1) m >>= rndn(64);
    return mk(sign, 0, m ? m : 1);
  case PDEN: return mk(sign, 0, m | TOP);
  case ZERO: return mk(sign, 0, 0);
  case INF: return mk(sign, 0x7fff, TOP);
  case QNAN:
    if (rndn(4) == 0) return mk(1, 0x7fff, 0xC000000000000000ULL);
    return mk(sign, 0x7fff, m | TOP | QBIT);
  case SNAN:
    m = (m & ~QBIT) | TOP;
    if (!(m & (QBIT - 1))) m |= 1ULL << rndn(62);
    return mk(sign, 0x7fff, m);
  case UNNORM:
    return mk(sign, (rnd() & 1) ? rint_range(1, 0x7ffe) : rint_range(0x3fff - 70, 0x3fff + 70), m & ~TOP);
  default: return mk(sign, 0x7fff, m & ~TOP);
  }
}

/* a random operand; special_pct percent of them are non-normal values */
static f80 gen(int special_pct) {
  unsigned sign = rnd() & 1;
  if ((int)rndn(100) < special_pct) {
    static const int w[] = {DEN, DEN, DEN, DEN, PDEN, ZERO, ZERO, ZERO, INF, INF, INF,
                            QNAN, QNAN, QNAN, SNAN, SNAN, SNAN, UNNORM, UNNORM, PSEUDO};
    return gen_class(w[rndn(sizeof w / sizeof w[0])], sign);
  }
  int r = (int)rndn(10);
  return gen_class(r < 3 ? NORM_ANY : r < 8 ? NORM_MID : NORM_EDGE, sign);
}

static f80 with_exp(f80 x, int e) {
  if (e < 1) e = 1;
  if (e > 0x7ffe) e = 0x7ffe;
  return mk(xsign(&x), e, x.m | TOP);
}

static f80 from_ld(long double v) {
  f80 x;
  memcpy(&x, &v, 10);
  return x;
}

/* control word: all exceptions masked */
static int g_rc, g_pc;
static uint16_t pick_cw(int use_pc) {
  g_rc = (int)rndn(4);
  int r = (int)rndn(16);
  g_pc = !use_pc ? (int)rndn(4) : r < 8 ? 3 : r < 12 ? 2 : r < 15 ? 0 : 1;
  return (uint16_t)(0x7f | (g_pc << 8) | (g_rc << 10));
}

/* ------------------------------------------------------------------ output */

static int first_op = 1, first_vec;
static void begin(const char *name) {
  printf("%s\n\"%s\":[", first_op ? "" : ",", name);
  first_op = 0;
  first_vec = 1;
}
static void end(void) { printf("]"); }
static void vstart(void) {
  printf("%s\n\"%x", first_vec ? "" : ",", (g_rc << 2) | g_pc);
  first_vec = 0;
}
static void pf(const f80 *x) { printf(" %04x%016llx", x->se, (unsigned long long)x->m); }
static void px(unsigned long long v, int digits) { printf(" %0*llx", digits, v); }
static void vend(uint16_t sw) { printf(" %04x\"", sw & 0x477f); }

/* ------------------------------------------------------------------ pairs */

enum { P_ADD, P_MUL, P_DIV, P_REM, P_SCALE, P_CMP };

static void gen_pair(int kind, f80 *a, f80 *b) {
  int r = (int)rndn(100);
  *a = gen(12);
  *b = gen(12);
  if (rndn(100) < 5) { /* two NaNs: which one propagates */
    *a = gen_class(rnd() & 1 ? QNAN : SNAN, rnd() & 1);
    *b = gen_class(rnd() & 1 ? QNAN : SNAN, rnd() & 1);
    if (rnd() & 1) b->m = (b->m & QBIT) | (a->m & ~QBIT);
    if (!(b->m & (QBIT - 1))) b->m |= QBIT; /* keep b a NaN */
    return;
  }
  if (r < 35) return; /* independent */
  int ea = xexp(a);
  if (ea == 0 || ea == 0x7fff) ea = 0x3fff;
  switch (kind) {
  case P_ADD:
  case P_CMP:
    if (r < 60) {
      *b = with_exp(*b, ea + rint_range(-3, 3));
      if (rnd() & 1) b->m = a->m ^ (rnd() >> rndn(64)) ^ (rndn(3) == 0 ? 0 : 1);
      if (kind == P_CMP && rndn(3) == 0) *b = *a, b->se ^= (uint16_t)((rnd() & 1) << 15);
    } else if (r < 80) {
      *b = with_exp(*b, ea + rint_range(-70, 70));
    } else if (r < 90) { /* tiny operands */
      *a = rnd() & 1 ? gen_class(DEN, rnd() & 1) : with_exp(*a, rint_range(1, 3));
      *b = rnd() & 1 ? gen_class(DEN, rnd() & 1) : with_exp(*b, rint_range(1, 3));
    } else { /* huge */
      *a = with_exp(*a, rint_range(0x7ffc, 0x7ffe));
      *b = with_exp(*b, rint_range(0x7ff0, 0x7ffe));
    }
    break;
  case P_MUL:
    if (r < 60) *b = with_exp(*b, 0x3fff + 0x3fff - ea + rint_range(-70, 3));
    else if (r < 85) *b = with_exp(*b, 0x7ffe + 0x3fff - ea + rint_range(-3, 3));
    else *b = with_exp(*b, 0x3fff + rint_range(-4, 4));
    if (rndn(4) == 0) b->m = TOP | (rnd() << rndn(64)); /* short significands */
    if (rndn(4) == 0) a->m = TOP | (rnd() << rndn(64));
    break;
  case P_DIV:
    if (r < 55) *b = with_exp(*b, ea - 0x3fff + 0x3fff + rint_range(-3, 70));
    else if (r < 75) *b = with_exp(*b, ea - 0x7ffe + 0x3fff + rint_range(-3, 3));
    else if (r < 85) *b = with_exp(*b, ea + rint_range(-3, 3));
    else { /* exact quotient: a = b * small */
      long double bb, q = (long double)(int)rint_range(-1000, 1000);
      *b = mk(rnd() & 1, rint_range(0x3fff - 100, 0x3fff + 100), TOP | ((rnd() >> 20) << 20));
      memcpy(&bb, b, 10);
      *a = from_ld(bb * q);
    }
    break;
  case P_REM: {
    int d;
    if (r < 55) d = rint_range(-2, 66);
    else if (r < 75) d = rint_range(60, 70);
    else d = rint_range(64, 400);
    ea = xexp(a);
    if (ea == 0 || ea == 0x7fff) {
      *a = with_exp(*a, rint_range(0x3fff, 0x4200));
      ea = xexp(a);
    }
    if (ea - d < 1) {
      *a = with_exp(*a, d + rint_range(1, 100));
      ea = xexp(a);
    }
    *b = with_exp(*b, ea - d);
    if (rndn(3) == 0) b->m = TOP | (rnd() << rndn(64));
    if (rndn(8) == 0) *b = gen_class(DEN, rnd() & 1);
    break;
  }
  case P_SCALE: {
    long double n;
    if (r < 60) n = (long double)rint_range(-200, 200);
    else if (r < 75) n = (long double)rint_range(-70000, 70000);
    else if (r < 90) {
      int target = rnd() & 1 ? rint_range(-70, 5) : rint_range(0x7ffe - 3, 0x7ffe + 3);
      n = (long double)(target - ea);
    } else n = (long double)rint_range(-1000, 1000) / 8.0L;
    *b = from_ld(n);
    if (rndn(20) == 0) *b = with_exp(*b, rint_range(0x3fff + 15, 0x3fff + 200));
    break;
  }
  }
}

/* --------------------------------------------------------------- emitters */

typedef uint16_t (*op2_fn)(const f80 *, const f80 *, f80 *, uint16_t);
static void emit2(const char *name, op2_fn fn, int kind, int n, int use_pc) {
  begin(name);
  for (int i = 0; i < n; i++) {
    f80 a, b, r;
    gen_pair(kind, &a, &b);
    uint16_t cw = pick_cw(use_pc);
    uint16_t sw = fn(&a, &b, &r, cw);
    vstart(); pf(&a); pf(&b); pf(&r); vend(sw);
  }
  end();
}

typedef uint16_t (*op1_fn)(const f80 *, f80 *, uint16_t);

static f80 gen_sqrt_arg(void) {
  int r = (int)rndn(100);
  if (r < 70) {
    f80 a = gen(15);
    if (rnd() & 1) a.se &= 0x7fff;
    return a;
  }
  long double x;
  f80 t = mk(0, rint_range(0x3fff - 8000, 0x3fff + 8000), TOP | (rnd() << 32));
  if (rndn(3) == 0) t.m = TOP | ((rnd() >> 33) << 32) | (1ULL << 31); /* near half-ulp */
  memcpy(&x, &t, 10);
  return from_ld(x * x);
}

static f80 gen_int_arg(int bits) {
  int r = (int)rndn(100);
  f80 a = gen(12);
  if (r < 20) return a;
  int lim = bits + 1;
  a = with_exp(a, 0x3fff + rint_range(-3, lim));
  if (r < 50) {
    /* halves and near-halves */
    int e = xexp(&a) - 0x3fff;
    if (e >= 0 && e < 63) {
      uint64_t fracmask = ~0ULL >> (e + 1);
      uint64_t half = 1ULL << (62 - e);
      switch (rndn(4)) {
      case 0: a.m = (a.m & ~fracmask) | half; break;
      case 1: a.m = (a.m & ~fracmask) | half | 1; break;
      case 2: a.m = (a.m & ~fracmask) | (half - 1); break;
      default: a.m &= ~fracmask;
      }
    }
  } else if (r < 70 && bits < 64) {
    /* around the limits of the integer type */
    long double v = (long double)(1LL << (bits - 1)) + (long double)rint_range(-3, 2) + (long double)rint_range(-2, 2) / 4.0L;
    if (rnd() & 1) v = -v;
    a = from_ld(v);
  } else if (r < 70) {
    a = with_exp(a, 0x3fff + 63);
    if (rnd() & 1) a.m = TOP | (rnd() & 3);
  }
  return a;
}

static f80 gen_conv_arg(int mant_bits, int emax, int emin_den) {
  int r = (int)rndn(100);
  f80 a = gen(15);
  if (r < 20) return a;
  if (r < 45) return with_exp(a, 0x3fff + rint_range(-emax, emax));
  if (r < 65) return with_exp(a, 0x3fff + emax + rint_range(-2, 2));
  if (r < 90) return with_exp(a, 0x3fff + rint_range(emin_den - 3, -emax + 3));
  (void)mant_bits;
  return with_exp(a, 0x3fff + rint_range(-3, 3));
}

static void emit1(const char *name, op1_fn fn, int n, int use_pc, f80 (*g)(void)) {
  begin(name);
  for (int i = 0; i < n; i++) {
    f80 a = g(), r;
    uint16_t cw = pick_cw(use_pc);
    uint16_t sw = fn(&a, &r, cw);
    vstart(); pf(&a); pf(&r); vend(sw);
  }
  end();
}

static f80 g_any(void) { return gen(30); }
static f80 g_rnd(void) { return gen_int_arg(70); }
static f80 g_sin(void) {
  f80 a = gen(10);
  if (rndn(4)) a = with_exp(a, 0x3fff + rint_range(-40, 70));
  return a;
}
static f80 g_f2xm1(void) {
  f80 a = gen(10);
  if (rndn(8)) a = with_exp(a, 0x3fff - rint_range(1, 70));
  return a;
}

/* processor brand string, for the record */
static void cpu_name(char out[49]) {
  unsigned r[12] = {0};
  memset(out, 0, 49);
  for (unsigned k = 0; k < 3; k++)
    if (!__get_cpuid(0x80000002 + k, &r[4 * k], &r[4 * k + 1], &r[4 * k + 2], &r[4 * k + 3])) return;
  memcpy(out, r, 48);
  for (int k = 0; k < 48; k++)
    if (out[k] == '"' || out[k] == '\\' || (out[k] && (unsigned char)out[k] < 32)) out[k] = ' ';
}

int main(int argc, char **argv) {
  int sc = argc > 1 ? atoi(argv[1]) : 1;
  if (argc > 2) rs = strtoull(argv[2], 0, 0) | 1;
  int i;
  char cpu[49];
  cpu_name(cpu);

  printf("{\"cpu\":\"%s\",\"scale\":%d,\"seed\":\"%#llx\",\n", cpu, sc, (unsigned long long)rs);
  printf("\"layout\":{\"binary\":\"ctl a b result fsw\",\"unary\":\"ctl a result fsw\","
         "\"fxtract\":\"ctl a significand exponent fsw\",\"fsincos\":\"ctl a cos sin fsw\","
         "\"fptan\":\"ctl a one tan fsw\",\"store\":\"ctl a memory fsw\",\"load\":\"ctl memory result fsw\","
         "\"ctl\":\"rc<<2|pc\"},\n\"ops\":{");

  emit2("add", x_add, P_ADD, 2400 * sc, 1);
  emit2("sub", x_sub, P_ADD, 2400 * sc, 1);
  emit2("mul", x_mul, P_MUL, 2400 * sc, 1);
  emit2("div", x_div, P_DIV, 2400 * sc, 1);
  emit1("sqrt", x_sqrt, 1800 * sc, 1, gen_sqrt_arg);
  emit1("rndint", x_rndint, 1500 * sc, 0, g_rnd);
  emit2("fcom", x_fcom, P_CMP, 1000 * sc, 0);
  emit2("fucom", x_fucom, P_CMP, 1000 * sc, 0);
  emit2("fscale", x_fscale, P_SCALE, 1500 * sc, 0);
  emit2("fprem", x_fprem, P_REM, 1500 * sc, 0);
  emit2("fprem1", x_fprem1, P_REM, 1500 * sc, 0);
  emit1("fxam", x_fxam, 300 * sc, 0, g_any);

  begin("fxtract");
  for (i = 0; i < 600 * sc; i++) {
    f80 a = gen(35), r0, r1;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_fxtract(&a, &r0, &r1, cw);
    vstart(); pf(&a); pf(&r0); pf(&r1); vend(sw);
  }
  end();

  begin("st32");
  for (i = 0; i < 1500 * sc; i++) {
    f80 a = gen_conv_arg(24, 127, -149);
    uint32_t r;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_st32(&a, &r, cw);
    vstart(); pf(&a); px(r, 8); vend(sw);
  }
  end();
  begin("st64");
  for (i = 0; i < 1500 * sc; i++) {
    f80 a = gen_conv_arg(53, 1023, -1074);
    uint64_t r;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_st64(&a, &r, cw);
    vstart(); pf(&a); px(r, 16); vend(sw);
  }
  end();

  begin("ld32");
  for (i = 0; i < 500 * sc; i++) {
    uint32_t v = (uint32_t)rnd();
    switch (rndn(6)) {
    case 0: v &= 0x807fffff; break;                  /* zero/denormal */
    case 1: v |= 0x7f800000; break;                  /* inf/NaN */
    case 2: v = (v & 0x80000000) | 0x7f800000 | (rnd() & 1 ? 0 : (uint32_t)rndn(4)); break;
    default: break;
    }
    f80 r;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_ld32(&v, &r, cw);
    vstart(); px(v, 8); pf(&r); vend(sw);
  }
  end();
  begin("ld64");
  for (i = 0; i < 500 * sc; i++) {
    uint64_t v = rnd();
    switch (rndn(6)) {
    case 0: v &= 0x800fffffffffffffULL; break;
    case 1: v |= 0x7ff0000000000000ULL; break;
    case 2: v = (v & TOP) | 0x7ff0000000000000ULL | (rnd() & 1 ? 0 : rndn(4)); break;
    default: break;
    }
    f80 r;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_ld64(&v, &r, cw);
    vstart(); px(v, 16); pf(&r); vend(sw);
  }
  end();

  static const struct { const char *name; int bits; int trunc; } ints[] = {
      {"ist16", 16, 0}, {"ist32", 32, 0}, {"ist64", 64, 0},
      {"istt16", 16, 1}, {"istt32", 32, 1}, {"istt64", 64, 1}};
  for (int k = 0; k < 6; k++) {
    begin(ints[k].name);
    for (i = 0; i < (ints[k].trunc ? 500 : 800) * sc; i++) {
      f80 a = gen_int_arg(ints[k].bits);
      uint16_t cw = pick_cw(0), sw;
      unsigned long long out;
      if (ints[k].bits == 16) {
        uint16_t r;
        sw = ints[k].trunc ? x_istt16(&a, &r, cw) : x_ist16(&a, &r, cw);
        out = r;
      } else if (ints[k].bits == 32) {
        uint32_t r;
        sw = ints[k].trunc ? x_istt32(&a, &r, cw) : x_ist32(&a, &r, cw);
        out = r;
      } else {
        uint64_t r;
        sw = ints[k].trunc ? x_istt64(&a, &r, cw) : x_ist64(&a, &r, cw);
        out = r;
      }
      vstart(); pf(&a); px(out, ints[k].bits / 4); vend(sw);
    }
    end();
  }

  begin("fbstp");
  for (i = 0; i < 1000 * sc; i++) {
    f80 a = gen_int_arg(62), r;
    if (rndn(5) == 0) {
      long double v = 999999999999999999.0L + (long double)rint_range(-2, 2) + (long double)rint_range(-2, 2) / 4.0L;
      a = from_ld(rnd() & 1 ? -v : v);
    }
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_bstp(&a, &r, cw);
    vstart(); pf(&a); pf(&r); vend(sw);
  }
  end();
  begin("fbld");
  for (i = 0; i < 300 * sc; i++) {
    f80 a;
    uint64_t m = 0;
    int nd = (int)rndn(19);
    for (int d = 0; d < nd; d++) m |= (uint64_t)rndn(10) << (4 * d);
    if (rndn(8) == 0) m = 0x9999999999999999ULL;
    if (rndn(8) == 0) m = 0;
    a.m = m;
    a.se = (uint16_t)(rnd() & 1 ? 0x8000 | (rndn(4) == 0 ? 0x7f00 : 0) : (rndn(4) == 0 ? 0x00ff : 0));
    f80 r;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_bld(&a, &r, cw);
    vstart(); pf(&a); pf(&r); vend(sw);
  }
  end();

  /* transcendental functions: compared with a tolerance */
  emit1("f2xm1", x_f2xm1, 300 * sc, 0, g_f2xm1);
  emit1("fsin", x_fsin, 300 * sc, 0, g_sin);
  emit1("fcos", x_fcos, 300 * sc, 0, g_sin);
  begin("fsincos");
  for (i = 0; i < 200 * sc; i++) {
    f80 a = g_sin(), r0, r1;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_fsincos(&a, &r0, &r1, cw);
    vstart(); pf(&a); pf(&r0); pf(&r1); vend(sw);
  }
  end();
  begin("fptan");
  for (i = 0; i < 200 * sc; i++) {
    f80 a = g_sin(), r0, r1;
    uint16_t cw = pick_cw(0);
    uint16_t sw = x_fptan(&a, &r0, &r1, cw);
    vstart(); pf(&a); pf(&r0); pf(&r1); vend(sw);
  }
  end();
  /* binary transcendentals: a = st0, b = st1 */
  static const struct { const char *name; op2_fn fn; } tr2[] = {
      {"fpatan", x_fpatan}, {"fyl2x", x_fyl2x}, {"fyl2xp1", x_fyl2xp1}};
  for (int k = 0; k < 3; k++) {
    begin(tr2[k].name);
    for (i = 0; i < 300 * sc; i++) {
      f80 a = gen(10), b = gen(10), r;
      if (rndn(4)) a = with_exp(a, 0x3fff + rint_range(-20, 20));
      if (rndn(4)) b = with_exp(b, 0x3fff + rint_range(-20, 20));
      if (k == 1 && rndn(4)) a.se &= 0x7fff;
      if (k == 2 && rndn(4)) a = with_exp(a, 0x3fff - rint_range(2, 40));
      uint16_t cw = pick_cw(0);
      uint16_t sw = tr2[k].fn(&a, &b, &r, cw);
      vstart(); pf(&a); pf(&b); pf(&r); vend(sw);
    }
    end();
  }

  printf("\n}}\n");
  return 0;
}
