/**
 * x87 floating point: loads and stores (FLD FST FSTP FILD FIST FISTP FISTTP FBLD FBSTP, the
 * constants), FXCH, FCMOVcc, FFREE(P), FINCSTP/FDECSTP, the arithmetic (FADD FSUB FSUBR FMUL FDIV
 * FDIVR and their P/I forms, FCHS FABS FSQRT FRNDINT FSCALE FXTRACT FPREM FPREM1 F2XM1 FYL2X
 * FYL2XP1 FPTAN FPATAN FSIN FCOS FSINCOS), the comparisons (FCOM FUCOM FICOM FCOMI FUCOMI and their
 * popping forms, FTST, FXAM), the control instructions (FNINIT FLDCW FNSTCW FNSTSW FNCLEX FNSTENV
 * FLDENV FNSAVE FRSTOR, the waiting forms, FWAIT, FNOP) and EMMS. Values are computed by fp80.ts;
 * the stack, tags and status word are kept here and in x87.ts.
 *
 * Exceptions (SDM Vol. 1, 8.4-8.7). Every instruction ORs the flags it raises into FSW and sets C1
 * from the result (rounded up), or to the stack-fault direction, or to 0. A stack fault is IE|SF:
 * pushing onto a valid register (C1 = 1) or reading an empty one (C1 = 0); masked, the result is
 * the QNaN indefinite (integer / BCD indefinite for integer / BCD stores). When a raised flag is
 * unmasked in FCW, ES and B are set and the exception is delivered as #MF by the next waiting x87
 * instruction, before it does anything. The unmasked responses follow the processor:
 *  - IE, ZE, DE (pre-computation): nothing is written and nothing is popped; only the flag is set;
 *  - OE, UE with a register destination: the result is written with its exponent biased by
 *    -24576 / +24576 (the significand rounded as without the exception) and pops happen; with
 *    UE unmasked, exact tiny results raise UE too. The adjusted result is obtained by running
 *    the operation on operands scaled by 2^-24576 / 2^24576 (exact, so the rounding is the
 *    hardware's) for the arithmetic, FSCALE, FYL2X, FYL2XP1, FPATAN, FPREM/FPREM1 and the tiny
 *    arguments of FSIN/FPTAN/FSINCOS/F2XM1 (the transcendental ones only as accurate as fp80's
 *    transcendentals). When even the adjusted exponent is out of range (FSCALE by a huge
 *    factor), the processor writes infinity (OE, C1 = 1, whatever the rounding) or a signed zero
 *    (UE), with PE;
 *  - OE, UE on a store to memory: nothing is stored and nothing is popped; only OE/UE is set (PE
 *    and C1 are not);
 *  - PE: the result is written normally.
 *
 * Pointers (what FNSTENV/FNSAVE/FXSAVE report): every non-control instruction records its RIP in
 * FIP and the low 11 bits of its two opcode bytes in FOP; those with a memory operand record the
 * operand's linear address in FDP. FCS and FDS are stored as 0 (deprecated on this CPU model).
 */
import { Code, type Insn, K, Mnemonic, regInfo } from '../decode.js';
import { Vector, X86Exception, ud } from '../exceptions.js';
import { CF, PF, ZF, evalCond, setArithFlags } from '../flags.js';
import { features } from '../cpuid.js';
import {
  type F80,
  type FpCtx,
  type FpResult,
  FP_C1,
  f80Abs,
  f80Add,
  f80Atan,
  f80Chs,
  f80Compare,
  f80Cos,
  f80Div,
  f80Examine,
  f80Extract,
  f80F2xm1,
  f80FromBcd,
  f80FromBytes,
  f80FromInt,
  f80Fyl2x,
  f80Fyl2xp1,
  f80Indefinite,
  f80Inf,
  f80IsNaN,
  f80LoadF32,
  f80LoadF64,
  f80Mul,
  f80One,
  f80Prem,
  f80Prem1,
  f80RoundInt,
  f80Scale,
  f80Sin,
  f80SinCos,
  f80Sqrt,
  f80StoreF32,
  f80StoreF64,
  f80Sub,
  f80Tan,
  f80ToBcd,
  f80ToInt,
  f80ToIntTrunc,
  f80Zero,
} from '../fp80.js';
import { memEA, writeReg } from '../operands.js';
import { def, type Exec } from '../registry.js';
import type { CPU, X87State } from '../state.js';
import {
  FSW_B,
  FSW_C0,
  FSW_C1,
  FSW_C2,
  FSW_C3,
  FSW_DE,
  FSW_ES,
  FSW_EXC,
  FSW_IE,
  FSW_OE,
  FSW_PE,
  FSW_SF,
  FSW_UE,
  FSW_ZE,
  abridgedTag,
  fpCtx,
  fullTagWord,
  getST,
  getTop,
  initX87State,
  isEmpty,
  loadFcw,
  pendingX87,
  physOf,
  popST,
  pushST,
  putST,
  setTop,
  syncES,
} from '../x87.js';

/* ------------------------------------------------------------------ common */

function mf(): X86Exception {
  return new X86Exception(Vector.MF, 0, 0, false, 'pending x87 exception');
}

/** wait is the check every waiting x87 instruction makes before it executes. */
function wait(x: X87State): void {
  if (pendingX87(x)) throw mf();
}

/** fopOf returns FOP: the low 3 bits of the D8..DF opcode byte and the ModR/M byte. */
function fopOf(insn: Insn): number {
  const b = insn.bytes;
  for (let i = 0; i + 1 < b.length; i++) {
    if (b[i] >= 0xd8 && b[i] <= 0xdf) return ((b[i] & 7) << 8) | b[i + 1];
  }
  return 0;
}

/** stOf returns i of the ST(i) operand `k`. */
function stOf(insn: Insn, k: number): number {
  const op = insn.ops[k];
  if (!op || op.kind !== K.Reg) throw ud('x87: expected an ST(i) operand');
  return regInfo(op.reg).n;
}

const STACK_UNDERFLOW = FSW_IE | FSW_SF;
const STACK_OVERFLOW = FSW_IE | FSW_SF | FSW_C1;
/** Exceptions detected before the computation: with one unmasked, nothing is written. */
const PRE = FSW_IE | FSW_ZE | FSW_DE;
const QUIET_BIT = 0x4000000000000000n;

/** status ORs exception flags (and SF) into FSW and sets C1 from `flags`; then ES and B. */
function status(x: X87State, flags: number): void {
  x.fsw = (x.fsw & ~FSW_C1) | (flags & (FSW_EXC | FSW_SF | FSW_C1));
  syncES(x);
}

/** blocked says whether `flags` hold an unmasked IE, ZE or DE; if so, records them (C1 = 0). */
function blocked(x: X87State, flags: number): boolean {
  if ((flags & ~x.fcw & PRE) === 0) return false;
  status(x, flags & (PRE | FSW_SF));
  return true;
}

/** stackFault records a stack fault; returns true when IE is masked (the caller writes the default). */
function stackFault(x: X87State, flags: number): boolean {
  status(x, flags);
  return (x.fcw & FSW_IE) !== 0;
}

function isFiniteNonzero(v: F80): boolean {
  return v.exp !== 0x7fff && v.mant !== 0n;
}

function isDenormal(v: F80): boolean {
  return v.exp === 0 && v.mant !== 0n;
}

/* ------------------------------------------------- masked and unmasked results */

const enum Kind {
  None = 0,
  Add = 1,
  Sub = 2,
  Mul = 3,
  Div = 4,
  Scale = 5,
  /** FSIN/FPTAN of a tiny argument: the result rounds as if just below |a|. */
  TinySin = 6,
  /** F2XM1 of a tiny argument: a * ln 2. */
  F2xm1 = 7,
  /** FYL2X, FYL2XP1: linear in ST(1). */
  Fyl2x = 8,
  Fyl2xp1 = 9,
  /** FPATAN of a tiny ratio: ST(1) / ST(0). */
  Atan = 10,
  /** An exact result (FPREM remainders): scaled as it is. */
  Exact = 11,
}

function compute(kind: Kind, a: F80, b: F80, ctx: FpCtx): FpResult {
  switch (kind) {
    case Kind.Add:
      return f80Add(a, b, ctx);
    case Kind.Sub:
      return f80Sub(a, b, ctx);
    case Kind.Mul:
      return f80Mul(a, b, ctx);
    case Kind.Div:
      return f80Div(a, b, ctx);
    default:
      return f80Scale(a, b, ctx);
  }
}

const LN2: F80 = { sign: 0, exp: 0x3ffe, mant: 0xb17217f7d1cf79acn };

/** BIAS_ADJUST is the exponent adjustment of the unmasked overflow/underflow response. */
const BIAS_ADJUST = 24576;

/** scaled returns v * 2^k as a normal F80 (v finite), or null when that is out of range. */
function scaled(v: F80, k: number): F80 | null {
  if (v.mant === 0n) return v;
  if (v.exp === 0x7fff) return null;
  let m = v.mant;
  let e = v.exp === 0 ? 1 : v.exp;
  const s = 64 - m.toString(2).length;
  if (s > 0) {
    m <<= BigInt(s);
    e -= s;
  }
  e += k;
  if (e < 1 || e > 0x7ffe) return null;
  return { sign: v.sign, exp: e, mant: m };
}

/** tiny returns the smallest normal of v's sign: it rounds like any operand far below the other. */
function tinyLike(v: F80): F80 {
  return { sign: v.sign, exp: 1, mant: 0x8000000000000000n };
}

/**
 * adjusted computes the bias-adjusted result of the unmasked overflow (k < 0) or underflow (k > 0)
 * response: the operation on operands scaled so that the exact result is scaled by 2^k. Returns
 * null when no exact scaling exists or the adjusted result is still out of range.
 */
function adjusted(kind: Kind, a: F80, b: F80, k: number, ctx: FpCtx, masked: F80): FpResult | null {
  let r: FpResult | null = null;
  switch (kind) {
    case Kind.TinySin: {
      const sa = scaled(a, k);
      if (sa) r = f80Sub(sa, tinyLike(sa), ctx);
      break;
    }
    case Kind.F2xm1: {
      const sa = scaled(a, k);
      if (sa) r = f80Mul(sa, LN2, ctx);
      if (r) r.flags |= FSW_PE;
      break;
    }
    case Kind.Fyl2x:
    case Kind.Fyl2xp1: {
      const sb = scaled(b, k);
      if (sb) r = kind === Kind.Fyl2x ? f80Fyl2x(a, sb, ctx) : f80Fyl2xp1(a, sb, ctx);
      break;
    }
    case Kind.Atan:
      if (a.sign === 0) r = adjusted(Kind.Div, b, a, k, ctx, masked);
      if (r) r.flags |= FSW_PE;
      break;
    case Kind.Exact: {
      const v = scaled(masked, k);
      if (v) r = { value: v, flags: 0 };
      break;
    }
    case Kind.Add:
    case Kind.Sub: {
      let sa = scaled(a, k);
      let sb = scaled(b, k);
      if (k < 0) {
        // An operand too small to scale down lies far below the other's last place.
        if (!sa && sb) sa = tinyLike(a);
        if (!sb && sa) sb = tinyLike(b);
      }
      if (sa && sb) r = compute(kind, sa, sb, ctx);
      break;
    }
    case Kind.Mul:
    case Kind.Div: {
      const kb = kind === Kind.Mul ? k : -k;
      const h = k / 2;
      const hb = kb / 2;
      const tries: [F80 | null, F80 | null][] = [
        [scaled(a, k), b],
        [a, scaled(b, kb)],
        [scaled(a, h), scaled(b, hb)],
      ];
      for (const [sa, sb] of tries) {
        if (sa && sb) {
          r = compute(kind, sa, sb, ctx);
          break;
        }
      }
      break;
    }
    case Kind.Scale: {
      const sa = scaled(a, k);
      if (sa) r = f80Scale(sa, b, ctx);
      break;
    }
  }
  if (!r || (r.flags & (FSW_OE | FSW_UE | FSW_IE)) !== 0) return null;
  return r;
}

/**
 * finish applies the exception rules to an arithmetic result whose destination is a register:
 * returns the value to write, or null when an unmasked IE/ZE/DE blocks the write (and any pop).
 * `kind`, `a` and `b` allow the bias-adjusted response to an unmasked OE/UE.
 */
function finish(x: X87State, r: FpResult, kind: Kind, a: F80, b: F80, ctx: FpCtx): F80 | null {
  let flags = r.flags;
  if (blocked(x, flags)) return null;
  let v = r.value;
  const um = ~x.fcw & FSW_EXC;
  if ((um & FSW_UE) !== 0 && ((flags & FSW_UE) !== 0 || isDenormal(v))) {
    flags |= FSW_UE;
    if (kind !== Kind.None) {
      const r2 = adjusted(kind, a, b, BIAS_ADJUST, ctx, v);
      if (r2) {
        v = r2.value;
        flags = (flags & FSW_DE) | FSW_UE | (r2.flags & (FSW_PE | FP_C1));
      } else {
        // Too small even for the adjusted range (FSCALE): a signed zero.
        v = f80Zero(v.sign);
        flags = (flags & FSW_DE) | FSW_UE | FSW_PE;
      }
    }
  } else if ((um & FSW_OE) !== 0 && (flags & FSW_OE) !== 0 && kind !== Kind.None) {
    const r2 = adjusted(kind, a, b, -BIAS_ADJUST, ctx, v);
    if (r2) {
      v = r2.value;
      flags = (flags & FSW_DE) | FSW_OE | (r2.flags & (FSW_PE | FP_C1));
    } else {
      // Too large even for the adjusted range (FSCALE): infinity, whatever the rounding.
      v = f80Inf(v.sign);
      flags = (flags & FSW_DE) | FSW_OE | FSW_PE | FP_C1;
    }
  }
  status(x, flags);
  return v;
}

/* ------------------------------------------------------------ memory operands */

/** DE raised by converting the last memory operand (a denormal single or double). */
let loadDE = 0;
const buf10 = new Uint8Array(10);

function read80(c: CPU, a: number): Uint8Array {
  const lo = c.mem.r64(a);
  const hi = c.mem.hi;
  const se = c.mem.r16(a + 8);
  buf10[0] = lo;
  buf10[1] = lo >>> 8;
  buf10[2] = lo >>> 16;
  buf10[3] = lo >>> 24;
  buf10[4] = hi;
  buf10[5] = hi >>> 8;
  buf10[6] = hi >>> 16;
  buf10[7] = hi >>> 24;
  buf10[8] = se;
  buf10[9] = se >>> 8;
  return buf10;
}

/** write80 stores 10 bytes (the caller has checked the destination with checkWrite). */
function write80(c: CPU, a: number, b: Uint8Array): void {
  const lo = b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24);
  const hi = b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24);
  c.mem.w64(a, lo, hi);
  c.mem.w16(a + 8, b[8] | (b[9] << 8));
}

function bits64(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * An IEEE operand as an F80 for arithmetic: exact, with an SNaN kept signalling (so that the NaN
 * rules of the operation apply), and DE noted in `loadDE` for a denormal.
 */
function fromIeee(r: FpResult): F80 {
  loadDE = r.flags & FSW_DE;
  const v = r.value;
  if ((r.flags & FSW_IE) !== 0) v.mant &= ~QUIET_BIT;
  return v;
}

type Loader = (c: CPU, a: number) => F80;

const loadM32fp: Loader = (c, a) => fromIeee(f80LoadF32(c.mem.r32(a)));
const loadM64fp: Loader = (c, a) => {
  const lo = c.mem.r64(a);
  return fromIeee(f80LoadF64(bits64(lo, c.mem.hi)));
};
const loadM16int: Loader = (c, a) => {
  loadDE = 0;
  return f80FromInt(BigInt((c.mem.r16(a) << 16) >> 16));
};
const loadM32int: Loader = (c, a) => {
  loadDE = 0;
  return f80FromInt(BigInt(c.mem.r32(a) | 0));
};

/** operandLoader picks the memory-operand conversion of an arithmetic or compare instruction. */
function operandLoader(insn: Insn, int: boolean): Loader {
  switch (insn.memSize) {
    case 2:
      return loadM16int;
    case 4:
      return int ? loadM32int : loadM32fp;
    case 8:
      return loadM64fp;
  }
  throw ud('x87: unsupported memory operand size');
}

/* --------------------------------------------------------------- arithmetic */

/**
 * Two-operand arithmetic: dst <- dst op src (or src op dst when reversed), with the memory forms
 * using ST(0) as the destination; `pop` for the P forms.
 */
function arithmetic(kind: Kind, reverse: boolean, pop: boolean, int: boolean) {
  return (insn: Insn): Exec => {
    const ip = insn.ip;
    const fop = fopOf(insn);
    if (insn.ops.length === 1 && insn.ops[0].kind === K.Mem) {
      const ea = memEA(insn);
      const load = operandLoader(insn, int);
      return (c) => {
        const x = c.x87;
        wait(x);
        const a = ea(c);
        const m = load(c, a);
        const de = loadDE;
        x.fip = ip;
        x.fop = fop;
        x.fdp = a;
        if (isEmpty(x, 0)) {
          if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
          return;
        }
        const st0 = getST(x, 0);
        const ctx = fpCtx(x);
        const p = reverse ? m : st0;
        const q = reverse ? st0 : m;
        const r = compute(kind, p, q, ctx);
        if (de !== 0 && (r.flags & (FSW_IE | FSW_ZE)) === 0 && !f80IsNaN(st0)) r.flags |= FSW_DE;
        const v = finish(x, r, kind, p, q, ctx);
        if (v) putST(x, 0, v);
      };
    }
    const d = stOf(insn, 0);
    const s = stOf(insn, 1);
    return (c) => {
      const x = c.x87;
      wait(x);
      x.fip = ip;
      x.fop = fop;
      if (isEmpty(x, d) || isEmpty(x, s)) {
        if (stackFault(x, STACK_UNDERFLOW)) {
          putST(x, d, f80Indefinite());
          if (pop) popST(x);
        }
        return;
      }
      const dv = getST(x, d);
      const sv = getST(x, s);
      const ctx = fpCtx(x);
      const p = reverse ? sv : dv;
      const q = reverse ? dv : sv;
      const v = finish(x, compute(kind, p, q, ctx), kind, p, q, ctx);
      if (!v) return;
      putST(x, d, v);
      if (pop) popST(x);
    };
  };
}

def([Mnemonic.Fadd, Mnemonic.Fiadd], (insn) => arithmetic(Kind.Add, false, false, insn.mnemonic === Mnemonic.Fiadd)(insn));
def(Mnemonic.Faddp, arithmetic(Kind.Add, false, true, false));
def([Mnemonic.Fsub, Mnemonic.Fisub], (insn) => arithmetic(Kind.Sub, false, false, insn.mnemonic === Mnemonic.Fisub)(insn));
def(Mnemonic.Fsubp, arithmetic(Kind.Sub, false, true, false));
def([Mnemonic.Fsubr, Mnemonic.Fisubr], (insn) => arithmetic(Kind.Sub, true, false, insn.mnemonic === Mnemonic.Fisubr)(insn));
def(Mnemonic.Fsubrp, arithmetic(Kind.Sub, true, true, false));
def([Mnemonic.Fmul, Mnemonic.Fimul], (insn) => arithmetic(Kind.Mul, false, false, insn.mnemonic === Mnemonic.Fimul)(insn));
def(Mnemonic.Fmulp, arithmetic(Kind.Mul, false, true, false));
def([Mnemonic.Fdiv, Mnemonic.Fidiv], (insn) => arithmetic(Kind.Div, false, false, insn.mnemonic === Mnemonic.Fidiv)(insn));
def(Mnemonic.Fdivp, arithmetic(Kind.Div, false, true, false));
def([Mnemonic.Fdivr, Mnemonic.Fidivr], (insn) => arithmetic(Kind.Div, true, false, insn.mnemonic === Mnemonic.Fidivr)(insn));
def(Mnemonic.Fdivrp, arithmetic(Kind.Div, true, true, false));

/** A register-only instruction: waits, records FIP/FOP, then runs `body`. */
function regOp(body: (c: CPU, x: X87State) => void) {
  return (insn: Insn): Exec => {
    const ip = insn.ip;
    const fop = fopOf(insn);
    return (c) => {
      const x = c.x87;
      wait(x);
      x.fip = ip;
      x.fop = fop;
      body(c, x);
    };
  };
}

/** A one-operand instruction on ST(0): ST(0) <- f(ST(0)). */
function unary(f: (v: F80, ctx: FpCtx) => FpResult, kind = Kind.None) {
  return regOp((_c, x) => {
    if (isEmpty(x, 0)) {
      if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
      return;
    }
    const a = getST(x, 0);
    const ctx = fpCtx(x);
    const v = finish(x, f(a, ctx), kind, a, a, ctx);
    if (v) putST(x, 0, v);
  });
}

def(Mnemonic.Fsqrt, unary(f80Sqrt));
def(Mnemonic.Frndint, unary(f80RoundInt));
/** 2^a - 1 of a finite nonzero a is never exact: a tiny result underflows. */
def(Mnemonic.F2xm1, unary((a, ctx) => {
  const r = f80F2xm1(a, ctx);
  if (isFiniteNonzero(a) && (r.flags & FSW_IE) === 0 && r.value.exp === 0) r.flags |= FSW_UE | FSW_PE;
  return r;
}, Kind.F2xm1));

/** FCHS and FABS never raise (apart from a stack fault) and clear C1. */
function signOp(f: (v: F80) => F80) {
  return regOp((_c, x) => {
    if (isEmpty(x, 0)) {
      if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
      return;
    }
    putST(x, 0, f(getST(x, 0)));
    status(x, 0);
  });
}
def(Mnemonic.Fchs, signOp(f80Chs));
def(Mnemonic.Fabs, signOp(f80Abs));

/** FSCALE: ST(0) <- ST(0) * 2^trunc(ST(1)). */
def(Mnemonic.Fscale, regOp((_c, x) => {
  if (isEmpty(x, 0) || isEmpty(x, 1)) {
    if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
    return;
  }
  const a = getST(x, 0);
  const b = getST(x, 1);
  const ctx = fpCtx(x);
  const v = finish(x, f80Scale(a, b, ctx), Kind.Scale, a, b, ctx);
  if (v) putST(x, 0, v);
}));

/** FYL2X, FYL2XP1, FPATAN: ST(1) <- f(ST(0), ST(1)), then pop. */
function intoSt1(f: (a: F80, b: F80, ctx: FpCtx) => FpResult, kind: Kind) {
  return regOp((_c, x) => {
    if (isEmpty(x, 0) || isEmpty(x, 1)) {
      if (stackFault(x, STACK_UNDERFLOW)) {
        putST(x, 1, f80Indefinite());
        popST(x);
      }
      return;
    }
    const a = getST(x, 0);
    const b = getST(x, 1);
    const ctx = fpCtx(x);
    const v = finish(x, f(a, b, ctx), kind, a, b, ctx);
    if (!v) return;
    putST(x, 1, v);
    popST(x);
  });
}
def(Mnemonic.Fyl2x, intoSt1(f80Fyl2x, Kind.Fyl2x));
def(Mnemonic.Fyl2xp1, intoSt1(f80Fyl2xp1, Kind.Fyl2xp1));
/** The arctangent of finite nonzero operands is never exact: PE even where fp80 divides exactly. */
def(Mnemonic.Fpatan, intoSt1((a, b, ctx) => {
  const r = f80Atan(a, b, ctx);
  if (isFiniteNonzero(a) && isFiniteNonzero(b) && (r.flags & FSW_IE) === 0) r.flags |= FSW_PE;
  return r;
}, Kind.Atan));

/** FPREM, FPREM1: ST(0) <- partial remainder of ST(0) by ST(1); C0 C3 C1 = Q2 Q1 Q0, C2 = incomplete. */
function remainder(f: typeof f80Prem) {
  return regOp((_c, x) => {
    if (isEmpty(x, 0) || isEmpty(x, 1)) {
      if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
      x.fsw &= ~FSW_C2;
      return;
    }
    const a = getST(x, 0);
    const b = getST(x, 1);
    const r = f(a, b);
    const ctx = fpCtx(x);
    const v = finish(x, { value: r.value, flags: r.flags }, Kind.Exact, a, b, ctx);
    if (!v) return;
    putST(x, 0, v);
    x.fsw = (x.fsw & ~(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)) | r.cc;
  });
}
def(Mnemonic.Fprem, remainder(f80Prem));
def(Mnemonic.Fprem1, remainder(f80Prem1));

/** FXTRACT: ST(0) <- exponent, then push the significand. */
def(Mnemonic.Fxtract, regOp((_c, x) => {
  if (isEmpty(x, 0)) {
    if (stackFault(x, STACK_UNDERFLOW)) {
      putST(x, 0, f80Indefinite());
      if (isEmpty(x, 7)) pushST(x, f80Indefinite());
    }
    return;
  }
  if (!isEmpty(x, 7)) {
    if (stackFault(x, STACK_OVERFLOW)) {
      putST(x, 0, f80Indefinite());
      pushST(x, f80Indefinite());
    }
    return;
  }
  const r = f80Extract(getST(x, 0));
  if (blocked(x, r.flags)) return;
  status(x, r.flags);
  putST(x, 0, r.exp);
  pushST(x, r.sig);
}));

/* ----------------------------------------------------------- trigonometric */

function trigPrologue(x: X87State, pushes: boolean): boolean {
  if (isEmpty(x, 0)) {
    if (stackFault(x, STACK_UNDERFLOW)) {
      putST(x, 0, f80Indefinite());
      if (pushes && isEmpty(x, 7)) pushST(x, f80Indefinite());
    }
    x.fsw &= ~FSW_C2;
    return false;
  }
  if (pushes && !isEmpty(x, 7)) {
    if (stackFault(x, STACK_OVERFLOW)) {
      putST(x, 0, f80Indefinite());
      pushST(x, f80Indefinite());
    }
    x.fsw &= ~FSW_C2;
    return false;
  }
  return true;
}

/** An argument out of range (|x| >= 2^63) sets C2 and leaves the stack as it is. */
function outOfRange(x: X87State, flags: number): void {
  if (blocked(x, flags)) return;
  status(x, flags);
  x.fsw |= FSW_C2;
}

function sinCos(f: typeof f80Sin) {
  return regOp((_c, x) => {
    if (!trigPrologue(x, false)) return;
    const a = getST(x, 0);
    const ctx = fpCtx(x);
    const r = f(a, ctx);
    if (!r.inRange) return outOfRange(x, r.flags);
    const v = finish(x, r, Kind.TinySin, a, a, ctx);
    x.fsw &= ~FSW_C2;
    if (v) putST(x, 0, v);
  });
}
def(Mnemonic.Fsin, sinCos(f80Sin));
def(Mnemonic.Fcos, sinCos(f80Cos));

def(Mnemonic.Fptan, regOp((_c, x) => {
  if (!trigPrologue(x, true)) return;
  const a = getST(x, 0);
  const ctx = fpCtx(x);
  const r = f80Tan(a, ctx);
  if (!r.inRange) return outOfRange(x, r.flags);
  const v = finish(x, r, Kind.TinySin, a, a, ctx);
  x.fsw &= ~FSW_C2;
  if (!v) return;
  putST(x, 0, v);
  pushST(x, f80IsNaN(v) ? v : f80One(0));
}));

def(Mnemonic.Fsincos, regOp((_c, x) => {
  if (!trigPrologue(x, true)) return;
  const a = getST(x, 0);
  const ctx = fpCtx(x);
  const r = f80SinCos(a, ctx);
  if (!r.inRange) return outOfRange(x, r.flags);
  // Each result is checked for tininess on its own (UE unmasked): only the sine can be tiny.
  const v = finish(x, { value: r.sin, flags: r.flags }, Kind.TinySin, a, a, ctx);
  x.fsw &= ~FSW_C2;
  if (!v) return;
  putST(x, 0, v);
  pushST(x, r.cos);
}));

/* ------------------------------------------------------------------- loads */

/**
 * push writes v as the new ST(0), or records a stack overflow (masked: pushes the indefinite).
 * Only an unmasked IE (an SNaN loaded from memory) prevents the push: a denormal single or double
 * is loaded even when DE is unmasked.
 */
function push(x: X87State, v: F80, flags: number): void {
  if (!isEmpty(x, 7)) {
    if (stackFault(x, STACK_OVERFLOW)) pushST(x, f80Indefinite());
    return;
  }
  if ((flags & ~x.fcw & FSW_IE) !== 0) return status(x, flags & FSW_IE);
  status(x, flags);
  pushST(x, v);
}

/** A load from memory: `conv` turns the operand at `a` into a value and flags. */
function memLoad(insn: Insn, conv: (c: CPU, a: number) => FpResult) {
  const ip = insn.ip;
  const fop = fopOf(insn);
  const ea = memEA(insn);
  return (c: CPU) => {
    const x = c.x87;
    wait(x);
    const a = ea(c);
    const r = conv(c, a);
    x.fip = ip;
    x.fop = fop;
    x.fdp = a;
    push(x, r.value, r.flags);
  };
}

const NO_FLAGS = 0;
function ok(value: F80): FpResult {
  return { value, flags: NO_FLAGS };
}

def(Mnemonic.Fld, (insn) => {
  switch (insn.code) {
    case Code.Fld_m32fp:
      return memLoad(insn, (c, a) => f80LoadF32(c.mem.r32(a)));
    case Code.Fld_m64fp:
      return memLoad(insn, (c, a) => {
        const lo = c.mem.r64(a);
        return f80LoadF64(bits64(lo, c.mem.hi));
      });
    case Code.Fld_m80fp:
      return memLoad(insn, (c, a) => ok(f80FromBytes(read80(c, a))));
  }
  const i = stOf(insn, 0);
  return regOp((_c, x) => {
    if (isEmpty(x, i)) {
      if (!isEmpty(x, 7)) return push(x, f80Indefinite(), 0);
      if (stackFault(x, STACK_UNDERFLOW)) pushST(x, f80Indefinite());
      return;
    }
    push(x, getST(x, i), 0);
  })(insn);
});

def(Mnemonic.Fild, (insn) => {
  switch (insn.memSize) {
    case 2:
      return memLoad(insn, (c, a) => ok(f80FromInt(BigInt((c.mem.r16(a) << 16) >> 16))));
    case 4:
      return memLoad(insn, (c, a) => ok(f80FromInt(BigInt(c.mem.r32(a) | 0))));
    case 8:
      return memLoad(insn, (c, a) => {
        const lo = c.mem.r64(a);
        return ok(f80FromInt(BigInt.asIntN(64, bits64(lo, c.mem.hi))));
      });
  }
  throw ud('FILD: unsupported operand size');
});

def(Mnemonic.Fbld, (insn) => memLoad(insn, (c, a) => ok(f80FromBcd(read80(c, a)))));

/**
 * The constants, rounded from the processor's 66-bit values under FCW.RC (precision control does
 * not apply): significands for round-to-nearest/up and for down/toward-zero.
 */
function constant(exp: number, nearestUp: bigint, downChop: bigint, upOnly = false) {
  return regOp((_c, x) => {
    const rc = (x.fcw >> 10) & 3;
    // upOnly: the constant is below the halfway point, so only rounding up increments it.
    const m = upOnly ? (rc === 2 ? nearestUp : downChop) : rc === 0 || rc === 2 ? nearestUp : downChop;
    push(x, { sign: 0, exp, mant: m }, 0);
  });
}
def(Mnemonic.Fld1, constant(0x3fff, 0x8000000000000000n, 0x8000000000000000n));
def(Mnemonic.Fldz, constant(0, 0n, 0n));
def(Mnemonic.Fldl2t, constant(0x4000, 0xd49a784bcd1b8affn, 0xd49a784bcd1b8afen, true));
def(Mnemonic.Fldl2e, constant(0x3fff, 0xb8aa3b295c17f0bcn, 0xb8aa3b295c17f0bbn));
def(Mnemonic.Fldpi, constant(0x4000, 0xc90fdaa22168c235n, 0xc90fdaa22168c234n));
def(Mnemonic.Fldlg2, constant(0x3ffd, 0x9a209a84fbcff799n, 0x9a209a84fbcff798n));
def(Mnemonic.Fldln2, constant(0x3ffe, 0xb17217f7d1cf79acn, 0xb17217f7d1cf79abn));

/* ------------------------------------------------------------------ stores */

/** A store to memory of `size` bytes; `body` runs once the destination is known to be writable. */
function memStore(insn: Insn, size: number, body: (c: CPU, x: X87State, a: number) => void) {
  const ip = insn.ip;
  const fop = fopOf(insn);
  const ea = memEA(insn);
  return (c: CPU) => {
    const x = c.x87;
    wait(x);
    const a = ea(c);
    c.mem.checkWrite(a, size);
    x.fip = ip;
    x.fop = fop;
    x.fdp = a;
    body(c, x, a);
  };
}

/** FST/FSTP m32fp/m64fp. */
function storeFp(insn: Insn, pop: boolean, double: boolean): Exec {
  return memStore(insn, double ? 8 : 4, (c, x, a) => {
    if (isEmpty(x, 0)) {
      if (stackFault(x, STACK_UNDERFLOW)) {
        if (double) c.mem.w64(a, 0, 0xfff80000 | 0);
        else c.mem.w32(a, 0xffc00000 | 0);
        if (pop) popST(x);
      }
      return;
    }
    const v = getST(x, 0);
    const ctx = fpCtx(x);
    let lo: number, hi = 0, flags: number, denormal: boolean;
    if (double) {
      const r = f80StoreF64(v, ctx);
      lo = Number(r.bits & 0xffffffffn) | 0;
      hi = Number(r.bits >> 32n) | 0;
      flags = r.flags;
      denormal = (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0;
    } else {
      const r = f80StoreF32(v, ctx);
      lo = r.bits | 0;
      flags = r.flags;
      denormal = (lo & 0x7f800000) === 0 && (lo & 0x7fffff) !== 0;
    }
    if (blocked(x, flags)) return;
    const um = ~x.fcw & FSW_EXC;
    if ((um & FSW_UE) !== 0 && ((flags & FSW_UE) !== 0 || denormal)) return status(x, FSW_UE);
    if ((um & FSW_OE) !== 0 && (flags & FSW_OE) !== 0) return status(x, FSW_OE);
    if (double) c.mem.w64(a, lo, hi);
    else c.mem.w32(a, lo);
    status(x, flags);
    if (pop) popST(x);
  });
}

const INDEFINITE_BYTES = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff]);

/** FSTP m80fp: no conversion, no exceptions but the stack fault. */
function storeExt(insn: Insn): Exec {
  return memStore(insn, 10, (c, x, a) => {
    if (isEmpty(x, 0)) {
      if (stackFault(x, STACK_UNDERFLOW)) {
        write80(c, a, INDEFINITE_BYTES);
        popST(x);
      }
      return;
    }
    const p = physOf(x, 0);
    write80(c, a, x.regs.subarray(10 * p, 10 * p + 10));
    status(x, 0);
    popST(x);
  });
}

/** FST/FSTP ST(i): copies ST(0) as it is. */
function storeReg(insn: Insn, pop: boolean): Exec {
  const i = stOf(insn, 0);
  return regOp((_c, x) => {
    if (isEmpty(x, 0)) {
      if (stackFault(x, STACK_UNDERFLOW)) {
        putST(x, i, f80Indefinite());
        if (pop) popST(x);
      }
      return;
    }
    const p0 = 10 * physOf(x, 0);
    const pi = physOf(x, i);
    x.regs.copyWithin(10 * pi, p0, p0 + 10);
    x.ftw |= 1 << pi;
    status(x, 0);
    if (pop) popST(x);
  })(insn);
}

function storeFactory(pop: boolean) {
  return (insn: Insn): Exec => {
    switch (insn.code) {
      case Code.Fst_m32fp:
      case Code.Fstp_m32fp:
        return storeFp(insn, pop, false);
      case Code.Fst_m64fp:
      case Code.Fstp_m64fp:
        return storeFp(insn, pop, true);
      case Code.Fstp_m80fp:
        return storeExt(insn);
    }
    return storeReg(insn, pop);
  };
}
def(Mnemonic.Fst, storeFactory(false));
def([Mnemonic.Fstp, Mnemonic.Fstpnce], storeFactory(true));

/** FIST/FISTP/FISTTP m16int/m32int/m64int. */
function storeInt(pop: boolean, trunc: boolean) {
  return (insn: Insn): Exec => {
    const bytes = insn.memSize;
    if (bytes !== 2 && bytes !== 4 && bytes !== 8) throw ud('FIST: unsupported operand size');
    const bits = (bytes * 8) as 16 | 32 | 64;
    const put = (c: CPU, a: number, v: bigint): void => {
      if (bits === 16) c.mem.w16(a, Number(v & 0xffffn));
      else if (bits === 32) c.mem.w32(a, Number(BigInt.asIntN(32, v)));
      else c.mem.w64(a, Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
    };
    const indefinite = -(1n << BigInt(bits - 1));
    return memStore(insn, bytes, (c, x, a) => {
      if (isEmpty(x, 0)) {
        if (stackFault(x, STACK_UNDERFLOW)) {
          put(c, a, indefinite);
          if (pop) popST(x);
        }
        return;
      }
      const v = getST(x, 0);
      const r = trunc ? f80ToIntTrunc(v, bits) : f80ToInt(v, bits, fpCtx(x));
      if (blocked(x, r.flags)) return;
      put(c, a, r.value);
      status(x, r.flags);
      if (pop) popST(x);
    });
  };
}
def(Mnemonic.Fist, storeInt(false, false));
def(Mnemonic.Fistp, storeInt(true, false));
def(Mnemonic.Fisttp, (insn) => {
  const exec = storeInt(true, true)(insn);
  return (c) => {
    if (!features.sse3) throw ud('FISTTP requires SSE3');
    exec(c);
  };
});

const bcdBuf = new Uint8Array(10);
const BCD_INDEFINITE = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff]);

def(Mnemonic.Fbstp, (insn) => memStore(insn, 10, (c, x, a) => {
  if (isEmpty(x, 0)) {
    if (stackFault(x, STACK_UNDERFLOW)) {
      write80(c, a, BCD_INDEFINITE);
      popST(x);
    }
    return;
  }
  const flags = f80ToBcd(getST(x, 0), fpCtx(x), bcdBuf);
  if (blocked(x, flags)) return;
  write80(c, a, bcdBuf);
  status(x, flags);
  popST(x);
}));

/* ------------------------------------------------------- register transfers */

def(Mnemonic.Fxch, (insn) => {
  const i = stOf(insn, insn.ops.length > 1 ? 1 : 0);
  return regOp((_c, x) => {
    const e0 = isEmpty(x, 0);
    const ei = isEmpty(x, i);
    if (e0 || ei) {
      if (!stackFault(x, STACK_UNDERFLOW)) return;
      if (e0) putST(x, 0, f80Indefinite());
      if (ei) putST(x, i, f80Indefinite());
    } else status(x, 0);
    const p0 = 10 * physOf(x, 0);
    const pi = 10 * physOf(x, i);
    for (let k = 0; k < 10; k++) {
      const t = x.regs[p0 + k];
      x.regs[p0 + k] = x.regs[pi + k];
      x.regs[pi + k] = t;
    }
  })(insn);
});

/** FCMOVcc: conditions of RFLAGS (B = CF, E = ZF, BE = CF|ZF, U = PF and their negations). */
function fcmov(cc: number) {
  return (insn: Insn): Exec => {
    const i = stOf(insn, 1);
    return regOp((c, x) => {
      if (!features.cmov) throw ud('FCMOVcc requires CMOV');
      if (isEmpty(x, 0) || isEmpty(x, i)) {
        if (stackFault(x, STACK_UNDERFLOW)) putST(x, 0, f80Indefinite());
        return;
      }
      status(x, 0);
      if (evalCond(c, cc)) {
        const p0 = 10 * physOf(x, 0);
        const pi = 10 * physOf(x, i);
        x.regs.copyWithin(p0, pi, pi + 10);
      }
    })(insn);
  };
}
// Condition codes as Jcc numbers them: B = 2, E = 4, BE = 6, P = 10.
def(Mnemonic.Fcmovb, fcmov(2));
def(Mnemonic.Fcmovnb, fcmov(3));
def(Mnemonic.Fcmove, fcmov(4));
def(Mnemonic.Fcmovne, fcmov(5));
def(Mnemonic.Fcmovbe, fcmov(6));
def(Mnemonic.Fcmovnbe, fcmov(7));
def(Mnemonic.Fcmovu, fcmov(10));
def(Mnemonic.Fcmovnu, fcmov(11));

def(Mnemonic.Ffree, (insn) => {
  const i = stOf(insn, 0);
  return regOp((_c, x) => {
    x.ftw &= ~(1 << physOf(x, i));
  })(insn);
});

def(Mnemonic.Ffreep, (insn) => {
  const i = stOf(insn, 0);
  return regOp((_c, x) => {
    x.ftw &= ~(1 << physOf(x, i));
    popST(x);
  })(insn);
});

def(Mnemonic.Fincstp, regOp((_c, x) => {
  setTop(x, getTop(x) + 1);
  status(x, 0);
}));
def(Mnemonic.Fdecstp, regOp((_c, x) => {
  setTop(x, getTop(x) - 1);
  status(x, 0);
}));
def(Mnemonic.Fnop, regOp(() => {}));

/* ------------------------------------------------------------- comparisons */

const CC_UNORDERED = FSW_C3 | FSW_C2 | FSW_C0;

/**
 * setCompare records a comparison: C3 C2 C0 (FCOM forms) or ZF PF CF with OF SF AF cleared (FCOMI
 * forms). `cc` uses the FSW condition-code positions.
 */
function setCompare(c: CPU, x: X87State, cc: number, eflags: boolean): void {
  if (eflags) {
    setArithFlags(c, (cc & FSW_C3 ? ZF : 0) | (cc & FSW_C2 ? PF : 0) | (cc & FSW_C0 ? CF : 0));
  } else {
    x.fsw = (x.fsw & ~CC_UNORDERED) | cc;
  }
}

/**
 * compare builds FCOM/FCOMP/FCOMPP, FUCOM..., FICOM/FICOMP, FCOMI/FCOMIP/FUCOMI/FUCOMIP and FTST:
 * ST(0) against ST(i), a memory operand, or +0.0 (`tst`).
 */
function compare(unordered: boolean, pops: number, eflags: boolean, int = false, tst = false) {
  return (insn: Insn): Exec => {
    const ip = insn.ip;
    const fop = fopOf(insn);
    const mem = insn.ops.length === 1 && insn.ops[0].kind === K.Mem;
    const ea = mem ? memEA(insn) : null;
    const load = mem ? operandLoader(insn, int) : null;
    const src = mem || tst ? -1 : insn.ops.length > 1 ? stOf(insn, 1) : 1;
    return (c) => {
      const x = c.x87;
      wait(x);
      if (eflags && !features.cmov) throw ud('FCOMI requires CMOV');
      let m: F80 | null = null;
      let de = 0;
      if (ea) {
        const a = ea(c);
        m = load!(c, a);
        de = loadDE;
        x.fdp = a;
      }
      x.fip = ip;
      x.fop = fop;
      // The condition codes (or RFLAGS) are set even when the exception is unmasked; the pops
      // are not done then.
      let flags: number;
      if (isEmpty(x, 0) || (src >= 0 && isEmpty(x, src))) {
        flags = STACK_UNDERFLOW;
        setCompare(c, x, CC_UNORDERED, eflags);
      } else {
        const b = m ?? (tst ? f80Zero(0) : getST(x, src));
        const r = f80Compare(getST(x, 0), b, unordered);
        flags = r.flags;
        if (de !== 0 && r.rel !== 'un') flags |= FSW_DE;
        setCompare(c, x, r.cc, eflags);
      }
      status(x, flags);
      if ((flags & ~x.fcw & PRE) !== 0) return;
      for (let k = 0; k < pops; k++) popST(x);
    };
  };
}

def(Mnemonic.Fcom, compare(false, 0, false));
def(Mnemonic.Fcomp, compare(false, 1, false));
def(Mnemonic.Fcompp, compare(false, 2, false));
def(Mnemonic.Fucom, compare(true, 0, false));
def(Mnemonic.Fucomp, compare(true, 1, false));
def(Mnemonic.Fucompp, compare(true, 2, false));
def(Mnemonic.Ficom, compare(false, 0, false, true));
def(Mnemonic.Ficomp, compare(false, 1, false, true));
def(Mnemonic.Fcomi, compare(false, 0, true));
def(Mnemonic.Fcomip, compare(false, 1, true));
def(Mnemonic.Fucomi, compare(true, 0, true));
def(Mnemonic.Fucomip, compare(true, 1, true));
def(Mnemonic.Ftst, compare(false, 0, false, false, true));

/** FXAM: the class of ST(0) in C3 C2 C0 and its sign in C1 (also for an empty register). */
def(Mnemonic.Fxam, regOp((_c, x) => {
  const cc = f80Examine(getST(x, 0), isEmpty(x, 0));
  x.fsw = (x.fsw & ~(FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3)) | cc;
}));

/* ---------------------------------------------------------------- control */

/** A control instruction: `waits` for the F* forms (not the FN* forms); FIP/FOP are not recorded. */
function control(waits: boolean, body: (c: CPU, x: X87State) => void): Exec {
  return waits
    ? (c) => {
        wait(c.x87);
        body(c, c.x87);
      }
    : (c) => body(c, c.x87);
}

/** A control instruction with a memory operand. */
function controlMem(insn: Insn, waits: boolean, body: (c: CPU, x: X87State, a: number) => void): Exec {
  const ea = memEA(insn);
  return control(waits, (c, x) => body(c, x, ea(c)));
}

def([Mnemonic.Fninit, Mnemonic.Finit], (insn) => control(insn.mnemonic === Mnemonic.Finit, (_c, x) => initX87State(x)));

def(Mnemonic.Fldcw, (insn) => controlMem(insn, true, (c, x, a) => loadFcw(x, c.mem.r16(a))));

def([Mnemonic.Fnstcw, Mnemonic.Fstcw], (insn) =>
  controlMem(insn, insn.mnemonic === Mnemonic.Fstcw, (c, x, a) => c.mem.w16(a, x.fcw)));

def([Mnemonic.Fnstsw, Mnemonic.Fstsw], (insn) => {
  const waits = insn.mnemonic === Mnemonic.Fstsw;
  if (insn.ops[0].kind === K.Reg) {
    const w = writeReg(0, 16, false);
    return control(waits, (c, x) => {
      syncES(x);
      w(c, x.fsw, 0);
    });
  }
  return controlMem(insn, waits, (c, x, a) => {
    c.mem.checkWrite(a, 2);
    syncES(x);
    c.mem.w16(a, x.fsw);
  });
});

def([Mnemonic.Fnclex, Mnemonic.Fclex], (insn) =>
  control(insn.mnemonic === Mnemonic.Fclex, (_c, x) => {
    x.fsw &= ~(FSW_EXC | FSW_SF | FSW_ES | FSW_B);
  }));

/** lo32 returns bits 31:0 of an address held as a number. */
function lo32(v: number): number {
  return (v % 4294967296) | 0;
}

/**
 * envImage builds the x87 environment as FNSTENV stores it: the 28-byte 32-bit protected-mode
 * format (64-bit mode without an operand-size prefix; FIP and FDP are truncated to 32 bits), or
 * the 14-byte 16-bit format with 0x66. Reserved halves read as FFFFH; FCS and FDS are 0.
 */
function envImage(x: X87State, out: Uint8Array, small: boolean): void {
  syncES(x);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const tw = fullTagWord(x);
  if (small) {
    dv.setUint16(0, x.fcw, true);
    dv.setUint16(2, x.fsw, true);
    dv.setUint16(4, tw, true);
    dv.setUint16(6, lo32(x.fip) & 0xffff, true);
    dv.setUint16(8, 0, true);
    dv.setUint16(10, lo32(x.fdp) & 0xffff, true);
    dv.setUint16(12, 0, true);
    return;
  }
  dv.setUint32(0, (x.fcw | 0xffff0000) >>> 0, true);
  dv.setUint32(4, (x.fsw | 0xffff0000) >>> 0, true);
  dv.setUint32(8, (tw | 0xffff0000) >>> 0, true);
  dv.setInt32(12, lo32(x.fip), true);
  dv.setUint32(16, ((x.fop & 0x7ff) << 16) >>> 0, true);
  dv.setInt32(20, lo32(x.fdp), true);
  dv.setUint32(24, 0xffff0000, true);
}

/** loadEnv loads FCW, FSW, the tags and the pointers from an environment image. */
function loadEnv(x: X87State, img: Uint8Array, small: boolean): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  if (small) {
    x.fcw = (dv.getUint16(0, true) & 0x1f3f) | 0x40;
    x.fsw = dv.getUint16(2, true);
    x.ftw = abridgedTag(dv.getUint16(4, true));
    x.fip = dv.getUint16(6, true);
    x.fop = 0;
    x.fdp = dv.getUint16(10, true);
  } else {
    x.fcw = (dv.getUint16(0, true) & 0x1f3f) | 0x40;
    x.fsw = dv.getUint16(4, true);
    x.ftw = abridgedTag(dv.getUint16(8, true));
    x.fip = dv.getUint32(12, true);
    x.fop = (dv.getUint32(16, true) >>> 16) & 0x7ff;
    x.fdp = dv.getUint32(20, true);
  }
  syncES(x);
}

const envBuf = new Uint8Array(108);

def([Mnemonic.Fnstenv, Mnemonic.Fstenv], (insn) => {
  const small = insn.memSize === 14;
  const n = small ? 14 : 28;
  return controlMem(insn, insn.mnemonic === Mnemonic.Fstenv, (c, x, a) => {
    c.mem.checkWrite(a, n);
    const img = envBuf.subarray(0, n);
    envImage(x, img, small);
    c.mem.writeBytes(a, img);
    // FNSTENV then masks all exceptions.
    x.fcw |= FSW_EXC;
    syncES(x);
  });
});

def(Mnemonic.Fldenv, (insn) => {
  const small = insn.memSize === 14;
  const n = small ? 14 : 28;
  return controlMem(insn, true, (c, x, a) => loadEnv(x, c.mem.readBytes(a, n), small));
});

def([Mnemonic.Fnsave, Mnemonic.Fsave], (insn) => {
  const small = insn.memSize === 94;
  const env = small ? 14 : 28;
  const n = env + 80;
  return controlMem(insn, insn.mnemonic === Mnemonic.Fsave, (c, x, a) => {
    c.mem.checkWrite(a, n);
    const img = envBuf.subarray(0, n);
    envImage(x, img, small);
    for (let i = 0; i < 8; i++) {
      const p = 10 * physOf(x, i);
      img.set(x.regs.subarray(p, p + 10), env + 10 * i);
    }
    c.mem.writeBytes(a, img);
    initX87State(x);
  });
});

def(Mnemonic.Frstor, (insn) => {
  const small = insn.memSize === 94;
  const env = small ? 14 : 28;
  const n = env + 80;
  return controlMem(insn, true, (c, x, a) => {
    const img = c.mem.readBytes(a, n);
    loadEnv(x, img, small);
    for (let i = 0; i < 8; i++) {
      const p = 10 * physOf(x, i);
      x.regs.set(img.subarray(env + 10 * i, env + 10 * i + 10), p);
    }
  });
});

def(Mnemonic.Wait, () => (c) => wait(c.x87));

/** FNENI, FNDISI, FNSETPM (8087/287 controls) do nothing on this processor, without waiting. */
def([Mnemonic.Fneni, Mnemonic.Fndisi, Mnemonic.Fnsetpm], () => () => {});
def([Mnemonic.Feni, Mnemonic.Fdisi, Mnemonic.Fsetpm], () => (c) => wait(c.x87));

/** EMMS: all registers empty; this processor also resets TOP to 0. FIP/FOP are kept. */
def(Mnemonic.Emms, () => (c) => {
  const x = c.x87;
  wait(x);
  x.ftw = 0;
  setTop(x, 0);
});
