/**
 * Multiplication and division: MUL, IMUL (one-, two- and three-operand forms), DIV, IDIV, and
 * BMI2's MULX.
 *
 * Widths 8/16/32 use plain numbers (Math.imul, doubles below 2^53). 64-bit products are computed
 * exactly from 32-bit limbs without BigInt; only 128/64-bit divisions that do not fit in a double
 * fall back to BigInt.
 *
 * Flags. CF=OF as the SDM defines them. SF/ZF/AF/PF are undefined after MUL/IMUL and after
 * DIV/IDIV; this follows the AMD Zen parts the oracle runs on: MUL/IMUL leave SF/ZF/AF/PF
 * unchanged; DIV/IDIV leave CF/OF unchanged, set AF and clear SF/ZF/PF.
 *
 * #DE (divide by zero, or a quotient that does not fit) is raised before anything is written.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { Vector, X86Exception, ud } from '../exceptions.js';
import { AF, CF, FOp, OF, PF, SF, ZF, getAF, getCF, getOF } from '../flags.js';
import { gprOf, immOf, opSize, reader, type Get } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RAX, RDX, type CPU } from '../state.js';

const TWO32 = 4294967296;
const KEEP_MUL = SF | ZF | AF | PF;
const AX = 2 * RAX, DX = 2 * RDX;

// ---- flags --------------------------------------------------------------------------------

/** mulFlags sets CF=OF=ovf and keeps SF/ZF/AF/PF (what the reference CPU does for MUL/IMUL). */
function mulFlags(c: CPU, ovf: boolean): void {
  const co = ovf ? CF | OF : 0;
  if (c.fop === FOp.Raw) {
    c.fraw = (c.fraw & KEEP_MUL) | co;
    return;
  }
  // ZF/SF/PF keep deriving from the previous result record; only AF must be captured now.
  const af = getAF(c) ? AF : 0;
  c.fop = FOp.Result;
  c.fraw = co | af;
}

/** divFlags: CF and OF unchanged, AF set, SF/ZF/PF clear (the reference CPU's DIV/IDIV). */
function divFlags(c: CPU): void {
  let f = AF;
  if (c.fop === FOp.Raw) f |= c.fraw & (CF | OF);
  else f |= (getCF(c) ? CF : 0) | (getOF(c) ? OF : 0);
  c.fop = FOp.Raw;
  c.fraw = f;
}

function de(): X86Exception {
  return new X86Exception(Vector.DE, 0, 0, false, 'divide error');
}

// ---- exact products -------------------------------------------------------------------------

/**
 * umul32 returns the low half (int32) of the unsigned product a*b; the high half is in c.th.
 * The low half is exact from Math.imul; the double product is within 2^11 of the true one, so
 * (product - low) / 2^32 is within 2^-20 of the high half and rounds to it exactly.
 */
export function umul32(c: CPU, a: number, b: number): number {
  const lo = Math.imul(a, b);
  c.th = Math.round(((a >>> 0) * (b >>> 0) - (lo >>> 0)) / TWO32) | 0;
  return lo;
}

/** smul32 returns the low half of the signed product a*b (a, b int32); the high half in c.th. */
function smul32(c: CPU, a: number, b: number): number {
  const lo = Math.imul(a, b);
  c.th = Math.round((a * b - (lo >>> 0)) / TWO32) | 0;
  return lo;
}

/** The 128-bit result of mul64u/mul64s, least significant dword first. */
let p0 = 0, p1 = 0, p2 = 0, p3 = 0;

function mul64u(c: CPU, a0: number, a1: number, b0: number, b1: number): void {
  const l00 = umul32(c, a0, b0), h00 = c.th;
  const l01 = umul32(c, a0, b1), h01 = c.th;
  const l10 = umul32(c, a1, b0), h10 = c.th;
  const l11 = umul32(c, a1, b1), h11 = c.th;
  const m = (h00 >>> 0) + (l01 >>> 0) + (l10 >>> 0);
  const mc = m >= TWO32 ? Math.floor(m / TWO32) : 0;
  const h = (h01 >>> 0) + (h10 >>> 0) + (l11 >>> 0) + mc;
  const hc = h >= TWO32 ? Math.floor(h / TWO32) : 0;
  p0 = l00;
  p1 = m | 0;
  p2 = h | 0;
  p3 = (h11 + hc) | 0;
}

/** subHigh subtracts the 64-bit (lo, hi) from the upper half (p2, p3) of the 128-bit result. */
function subHigh(lo: number, hi: number): void {
  const borrow = p2 >>> 0 < lo >>> 0 ? 1 : 0;
  p2 = (p2 - lo) | 0;
  p3 = (p3 - hi - borrow) | 0;
}

function mul64s(c: CPU, a0: number, a1: number, b0: number, b1: number): void {
  mul64u(c, a0, a1, b0, b1);
  if (a1 < 0) subHigh(b0, b1);
  if (b1 < 0) subHigh(a0, a1);
}

/** ovf64 is set by imul64 when the signed product did not fit in 64 bits. */
let ovf64 = false;

/** Products whose magnitude (as a double) is clearly inside / outside the int64 range. */
const FITS64 = 2 ** 63 - 2 ** 24, OVER64 = 2 ** 63 + 2 ** 24;

/**
 * imul64 returns the low 64 bits of the signed product (hi in c.th) and sets ovf64. The low half
 * needs one 32x32->64 product and two Math.imul; overflow is decided from the double product
 * except within a hair of 2^63, where the exact 128-bit product settles it.
 */
function imul64(c: CPU, a0: number, a1: number, b0: number, b1: number): number {
  if (a1 === a0 >> 31 && b1 === b0 >> 31) {
    // Both fit in 32 bits: the product fits in 63.
    ovf64 = false;
    return smul32(c, a0, b0);
  }
  const lo = umul32(c, a0, b0);
  const hi = (c.th + Math.imul(a0, b1) + Math.imul(a1, b0)) | 0;
  const p = Math.abs((a1 * TWO32 + (a0 >>> 0)) * (b1 * TWO32 + (b0 >>> 0)));
  if (p < FITS64) ovf64 = false;
  else if (p > OVER64) ovf64 = true;
  else {
    mul64s(c, a0, a1, b0, b1);
    const s = p1 >> 31;
    ovf64 = p2 !== s || p3 !== s;
  }
  c.th = hi;
  return lo;
}

// ---- one-operand MUL / IMUL -----------------------------------------------------------------

function mul1(insn: Insn, signed: boolean): Exec {
  const size = opSize(insn, 0);
  const src = reader(insn, 0, size);
  switch (size) {
    case 8:
      return signed
        ? (c) => {
            const b = (src(c) << 24) >> 24;
            const p = ((c.r[AX] << 24) >> 24) * b;
            c.r[AX] = (c.r[AX] & ~0xffff) | (p & 0xffff);
            mulFlags(c, p !== (p << 24) >> 24);
          }
        : (c) => {
            const p = (c.r[AX] & 0xff) * src(c);
            c.r[AX] = (c.r[AX] & ~0xffff) | p;
            mulFlags(c, p > 0xff);
          };
    case 16:
      return signed
        ? (c) => {
            const b = (src(c) << 16) >> 16;
            const p = ((c.r[AX] << 16) >> 16) * b;
            c.r[AX] = (c.r[AX] & ~0xffff) | (p & 0xffff);
            c.r[DX] = (c.r[DX] & ~0xffff) | ((p >> 16) & 0xffff);
            mulFlags(c, p !== (p << 16) >> 16);
          }
        : (c) => {
            const p = (c.r[AX] & 0xffff) * src(c);
            c.r[AX] = (c.r[AX] & ~0xffff) | (p & 0xffff);
            c.r[DX] = (c.r[DX] & ~0xffff) | (p >>> 16);
            mulFlags(c, p > 0xffff);
          };
    case 32:
      return signed
        ? (c) => {
            const b = src(c);
            const lo = smul32(c, c.r[AX], b);
            const hi = c.th;
            c.r[AX] = lo;
            c.r[AX + 1] = 0;
            c.r[DX] = hi;
            c.r[DX + 1] = 0;
            mulFlags(c, hi !== lo >> 31);
          }
        : (c) => {
            const b = src(c);
            const lo = umul32(c, c.r[AX], b);
            const hi = c.th;
            c.r[AX] = lo;
            c.r[AX + 1] = 0;
            c.r[DX] = hi;
            c.r[DX + 1] = 0;
            mulFlags(c, hi !== 0);
          };
    default:
      return signed
        ? (c) => {
            const b0 = src(c), b1 = c.th;
            mul64s(c, c.r[AX], c.r[AX + 1], b0, b1);
            c.r[AX] = p0;
            c.r[AX + 1] = p1;
            c.r[DX] = p2;
            c.r[DX + 1] = p3;
            const s = p1 >> 31;
            mulFlags(c, p2 !== s || p3 !== s);
          }
        : (c) => {
            const b0 = src(c), b1 = c.th;
            mul64u(c, c.r[AX], c.r[AX + 1], b0, b1);
            c.r[AX] = p0;
            c.r[AX + 1] = p1;
            c.r[DX] = p2;
            c.r[DX + 1] = p3;
            mulFlags(c, (p2 | p3) !== 0);
          };
  }
}

def(Mnemonic.Mul, (insn) => mul1(insn, false));

// ---- two- and three-operand IMUL ------------------------------------------------------------

/** imulN builds `dst = a * b` (low half) for IMUL r, r/m and IMUL r, r/m, imm. */
function imulN(insn: Insn): Exec {
  const size = opSize(insn, 0);
  const d = gprOf(insn, 0).n;
  const dlo = 2 * d, dhi = dlo + 1;
  // Sources: (op0, op1) for the two-operand form, (op1, imm) for the three-operand one.
  const three = insn.ops.length === 3;
  const ai = three ? 1 : 0, bi = three ? 2 : 1;
  const aReg = insn.ops[ai].kind === K.Reg ? 2 * gprOf(insn, ai).n : -1;
  const bReg = insn.ops[bi].kind === K.Reg ? 2 * gprOf(insn, bi).n : -1;
  const [imm, immHi] = three ? immOf(insn, size) : [0, 0];
  const memIdx = insn.ops[ai].kind === K.Mem ? ai : insn.ops[bi].kind === K.Mem ? bi : -1;
  const mem: Get | null = memIdx >= 0 ? reader(insn, memIdx, size) : null;

  if (size === 32) {
    if (three) {
      if (aReg >= 0) {
        return (c) => {
          const a = c.r[aReg];
          const p = Math.imul(a, imm);
          c.r[dlo] = p;
          c.r[dhi] = 0;
          mulFlags(c, a * imm !== p);
        };
      }
      const m = mem!;
      return (c) => {
        const a = m(c);
        const p = Math.imul(a, imm);
        c.r[dlo] = p;
        c.r[dhi] = 0;
        mulFlags(c, a * imm !== p);
      };
    }
    if (bReg >= 0) {
      return (c) => {
        const a = c.r[dlo], b = c.r[bReg];
        const p = Math.imul(a, b);
        c.r[dlo] = p;
        c.r[dhi] = 0;
        mulFlags(c, a * b !== p);
      };
    }
    const m = mem!;
    return (c) => {
      const b = m(c);
      const a = c.r[dlo];
      const p = Math.imul(a, b);
      c.r[dlo] = p;
      c.r[dhi] = 0;
      mulFlags(c, a * b !== p);
    };
  }

  if (size === 64) {
    if (three) {
      if (aReg >= 0) {
        return (c) => {
          const lo = imul64(c, c.r[aReg], c.r[aReg + 1], imm, immHi);
          c.r[dlo] = lo;
          c.r[dhi] = c.th;
          mulFlags(c, ovf64);
        };
      }
      const m = mem!;
      return (c) => {
        const a0 = m(c), a1 = c.th;
        const lo = imul64(c, a0, a1, imm, immHi);
        c.r[dlo] = lo;
        c.r[dhi] = c.th;
        mulFlags(c, ovf64);
      };
    }
    if (bReg >= 0) {
      return (c) => {
        const lo = imul64(c, c.r[dlo], c.r[dhi], c.r[bReg], c.r[bReg + 1]);
        c.r[dlo] = lo;
        c.r[dhi] = c.th;
        mulFlags(c, ovf64);
      };
    }
    const m = mem!;
    return (c) => {
      const b0 = m(c), b1 = c.th;
      const lo = imul64(c, c.r[dlo], c.r[dhi], b0, b1);
      c.r[dlo] = lo;
      c.r[dhi] = c.th;
      mulFlags(c, ovf64);
    };
  }

  if (size !== 16) throw ud('imul: bad operand size');
  const ra = reader(insn, ai, 16);
  const rb = reader(insn, bi, 16);
  return (c) => {
    const a = (ra(c) << 16) >> 16;
    const b = (rb(c) << 16) >> 16;
    const p = a * b;
    c.r[dlo] = (c.r[dlo] & ~0xffff) | (p & 0xffff);
    mulFlags(c, p !== (p << 16) >> 16);
  };
}

def(Mnemonic.Imul, (insn) => (insn.ops.length === 1 ? mul1(insn, true) : imulN(insn)));

// ---- DIV / IDIV ---------------------------------------------------------------------------

/** Quotient and remainder of the last udiv64by32 (unsigned numbers) or div128 (lo/hi int32 pairs). */
let qLo = 0, qHi = 0, rLo = 0, rHi = 0;

/**
 * udiv64by32 divides the unsigned 64-bit (hi, lo) by d (1 <= d < 2^32, hi < d, all unsigned
 * numbers) into qLo/rLo, in two 16-bit steps so every intermediate stays below 2^48.
 */
function udiv64by32(hi: number, lo: number, d: number): void {
  if (hi === 0) {
    const q = Math.floor(lo / d);
    qLo = q;
    rLo = lo - q * d;
    return;
  }
  const n1 = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(n1 / d);
  const n0 = (n1 - q1 * d) * 65536 + (lo & 0xffff);
  const q0 = Math.floor(n0 / d);
  qLo = q1 * 65536 + q0;
  rLo = n0 - q0 * d;
}

/** big builds a BigInt from an unsigned (lo, hi) pair. */
function big(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** div128 divides RDX:RAX by (d0, d1); sets qLo/qHi/rLo/rHi or throws #DE. */
function div128(c: CPU, d0: number, d1: number, signed: boolean): void {
  const n0 = c.r[AX], n1 = c.r[AX + 1], n2 = c.r[DX], n3 = c.r[DX + 1];
  if ((d0 | d1) === 0) throw de();
  if (!signed) {
    if ((n2 | n3) === 0 && n1 >>> 0 < 0x100000 && d1 >>> 0 < 0x100000) {
      // Dividend and divisor below 2^52: exact in doubles.
      const n = (n1 >>> 0) * TWO32 + (n0 >>> 0);
      const d = (d1 >>> 0) * TWO32 + (d0 >>> 0);
      let q = Math.floor(n / d);
      let r = n - q * d;
      if (r < 0) { q--; r += d; } else if (r >= d) { q++; r -= d; }
      setPair(q, r);
      return;
    }
    const dd = big(d0, d1);
    const hiPart = big(n2, n3);
    if (hiPart >= dd) throw de();
    const nn = (hiPart << 64n) | big(n0, n1);
    setBig(nn / dd, nn % dd);
    return;
  }
  // Signed: fast path when RDX:RAX is the sign extension of RAX and both fit in 52 bits.
  const s = n1 >> 31;
  if (n2 === s && n3 === s && n1 < 0x100000 && n1 >= -0x100000 && d1 < 0x100000 && d1 >= -0x100000) {
    const n = n1 * TWO32 + (n0 >>> 0);
    const d = d1 * TWO32 + (d0 >>> 0);
    const an = Math.abs(n), ad = Math.abs(d);
    let q = Math.floor(an / ad);
    let r = an - q * ad;
    if (r < 0) { q--; r += ad; } else if (r >= ad) { q++; r -= ad; }
    // |q| < 2^52: always fits.
    setPair((n < 0) !== (d < 0) ? -q : q, n < 0 ? -r : r);
    return;
  }
  const nn = BigInt.asIntN(128, (big(n2, n3) << 64n) | big(n0, n1));
  const dd = BigInt.asIntN(64, big(d0, d1));
  const q = nn / dd; // truncates toward zero, like IDIV
  if (q > 0x7fffffffffffffffn || q < -0x8000000000000000n) throw de();
  setBig(q, nn % dd);
}

function setPair(q: number, r: number): void {
  const qh = Math.floor(q / TWO32);
  qLo = (q - qh * TWO32) | 0;
  qHi = qh | 0;
  const rh = Math.floor(r / TWO32);
  rLo = (r - rh * TWO32) | 0;
  rHi = rh | 0;
}

function setBig(q: bigint, r: bigint): void {
  qLo = Number(BigInt.asIntN(32, q));
  qHi = Number(BigInt.asIntN(32, q >> 32n));
  rLo = Number(BigInt.asIntN(32, r));
  rHi = Number(BigInt.asIntN(32, r >> 32n));
}

function div1(insn: Insn, signed: boolean): Exec {
  const size = opSize(insn, 0);
  const src = reader(insn, 0, size);
  switch (size) {
    case 8:
      return signed
        ? (c) => {
            const d = (src(c) << 24) >> 24;
            if (d === 0) throw de();
            const n = (c.r[AX] << 16) >> 16;
            const q = Math.trunc(n / d);
            if (q > 127 || q < -128) throw de();
            const r = n - q * d;
            c.r[AX] = (c.r[AX] & ~0xffff) | ((r & 0xff) << 8) | (q & 0xff);
            divFlags(c);
          }
        : (c) => {
            const d = src(c);
            if (d === 0) throw de();
            const n = c.r[AX] & 0xffff;
            const q = Math.floor(n / d);
            if (q > 0xff) throw de();
            const r = n - q * d;
            c.r[AX] = (c.r[AX] & ~0xffff) | (r << 8) | q;
            divFlags(c);
          };
    case 16:
      return signed
        ? (c) => {
            const d = (src(c) << 16) >> 16;
            if (d === 0) throw de();
            const n = (c.r[DX] << 16) | (c.r[AX] & 0xffff);
            const q = Math.trunc(n / d);
            if (q > 32767 || q < -32768) throw de();
            const r = n - q * d;
            c.r[AX] = (c.r[AX] & ~0xffff) | (q & 0xffff);
            c.r[DX] = (c.r[DX] & ~0xffff) | (r & 0xffff);
            divFlags(c);
          }
        : (c) => {
            const d = src(c);
            if (d === 0) throw de();
            const n = (c.r[DX] & 0xffff) * 65536 + (c.r[AX] & 0xffff);
            const q = Math.floor(n / d);
            if (q > 0xffff) throw de();
            const r = n - q * d;
            c.r[AX] = (c.r[AX] & ~0xffff) | q;
            c.r[DX] = (c.r[DX] & ~0xffff) | r;
            divFlags(c);
          };
    case 32:
      return signed
        ? (c) => {
            const d = src(c);
            if (d === 0) throw de();
            const lo = c.r[AX], hi = c.r[DX];
            let q: number, r: number;
            if (hi === lo >> 31) {
              if (lo === -0x80000000 && d === -1) throw de();
              q = Math.trunc(lo / d);
              r = lo - q * d;
            } else {
              // |dividend| as an unsigned pair, then unsigned division by |d|.
              const neg = hi < 0;
              let al = lo, ah = hi;
              if (neg) {
                al = -lo | 0;
                ah = (~hi + (lo === 0 ? 1 : 0)) | 0;
              }
              const ad = Math.abs(d);
              if (ah >>> 0 >= ad) throw de();
              udiv64by32(ah >>> 0, al >>> 0, ad);
              const qneg = neg !== d < 0;
              if (qneg ? qLo > 0x80000000 : qLo > 0x7fffffff) throw de();
              q = qneg ? -qLo : qLo;
              r = neg ? -rLo : rLo;
            }
            c.r[AX] = q | 0;
            c.r[AX + 1] = 0;
            c.r[DX] = r | 0;
            c.r[DX + 1] = 0;
            divFlags(c);
          }
        : (c) => {
            const d = src(c) >>> 0;
            if (d === 0) throw de();
            const hi = c.r[DX] >>> 0;
            if (hi >= d) throw de();
            udiv64by32(hi, c.r[AX] >>> 0, d);
            c.r[AX] = qLo | 0;
            c.r[AX + 1] = 0;
            c.r[DX] = rLo | 0;
            c.r[DX + 1] = 0;
            divFlags(c);
          };
    default:
      return (c) => {
        const d0 = src(c), d1 = c.th;
        div128(c, d0, d1, signed);
        c.r[AX] = qLo;
        c.r[AX + 1] = qHi;
        c.r[DX] = rLo;
        c.r[DX + 1] = rHi;
        divFlags(c);
      };
  }
}

def(Mnemonic.Div, (insn) => div1(insn, false));
def(Mnemonic.Idiv, (insn) => div1(insn, true));

// ---- MULX (BMI2) --------------------------------------------------------------------------

/** MULX hi, lo, r/m: unsigned EDX/RDX * r/m, no flags. When hi and lo name one register, it gets hi. */
def(Mnemonic.Mulx, (insn) => {
  const size = opSize(insn, 0);
  const h = 2 * gprOf(insn, 0).n, l = 2 * gprOf(insn, 1).n;
  const src = reader(insn, 2, size);
  if (size === 32) {
    return (c) => {
      const b = src(c);
      const lo = umul32(c, c.r[DX], b);
      const hi = c.th;
      c.r[l] = lo;
      c.r[l + 1] = 0;
      c.r[h] = hi;
      c.r[h + 1] = 0;
    };
  }
  return (c) => {
    const b0 = src(c), b1 = c.th;
    mul64u(c, c.r[DX], c.r[DX + 1], b0, b1);
    c.r[l] = p0;
    c.r[l + 1] = p1;
    c.r[h] = p2;
    c.r[h + 1] = p3;
  };
});
