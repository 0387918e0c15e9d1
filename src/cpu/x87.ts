/**
 * The x87 register stack on top of `X87State` (state.ts): ST(i) is physical register
 * R((TOP + i) & 7), TOP is FSW[13:11], and the abridged tag `ftw` has bit i set when R(i) holds a
 * value. Values travel as F80 (fp80.ts).
 *
 * FSW.ES and FSW.B are not independent state on this processor: they read as 1 exactly when some
 * exception flag in FSW[5:0] is unmasked in FCW (FLDCW, FLDENV, FRSTOR and FNSTENV all recompute
 * them). `syncES` applies that rule after every change to FSW or FCW, and an exception is pending
 * for the next waiting instruction exactly when `pendingX87` says so.
 */
import { type F80, type FpCtx, f80FromBytes, f80ToBytes } from './fp80.js';
import type { X87State } from './state.js';

export const FSW_IE = 0x0001;
export const FSW_DE = 0x0002;
export const FSW_ZE = 0x0004;
export const FSW_OE = 0x0008;
export const FSW_UE = 0x0010;
export const FSW_PE = 0x0020;
/** Stack fault: set together with IE on stack overflow (C1 = 1) or underflow (C1 = 0). */
export const FSW_SF = 0x0040;
export const FSW_ES = 0x0080;
export const FSW_C0 = 0x0100;
export const FSW_C1 = 0x0200;
export const FSW_C2 = 0x0400;
export const FSW_TOP = 0x3800;
export const FSW_C3 = 0x4000;
export const FSW_B = 0x8000;
/** The six exception flags (and the six mask bits of FCW). */
export const FSW_EXC = 0x003f;
export const FSW_CC = FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3;

export const FCW_INIT = 0x037f;
/** FCW bits that hold what is written (IM..PM, PC, RC, X); bit 6 always reads as 1. */
export const FCW_WRITABLE = 0x1f3f;
export const FCW_ONES = 0x0040;

/** Full tag values (FNSTENV/FNSAVE): valid, zero, special, empty. */
export const TAG_VALID = 0;
export const TAG_ZERO = 1;
export const TAG_SPECIAL = 2;
export const TAG_EMPTY = 3;

export function getTop(x: X87State): number {
  return (x.fsw >> 11) & 7;
}

export function setTop(x: X87State, top: number): void {
  x.fsw = (x.fsw & ~FSW_TOP) | ((top & 7) << 11);
}

/** physOf returns the physical register number of ST(i). */
export function physOf(x: X87State, i: number): number {
  return ((x.fsw >> 11) + i) & 7;
}

export function isEmpty(x: X87State, i: number): boolean {
  return (x.ftw & (1 << physOf(x, i))) === 0;
}

/** getST reads ST(i) (whatever the register holds, empty or not). */
export function getST(x: X87State, i: number): F80 {
  return f80FromBytes(x.regs, 10 * physOf(x, i));
}

/** putST writes ST(i) and tags it valid. */
export function putST(x: X87State, i: number, v: F80): void {
  const p = physOf(x, i);
  f80ToBytes(v, x.regs, 10 * p);
  x.ftw |= 1 << p;
}

/** pushST decrements TOP and writes the new ST(0) (the caller has checked for overflow). */
export function pushST(x: X87State, v: F80): void {
  setTop(x, getTop(x) - 1);
  putST(x, 0, v);
}

/** popST marks ST(0) empty and increments TOP. */
export function popST(x: X87State): void {
  x.ftw &= ~(1 << physOf(x, 0));
  setTop(x, getTop(x) + 1);
}

/** syncES makes FSW.ES and FSW.B say whether an unmasked exception flag is set. */
export function syncES(x: X87State): void {
  if ((x.fsw & ~x.fcw & FSW_EXC) !== 0) x.fsw |= FSW_ES | FSW_B;
  else x.fsw &= ~(FSW_ES | FSW_B);
}

/** pendingX87 says whether a waiting x87 instruction must raise #MF before it executes. */
export function pendingX87(x: X87State): boolean {
  return (x.fsw & ~x.fcw & FSW_EXC) !== 0;
}

/** loadFcw stores a new control word as FLDCW does (reserved bits read as the hardware has them). */
export function loadFcw(x: X87State, v: number): void {
  x.fcw = (v & FCW_WRITABLE) | FCW_ONES;
  syncES(x);
}

/** The rounding (FCW.RC) and precision (FCW.PC) controls as an fp80 context (one shared object). */
const ctx: FpCtx = { rc: 0, pc: 3 };
export function fpCtx(x: X87State): FpCtx {
  ctx.rc = ((x.fcw >> 10) & 3) as FpCtx['rc'];
  ctx.pc = ((x.fcw >> 8) & 3) as FpCtx['pc'];
  return ctx;
}

/** tagOf classifies the contents of physical register p for the full tag word. */
function tagOf(x: X87State, p: number): number {
  if ((x.ftw & (1 << p)) === 0) return TAG_EMPTY;
  const r = x.regs;
  const o = 10 * p;
  const exp = (r[o + 8] | (r[o + 9] << 8)) & 0x7fff;
  const intBit = r[o + 7] & 0x80;
  if (exp === 0x7fff) return TAG_SPECIAL;
  if (exp === 0) {
    for (let i = 0; i < 8; i++) if (r[o + i] !== 0) return TAG_SPECIAL;
    return TAG_ZERO;
  }
  return intBit ? TAG_VALID : TAG_SPECIAL;
}

/** fullTagWord returns the 16-bit tag word of FNSTENV/FNSAVE (2 bits per physical register). */
export function fullTagWord(x: X87State): number {
  let tw = 0;
  for (let p = 0; p < 8; p++) tw |= tagOf(x, p) << (2 * p);
  return tw;
}

/** abridgedTag converts a full tag word to the valid/empty bits kept in `ftw`. */
export function abridgedTag(tw: number): number {
  let t = 0;
  for (let p = 0; p < 8; p++) if (((tw >> (2 * p)) & 3) !== TAG_EMPTY) t |= 1 << p;
  return t;
}

/**
 * initX87State is FNINIT: FCW 037FH, FSW 0 (TOP 0), all registers empty, FIP/FDP/FOP cleared. The
 * register contents are kept, as the hardware keeps them.
 */
export function initX87State(x: X87State): void {
  x.fcw = FCW_INIT;
  x.fsw = 0;
  x.ftw = 0;
  x.fop = 0;
  x.fip = 0;
  x.fdp = 0;
}
