/**
 * x87 80-bit extended-precision floating point, implemented in software.
 *
 * A value is kept in its architectural encoding: sign bit, 15-bit biased
 * exponent and 64-bit significand with an explicit integer bit (bit 63).
 * All basic operations are exact: results are computed with BigInt and then
 * rounded once, under the rounding control (FCW.RC) and, for the operations
 * the SDM lists (add, sub, mul, div, sqrt), the precision control (FCW.PC).
 *
 * Every operation returns the exception flags it raises as FSW bits (IE, DE,
 * ZE, OE, UE, PE) plus C1 = 1 when an inexact result was rounded up in
 * magnitude.  The results are the masked responses: the caller decides what
 * to do when an exception is unmasked.  Behaviour that the SDM leaves open
 * was matched against a real x86-64 processor (test/cpu/fp80-vectors/):
 *  - two NaN operands: a QNaN beats an SNaN, then the larger significand,
 *    then the positive one;
 *  - underflow: tininess is detected after rounding, and UE (masked) is
 *    raised only for tiny inexact results;
 *  - denormal results under reduced precision control are rounded at the
 *    same bit position of the 64-bit significand as the smallest normals;
 *  - divide-by-zero takes priority over the denormal-operand exception;
 *  - FST/FIST/FBSTP do not raise DE for a denormal source;
 *  - FPREM/FPREM1 partial reduction uses N = 32 + (D mod 32);
 *  - PC = 1 (reserved) behaves as 64 bits.
 *
 * The transcendental functions (F2XM1, FYL2X, FYL2XP1, FSIN, FCOS, FSINCOS,
 * FPTAN, FPATAN) are computed with JavaScript double-precision Math and are
 * therefore only accurate to about 53 bits, not to the full 64.  Their
 * arguments are reduced modulo the same 66-bit approximation of pi as the
 * hardware, so large arguments agree with it too.
 */

/** An 80-bit extended-precision value in its architectural encoding. */
export interface F80 {
  /** 0 or 1 */
  sign: number;
  /** biased exponent, 0..0x7fff */
  exp: number;
  /** 64-bit significand, bit 63 is the explicit integer bit */
  mant: bigint;
}

/** FCW.RC: 0 nearest-even, 1 down (toward -inf), 2 up (toward +inf), 3 toward zero. */
export type RoundingControl = 0 | 1 | 2 | 3;
/** FCW.PC: 0 = 24 bits, 2 = 53 bits, 3 = 64 bits (1 is reserved and treated as 64). */
export type PrecisionControl = 0 | 1 | 2 | 3;

export interface FpCtx {
  rc: RoundingControl;
  pc: PrecisionControl;
}

export interface FpResult {
  value: F80;
  /** FP_IE..FP_PE exception bits, plus FP_C1 when the result was rounded up */
  flags: number;
}

export const FP_IE = 0x1;
export const FP_DE = 0x2;
export const FP_ZE = 0x4;
export const FP_OE = 0x8;
export const FP_UE = 0x10;
export const FP_PE = 0x20;
export const FP_C0 = 0x100;
export const FP_C1 = 0x200;
export const FP_C2 = 0x400;
export const FP_C3 = 0x4000;

/* --------------------------------------------------------------- encoding */

const BIAS = 16383;
/** unbiased exponent of the smallest normal number */
const EMIN = 1 - BIAS;
const EXP_MAX = 0x7fff;
const INT_BIT = 0x8000000000000000n;
const QUIET_BIT = 0x4000000000000000n;
const FRAC_MASK = 0x7fffffffffffffffn;
const MASK64 = 0xffffffffffffffffn;
const NAN_PAYLOAD = 0x3fffffffffffffffn;

/* operand classes */
const K_ZERO = 0;
const K_DENORMAL = 1; // exponent 0, nonzero significand (pseudo-denormals too)
const K_NORMAL = 2;
const K_INF = 3;
const K_QNAN = 4;
const K_SNAN = 5;
const K_UNSUPPORTED = 6; // unnormal, pseudo-infinity, pseudo-NaN

function classify(v: F80): number {
  const e = v.exp;
  const m = v.mant;
  if (e === 0) return m === 0n ? K_ZERO : K_DENORMAL;
  if ((m & INT_BIT) === 0n) return K_UNSUPPORTED;
  if (e !== EXP_MAX) return K_NORMAL;
  if ((m & FRAC_MASK) === 0n) return K_INF;
  return (m & QUIET_BIT) !== 0n ? K_QNAN : K_SNAN;
}

function mk(sign: number, exp: number, mant: bigint): F80 {
  return { sign, exp, mant };
}

/** The "real indefinite" QNaN produced by masked invalid operations. */
export function f80Indefinite(): F80 {
  return mk(1, EXP_MAX, 0xc000000000000000n);
}
export function f80Zero(sign = 0): F80 {
  return mk(sign, 0, 0n);
}
export function f80Inf(sign = 0): F80 {
  return mk(sign, EXP_MAX, INT_BIT);
}
export function f80One(sign = 0): F80 {
  return mk(sign, BIAS, INT_BIT);
}

export function f80FromBytes(u8: Uint8Array, off = 0): F80 {
  let lo = 0n;
  for (let i = 7; i >= 0; i--) lo = (lo << 8n) | BigInt(u8[off + i]);
  const se = u8[off + 8] | (u8[off + 9] << 8);
  return mk(se >> 15, se & EXP_MAX, lo);
}

export function f80ToBytes(v: F80, u8: Uint8Array, off = 0): void {
  let m = v.mant;
  for (let i = 0; i < 8; i++) {
    u8[off + i] = Number(m & 0xffn);
    m >>= 8n;
  }
  const se = (v.sign << 15) | v.exp;
  u8[off + 8] = se & 0xff;
  u8[off + 9] = se >> 8;
}

export function f80IsNaN(v: F80): boolean {
  const k = classify(v);
  return k === K_QNAN || k === K_SNAN;
}
export function f80IsSignalingNaN(v: F80): boolean {
  return classify(v) === K_SNAN;
}
/** Unnormals, pseudo-infinities and pseudo-NaNs: invalid operands since the 387. */
export function f80IsUnsupported(v: F80): boolean {
  return classify(v) === K_UNSUPPORTED;
}
export function f80Equals(a: F80, b: F80): boolean {
  return a.sign === b.sign && a.exp === b.exp && a.mant === b.mant;
}

/* ---------------------------------------------------------------- helpers */

function bitLen(x: bigint): number {
  let n = 0;
  while (x > 0xffffffffffffffffn) {
    x >>= 64n;
    n += 64;
  }
  if (x > 0xffffffffn) {
    // Number() of up to 64 bits: the leading 32 bits are exact after the shift
    return n + 64 - Math.clz32(Number(x >> 32n));
  }
  return n + 32 - Math.clz32(Number(x));
}

/** floor(sqrt(n)) for n > 0 */
function isqrt(n: bigint): bigint {
  const L = bitLen(n);
  let s = L > 104 ? L - 104 : 0;
  if (s & 1) s++;
  let x = (BigInt(Math.ceil(Math.sqrt(Number(n >> BigInt(s))))) + 2n) << BigInt(s >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function precisionBits(pc: number): number {
  return pc === 0 ? 24 : pc === 2 ? 53 : 64;
}

/** exponent of the least significant significand bit of a finite value */
function lsbExp(v: F80): number {
  return (v.exp === 0 ? 1 : v.exp) - BIAS - 63;
}

function copy(v: F80): F80 {
  return mk(v.sign, v.exp, v.mant);
}

function quiet(v: F80): F80 {
  return mk(v.sign, v.exp, v.mant | QUIET_BIT);
}

function invalid(): FpResult {
  return { value: f80Indefinite(), flags: FP_IE };
}

/** result for a single operand that is a NaN or unsupported */
function nan1(a: F80, ka: number): FpResult {
  if (ka === K_UNSUPPORTED) return invalid();
  return { value: quiet(a), flags: ka === K_SNAN ? FP_IE : 0 };
}

/**
 * Result when at least one of two operands is a NaN or unsupported: an
 * unsupported operand gives the indefinite; a QNaN is preferred over an SNaN;
 * among two NaNs of the same kind the larger significand wins and, when the
 * significands are equal, the positive one.  SNaNs are quieted and raise IE.
 */
function nan2(a: F80, ka: number, b: F80, kb: number): FpResult {
  if (ka === K_UNSUPPORTED || kb === K_UNSUPPORTED) return invalid();
  const flags = ka === K_SNAN || kb === K_SNAN ? FP_IE : 0;
  let r: F80;
  if (ka < K_QNAN) r = b;
  else if (kb < K_QNAN) r = a;
  else if (ka !== kb) r = ka === K_QNAN ? a : b;
  else {
    const pa = a.mant & NAN_PAYLOAD;
    const pb = b.mant & NAN_PAYLOAD;
    r = pa > pb ? a : pb > pa ? b : a.sign === 0 ? a : b;
  }
  return { value: quiet(r), flags };
}

function roundsUp(rc: number, sign: number): boolean {
  return rc === 1 ? sign === 1 : rc === 2 ? sign === 0 : false;
}

/** largest finite magnitude representable with prec significand bits */
function maxFinite(sign: number, prec: number): F80 {
  return mk(sign, EXP_MAX - 1, (MASK64 << BigInt(64 - prec)) & MASK64);
}

/* side results of shiftRound */
let rInexact = false;
let rUp = false;

/**
 * Integer part of (m + d) / 2^sh (0 <= d < 1, nonzero iff sticky), rounded
 * under rc for a value of the given sign.  Sets rInexact and rUp.
 */
function shiftRound(sign: number, m: bigint, sh: number, sticky: boolean, rc: number): bigint {
  let r: bigint;
  if (sh <= 0) {
    r = sh === 0 ? m : m << BigInt(-sh);
    rInexact = sticky;
    rUp = sticky && roundsUp(rc, sign);
  } else if (m >> BigInt(sh - 1) === 0n) {
    // everything lies below half of the result's lsb
    r = 0n;
    rInexact = true;
    rUp = roundsUp(rc, sign);
  } else {
    const bs = BigInt(sh);
    r = m >> bs;
    const rem = m & ((1n << bs) - 1n);
    rInexact = sticky || rem !== 0n;
    if (!rInexact) rUp = false;
    else if (rc === 0) {
      const half = 1n << (bs - 1n);
      rUp = rem > half || (rem === half && (sticky || (r & 1n) !== 0n));
    } else rUp = roundsUp(rc, sign);
  }
  if (rUp) r += 1n;
  return r;
}

/**
 * Round sign * (m + d) * 2^e, where 0 <= d < 1 is nonzero iff sticky, to a
 * prec-bit significand under rounding control rc, with the exponent range
 * [emin, emax] (unbiased; tiny results are denormalized) and the masked
 * overflow/underflow responses.  Tininess is detected after rounding (as the
 * hardware does): a result that rounds up to the smallest normal number does
 * not underflow.  Returns the rounded significand r (r < 2^prec) and sets
 * gQ (exponent of r's lsb), gFlags and gOverflow.
 */
let gQ = 0;
let gFlags = 0;
let gOverflow = false;
function roundCore(
  sign: number,
  m: bigint,
  e: number,
  sticky: boolean,
  prec: number,
  rc: number,
  emin: number,
  emax: number,
): bigint {
  const L = m === 0n ? 0 : bitLen(m);
  const E = e + L - 1; // exponent of the leading bit
  let q = (E < emin ? emin : E) - (prec - 1); // exponent of the result's lsb
  let r = shiftRound(sign, m, q - e, sticky, rc);
  let flags = 0;
  if (rInexact) {
    flags = rUp ? FP_PE | FP_C1 : FP_PE;
    if (E < emin) {
      // tiny unless rounding with an unbounded exponent reaches 2^emin
      if (E !== emin - 1) flags |= FP_UE;
      else {
        const r2 = shiftRound(sign, m, E - (prec - 1) - e, sticky, rc);
        if (r2 >> BigInt(prec) === 0n) flags |= FP_UE;
      }
    }
  }
  if (r >> BigInt(prec) !== 0n) {
    r >>= 1n;
    q += 1;
  }
  gOverflow = q + prec - 1 > emax;
  if (gOverflow) flags |= FP_OE | FP_PE;
  gQ = q;
  gFlags = flags;
  return r;
}

const EMAX = EXP_MAX - 1 - BIAS;

function roundPack(
  sign: number,
  m: bigint,
  e: number,
  sticky: boolean,
  prec: number,
  rc: number,
  flags: number,
): FpResult {
  const r = roundCore(sign, m, e, sticky, prec, rc, EMIN, EMAX);
  flags |= gFlags;
  if (gOverflow) {
    if (rc === 0 || roundsUp(rc, sign)) return { value: f80Inf(sign), flags: flags | FP_C1 };
    return { value: maxFinite(sign, prec), flags: flags & ~FP_C1 };
  }
  if (r === 0n) return { value: mk(sign, 0, 0n), flags };
  const mant = r << BigInt(64 - prec);
  if ((mant & INT_BIT) === 0n) return { value: mk(sign, 0, mant), flags };
  return { value: mk(sign, gQ + prec - 1 + BIAS, mant), flags };
}

/** Round a finite value to prec bits (used when an operand is returned as the result). */
function roundValue(v: F80, prec: number, rc: number, flags: number): FpResult {
  if (v.mant === 0n) return { value: mk(v.sign, 0, 0n), flags };
  return roundPack(v.sign, v.mant, lsbExp(v), false, prec, rc, flags);
}

/* ------------------------------------------------------------- arithmetic */

function addCore(a: F80, b: F80, negB: number, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const sb = b.sign ^ negB;
  const flags = ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
  if (ka === K_INF) {
    if (kb === K_INF && a.sign !== sb) return invalid();
    return { value: f80Inf(a.sign), flags };
  }
  if (kb === K_INF) return { value: f80Inf(sb), flags };
  const prec = precisionBits(ctx.pc);
  if (ka === K_ZERO && kb === K_ZERO) {
    const s = a.sign === sb ? a.sign : ctx.rc === 1 ? 1 : 0;
    return { value: mk(s, 0, 0n), flags };
  }
  if (kb === K_ZERO) return roundValue(a, prec, ctx.rc, flags);
  if (ka === K_ZERO) return roundValue(mk(sb, b.exp, b.mant), prec, ctx.rc, flags);

  // align: x has the larger lsb exponent
  let xs = a.sign;
  let xm = a.mant;
  let xe = lsbExp(a);
  let ys = sb;
  let ym = b.mant;
  let ye = lsbExp(b);
  if (xe < ye) {
    const ts = xs;
    xs = ys;
    ys = ts;
    const tm = xm;
    xm = ym;
    ym = tm;
    const te = xe;
    xe = ye;
    ye = te;
  }
  let d = xe - ye;
  if (d > 70) {
    // |y| < 2^(xe-6): far below a quarter of the result's last place, where
    // a single low bit of the same sign rounds exactly the same way
    ym = 1n;
    d = 70;
  }
  const X = xm << BigInt(d);
  const e = xe - d;
  let sign: number;
  let M: bigint;
  if (xs === ys) {
    sign = xs;
    M = X + ym;
  } else {
    M = X - ym;
    sign = xs;
    if (M < 0n) {
      M = -M;
      sign = ys;
    } else if (M === 0n) {
      return { value: mk(ctx.rc === 1 ? 1 : 0, 0, 0n), flags };
    }
  }
  return roundPack(sign, M, e, false, prec, ctx.rc, flags);
}

/** a + b */
export function f80Add(a: F80, b: F80, ctx: FpCtx): FpResult {
  return addCore(a, b, 0, ctx);
}

/** a - b */
export function f80Sub(a: F80, b: F80, ctx: FpCtx): FpResult {
  return addCore(a, b, 1, ctx);
}

/** a * b */
export function f80Mul(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const sign = a.sign ^ b.sign;
  const flags = ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
  if (ka === K_INF || kb === K_INF) {
    if (ka === K_ZERO || kb === K_ZERO) return invalid();
    return { value: f80Inf(sign), flags };
  }
  if (ka === K_ZERO || kb === K_ZERO) return { value: mk(sign, 0, 0n), flags };
  return roundPack(sign, a.mant * b.mant, lsbExp(a) + lsbExp(b), false, precisionBits(ctx.pc), ctx.rc, flags);
}

/** significand shifted so that bit 63 is set, and its lsb exponent */
function normalize(v: F80): [bigint, number] {
  const s = 64 - bitLen(v.mant);
  return [v.mant << BigInt(s), lsbExp(v) - s];
}

/** a / b */
export function f80Div(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const sign = a.sign ^ b.sign;
  const flags = ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
  if (ka === K_INF) {
    if (kb === K_INF) return invalid();
    return { value: f80Inf(sign), flags };
  }
  if (kb === K_INF) return { value: mk(sign, 0, 0n), flags };
  if (kb === K_ZERO) {
    if (ka === K_ZERO) return invalid();
    // divide-by-zero takes priority over the denormal-operand exception
    return { value: f80Inf(sign), flags: FP_ZE };
  }
  if (ka === K_ZERO) return { value: mk(sign, 0, 0n), flags };
  const [ma, ea] = normalize(a);
  const [mb, eb] = normalize(b);
  const n = ma << 70n;
  const q = n / mb;
  return roundPack(sign, q, ea - eb - 70, q * mb !== n, precisionBits(ctx.pc), ctx.rc, flags);
}

/** square root */
export function f80Sqrt(a: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  if (ka >= K_QNAN) return nan1(a, ka);
  if (ka === K_ZERO) return { value: mk(a.sign, 0, 0n), flags: 0 };
  if (a.sign === 1) return invalid();
  if (ka === K_INF) return { value: f80Inf(0), flags: 0 };
  const flags = ka === K_DENORMAL ? FP_DE : 0;
  let [m, e] = normalize(a);
  if (e & 1) {
    m <<= 1n;
    e -= 1;
  }
  const n = m << 70n;
  const r = isqrt(n);
  return roundPack(0, r, (e - 70) / 2, r * r !== n, precisionBits(ctx.pc), ctx.rc, flags);
}

/** |a| (FABS: never raises, NaNs are kept as they are) */
export function f80Abs(a: F80): F80 {
  return mk(0, a.exp, a.mant);
}

/** -a (FCHS) */
export function f80Chs(a: F80): F80 {
  return mk(a.sign ^ 1, a.exp, a.mant);
}

/* ------------------------------------------------------- integer rounding */

interface IntRound {
  /** magnitude of the rounded integer */
  mag: bigint;
  inexact: boolean;
  up: boolean;
}

/** round |v| = m * 2^e (finite) to an integer under rc (sign gives direction) */
function roundToInteger(sign: number, m: bigint, e: number, rc: number): IntRound {
  if (e >= 0) return { mag: m << BigInt(e), inexact: false, up: false };
  if (m === 0n) return { mag: 0n, inexact: false, up: false };
  const sh = -e;
  let mag: bigint;
  let up: boolean;
  if (sh > 64) {
    // 0 < |v| < 1/2
    mag = 0n;
    up = roundsUp(rc, sign);
  } else {
    const bs = BigInt(sh);
    mag = m >> bs;
    const rem = m & ((1n << bs) - 1n);
    if (rem === 0n) return { mag, inexact: false, up: false };
    if (rc === 0) {
      const half = 1n << (bs - 1n);
      up = rem > half || (rem === half && (mag & 1n) !== 0n);
    } else up = roundsUp(rc, sign);
  }
  if (up) mag += 1n;
  return { mag, inexact: true, up };
}

/** exact conversion of sign * mag (mag < 2^64) */
function fromMagnitude(sign: number, mag: bigint): F80 {
  if (mag === 0n) return mk(sign, 0, 0n);
  const L = bitLen(mag);
  return mk(sign, BIAS + L - 1, mag << BigInt(64 - L));
}

/** FRNDINT: round to an integral value under ctx.rc (precision control is ignored) */
export function f80RoundInt(a: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  if (ka >= K_QNAN) return nan1(a, ka);
  if (ka === K_ZERO || ka === K_INF) return { value: copy(a), flags: 0 };
  let flags = ka === K_DENORMAL ? FP_DE : 0;
  const e = lsbExp(a);
  if (e >= 0) return { value: copy(a), flags };
  const r = roundToInteger(a.sign, a.mant, e, ctx.rc);
  if (r.inexact) flags |= r.up ? FP_PE | FP_C1 : FP_PE;
  return { value: fromMagnitude(a.sign, r.mag), flags };
}

/* -------------------------------------------------------------- compare */

export type CmpRelation = 'lt' | 'eq' | 'gt' | 'un';

export interface CmpResult {
  rel: CmpRelation;
  /** C3/C2/C0 as FCOM sets them (C1 cleared) */
  cc: number;
  /** FP_IE / FP_DE */
  flags: number;
}

const CC_OF: Record<CmpRelation, number> = { gt: 0, lt: FP_C0, eq: FP_C3, un: FP_C3 | FP_C2 | FP_C0 };

/**
 * Compare a with b.  `unordered` selects FUCOM semantics (only SNaNs raise
 * IE) over FCOM semantics (any NaN raises IE).  Unsupported operands always
 * raise IE and compare unordered.
 */
export function f80Compare(a: F80, b: F80, unordered = false): CmpResult {
  const ka = classify(a);
  const kb = classify(b);
  let rel: CmpRelation;
  let flags = 0;
  if (ka >= K_QNAN || kb >= K_QNAN) {
    rel = 'un';
    if (!unordered || ka === K_SNAN || kb === K_SNAN || ka === K_UNSUPPORTED || kb === K_UNSUPPORTED) flags = FP_IE;
  } else {
    if (ka === K_DENORMAL || kb === K_DENORMAL) flags = FP_DE;
    const c = cmpFinite(a, ka, b, kb);
    rel = c < 0 ? 'lt' : c > 0 ? 'gt' : 'eq';
  }
  return { rel, cc: CC_OF[rel], flags };
}

/** total order of two non-NaN values: -1, 0, 1 */
function cmpFinite(a: F80, ka: number, b: F80, kb: number): number {
  if (ka === K_ZERO && kb === K_ZERO) return 0;
  if (a.sign !== b.sign) return a.sign ? -1 : 1;
  const mag = cmpMag(a, ka, b, kb);
  return a.sign ? -mag : mag;
}

function cmpMag(a: F80, ka: number, b: F80, kb: number): number {
  if (ka === K_ZERO) return kb === K_ZERO ? 0 : -1;
  if (kb === K_ZERO) return 1;
  const ea = a.exp === 0 ? 1 : a.exp;
  const eb = b.exp === 0 ? 1 : b.exp;
  // a pseudo-denormal reads with exponent 1, like the smallest normals
  if (ea !== eb) return ea > eb ? 1 : -1;
  return a.mant > b.mant ? 1 : a.mant < b.mant ? -1 : 0;
}

/**
 * FXAM: C3/C2/C0 class code and C1 = sign.  Pass empty = true for an empty
 * register.
 */
export function f80Examine(v: F80, empty = false): number {
  const c1 = v.sign ? FP_C1 : 0;
  if (empty) return FP_C3 | FP_C0 | c1;
  switch (classify(v)) {
    case K_UNSUPPORTED:
      return c1;
    case K_QNAN:
    case K_SNAN:
      return FP_C0 | c1;
    case K_NORMAL:
      return FP_C2 | c1;
    case K_INF:
      return FP_C2 | FP_C0 | c1;
    case K_ZERO:
      return FP_C3 | c1;
    default:
      return FP_C3 | FP_C2 | c1;
  }
}

/* ------------------------------------------------ scale, extract, remainder */

/**
 * FSCALE: a * 2^trunc(b), rounded to 64 bits under ctx.rc.
 */
export function f80Scale(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const flags = ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
  if (kb === K_INF) {
    if (b.sign === 0) {
      if (ka === K_ZERO) return invalid();
      return { value: f80Inf(a.sign), flags };
    }
    if (ka === K_INF) return invalid();
    return { value: mk(a.sign, 0, 0n), flags };
  }
  if (ka === K_INF || ka === K_ZERO) return { value: copy(a), flags };
  // n = trunc(b), clamped far beyond the range where the result saturates
  let n: number;
  const eb = lsbExp(b);
  if (kb === K_ZERO) n = 0;
  else if (eb >= 0) n = 1 << 20;
  else {
    const t = -eb >= 64 ? 0n : b.mant >> BigInt(-eb);
    n = t > 1048576n ? 1 << 20 : Number(t);
  }
  if (b.sign) n = -n;
  return roundPack(a.sign, a.mant, lsbExp(a) + n, false, 64, ctx.rc, flags);
}

export interface ExtractResult {
  /** significand, with exponent 0x3fff (ST(0) after FXTRACT) */
  sig: F80;
  /** unbiased exponent as a value (ST(1) after FXTRACT) */
  exp: F80;
  flags: number;
}

/** FXTRACT */
export function f80Extract(a: F80): ExtractResult {
  const ka = classify(a);
  if (ka >= K_QNAN) {
    const r = nan1(a, ka);
    return { sig: r.value, exp: copy(r.value), flags: r.flags };
  }
  if (ka === K_ZERO) return { sig: mk(a.sign, 0, 0n), exp: f80Inf(1), flags: FP_ZE };
  if (ka === K_INF) return { sig: f80Inf(a.sign), exp: f80Inf(0), flags: 0 };
  const [m, e] = normalize(a);
  const E = e + 63;
  return {
    sig: mk(a.sign, BIAS, m),
    exp: fromMagnitude(E < 0 ? 1 : 0, BigInt(E < 0 ? -E : E)),
    flags: ka === K_DENORMAL ? FP_DE : 0,
  };
}

export interface RemResult {
  value: F80;
  /** exception flags (IE, DE); the remainder is always exact */
  flags: number;
  /** C0, C1, C2, C3 as FPREM/FPREM1 set them: Q2, Q0, incomplete, Q1 */
  cc: number;
  /** low three bits of the quotient (0 when the reduction is incomplete) */
  q: number;
  /** C2: the reduction is incomplete and must be repeated */
  incomplete: boolean;
}

function remResult(value: F80, flags: number, q: number, incomplete: boolean): RemResult {
  let cc = incomplete ? FP_C2 : 0;
  if (q & 4) cc |= FP_C0;
  if (q & 2) cc |= FP_C3;
  if (q & 1) cc |= FP_C1;
  return { value, flags, cc, q, incomplete };
}

/**
 * FPREM (nearest = false: quotient truncated) and FPREM1 (nearest = true:
 * IEEE remainder) of a = ST(0) by b = ST(1).  When the exponent difference D
 * is 64 or more only a partial reduction is done, by a multiple of b *
 * 2^(D - N) with N = 32 + D mod 32, and C2 is set.
 */
function remCore(a: F80, b: F80, nearest: boolean): RemResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) {
    const r = nan2(a, ka, b, kb);
    return remResult(r.value, r.flags, 0, false);
  }
  if (ka === K_INF || kb === K_ZERO) return remResult(f80Indefinite(), FP_IE, 0, false);
  const flags = ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
  if (ka === K_ZERO) return remResult(mk(a.sign, 0, 0n), flags, 0, false);
  const [ma, ea] = normalize(a);
  if (kb === K_INF) return remResult(remValue(a.sign, ma, ea, flags), flags, 0, false);
  const [mb, eb] = normalize(b);
  const D = ea - eb;
  if (D >= 64) {
    const N = 32 + (D % 32);
    // a - b * 2^(D-N) * trunc(a / (b * 2^(D-N))), with a = ma * 2^(eb+D):
    // (ma * 2^N mod mb) * 2^(eb + D - N), exact
    const rem = (ma << BigInt(N)) % mb;
    return remResult(remValue(a.sign, rem, eb + D - N, flags), flags, 0, true);
  }
  if (D < 0) {
    if (!nearest || D < -1) return remResult(remValue(a.sign, ma, ea, flags), flags, 0, false);
  }
  // exact: a = ma * 2^ea, b = mb * 2^eb, D = ea - eb
  let A: bigint, B: bigint, e: number;
  if (D >= 0) {
    A = ma << BigInt(D);
    B = mb;
    e = eb;
  } else {
    A = ma;
    B = mb << BigInt(-D);
    e = ea;
  }
  let Q = A / B;
  let R = A - Q * B;
  let sign = a.sign;
  if (nearest) {
    const twice = R << 1n;
    if (twice > B || (twice === B && (Q & 1n) === 1n)) {
      Q += 1n;
      R = B - R;
      sign ^= 1;
    }
  }
  return remResult(remValue(sign, R, e, flags), flags, Number(Q & 7n), false);
}

function remValue(sign: number, m: bigint, e: number, flags: number): F80 {
  if (m === 0n) return mk(sign, 0, 0n);
  return roundPack(sign, m, e, false, 64, 0, flags).value;
}

/** FPREM: partial remainder of a = ST(0) by b = ST(1), quotient truncated */
export function f80Prem(a: F80, b: F80): RemResult {
  return remCore(a, b, false);
}

/** FPREM1: IEEE partial remainder of a = ST(0) by b = ST(1), quotient rounded to nearest */
export function f80Prem1(a: F80, b: F80): RemResult {
  return remCore(a, b, true);
}

/* ------------------------------------------------- floating conversions */

const F64_VIEW = new DataView(new ArrayBuffer(8));

/**
 * Load from an IEEE binary format with `fbits` fraction bits and exponent
 * bias `fbias` (FLD m32/m64): exact; SNaN → IE and quieted, denormal → DE.
 */
function loadIeee(bits: bigint, fbits: number, ebits: number): FpResult {
  const fb = BigInt(fbits);
  const fracMask = (1n << fb) - 1n;
  const emaxF = (1 << ebits) - 1;
  const fbias = (1 << (ebits - 1)) - 1;
  const sign = Number(bits >> BigInt(fbits + ebits)) & 1;
  const e = Number((bits >> fb) & BigInt(emaxF));
  const f = bits & fracMask;
  const sh = BigInt(63 - fbits);
  if (e === emaxF) {
    if (f === 0n) return { value: f80Inf(sign), flags: 0 };
    const quietBit = 1n << (fb - 1n);
    return { value: mk(sign, EXP_MAX, INT_BIT | QUIET_BIT | (f << sh)), flags: (f & quietBit) === 0n ? FP_IE : 0 };
  }
  if (e === 0) {
    if (f === 0n) return { value: mk(sign, 0, 0n), flags: 0 };
    const L = bitLen(f);
    // value = f * 2^(1 - fbias - fbits)
    const E = 1 - fbias - fbits + L - 1;
    return { value: mk(sign, E + BIAS, f << BigInt(64 - L)), flags: FP_DE };
  }
  return { value: mk(sign, e - fbias + BIAS, INT_BIT | (f << sh)), flags: 0 };
}

/** FLD m64fp: from the bits of an IEEE double */
export function f80LoadF64(bits: bigint): FpResult {
  return loadIeee(bits, 52, 11);
}

/** FLD m32fp: from the bits of an IEEE single */
export function f80LoadF32(bits: number): FpResult {
  return loadIeee(BigInt(bits >>> 0), 23, 8);
}

/** Exact conversion of a JS number (NaN payloads as the engine keeps them). */
export function f80FromF64(x: number): F80 {
  F64_VIEW.setFloat64(0, x);
  return f80LoadF64(F64_VIEW.getBigUint64(0)).value;
}

export interface StoreResult<T> {
  bits: T;
  flags: number;
}

/**
 * Store to an IEEE binary format (FST m32/m64): rounded under ctx.rc,
 * masked overflow (inf or largest finite) and underflow (denormal) responses.
 */
function storeIeee(v: F80, fbits: number, ebits: number, rc: number): StoreResult<bigint> {
  const k = classify(v);
  const fb = BigInt(fbits);
  const emaxF = (1 << ebits) - 1;
  const fbias = (1 << (ebits - 1)) - 1;
  const signBit = BigInt(v.sign) << BigInt(fbits + ebits);
  const infBits = signBit | (BigInt(emaxF) << fb);
  if (k === K_UNSUPPORTED) {
    return { bits: (1n << BigInt(fbits + ebits)) | infBits | (1n << (fb - 1n)), flags: FP_IE };
  }
  if (k === K_QNAN || k === K_SNAN) {
    const payload = ((v.mant | QUIET_BIT) & FRAC_MASK) >> BigInt(63 - fbits);
    return { bits: infBits | payload, flags: k === K_SNAN ? FP_IE : 0 };
  }
  if (k === K_INF) return { bits: infBits, flags: 0 };
  if (k === K_ZERO) return { bits: signBit, flags: 0 };
  const prec = fbits + 1;
  const r = roundCore(v.sign, v.mant, lsbExp(v), false, prec, rc, 1 - fbias, fbias);
  let flags = gFlags;
  const hidden = 1n << BigInt(fbits);
  if (gOverflow) {
    if (rc === 0 || roundsUp(rc, v.sign)) return { bits: infBits, flags: flags | FP_C1 };
    return { bits: signBit | (BigInt(emaxF - 1) << fb) | (hidden - 1n), flags: flags & ~FP_C1 };
  }
  if (r < hidden) return { bits: signBit | r, flags }; // denormal or zero
  const be = gQ + prec - 1 + fbias;
  return { bits: signBit | (BigInt(be) << fb) | (r - hidden), flags };
}

/** FST m64fp: the bits of an IEEE double */
export function f80StoreF64(v: F80, ctx: FpCtx): StoreResult<bigint> {
  return storeIeee(v, 52, 11, ctx.rc);
}

/** FST m32fp: the bits of an IEEE single */
export function f80StoreF32(v: F80, ctx: FpCtx): StoreResult<number> {
  const r = storeIeee(v, 23, 8, ctx.rc);
  return { bits: Number(r.bits), flags: r.flags };
}

/** Conversion to a JS number, rounded to nearest (no flags). */
export function f80ToF64(v: F80): number {
  F64_VIEW.setBigUint64(0, storeIeee(v, 52, 11, 0).bits);
  return F64_VIEW.getFloat64(0);
}

/* -------------------------------------------------- integer conversions */

/** FILD: exact conversion of a signed integer (|n| < 2^64) */
export function f80FromInt(n: bigint): F80 {
  return n < 0n ? fromMagnitude(1, -n) : fromMagnitude(0, n);
}

export interface IntResult {
  /** the signed integer stored (the integer indefinite -2^(bits-1) on IE) */
  value: bigint;
  flags: number;
}

function toIntCore(v: F80, bits: 16 | 32 | 64, rc: number): IntResult {
  const indefinite = -(1n << BigInt(bits - 1));
  const k = classify(v);
  if (k >= K_INF) return { value: indefinite, flags: FP_IE };
  if (k === K_ZERO) return { value: 0n, flags: 0 };
  let flags = 0;
  const e = lsbExp(v);
  if (e > 0) return { value: indefinite, flags: FP_IE };
  const r = roundToInteger(v.sign, v.mant, e, rc);
  const limit = v.sign ? -indefinite : -indefinite - 1n;
  if (r.mag > limit) return { value: indefinite, flags: flags | FP_IE };
  if (r.inexact) flags |= r.up ? FP_PE | FP_C1 : FP_PE;
  return { value: v.sign ? -r.mag : r.mag, flags };
}

/** FIST/FISTP: round under ctx.rc to a signed integer of `bits` bits */
export function f80ToInt(v: F80, bits: 16 | 32 | 64, ctx: FpCtx): IntResult {
  return toIntCore(v, bits, ctx.rc);
}

/** FISTTP: truncate to a signed integer of `bits` bits */
export function f80ToIntTrunc(v: F80, bits: 16 | 32 | 64): IntResult {
  return toIntCore(v, bits, 3);
}

/* ------------------------------------------------------------ packed BCD */

/** FBLD: 18-digit packed BCD at u8[off..off+9] (sign in bit 7 of byte 9) */
export function f80FromBcd(u8: Uint8Array, off = 0): F80 {
  let n = 0n;
  for (let i = 8; i >= 0; i--) {
    const byte = u8[off + i];
    n = n * 100n + BigInt((byte >> 4) * 10 + (byte & 15));
  }
  return fromMagnitude(u8[off + 9] >> 7, n);
}

/**
 * FBSTP: round under ctx.rc and store as 18-digit packed BCD into
 * u8[off..off+9].  Out of range, NaN, infinity and unsupported operands
 * raise IE and store the packed BCD indefinite.  Returns the flags.
 */
export function f80ToBcd(v: F80, ctx: FpCtx, u8: Uint8Array, off = 0): number {
  const k = classify(v);
  let flags = 0;
  let mag = 0n;
  let ok = true;
  if (k >= K_INF) ok = false;
  else if (k !== K_ZERO) {
    const e = lsbExp(v);
    if (e >= 0) ok = false;
    else {
      const r = roundToInteger(v.sign, v.mant, e, ctx.rc);
      if (r.mag > 999999999999999999n) ok = false;
      else {
        mag = r.mag;
        if (r.inexact) flags |= r.up ? FP_PE | FP_C1 : FP_PE;
      }
    }
  }
  if (!ok) {
    for (let i = 0; i < 7; i++) u8[off + i] = 0;
    u8[off + 7] = 0xc0;
    u8[off + 8] = 0xff;
    u8[off + 9] = 0xff;
    return FP_IE;
  }
  for (let i = 0; i < 9; i++) {
    const lo = Number(mag % 10n);
    mag /= 10n;
    const hi = Number(mag % 10n);
    mag /= 10n;
    u8[off + i] = (hi << 4) | lo;
  }
  u8[off + 9] = v.sign ? 0x80 : 0;
  return flags;
}

/* --------------------------------------------------------- transcendentals */
/*
 * These are computed with JavaScript double-precision Math: results are
 * accurate to about 53 bits (not the 64 bits of the hardware) and are
 * therefore not bit-exact.  Special operands (NaN, infinities, zeros,
 * invalid domains) and the IE/ZE/DE flags follow the SDM tables; finite
 * results always report PE, and C1 (rounded up) is never reported.
 */

/**
 * The hardware reduces the argument of FSIN/FCOS/FSINCOS/FPTAN modulo an
 * approximation of pi with 66 significant bits (pi truncated: 0x3.243f6a8885a308d3 0...);
 * using the same constant keeps large arguments in agreement with it.
 */
const PI66 = 0x3243f6a8885a308d3n; // pi * 2^64 truncated to 66 bits
const PI_SHIFT = 128; // fixed-point fraction bits used for the reduction
const PIO2_FIX = PI66 << BigInt(PI_SHIFT - 64 - 1);
const PIO4_FIX = PI66 << BigInt(PI_SHIFT - 64 - 2);

/** v = d * 2^E with 1 <= |d| <= 2 (finite nonzero v) */
function splitValue(v: F80): [number, number] {
  const [m, e] = normalize(v);
  const d = Number(m) * 2 ** -63;
  return [v.sign ? -d : d, e + 63];
}

/** x * 2^scale rounded to 64 bits under rc; PE is always reported */
function fromDoubleScaled(x: number, scale: number, rc: number, flags: number): FpResult {
  flags |= FP_PE;
  if (x === 0) return { value: mk(Object.is(x, -0) ? 1 : 0, 0, 0n), flags };
  if (!Number.isFinite(x)) return { value: f80Inf(x < 0 ? 1 : 0), flags: flags | FP_OE };
  F64_VIEW.setFloat64(0, x);
  const bits = F64_VIEW.getBigUint64(0);
  const be = Number((bits >> 52n) & 0x7ffn);
  let f = bits & 0xfffffffffffffn;
  let e: number;
  if (be === 0) e = -1074;
  else {
    f |= 1n << 52n;
    e = be - 1075;
  }
  const r = roundPack(x < 0 ? 1 : 0, f, e + scale, false, 64, rc, flags);
  r.flags &= ~FP_C1;
  return r;
}

function denormalFlag(ka: number, kb = K_ZERO): number {
  return ka === K_DENORMAL || kb === K_DENORMAL ? FP_DE : 0;
}

/** F2XM1: 2^a - 1 (the SDM defines it for -1 <= a <= +1) */
export function f80F2xm1(a: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  if (ka >= K_QNAN) return nan1(a, ka);
  if (ka === K_ZERO) return { value: mk(a.sign, 0, 0n), flags: 0 };
  if (ka === K_INF) return { value: a.sign ? f80One(1) : f80Inf(0), flags: 0 };
  // outside the architectural domain (|a| > 1) the processor returns the operand (observed)
  if (a.exp > BIAS || (a.exp === BIAS && a.mant !== INT_BIT)) return { value: copy(a), flags: FP_PE };
  const [d, E] = splitValue(a);
  // 2^x - 1 = x * h(x), h(x) -> ln 2 as x -> 0
  let h = Math.LN2;
  if (E > -60) {
    const x = d * 2 ** E;
    h = Math.expm1(x * Math.LN2) / x;
  }
  return fromDoubleScaled(d * h, E, ctx.rc, denormalFlag(ka));
}

/** log2 of a finite positive value, as l * 2^s (for accuracy near 1) */
function log2Of(x: F80): number {
  const [d, E] = splitValue(x);
  if (E === 0 || E === -1) {
    const t = addCore(x, f80One(0), 1, { rc: 0, pc: 3 }).value; // exact
    if (t.mant === 0n) return 0;
    const [dt, Et] = splitValue(t);
    return Math.log1p(dt * 2 ** Et) / Math.LN2;
  }
  return E + Math.log2(d);
}

/** FYL2X: b * log2(a), where a = ST(0) and b = ST(1) */
export function f80Fyl2x(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  if (a.sign === 1 && ka !== K_ZERO) return invalid();
  if (ka === K_ZERO) {
    if (kb === K_ZERO) return invalid();
    return { value: f80Inf(b.sign ^ 1), flags: kb === K_INF ? 0 : FP_ZE };
  }
  const flags = denormalFlag(ka, kb);
  if (ka === K_INF) {
    if (kb === K_ZERO) return invalid();
    return { value: f80Inf(b.sign), flags };
  }
  const isOne = a.exp === BIAS && a.mant === INT_BIT;
  const below1 = a.exp < BIAS;
  if (kb === K_INF) {
    if (isOne) return invalid();
    return { value: f80Inf(b.sign ^ (below1 ? 1 : 0)), flags };
  }
  if (kb === K_ZERO || isOne) return { value: mk(b.sign ^ (below1 ? 1 : 0), 0, 0n), flags };
  const l = log2Of(a);
  const [db, Eb] = splitValue(b);
  return fromDoubleScaled(db * l, Eb, ctx.rc, flags);
}

/** FYL2XP1: b * log2(a + 1), where a = ST(0) (|a| < 1 - sqrt(2)/2) and b = ST(1) */
export function f80Fyl2xp1(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const flags = denormalFlag(ka, kb);
  if (ka === K_ZERO) {
    if (kb === K_INF) return invalid();
    return { value: mk(a.sign ^ b.sign, 0, 0n), flags };
  }
  if (ka === K_INF) {
    if (a.sign === 1 || kb === K_ZERO) return invalid();
    return { value: f80Inf(b.sign), flags };
  }
  if (kb === K_INF) return { value: f80Inf(b.sign ^ a.sign), flags };
  if (kb === K_ZERO) return { value: mk(a.sign ^ b.sign, 0, 0n), flags };
  // for a <= -1, outside the domain, the processor returns ST(0) (observed)
  if (a.sign === 1 && a.exp >= BIAS) return { value: copy(a), flags: flags | FP_PE };
  const [da, Ea] = splitValue(a);
  const [db, Eb] = splitValue(b);
  if (Ea >= -1) {
    // |a| >= 1/2: 1 + a is exact (a < 0) or correctly rounded (a > 0)
    const l = log2Of(addCore(a, f80One(0), 0, { rc: 0, pc: 3 }).value);
    return fromDoubleScaled(db * l, Eb, ctx.rc, flags);
  }
  const x = da * 2 ** Ea;
  // log2(1 + x) = x * g(x), g(x) -> 1/ln 2 as x -> 0
  const g = Ea > -60 ? Math.log1p(x) / (x * Math.LN2) : Math.LOG2E;
  return fromDoubleScaled(db * da * g, Ea + Eb, ctx.rc, flags);
}

export interface TrigResult {
  /** false: |a| >= 2^63, C2 is set and the operand is left unchanged */
  inRange: boolean;
  flags: number;
}

/** reduce finite nonzero a (|a| < 2^63, not tiny) to r in [-pi/4, pi/4] and quadrant */
function reduce(a: F80): [number, number] {
  const [m, e] = normalize(a);
  const X = m << BigInt(e + PI_SHIFT);
  const k = (X + PIO4_FIX) / PIO2_FIX;
  const r = X - k * PIO2_FIX;
  const rd = Number(r) * 2 ** -PI_SHIFT;
  return a.sign ? [-rd, Number((4n - (k & 3n)) & 3n)] : [rd, Number(k & 3n)];
}

interface TrigParts {
  kind: 'nan' | 'inv' | 'big' | 'zero' | 'tiny' | 'val';
  flags: number;
  nan?: F80;
  s?: number;
  c?: number;
}

function trigPrep(a: F80): TrigParts {
  const ka = classify(a);
  if (ka >= K_QNAN) {
    const r = nan1(a, ka);
    return { kind: 'nan', flags: r.flags, nan: r.value };
  }
  if (ka === K_INF) return { kind: 'inv', flags: FP_IE };
  if (ka === K_ZERO) return { kind: 'zero', flags: 0 };
  const flags = denormalFlag(ka);
  const E = (a.exp === 0 ? 1 : a.exp) - BIAS + bitLen(a.mant) - 64;
  if (E >= 63) return { kind: 'big', flags };
  if (E < -60) return { kind: 'tiny', flags };
  const [r, q] = reduce(a);
  const s = Math.sin(r);
  const c = Math.cos(r);
  switch (q) {
    case 0:
      return { kind: 'val', flags, s, c };
    case 1:
      return { kind: 'val', flags, s: c, c: -s };
    case 2:
      return { kind: 'val', flags, s: -s, c: -c };
    default:
      return { kind: 'val', flags, s: -c, c: s };
  }
}

/** sin(a) = a - a^3/6 for tiny a: just below |a| in magnitude */
function tinySin(a: F80, rc: number, flags: number): FpResult {
  return roundPack(a.sign, (a.mant << 1n) - 1n, lsbExp(a) - 1, true, 64, rc, flags);
}

/** cos(a) = 1 - a^2/2 for tiny a: just below 1 */
function tinyCos(rc: number, flags: number): FpResult {
  return roundPack(0, (1n << 65n) - 1n, -65, true, 64, rc, flags);
}

/** FSIN */
export function f80Sin(a: F80, ctx: FpCtx): FpResult & TrigResult {
  const p = trigPrep(a);
  switch (p.kind) {
    case 'nan':
      return { value: p.nan!, flags: p.flags, inRange: true };
    case 'inv':
      return { value: f80Indefinite(), flags: p.flags, inRange: true };
    case 'big':
      return { value: copy(a), flags: p.flags, inRange: false };
    case 'zero':
      return { value: copy(a), flags: 0, inRange: true };
    case 'tiny':
      return { ...tinySin(a, ctx.rc, p.flags), inRange: true };
    default:
      return { ...fromDoubleScaled(p.s!, 0, ctx.rc, p.flags), inRange: true };
  }
}

/** FCOS */
export function f80Cos(a: F80, ctx: FpCtx): FpResult & TrigResult {
  const p = trigPrep(a);
  switch (p.kind) {
    case 'nan':
      return { value: p.nan!, flags: p.flags, inRange: true };
    case 'inv':
      return { value: f80Indefinite(), flags: p.flags, inRange: true };
    case 'big':
      return { value: copy(a), flags: p.flags, inRange: false };
    case 'zero':
      return { value: f80One(0), flags: 0, inRange: true };
    case 'tiny':
      return { ...tinyCos(ctx.rc, p.flags), inRange: true };
    default:
      return { ...fromDoubleScaled(p.c!, 0, ctx.rc, p.flags), inRange: true };
  }
}

export interface SinCosResult extends TrigResult {
  sin: F80;
  cos: F80;
}

/** FSINCOS: the instruction leaves the sine in ST(1) and the cosine in ST(0) */
export function f80SinCos(a: F80, ctx: FpCtx): SinCosResult {
  const p = trigPrep(a);
  switch (p.kind) {
    case 'nan':
      return { sin: p.nan!, cos: copy(p.nan!), flags: p.flags, inRange: true };
    case 'inv':
      return { sin: f80Indefinite(), cos: f80Indefinite(), flags: p.flags, inRange: true };
    case 'big':
      return { sin: copy(a), cos: copy(a), flags: p.flags, inRange: false };
    case 'zero':
      return { sin: copy(a), cos: f80One(0), flags: 0, inRange: true };
    case 'tiny': {
      const s = tinySin(a, ctx.rc, p.flags);
      const c = tinyCos(ctx.rc, p.flags);
      return { sin: s.value, cos: c.value, flags: s.flags | c.flags, inRange: true };
    }
    default: {
      const s = fromDoubleScaled(p.s!, 0, ctx.rc, p.flags);
      const c = fromDoubleScaled(p.c!, 0, ctx.rc, p.flags);
      return { sin: s.value, cos: c.value, flags: s.flags | c.flags, inRange: true };
    }
  }
}

/** FPTAN: the tangent (the instruction then pushes +1.0, or a copy of a NaN result) */
export function f80Tan(a: F80, ctx: FpCtx): FpResult & TrigResult {
  const p = trigPrep(a);
  switch (p.kind) {
    case 'nan':
      return { value: p.nan!, flags: p.flags, inRange: true };
    case 'inv':
      return { value: f80Indefinite(), flags: p.flags, inRange: true };
    case 'big':
      return { value: copy(a), flags: p.flags, inRange: false };
    case 'zero':
      return { value: copy(a), flags: 0, inRange: true };
    case 'tiny':
      // the processor rounds tiny tangents as if just below |a| (observed), like the sine
      return { ...tinySin(a, ctx.rc, p.flags), inRange: true };
    default:
      return { ...fromDoubleScaled(p.s! / p.c!, 0, ctx.rc, p.flags), inRange: true };
  }
}

/** FPATAN: arctan(b / a) in the quadrant of (a, b), where a = ST(0) and b = ST(1) */
export function f80Atan(a: F80, b: F80, ctx: FpCtx): FpResult {
  const ka = classify(a);
  const kb = classify(b);
  if (ka >= K_QNAN || kb >= K_QNAN) return nan2(a, ka, b, kb);
  const flags = denormalFlag(ka, kb);
  const finite = ka !== K_INF && kb !== K_INF && ka !== K_ZERO && kb !== K_ZERO;
  if (!finite) {
    const xa = ka === K_INF ? (a.sign ? -Infinity : Infinity) : a.sign ? -0 : 0;
    const yb = kb === K_INF ? (b.sign ? -Infinity : Infinity) : b.sign ? -0 : 0;
    const xs = ka === K_ZERO || ka === K_INF ? xa : a.sign ? -1 : 1;
    const ys = kb === K_ZERO || kb === K_INF ? yb : b.sign ? -1 : 1;
    const r = Math.atan2(ys, xs);
    if (r === 0) return { value: mk(Object.is(r, -0) ? 1 : 0, 0, 0n), flags };
    return fromDoubleScaled(r, 0, ctx.rc, flags);
  }
  const [da, Ea] = splitValue(a);
  const [db, Eb] = splitValue(b);
  if (a.sign === 0 && Eb - Ea < -60) {
    // atan(t) = t for tiny t
    return f80Div(b, a, { rc: ctx.rc, pc: 3 });
  }
  const d = Eb - Ea;
  const y = d > 1100 ? db : db * 2 ** Math.max(d, -1100);
  const x = d > 1100 ? 0 * da : da;
  return fromDoubleScaled(Math.atan2(y, x === 0 ? (a.sign ? -0 : 0) : x), 0, ctx.rc, flags);
}
