/**
 * Operand accessors built once per decoded instruction. Handlers combine them into a closure with
 * everything known at decode time baked in (register numbers, displacement, immediate, width).
 *
 * Conventions: values of 8/16 bits are unsigned and masked; 32-bit values are int32; 64-bit values
 * travel as (lo, hi) int32 pairs — a 64-bit reader returns lo and leaves hi in `cpu.th`.
 */
import { ud } from './exceptions.js';
import { type Insn, type MemOp, K, RegClass, regInfo } from './decode.js';
import type { CPU } from './state.js';

export type EA = (c: CPU) => number;
export type Get = (c: CPU) => number;
export type Set = (c: CPU, v: number, hi: number) => void;

const TWO32 = 4294967296;

/** regVal returns the signed numeric value of a 64-bit register (exact below 2^53 in magnitude). */
function regNum(c: CPU, n: number): number {
  return c.r[2 * n + 1] * TWO32 + (c.r[2 * n] >>> 0);
}

/**
 * eaFn builds the effective-address function of a memory operand. The result is a signed number:
 * negative means the canonical upper half, >= 2^47 non-canonical; the memory layer faults on both.
 */
export function eaFn(m: MemOp): EA {
  const { base, index, scale, disp, seg, addr32 } = m;
  let f: EA;
  if (base >= 0 && index >= 0) {
    const bl = 2 * base, bh = bl + 1, il = 2 * index, ih = il + 1;
    f = (c) => c.r[bh] * TWO32 + (c.r[bl] >>> 0) + (c.r[ih] * TWO32 + (c.r[il] >>> 0)) * scale + disp;
  } else if (base >= 0) {
    const bl = 2 * base, bh = bl + 1;
    f = disp === 0 ? (c) => c.r[bh] * TWO32 + (c.r[bl] >>> 0) : (c) => c.r[bh] * TWO32 + (c.r[bl] >>> 0) + disp;
  } else if (index >= 0) {
    const il = 2 * index, ih = il + 1;
    f = (c) => (c.r[ih] * TWO32 + (c.r[il] >>> 0)) * scale + disp;
  } else {
    f = () => disp;
  }
  if (addr32) {
    const g = f;
    f = (c) => {
      const v = g(c) % TWO32;
      return v < 0 ? v + TWO32 : v;
    };
  }
  // The sum is not folded modulo 2^64: a result that is canonical only after wrapping needs
  // operands beyond 2^53, where doubles are inexact anyway; such sums stay non-canonical (#GP).
  if (seg === 'fs') {
    const g = f;
    return (c) => g(c) + c.fsBase;
  }
  if (seg === 'gs') {
    const g = f;
    return (c) => g(c) + c.gsBase;
  }
  return f;
}

export function memEA(insn: Insn): EA {
  if (!insn.mem) throw ud('no memory operand');
  return eaFn(insn.mem);
}

/** gprOf returns the GPR number and width of register operand `i` (throws #UD if not a GPR). */
export function gprOf(insn: Insn, i: number): { n: number; size: number; high: boolean } {
  const op = insn.ops[i];
  const { cls, n } = regInfo(op.reg);
  switch (cls) {
    case RegClass.Gpr8:
      return { n, size: 8, high: false };
    case RegClass.Gpr8High:
      return { n, size: 8, high: true };
    case RegClass.Gpr16:
      return { n, size: 16, high: false };
    case RegClass.Gpr32:
      return { n, size: 32, high: false };
    case RegClass.Gpr64:
      return { n, size: 64, high: false };
    default:
      throw ud('operand is not a general-purpose register');
  }
}

/** opSize returns the width in bits of operand `i` (register, memory or, failing those, operand 0). */
export function opSize(insn: Insn, i: number): number {
  const op = insn.ops[i];
  if (op.kind === K.Reg) return gprOf(insn, i).size;
  if (op.kind === K.Mem) return insn.memSize * 8;
  return opSize(insn, 0);
}

/** immValue returns the first immediate masked to `size` bits (lo; hi in the second slot). */
export function immOf(insn: Insn, size: number): [number, number] {
  switch (size) {
    case 8:
      return [insn.imm & 0xff, 0];
    case 16:
      return [insn.imm & 0xffff, 0];
    case 32:
      return [insn.imm | 0, 0];
    default:
      return [insn.imm | 0, insn.immHi | 0];
  }
}

/** readReg builds a reader for a GPR of the given width. */
export function readReg(n: number, size: number, high: boolean): Get {
  const lo = 2 * n, hi = lo + 1;
  switch (size) {
    case 8:
      return high ? (c) => (c.r[lo] >>> 8) & 0xff : (c) => c.r[lo] & 0xff;
    case 16:
      return (c) => c.r[lo] & 0xffff;
    case 32:
      return (c) => c.r[lo];
    default:
      return (c) => {
        c.th = c.r[hi];
        return c.r[lo];
      };
  }
}

/** writeReg builds a writer for a GPR: 8/16-bit writes merge, 32-bit writes zero the upper half. */
export function writeReg(n: number, size: number, high: boolean): Set {
  const lo = 2 * n, hi = lo + 1;
  switch (size) {
    case 8:
      return high
        ? (c, v) => {
            c.r[lo] = (c.r[lo] & ~0xff00) | ((v & 0xff) << 8);
          }
        : (c, v) => {
            c.r[lo] = (c.r[lo] & ~0xff) | (v & 0xff);
          };
    case 16:
      return (c, v) => {
        c.r[lo] = (c.r[lo] & ~0xffff) | (v & 0xffff);
      };
    case 32:
      return (c, v) => {
        c.r[lo] = v;
        c.r[hi] = 0;
      };
    default:
      return (c, v, h) => {
        c.r[lo] = v;
        c.r[hi] = h;
      };
  }
}

/** readMem builds a reader of `size` bits at an address. */
export function readAt(size: number): (c: CPU, a: number) => number {
  switch (size) {
    case 8:
      return (c, a) => c.mem.r8(a);
    case 16:
      return (c, a) => c.mem.r16(a);
    case 32:
      return (c, a) => c.mem.r32(a);
    default:
      return (c, a) => {
        const v = c.mem.r64(a);
        c.th = c.mem.hi;
        return v;
      };
  }
}

export function writeAt(size: number): (c: CPU, a: number, v: number, h: number) => void {
  switch (size) {
    case 8:
      return (c, a, v) => c.mem.w8(a, v);
    case 16:
      return (c, a, v) => c.mem.w16(a, v);
    case 32:
      return (c, a, v) => c.mem.w32(a, v);
    default:
      return (c, a, v, h) => c.mem.w64(a, v, h);
  }
}

/** reader builds a reader for operand `i` (register, memory or immediate) at width `size`. */
export function reader(insn: Insn, i: number, size: number): Get {
  const op = insn.ops[i];
  switch (op.kind) {
    case K.Reg: {
      const g = gprOf(insn, i);
      return readReg(g.n, g.size, g.high);
    }
    case K.Mem: {
      const ea = memEA(insn);
      switch (size) {
        case 8:
          return (c) => c.mem.r8(ea(c));
        case 16:
          return (c) => c.mem.r16(ea(c));
        case 32:
          return (c) => c.mem.r32(ea(c));
        default:
          return (c) => {
            const v = c.mem.r64(ea(c));
            c.th = c.mem.hi;
            return v;
          };
      }
    }
    case K.Imm: {
      const [lo, hi] = immOf(insn, size);
      return size === 64
        ? (c) => {
            c.th = hi;
            return lo;
          }
        : () => lo;
    }
    default:
      throw ud('unsupported operand kind');
  }
}

/** writer builds a writer for operand `i` (register or memory). */
export function writer(insn: Insn, i: number, size: number): Set {
  const op = insn.ops[i];
  if (op.kind === K.Reg) {
    const g = gprOf(insn, i);
    return writeReg(g.n, g.size, g.high);
  }
  if (op.kind === K.Mem) {
    const ea = memEA(insn);
    const wr = writeAt(size);
    return (c, v, h) => wr(c, ea(c), v, h);
  }
  throw ud('operand is not writable');
}

export function mask(size: number): number {
  return size === 8 ? 0xff : size === 16 ? 0xffff : -1;
}
