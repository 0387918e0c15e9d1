/**
 * FXSAVE/FXRSTOR images and the XSAVE feature set for the state this CPU has: x87 (component 0)
 * and SSE (component 1). XCR0 is fixed at x87|SSE = 3 (no AVX), so the XSAVE area is the 512-byte
 * legacy region plus the 64-byte XSAVE header: 576 bytes.
 *
 * Legacy region layout (SDM Vol. 1, Table 10-2 / Vol. 1, 13.4.1), 64-bit (REX.W) format:
 *   0 FCW  2 FSW  4 abridged FTW  5 reserved  6 FOP  8 FIP (8 bytes)  16 FDP (8 bytes)
 *   24 MXCSR  28 MXCSR_MASK  32 + 16*i ST(i)/MM(i) (10 bytes + 6 reserved)  160 + 16*i XMMi
 *   416..463 reserved, 464..511 available to software (neither is written).
 * Without REX.W: 8 FIP[31:0], 12 FCS, 16 FDP[31:0], 20 FDS. This CPU deprecates FCS/FDS
 * (CPUID.(EAX=07H,ECX=0):EBX[13]) and stores 0 in them.
 *
 * The ST(i) slot holds physical register R((TOP + i) & 7), TOP = FSW[13:11].
 *
 * XSAVE header (offset 512): XSTATE_BV (8 bytes), XCOMP_BV (8 bytes), reserved.
 */
import { gp0 } from './exceptions.js';
import type { CPU } from './state.js';

/** XCR0: x87 (bit 0) and SSE (bit 1). */
export const XCR0 = 3;
/** Bits of MXCSR that FXRSTOR/XRSTOR/LDMXCSR accept (all of 15:0, DAZ included); others #GP. */
export const MXCSR_MASK = 0x0000ffff;
export const FXSAVE_SIZE = 512;
export const XSAVE_HEADER = 512;
export const XSAVE_SIZE = 576;

export const FCW_INIT = 0x037f;
export const MXCSR_INIT = 0x1f80;

/** x87InInit says whether the x87 state is in its initial configuration (SDM Vol. 1, 13.6). */
export function x87InInit(c: CPU): boolean {
  const x = c.x87;
  if (x.fcw !== FCW_INIT || x.fsw !== 0 || (x.ftw & 0xff) !== 0 || x.fop !== 0 || x.fip !== 0 || x.fdp !== 0) {
    return false;
  }
  for (let i = 0; i < 80; i++) if (x.regs[i] !== 0) return false;
  return true;
}

/**
 * sseInInit: XMM0-15 are zero. MXCSR is not part of this tracking (XSAVE saves it whenever RFBM[1]
 * or RFBM[2] is set; hardware reports XSTATE_BV[1] = 0 for zero XMM registers whatever MXCSR is).
 */
export function sseInInit(c: CPU): boolean {
  for (let i = 0; i < 64; i++) if (c.xmm[i] !== 0) return false;
  return true;
}

/** xinuse returns XINUSE[1:0] as this processor tracks it (1 = component not in initial config). */
export function xinuse(c: CPU): number {
  return (x87InInit(c) ? 0 : 1) | (sseInInit(c) ? 0 : 2);
}

export function initX87(c: CPU): void {
  const x = c.x87;
  x.fcw = FCW_INIT;
  x.fsw = 0;
  x.ftw = 0;
  x.fop = 0;
  x.fip = 0;
  x.fdp = 0;
  x.regs.fill(0);
}

export function initSse(c: CPU): void {
  c.xmm.fill(0);
}

function setU64(dv: DataView, off: number, v: number): void {
  // v is a non-negative or signed number below 2^53 in magnitude (an address).
  const lo = v % 4294967296;
  dv.setUint32(off, lo < 0 ? lo + 4294967296 : lo, true);
  dv.setInt32(off + 4, Math.floor(v / 4294967296) | 0, true);
}

function getU64(dv: DataView, off: number): number {
  return dv.getInt32(off + 4, true) * 4294967296 + dv.getUint32(off, true);
}

/** writeX87 stores the x87 part of the legacy region (bytes 0..23 except MXCSR, and 32..159). */
function writeX87(c: CPU, img: Uint8Array, rexW: boolean): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const x = c.x87;
  dv.setUint16(0, x.fcw & 0xffff, true);
  dv.setUint16(2, x.fsw & 0xffff, true);
  img[4] = x.ftw & 0xff;
  img[5] = 0;
  dv.setUint16(6, x.fop & 0x7ff, true);
  if (rexW) {
    setU64(dv, 8, x.fip);
    setU64(dv, 16, x.fdp);
  } else {
    dv.setUint32(8, x.fip >>> 0, true);
    dv.setUint32(12, 0, true); // FCS (deprecated) and reserved
    dv.setUint32(16, x.fdp >>> 0, true);
    dv.setUint32(20, 0, true); // FDS (deprecated) and reserved
  }
  const top = (x.fsw >> 11) & 7;
  for (let i = 0; i < 8; i++) {
    const r = (top + i) & 7;
    const at = 32 + 16 * i;
    img.set(x.regs.subarray(10 * r, 10 * r + 10), at);
    img.fill(0, at + 10, at + 16);
  }
}

function writeMxcsr(c: CPU, img: Uint8Array): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  dv.setUint32(24, c.mxcsr >>> 0, true);
  dv.setUint32(28, MXCSR_MASK, true);
}

function writeXmm(c: CPU, img: Uint8Array): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  for (let i = 0; i < 64; i++) dv.setInt32(160 + 4 * i, c.xmm[i], true);
}

function readX87(c: CPU, img: Uint8Array, rexW: boolean): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  const x = c.x87;
  x.fcw = dv.getUint16(0, true);
  x.fsw = dv.getUint16(2, true);
  x.ftw = img[4];
  x.fop = dv.getUint16(6, true) & 0x7ff;
  if (rexW) {
    x.fip = getU64(dv, 8);
    x.fdp = getU64(dv, 16);
  } else {
    x.fip = dv.getUint32(8, true);
    x.fdp = dv.getUint32(16, true);
  }
  const top = (x.fsw >> 11) & 7;
  for (let i = 0; i < 8; i++) {
    const r = (top + i) & 7;
    x.regs.set(img.subarray(32 + 16 * i, 32 + 16 * i + 10), 10 * r);
  }
}

function readXmm(c: CPU, img: Uint8Array): void {
  const dv = new DataView(img.buffer, img.byteOffset, img.byteLength);
  for (let i = 0; i < 64; i++) c.xmm[i] = dv.getInt32(160 + 4 * i, true);
}

function imageMxcsr(img: Uint8Array): number {
  return new DataView(img.buffer, img.byteOffset, img.byteLength).getUint32(24, true);
}

/** checkMxcsr raises #GP(0) for a value with bits outside MXCSR_MASK. */
export function checkMxcsr(v: number): void {
  if ((v & ~MXCSR_MASK) !== 0) throw gp0('reserved MXCSR bits set');
}

/**
 * fxsaveImage returns the 512-byte FXSAVE image of the current x87/SSE state (64-bit format unless
 * `rexW` is false). Bytes 416..511 are zero (FXSAVE itself leaves them untouched in memory).
 */
export function fxsaveImage(c: CPU, rexW = true): Uint8Array {
  const img = new Uint8Array(FXSAVE_SIZE);
  writeX87(c, img, rexW);
  writeMxcsr(c, img);
  writeXmm(c, img);
  return img;
}

/**
 * fxrstorImage loads x87/SSE state from a 512-byte FXSAVE image. It throws #GP(0), changing
 * nothing, when the image's MXCSR has reserved bits set.
 */
export function fxrstorImage(c: CPU, img: Uint8Array, rexW = true): void {
  const mx = imageMxcsr(img);
  checkMxcsr(mx);
  readX87(c, img, rexW);
  c.mxcsr = mx;
  readXmm(c, img);
}

/**
 * xsaveInto updates a 576-byte XSAVE area image (standard form) as XSAVE with requested-feature
 * bitmap `rfbm` (already ANDed with XCR0) does: components in RFBM are written, MXCSR and
 * MXCSR_MASK when RFBM[1] or RFBM[2] is set, XSTATE_BV[i] = XINUSE[i] for i in RFBM (other
 * XSTATE_BV bits and the rest of the header are kept).
 */
export function xsaveInto(c: CPU, area: Uint8Array, rfbm: number, rexW: boolean): void {
  const legacy = area.subarray(0, FXSAVE_SIZE);
  if (rfbm & 1) writeX87(c, legacy, rexW);
  if (rfbm & 6) writeMxcsr(c, legacy);
  if (rfbm & 2) writeXmm(c, legacy);
  const inuse = xinuse(c);
  area[XSAVE_HEADER] = (area[XSAVE_HEADER] & ~rfbm) | (inuse & rfbm);
}

/**
 * xrstorFrom restores state from a 576-byte XSAVE area image (standard form) with RFBM `rfbm`.
 * All checks come first (#GP(0) for a compacted or malformed header, XSTATE_BV bits outside XCR0,
 * reserved MXCSR bits); then for each i in RFBM, component i is loaded if XSTATE_BV[i] is set and
 * initialized otherwise. MXCSR is loaded from the image whenever RFBM[1] or RFBM[2] is set.
 */
export function xrstorFrom(c: CPU, area: Uint8Array, rfbm: number, rexW: boolean): void {
  const dv = new DataView(area.buffer, area.byteOffset, area.byteLength);
  const bvLo = dv.getUint32(XSAVE_HEADER, true);
  const bvHi = dv.getUint32(XSAVE_HEADER + 4, true);
  const compHi = dv.getUint32(XSAVE_HEADER + 12, true);
  if (compHi & 0x80000000) throw gp0('XRSTOR: compacted format is not supported');
  if ((bvLo & ~XCR0) !== 0 || bvHi !== 0) throw gp0('XRSTOR: XSTATE_BV has bits outside XCR0');
  for (let i = 8; i < 24; i++) {
    if (area[XSAVE_HEADER + i] !== 0) throw gp0('XRSTOR: header bytes 23:8 are not zero');
  }
  const legacy = area.subarray(0, FXSAVE_SIZE);
  const mx = imageMxcsr(legacy);
  if (rfbm & 6) checkMxcsr(mx);
  if (rfbm & 1) {
    if (bvLo & 1) readX87(c, legacy, rexW);
    else initX87(c);
  }
  if (rfbm & 2) {
    if (bvLo & 2) readXmm(c, legacy);
    else initSse(c);
  }
  if (rfbm & 6) c.mxcsr = mx;
}
