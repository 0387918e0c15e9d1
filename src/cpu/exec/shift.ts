/**
 * Shifts and rotates: SHL/SAL SHR SAR ROL ROR RCL RCR (count 1, imm8 or CL), SHLD SHRD.
 *
 * The count is masked to 5 bits (6 for 64-bit operands). A masked count of 0 changes nothing —
 * not even flags — except that a 32-bit register destination is still zero-extended. Memory
 * destinations are checked for writing first (read-modify-write faults as a write), whatever the
 * count.
 *
 * Flags: shifts set SF/ZF/PF from the result with explicit CF/OF/AF (setResultFlags); rotates
 * change only CF and OF. Where the SDM leaves a flag undefined (OF for counts above 1, AF, counts
 * beyond the operand width for 8/16-bit forms and SHLD/SHRD) the values follow the reference CPU.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { ud } from '../exceptions.js';
import { AF, CF, FOp, OF, arithFlags, getCF, setResultFlags } from '../flags.js';
import { gprOf, memEA, opSize, readAt, readReg, writeAt, writeReg } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RCX, type CPU } from '../state.js';

/** Op computes an 8/16/32-bit shift by a masked, non-zero count and records its flags. */
type Op = (c: CPU, v: number, n: number) => number;
/** Op64 computes a 64-bit shift of (lo, hi); returns lo, leaves hi in c.th. */
type Op64 = (c: CPU, lo: number, hi: number, n: number) => number;

const CL = 2 * RCX;

function msk(s: number): number {
  return s === 32 ? -1 : (1 << s) - 1;
}

/** rotFlags replaces CF and OF, keeping the other arithmetic flags. */
function rotFlags(c: CPU, cf: number, of: number): void {
  const f = (c.fop === FOp.Raw ? c.fraw : arithFlags(c)) & ~(CF | OF);
  c.fop = FOp.Raw;
  c.fraw = f | (cf !== 0 ? CF : 0) | (of !== 0 ? OF : 0);
}

// ---- 64-bit pair helpers ------------------------------------------------------------------

let xh = 0;
/** shl64 shifts (lo, hi) left by k (0..64); returns lo, hi in xh. */
function shl64(lo: number, hi: number, k: number): number {
  if (k === 0) { xh = hi; return lo; }
  if (k < 32) { xh = (hi << k) | (lo >>> (32 - k)); return lo << k; }
  if (k < 64) { xh = lo << (k - 32); return 0; }
  xh = 0;
  return 0;
}
/** shr64 shifts (lo, hi) right (logically) by k (0..64); returns lo, hi in xh. */
function shr64(lo: number, hi: number, k: number): number {
  if (k === 0) { xh = hi; return lo; }
  if (k < 32) { xh = hi >>> k | 0; return (lo >>> k) | (hi << (32 - k)); }
  if (k < 64) { xh = 0; return (hi >>> (k - 32)) | 0; }
  xh = 0;
  return 0;
}
/** bit64 returns bit k (0..63) of (lo, hi). */
function bit64(lo: number, hi: number, k: number): number {
  return k < 32 ? (lo >>> k) & 1 : (hi >>> (k - 32)) & 1;
}

// ---- SHL / SHR / SAR ----------------------------------------------------------------------

function shl(s: number): Op {
  const m = msk(s), top = s - 1;
  return (c, v, n) => {
    const r = (v << n) & m;
    const cf = n <= s ? (v >>> (s - n)) & 1 : 0;
    const of = ((r >>> top) & 1) ^ cf;
    setResultFlags(c, s, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
    return r;
  };
}
const shl64op: Op64 = (c, lo, hi, n) => {
  const rl = shl64(lo, hi, n), rh = xh;
  const cf = bit64(lo, hi, 64 - n);
  const of = (rh >>> 31) ^ cf;
  setResultFlags(c, 64, rl, rh, AF | (cf ? CF : 0) | (of ? OF : 0));
  c.th = rh;
  return rl;
};

function shr(s: number): Op {
  const top = s - 1;
  return (c, v, n) => {
    const r = s === 32 ? (v >>> n) | 0 : v >>> n;
    const cf = (v >>> (n - 1)) & 1;
    const of = n === 1 ? (v >>> top) & 1 : 0;
    setResultFlags(c, s, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
    return r;
  };
}
const shr64op: Op64 = (c, lo, hi, n) => {
  const rl = shr64(lo, hi, n), rh = xh;
  const cf = bit64(lo, hi, n - 1);
  const of = n === 1 ? hi >>> 31 : 0;
  setResultFlags(c, 64, rl, rh, AF | (cf ? CF : 0) | (of ? OF : 0));
  c.th = rh;
  return rl;
};

function sar(s: number): Op {
  const m = msk(s), sh = 32 - s;
  return (c, v, n) => {
    const sv = (v << sh) >> sh;
    const r = (sv >> n) & m;
    const cf = (sv >> (n - 1)) & 1;
    setResultFlags(c, s, r, 0, AF | (cf ? CF : 0));
    return r;
  };
}
const sar64op: Op64 = (c, lo, hi, n) => {
  let rl: number, rh: number, cf: number;
  if (n < 32) {
    rl = (lo >>> n) | (n === 0 ? 0 : hi << (32 - n));
    rh = hi >> n;
    cf = (lo >>> (n - 1)) & 1;
  } else {
    rl = hi >> (n - 32);
    rh = hi >> 31;
    cf = n === 32 ? lo >>> 31 : (hi >> (n - 33)) & 1;
  }
  setResultFlags(c, 64, rl, rh, AF | (cf ? CF : 0));
  c.th = rh;
  return rl;
};

// ---- ROL / ROR ----------------------------------------------------------------------------

function rol(s: number): Op {
  const m = msk(s), top = s - 1;
  return (c, v, n) => {
    const k = n & top;
    const r = k === 0 ? v : ((v << k) | (v >>> (s - k))) & m;
    const cf = r & 1;
    rotFlags(c, cf, ((r >>> top) & 1) ^ cf);
    return r;
  };
}
const rol64op: Op64 = (c, lo, hi, n) => {
  const a = shl64(lo, hi, n), ah = xh;
  const b = shr64(lo, hi, 64 - n), bh = xh;
  const rl = a | b, rh = ah | bh;
  const cf = rl & 1;
  rotFlags(c, cf, (rh >>> 31) ^ cf);
  c.th = rh;
  return rl;
};

function ror(s: number): Op {
  const m = msk(s), top = s - 1;
  return (c, v, n) => {
    const k = n & top;
    const r = k === 0 ? v : ((v >>> k) | (v << (s - k))) & m;
    const cf = (r >>> top) & 1;
    rotFlags(c, cf, cf ^ ((r >>> (top - 1)) & 1));
    return r;
  };
}
const ror64op: Op64 = (c, lo, hi, n) => {
  const a = shr64(lo, hi, n), ah = xh;
  const b = shl64(lo, hi, 64 - n), bh = xh;
  const rl = a | b, rh = ah | bh;
  const cf = rh >>> 31;
  rotFlags(c, cf, cf ^ ((rh >>> 30) & 1));
  c.th = rh;
  return rl;
};

// ---- RCL / RCR ----------------------------------------------------------------------------

function rcl(s: number): Op {
  const m = msk(s), top = s - 1;
  return (c, v, n) => {
    const k = s === 32 ? n : n % (s + 1);
    const cin = getCF(c) ? 1 : 0;
    let r: number, cf: number;
    if (k === 0) {
      r = v;
      cf = cin;
    } else if (s === 32) {
      r = k === 1 ? (v << 1) | cin : (v << k) | (cin << (k - 1)) | (v >>> (33 - k));
      cf = (v >>> (32 - k)) & 1;
    } else {
      // (s+1)-bit rotate of CF:v.
      const x = (cin << s) | v;
      const y = (x << k) | (x >>> (s + 1 - k));
      r = y & m;
      cf = (y >>> s) & 1;
    }
    rotFlags(c, cf, ((r >>> top) & 1) ^ cf);
    return r;
  };
}
const rcl64op: Op64 = (c, lo, hi, n) => {
  const cin = getCF(c) ? 1 : 0;
  // 65-bit rotate: (x << n) | (cin << (n-1)) | (x >>> (65-n)).
  let rl = shl64(lo, hi, n), rh = xh;
  const t = shr64(lo, hi, 65 - n), th = xh;
  rl |= t;
  rh |= th;
  if (cin) {
    if (n - 1 < 32) rl |= 1 << (n - 1);
    else rh |= 1 << (n - 33);
  }
  const cf = bit64(lo, hi, 64 - n);
  rotFlags(c, cf, (rh >>> 31) ^ cf);
  c.th = rh;
  return rl;
};

function rcr(s: number): Op {
  const m = msk(s), top = s - 1;
  return (c, v, n) => {
    const k = s === 32 ? n : n % (s + 1);
    const cin = getCF(c) ? 1 : 0;
    let r: number, cf: number;
    if (k === 0) {
      r = v;
      cf = cin;
    } else if (s === 32) {
      r = k === 1 ? (v >>> 1) | (cin << 31) : (v >>> k) | (cin << (32 - k)) | (v << (33 - k));
      cf = (v >>> (k - 1)) & 1;
    } else {
      const x = (cin << s) | v;
      const y = (x >>> k) | (x << (s + 1 - k));
      r = y & m;
      cf = (y >>> s) & 1;
    }
    rotFlags(c, cf, ((r >>> top) ^ (r >>> (top - 1))) & 1);
    return r;
  };
}
const rcr64op: Op64 = (c, lo, hi, n) => {
  const cin = getCF(c) ? 1 : 0;
  // 65-bit rotate: (x >>> n) | (cin << (64-n)) | (x << (65-n)).
  let rl = shr64(lo, hi, n), rh = xh;
  const t = shl64(lo, hi, 65 - n), th = xh;
  rl |= t;
  rh |= th;
  if (cin) {
    const b = 64 - n;
    if (b < 32) rl |= 1 << b;
    else rh |= 1 << (b - 32);
  }
  const cf = bit64(lo, hi, n - 1);
  rotFlags(c, cf, ((rh >>> 31) ^ (rh >>> 30)) & 1);
  c.th = rh;
  return rl;
};

// ---- handler construction -----------------------------------------------------------------

/**
 * build turns a per-width operation into a handler. `count(c)` yields the raw count (or the
 * count is the constant `imm` when `count` is null). The count is masked here; 0 does nothing.
 */
function build(insn: Insn, size: number, op: Op | null, op64: Op64 | null, count: ((c: CPU) => number) | null, imm: number): Exec {
  const cm = size === 64 ? 63 : 31;
  const k = imm & cm;
  const bytes = size / 8;
  if (insn.ops[0].kind === K.Reg) {
    const g = gprOf(insn, 0);
    const lo = 2 * g.n, hi = lo + 1;
    if (size === 64) {
      const f = op64!;
      if (count === null) {
        if (k === 0) return () => {};
        return (c) => {
          const r = c.r;
          r[lo] = f(c, r[lo], r[hi], k);
          r[hi] = c.th;
        };
      }
      return (c) => {
        const n = count(c) & 63;
        if (n === 0) return;
        const r = c.r;
        r[lo] = f(c, r[lo], r[hi], n);
        r[hi] = c.th;
      };
    }
    const f = op!;
    if (size === 32) {
      if (count === null) {
        if (k === 0) return (c) => { c.r[hi] = 0; };
        return (c) => {
          const r = c.r;
          r[lo] = f(c, r[lo], k);
          r[hi] = 0;
        };
      }
      return (c) => {
        const n = count(c) & 31;
        const r = c.r;
        if (n !== 0) r[lo] = f(c, r[lo], n);
        r[hi] = 0;
      };
    }
    const rd = readReg(g.n, size, g.high), wr = writeReg(g.n, size, g.high);
    if (count === null) {
      if (k === 0) return () => {};
      return (c) => wr(c, f(c, rd(c), k), 0);
    }
    return (c) => {
      const n = count(c) & 31;
      if (n !== 0) wr(c, f(c, rd(c), n), 0);
    };
  }
  if (insn.ops[0].kind !== K.Mem) throw ud('shift: bad destination');
  const ea = memEA(insn);
  const rd = readAt(size), wr = writeAt(size);
  if (size === 64) {
    const f = op64!;
    return (c) => {
      const a = ea(c);
      const n = count === null ? k : count(c) & 63;
      c.mem.checkWrite(a, 8);
      const lo = rd(c, a), hi = c.th;
      if (n === 0) return;
      const rl = f(c, lo, hi, n);
      wr(c, a, rl, c.th);
    };
  }
  const f = op!;
  return (c) => {
    const a = ea(c);
    const n = count === null ? k : count(c) & 31;
    c.mem.checkWrite(a, bytes);
    const v = rd(c, a);
    if (n === 0) return;
    wr(c, a, f(c, v, n), 0);
  };
}

const clCount = (c: CPU) => c.r[CL] & 0xff;

function shiftFactory(mk: (s: number) => Op, op64: Op64) {
  const ops = new Map<number, Op>([8, 16, 32].map((s) => [s, mk(s)]));
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    const cop = insn.ops[1];
    const count = cop.kind === K.Imm ? null : clCount;
    return build(insn, size, ops.get(size) ?? null, op64, count, insn.imm & 0xff);
  };
}

def([Mnemonic.Shl, Mnemonic.Sal], shiftFactory(shl, shl64op));
def(Mnemonic.Shr, shiftFactory(shr, shr64op));
def(Mnemonic.Sar, shiftFactory(sar, sar64op));
def(Mnemonic.Rol, shiftFactory(rol, rol64op));
def(Mnemonic.Ror, shiftFactory(ror, ror64op));
def(Mnemonic.Rcl, shiftFactory(rcl, rcl64op));
def(Mnemonic.Rcr, shiftFactory(rcr, rcr64op));

// ---- SHLD / SHRD --------------------------------------------------------------------------

/** DOp computes a double shift of dst by a non-zero masked count, filling from src. */
type DOp = (c: CPU, d: number, s: number, n: number) => number;
type DOp64 = (c: CPU, dl: number, dh: number, sl: number, sh: number, n: number) => number;

function shld(s: number): DOp {
  if (s === 32) {
    return (c, d, src, n) => {
      const r = (d << n) | (src >>> (32 - n));
      const cf = (d >>> (32 - n)) & 1;
      const of = (r >>> 31) ^ cf;
      setResultFlags(c, 32, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
      return r;
    };
  }
  // 16-bit counts above 16 (undefined in the SDM): the reference CPU shifts the 48-bit string
  // dst:src:src and clears CF and OF.
  return (c, d, src, n) => {
    if (n > 16) {
      const r = ((src << (n - 16)) | (src >>> (32 - n))) & 0xffff;
      setResultFlags(c, 16, r, 0, AF);
      return r;
    }
    const r = ((((d << 16) | src) << n) >>> 16) & 0xffff;
    const cf = (d >>> (16 - n)) & 1;
    // A count of exactly 16 sets OF = CF on the reference CPU.
    const of = n === 16 ? cf : (r >>> 15) ^ cf;
    setResultFlags(c, 16, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
    return r;
  };
}
const shld64: DOp64 = (c, dl, dh, sl, sh, n) => {
  const a = shl64(dl, dh, n), ah = xh;
  const b = shr64(sl, sh, 64 - n), bh = xh;
  const rl = a | b, rh = ah | bh;
  const cf = bit64(dl, dh, 64 - n);
  const of = (rh >>> 31) ^ cf;
  setResultFlags(c, 64, rl, rh, AF | (cf ? CF : 0) | (of ? OF : 0));
  c.th = rh;
  return rl;
};

function shrd(s: number): DOp {
  if (s === 32) {
    return (c, d, src, n) => {
      const r = (d >>> n) | (src << (32 - n));
      const cf = (d >>> (n - 1)) & 1;
      const of = ((r >>> 31) ^ (r >>> 30)) & 1;
      setResultFlags(c, 32, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
      return r;
    };
  }
  // 16-bit counts above 16: the string is src:src:dst; CF is cleared.
  return (c, d, src, n) => {
    let r: number, cf: number;
    if (n > 16) {
      r = ((src >>> (n - 16)) | (src << (32 - n))) & 0xffff;
      cf = 0;
    } else {
      r = ((((src << 16) | d) >>> n)) & 0xffff;
      cf = (d >>> (n - 1)) & 1;
    }
    const of = ((r >>> 15) ^ (r >>> 14)) & 1;
    setResultFlags(c, 16, r, 0, AF | (cf ? CF : 0) | (of ? OF : 0));
    return r;
  };
}
const shrd64: DOp64 = (c, dl, dh, sl, sh, n) => {
  const a = shr64(dl, dh, n), ah = xh;
  const b = shl64(sl, sh, 64 - n), bh = xh;
  const rl = a | b, rh = ah | bh;
  const cf = bit64(dl, dh, n - 1);
  const of = ((rh >>> 31) ^ (rh >>> 30)) & 1;
  setResultFlags(c, 64, rl, rh, AF | (cf ? CF : 0) | (of ? OF : 0));
  c.th = rh;
  return rl;
};

function doubleFactory(mk: (s: number) => DOp, op64: DOp64) {
  const op16 = mk(16), op32 = mk(32);
  return (insn: Insn): Exec => {
    const size = opSize(insn, 0);
    const cm = size === 64 ? 63 : 31;
    const fixed = insn.ops[2].kind === K.Imm;
    const k = insn.imm & cm;
    const sg = gprOf(insn, 1);
    const slo = 2 * sg.n, shi = slo + 1;
    const smask = size === 16 ? 0xffff : -1;
    if (insn.ops[0].kind === K.Reg) {
      const g = gprOf(insn, 0);
      const lo = 2 * g.n, hi = lo + 1;
      if (size === 64) {
        return (c) => {
          const n = fixed ? k : c.r[CL] & 63;
          if (n === 0) return;
          const r = c.r;
          const rl = op64(c, r[lo], r[hi], r[slo], r[shi], n);
          r[lo] = rl;
          r[hi] = c.th;
        };
      }
      if (size === 32) {
        return (c) => {
          const n = fixed ? k : c.r[CL] & 31;
          const r = c.r;
          if (n !== 0) r[lo] = op32(c, r[lo], r[slo], n);
          r[hi] = 0;
        };
      }
      return (c) => {
        const n = fixed ? k : c.r[CL] & 31;
        if (n === 0) return;
        const r = c.r;
        r[lo] = (r[lo] & ~0xffff) | op16(c, r[lo] & 0xffff, r[slo] & 0xffff, n);
      };
    }
    const ea = memEA(insn);
    const rd = readAt(size), wr = writeAt(size);
    const bytes = size / 8;
    if (size === 64) {
      return (c) => {
        const a = ea(c);
        const n = fixed ? k : c.r[CL] & 63;
        c.mem.checkWrite(a, 8);
        const dl = rd(c, a), dh = c.th;
        if (n === 0) return;
        const rl = op64(c, dl, dh, c.r[slo], c.r[shi], n);
        wr(c, a, rl, c.th);
      };
    }
    const op = size === 32 ? op32 : op16;
    return (c) => {
      const a = ea(c);
      const n = fixed ? k : c.r[CL] & 31;
      c.mem.checkWrite(a, bytes);
      const d = rd(c, a);
      if (n === 0) return;
      wr(c, a, op(c, d, c.r[slo] & smask, n), 0);
    };
  };
}

def(Mnemonic.Shld, doubleFactory(shld, shld64));
def(Mnemonic.Shrd, doubleFactory(shrd, shrd64));

