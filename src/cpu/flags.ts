/**
 * Lazy arithmetic flags.
 *
 * An ALU instruction records what it did (`fop`, operand size, result and sources) instead of
 * computing CF/PF/AF/ZF/SF/OF; each flag is derived only when something reads it. Sizes 8 and 16
 * keep values masked to their width; size 32 keeps signed int32 values; size 64 keeps lo/hi pairs.
 */
import type { CPU } from './state.js';

export const enum FOp {
  /** All six flags are literal bits in `fraw`. */
  Raw = 0,
  Add = 1,
  Adc = 2,
  Sub = 3,
  Sbb = 4,
  /** AND/OR/XOR/TEST: CF=OF=AF=0. */
  Logic = 5,
  /** INC/DEC: like ADD/SUB of 1 but CF is the earlier CF, kept in `fcin`. */
  Inc = 6,
  Dec = 7,
  /** ZF/SF/PF from the result; CF, OF and AF are literal bits in `fraw` (shifts, MUL, ...). */
  Result = 8,
}

export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
export const AC = 1 << 18;
export const ID = 1 << 21;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let p = 1;
  for (let b = 0; b < 8; b++) p ^= (i >> b) & 1;
  PARITY[i] = p;
}

function ltu32(a: number, b: number): boolean {
  return a >>> 0 < b >>> 0;
}

/** ltu64 compares two 64-bit values given as lo/hi int32 pairs, unsigned. */
function ltu64(alo: number, ahi: number, blo: number, bhi: number): boolean {
  return ahi === bhi ? ltu32(alo, blo) : ltu32(ahi, bhi);
}

export function getCF(c: CPU): boolean {
  const sz = c.fsz;
  switch (c.fop) {
    case FOp.Raw:
    case FOp.Result:
      return (c.fraw & CF) !== 0;
    case FOp.Logic:
      return false;
    case FOp.Inc:
    case FOp.Dec:
      return c.fcin !== 0;
    case FOp.Add:
      if (sz === 64) return ltu64(c.fres, c.fresh, c.fa, c.fah);
      return sz === 32 ? ltu32(c.fres, c.fa) : c.fres < c.fa;
    case FOp.Adc:
      if (sz === 64)
        return ltu64(c.fres, c.fresh, c.fa, c.fah) || (c.fcin !== 0 && c.fres === c.fa && c.fresh === c.fah);
      if (sz === 32) return ltu32(c.fres, c.fa) || (c.fcin !== 0 && c.fres === c.fa);
      return c.fres < c.fa || (c.fcin !== 0 && c.fres === c.fa);
    case FOp.Sub:
      if (sz === 64) return ltu64(c.fa, c.fah, c.fb, c.fbh);
      return sz === 32 ? ltu32(c.fa, c.fb) : c.fa < c.fb;
    case FOp.Sbb:
      if (sz === 64) return ltu64(c.fa, c.fah, c.fb, c.fbh) || (c.fcin !== 0 && c.fa === c.fb && c.fah === c.fbh);
      if (sz === 32) return ltu32(c.fa, c.fb) || (c.fcin !== 0 && c.fa === c.fb);
      return c.fa < c.fb || (c.fcin !== 0 && c.fa === c.fb);
  }
  return false;
}

export function getZF(c: CPU): boolean {
  if (c.fop === FOp.Raw) return (c.fraw & ZF) !== 0;
  return c.fsz === 64 ? (c.fres | c.fresh) === 0 : c.fres === 0;
}

export function getSF(c: CPU): boolean {
  if (c.fop === FOp.Raw) return (c.fraw & SF) !== 0;
  switch (c.fsz) {
    case 64:
      return c.fresh < 0;
    case 32:
      return c.fres < 0;
    case 16:
      return (c.fres & 0x8000) !== 0;
    default:
      return (c.fres & 0x80) !== 0;
  }
}

export function getPF(c: CPU): boolean {
  if (c.fop === FOp.Raw) return (c.fraw & PF) !== 0;
  return PARITY[c.fres & 0xff] === 1;
}

function signBit(c: CPU, v: number, vh: number): number {
  switch (c.fsz) {
    case 64:
      return vh >>> 31;
    case 32:
      return v >>> 31;
    case 16:
      return (v >>> 15) & 1;
    default:
      return (v >>> 7) & 1;
  }
}

export function getOF(c: CPU): boolean {
  switch (c.fop) {
    case FOp.Raw:
    case FOp.Result:
      return (c.fraw & OF) !== 0;
    case FOp.Logic:
      return false;
    case FOp.Add:
    case FOp.Adc:
    case FOp.Inc:
      return signBit(c, (c.fa ^ c.fres) & (c.fb ^ c.fres), (c.fah ^ c.fresh) & (c.fbh ^ c.fresh)) === 1;
    case FOp.Sub:
    case FOp.Sbb:
    case FOp.Dec:
      return signBit(c, (c.fa ^ c.fb) & (c.fa ^ c.fres), (c.fah ^ c.fbh) & (c.fah ^ c.fresh)) === 1;
  }
  return false;
}

export function getAF(c: CPU): boolean {
  switch (c.fop) {
    case FOp.Raw:
    case FOp.Result:
      return (c.fraw & AF) !== 0;
    case FOp.Logic:
      return false;
    default:
      return ((c.fa ^ c.fb ^ c.fres) & 0x10) !== 0;
  }
}

/** arithFlags materializes CF/PF/AF/ZF/SF/OF as RFLAGS bits. */
export function arithFlags(c: CPU): number {
  if (c.fop === FOp.Raw) return c.fraw;
  return (
    (getCF(c) ? CF : 0) |
    (getPF(c) ? PF : 0) |
    (getAF(c) ? AF : 0) |
    (getZF(c) ? ZF : 0) |
    (getSF(c) ? SF : 0) |
    (getOF(c) ? OF : 0)
  );
}

/** setArithFlags replaces CF/PF/AF/ZF/SF/OF with literal bits. */
export function setArithFlags(c: CPU, bits: number): void {
  c.fop = FOp.Raw;
  c.fraw = bits & ARITH_FLAGS;
}

/** setResultFlags records a result whose ZF/SF/PF follow it and whose CF/OF/AF are given. */
export function setResultFlags(c: CPU, sz: number, res: number, resh: number, cfofaf: number): void {
  c.fop = FOp.Result;
  c.fsz = sz;
  c.fres = res;
  c.fresh = resh;
  c.fraw = cfofaf;
}

/**
 * Condition codes in the encoding order of Jcc/SETcc/CMOVcc (low nibble of the opcode):
 * O NO B AE E NE BE A S NS P NP L GE LE G.
 */
export function evalCond(c: CPU, cc: number): boolean {
  switch (cc) {
    case 0: return getOF(c);
    case 1: return !getOF(c);
    case 2: return getCF(c);
    case 3: return !getCF(c);
    case 4: return getZF(c);
    case 5: return !getZF(c);
    case 6: return getCF(c) || getZF(c);
    case 7: return !getCF(c) && !getZF(c);
    case 8: return getSF(c);
    case 9: return !getSF(c);
    case 10: return getPF(c);
    case 11: return !getPF(c);
    case 12: return getSF(c) !== getOF(c);
    case 13: return getSF(c) === getOF(c);
    case 14: return getZF(c) || getSF(c) !== getOF(c);
    default: return !getZF(c) && getSF(c) === getOF(c);
  }
}

/** condFn returns a specialized predicate for condition `cc`, with fast paths after CMP/SUB and TEST. */
export function condFn(cc: number): (c: CPU) => boolean {
  switch (cc) {
    case 4:
      return (c) => (c.fop === FOp.Raw ? (c.fraw & ZF) !== 0 : c.fsz === 64 ? (c.fres | c.fresh) === 0 : c.fres === 0);
    case 5:
      return (c) => (c.fop === FOp.Raw ? (c.fraw & ZF) === 0 : c.fsz === 64 ? (c.fres | c.fresh) !== 0 : c.fres !== 0);
    case 12:
      return (c) => {
        if (c.fop === FOp.Sub) {
          if (c.fsz === 32) return c.fa < c.fb;
          if (c.fsz === 64) return c.fah === c.fbh ? c.fa >>> 0 < c.fb >>> 0 : c.fah < c.fbh;
        }
        return getSF(c) !== getOF(c);
      };
    case 13:
      return (c) => {
        if (c.fop === FOp.Sub) {
          if (c.fsz === 32) return c.fa >= c.fb;
          if (c.fsz === 64) return c.fah === c.fbh ? c.fa >>> 0 >= c.fb >>> 0 : c.fah > c.fbh;
        }
        return getSF(c) === getOF(c);
      };
    case 14:
      return (c) => {
        if (c.fop === FOp.Sub) {
          if (c.fsz === 32) return c.fa <= c.fb;
          if (c.fsz === 64) return c.fah === c.fbh ? c.fa >>> 0 <= c.fb >>> 0 : c.fah < c.fbh;
        }
        return getZF(c) || getSF(c) !== getOF(c);
      };
    case 15:
      return (c) => {
        if (c.fop === FOp.Sub) {
          if (c.fsz === 32) return c.fa > c.fb;
          if (c.fsz === 64) return c.fah === c.fbh ? c.fa >>> 0 > c.fb >>> 0 : c.fah > c.fbh;
        }
        return !getZF(c) && getSF(c) === getOF(c);
      };
    default:
      return (c) => evalCond(c, cc);
  }
}
