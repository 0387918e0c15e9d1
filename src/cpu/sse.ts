/**
 * Shared machinery of the SSE families (exec/sse-*.ts): XMM operands, 16-byte memory operands and
 * their alignment rule, and the MXCSR-driven floating-point core — exception flags, DAZ and FTZ,
 * and results rounded correctly in all four rounding modes.
 *
 * Register slots: XMM n occupies lanes 4n..4n+3 of `c.xl` (and element n*16.. of the byte views);
 * slots 16..19 are scratch registers: a memory source is loaded into SRC, and results that may still
 * fault (#XM) are built in TMP and copied to the destination only once the instruction commits.
 *
 * Floating point: an operation is done in doubles when that is provably exact or correctly rounded
 * (float32 arithmetic in round-to-nearest; float64 arithmetic in round-to-nearest with error-free
 * transformations telling whether the result is exact). Everything else — directed rounding, tiny
 * and huge results, denormal float64 operands — takes the exact path: the operation is carried out
 * on BigInt significands and rounded once with an unbounded exponent (tininess is detected after
 * rounding, as on x86), then again on the denormal grid if the result is tiny.
 */
import { type Insn, K, RegClass, regInfo } from './decode.js';
import { Vector, X86Exception, gp0, ud } from './exceptions.js';
import { memEA } from './operands.js';
import { type Factory, Flow, def, lookup } from './registry.js';
import type { CPU } from './state.js';

export const SRC = 16;
export const TMP = 17;
export const TMP2 = 18;

/** xmmOf returns the number of the XMM register in operand `i` (MMX and other forms are #UD). */
export function xmmOf(insn: Insn, i: number): number {
  const op = insn.ops[i];
  if (op.kind === K.Reg) {
    const { cls, n } = regInfo(op.reg);
    if (cls === RegClass.Xmm) return n;
  }
  throw ud('operand is not an XMM register');
}

export function isMem(insn: Insn, i: number): boolean {
  return insn.ops[i].kind === K.Mem;
}

/** load128 reads 16 bytes at `a` into `slot`; `aligned` raises #GP(0) unless `a` is 16-byte aligned. */
export function load128(c: CPU, a: number, aligned: boolean, slot: number = SRC): void {
  if (aligned && (a & 15) !== 0) throw gp0('misaligned 16-byte memory operand');
  const m = c.mem, x = c.xl, o = slot * 4;
  const l0 = m.r64(a), h0 = m.hi;
  const l1 = m.r64(a + 8);
  x[o] = l0;
  x[o + 1] = h0;
  x[o + 2] = l1;
  x[o + 3] = m.hi;
}

/** store128 writes `slot` to 16 bytes at `a`, checking every byte before writing any. */
export function store128(c: CPU, a: number, slot: number, aligned: boolean): void {
  if (aligned && (a & 15) !== 0) throw gp0('misaligned 16-byte memory operand');
  const m = c.mem, x = c.xl, o = slot * 4;
  if ((a & 4095) > 4080) m.checkWrite(a, 16);
  m.w64(a, x[o], x[o + 1]);
  m.w64(a + 8, x[o + 2], x[o + 3]);
}

/**
 * srcOf builds the reader of a source operand that is an XMM register or memory: it returns the
 * slot holding the value. Memory operands of `bytes` bytes are loaded into the low lanes of SRC
 * (the other lanes are not meaningful); 16-byte operands honour `aligned`.
 */
export function srcOf(insn: Insn, i: number, bytes: number, aligned: boolean): (c: CPU) => number {
  if (!isMem(insn, i)) {
    const n = xmmOf(insn, i);
    return () => n;
  }
  const ea = memEA(insn);
  switch (bytes) {
    case 16:
      return (c) => {
        load128(c, ea(c), aligned);
        return SRC;
      };
    case 8:
      return (c) => {
        const x = c.xl;
        x[SRC * 4] = c.mem.r64(ea(c));
        x[SRC * 4 + 1] = c.mem.hi;
        return SRC;
      };
    case 4:
      return (c) => {
        c.xl[SRC * 4] = c.mem.r32(ea(c));
        return SRC;
      };
    case 2:
      return (c) => {
        c.xl[SRC * 4] = c.mem.r16(ea(c));
        return SRC;
      };
    default:
      throw ud(`unsupported memory operand size ${bytes}`);
  }
}

/**
 * defShared registers the SSE form of a mnemonic that iced shares with a string instruction
 * (MOVSD, CMPSD): `mine` picks the SSE operand forms; the others go to the handler registered
 * before, whose control-flow class the mnemonic keeps. The string family must therefore be
 * registered first (exec/index.ts order) or chain the same way.
 */
export function defShared(mn: number, mine: (insn: Insn) => boolean, factory: Factory): void {
  const prev = lookup(mn);
  const flow = prev ? prev.flow : Flow.Next;
  def(
    mn,
    (insn) => {
      if (!mine(insn)) {
        if (!prev) throw ud('unsupported operand form');
        return prev.factory(insn);
      }
      const f = factory(insn);
      if (flow !== Flow.Jump) return f;
      const next = insn.next;
      return (c) => {
        f(c);
        c.rip = next;
      };
    },
    flow,
  );
}

/** copy4 copies a whole register slot. */
export function copy4(x: Int32Array, d: number, s: number): void {
  const o = d * 4, p = s * 4;
  x[o] = x[p];
  x[o + 1] = x[p + 1];
  x[o + 2] = x[p + 2];
  x[o + 3] = x[p + 3];
}

// ---- MXCSR ---------------------------------------------------------------------------------

export const IE = 0x1;
export const DE = 0x2;
export const ZE = 0x4;
export const OE = 0x8;
export const UE = 0x10;
export const PE = 0x20;
export const MX_DAZ = 0x40;
export const MX_UM = 0x800;
export const MX_FTZ = 0x8000;
/** MXCSR bits that may be set (DAZ is supported); LDMXCSR raises #GP(0) for any other. */
export const MXCSR_MASK = 0xffff;

export const RN = 0;
export const RD = 1;
export const RU = 2;
export const RZ = 3;

/**
 * fp is the floating-point context of the instruction being executed (handlers run one at a time):
 * the rounding mode and modes taken from MXCSR by fpBegin, and the exception flags raised so far.
 */
export const fp = { flags: 0, rc: RN, daz: false, ftz: false, um: true };

export function fpBegin(c: CPU): void {
  const m = c.mxcsr;
  fp.flags = 0;
  fp.rc = (m >>> 13) & 3;
  fp.daz = (m & MX_DAZ) !== 0;
  fp.ftz = (m & MX_FTZ) !== 0;
  fp.um = (m & MX_UM) !== 0;
}

/**
 * fpEnd merges the flags into MXCSR, or raises #XM if one of them is unmasked (SDM Vol. 1, 11.5.3:
 * the destination is not written; with an unmasked pre-computation exception, post-computation
 * conditions are not reported). The caller commits its result only after fpEnd returns.
 */
export function fpEnd(c: CPU): void {
  const f = fp.flags;
  if (f === 0) return;
  const unmasked = f & ~(c.mxcsr >>> 7) & 0x3f;
  if (unmasked !== 0) {
    const pre = f & (IE | DE | ZE);
    c.mxcsr |= (pre & unmasked) !== 0 ? pre : f;
    throw new X86Exception(Vector.XM, 0, 0, false, 'unmasked SIMD floating-point exception');
  }
  c.mxcsr |= f;
}

// ---- bit images ----------------------------------------------------------------------------

const convBuf = new ArrayBuffer(8);
const cf64 = new Float64Array(convBuf);
const cf32 = new Float32Array(convBuf);
const ci32 = new Int32Array(convBuf);

export const F32_DEFAULT_NAN = 0xffc00000 | 0;
export const F64_DEFAULT_NAN_HI = 0xfff80000 | 0;

export function isNaN32(b: number): boolean {
  return (b & 0x7fffffff) > 0x7f800000;
}
export function isSNaN32(b: number): boolean {
  return (b & 0x7fffffff) > 0x7f800000 && (b & 0x400000) === 0;
}
export function isNaN64(hi: number, lo: number): boolean {
  const h = hi & 0x7fffffff;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo !== 0);
}
export function isSNaN64(hi: number, lo: number): boolean {
  return isNaN64(hi, lo) && (hi & 0x80000) === 0;
}
export function isDenormal32(b: number): boolean {
  return (b & 0x7f800000) === 0 && (b & 0x7fffff) !== 0;
}
export function isDenormal64(hi: number, lo: number): boolean {
  return (hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | lo) !== 0;
}

/**
 * nan32 writes the NaN result of a two-operand float32 operation with at least one NaN operand
 * (SDM Vol. 1, Table 4-7): the first NaN source, quieted; IE if either operand is a signaling NaN.
 */
export function nan32(x: Int32Array, r: number, ab: number, bb: number): void {
  if (isSNaN32(ab) || isSNaN32(bb)) fp.flags |= IE;
  x[r] = (isNaN32(ab) ? ab : bb) | 0x400000;
}

/** nan64 is nan32 for doubles; a, b and r are element indices (lanes 2k, 2k+1). */
export function nan64(x: Int32Array, r: number, a: number, b: number): void {
  const ah = x[2 * a + 1], al = x[2 * a], bh = x[2 * b + 1], bl = x[2 * b];
  if (isSNaN64(ah, al) || isSNaN64(bh, bl)) fp.flags |= IE;
  if (isNaN64(ah, al)) {
    x[2 * r] = al;
    x[2 * r + 1] = ah | 0x80000;
  } else {
    x[2 * r] = bl;
    x[2 * r + 1] = bh | 0x80000;
  }
}

// ---- operand values --------------------------------------------------------------------------

/** den is set by in32/in64 when the operand was a denormal that was not flushed (DE candidate). */
export let den = false;

/**
 * in32 returns the value of the non-NaN float32 in lane `l`: denormals become signed zeros under
 * DAZ, and otherwise set `den`.
 */
export function in32(c: CPU, l: number): number {
  const b = c.xl[l];
  if ((b & 0x7f800000) === 0 && (b & 0x7fffff) !== 0) {
    if (fp.daz) return b < 0 ? -0 : 0;
    den = true;
  }
  return c.xf32[l];
}

/** in64 is in32 for the double in element `k`. */
export function in64(c: CPU, k: number): number {
  const hi = c.xl[2 * k + 1];
  if ((hi & 0x7ff00000) === 0 && ((hi & 0xfffff) | c.xl[2 * k]) !== 0) {
    if (fp.daz) return hi < 0 ? -0 : 0;
    den = true;
  }
  return c.xf64[k];
}

export function clearDen(): void {
  den = false;
}

// ---- exact arithmetic ------------------------------------------------------------------------

/** Power-of-two table: P2[n + 1074] = 2^n for n in [-1074, 1023]. */
const P2 = new Float64Array(2098);
P2[1074] = 1;
for (let i = 1075; i < 2098; i++) P2[i] = P2[i - 1] * 2;
for (let i = 1073; i >= 0; i--) P2[i] = P2[i + 1] / 2;
function pow2(n: number): number {
  return P2[n + 1074];
}

/** Formats: significand bits, least and greatest normal exponents. */
export const F32 = 0;
export const F64 = 1;
const FMT_P = [24, 53];
const FMT_EMIN = [-126, -1022];
const FMT_EMAX = [127, 1023];
const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;
const F64_MIN_NORMAL = 2.2250738585072014e-308;
const F64_MAX = 1.7976931348623157e308;

// Exact value of a finite double: |x| = dM * 2^dE.
let dM = 0n;
let dE = 0;
function decompose(x: number): void {
  cf64[0] = x;
  const hi = ci32[1], lo = ci32[0];
  const e = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
  if (e === 0) {
    dM = frac;
    dE = -1074;
  } else {
    dM = frac | (1n << 52n);
    dE = e - 1075;
  }
}

function bitLength(m: bigint): number {
  return m.toString(2).length;
}

let rInexact = false;
/** roundShift rounds (m + sticky) / 2^sh to an integer in the current mode, for a value of sign `neg`. */
function roundShift(m: bigint, sh: number, sticky: boolean, neg: boolean): bigint {
  if (sh <= 0) {
    rInexact = sticky;
    return m << BigInt(-sh);
  }
  const s = BigInt(sh);
  const q = m >> s;
  const rem = m & ((1n << s) - 1n);
  const inexact = rem !== 0n || sticky;
  rInexact = inexact;
  if (!inexact) return q;
  let up: boolean;
  switch (fp.rc) {
    case RN: {
      const half = 1n << (s - 1n);
      up = rem > half || (rem === half && (sticky || (q & 1n) === 1n));
      break;
    }
    case RD:
      up = neg;
      break;
    case RU:
      up = !neg;
      break;
    default:
      up = false;
  }
  return up ? q + 1n : q;
}

/** overflowValue is the result of a masked overflow: infinity or the largest finite number. */
function overflowValue(neg: boolean, fmt: number): number {
  const max = fmt === F32 ? F32_MAX : F64_MAX;
  switch (fp.rc) {
    case RN:
      return neg ? -Infinity : Infinity;
    case RZ:
      return neg ? -max : max;
    case RU:
      return neg ? -max : Infinity;
    default:
      return neg ? -Infinity : max;
  }
}

/**
 * roundExact rounds (-1)^neg * (m + δ) * 2^e, with 0 < δ < 1 if `sticky` and m > 0, to the format:
 * returns the value (a double, exactly representable in the format) and raises PE/UE/OE.
 */
function roundExact(neg: boolean, m: bigint, e: number, sticky: boolean, fmt: number): number {
  const p = FMT_P[fmt], emin = FMT_EMIN[fmt];
  const len = bitLength(m);
  let top = e + len - 1;
  let q = roundShift(m, len - p, sticky, neg);
  const inexact = rInexact;
  if (q >> BigInt(p) !== 0n) {
    q >>= 1n;
    top++;
  }
  if (top > FMT_EMAX[fmt]) {
    fp.flags |= OE | PE;
    return overflowValue(neg, fmt);
  }
  if (top < emin) {
    // Unmasked underflow (#XM follows): PE only if the unbounded result was inexact.
    if (!fp.um) {
      fp.flags |= inexact ? UE | PE : UE;
      return neg ? -0 : 0;
    }
    if (fp.ftz) {
      fp.flags |= UE | PE;
      return neg ? -0 : 0;
    }
    const g = emin - p + 1;
    const q2 = roundShift(m, g - e, sticky, neg);
    if (rInexact) fp.flags |= UE | PE;
    const v = Number(q2) * pow2(g);
    return neg ? -v : v;
  }
  if (inexact) fp.flags |= PE;
  const v = Number(q) * pow2(top - p + 1);
  return neg ? -v : v;
}

/** roundDouble rounds a finite double to the format (exact for F64 unless tiny under FTZ). */
function roundDouble(x: number, fmt: number): number {
  if (x === 0) return x;
  decompose(x);
  return roundExact(x < 0, dM, dE, false, fmt);
}

/** roundSum rounds the exact sum of two finite doubles (not an exact zero) to the format. */
function roundSum(x: number, y: number, fmt: number): number {
  let mx = 0n, ex = 0, my = 0n, ey = 0;
  if (x !== 0) {
    decompose(x);
    mx = x < 0 ? -dM : dM;
    ex = dE;
  }
  if (y !== 0) {
    decompose(y);
    my = y < 0 ? -dM : dM;
    ey = dE;
  }
  if (x === 0) ex = ey;
  if (y === 0) ey = ex;
  const e = Math.min(ex, ey);
  const s = (mx << BigInt(ex - e)) + (my << BigInt(ey - e));
  return roundExact(s < 0n, s < 0n ? -s : s, e, false, fmt);
}

function roundProduct(x: number, y: number, fmt: number): number {
  decompose(x);
  const m = dM, e = dE;
  decompose(y);
  return roundExact((x < 0) !== (y < 0), m * dM, e + dE, false, fmt);
}

function roundQuotient(x: number, y: number, fmt: number): number {
  decompose(x);
  const m = dM, e = dE;
  decompose(y);
  const k = 120;
  const n = m << BigInt(k);
  const q = n / dM;
  return roundExact((x < 0) !== (y < 0), q, e - dE - k, q * dM !== n, fmt);
}

function isqrt(n: bigint): bigint {
  // Start above the root (Newton's iteration then decreases monotonically to it).
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)) * (1 + 2 ** -40))) + 1n;
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function roundRoot(x: number, fmt: number): number {
  decompose(x);
  let m = dM, e = dE;
  if ((e & 1) !== 0) {
    m <<= 1n;
    e--;
  }
  m <<= 240n;
  e -= 240;
  const r = isqrt(m);
  return roundExact(false, r, e / 2, r * r !== m, fmt);
}

// ---- the arithmetic kernels ------------------------------------------------------------------
// Operands are non-NaN values (DAZ already applied); a NaN return means "invalid operation" (the
// caller writes the default NaN and raises IE). Division by zero is the caller's (ZE).

/** zeroSum is the exactly-zero sum x + y: -0 only for two negative zeros, or in round-down mode. */
function zeroSum(x: number, y: number): number {
  if (fp.rc === RD) return x === 0 && y === 0 && 1 / x > 0 && 1 / y > 0 ? 0 : -0;
  return x === 0 && y === 0 && 1 / x < 0 && 1 / y < 0 ? -0 : 0;
}

function twoSumErr(x: number, y: number, s: number): number {
  const bv = s - x;
  return x - (s - bv) + (y - bv);
}

const SPLIT = 134217729;
/** twoProdErr returns x*y - p exactly (Dekker), for operands well inside the exponent range. */
function twoProdErr(x: number, y: number, p: number): number {
  let t = SPLIT * x;
  const xh = t - (t - x), xl = x - xh;
  t = SPLIT * y;
  const yh = t - (t - y), yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** Doubles whose magnitude lies in [2^-480, 2^480] keep the error-free transformations exact. */
function safe64(v: number): boolean {
  const a = Math.abs(v);
  return a >= 3.2138760885179806e-145 && a <= 3.1217485503159922e144;
}

// Neighbours of a float32 (held in a double) and of a double, for directed rounding.
function nextUp32(t: number): number {
  if (t === 0) return 1.401298464324817e-45;
  cf32[0] = t;
  ci32[0] += t > 0 ? 1 : -1;
  return cf32[0];
}
function nextDown32(t: number): number {
  return -nextUp32(-t);
}
function nextUp64(s: number): number {
  if (s === 0) return 5e-324;
  cf64[0] = s;
  const lo = ci32[0];
  if (s > 0) {
    ci32[0] = lo + 1;
    if (lo === -1) ci32[1]++;
  } else {
    ci32[0] = lo - 1;
    if (lo === 0) ci32[1]--;
  }
  return cf64[0];
}
function nextDown64(s: number): number {
  return -nextUp64(-s);
}

/**
 * finish32 completes a float32 operation whose exact result lies strictly between `t` (the
 * nearest float32, a normal number) and its neighbour in the direction of `dir` (the sign of
 * exact - t; 0 when exact): PE, then the directed step. NaN means "take the exact path" (the
 * stepped result left the normal range).
 */
function finish32(t: number, dir: number): number {
  if (dir === 0) return t;
  fp.flags |= PE;
  let v: number;
  switch (fp.rc) {
    case RN:
      return t;
    case RD:
      v = dir < 0 ? nextDown32(t) : t;
      break;
    case RU:
      v = dir > 0 ? nextUp32(t) : t;
      break;
    default:
      v = t > 0 ? (dir < 0 ? nextDown32(t) : t) : dir > 0 ? nextUp32(t) : t;
  }
  const a = Math.abs(v);
  return a >= F32_MIN_NORMAL && a <= F32_MAX ? v : NaN;
}

/** finish64 is finish32 for a double `s` (the round-to-nearest result, normal). */
function finish64(s: number, dir: number): number {
  if (dir === 0) return s;
  fp.flags |= PE;
  let v: number;
  switch (fp.rc) {
    case RN:
      return s;
    case RD:
      v = dir < 0 ? nextDown64(s) : s;
      break;
    case RU:
      v = dir > 0 ? nextUp64(s) : s;
      break;
    default:
      v = s > 0 ? (dir < 0 ? nextDown64(s) : s) : dir > 0 ? nextUp64(s) : s;
  }
  const a = Math.abs(v);
  return a >= F64_MIN_NORMAL && a <= F64_MAX ? v : NaN;
}

/** inRange32: the result is not tiny (|s| ≥ 2^-126, s being exact or its double rounding) nor overflowing. */
function inRange32(s: number, t: number): boolean {
  return Math.abs(s) >= F32_MIN_NORMAL && Math.abs(t) <= F32_MAX;
}

export function add32(x: number, y: number): number {
  const s = x + y;
  if (s !== s) return s;
  if (s === Infinity || s === -Infinity) return s;
  if (s === 0) return zeroSum(x, y);
  const t = Math.fround(s);
  if (inRange32(s, t)) {
    const d = s - t;
    const v = finish32(t, d !== 0 ? d : twoSumErr(x, y, s));
    if (v === v) return v;
  }
  return roundSum(x, y, F32);
}

export function mul32(x: number, y: number): number {
  const s = x * y;
  if (s !== s || s === 0 || s === Infinity || s === -Infinity) return s;
  const t = Math.fround(s);
  if (inRange32(s, t)) {
    const v = finish32(t, s - t);
    if (v === v) return v;
  }
  return roundDouble(s, F32);
}

/** div32 divides by a nonzero y (or 0/0, inf/inf: invalid). */
export function div32(x: number, y: number): number {
  const s = x / y;
  if (s !== s || x === 0 || s === Infinity || s === -Infinity || y === Infinity || y === -Infinity) return s;
  const t = Math.fround(s);
  if (inRange32(s, t)) {
    const r = x - t * y;
    const v = finish32(t, y > 0 ? r : -r);
    if (v === v) return v;
  }
  return roundQuotient(x, y, F32);
}

export function sqrt32(x: number): number {
  if (x < 0) return NaN;
  if (x === 0 || x === Infinity) return x;
  const t = Math.fround(Math.sqrt(x));
  const v = finish32(t, x - t * t);
  return v === v ? v : roundRoot(x, F32);
}

export function add64(x: number, y: number): number {
  const s = x + y;
  if (s !== s) return s;
  if (s === Infinity || s === -Infinity) {
    if (x === s || y === s) return s;
    return roundSum(x, y, F64);
  }
  if (s === 0) return zeroSum(x, y);
  if (Math.abs(s) >= F64_MIN_NORMAL) {
    const v = finish64(s, twoSumErr(x, y, s));
    if (v === v) return v;
  }
  return roundSum(x, y, F64);
}

export function mul64(x: number, y: number): number {
  const s = x * y;
  if (s !== s || x === 0 || y === 0 || x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return s;
  if (safe64(x) && safe64(y)) {
    const v = finish64(s, twoProdErr(x, y, s));
    if (v === v) return v;
  }
  return roundProduct(x, y, F64);
}

export function div64(x: number, y: number): number {
  const s = x / y;
  if (s !== s || x === 0 || x === Infinity || x === -Infinity || y === Infinity || y === -Infinity) return s;
  if (safe64(x) && safe64(y)) {
    const p = s * y;
    const r = x - p - twoProdErr(s, y, p);
    const v = finish64(s, y > 0 ? r : -r);
    if (v === v) return v;
  }
  return roundQuotient(x, y, F64);
}

export function sqrt64(x: number): number {
  if (x < 0) return NaN;
  if (x === 0 || x === Infinity) return x;
  if (safe64(x)) {
    const s = Math.sqrt(x);
    const p = s * s;
    const v = finish64(s, x - p - twoProdErr(s, s, p));
    if (v === v) return v;
  }
  return roundRoot(x, F64);
}

// ---- fast paths ------------------------------------------------------------------------------
// With MXCSR = all exceptions masked, round to nearest, no DAZ/FTZ (FAST_MXCSR under FAST_MASK),
// an operation on normal (or zero) operands with a normal (or zero) result needs no exception
// logic beyond PE. These helpers compute such a result into element/lane r and return true, or
// return false (having written nothing) when the general path is needed.

export const FAST_MASK = 0xffc0;
export const FAST_MXCSR = 0x1f80;

function norm64(v: number): boolean {
  const a = Math.abs(v);
  return a === 0 || (a >= F64_MIN_NORMAL && a <= F64_MAX);
}
function safeOrZero64(v: number): boolean {
  return v === 0 || safe64(v);
}
function norm32(v: number): boolean {
  const a = Math.abs(v);
  return a === 0 || (a >= F32_MIN_NORMAL && a <= F32_MAX);
}

export function fastAdd64(c: CPU, r: number, x: number, y: number): boolean {
  if (!norm64(x) || !norm64(y)) return false;
  const s = x + y;
  if (!norm64(s)) return false;
  if (twoSumErr(x, y, s) !== 0) c.mxcsr |= PE;
  c.xf64[r] = s;
  return true;
}

export function fastMul64(c: CPU, r: number, x: number, y: number): boolean {
  if (!safeOrZero64(x) || !safeOrZero64(y)) return false;
  const s = x * y;
  if (s !== 0 && twoProdErr(x, y, s) !== 0) c.mxcsr |= PE;
  c.xf64[r] = s;
  return true;
}

export function fastDiv64(c: CPU, r: number, x: number, y: number): boolean {
  if (!safeOrZero64(x) || !safe64(y)) return false;
  const s = x / y;
  if (s !== 0) {
    const p = s * y;
    if (x - p - twoProdErr(s, y, p) !== 0) c.mxcsr |= PE;
  }
  c.xf64[r] = s;
  return true;
}

export function fastAdd32(c: CPU, r: number, x: number, y: number): boolean {
  if (!norm32(x) || !norm32(y)) return false;
  const s = x + y;
  const t = Math.fround(s);
  if (s !== 0 && !inRange32(s, t)) return false;
  if (t !== s || twoSumErr(x, y, s) !== 0) c.mxcsr |= PE;
  c.xf32[r] = t;
  return true;
}

export function fastMul32(c: CPU, r: number, x: number, y: number): boolean {
  if (!norm32(x) || !norm32(y)) return false;
  const s = x * y;
  const t = Math.fround(s);
  if (s !== 0 && !inRange32(s, t)) return false;
  if (t !== s) c.mxcsr |= PE;
  c.xf32[r] = t;
  return true;
}

export function fastDiv32(c: CPU, r: number, x: number, y: number): boolean {
  if (!norm32(x) || !norm32(y) || y === 0) return false;
  const s = x / y;
  const t = Math.fround(s);
  if (s !== 0 && !inRange32(s, t)) return false;
  if (t * y !== x) c.mxcsr |= PE;
  c.xf32[r] = t;
  return true;
}

// ---- conversions -------------------------------------------------------------------------------

/** intToFloat converts the signed 64-bit integer (lo, hi) to the format, rounding in the current mode. */
export function intToFloat(lo: number, hi: number, fmt: number): number {
  if (hi === lo >> 31) {
    if (fmt === F64 || lo === 0) return lo;
    return narrow32(lo);
  }
  const h = hi * 4294967296, l = lo >>> 0;
  const s = h + l;
  const e = twoSumErr(h, l, s);
  if (fmt === F64) {
    const v = finish64(s, e);
    if (v === v) return v;
  } else if (e === 0) {
    return narrow32(s);
  }
  const big = (BigInt(hi) << 32n) | BigInt(l);
  return roundExact(big < 0n, big < 0n ? -big : big, 0, false, fmt);
}

/** narrow32 rounds a finite nonzero double to float32 in the current mode (with PE, UE, OE). */
export function narrow32(v: number): number {
  const t = Math.fround(v);
  if (inRange32(v, t)) {
    const r = finish32(t, v - t);
    if (r === r) return r;
  }
  return roundDouble(v, F32);
}

/**
 * floatToInt converts a non-NaN double to a signed integer of `bits` (32 or 64) bits, rounding in
 * the current mode or toward zero (`trunc`). Out of range → the integer indefinite and IE (returns
 * null); inexact → PE. The result is a double holding the exact integer.
 */
export function floatToInt(v: number, bits: number, trunc: boolean): number | null {
  let r: number;
  if (trunc) r = Math.trunc(v);
  else {
    switch (fp.rc) {
      case RN: {
        r = Math.floor(v);
        const d = v - r;
        if (d > 0.5 || (d === 0.5 && r % 2 !== 0)) r += 1;
        break;
      }
      case RD:
        r = Math.floor(v);
        break;
      case RU:
        r = Math.ceil(v);
        break;
      default:
        r = Math.trunc(v);
    }
  }
  const lim = bits === 32 ? 2147483648 : 9223372036854775808;
  if (!(r >= -lim && r < lim)) {
    fp.flags |= IE;
    return null;
  }
  if (r !== v) fp.flags |= PE;
  return r === 0 ? 0 : r;
}

/** splitInt64 writes the integer-valued double `v` (|v| < 2^63) as lo/hi words: returns lo, hi in `splitHi`. */
export function splitInt64(v: number): number {
  const hi = Math.floor(v / 4294967296);
  splitHi = hi | 0;
  return (v - hi * 4294967296) | 0;
}
export let splitHi = 0;
