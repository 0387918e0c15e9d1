/**
 * SSE/SSE2/SSE3/SSE4.1 floating-point arithmetic: ADD SUB MUL DIV SQRT MIN MAX (PS PD SS SD), CMPcc,
 * (U)COMISS/SD, RCP/RSQRT (PS SS), ADDSUB/HADD/HSUB, ROUND*, DPPS/DPPD, and LDMXCSR/STMXCSR.
 * The numerics live in ../sse.ts; here are the lane loops and the per-instruction rules of NaN
 * operands, denormals (DE unless the lane raises IE or ZE) and comparisons.
 */
import { Code, type Insn, Mnemonic } from '../decode.js';
import { gp0 } from '../exceptions.js';
import { CF, PF, ZF, setArithFlags } from '../flags.js';
import { memEA } from '../operands.js';
import { def, type Exec } from '../registry.js';
import {
  DE, F32_DEFAULT_NAN, F64_DEFAULT_NAN_HI, FAST_MASK, FAST_MXCSR, fastAdd32, fastAdd64, fastDiv32, fastDiv64,
  fastMul32, fastMul64, IE, MXCSR_MASK, PE, RD, RN, RU, TMP, TMP2, ZE, add32, add64,
  clearDen, defShared, den, div32, div64, fp, fpBegin, fpEnd, in32, in64, isDenormal32, isDenormal64, isNaN32, isNaN64, isSNaN32, isSNaN64, mul32, mul64,
  nan32, nan64, srcOf, sqrt32, sqrt64, xmmOf,
} from '../sse.js';
import type { CPU } from '../state.js';

/** A lane operation: r, a, b are float32 lane indices or float64 element indices into c.xl. */
type Lane = (c: CPU, r: number, a: number, b: number) => void;
type Kernel = (x: number, y: number) => number;

function bin32(k: Kernel): Lane {
  return (c, r, a, b) => {
    const xl = c.xl, ab = xl[a], bb = xl[b];
    if (isNaN32(ab) || isNaN32(bb)) return nan32(xl, r, ab, bb);
    clearDen();
    const x = in32(c, a), y = in32(c, b);
    const v = k(x, y);
    if (v !== v) {
      xl[r] = F32_DEFAULT_NAN;
      fp.flags |= IE;
      return;
    }
    if (den) fp.flags |= DE;
    c.xf32[r] = v;
  };
}

function bin64(k: Kernel): Lane {
  return (c, r, a, b) => {
    const xl = c.xl;
    if (isNaN64(xl[2 * a + 1], xl[2 * a]) || isNaN64(xl[2 * b + 1], xl[2 * b])) return nan64(xl, r, a, b);
    clearDen();
    const x = in64(c, a), y = in64(c, b);
    const v = k(x, y);
    if (v !== v) {
      xl[2 * r] = 0;
      xl[2 * r + 1] = F64_DEFAULT_NAN_HI;
      fp.flags |= IE;
      return;
    }
    if (den) fp.flags |= DE;
    c.xf64[r] = v;
  };
}

/** zeroDivide handles x / ±0 for a finite nonzero x: ZE and a signed infinity (no DE). */
function isZeroDivide(x: number, y: number): boolean {
  return y === 0 && x !== 0 && x === x && x !== Infinity && x !== -Infinity;
}

const div32Lane: Lane = (c, r, a, b) => {
  const xl = c.xl, ab = xl[a], bb = xl[b];
  if (isNaN32(ab) || isNaN32(bb)) return nan32(xl, r, ab, bb);
  clearDen();
  const x = in32(c, a), y = in32(c, b);
  if (isZeroDivide(x, y)) {
    fp.flags |= ZE;
    c.xf32[r] = x / y;
    return;
  }
  const v = div32(x, y);
  if (v !== v) {
    xl[r] = F32_DEFAULT_NAN;
    fp.flags |= IE;
    return;
  }
  if (den) fp.flags |= DE;
  c.xf32[r] = v;
};

const div64Lane: Lane = (c, r, a, b) => {
  const xl = c.xl;
  if (isNaN64(xl[2 * a + 1], xl[2 * a]) || isNaN64(xl[2 * b + 1], xl[2 * b])) return nan64(xl, r, a, b);
  clearDen();
  const x = in64(c, a), y = in64(c, b);
  if (isZeroDivide(x, y)) {
    fp.flags |= ZE;
    c.xf64[r] = x / y;
    return;
  }
  const v = div64(x, y);
  if (v !== v) {
    xl[2 * r] = 0;
    xl[2 * r + 1] = F64_DEFAULT_NAN_HI;
    fp.flags |= IE;
    return;
  }
  if (den) fp.flags |= DE;
  c.xf64[r] = v;
};

const add32Lane = bin32(add32);
const sub32Lane = bin32((x, y) => add32(x, -y));
const mul32Lane = bin32(mul32);
const add64Lane = bin64(add64);
const sub64Lane = bin64((x, y) => add64(x, -y));
const mul64Lane = bin64(mul64);

/** Square root of operand b (a is unused): NaN → quieted; negative → invalid (no DE). */
const sqrt32Lane: Lane = (c, r, _a, b) => {
  const xl = c.xl, bb = xl[b];
  if (isNaN32(bb)) return nan32(xl, r, bb, bb);
  clearDen();
  const x = in32(c, b);
  const v = sqrt32(x);
  if (v !== v) {
    xl[r] = F32_DEFAULT_NAN;
    fp.flags |= IE;
    return;
  }
  if (den) fp.flags |= DE;
  c.xf32[r] = v;
};

const sqrt64Lane: Lane = (c, r, _a, b) => {
  const xl = c.xl;
  if (isNaN64(xl[2 * b + 1], xl[2 * b])) return nan64(xl, r, b, b);
  clearDen();
  const x = in64(c, b);
  const v = sqrt64(x);
  if (v !== v) {
    xl[2 * r] = 0;
    xl[2 * r + 1] = F64_DEFAULT_NAN_HI;
    fp.flags |= IE;
    return;
  }
  if (den) fp.flags |= DE;
  c.xf64[r] = v;
};

/**
 * MIN/MAX return the second operand when either is a NaN (IE for any NaN) or when they compare
 * equal (±0); a denormal flushed by DAZ is returned as the zero it became.
 */
function minMax32(max: boolean): Lane {
  return (c, r, a, b) => {
    const xl = c.xl, ab = xl[a], bb = xl[b];
    if (isNaN32(ab) || isNaN32(bb)) {
      fp.flags |= IE;
      xl[r] = fp.daz && isDenormal32(bb) ? bb & 0x80000000 : bb;
      return;
    }
    clearDen();
    const x = in32(c, a), y = in32(c, b);
    if (den) fp.flags |= DE;
    c.xf32[r] = (max ? x > y : x < y) ? x : y;
  };
}

function minMax64(max: boolean): Lane {
  return (c, r, a, b) => {
    const xl = c.xl;
    if (isNaN64(xl[2 * a + 1], xl[2 * a]) || isNaN64(xl[2 * b + 1], xl[2 * b])) {
      fp.flags |= IE;
      const flush = fp.daz && isDenormal64(xl[2 * b + 1], xl[2 * b]);
      xl[2 * r] = flush ? 0 : xl[2 * b];
      xl[2 * r + 1] = flush ? xl[2 * b + 1] & 0x80000000 : xl[2 * b + 1];
      return;
    }
    clearDen();
    const x = in64(c, a), y = in64(c, b);
    if (den) fp.flags |= DE;
    c.xf64[r] = (max ? x > y : x < y) ? x : y;
  };
}

/**
 * Comparison predicates 0..7 of CMPPS/CMPPD/CMPSS/CMPSD: EQ LT LE UNORD NEQ NLT NLE ORD. LT, LE,
 * NLT and NLE signal IE on a quiet NaN too.
 */
function cmpResult(pred: number, x: number, y: number, unordered: boolean): boolean {
  switch (pred) {
    case 0: return !unordered && x === y;
    case 1: return !unordered && x < y;
    case 2: return !unordered && x <= y;
    case 3: return unordered;
    case 4: return unordered || x !== y;
    case 5: return unordered || !(x < y);
    case 6: return unordered || !(x <= y);
    default: return !unordered;
  }
}

function signalsQNaN(pred: number): boolean {
  return pred === 1 || pred === 2 || pred === 5 || pred === 6;
}

function cmp32(pred: number): Lane {
  return (c, r, a, b) => {
    const xl = c.xl, ab = xl[a], bb = xl[b];
    if (isNaN32(ab) || isNaN32(bb)) {
      if (signalsQNaN(pred) || isSNaN32(ab) || isSNaN32(bb)) fp.flags |= IE;
      xl[r] = cmpResult(pred, 0, 0, true) ? -1 : 0;
      return;
    }
    clearDen();
    const x = in32(c, a), y = in32(c, b);
    if (den) fp.flags |= DE;
    xl[r] = cmpResult(pred, x, y, false) ? -1 : 0;
  };
}

function cmp64(pred: number): Lane {
  return (c, r, a, b) => {
    const xl = c.xl;
    const ah = xl[2 * a + 1], al = xl[2 * a], bh = xl[2 * b + 1], bl = xl[2 * b];
    let v: number;
    if (isNaN64(ah, al) || isNaN64(bh, bl)) {
      if (signalsQNaN(pred) || isSNaN64(ah, al) || isSNaN64(bh, bl)) fp.flags |= IE;
      v = cmpResult(pred, 0, 0, true) ? -1 : 0;
    } else {
      clearDen();
      const x = in64(c, a), y = in64(c, b);
      if (den) fp.flags |= DE;
      v = cmpResult(pred, x, y, false) ? -1 : 0;
    }
    xl[2 * r] = v;
    xl[2 * r + 1] = v;
  };
}

/**
 * arithRun is the general path of a packed or scalar operation `op xmm1, xmm2/mem` on register
 * slots: the lanes are computed into TMP, MXCSR is updated (or #XM raised), and only then is the
 * destination written.
 */
function arithRun(lane: Lane, double: boolean, scalar: boolean): (c: CPU, d: number, s: number) => void {
  const per = double ? 2 : 4;
  const n = scalar ? 1 : per;
  const lanes = n * (4 / per);
  return (c, d, s) => {
    fpBegin(c);
    for (let i = 0; i < n; i++) lane(c, TMP * per + i, d * per + i, s * per + i);
    fpEnd(c);
    const xl = c.xl;
    for (let i = 0; i < lanes; i++) xl[d * 4 + i] = xl[TMP * 4 + i];
  };
}

/** srcFor reads the second operand: m32/m64 for scalar forms, an aligned m128 for packed ones. */
function srcFor(insn: Insn, double: boolean, scalar: boolean): (c: CPU) => number {
  return srcOf(insn, 1, scalar ? (double ? 8 : 4) : 16, true);
}

function arith(lane: Lane, double: boolean, scalar: boolean) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcFor(insn, double, scalar);
    const run = arithRun(lane, double, scalar);
    return (c) => run(c, d, src(c));
  };
}

function defArith(ps: number, pd: number, ss: number, sd: number, l32: Lane, l64: Lane): void {
  def(ps, arith(l32, false, false));
  def(pd, arith(l64, true, false));
  def(ss, arith(l32, false, true));
  def(sd, arith(l64, true, true));
}

defArith(Mnemonic.Sqrtps, Mnemonic.Sqrtpd, Mnemonic.Sqrtss, Mnemonic.Sqrtsd, sqrt32Lane, sqrt64Lane);
defArith(Mnemonic.Minps, Mnemonic.Minpd, Mnemonic.Minss, Mnemonic.Minsd, minMax32(false), minMax64(false));
defArith(Mnemonic.Maxps, Mnemonic.Maxpd, Mnemonic.Maxss, Mnemonic.Maxsd, minMax32(true), minMax64(true));

/**
 * ADD/SUB/MUL/DIV try the fast path of ../sse.ts first (every lane, into TMP) when MXCSR allows it,
 * and fall back to the general path otherwise. Each handler is its own function literal so that
 * the fast helper is called directly (and inlined) rather than through a shared callback.
 */
interface Prep {
  d: number;
  src: (c: CPU) => number;
  slow: (c: CPU, d: number, s: number) => void;
}
function prep(insn: Insn, lane: Lane, double: boolean, scalar: boolean): Prep {
  return { d: xmmOf(insn, 0), src: srcFor(insn, double, scalar), slow: arithRun(lane, double, scalar) };
}
function commit(x: Int32Array, d: number, lanes: number): void {
  for (let i = 0; i < lanes; i++) x[d * 4 + i] = x[TMP * 4 + i];
}
const T2 = TMP * 2, T4 = TMP * 4;

def(Mnemonic.Addsd, (insn) => {
  const { d, src, slow } = prep(insn, add64Lane, true, true);
  return (c) => {
    const s = src(c), f = c.xf64;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastAdd64(c, d * 2, f[d * 2], f[s * 2])) slow(c, d, s);
  };
});
def(Mnemonic.Subsd, (insn) => {
  const { d, src, slow } = prep(insn, sub64Lane, true, true);
  return (c) => {
    const s = src(c), f = c.xf64;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastAdd64(c, d * 2, f[d * 2], -f[s * 2])) slow(c, d, s);
  };
});
def(Mnemonic.Mulsd, (insn) => {
  const { d, src, slow } = prep(insn, mul64Lane, true, true);
  return (c) => {
    const s = src(c), f = c.xf64;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastMul64(c, d * 2, f[d * 2], f[s * 2])) slow(c, d, s);
  };
});
def(Mnemonic.Divsd, (insn) => {
  const { d, src, slow } = prep(insn, div64Lane, true, true);
  return (c) => {
    const s = src(c), f = c.xf64;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastDiv64(c, d * 2, f[d * 2], f[s * 2])) slow(c, d, s);
  };
});
def(Mnemonic.Addss, (insn) => {
  const { d, src, slow } = prep(insn, add32Lane, false, true);
  return (c) => {
    const s = src(c), f = c.xf32;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastAdd32(c, d * 4, f[d * 4], f[s * 4])) slow(c, d, s);
  };
});
def(Mnemonic.Subss, (insn) => {
  const { d, src, slow } = prep(insn, sub32Lane, false, true);
  return (c) => {
    const s = src(c), f = c.xf32;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastAdd32(c, d * 4, f[d * 4], -f[s * 4])) slow(c, d, s);
  };
});
def(Mnemonic.Mulss, (insn) => {
  const { d, src, slow } = prep(insn, mul32Lane, false, true);
  return (c) => {
    const s = src(c), f = c.xf32;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastMul32(c, d * 4, f[d * 4], f[s * 4])) slow(c, d, s);
  };
});
def(Mnemonic.Divss, (insn) => {
  const { d, src, slow } = prep(insn, div32Lane, false, true);
  return (c) => {
    const s = src(c), f = c.xf32;
    if ((c.mxcsr & FAST_MASK) !== FAST_MXCSR || !fastDiv32(c, d * 4, f[d * 4], f[s * 4])) slow(c, d, s);
  };
});
def(Mnemonic.Addpd, (insn) => {
  const { d, src, slow } = prep(insn, add64Lane, true, false);
  return (c) => {
    const s = src(c), f = c.xf64, a = d * 2, b = s * 2;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastAdd64(c, T2, f[a], f[b]) && fastAdd64(c, T2 + 1, f[a + 1], f[b + 1])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Subpd, (insn) => {
  const { d, src, slow } = prep(insn, sub64Lane, true, false);
  return (c) => {
    const s = src(c), f = c.xf64, a = d * 2, b = s * 2;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastAdd64(c, T2, f[a], -f[b]) && fastAdd64(c, T2 + 1, f[a + 1], -f[b + 1])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Mulpd, (insn) => {
  const { d, src, slow } = prep(insn, mul64Lane, true, false);
  return (c) => {
    const s = src(c), f = c.xf64, a = d * 2, b = s * 2;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastMul64(c, T2, f[a], f[b]) && fastMul64(c, T2 + 1, f[a + 1], f[b + 1])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Divpd, (insn) => {
  const { d, src, slow } = prep(insn, div64Lane, true, false);
  return (c) => {
    const s = src(c), f = c.xf64, a = d * 2, b = s * 2;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastDiv64(c, T2, f[a], f[b]) && fastDiv64(c, T2 + 1, f[a + 1], f[b + 1])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Addps, (insn) => {
  const { d, src, slow } = prep(insn, add32Lane, false, false);
  return (c) => {
    const s = src(c), f = c.xf32, a = d * 4, b = s * 4;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastAdd32(c, T4, f[a], f[b]) && fastAdd32(c, T4 + 1, f[a + 1], f[b + 1]) &&
      fastAdd32(c, T4 + 2, f[a + 2], f[b + 2]) && fastAdd32(c, T4 + 3, f[a + 3], f[b + 3])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Subps, (insn) => {
  const { d, src, slow } = prep(insn, sub32Lane, false, false);
  return (c) => {
    const s = src(c), f = c.xf32, a = d * 4, b = s * 4;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastAdd32(c, T4, f[a], -f[b]) && fastAdd32(c, T4 + 1, f[a + 1], -f[b + 1]) &&
      fastAdd32(c, T4 + 2, f[a + 2], -f[b + 2]) && fastAdd32(c, T4 + 3, f[a + 3], -f[b + 3])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Mulps, (insn) => {
  const { d, src, slow } = prep(insn, mul32Lane, false, false);
  return (c) => {
    const s = src(c), f = c.xf32, a = d * 4, b = s * 4;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastMul32(c, T4, f[a], f[b]) && fastMul32(c, T4 + 1, f[a + 1], f[b + 1]) &&
      fastMul32(c, T4 + 2, f[a + 2], f[b + 2]) && fastMul32(c, T4 + 3, f[a + 3], f[b + 3])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});
def(Mnemonic.Divps, (insn) => {
  const { d, src, slow } = prep(insn, div32Lane, false, false);
  return (c) => {
    const s = src(c), f = c.xf32, a = d * 4, b = s * 4;
    if ((c.mxcsr & FAST_MASK) === FAST_MXCSR && fastDiv32(c, T4, f[a], f[b]) && fastDiv32(c, T4 + 1, f[a + 1], f[b + 1]) &&
      fastDiv32(c, T4 + 2, f[a + 2], f[b + 2]) && fastDiv32(c, T4 + 3, f[a + 3], f[b + 3])) commit(c.xl, d, 4);
    else slow(c, d, s);
  };
});

const CMP32 = Array.from({ length: 8 }, (_, p) => cmp32(p));
const CMP64 = Array.from({ length: 8 }, (_, p) => cmp64(p));
function cmpFactory(double: boolean, scalar: boolean) {
  return (insn: Insn): Exec => arith((double ? CMP64 : CMP32)[insn.imm & 7], double, scalar)(insn);
}
def(Mnemonic.Cmpps, cmpFactory(false, false));
def(Mnemonic.Cmppd, cmpFactory(true, false));
def(Mnemonic.Cmpss, cmpFactory(false, true));

/** Instructions that share a mnemonic with a string instruction dispatch on the operand form. */
defShared(Mnemonic.Cmpsd, (insn) => insn.code === Code.Cmpsd_xmm_xmmm64_imm8, cmpFactory(true, true));

/** COMISS/COMISD (IE on any NaN) and UCOMISS/UCOMISD (IE on a signaling NaN) set ZF, PF, CF. */
function comis(double: boolean, quietSignals: boolean) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcOf(insn, 1, double ? 8 : 4, false);
    return (c) => {
      const s = src(c);
      const xl = c.xl;
      fpBegin(c);
      let nan: boolean, snan: boolean;
      if (double) {
        const ah = xl[d * 4 + 1], al = xl[d * 4], bh = xl[s * 4 + 1], bl = xl[s * 4];
        nan = isNaN64(ah, al) || isNaN64(bh, bl);
        snan = isSNaN64(ah, al) || isSNaN64(bh, bl);
      } else {
        nan = isNaN32(xl[d * 4]) || isNaN32(xl[s * 4]);
        snan = isSNaN32(xl[d * 4]) || isSNaN32(xl[s * 4]);
      }
      let f: number;
      if (nan) {
        if (quietSignals || snan) fp.flags |= IE;
        f = ZF | PF | CF;
      } else {
        clearDen();
        const x = double ? in64(c, d * 2) : in32(c, d * 4);
        const y = double ? in64(c, s * 2) : in32(c, s * 4);
        if (den) fp.flags |= DE;
        f = x > y ? 0 : x < y ? CF : ZF;
      }
      fpEnd(c);
      setArithFlags(c, f);
    };
  };
}
def(Mnemonic.Comiss, comis(false, true));
def(Mnemonic.Comisd, comis(true, true));
def(Mnemonic.Ucomiss, comis(false, false));
def(Mnemonic.Ucomisd, comis(true, false));

// ---- RCPPS/RCPSS/RSQRTPS/RSQRTSS ------------------------------------------------------------
// The approximations of the reference processor (AMD Zen): the result depends only on the sign,
// the exponent and the top 12 significand bits, and has a 12-bit significand. The tables hold
// those significands (1/x for x in [1,2); 1/sqrt(x) for x in [1,4)), measured exhaustively on the
// hardware and stored as decreasing runs: each base64 digit holds two 3-bit decrements from 4096.
// No MXCSR flags; denormal inputs count as zero; results too small to be normal are flushed.
const RCP_TABLE =
  'SRSSSRSSURSSSRSSTRSSSRSSURSSSRSSSRSSSRSSTRSSSRSSTRSSSRSSSRSSSRSSSRSSSRSSSRSSSRSSSRSSSRSSRRSSSRSS' +
  'RRSSSRSSRRSSSRSSRRSSSRSSRRSSSRSSKSRKSRKSLSRKSRKSLSRKSRKSKSRKSRKSLSRKSRKSKSRKSRKSKSRKSRKSKSRKSRKS' +
  'KSRKSRKSKSRKSRKSJSRKSRKSJSRKSRKSJSRKSRKSJSRKSRKSJSRKSRKSISRKSRKSKKRRRRRRLKRRRRRRLKRRRRRRLKRRRRRR' +
  'KKRRRRRRLKRRRRRRKKRRRRRRKKRRRRRRKKRRRRRRKKRRRRRRJKRRRRRRKKRRRRRRJKRRRRRRJKRRRRRRJKRRRRRRJKRRRRRR' +
  'KRJKRJKRKRJKRJKRLRJKRJKRKRJKRJKRKRJKRJKRKRJKRJKRKRJKRJKRKRJKRJKRJRJKRJKRKRJKRJKRJRJKRJKRJRJKRJKR' +
  'JRJKRJKRJRJKRJKRJRJKRJKRIRJKRJKRKJRJRJJKKJRJRJJKKJRJRJJKKJRJRJJKKJRJRJJKKJRJRJJKKJRJRJJKJJRJRJJK' +
  'KJRJRJJKJJRJRJJKKJRJRJJKJJRJRJJKJJRJRJJKJJRJRJJKJJRJRJJKIJRJRJJKJRJJJJKJJRJJJJKJKRJJJJKJJRJJJJKJ' +
  'JRJJJJKJJRJJJJKJJRJJJJKJJRJJJJKJJRJJJJKJIRJJJJKJJRJJJJKJIRJJJJKJJRJJJJKJIRJJJJKJIRJJJJKJIRJJJJKJ' +
  'JJJJJJJJKJJJJJJJJJJJJJJJKJJJJJJJKJJJJJJJJJJJJJJJJJJJJJJJKJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJJ' +
  'JJJJJJJJIJJJJJJJJJJJJJJJJJJJJJJJJJJIJJJJJJJIJJJJKJJIJJJJJJJIJJJJJJJIJJJJJJJIJJJJJJJIJJJJJJJIJJJJ' +
  'JJJIJJJJJJJIJJJJIJJIJJJJJJJIJJJJIJJIJJJJJJJIJJJJIJJIJJJJJJJIJJJJIBJJJIJJJBJJJIJJKBJJJIJJJBJJJIJJ' +
  'IBJJJIJJJBJJJIJJJBJJJIJJJBJJJIJJIBJJJIJJJBJJJIJJJBJJJIJJIBJJJIJJIBJJJIJJJBJJJIJJIBJJJIJJIBJJJIJJ' +
  'JIJBJJIJJIJBJJIJJIJBJJIJJIJBJJIJIIJBJJIJJIJBJJIJJIJBJJIJJIJBJJIJIIJBJJIJJIJBJJIJIIJBJJIJJIJBJJIJ' +
  'IIJBJJIJIIJBJJIJJIJBJJIJIIJBJJIJIBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIIBJIJIJI' +
  'JBJIJIJIJBJIJIJIIBJIJIJIJBJIJIJIIBJIJIJIJBJIJIJIIBJIJIJIIBJIJIJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJI' +
  'JIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIIIBJIBJIJIBJIBJIIIBJIBJIJIBJIBJIJIBJIBJI' +
  'BJIIBJIIBJIIBJIIBJIIBJIICJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIICJIIBJIIBJIIBJIIBJIIBJIIBJIIBJII' +
  'AJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBBJIAJIIBBJIBJIIBBJIBJIIBBJIAJIIBBJIBJIIBBJIAJIIBBJIBJIIBBJI' +
  'AJIIBBJIBJIIBBJIAJIIBBJIAJIIBBJIAJIIBBJIBJIIBBJIAJIIBBJIAJIIBBJIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIII' +
  'BBBBJIIIBBBBJIIIABBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIABBBJIIIBBBBJIIIBBBBJIIIABBBJIIIBBBBJIII' +
  'ABBJIIIIBBBJIIIIABBJIIIIBBBJIIIIABBJIIIIABBJIIIIBBBJIIIIABBJIIIIABBJIIIIABBJIIIIBBBJIIIIABBJIIII' +
  'ABBJIIIIABBJIIIIABBJIIIIABBJIIII';
const RSQRT_TABLE =
  'JJJJIJJJKJJJIJJJKJJJIJJJJJJJIJJJKJJJIJJJKJJJIJJJJJJJIJJJJJJJIJJJKJJJIJJJJJJJIJJJJJJJIJJJJJJJIJJJ' +
  'JJJJIJJJJJJJIJJJJJJJIJJJIJJJIJJJJJIJJJIJKJIJJJIJJJIJJJIJKJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJ' +
  'JJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJJJIJIJIJJJIJJJIJJJIJIJIJJJIJJBJJIJJIJBJJIJJIKBJJIJJIJBJJIJJI' +
  'JBJJIJJIJBJJIJJIJBJJIJJIJBJJIJJIJBJJIJJIJBJJIJJIIBJJIJJIJBJJIJJIJBJJIJJIIBJJIJJIJBJJIJJIIBJJIJJI' +
  'JBJIJIJIJBJIJIJIKBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIJBJIJIJIIBJIJIJIJBJIJIJI' +
  'JBJIJIJIIBJIJIJIJBJIJIJIIBJIJIJICJIJIBJIBJIJIBJIBJIJIBJICJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJI' +
  'BJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIBJIJIBJIAJIJIBJIBJIJIBJIJIBJIIBJIIBJIIBJJIBJIIBJIIBJIIBJ' +
  'JIBJIIBJIIBJIIBJJIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJJIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJIIBJ' +
  'AJIIIBJIBJIIIBJIBJIIIBJIBJIIIBJIBJIIIBJIAJIIIBJIBJIIIBJIBJIIIBJIAJIIIBJIBJIIIBJIAJIIIBJIBJIIIBJI' +
  'AJIIIBJIBJIIIBJIAJIIIBJIAJIIIBJIBBBJIIIBBBBJIIIBBBBJIIIBCBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIB' +
  'BBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBABBJIIIBBBBJIIIBBBBJIIIBIIIIIIIIJIIIIIIIJIIIIIIIIIIIIIII' +
  'JIIIIIIIIIIIIIIIJIIIIIIIIIIIIIIIJIIIIIIIIIIIIIIIJIIIIIIIIIIIIIIIIIIIIIIIJIIIIIIIIIIIIIIIIIIIIIII' +
  'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' +
  'BBBBBBBBABBBBBBBBBBBBBBBBBBBBBBBBBBBIIIIBBBBIIIIABBBIIIIBBBBIIIIBBBBIIIIABBBIIIIBBBBIIIIABBBIIII' +
  'BBBBIIIIABBBIIIIBBBBIIIIABBBIIIIBBBBIIIIABBBIIIIABBBIIIIBBBBIIIIIIABBBBIIIABBBBIIIABBBBIIIABBBBI' +
  'JIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBI' +
  'BBIIABBBBBIIABBBBBIIABBBABIIABBBBBIIABBBBBIIABBBBBIIABBBBBIIABBBABIIABBBBBIIABBBBBIIABBBABIIABBB' +
  'BBIIABBBBBIIABBBABIIABBBBBIIABBBABBIIABIBBBIIABIABBIIABIBBBIIABIABBIIABIBBBIIABIABBIIABIBBBIIABI' +
  'ABBIIABIABBIIABIBBBIIABIABBIIABIABBIIABIBBBIIABIABBIIABIABBIIABIBBIIABBIABIIABBIABIIABBIABIIABBI' +
  'ABIIABBIABIIABBIABIIABBIBBIIABBIABIIABBIABIIABBIABIIABBIABIIABBIABIIABBIABIIABBIABIIABBIABIIABBI' +
  'AIABBIABBIABBIABBIABBIABBIABBIABBIABBIABAIABBIABBIABBIABBIABBIABBIABBIABBIABBIABAIABBIABBIABBIAB' +
  'BIABBIABBIABBIABAIABBIABBIABBIABJIBJIBJIJIBJIBJIJIBJIBJIKIBJIBJIJIBJIBJIIIBJIBJIJIBJIBJIJIBJIBJI' +
  'JIBJIBJIJIBJIBJIIIBJIBJIJIBJIBJIJIBJIBJIIIBJIBJIJIBJIBJIIIBJIBJIBJIIBJIBBJIIBJIBBJIIBJIBCJIIBJIB' +
  'BJIIBJIBBJIIBJIBBJIIBJIBBJIIBJIBBJIIBJIBAJIIBJIBBJIIBJIBBJIIBJIBBJIIBJIBAJIIBJIBBJIIBJIBAJIIBJIB' +
  'BJIIIBBBCJIIIBBBBJIIIBBBBJIIIBBBCJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBB' +
  'BJIIIBBBBJIIIBBBBJIIIBBBBJIIIBBBBJIIIIIIAJIIIIIIBJIIIIIIBJIIIIIIAJIIIIIIBJIIIIIIAJIIIIIIBJIIIIII' +
  'AJIIIIIIAJIIIIIIBJIIIIIIAJIIIIIIAJIIIIIIBJIIIIIIAJIIIIIIAJIIIIIIABBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' +
  'BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBABBBBBBBBBBBBBBBBBBBBBBBABBBBBBBBBBBBBBBABBBBBBB' +
  'JABBBBBIIABBBBBIJABBBBBIIABBBBBIJABBBBBIIABBBBBIIABBBBBIJABBBBBIIABBBBBIIABBBBBIIABBBBBIJABBBBBI' +
  'IABBBBBIIABBBBBIIABBBBBIIABBBBBIABBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIABBBBIIIAB' +
  'ABBIIIABBBBIIIABBBBIIIABBBBIIIABABBIIIABBBBIIIABBBBIIIABABBIIIABBBBIIABBABBIIABBBBBIIABBABBIIABB' +
  'BBBIIABBABBIIABBBBBIIABBABBIIABBABBIIABBBBBIIABBABBIIABBABBIIABBBBBIIABBABBIIABBABBIIABBABBIIABB' +
  'BIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIABIIA' +
  'BIIABIIABIIABIIABIIABIIAAIIABIIABBIABIABBBIABIABBBIABIABABIABIABBBIABIABBBIABIABBBIABIABABIABIAB' +
  'BBIABIABABIABIABBBIABIABBBIABIABABIABIABBBIABIABABIABIABBBIABIABABIABIABABIABIABBBIABIABABIABIAB' +
  'BBIABIABABIABIABABIABIABBBIABIABABIABIABABIABIABBBIABIABABIABIABABIABIABABIABIABABIABIABBBIABIAB' +
  'IABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABABIABIABAB' +
  'IABIABABIABIABABIABIABABIABIABABBIABABIAAIABABIABIABABIABIABABIABIABABIABIABABIABIABABIAAIABABIA' +
  'BIABABIABIABABIABIABABIAAIABABIABIABABIABIABABIAAIABABIABIABABIABIABABIAAIABABIABIABABIAAIABABIA' +
  'BIABABIABIABABIAAIABABIABIABABIAAIABABIABIABABIAAIABABIABIABABIAAIABABIABIABABIAAIABABIAAIABABIA' +
  'BBABABABABABABABBBABABABABABABABABABABABBBABABABABABABABABABABABBBABABABABABABABABABABABABABABAB' +
  'BBABABABABABABABABABABABABABABABBBABABABABABABABABABABABABABABABABABABABABABABABABABABABBBABABAB' +
  'ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function decodeTable(s: string): Uint16Array {
  const t = new Uint16Array(s.length * 2);
  let v = 4096;
  for (let i = 0; i < s.length; i++) {
    const d = B64.indexOf(s[i]);
    v -= d & 7;
    t[2 * i] = v;
    v -= d >> 3;
    t[2 * i + 1] = v;
  }
  return t;
}
const RCP = decodeTable(RCP_TABLE);
const RSQRT = decodeTable(RSQRT_TABLE);

export function rcpBits(b: number): number {
  const sign = b & 0x80000000, e = (b >>> 23) & 0xff, m = b & 0x7fffff;
  if (e === 0xff) return m !== 0 ? b | 0x400000 : sign;
  if (e === 0) return sign | 0x7f800000;
  const oe = 253 - e;
  if (oe <= 0) return sign;
  return sign | (oe << 23) | (RCP[m >>> 11] << 11);
}

export function rsqrtBits(b: number): number {
  const e = (b >>> 23) & 0xff, m = b & 0x7fffff;
  if (e === 0xff && m !== 0) return b | 0x400000;
  if (e === 0) return (b & 0x80000000) | 0x7f800000;
  if (b < 0) return F32_DEFAULT_NAN;
  if (e === 0xff) return 0;
  const oe = 126 + ((128 - e) >> 1);
  return (oe << 23) | (RSQRT[((e & 1) ^ 1) * 4096 + (m >>> 11)] << 11);
}

function approx(f: (b: number) => number, scalar: boolean) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcOf(insn, 1, scalar ? 4 : 16, true);
    if (scalar) return (c) => {
      const s = src(c);
      c.xl[d * 4] = f(c.xl[s * 4]);
    };
    return (c) => {
      const s = src(c), xl = c.xl;
      const a0 = xl[s * 4], a1 = xl[s * 4 + 1], a2 = xl[s * 4 + 2], a3 = xl[s * 4 + 3];
      xl[d * 4] = f(a0);
      xl[d * 4 + 1] = f(a1);
      xl[d * 4 + 2] = f(a2);
      xl[d * 4 + 3] = f(a3);
    };
  };
}
def(Mnemonic.Rcpps, approx(rcpBits, false));
def(Mnemonic.Rcpss, approx(rcpBits, true));
def(Mnemonic.Rsqrtps, approx(rsqrtBits, false));
def(Mnemonic.Rsqrtss, approx(rsqrtBits, true));

// ---- MXCSR ---------------------------------------------------------------------------------

def(Mnemonic.Ldmxcsr, (insn) => {
  const ea = memEA(insn);
  return (c) => {
    const v = c.mem.r32(ea(c));
    if ((v & ~MXCSR_MASK) !== 0) throw gp0('reserved MXCSR bit set');
    c.mxcsr = v;
  };
});
def(Mnemonic.Stmxcsr, (insn) => {
  const ea = memEA(insn);
  return (c) => c.mem.w32(ea(c), c.mxcsr);
});

// ---- SSE3: ADDSUB, horizontal add/subtract ----------------------------------------------------

/**
 * pattern builds a packed operation whose output element i is lanes[i](a_i, b_i), where each
 * operand is element k of the destination (k < per) or element k - per of the source.
 */
function pattern(double: boolean, ops: Array<[Lane, number, number]>) {
  const lanes = ops.map((o) => o[0]), as = ops.map((o) => o[1]), bs = ops.map((o) => o[2]);
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcOf(insn, 1, 16, true);
    const per = double ? 2 : 4;
    return (c) => {
      const s = src(c);
      fpBegin(c);
      for (let i = 0; i < lanes.length; i++) {
        const a = as[i], b = bs[i];
        lanes[i](c, TMP * per + i, a < per ? d * per + a : s * per + a - per, b < per ? d * per + b : s * per + b - per);
      }
      fpEnd(c);
      const xl = c.xl;
      for (let i = 0; i < 4; i++) xl[d * 4 + i] = xl[TMP * 4 + i];
    };
  };
}
def(Mnemonic.Addsubps, pattern(false, [[sub32Lane, 0, 4], [add32Lane, 1, 5], [sub32Lane, 2, 6], [add32Lane, 3, 7]]));
def(Mnemonic.Addsubpd, pattern(true, [[sub64Lane, 0, 2], [add64Lane, 1, 3]]));
def(Mnemonic.Haddps, pattern(false, [[add32Lane, 0, 1], [add32Lane, 2, 3], [add32Lane, 4, 5], [add32Lane, 6, 7]]));
def(Mnemonic.Hsubps, pattern(false, [[sub32Lane, 0, 1], [sub32Lane, 2, 3], [sub32Lane, 4, 5], [sub32Lane, 6, 7]]));
def(Mnemonic.Haddpd, pattern(true, [[add64Lane, 0, 1], [add64Lane, 2, 3]]));
def(Mnemonic.Hsubpd, pattern(true, [[sub64Lane, 0, 1], [sub64Lane, 2, 3]]));

// ---- SSE4.1: ROUNDPS/PD/SS/SD, DPPS/DPPD -------------------------------------------------------

/** roundIntegral rounds a non-NaN value to an integer in mode `rc`, keeping the sign of zero. */
function roundIntegral(x: number, rc: number): number {
  if (x === 0 || x === Infinity || x === -Infinity) return x;
  let r: number;
  switch (rc) {
    case RN: {
      r = Math.floor(x);
      const d = x - r;
      if (d > 0.5 || (d === 0.5 && r % 2 !== 0)) r += 1;
      break;
    }
    case RD:
      r = Math.floor(x);
      break;
    case RU:
      r = Math.ceil(x);
      break;
    default:
      r = Math.trunc(x);
  }
  return r === 0 ? (x < 0 ? -0 : 0) : r;
}

/** ROUND*: imm8[1:0] is the mode unless imm8[2] selects MXCSR.RC; imm8[3] suppresses PE. */
function round32(imm: number): Lane {
  return (c, r, _a, b) => {
    const xl = c.xl, bb = xl[b];
    if (isNaN32(bb)) return nan32(xl, r, bb, bb);
    clearDen();
    const x = in32(c, b);
    const v = roundIntegral(x, imm & 4 ? fp.rc : imm & 3);
    if (v !== x && (imm & 8) === 0) fp.flags |= PE;
    c.xf32[r] = v;
  };
}
function round64(imm: number): Lane {
  return (c, r, _a, b) => {
    const xl = c.xl;
    if (isNaN64(xl[2 * b + 1], xl[2 * b])) return nan64(xl, r, b, b);
    clearDen();
    const x = in64(c, b);
    const v = roundIntegral(x, imm & 4 ? fp.rc : imm & 3);
    if (v !== x && (imm & 8) === 0) fp.flags |= PE;
    c.xf64[r] = v;
  };
}
def(Mnemonic.Roundps, (insn) => arith(round32(insn.imm & 15), false, false)(insn));
def(Mnemonic.Roundpd, (insn) => arith(round64(insn.imm & 15), true, false)(insn));
def(Mnemonic.Roundss, (insn) => arith(round32(insn.imm & 15), false, true)(insn));
def(Mnemonic.Roundsd, (insn) => arith(round64(insn.imm & 15), true, true)(insn));

/**
 * DPPS/DPPD: the products selected by imm8[7:4] (others +0.0) are summed pairwise as in the SDM's
 * pseudocode, each step rounded, and the sum is written to the elements selected by imm8[3:0].
 */
def(Mnemonic.Dpps, (insn) => {
  const d = xmmOf(insn, 0);
  const src = srcOf(insn, 1, 16, true);
  const imm = insn.imm & 0xff;
  const t = TMP2 * 4;
  return (c) => {
    const s = src(c), xl = c.xl;
    fpBegin(c);
    for (let i = 0; i < 4; i++) {
      if (imm & (16 << i)) mul32Lane(c, t + i, d * 4 + i, s * 4 + i);
      else xl[t + i] = 0;
    }
    add32Lane(c, t, t, t + 1);
    add32Lane(c, t + 2, t + 2, t + 3);
    add32Lane(c, t, t, t + 2);
    fpEnd(c);
    const v = xl[t];
    for (let i = 0; i < 4; i++) xl[d * 4 + i] = imm & (1 << i) ? v : 0;
  };
});
def(Mnemonic.Dppd, (insn) => {
  const d = xmmOf(insn, 0);
  const src = srcOf(insn, 1, 16, true);
  const imm = insn.imm & 0xff;
  const t = TMP2 * 2;
  return (c) => {
    const s = src(c), xl = c.xl;
    fpBegin(c);
    for (let i = 0; i < 2; i++) {
      if (imm & (16 << i)) mul64Lane(c, t + i, d * 2 + i, s * 2 + i);
      else {
        xl[2 * (t + i)] = 0;
        xl[2 * (t + i) + 1] = 0;
      }
    }
    add64Lane(c, t, t, t + 1);
    fpEnd(c);
    const lo = xl[2 * t], hi = xl[2 * t + 1];
    for (let i = 0; i < 2; i++) {
      xl[d * 4 + 2 * i] = imm & (1 << i) ? lo : 0;
      xl[d * 4 + 2 * i + 1] = imm & (1 << i) ? hi : 0;
    }
  };
});
