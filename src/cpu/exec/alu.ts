/**
 * Integer ALU: ADD OR ADC SBB AND SUB XOR CMP TEST, INC DEC NEG NOT.
 * Each operation records lazy flags (flags.ts) and returns the result masked to its width; 64-bit
 * variants take and return lo/hi pairs (hi of the result in `c.th`).
 */
import { Mnemonic } from '../decode.js';
import { FOp, getCF } from '../flags.js';
import { K, type Insn } from '../decode.js';
import { type Get, gprOf, immOf, memEA, opSize, readAt, reader, readReg, writeAt, writeReg } from '../operands.js';
import { type FastAlu, fastAlu } from './alu-fast.js';
import { def, type Exec } from '../registry.js';
import type { CPU } from '../state.js';

/** Op32 computes an 8/16/32-bit operation and records its flags. */
export type Op32 = (c: CPU, a: number, b: number, size: number) => number;
/** Op64 computes a 64-bit operation on lo/hi pairs; returns lo, leaves hi in c.th. */
export type Op64 = (c: CPU, al: number, ah: number, bl: number, bh: number) => number;

function m(size: number): number {
  return size === 8 ? 0xff : size === 16 ? 0xffff : -1;
}

function rec(c: CPU, op: FOp, size: number, a: number, b: number, r: number): void {
  c.fop = op;
  c.fsz = size;
  c.fa = a;
  c.fb = b;
  c.fres = r;
}

function rec64(c: CPU, op: FOp, al: number, ah: number, bl: number, bh: number, rl: number, rh: number): void {
  c.fop = op;
  c.fsz = 64;
  c.fa = al;
  c.fah = ah;
  c.fb = bl;
  c.fbh = bh;
  c.fres = rl;
  c.fresh = rh;
}

export const add32: Op32 = (c, a, b, s) => {
  const r = s === 32 ? (a + b) | 0 : (a + b) & m(s);
  rec(c, FOp.Add, s, a, b, r);
  return r;
};
export const add64: Op64 = (c, al, ah, bl, bh) => {
  const rl = (al + bl) | 0;
  const carry = rl >>> 0 < al >>> 0 ? 1 : 0;
  const rh = (ah + bh + carry) | 0;
  rec64(c, FOp.Add, al, ah, bl, bh, rl, rh);
  c.th = rh;
  return rl;
};
const adc32: Op32 = (c, a, b, s) => {
  const cin = getCF(c) ? 1 : 0;
  const r = s === 32 ? (a + b + cin) | 0 : (a + b + cin) & m(s);
  rec(c, FOp.Adc, s, a, b, r);
  c.fcin = cin;
  return r;
};
const adc64: Op64 = (c, al, ah, bl, bh) => {
  const cin = getCF(c) ? 1 : 0;
  const sum = (al >>> 0) + (bl >>> 0) + cin;
  const rl = sum | 0;
  const carry = sum > 0xffffffff ? 1 : 0;
  const rh = (ah + bh + carry) | 0;
  rec64(c, FOp.Adc, al, ah, bl, bh, rl, rh);
  c.fcin = cin;
  c.th = rh;
  return rl;
};
export const sub32: Op32 = (c, a, b, s) => {
  const r = s === 32 ? (a - b) | 0 : (a - b) & m(s);
  rec(c, FOp.Sub, s, a, b, r);
  return r;
};
export const sub64: Op64 = (c, al, ah, bl, bh) => {
  const rl = (al - bl) | 0;
  const borrow = al >>> 0 < bl >>> 0 ? 1 : 0;
  const rh = (ah - bh - borrow) | 0;
  rec64(c, FOp.Sub, al, ah, bl, bh, rl, rh);
  c.th = rh;
  return rl;
};
const sbb32: Op32 = (c, a, b, s) => {
  const cin = getCF(c) ? 1 : 0;
  const r = s === 32 ? (a - b - cin) | 0 : (a - b - cin) & m(s);
  rec(c, FOp.Sbb, s, a, b, r);
  c.fcin = cin;
  return r;
};
const sbb64: Op64 = (c, al, ah, bl, bh) => {
  const cin = getCF(c) ? 1 : 0;
  const diff = (al >>> 0) - (bl >>> 0) - cin;
  const rl = diff | 0;
  const borrow = diff < 0 ? 1 : 0;
  const rh = (ah - bh - borrow) | 0;
  rec64(c, FOp.Sbb, al, ah, bl, bh, rl, rh);
  c.fcin = cin;
  c.th = rh;
  return rl;
};
const and32: Op32 = (c, a, b, s) => {
  const r = a & b;
  rec(c, FOp.Logic, s, a, b, r);
  return r;
};
const and64: Op64 = (c, al, ah, bl, bh) => {
  const rl = al & bl, rh = ah & bh;
  rec64(c, FOp.Logic, al, ah, bl, bh, rl, rh);
  c.th = rh;
  return rl;
};
const or32: Op32 = (c, a, b, s) => {
  const r = a | b;
  rec(c, FOp.Logic, s, a, b, r);
  return r;
};
const or64: Op64 = (c, al, ah, bl, bh) => {
  const rl = al | bl, rh = ah | bh;
  rec64(c, FOp.Logic, al, ah, bl, bh, rl, rh);
  c.th = rh;
  return rl;
};
const xor32: Op32 = (c, a, b, s) => {
  const r = a ^ b;
  rec(c, FOp.Logic, s, a, b, r);
  return r;
};
const xor64: Op64 = (c, al, ah, bl, bh) => {
  const rl = al ^ bl, rh = ah ^ bh;
  rec64(c, FOp.Logic, al, ah, bl, bh, rl, rh);
  c.th = rh;
  return rl;
};

/**
 * binop builds a two-operand ALU instruction `op0 = op0 OP op1` (or only flags when !store).
 * Memory destinations are checked for writing before anything is computed, so a fault leaves the
 * flags untouched (read-modify-write accesses fault as writes).
 */
export function binop(op32: Op32, op64: Op64, store: boolean, fast?: FastAlu) {
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    if (fast && (size === 32 || size === 64) && insn.ops[0].kind === K.Reg) {
      const d = 2 * gprOf(insn, 0).n;
      const src = insn.ops[1];
      if (src.kind === K.Reg) {
        const s = 2 * gprOf(insn, 1).n;
        return size === 32 ? fast.rr32(d, s, 0, 0) : fast.rr64(d, s, 0, 0);
      }
      if (src.kind === K.Imm) {
        const [lo, hi] = immOf(insn, size);
        return size === 32 ? fast.ri32(d, 0, lo, 0) : fast.ri64(d, 0, lo, hi);
      }
    }
    const src = reader(insn, 1, size);
    const n = size / 8;
    if (insn.ops[0].kind === K.Reg) {
      const g = gprOf(insn, 0);
      const rd = readReg(g.n, g.size, g.high);
      if (!store) {
        if (size === 64) {
          return (c) => {
            const bl = src(c), bh = c.th;
            const al = rd(c), ah = c.th;
            op64(c, al, ah, bl, bh);
          };
        }
        return (c) => {
          op32(c, rd(c), src(c), size);
        };
      }
      const wr = writeReg(g.n, g.size, g.high);
      if (size === 64) {
        const lo = 2 * g.n, hi = lo + 1;
        return (c) => {
          const bl = src(c), bh = c.th;
          const r = c.r;
          r[lo] = op64(c, r[lo], r[hi], bl, bh);
          r[hi] = c.th;
        };
      }
      if (size === 32) {
        const lo = 2 * g.n, hi = lo + 1;
        return (c) => {
          const b = src(c);
          const r = c.r;
          r[lo] = op32(c, r[lo], b, 32);
          r[hi] = 0;
        };
      }
      return (c) => {
        const b = src(c);
        wr(c, op32(c, rd(c), b, size), 0);
      };
    }
    const ea = memEA(insn);
    const rdAt = readAt(size);
    if (!store) {
      if (size === 64) {
        return (c) => {
          const a = ea(c);
          const bl = src(c), bh = c.th;
          const al = rdAt(c, a), ah = c.th;
          op64(c, al, ah, bl, bh);
        };
      }
      return (c) => {
        const a = ea(c);
        op32(c, rdAt(c, a), src(c), size);
      };
    }
    const wrAt = writeAt(size);
    if (size === 64) {
      return (c) => {
        const a = ea(c);
        const bl = src(c), bh = c.th;
        c.mem.checkWrite(a, 8);
        const al = rdAt(c, a), ah = c.th;
        const rl = op64(c, al, ah, bl, bh);
        wrAt(c, a, rl, c.th);
      };
    }
    return (c) => {
      const a = ea(c);
      const b = src(c);
      c.mem.checkWrite(a, n);
      wrAt(c, a, op32(c, rdAt(c, a), b, size), 0);
    };
  };
}

def(Mnemonic.Add, binop(add32, add64, true, fastAlu('add')));
def(Mnemonic.Adc, binop(adc32, adc64, true));
def(Mnemonic.Sub, binop(sub32, sub64, true, fastAlu('sub')));
def(Mnemonic.Sbb, binop(sbb32, sbb64, true));
def(Mnemonic.And, binop(and32, and64, true, fastAlu('and')));
def(Mnemonic.Or, binop(or32, or64, true, fastAlu('or')));
def(Mnemonic.Xor, binop(xor32, xor64, true, fastAlu('xor')));
def(Mnemonic.Cmp, binop(sub32, sub64, false, fastAlu('cmp')));
def(Mnemonic.Test, binop(and32, and64, false, fastAlu('test')));

/** unop builds a one-operand read-modify-write instruction from `f(c, v, vh, size) -> lo (hi in c.th)`. */
export function unop(f: (c: CPU, v: number, vh: number, size: number) => number) {
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    if (insn.ops[0].kind === K.Reg) {
      const g = gprOf(insn, 0);
      const rd: Get = readReg(g.n, g.size, g.high);
      const wr = writeReg(g.n, g.size, g.high);
      return (c) => {
        const v = rd(c);
        const r = f(c, v, c.th, size);
        wr(c, r, c.th);
      };
    }
    const ea = memEA(insn);
    const rdAt = readAt(size);
    const wrAt = writeAt(size);
    const n = size / 8;
    return (c) => {
      const a = ea(c);
      c.mem.checkWrite(a, n);
      const v = rdAt(c, a);
      const r = f(c, v, c.th, size);
      wrAt(c, a, r, c.th);
    };
  };
}

def(
  Mnemonic.Inc,
  unop((c, v, vh, s) => {
    const cf = getCF(c) ? 1 : 0;
    let r: number, rh = 0;
    if (s === 64) {
      r = (v + 1) | 0;
      rh = r === 0 ? (vh + 1) | 0 : vh;
      rec64(c, FOp.Inc, v, vh, 1, 0, r, rh);
    } else {
      r = s === 32 ? (v + 1) | 0 : (v + 1) & m(s);
      rec(c, FOp.Inc, s, v, 1, r);
    }
    c.fcin = cf;
    c.th = rh;
    return r;
  }),
);

def(
  Mnemonic.Dec,
  unop((c, v, vh, s) => {
    const cf = getCF(c) ? 1 : 0;
    let r: number, rh = 0;
    if (s === 64) {
      r = (v - 1) | 0;
      rh = v === 0 ? (vh - 1) | 0 : vh;
      rec64(c, FOp.Dec, v, vh, 1, 0, r, rh);
    } else {
      r = s === 32 ? (v - 1) | 0 : (v - 1) & m(s);
      rec(c, FOp.Dec, s, v, 1, r);
    }
    c.fcin = cf;
    c.th = rh;
    return r;
  }),
);

// NEG is 0 - v with CF = (v != 0) — exactly SUB's CF for a = 0.
def(
  Mnemonic.Neg,
  unop((c, v, vh, s) => {
    if (s === 64) return sub64(c, 0, 0, v, vh);
    return sub32(c, 0, v, s);
  }),
);

def(
  Mnemonic.Not,
  unop((c, v, vh, s) => {
    c.th = ~vh;
    return s === 32 || s === 64 ? ~v : ~v & m(s);
  }),
);
