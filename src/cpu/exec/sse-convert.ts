/**
 * SSE/SSE2 conversions: CVTSI2SS/SD, CVT(T)SS2SI, CVT(T)SD2SI, CVTSS2SD, CVTSD2SS, CVTPS2PD,
 * CVTPD2PS, CVTDQ2PS, CVT(T)PS2DQ, CVTDQ2PD, CVT(T)PD2DQ.
 *
 * Float-to-integer conversions round in MXCSR.RC (or truncate), and give the integer indefinite
 * (0x80000000 / 0x8000000000000000) with IE for NaN and out-of-range values; they raise PE when
 * inexact but never DE. Float-to-float conversions quiet NaNs keeping the payload's top bits.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { gprOf, reader } from '../operands.js';
import { def, type Exec } from '../registry.js';
import {
  DE, F32, F64, IE, TMP, clearDen, den, floatToInt, fp, fpBegin, fpEnd, in32, in64, intToFloat, isNaN32, isNaN64,
  isSNaN32, isSNaN64, narrow32, splitHi, splitInt64, srcOf, xmmOf,
} from '../sse.js';
import type { CPU } from '../state.js';

/** CVTSI2SS/CVTSI2SD xmm, r/m32|r/m64: the low element; the rest of the register is kept. */
function cvtsi2(fmt: number) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const size = insn.ops[1].kind === K.Reg ? gprOf(insn, 1).size : insn.memSize * 8;
    const rd = reader(insn, 1, size);
    return (c) => {
      const lo = rd(c);
      const hi = size === 64 ? c.th : lo >> 31;
      fpBegin(c);
      const v = intToFloat(lo, hi, fmt);
      fpEnd(c);
      if (fmt === F32) c.xf32[d * 4] = v;
      else c.xf64[d * 2] = v;
    };
  };
}
def(Mnemonic.Cvtsi2ss, cvtsi2(F32));
def(Mnemonic.Cvtsi2sd, cvtsi2(F64));

/** toInt converts the float in lane/element `k` to an integer (a double), or null for indefinite. */
function toInt(c: CPU, double: boolean, k: number, bits: number, trunc: boolean): number | null {
  const x = c.xl;
  if (double ? isNaN64(x[2 * k + 1], x[2 * k]) : isNaN32(x[k])) {
    fp.flags |= IE;
    return null;
  }
  clearDen();
  return floatToInt(double ? in64(c, k) : in32(c, k), bits, trunc);
}

/** CVT(T)SS2SI / CVT(T)SD2SI r32|r64, xmm/m32|m64. */
function cvt2si(double: boolean, trunc: boolean) {
  return (insn: Insn): Exec => {
    const g = gprOf(insn, 0);
    const lo = 2 * g.n, hi = lo + 1;
    const bits = g.size === 64 ? 64 : 32;
    const src = srcOf(insn, 1, double ? 8 : 4, false);
    return (c) => {
      const s = src(c);
      fpBegin(c);
      const v = toInt(c, double, double ? s * 2 : s * 4, bits, trunc);
      fpEnd(c);
      if (bits === 32) {
        c.r[lo] = v === null ? 0x80000000 | 0 : v;
        c.r[hi] = 0;
      } else if (v === null) {
        c.r[lo] = 0;
        c.r[hi] = 0x80000000 | 0;
      } else {
        c.r[lo] = splitInt64(v);
        c.r[hi] = splitHi;
      }
    };
  };
}
def(Mnemonic.Cvtss2si, cvt2si(false, false));
def(Mnemonic.Cvttss2si, cvt2si(false, true));
def(Mnemonic.Cvtsd2si, cvt2si(true, false));
def(Mnemonic.Cvttsd2si, cvt2si(true, true));

/** f32ToF64 converts lane `a` to element `r` (exact; NaNs quieted, DE for denormals). */
function f32ToF64(c: CPU, r: number, a: number): void {
  const x = c.xl, b = x[a];
  if (isNaN32(b)) {
    if (isSNaN32(b)) fp.flags |= IE;
    x[2 * r] = (b & 7) << 29;
    x[2 * r + 1] = (b & 0x80000000) | 0x7ff80000 | ((b & 0x7fffff) >>> 3);
    return;
  }
  clearDen();
  const v = in32(c, a);
  if (den) fp.flags |= DE;
  c.xf64[r] = v;
}

/** f64ToF32 converts element `a` to lane `r`, rounding in MXCSR.RC. */
function f64ToF32(c: CPU, r: number, a: number): void {
  const x = c.xl, hi = x[2 * a + 1], lo = x[2 * a];
  if (isNaN64(hi, lo)) {
    if (isSNaN64(hi, lo)) fp.flags |= IE;
    x[r] = (hi & 0x80000000) | 0x7fc00000 | ((hi & 0xfffff) << 3) | (lo >>> 29);
    return;
  }
  clearDen();
  const v = in64(c, a);
  if (den) fp.flags |= DE;
  if (v === 0 || v === Infinity || v === -Infinity) {
    c.xf32[r] = v;
    return;
  }
  c.xf32[r] = narrow32(v);
}

def(Mnemonic.Cvtss2sd, (insn) => {
  const d = xmmOf(insn, 0);
  const src = srcOf(insn, 1, 4, false);
  return (c) => {
    const s = src(c);
    fpBegin(c);
    f32ToF64(c, TMP * 2, s * 4);
    fpEnd(c);
    c.xl[d * 4] = c.xl[TMP * 4];
    c.xl[d * 4 + 1] = c.xl[TMP * 4 + 1];
  };
});

def(Mnemonic.Cvtsd2ss, (insn) => {
  const d = xmmOf(insn, 0);
  const src = srcOf(insn, 1, 8, false);
  return (c) => {
    const s = src(c);
    fpBegin(c);
    f64ToF32(c, TMP * 4, s * 2);
    fpEnd(c);
    c.xl[d * 4] = c.xl[TMP * 4];
  };
});

/**
 * packed builds a packed conversion producing `n` 32-bit lanes (or n/2 elements) in TMP, then
 * writes TMP to the destination with the lanes from `n` up zeroed.
 */
function packed(bytes: number, n: number, fill: (c: CPU, s: number) => void) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0);
    const src = srcOf(insn, 1, bytes, bytes === 16);
    return (c) => {
      const s = src(c);
      fpBegin(c);
      fill(c, s);
      fpEnd(c);
      const x = c.xl;
      for (let i = 0; i < 4; i++) x[d * 4 + i] = i < n ? x[TMP * 4 + i] : 0;
    };
  };
}

def(Mnemonic.Cvtps2pd, packed(8, 4, (c, s) => {
  f32ToF64(c, TMP * 2, s * 4);
  f32ToF64(c, TMP * 2 + 1, s * 4 + 1);
}));
def(Mnemonic.Cvtpd2ps, packed(16, 2, (c, s) => {
  f64ToF32(c, TMP * 4, s * 2);
  f64ToF32(c, TMP * 4 + 1, s * 2 + 1);
}));
def(Mnemonic.Cvtdq2ps, packed(16, 4, (c, s) => {
  const x = c.xl;
  for (let i = 0; i < 4; i++) {
    const v = x[s * 4 + i];
    c.xf32[TMP * 4 + i] = intToFloat(v, v >> 31, F32);
  }
}));
def(Mnemonic.Cvtdq2pd, packed(8, 4, (c, s) => {
  const a = c.xl[s * 4], b = c.xl[s * 4 + 1];
  c.xf64[TMP * 2] = a;
  c.xf64[TMP * 2 + 1] = b;
}));

function toDwords(double: boolean, trunc: boolean) {
  const n = double ? 2 : 4;
  return packed(16, n, (c, s) => {
    for (let i = 0; i < n; i++) {
      const v = toInt(c, double, double ? s * 2 + i : s * 4 + i, 32, trunc);
      c.xl[TMP * 4 + i] = v === null ? 0x80000000 | 0 : v;
    }
  });
}
def(Mnemonic.Cvtps2dq, toDwords(false, false));
def(Mnemonic.Cvttps2dq, toDwords(false, true));
def(Mnemonic.Cvtpd2dq, toDwords(true, false));
def(Mnemonic.Cvttpd2dq, toDwords(true, true));
