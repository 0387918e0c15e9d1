/**
 * String instructions: MOVS STOS LODS SCAS CMPS (B/W/D/Q) with REP / REPE / REPNE, DF = 0 or 1,
 * 64-bit or 32-bit (0x67) address size; plus CLD/STD when no other family provides them.
 *
 * Semantics (SDM Vol. 2B, "REP/REPE/REPZ/REPNE/REPNZ"): with a repeat prefix the count is RCX (ECX
 * with 0x67); a zero count does nothing at all. Each iteration does one element, advances RSI/RDI
 * by +-size (DF) and decrements the count; REPE stops after an iteration that cleared ZF, REPNE
 * after one that set it. MOVS/STOS/LODS treat an F2 prefix like F3.
 *
 * Resumability: registers (RSI, RDI, RCX, the accumulator for LODS, the flags for SCAS/CMPS) are
 * committed for the iterations completed before a fault, and the fault reports the instruction's
 * own RIP, so executing it again continues where it stopped. With RFLAGS.TF set, a repeated
 * instruction stops after one iteration; if iterations remain it raises #DB with RIP still at the
 * instruction, as hardware single-stepping does (one trap per iteration).
 *
 * Fast paths (DF either way for STOS, MOVS): whole runs of elements that lie inside one source and
 * one destination page are done with typed-array set/fill/copyWithin. Overlap inside a frame is
 * resolved exactly as an element-by-element copy would: a forward copy whose destination starts d
 * bytes after its source (d >= element size) replicates the first d bytes; the remaining hazardous
 * cases fall back to element-by-element copying.
 *
 * With 32-bit address size, RSI/RDI/RCX are updated as 32-bit registers (upper halves zeroed), and
 * the addresses wrap at 2^32 before the FS/GS base of a segment override is added.
 */
import { type Insn, K, Mnemonic, OpKind } from '../decode.js';
import { Vector, X86Exception, ud } from '../exceptions.js';
import { DF, TF } from '../flags.js';
import { Access, PAGE_SIZE, type Frame } from '../memory.js';
import { readAt, writeAt } from '../operands.js';
import { def, Flow, lookup, type Exec } from '../registry.js';
import { RAX, RCX, RDI, RSI, type CPU } from '../state.js';
import { sub32, sub64 } from './alu.js';

const TWO32 = 4294967296;
const AX = 2 * RAX, CX = 2 * RCX;

const enum Rep {
  None = 0,
  /** F3: REP for MOVS/STOS/LODS, REPE for SCAS/CMPS. */
  E = 1,
  /** F2: REPNE (REP for MOVS/STOS/LODS). */
  NE = 2,
}

interface StrInfo {
  /** Element size in bytes. */
  size: number;
  addr32: boolean;
  /** Segment override of the DS:rSI operand ('fs'/'gs'; others are null segments in 64-bit mode). */
  seg: 'fs' | 'gs' | null;
  rep: Rep;
}

const LEGACY_PREFIXES = new Set([0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65, 0x66, 0x67]);

function strInfo(insn: Insn, size: number): StrInfo {
  let seg: 'fs' | 'gs' | null = null;
  for (const b of insn.bytes) {
    if (!LEGACY_PREFIXES.has(b)) break;
    if (b === 0x64) seg = 'fs';
    else if (b === 0x65) seg = 'gs';
    else if (b === 0x2e || b === 0x36 || b === 0x3e || b === 0x26) seg = null;
  }
  let addr32 = false;
  for (const op of insn.ops) {
    if (op.kind !== K.StrMem) continue;
    if (op.reg === OpKind.MemorySegESI || op.reg === OpKind.MemorySegEDI || op.reg === OpKind.MemoryESEDI) addr32 = true;
  }
  const rep = insn.repne ? Rep.NE : insn.rep ? Rep.E : Rep.None;
  return { size, addr32, seg, rep };
}

// ---- register helpers -------------------------------------------------------------------------

/** regBase returns rSI/rDI as an address base (unsigned 32-bit, or the signed 64-bit value). */
function regBase(c: CPU, n: number, a32: boolean): number {
  return a32 ? c.r[2 * n] >>> 0 : c.r[2 * n + 1] * TWO32 + (c.r[2 * n] >>> 0);
}

/** at returns the address of element k: base + delta wrapped to 32 bits if needed, plus the segment base. */
function at(base: number, delta: number, a32: boolean, segBase: number): number {
  if (a32) {
    let v = (base + delta) % TWO32;
    if (v < 0) v += TWO32;
    return v + segBase;
  }
  return base + delta + segBase;
}

/** advance adds `delta` (an exact integer) to register n, as a 32- or 64-bit register. */
function advance(c: CPU, n: number, delta: number, a32: boolean): void {
  const lo = (c.r[2 * n] >>> 0) + delta;
  if (a32) {
    let v = lo % TWO32;
    if (v < 0) v += TWO32;
    c.r[2 * n] = v | 0;
    c.r[2 * n + 1] = 0;
    return;
  }
  const carry = Math.floor(lo / TWO32);
  c.r[2 * n] = (lo - carry * TWO32) | 0;
  c.r[2 * n + 1] = (c.r[2 * n + 1] + carry) | 0;
}

/** readCount returns RCX (ECX) as an unsigned number (inexact above 2^53, which never completes). */
function readCount(c: CPU, a32: boolean): number {
  return a32 ? c.r[CX] >>> 0 : (c.r[CX + 1] >>> 0) * TWO32 + (c.r[CX] >>> 0);
}

function segBaseOf(c: CPU, seg: 'fs' | 'gs' | null): number {
  return seg === 'fs' ? c.fsBase : seg === 'gs' ? c.gsBase : 0;
}

function stepTrap(): X86Exception {
  // Reported at the instruction (not after it): the repeated instruction is not finished.
  return new X86Exception(Vector.DB, 0, 0, false, 'single-step (REP iteration)');
}

/** iterationLimit: with TF set a repeated instruction does one iteration per step. */
function iterationLimit(c: CPU, count: number): number {
  return (c.flagsOther & TF) !== 0 && count > 1 ? 1 : count;
}

/**
 * runLen returns how many elements starting at `addr` (element k at addr + k*step) fit in the page
 * of `addr` without straddling, up to n; 0 if the first element straddles a page boundary.
 */
function runLen(addr: number, size: number, back: boolean, n: number): number {
  const off = addr % PAGE_SIZE;
  if (off + size > PAGE_SIZE) return 0;
  return Math.min(n, back ? Math.floor(off / size) + 1 : Math.floor((PAGE_SIZE - off) / size));
}

// ---- MOVS -------------------------------------------------------------------------------------

/**
 * copyRun copies m elements between two translated pages; returns false (copying nothing) when the
 * overlap cannot be reproduced with block operations.
 */
function copyRun(sf: Frame, sOff: number, df: Frame, dOff: number, len: number, size: number, back: boolean): boolean {
  if (sf !== df) {
    df.u8.set(sf.u8.subarray(sOff, sOff + len), dOff);
    return true;
  }
  const u8 = sf.u8;
  const overlap = dOff < sOff + len && sOff < dOff + len && dOff !== sOff;
  if (!overlap || (!back && dOff < sOff) || (back && dOff > sOff)) {
    // No hazard: an element-by-element copy reads only bytes it has not yet written (memmove).
    u8.copyWithin(dOff, sOff, sOff + len);
    return true;
  }
  if (back) return false;
  const d = dOff - sOff;
  if (d < size) return false;
  // Forward copy onto itself d bytes ahead: every byte takes the value d bytes before it.
  let w = 0;
  while (w < len) {
    const n = Math.min(len - w, d + w);
    u8.copyWithin(dOff + w, sOff, sOff + n);
    w += n;
  }
  return true;
}

function movsFactory(size: number) {
  return (insn: Insn): Exec => {
    const I = strInfo(insn, size);
    const rd = readAt(size * 8), wr = writeAt(size * 8);
    const a32 = I.addr32, seg = I.seg;
    if (I.rep === Rep.None) {
      return (c) => {
        const step = (c.flagsOther & DF) !== 0 ? -size : size;
        const v = rd(c, at(regBase(c, RSI, a32), 0, a32, segBaseOf(c, seg)));
        wr(c, at(regBase(c, RDI, a32), 0, a32, 0), v, c.th);
        advance(c, RSI, step, a32);
        advance(c, RDI, step, a32);
      };
    }
    return (c) => {
      const count = readCount(c, a32);
      if (count === 0) return;
      const back = (c.flagsOther & DF) !== 0;
      const step = back ? -size : size;
      const sb = regBase(c, RSI, a32), db = regBase(c, RDI, a32), sseg = segBaseOf(c, seg);
      const limit = iterationLimit(c, count);
      let done = 0;
      try {
        while (done < limit) {
          const src = at(sb, done * step, a32, sseg);
          const dst = at(db, done * step, a32, 0);
          const left = limit - done;
          if (left > 1) {
            // Translate in the order the current element accesses memory: read, then write.
            const sf = c.mem.translate(src, Access.Read);
            const ms = runLen(src, size, back, left);
            const df = ms > 0 ? c.mem.translate(dst, Access.Write) : null;
            const m = df ? Math.min(ms, runLen(dst, size, back, left)) : 0;
            if (df && m > 0) {
              const sOff = (src % PAGE_SIZE) - (back ? (m - 1) * size : 0);
              const dOff = (dst % PAGE_SIZE) - (back ? (m - 1) * size : 0);
              if (copyRun(sf, sOff, df, dOff, m * size, size, back)) {
                done += m;
                continue;
              }
            }
          }
          const v = rd(c, src);
          wr(c, dst, v, c.th);
          done++;
        }
      } finally {
        if (done > 0) {
          advance(c, RSI, done * step, a32);
          advance(c, RDI, done * step, a32);
          advance(c, RCX, -done, a32);
        }
      }
      if (done < count) throw stepTrap();
    };
  };
}

// ---- STOS -------------------------------------------------------------------------------------

/** fillRun stores m copies of the accumulator's low `size` bytes at page offset `off`. */
function fillRun(f: Frame, off: number, m: number, size: number, lo: number, hi: number): void {
  if (size === 1) {
    f.u8.fill(lo & 0xff, off, off + m);
    return;
  }
  const dv = f.dv;
  if (size === 2) dv.setUint16(off, lo & 0xffff, true);
  else {
    dv.setInt32(off, lo, true);
    if (size === 8) dv.setInt32(off + 4, hi, true);
  }
  const len = m * size;
  let w = size;
  while (w < len) {
    const n = Math.min(w, len - w);
    f.u8.copyWithin(off + w, off, off + n);
    w += n;
  }
}

function stosFactory(size: number) {
  return (insn: Insn): Exec => {
    const I = strInfo(insn, size);
    const wr = writeAt(size * 8);
    const a32 = I.addr32;
    const m = size === 1 ? 0xff : size === 2 ? 0xffff : -1;
    if (I.rep === Rep.None) {
      return (c) => {
        const step = (c.flagsOther & DF) !== 0 ? -size : size;
        wr(c, at(regBase(c, RDI, a32), 0, a32, 0), c.r[AX] & m, c.r[AX + 1]);
        advance(c, RDI, step, a32);
      };
    }
    return (c) => {
      const count = readCount(c, a32);
      if (count === 0) return;
      const back = (c.flagsOther & DF) !== 0;
      const step = back ? -size : size;
      const db = regBase(c, RDI, a32);
      const lo = c.r[AX] & m, hi = c.r[AX + 1];
      const limit = iterationLimit(c, count);
      let done = 0;
      try {
        while (done < limit) {
          const dst = at(db, done * step, a32, 0);
          const left = limit - done;
          if (left > 1) {
            const f = c.mem.translate(dst, Access.Write);
            const n = runLen(dst, size, back, left);
            if (n > 0) {
              fillRun(f, (dst % PAGE_SIZE) - (back ? (n - 1) * size : 0), n, size, lo, hi);
              done += n;
              continue;
            }
          }
          wr(c, dst, lo, hi);
          done++;
        }
      } finally {
        if (done > 0) {
          advance(c, RDI, done * step, a32);
          advance(c, RCX, -done, a32);
        }
      }
      if (done < count) throw stepTrap();
    };
  };
}

// ---- LODS -------------------------------------------------------------------------------------

function setAcc(c: CPU, size: number, v: number, h: number): void {
  switch (size) {
    case 1:
      c.r[AX] = (c.r[AX] & ~0xff) | (v & 0xff);
      break;
    case 2:
      c.r[AX] = (c.r[AX] & ~0xffff) | (v & 0xffff);
      break;
    case 4:
      c.r[AX] = v;
      c.r[AX + 1] = 0;
      break;
    default:
      c.r[AX] = v;
      c.r[AX + 1] = h;
  }
}

function lodsFactory(size: number) {
  return (insn: Insn): Exec => {
    const I = strInfo(insn, size);
    const rd = readAt(size * 8);
    const a32 = I.addr32, seg = I.seg;
    if (I.rep === Rep.None) {
      return (c) => {
        const step = (c.flagsOther & DF) !== 0 ? -size : size;
        const v = rd(c, at(regBase(c, RSI, a32), 0, a32, segBaseOf(c, seg)));
        setAcc(c, size, v, c.th);
        advance(c, RSI, step, a32);
      };
    }
    return (c) => {
      const count = readCount(c, a32);
      if (count === 0) return;
      const step = (c.flagsOther & DF) !== 0 ? -size : size;
      const sb = regBase(c, RSI, a32), sseg = segBaseOf(c, seg);
      const limit = iterationLimit(c, count);
      let done = 0, v = 0, vh = 0;
      try {
        while (done < limit) {
          v = rd(c, at(sb, done * step, a32, sseg));
          vh = c.th;
          done++;
        }
      } finally {
        if (done > 0) {
          setAcc(c, size, v, vh);
          advance(c, RSI, done * step, a32);
          advance(c, RCX, -done, a32);
        }
      }
      if (done < count) throw stepTrap();
    };
  };
}

// ---- SCAS / CMPS ------------------------------------------------------------------------------

/** recordCmp records the flags of `a - b` (64-bit values as lo/hi pairs). */
function recordCmp(c: CPU, size: number, a: number, ah: number, b: number, bh: number): void {
  if (size === 8) sub64(c, a, ah, b, bh);
  else sub32(c, a, b, size * 8);
}

/** continues says whether a REPE/REPNE loop goes on after an iteration that compared equal/unequal. */
function continues(rep: Rep, equal: boolean): boolean {
  return rep === Rep.E ? equal : !equal;
}

function scasFactory(size: number) {
  return (insn: Insn): Exec => {
    const I = strInfo(insn, size);
    const rd = readAt(size * 8);
    const a32 = I.addr32, rep = I.rep;
    const m = size === 1 ? 0xff : size === 2 ? 0xffff : -1;
    if (rep === Rep.None) {
      return (c) => {
        const step = (c.flagsOther & DF) !== 0 ? -size : size;
        const v = rd(c, at(regBase(c, RDI, a32), 0, a32, 0)), vh = c.th;
        recordCmp(c, size, c.r[AX] & m, c.r[AX + 1], v, vh);
        advance(c, RDI, step, a32);
      };
    }
    return (c) => {
      const count = readCount(c, a32);
      if (count === 0) return;
      const back = (c.flagsOther & DF) !== 0;
      const step = back ? -size : size;
      const db = regBase(c, RDI, a32);
      const acc = c.r[AX] & m, acch = size === 8 ? c.r[AX + 1] : 0;
      const limit = iterationLimit(c, count);
      let done = 0, v = 0, vh = 0, stop = false;
      try {
        while (done < limit && !stop) {
          const dst = at(db, done * step, a32, 0);
          if (size === 1 && !back && limit - done > 1) {
            // Byte scan of a page run with the frame's bytes.
            const f = c.mem.translate(dst, Access.Read);
            const off = dst % PAGE_SIZE;
            const n = Math.min(limit - done, PAGE_SIZE - off);
            const u8 = f.u8;
            let j = off;
            const end = off + n;
            if (rep === Rep.NE) {
              const k = u8.indexOf(acc, off);
              j = k >= 0 && k < end ? k : end;
            } else {
              while (j < end && u8[j] === acc) j++;
            }
            if (j < end) {
              v = u8[j];
              done += j - off + 1;
              stop = true;
            } else {
              v = u8[end - 1];
              done += n;
            }
            continue;
          }
          v = rd(c, dst);
          vh = c.th;
          done++;
          if (!continues(rep, v === acc && (size !== 8 || vh === acch))) stop = true;
        }
      } finally {
        if (done > 0) {
          recordCmp(c, size, acc, acch, v, vh);
          advance(c, RDI, done * step, a32);
          advance(c, RCX, -done, a32);
        }
      }
      if (!stop && done < count) throw stepTrap();
    };
  };
}

function cmpsFactory(size: number) {
  return (insn: Insn): Exec => {
    const I = strInfo(insn, size);
    const rd = readAt(size * 8);
    const a32 = I.addr32, rep = I.rep, seg = I.seg;
    if (rep === Rep.None) {
      return (c) => {
        const step = (c.flagsOther & DF) !== 0 ? -size : size;
        const a = rd(c, at(regBase(c, RSI, a32), 0, a32, segBaseOf(c, seg))), ah = c.th;
        const b = rd(c, at(regBase(c, RDI, a32), 0, a32, 0)), bh = c.th;
        recordCmp(c, size, a, ah, b, bh);
        advance(c, RSI, step, a32);
        advance(c, RDI, step, a32);
      };
    }
    return (c) => {
      const count = readCount(c, a32);
      if (count === 0) return;
      const step = (c.flagsOther & DF) !== 0 ? -size : size;
      const sb = regBase(c, RSI, a32), db = regBase(c, RDI, a32), sseg = segBaseOf(c, seg);
      const limit = iterationLimit(c, count);
      let done = 0, a = 0, ah = 0, b = 0, bh = 0, stop = false;
      try {
        while (done < limit && !stop) {
          const na = rd(c, at(sb, done * step, a32, sseg)), nah = c.th;
          const nb = rd(c, at(db, done * step, a32, 0)), nbh = c.th;
          a = na;
          ah = nah;
          b = nb;
          bh = nbh;
          done++;
          if (!continues(rep, a === b && (size !== 8 || ah === bh))) stop = true;
        }
      } finally {
        if (done > 0) {
          recordCmp(c, size, a, ah, b, bh);
          advance(c, RSI, done * step, a32);
          advance(c, RDI, done * step, a32);
          advance(c, RCX, -done, a32);
        }
      }
      if (!stop && done < count) throw stepTrap();
    };
  };
}

// ---- registration -----------------------------------------------------------------------------

/** isStringForm tells the string form of MOVSD/CMPSD from the SSE2 instructions of the same name. */
export function isStringForm(insn: Insn): boolean {
  return insn.ops.length === 0 || insn.ops.some((op) => op.kind === K.StrMem);
}

/** stringFactory builds the handler of a string instruction (for families sharing a mnemonic). */
export function stringFactory(insn: Insn): Exec {
  switch (insn.mnemonic) {
    case Mnemonic.Movsd:
      return movsFactory(4)(insn);
    case Mnemonic.Cmpsd:
      return cmpsFactory(4)(insn);
    default:
      throw ud('not a string instruction');
  }
}

def(Mnemonic.Movsb, movsFactory(1));
def(Mnemonic.Movsw, movsFactory(2));
def(Mnemonic.Movsq, movsFactory(8));
def(Mnemonic.Stosb, stosFactory(1));
def(Mnemonic.Stosw, stosFactory(2));
def(Mnemonic.Stosd, stosFactory(4));
def(Mnemonic.Stosq, stosFactory(8));
def(Mnemonic.Lodsb, lodsFactory(1));
def(Mnemonic.Lodsw, lodsFactory(2));
def(Mnemonic.Lodsd, lodsFactory(4));
def(Mnemonic.Lodsq, lodsFactory(8));
def(Mnemonic.Scasb, scasFactory(1));
def(Mnemonic.Scasw, scasFactory(2));
def(Mnemonic.Scasd, scasFactory(4));
def(Mnemonic.Scasq, scasFactory(8));
def(Mnemonic.Cmpsb, cmpsFactory(1));
def(Mnemonic.Cmpsw, cmpsFactory(2));
def(Mnemonic.Cmpsq, cmpsFactory(8));

/**
 * MOVSD and CMPSD share their mnemonic with the SSE2 scalar-double instructions: the string forms
 * are handled here and any other form goes to the handler registered before this file (if any).
 * A family registered later must do the same (see isStringForm / stringFactory).
 */
for (const [mn, f] of [[Mnemonic.Movsd, movsFactory(4)], [Mnemonic.Cmpsd, cmpsFactory(4)]] as const) {
  const prev = lookup(mn);
  def(
    mn,
    (insn) => {
      if (isStringForm(insn)) return f(insn);
      if (prev) return prev.factory(insn);
      throw ud('SSE2 form not implemented');
    },
    prev?.flow ?? Flow.Next,
  );
}

/** CLD/STD (unless a flags family has registered them): DF is read by every string instruction. */
if (!lookup(Mnemonic.Cld)) {
  def(Mnemonic.Cld, () => (c) => {
    c.flagsOther &= ~DF;
  });
}
if (!lookup(Mnemonic.Std)) {
  def(Mnemonic.Std, () => (c) => {
    c.flagsOther |= DF;
  });
}
