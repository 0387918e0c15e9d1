/**
 * Bit instructions: BT BTS BTR BTC, BSF BSR, TZCNT LZCNT POPCNT, BMI1 (ANDN BEXTR BLSI BLSMSK
 * BLSR; TZCNT above), BMI2 (BZHI PDEP PEXT RORX SARX SHLX SHRX; MULX is in muldiv.ts), and the
 * flag instructions CLC STC CMC CLD STD LAHF SAHF.
 *
 * BT* with a memory operand and a register bit offset address a bit string: the offset is signed
 * and selects the operand-sized word at ea + (offset >> log2(size)) * size/8.
 *
 * Undefined flags follow the reference CPU (AMD Zen): BT* change only CF; BSF/BSR set ZF (source
 * zero) and PF from the result and clear the rest, leaving the destination untouched (upper half
 * included) for a zero source; TZCNT/LZCNT keep OF and clear SF/AF/PF; BEXTR sets AF and PF from
 * the result and clears SF; BLSI/BLSMSK/BLSR/BZHI/ANDN set PF from the result and clear AF.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { ud } from '../exceptions.js';
import { AF, CF, DF, FOp, OF, PF, SF, ZF, arithFlags, setResultFlags } from '../flags.js';
import { type Get, gprOf, memEA, opSize, readAt, reader, writeAt } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RAX, type CPU } from '../state.js';

const TWO32 = 4294967296;
const TWO64 = 18446744073709551616;

const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let p = PF;
  for (let b = 0; b < 8; b++) if ((i >> b) & 1) p ^= PF;
  PARITY[i] = p;
}

/** setFlags replaces the arithmetic flags outside `keep` with `bits`. */
function setFlags(c: CPU, keep: number, bits: number): void {
  const f = c.fop === FOp.Raw ? c.fraw : arithFlags(c);
  c.fop = FOp.Raw;
  c.fraw = (f & keep) | bits;
}

function rawFlags(c: CPU, bits: number): void {
  c.fop = FOp.Raw;
  c.fraw = bits;
}

export function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** tz32 counts trailing zero bits (32 for 0). */
function tz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

function wrap64(v: number): number {
  if (v >= 9223372036854775808) return v - TWO64;
  if (v < -9223372036854775808) return v + TWO64;
  return v;
}

// ---- BT / BTS / BTR / BTC -----------------------------------------------------------------

const enum BitOp { Test = 0, Set = 1, Reset = 2, Complement = 3 }

function apply(op: BitOp, v: number, m: number): number {
  switch (op) {
    case BitOp.Set: return v | m;
    case BitOp.Reset: return v & ~m;
    case BitOp.Complement: return v ^ m;
    default: return v;
  }
}

const KEEP_NOT_CF = PF | AF | ZF | SF | OF;

function btFactory(op: BitOp) {
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    const bm = size - 1;
    const immForm = insn.ops[1].kind === K.Imm;
    const imm = insn.imm & bm;
    const sg = immForm ? null : gprOf(insn, 1);
    const slo = sg ? 2 * sg.n : 0, shi = slo + 1;

    if (insn.ops[0].kind === K.Reg) {
      const g = gprOf(insn, 0);
      const lo = 2 * g.n, hi = lo + 1;
      if (size === 64) {
        return (c) => {
          const k = immForm ? imm : c.r[slo] & 63;
          const i = k < 32 ? lo : hi;
          const m = 1 << (k & 31);
          const v = c.r[i];
          if (op !== BitOp.Test) c.r[i] = apply(op, v, m);
          setFlags(c, KEEP_NOT_CF, (v & m) !== 0 ? CF : 0);
        };
      }
      if (size === 32) {
        return (c) => {
          const k = immForm ? imm : c.r[slo] & 31;
          const m = 1 << k;
          const v = c.r[lo];
          if (op !== BitOp.Test) {
            c.r[lo] = apply(op, v, m);
            c.r[hi] = 0;
          }
          setFlags(c, KEEP_NOT_CF, (v & m) !== 0 ? CF : 0);
        };
      }
      return (c) => {
        const k = immForm ? imm : c.r[slo] & 15;
        const m = 1 << k;
        const v = c.r[lo];
        if (op !== BitOp.Test) c.r[lo] = (v & ~0xffff) | (apply(op, v, m) & 0xffff);
        setFlags(c, KEEP_NOT_CF, (v & m) !== 0 ? CF : 0);
      };
    }

    if (insn.ops[0].kind !== K.Mem) throw ud('bt: bad operand');
    const ea = memEA(insn);
    const addr32 = insn.mem!.addr32;
    const bytes = size / 8;
    const shift = Math.log2(size);
    const rd = readAt(size), wr = writeAt(size);
    /** Address of the word holding the bit, and the bit index within it (in `bitIdx`). */
    let bitIdx = 0;
    const locate = immForm
      ? (c: CPU): number => {
          bitIdx = imm;
          return ea(c);
        }
      : (c: CPU): number => {
          let disp: number;
          if (size === 64) {
            const ol = c.r[slo], oh = c.r[shi];
            bitIdx = ol & 63;
            // Byte displacement (offset >> 6) * 8 = (offset >> 3) & ~7, as a signed pair; exact
            // below 2^53 like every effective address (beyond, the address is not canonical).
            disp = (oh >> 3) * TWO32 + ((((ol >>> 3) | (oh << 29)) & ~7) >>> 0);
          } else if (size === 32) {
            const o = c.r[slo];
            bitIdx = o & 31;
            disp = (o >> 5) * 4;
          } else {
            const o = (c.r[slo] << 16) >> 16;
            bitIdx = o & 15;
            disp = (o >> 4) * 2;
          }
          const a = ea(c) + disp;
          if (addr32) {
            const w = a % TWO32;
            return w < 0 ? w + TWO32 : w;
          }
          return wrap64(a);
        };

    if (size === 64) {
      return (c) => {
        const a = locate(c);
        const k = bitIdx;
        if (op !== BitOp.Test) c.mem.checkWrite(a, 8);
        const lo = rd(c, a), hi = c.th;
        const m = 1 << (k & 31);
        const v = k < 32 ? lo : hi;
        if (op !== BitOp.Test) {
          const nv = apply(op, v, m);
          if (k < 32) wr(c, a, nv, hi);
          else wr(c, a, lo, nv);
        }
        setFlags(c, KEEP_NOT_CF, (v & m) !== 0 ? CF : 0);
      };
    }
    return (c) => {
      const a = locate(c);
      const m = 1 << bitIdx;
      if (op !== BitOp.Test) c.mem.checkWrite(a, bytes);
      const v = rd(c, a);
      if (op !== BitOp.Test) wr(c, a, apply(op, v, m), 0);
      setFlags(c, KEEP_NOT_CF, (v & m) !== 0 ? CF : 0);
    };
  };
}

def(Mnemonic.Bt, btFactory(BitOp.Test));
def(Mnemonic.Bts, btFactory(BitOp.Set));
def(Mnemonic.Btr, btFactory(BitOp.Reset));
def(Mnemonic.Btc, btFactory(BitOp.Complement));

// ---- BSF / BSR / TZCNT / LZCNT / POPCNT ---------------------------------------------------

/**
 * countFactory builds a bit-scan/count instruction from `f(lo, hi) -> result` (hi = 0 below 64
 * bits; the source is zero-extended) and `flags(c, srcIsZero, result)`. `keepIfZero` leaves the
 * destination unwritten for a zero source (BSF/BSR).
 */
function countFactory(
  f: (lo: number, hi: number, size: number) => number,
  flags: (c: CPU, zero: boolean, r: number) => void,
  keepIfZero: boolean,
) {
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    const src = reader(insn, 1, size);
    const d = gprOf(insn, 0).n;
    const lo = 2 * d, hi = lo + 1;
    if (size === 64) {
      return (c) => {
        const sl = src(c), sh = c.th;
        const zero = (sl | sh) === 0;
        if (zero && keepIfZero) {
          flags(c, true, 0);
          return;
        }
        const r = f(sl, sh, 64);
        c.r[lo] = r;
        c.r[hi] = 0;
        flags(c, zero, r);
      };
    }
    if (size === 32) {
      return (c) => {
        const s = src(c);
        if (s === 0 && keepIfZero) {
          flags(c, true, 0);
          return;
        }
        const r = f(s, 0, 32);
        c.r[lo] = r;
        c.r[hi] = 0;
        flags(c, s === 0, r);
      };
    }
    return (c) => {
      const s = src(c);
      if (s === 0 && keepIfZero) {
        flags(c, true, 0);
        return;
      }
      const r = f(s, 0, 16);
      c.r[lo] = (c.r[lo] & ~0xffff) | r;
      flags(c, s === 0, r);
    };
  };
}

const bsfFlags = (c: CPU, zero: boolean, r: number) => rawFlags(c, zero ? ZF | PF : PARITY[r & 0xff]);
const cntFlags = (c: CPU, zero: boolean, r: number) => setFlags(c, OF, (zero ? CF : 0) | (r === 0 ? ZF : 0));
const popFlags = (c: CPU, zero: boolean) => rawFlags(c, zero ? ZF : 0);

const bsf = (lo: number, hi: number) => (lo !== 0 ? tz32(lo) : 32 + tz32(hi));
const bsr = (lo: number, hi: number) => (hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo));
const tzcnt = (lo: number, hi: number, size: number) => {
  if (size === 64) return lo !== 0 ? tz32(lo) : 32 + tz32(hi);
  return lo === 0 ? size : tz32(lo);
};
const lzcnt = (lo: number, hi: number, size: number) => {
  if (size === 64) return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
  return Math.clz32(lo) - (32 - size);
};
const popcnt = (lo: number, hi: number) => popcnt32(lo) + popcnt32(hi);

def(Mnemonic.Bsf, countFactory(bsf, bsfFlags, true));
def(Mnemonic.Bsr, countFactory(bsr, bsfFlags, true));
def(Mnemonic.Tzcnt, countFactory(tzcnt, cntFlags, false));
def(Mnemonic.Lzcnt, countFactory(lzcnt, cntFlags, false));
def(Mnemonic.Popcnt, countFactory(popcnt, popFlags, false));

// ---- BMI1 / BMI2 --------------------------------------------------------------------------

/**
 * vex3 builds a VEX-encoded GPR instruction `dst = f(a, b)` over 32 or 64 bits, where a and b are
 * operands `ai` and `bi` (register, memory, or immediate). 64-bit values are pairs: f receives
 * (al, ah, bl, bh) and returns lo with hi in c.th. 32-bit calls get ah = bh = 0 and must return
 * an int32. Destinations are written after every source was read.
 */
function vex3(
  ai: number,
  bi: number,
  f32: (c: CPU, a: number, b: number) => number,
  f64: (c: CPU, al: number, ah: number, bl: number, bh: number) => number,
) {
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    const d = gprOf(insn, 0).n;
    const lo = 2 * d, hi = lo + 1;
    const ra: Get = reader(insn, ai, size);
    const rb: Get = bi >= 0 ? reader(insn, bi, size) : () => 0;
    if (size === 64) {
      return (c) => {
        const al = ra(c), ah = c.th;
        const bl = rb(c), bh = c.th;
        const r = f64(c, al, ah, bl, bh);
        c.r[lo] = r;
        c.r[hi] = c.th;
      };
    }
    if (size !== 32) throw ud('bmi: bad operand size');
    return (c) => {
      const a = ra(c);
      const b = rb(c);
      c.r[lo] = f32(c, a, b);
      c.r[hi] = 0;
    };
  };
}

// ANDN dst, src1, src2: ~src1 & src2; SF/ZF/PF from the result, CF=OF=AF=0.
def(
  Mnemonic.Andn,
  vex3(
    1,
    2,
    (c, a, b) => {
      const r = ~a & b;
      setResultFlags(c, 32, r, 0, 0);
      return r;
    },
    (c, al, ah, bl, bh) => {
      const rl = ~al & bl, rh = ~ah & bh;
      setResultFlags(c, 64, rl, rh, 0);
      c.th = rh;
      return rl;
    },
  ),
);

/** bextrFlags: ZF from the result, AF set, PF from the result, the rest clear. */
function bextrFlags(c: CPU, zero: boolean, low: number): void {
  rawFlags(c, AF | PARITY[low & 0xff] | (zero ? ZF : 0));
}

// BEXTR dst, src, ctl: start = ctl[7:0], length = ctl[15:8].
def(
  Mnemonic.Bextr,
  vex3(
    1,
    2,
    (c, a, b) => {
      const start = b & 0xff, len = (b >>> 8) & 0xff;
      let r = start >= 32 ? 0 : a >>> start;
      if (len < 32) r &= (1 << len) - 1;
      r |= 0;
      bextrFlags(c, r === 0, r);
      return r;
    },
    (c, al, ah, bl) => {
      const start = bl & 0xff, len = (bl >>> 8) & 0xff;
      let rl: number, rh: number;
      if (start >= 64) { rl = 0; rh = 0; }
      else if (start >= 32) { rl = ah >>> (start - 32); rh = 0; }
      else if (start === 0) { rl = al; rh = ah; }
      else { rl = (al >>> start) | (ah << (32 - start)); rh = ah >>> start; }
      if (len < 32) { rl &= (1 << len) - 1; rh = 0; if (len === 0) rl = 0; }
      else if (len < 64) rh &= len === 32 ? 0 : (1 << (len - 32)) - 1;
      rl |= 0;
      rh |= 0;
      bextrFlags(c, (rl | rh) === 0, rl);
      c.th = rh;
      return rl;
    },
  ),
);

// BLSI dst, src: src & -src; CF = (src != 0).
def(
  Mnemonic.Blsi,
  vex3(
    1,
    -1,
    (c, a) => {
      const r = a & -a;
      setResultFlags(c, 32, r, 0, a !== 0 ? CF : 0);
      return r;
    },
    (c, al, ah) => {
      const nl = -al | 0, nh = (~ah + (al === 0 ? 1 : 0)) | 0;
      const rl = al & nl, rh = ah & nh;
      setResultFlags(c, 64, rl, rh, (al | ah) !== 0 ? CF : 0);
      c.th = rh;
      return rl;
    },
  ),
);

// BLSMSK dst, src: src ^ (src - 1); CF = (src == 0).
def(
  Mnemonic.Blsmsk,
  vex3(
    1,
    -1,
    (c, a) => {
      const r = a ^ (a - 1);
      setResultFlags(c, 32, r, 0, a === 0 ? CF : 0);
      return r;
    },
    (c, al, ah) => {
      const ml = (al - 1) | 0, mh = al === 0 ? (ah - 1) | 0 : ah;
      const rl = al ^ ml, rh = ah ^ mh;
      setResultFlags(c, 64, rl, rh, (al | ah) === 0 ? CF : 0);
      c.th = rh;
      return rl;
    },
  ),
);

// BLSR dst, src: src & (src - 1); CF = (src == 0).
def(
  Mnemonic.Blsr,
  vex3(
    1,
    -1,
    (c, a) => {
      const r = a & (a - 1);
      setResultFlags(c, 32, r, 0, a === 0 ? CF : 0);
      return r;
    },
    (c, al, ah) => {
      const ml = (al - 1) | 0, mh = al === 0 ? (ah - 1) | 0 : ah;
      const rl = al & ml, rh = ah & mh;
      setResultFlags(c, 64, rl, rh, (al | ah) === 0 ? CF : 0);
      c.th = rh;
      return rl;
    },
  ),
);

// BZHI dst, src, idx: clear bits from idx[7:0] up; CF = (idx >= size).
def(
  Mnemonic.Bzhi,
  vex3(
    1,
    2,
    (c, a, b) => {
      const n = b & 0xff;
      const r = n >= 32 ? a : n === 0 ? 0 : a & ((1 << n) - 1) | 0;
      setResultFlags(c, 32, r, 0, n >= 32 ? CF : 0);
      return r;
    },
    (c, al, ah, bl) => {
      const n = bl & 0xff;
      let rl = al, rh = ah;
      if (n < 32) { rl = n === 0 ? 0 : al & ((1 << n) - 1); rh = 0; }
      else if (n < 64) rh = n === 32 ? 0 : ah & ((1 << (n - 32)) - 1);
      setResultFlags(c, 64, rl, rh, n >= 64 ? CF : 0);
      c.th = rh;
      return rl;
    },
  ),
);

/** pdep32 deposits the low bits of src at the set bits of mask. */
function pdep32(src: number, mask: number): number {
  let r = 0, k = 1;
  while (mask !== 0) {
    const low = mask & -mask;
    if (src & k) r |= low;
    mask ^= low;
    k <<= 1;
  }
  return r;
}

/** pext32 gathers the bits of src at the set bits of mask into the low bits. */
function pext32(src: number, mask: number): number {
  let r = 0, k = 1;
  while (mask !== 0) {
    const low = mask & -mask;
    if (src & low) r |= k;
    mask ^= low;
    k <<= 1;
  }
  return r;
}

def(
  Mnemonic.Pdep,
  vex3(
    1,
    2,
    (_c, a, b) => pdep32(a, b),
    (c, al, ah, bl, bh) => {
      const n = popcnt32(bl);
      const rl = pdep32(al, bl);
      // The source bits consumed by the low mask half are its popcount.
      const rest = n === 32 ? ah : n === 0 ? al : (al >>> n) | (ah << (32 - n));
      c.th = pdep32(rest, bh);
      return rl;
    },
  ),
);

def(
  Mnemonic.Pext,
  vex3(
    1,
    2,
    (_c, a, b) => pext32(a, b),
    (c, al, ah, bl, bh) => {
      const n = popcnt32(bl);
      const lo = pext32(al, bl);
      const hi = pext32(ah, bh);
      // Concatenate: the low half supplies n bits, the high half the rest above them.
      if (n === 32) {
        c.th = hi;
        return lo;
      }
      c.th = n === 0 ? 0 : hi >>> (32 - n);
      return (lo | (hi << n)) | 0;
    },
  ),
);

/** RORX dst, src, imm: rotate right without touching flags. */
def(Mnemonic.Rorx, (insn) => {
  const size = opSize(insn, 0);
  const d = gprOf(insn, 0).n;
  const lo = 2 * d, hi = lo + 1;
  const src = reader(insn, 1, size);
  if (size === 32) {
    const k = insn.imm & 31;
    return (c) => {
      const v = src(c);
      c.r[lo] = k === 0 ? v : (v >>> k) | (v << (32 - k));
      c.r[hi] = 0;
    };
  }
  const k = insn.imm & 63;
  return (c) => {
    let vl = src(c), vh = c.th;
    let k2 = k;
    if (k2 >= 32) {
      const t = vl;
      vl = vh;
      vh = t;
      k2 -= 32;
    }
    if (k2 === 0) {
      c.r[lo] = vl;
      c.r[hi] = vh;
    } else {
      c.r[lo] = (vl >>> k2) | (vh << (32 - k2));
      c.r[hi] = (vh >>> k2) | (vl << (32 - k2));
    }
  };
});

const enum XShift { Sar = 0, Shl = 1, Shr = 2 }

/** SARX/SHLX/SHRX dst, src, count: shift by count mod size, no flags. */
function xshift(kind: XShift) {
  return vex3(
    1,
    2,
    (_c, a, b) => {
      const n = b & 31;
      return kind === XShift.Sar ? a >> n : kind === XShift.Shl ? a << n : (a >>> n) | 0;
    },
    (c, al, ah, bl) => {
      const n = bl & 63;
      if (n === 0) {
        c.th = ah;
        return al;
      }
      if (kind === XShift.Shl) {
        if (n < 32) {
          c.th = (ah << n) | (al >>> (32 - n));
          return al << n;
        }
        c.th = al << (n - 32);
        return 0;
      }
      const fill = kind === XShift.Sar ? ah >> 31 : 0;
      if (n < 32) {
        c.th = kind === XShift.Sar ? ah >> n : (ah >>> n) | 0;
        return (al >>> n) | (ah << (32 - n));
      }
      c.th = fill;
      return kind === XShift.Sar ? ah >> (n - 32) : (ah >>> (n - 32)) | 0;
    },
  );
}

def(Mnemonic.Sarx, xshift(XShift.Sar));
def(Mnemonic.Shlx, xshift(XShift.Shl));
def(Mnemonic.Shrx, xshift(XShift.Shr));

// ---- flag instructions --------------------------------------------------------------------

const ALL_BUT_CF = PF | AF | ZF | SF | OF;

def(Mnemonic.Clc, () => (c) => setFlags(c, ALL_BUT_CF, 0));
def(Mnemonic.Stc, () => (c) => setFlags(c, ALL_BUT_CF, CF));
def(Mnemonic.Cmc, () => (c) => {
  const f = c.fop === FOp.Raw ? c.fraw : arithFlags(c);
  rawFlags(c, f ^ CF);
});
def(Mnemonic.Cld, () => (c) => {
  c.flagsOther &= ~DF;
});
def(Mnemonic.Std, () => (c) => {
  c.flagsOther |= DF;
});

const AX = 2 * RAX;
const LAHF_MASK = SF | ZF | AF | PF | CF;
// LAHF: AH = SF:ZF:0:AF:0:PF:1:CF.
def(Mnemonic.Lahf, () => (c) => {
  const f = (c.fop === FOp.Raw ? c.fraw : arithFlags(c)) & LAHF_MASK;
  c.r[AX] = (c.r[AX] & ~0xff00) | ((f | 2) << 8);
});
// SAHF: SF ZF AF PF CF from AH; OF unchanged.
def(Mnemonic.Sahf, () => (c) => {
  const ah = (c.r[AX] >>> 8) & LAHF_MASK;
  setFlags(c, OF, ah);
});

