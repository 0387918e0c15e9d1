/**
 * SSE2/SSSE3/SSE4.1/SSE4.2 integer operations on XMM registers, and the bitwise logic and shuffles
 * of packed floats (ANDPS ... SHUFPS UNPCK*, BLEND*), which are integer operations on their bits:
 * arithmetic with wrap-around or saturation, multiplies, comparisons, min/max, averages, sums of
 * absolute differences, shifts, byte shifts, shuffles, unpacks, packs, inserts and extracts, sign
 * and zero extension, blends and PTEST. None of them touches MXCSR.
 *
 * Handlers receive register slots (see ../sse.ts); a memory source has been loaded into SRC. An
 * operation whose output element depends on other elements builds its result in TMP first, so that
 * a source that is also the destination is read before it is overwritten.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { CF, ZF, setArithFlags } from '../flags.js';
import { gprOf, reader, writer } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { TMP, copy4, isMem, srcOf, xmmOf } from '../sse.js';
import type { CPU } from '../state.js';

/** An operation on register slots: d is the destination (and first source), s the second source. */
type Op = (c: CPU, d: number, s: number) => void;

/** binary builds `op xmm1, xmm2/m128` (16-byte memory operands must be aligned). */
function binary(op: Op, aligned = true) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcOf(insn, 1, 16, aligned);
    return (c) => op(c, d, src(c));
  };
}

/** withImm builds `op xmm1, xmm2/m128, imm8` from a factory of Op per immediate. */
function withImm(make: (imm: number) => Op, aligned = true) {
  return (insn: Insn): Exec => binary(make(insn.imm & 0xff), aligned)(insn);
}

function sat8(v: number): number {
  return v > 127 ? 127 : v < -128 ? -128 : v;
}
function satU8(v: number): number {
  return v > 255 ? 255 : v < 0 ? 0 : v;
}
function sat16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
function satU16(v: number): number {
  return v > 65535 ? 65535 : v < 0 ? 0 : v;
}

// ---- element-wise templates ---------------------------------------------------------------

type F2 = (a: number, b: number) => number;

/** Unsigned bytes (results are stored modulo 256). */
function u8(f: F2): Op {
  return (c, d, s) => {
    const b = c.xu8, o = d * 16, p = s * 16;
    for (let i = 0; i < 16; i++) b[o + i] = f(b[o + i], b[p + i]);
  };
}
function i8(f: F2): Op {
  return (c, d, s) => {
    const b = c.xi8, o = d * 16, p = s * 16;
    for (let i = 0; i < 16; i++) b[o + i] = f(b[o + i], b[p + i]);
  };
}
function u16(f: F2): Op {
  return (c, d, s) => {
    const w = c.xu16, o = d * 8, p = s * 8;
    for (let i = 0; i < 8; i++) w[o + i] = f(w[o + i], w[p + i]);
  };
}
function i16(f: F2): Op {
  return (c, d, s) => {
    const w = c.xi16, o = d * 8, p = s * 8;
    for (let i = 0; i < 8; i++) w[o + i] = f(w[o + i], w[p + i]);
  };
}
function i32(f: F2): Op {
  return (c, d, s) => {
    const x = c.xl, o = d * 4, p = s * 4;
    x[o] = f(x[o], x[p]);
    x[o + 1] = f(x[o + 1], x[p + 1]);
    x[o + 2] = f(x[o + 2], x[p + 2]);
    x[o + 3] = f(x[o + 3], x[p + 3]);
  };
}

/** Quadword template: f gets (alo, ahi, blo, bhi), returns lo and leaves hi in `qhi`. */
let qhi = 0;
function i64(f: (al: number, ah: number, bl: number, bh: number) => number): Op {
  return (c, d, s) => {
    const x = c.xl;
    for (let k = 0; k < 4; k += 2) {
      const o = d * 4 + k, p = s * 4 + k;
      const lo = f(x[o], x[o + 1], x[p], x[p + 1]);
      x[o] = lo;
      x[o + 1] = qhi;
    }
  };
}

// ---- add / subtract -------------------------------------------------------------------------

// Byte and word add/subtract work on dword lanes with carries kept inside each element (SWAR).
const H8 = 0x80808080 | 0, L8 = 0x7f7f7f7f, H16 = 0x80008000 | 0, L16 = 0x7fff7fff;
function swar(f: F2): Op {
  return (c, d, s) => {
    const x = c.xl, o = d * 4, p = s * 4;
    x[o] = f(x[o], x[p]);
    x[o + 1] = f(x[o + 1], x[p + 1]);
    x[o + 2] = f(x[o + 2], x[p + 2]);
    x[o + 3] = f(x[o + 3], x[p + 3]);
  };
}
def(Mnemonic.Paddb, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  for (let i = 0; i < 4; i++) {
    const a = x[o + i], b = x[p + i];
    x[o + i] = ((a & L8) + (b & L8)) ^ ((a ^ b) & H8);
  }
}));
def(Mnemonic.Psubb, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  for (let i = 0; i < 4; i++) {
    const a = x[o + i], b = x[p + i];
    x[o + i] = ((a | H8) - (b & L8)) ^ ((a ^ ~b) & H8);
  }
}));
def(Mnemonic.Paddw, binary(swar((a, b) => ((a & L16) + (b & L16)) ^ ((a ^ b) & H16))));
def(Mnemonic.Psubw, binary(swar((a, b) => ((a | H16) - (b & L16)) ^ ((a ^ ~b) & H16))));
def(Mnemonic.Paddd, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] += x[p];
  x[o + 1] += x[p + 1];
  x[o + 2] += x[p + 2];
  x[o + 3] += x[p + 3];
}));
def(Mnemonic.Psubd, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] -= x[p];
  x[o + 1] -= x[p + 1];
  x[o + 2] -= x[p + 2];
  x[o + 3] -= x[p + 3];
}));
def(Mnemonic.Paddq, binary(i64((al, ah, bl, bh) => {
  const lo = (al >>> 0) + (bl >>> 0);
  qhi = (ah + bh + (lo > 0xffffffff ? 1 : 0)) | 0;
  return lo | 0;
})));
def(Mnemonic.Psubq, binary(i64((al, ah, bl, bh) => {
  qhi = (ah - bh - (al >>> 0 < bl >>> 0 ? 1 : 0)) | 0;
  return (al - bl) | 0;
})));
def(Mnemonic.Paddsb, binary(i8((a, b) => sat8(a + b))));
def(Mnemonic.Psubsb, binary(i8((a, b) => sat8(a - b))));
def(Mnemonic.Paddusb, binary(u8((a, b) => satU8(a + b))));
def(Mnemonic.Psubusb, binary(u8((a, b) => satU8(a - b))));
def(Mnemonic.Paddsw, binary(i16((a, b) => sat16(a + b))));
def(Mnemonic.Psubsw, binary(i16((a, b) => sat16(a - b))));
def(Mnemonic.Paddusw, binary(u16((a, b) => satU16(a + b))));
def(Mnemonic.Psubusw, binary(u16((a, b) => satU16(a - b))));

// ---- multiply ---------------------------------------------------------------------------------

def(Mnemonic.Pmullw, binary(u16((a, b) => Math.imul(a, b))));
def(Mnemonic.Pmulhw, binary(i16((a, b) => (a * b) >> 16)));
def(Mnemonic.Pmulhuw, binary(u16((a, b) => (a * b) >>> 16)));
def(Mnemonic.Pmulhrsw, binary(i16((a, b) => (((a * b) >> 14) + 1) >> 1)));
def(Mnemonic.Pmulld, binary(i32((a, b) => Math.imul(a, b))));

/** mulU32 sets the 64-bit product of two unsigned 32-bit values: returns lo, hi in `qhi`. */
function mulU32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, mid = a1 * b0 + a0 * b1, p11 = a1 * b1;
  const lo = p00 + (mid % 65536) * 65536;
  qhi = (p11 + Math.floor(mid / 65536) + Math.floor(lo / 4294967296)) | 0;
  return lo | 0;
}

/** PMULUDQ/PMULDQ: the even dwords multiplied into quadwords (unsigned / signed). */
def(Mnemonic.Pmuludq, binary(i64((al, _ah, bl) => mulU32(al, bl))));
def(Mnemonic.Pmuldq, binary(i64((al, _ah, bl) => {
  const lo = mulU32(al, bl);
  // Signed correction: subtract b<<32 if a < 0, a<<32 if b < 0.
  qhi = (qhi - (al < 0 ? bl : 0) - (bl < 0 ? al : 0)) | 0;
  return lo;
})));

/** PMADDWD: adjacent signed word products summed into dwords (wrapping only for 4 × -32768). */
def(Mnemonic.Pmaddwd, binary((c, d, s) => {
  const w = c.xi16, x = c.xl;
  for (let k = 0; k < 4; k++) {
    const o = d * 8 + 2 * k, p = s * 8 + 2 * k;
    x[d * 4 + k] = (w[o] * w[p] + w[o + 1] * w[p + 1]) | 0;
  }
}));

/** PMADDUBSW: unsigned bytes of the destination times signed bytes of the source, pairs summed with signed saturation. */
def(Mnemonic.Pmaddubsw, binary((c, d, s) => {
  const u = c.xu8, i = c.xi8, w = c.xi16;
  for (let k = 0; k < 8; k++) {
    const o = d * 16 + 2 * k, p = s * 16 + 2 * k;
    w[d * 8 + k] = sat16(u[o] * i[p] + u[o + 1] * i[p + 1]);
  }
}));

// ---- averages, min/max, absolute values, signs, sums of differences ------------------------------

def(Mnemonic.Pavgb, binary(u8((a, b) => (a + b + 1) >> 1)));
def(Mnemonic.Pavgw, binary(u16((a, b) => (a + b + 1) >> 1)));
/** byteLess returns 0xff in each byte where a < b (unsigned), 0 elsewhere. */
function byteLess(a: number, b: number): number {
  const d7 = ((a | H8) - (b & L8)) | 0;
  const lt = ((~a & b) | (~(a ^ b) & ~d7)) & H8;
  return (lt - (lt >>> 7)) | lt;
}
def(Mnemonic.Pminub, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  for (let i = 0; i < 4; i++) {
    const a = x[o + i], b = x[p + i];
    const m = byteLess(b, a);
    x[o + i] = (b & m) | (a & ~m);
  }
}));
def(Mnemonic.Pmaxub, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  for (let i = 0; i < 4; i++) {
    const a = x[o + i], b = x[p + i];
    const m = byteLess(a, b);
    x[o + i] = (b & m) | (a & ~m);
  }
}));
def(Mnemonic.Pminsb, binary(i8((a, b) => (a < b ? a : b))));
def(Mnemonic.Pmaxsb, binary(i8((a, b) => (a > b ? a : b))));
def(Mnemonic.Pminsw, binary(i16((a, b) => (a < b ? a : b))));
def(Mnemonic.Pmaxsw, binary(i16((a, b) => (a > b ? a : b))));
def(Mnemonic.Pminuw, binary(u16((a, b) => (a < b ? a : b))));
def(Mnemonic.Pmaxuw, binary(u16((a, b) => (a > b ? a : b))));
def(Mnemonic.Pminsd, binary(i32((a, b) => (a < b ? a : b))));
def(Mnemonic.Pmaxsd, binary(i32((a, b) => (a > b ? a : b))));
def(Mnemonic.Pminud, binary(i32((a, b) => (a >>> 0 < b >>> 0 ? a : b))));
def(Mnemonic.Pmaxud, binary(i32((a, b) => (a >>> 0 > b >>> 0 ? a : b))));

def(Mnemonic.Pabsb, binary(u8((_a, b) => Math.abs((b << 24) >> 24))));
def(Mnemonic.Pabsw, binary(u16((_a, b) => Math.abs((b << 16) >> 16))));
def(Mnemonic.Pabsd, binary(i32((_a, b) => (b < 0 ? -b : b) | 0)));
def(Mnemonic.Psignb, binary(i8((a, b) => (b < 0 ? -a : b === 0 ? 0 : a))));
def(Mnemonic.Psignw, binary(i16((a, b) => (b < 0 ? -a : b === 0 ? 0 : a))));
def(Mnemonic.Psignd, binary(i32((a, b) => (b < 0 ? -a | 0 : b === 0 ? 0 : a))));

/** PSADBW: per quadword, the sum of absolute byte differences in the low word, zeros above. */
def(Mnemonic.Psadbw, binary((c, d, s) => {
  const b = c.xu8, x = c.xl;
  for (let h = 0; h < 2; h++) {
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Math.abs(b[d * 16 + 8 * h + i] - b[s * 16 + 8 * h + i]);
    x[d * 4 + 2 * h] = sum;
    x[d * 4 + 2 * h + 1] = 0;
  }
}));

/** MPSADBW: eight sums of absolute differences of 4-byte groups (blocks selected by imm8). */
def(Mnemonic.Mpsadbw, withImm((imm) => (c, d, s) => {
  const b = c.xu8, w = c.xu16;
  const dOff = d * 16 + (imm & 4 ? 4 : 0), sOff = s * 16 + (imm & 3) * 4;
  const t = TMP * 8;
  for (let i = 0; i < 8; i++) {
    let sum = 0;
    for (let j = 0; j < 4; j++) sum += Math.abs(b[dOff + i + j] - b[sOff + j]);
    w[t + i] = sum;
  }
  copy4(c.xl, d, TMP);
}));

/** PHMINPOSUW: the least unsigned word of the source and its index; the rest is zeroed. */
def(Mnemonic.Phminposuw, binary((c, d, s) => {
  const w = c.xu16, x = c.xl;
  let m = w[s * 8], idx = 0;
  for (let i = 1; i < 8; i++) {
    if (w[s * 8 + i] < m) {
      m = w[s * 8 + i];
      idx = i;
    }
  }
  x[d * 4] = m | (idx << 16);
  x[d * 4 + 1] = 0;
  x[d * 4 + 2] = 0;
  x[d * 4 + 3] = 0;
}));

// ---- horizontal add / subtract (SSSE3) -----------------------------------------------------------

/** Horizontal word/dword operations: the destination's pairs give the low half, the source's the high half. */
function horizontal16(f: F2): Op {
  return (c, d, s) => {
    const w = c.xi16, t = TMP * 8;
    for (let i = 0; i < 4; i++) {
      w[t + i] = f(w[d * 8 + 2 * i], w[d * 8 + 2 * i + 1]);
      w[t + 4 + i] = f(w[s * 8 + 2 * i], w[s * 8 + 2 * i + 1]);
    }
    copy4(c.xl, d, TMP);
  };
}
function horizontal32(f: F2): Op {
  return (c, d, s) => {
    const x = c.xl, t = TMP * 4;
    x[t] = f(x[d * 4], x[d * 4 + 1]);
    x[t + 1] = f(x[d * 4 + 2], x[d * 4 + 3]);
    x[t + 2] = f(x[s * 4], x[s * 4 + 1]);
    x[t + 3] = f(x[s * 4 + 2], x[s * 4 + 3]);
    copy4(x, d, TMP);
  };
}
def(Mnemonic.Phaddw, binary(horizontal16((a, b) => a + b)));
def(Mnemonic.Phsubw, binary(horizontal16((a, b) => a - b)));
def(Mnemonic.Phaddsw, binary(horizontal16((a, b) => sat16(a + b))));
def(Mnemonic.Phsubsw, binary(horizontal16((a, b) => sat16(a - b))));
def(Mnemonic.Phaddd, binary(horizontal32((a, b) => (a + b) | 0)));
def(Mnemonic.Phsubd, binary(horizontal32((a, b) => (a - b) | 0)));

// ---- comparisons ----------------------------------------------------------------------------------

def(Mnemonic.Pcmpeqb, binary((c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  for (let i = 0; i < 4; i++) {
    const v = x[o + i] ^ x[p + i];
    const z = ~(((v & L8) + L8) | v) & H8;
    x[o + i] = (z - (z >>> 7)) | z;
  }
}));
def(Mnemonic.Pcmpeqw, binary(u16((a, b) => (a === b ? 0xffff : 0))));
def(Mnemonic.Pcmpeqd, binary(i32((a, b) => (a === b ? -1 : 0))));
def(Mnemonic.Pcmpgtb, binary(i8((a, b) => (a > b ? -1 : 0))));
def(Mnemonic.Pcmpgtw, binary(i16((a, b) => (a > b ? -1 : 0))));
def(Mnemonic.Pcmpgtd, binary(i32((a, b) => (a > b ? -1 : 0))));
def(Mnemonic.Pcmpeqq, binary(i64((al, ah, bl, bh) => {
  const v = al === bl && ah === bh ? -1 : 0;
  qhi = v;
  return v;
})));
def(Mnemonic.Pcmpgtq, binary(i64((al, ah, bl, bh) => {
  const v = ah > bh || (ah === bh && al >>> 0 > bl >>> 0) ? -1 : 0;
  qhi = v;
  return v;
})));

// ---- bitwise logic (integer and packed-float forms) -----------------------------------------------

const pand: Op = (c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] &= x[p];
  x[o + 1] &= x[p + 1];
  x[o + 2] &= x[p + 2];
  x[o + 3] &= x[p + 3];
};
const pandn: Op = (c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] = ~x[o] & x[p];
  x[o + 1] = ~x[o + 1] & x[p + 1];
  x[o + 2] = ~x[o + 2] & x[p + 2];
  x[o + 3] = ~x[o + 3] & x[p + 3];
};
const por: Op = (c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] |= x[p];
  x[o + 1] |= x[p + 1];
  x[o + 2] |= x[p + 2];
  x[o + 3] |= x[p + 3];
};
const pxor: Op = (c, d, s) => {
  const x = c.xl, o = d * 4, p = s * 4;
  x[o] ^= x[p];
  x[o + 1] ^= x[p + 1];
  x[o + 2] ^= x[p + 2];
  x[o + 3] ^= x[p + 3];
};
def([Mnemonic.Pand, Mnemonic.Andps, Mnemonic.Andpd], binary(pand));
def([Mnemonic.Pandn, Mnemonic.Andnps, Mnemonic.Andnpd], binary(pandn));
def([Mnemonic.Por, Mnemonic.Orps, Mnemonic.Orpd], binary(por));
def([Mnemonic.Pxor, Mnemonic.Xorps, Mnemonic.Xorpd], binary(pxor));

/** PTEST: ZF = ((dest AND src) = 0), CF = ((NOT dest AND src) = 0); the other flags are cleared. */
def(Mnemonic.Ptest, binary((c, d, s) => {
  const x = c.xl;
  let and = 0, andn = 0;
  for (let i = 0; i < 4; i++) {
    and |= x[d * 4 + i] & x[s * 4 + i];
    andn |= ~x[d * 4 + i] & x[s * 4 + i];
  }
  setArithFlags(c, (and === 0 ? ZF : 0) | (andn === 0 ? CF : 0));
}));

// ---- shifts -----------------------------------------------------------------------------------------

/**
 * shift applies a shift by `count` (a 64-bit unsigned count as lo/hi) to elements of `bits` bits:
 * kind 0 = left, 1 = logical right, 2 = arithmetic right. Counts beyond the width zero the element
 * (or fill it with the sign).
 */
function shiftSlot(c: CPU, d: number, bits: number, kind: number, lo: number, hi: number): void {
  const big = hi !== 0 || lo >>> 0 >= bits;
  const n = big ? bits : lo;
  if (bits === 16) {
    const w = kind === 2 ? c.xi16 : c.xu16, o = d * 8;
    for (let i = 0; i < 8; i++) {
      const v = w[o + i];
      w[o + i] = kind === 0 ? (big ? 0 : v << n) : kind === 1 ? (big ? 0 : v >>> n) : v >> (big ? 15 : n);
    }
  } else if (bits === 32) {
    const x = c.xl, o = d * 4;
    for (let i = 0; i < 4; i++) {
      const v = x[o + i];
      x[o + i] = kind === 0 ? (big ? 0 : v << n) : kind === 1 ? (big ? 0 : v >>> n) : v >> (big ? 31 : n);
    }
  } else {
    const x = c.xl;
    for (let k = 0; k < 2; k++) {
      const o = d * 4 + 2 * k;
      const l = x[o], h = x[o + 1];
      if (big) {
        x[o] = 0;
        x[o + 1] = 0;
      } else if (n === 0) {
        continue;
      } else if (kind === 0) {
        if (n < 32) {
          x[o] = l << n;
          x[o + 1] = (h << n) | (l >>> (32 - n));
        } else {
          x[o] = 0;
          x[o + 1] = l << (n - 32);
        }
      } else if (n < 32) {
        x[o] = (l >>> n) | (h << (32 - n));
        x[o + 1] = h >>> n;
      } else {
        x[o] = h >>> (n - 32);
        x[o + 1] = 0;
      }
    }
  }
}

function shift(bits: number, kind: number) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    if (insn.ops[1].kind === K.Imm) {
      const n = insn.imm & 0xff;
      return (c) => shiftSlot(c, d, bits, kind, n, 0);
    }
    const src = srcOf(insn, 1, 16, true);
    return (c) => {
      const s = src(c);
      shiftSlot(c, d, bits, kind, c.xl[s * 4], c.xl[s * 4 + 1]);
    };
  };
}
def(Mnemonic.Psllw, shift(16, 0));
def(Mnemonic.Pslld, shift(32, 0));
def(Mnemonic.Psllq, shift(64, 0));
def(Mnemonic.Psrlw, shift(16, 1));
def(Mnemonic.Psrld, shift(32, 1));
def(Mnemonic.Psrlq, shift(64, 1));
def(Mnemonic.Psraw, shift(16, 2));
def(Mnemonic.Psrad, shift(32, 2));

/** PSLLDQ/PSRLDQ shift the whole register by imm8 bytes (16 or more clears it). */
function byteShift(left: boolean) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0) * 16;
    const n = Math.min(insn.imm & 0xff, 16);
    return (c) => {
      const b = c.xu8;
      if (left) {
        for (let i = 15; i >= 0; i--) b[d + i] = i >= n ? b[d + i - n] : 0;
      } else {
        for (let i = 0; i < 16; i++) b[d + i] = i + n < 16 ? b[d + i + n] : 0;
      }
    };
  };
}
def(Mnemonic.Pslldq, byteShift(true));
def(Mnemonic.Psrldq, byteShift(false));

/** PALIGNR: bytes imm8.. of the 32-byte concatenation dest:src (src low), zero beyond. */
def(Mnemonic.Palignr, withImm((imm) => (c, d, s) => {
  const b = c.xu8, t = TMP * 16;
  for (let i = 0; i < 16; i++) {
    const k = i + imm;
    b[t + i] = k < 16 ? b[s * 16 + k] : k < 32 ? b[d * 16 + k - 16] : 0;
  }
  copy4(c.xl, d, TMP);
}));

// ---- shuffles ----------------------------------------------------------------------------------------

def(Mnemonic.Pshufb, binary((c, d, s) => {
  const b = c.xu8, t = TMP * 16;
  for (let i = 0; i < 16; i++) {
    const k = b[s * 16 + i];
    b[t + i] = k & 0x80 ? 0 : b[d * 16 + (k & 15)];
  }
  copy4(c.xl, d, TMP);
}));

def(Mnemonic.Pshufd, withImm((imm) => (c, d, s) => {
  const x = c.xl, p = s * 4;
  const a0 = x[p + (imm & 3)], a1 = x[p + ((imm >> 2) & 3)], a2 = x[p + ((imm >> 4) & 3)], a3 = x[p + (imm >> 6)];
  x[d * 4] = a0;
  x[d * 4 + 1] = a1;
  x[d * 4 + 2] = a2;
  x[d * 4 + 3] = a3;
}));

/** PSHUFLW/PSHUFHW shuffle the words of one half and copy the other half. */
function pshufHalf(high: boolean) {
  return withImm((imm) => (c, d, s) => {
    const w = c.xu16, x = c.xl;
    const p = s * 8 + (high ? 4 : 0);
    const a0 = w[p + (imm & 3)], a1 = w[p + ((imm >> 2) & 3)], a2 = w[p + ((imm >> 4) & 3)], a3 = w[p + (imm >> 6)];
    const keep = s * 4 + (high ? 0 : 2);
    const k0 = x[keep], k1 = x[keep + 1];
    const o = d * 8 + (high ? 4 : 0);
    w[o] = a0;
    w[o + 1] = a1;
    w[o + 2] = a2;
    w[o + 3] = a3;
    x[d * 4 + (high ? 0 : 2)] = k0;
    x[d * 4 + (high ? 1 : 3)] = k1;
  });
}
def(Mnemonic.Pshuflw, pshufHalf(false));
def(Mnemonic.Pshufhw, pshufHalf(true));

def(Mnemonic.Shufps, withImm((imm) => (c, d, s) => {
  const x = c.xl;
  const a0 = x[d * 4 + (imm & 3)], a1 = x[d * 4 + ((imm >> 2) & 3)];
  const a2 = x[s * 4 + ((imm >> 4) & 3)], a3 = x[s * 4 + (imm >> 6)];
  x[d * 4] = a0;
  x[d * 4 + 1] = a1;
  x[d * 4 + 2] = a2;
  x[d * 4 + 3] = a3;
}));
def(Mnemonic.Shufpd, withImm((imm) => (c, d, s) => {
  const x = c.xl;
  const dq = d * 4 + (imm & 1 ? 2 : 0), sq = s * 4 + (imm & 2 ? 2 : 0);
  const l0 = x[dq], h0 = x[dq + 1], l1 = x[sq], h1 = x[sq + 1];
  x[d * 4] = l0;
  x[d * 4 + 1] = h0;
  x[d * 4 + 2] = l1;
  x[d * 4 + 3] = h1;
}));

// ---- unpacks and packs ------------------------------------------------------------------------------

/** unpack interleaves elements of `bytes` bytes from the low (half 0) or high (half 1) halves. */
function unpack(bytes: number, half: number): Op {
  return (c, d, s) => {
    const b = c.xu8, t = TMP * 16;
    const base = half * 8;
    for (let k = 0; k < 8 / bytes; k++) {
      for (let j = 0; j < bytes; j++) {
        b[t + 2 * k * bytes + j] = b[d * 16 + base + k * bytes + j];
        b[t + (2 * k + 1) * bytes + j] = b[s * 16 + base + k * bytes + j];
      }
    }
    copy4(c.xl, d, TMP);
  };
}
const unpckDq = (half: number): Op => (c, d, s) => {
  const x = c.xl, o = d * 4 + 2 * half, p = s * 4 + 2 * half;
  const a0 = x[o], a1 = x[o + 1], b0 = x[p], b1 = x[p + 1];
  x[d * 4] = a0;
  x[d * 4 + 1] = b0;
  x[d * 4 + 2] = a1;
  x[d * 4 + 3] = b1;
};
const unpckQdq = (half: number): Op => (c, d, s) => {
  const x = c.xl, o = d * 4 + 2 * half, p = s * 4 + 2 * half;
  const a0 = x[o], a1 = x[o + 1], b0 = x[p], b1 = x[p + 1];
  x[d * 4] = a0;
  x[d * 4 + 1] = a1;
  x[d * 4 + 2] = b0;
  x[d * 4 + 3] = b1;
};
def(Mnemonic.Punpcklbw, binary(unpack(1, 0)));
def(Mnemonic.Punpckhbw, binary(unpack(1, 1)));
def(Mnemonic.Punpcklwd, binary(unpack(2, 0)));
def(Mnemonic.Punpckhwd, binary(unpack(2, 1)));
def([Mnemonic.Punpckldq, Mnemonic.Unpcklps], binary(unpckDq(0)));
def([Mnemonic.Punpckhdq, Mnemonic.Unpckhps], binary(unpckDq(1)));
def([Mnemonic.Punpcklqdq, Mnemonic.Unpcklpd], binary(unpckQdq(0)));
def([Mnemonic.Punpckhqdq, Mnemonic.Unpckhpd], binary(unpckQdq(1)));

def(Mnemonic.Packsswb, binary((c, d, s) => {
  const w = c.xi16, b = c.xi8, t = TMP * 16;
  for (let i = 0; i < 8; i++) {
    b[t + i] = sat8(w[d * 8 + i]);
    b[t + 8 + i] = sat8(w[s * 8 + i]);
  }
  copy4(c.xl, d, TMP);
}));
def(Mnemonic.Packuswb, binary((c, d, s) => {
  const w = c.xi16, b = c.xu8, t = TMP * 16;
  for (let i = 0; i < 8; i++) {
    b[t + i] = satU8(w[d * 8 + i]);
    b[t + 8 + i] = satU8(w[s * 8 + i]);
  }
  copy4(c.xl, d, TMP);
}));
def(Mnemonic.Packssdw, binary((c, d, s) => {
  const x = c.xl, w = c.xi16, t = TMP * 8;
  for (let i = 0; i < 4; i++) {
    w[t + i] = sat16(x[d * 4 + i]);
    w[t + 4 + i] = sat16(x[s * 4 + i]);
  }
  copy4(x, d, TMP);
}));
def(Mnemonic.Packusdw, binary((c, d, s) => {
  const x = c.xl, w = c.xu16, t = TMP * 8;
  for (let i = 0; i < 4; i++) {
    w[t + i] = satU16(x[d * 4 + i]);
    w[t + 4 + i] = satU16(x[s * 4 + i]);
  }
  copy4(x, d, TMP);
}));

// ---- duplicates (SSE3) ----------------------------------------------------------------------------

def(Mnemonic.Movddup, (insn) => {
  const d = xmmOf(insn, 0) * 4;
  const src = srcOf(insn, 1, 8, false);
  return (c) => {
    const s = src(c) * 4, x = c.xl;
    const lo = x[s], hi = x[s + 1];
    x[d] = lo;
    x[d + 1] = hi;
    x[d + 2] = lo;
    x[d + 3] = hi;
  };
});
function dupOdd(odd: number): Op {
  return (c, d, s) => {
    const x = c.xl;
    const a = x[s * 4 + odd], b = x[s * 4 + 2 + odd];
    x[d * 4] = a;
    x[d * 4 + 1] = a;
    x[d * 4 + 2] = b;
    x[d * 4 + 3] = b;
  };
}
def(Mnemonic.Movsldup, binary(dupOdd(0)));
def(Mnemonic.Movshdup, binary(dupOdd(1)));

// ---- blends (SSE4.1) ---------------------------------------------------------------------------

/** Immediate blends: element i comes from the source when bit i of imm8 is set. */
def(Mnemonic.Pblendw, withImm((imm) => (c, d, s) => {
  const w = c.xu16;
  for (let i = 0; i < 8; i++) if (imm & (1 << i)) w[d * 8 + i] = w[s * 8 + i];
}));
def(Mnemonic.Blendps, withImm((imm) => (c, d, s) => {
  const x = c.xl;
  for (let i = 0; i < 4; i++) if (imm & (1 << i)) x[d * 4 + i] = x[s * 4 + i];
}));
def(Mnemonic.Blendpd, withImm((imm) => (c, d, s) => {
  const x = c.xl;
  for (let i = 0; i < 2; i++) {
    if (imm & (1 << i)) {
      x[d * 4 + 2 * i] = x[s * 4 + 2 * i];
      x[d * 4 + 2 * i + 1] = x[s * 4 + 2 * i + 1];
    }
  }
}));

/** Variable blends: the sign bit of each element of XMM0 selects the source element. */
def(Mnemonic.Pblendvb, binary((c, d, s) => {
  const b = c.xu8;
  for (let i = 0; i < 16; i++) if (b[i] & 0x80) b[d * 16 + i] = b[s * 16 + i];
}));
def(Mnemonic.Blendvps, binary((c, d, s) => {
  const x = c.xl;
  for (let i = 0; i < 4; i++) if (x[i] < 0) x[d * 4 + i] = x[s * 4 + i];
}));
def(Mnemonic.Blendvpd, binary((c, d, s) => {
  const x = c.xl;
  for (let i = 0; i < 2; i++) {
    if (x[2 * i + 1] < 0) {
      x[d * 4 + 2 * i] = x[s * 4 + 2 * i];
      x[d * 4 + 2 * i + 1] = x[s * 4 + 2 * i + 1];
    }
  }
}));

// ---- sign and zero extension (SSE4.1) ----------------------------------------------------------

/** PMOVSX/PMOVZX: `from`-byte elements of the low part of the source widened to `to` bytes. */
function extend(from: number, to: number, signed: boolean) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const count = 16 / to;
    const src = srcOf(insn, 1, count * from, false);
    return (c) => {
      const s = src(c);
      const b = c.xu8, x = c.xl, t = TMP * 16;
      for (let i = 0; i < count; i++) {
        let v = 0;
        for (let j = from - 1; j >= 0; j--) v = (v << 8) | b[s * 16 + i * from + j];
        if (signed) v = (v << (32 - 8 * from)) >> (32 - 8 * from);
        else if (from === 4) v |= 0;
        const ext = signed && v < 0 ? 0xff : 0;
        for (let j = 0; j < to; j++) b[t + i * to + j] = j < 4 ? (v >>> (8 * j)) & 0xff : ext;
      }
      copy4(x, d, TMP);
    };
  };
}
for (const [sx, zx, from, to] of [
  [Mnemonic.Pmovsxbw, Mnemonic.Pmovzxbw, 1, 2], [Mnemonic.Pmovsxbd, Mnemonic.Pmovzxbd, 1, 4],
  [Mnemonic.Pmovsxbq, Mnemonic.Pmovzxbq, 1, 8], [Mnemonic.Pmovsxwd, Mnemonic.Pmovzxwd, 2, 4],
  [Mnemonic.Pmovsxwq, Mnemonic.Pmovzxwq, 2, 8], [Mnemonic.Pmovsxdq, Mnemonic.Pmovzxdq, 4, 8],
]) {
  def(sx, extend(from, to, true));
  def(zx, extend(from, to, false));
}

// ---- inserts and extracts -------------------------------------------------------------------------

/** PINSRB/PINSRW/PINSRD/PINSRQ xmm, r/m, imm8: one element from a GPR or memory. */
function pinsr(bytes: number) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const size = isMem(insn, 1) ? bytes * 8 : bytes === 8 ? 64 : 32;
    const rd = reader(insn, 1, size);
    const idx = insn.imm & (16 / bytes - 1);
    return (c) => {
      const v = rd(c);
      if (bytes === 1) c.xu8[d * 16 + idx] = v;
      else if (bytes === 2) c.xu16[d * 8 + idx] = v;
      else if (bytes === 4) c.xl[d * 4 + idx] = v;
      else {
        c.xl[d * 4 + 2 * idx] = v;
        c.xl[d * 4 + 2 * idx + 1] = c.th;
      }
    };
  };
}
def(Mnemonic.Pinsrb, pinsr(1));
def(Mnemonic.Pinsrw, pinsr(2));
def(Mnemonic.Pinsrd, pinsr(4));
def(Mnemonic.Pinsrq, pinsr(8));

/** PEXTRB/PEXTRW/PEXTRD/PEXTRQ/EXTRACTPS r/m, xmm, imm8: a register destination is zero-extended. */
function pextr(bytes: number) {
  return (insn: Insn): Exec => {
    const s = xmmOf(insn, 1);
    const idx = insn.imm & (16 / bytes - 1);
    let size: number;
    if (isMem(insn, 0)) size = bytes * 8;
    else size = gprOf(insn, 0).size === 64 ? 64 : 32;
    const wr = writer(insn, 0, size);
    return (c) => {
      if (bytes === 1) wr(c, c.xu8[s * 16 + idx], 0);
      else if (bytes === 2) wr(c, c.xu16[s * 8 + idx], 0);
      else if (bytes === 4) wr(c, c.xl[s * 4 + idx], 0);
      else wr(c, c.xl[s * 4 + 2 * idx], c.xl[s * 4 + 2 * idx + 1]);
    };
  };
}
def(Mnemonic.Pextrb, pextr(1));
def(Mnemonic.Pextrw, pextr(2));
def([Mnemonic.Pextrd, Mnemonic.Extractps], pextr(4));
def(Mnemonic.Pextrq, pextr(8));

/**
 * INSERTPS xmm1, xmm2/m32, imm8: a source float (element imm8[7:6] of a register, or the m32)
 * goes to element imm8[5:4]; elements selected by imm8[3:0] are then zeroed.
 */
def(Mnemonic.Insertps, (insn) => {
  const d = xmmOf(insn, 0) * 4;
  const imm = insn.imm & 0xff;
  const src = srcOf(insn, 1, 4, false);
  const sel = isMem(insn, 1) ? 0 : imm >> 6;
  return (c) => {
    const s = src(c), x = c.xl;
    x[d + ((imm >> 4) & 3)] = x[s * 4 + sel];
    for (let i = 0; i < 4; i++) if (imm & (1 << i)) x[d + i] = 0;
  };
});
