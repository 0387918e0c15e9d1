/**
 * Guest virtual memory: a page table of 4 KiB pages with R/W/X permissions, frames allocated on
 * first touch, and a software TLB per access kind.
 *
 * Addresses are JS numbers. Canonical user addresses are below 2^47 and exact; an effective address
 * computed from sign-interpreted registers may be negative (the canonical upper half) or at/above
 * 2^47 (non-canonical): neither can hit the TLB, and the slow path raises #PF or #GP(0) for them.
 */
import { PF_I, PF_P, PF_U, PF_W, Vector, X86Exception } from './exceptions.js';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** The lowest non-canonical address (bit 47 set, 4-level paging). */
export const CANONICAL_LIMIT = 2 ** 47;

export const enum Access {
  Read = 0,
  Write = 1,
  Exec = 2,
}

/** Frame is one page of guest "physical" memory; it may be shared by several mappings (MAP_SHARED). */
export class Frame {
  readonly u8: Uint8Array;
  readonly dv: DataView;
  constructor(src?: Uint8Array) {
    const buf = new ArrayBuffer(PAGE_SIZE);
    this.u8 = new Uint8Array(buf);
    this.dv = new DataView(buf);
    if (src) this.u8.set(src);
  }
}

/** Pte is one page-table entry: the page's permissions and its frame (null until first touched). */
export interface Pte {
  prot: number;
  frame: Frame | null;
  /** Decoded blocks exist for this page: writes go through the slow path and invalidate them. */
  code: boolean;
}

const TLB_SIZE = 256;
const TLB_MASK = TLB_SIZE - 1;

/**
 * Pager lets the kernel resolve a miss before it becomes a #PF (demand paging, stack growth, the
 * SGX driver's fault handler). It returns true when it made the access possible.
 */
export type Pager = (vaddr: number, access: Access) => boolean;

export class AddressSpace {
  readonly ptes = new Map<number, Pte>();
  pager: Pager | null = null;
  /** Called when a page that holds decoded code is written or unmapped. */
  onCodeWrite: ((vpn: number) => void) | null = null;

  // One TLB per access kind: tag = vpn (or -1), data = the frame's DataView.
  private readonly rTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly rDv: DataView[] = new Array(TLB_SIZE);
  private readonly wTag = new Float64Array(TLB_SIZE).fill(-1);
  private readonly wDv: DataView[] = new Array(TLB_SIZE);
  /** The high half of the last r64() result. */
  hi = 0;
  /**
   * Alignment checking (RFLAGS.AC with CR0.AM, which Linux sets): misaligned data accesses raise
   * #AC. While on, the TLBs stay empty so every access takes the checking slow path.
   */
  alignCheck = false;

  setAlignmentCheck(on: boolean): void {
    this.alignCheck = on;
    this.flushAll();
  }

  private checkAlign(a: number, n: number): void {
    if (a % n !== 0) throw new X86Exception(Vector.AC, 0, 0, false, 'misaligned access with RFLAGS.AC set');
  }

  // ---- mapping ----------------------------------------------------------------------------

  /** map creates page-table entries for [vaddr, vaddr+len) with `prot`; frames come on first touch. */
  map(vaddr: number, len: number, prot: number): void {
    const first = Math.floor(vaddr / PAGE_SIZE);
    const last = Math.ceil((vaddr + len) / PAGE_SIZE);
    for (let vpn = first; vpn < last; vpn++) {
      const old = this.ptes.get(vpn);
      if (old?.code) this.onCodeWrite?.(vpn);
      this.ptes.set(vpn, { prot, frame: null, code: false });
      this.flushPage(vpn);
    }
  }

  /** mapFrame installs an existing frame (shared memory) at page `vpn`. */
  mapFrame(vpn: number, frame: Frame, prot: number): void {
    const old = this.ptes.get(vpn);
    if (old?.code) this.onCodeWrite?.(vpn);
    this.ptes.set(vpn, { prot, frame, code: false });
    this.flushPage(vpn);
  }

  unmap(vaddr: number, len: number): void {
    const first = Math.floor(vaddr / PAGE_SIZE);
    const last = Math.ceil((vaddr + len) / PAGE_SIZE);
    for (let vpn = first; vpn < last; vpn++) {
      const pte = this.ptes.get(vpn);
      if (!pte) continue;
      if (pte.code) this.onCodeWrite?.(vpn);
      this.ptes.delete(vpn);
      this.flushPage(vpn);
    }
  }

  protect(vaddr: number, len: number, prot: number): void {
    const first = Math.floor(vaddr / PAGE_SIZE);
    const last = Math.ceil((vaddr + len) / PAGE_SIZE);
    for (let vpn = first; vpn < last; vpn++) {
      const pte = this.ptes.get(vpn);
      if (!pte) continue;
      if (pte.code && !(prot & PROT_EXEC)) this.onCodeWrite?.(vpn);
      pte.prot = prot;
      this.flushPage(vpn);
    }
  }

  /** frameOf returns the frame backing `vpn`, allocating it; null if the page is not mapped. */
  frameOf(vpn: number): Frame | null {
    const pte = this.ptes.get(vpn);
    if (!pte) return null;
    if (!pte.frame) pte.frame = new Frame();
    return pte.frame;
  }

  flushPage(vpn: number): void {
    const slot = vpn & TLB_MASK;
    if (this.rTag[slot] === vpn) this.rTag[slot] = -1;
    if (this.wTag[slot] === vpn) this.wTag[slot] = -1;
  }

  flushAll(): void {
    this.rTag.fill(-1);
    this.wTag.fill(-1);
  }

  /** markCode records that blocks were decoded from `vpn`; later writes to it take the slow path. */
  markCode(vpn: number): void {
    const pte = this.ptes.get(vpn);
    if (pte && !pte.code) {
      pte.code = true;
      const slot = vpn & TLB_MASK;
      if (this.wTag[slot] === vpn) this.wTag[slot] = -1;
    }
  }

  // ---- translation ------------------------------------------------------------------------

  /**
   * translate returns the frame for an access to `addr`, or throws the architectural fault:
   * #GP(0) for a non-canonical address, #PF with P/W/U/I-D for a missing or forbidden page.
   */
  translate(addr: number, access: Access): Frame {
    if (!(addr >= 0 && addr < CANONICAL_LIMIT)) {
      // The canonical upper half is supervisor memory: a user access is a #PF there.
      if (addr < 0 && addr >= -CANONICAL_LIMIT) {
        throw pageFault(addr, access, false);
      }
      throw new X86Exception(Vector.GP, 0, 0, false, 'non-canonical address');
    }
    const vpn = Math.floor(addr / PAGE_SIZE);
    for (let attempt = 0; attempt < 2; attempt++) {
      const pte = this.ptes.get(vpn);
      if (pte && allowed(pte.prot, access)) {
        if (!pte.frame) pte.frame = new Frame();
        if (access === Access.Write && pte.code) this.onCodeWrite?.(vpn);
        return pte.frame;
      }
      if (attempt === 0 && this.pager && this.pager(addr, access)) continue;
      throw pageFault(addr, access, pte !== undefined);
    }
    throw pageFault(addr, access, true);
  }

  private fillR(addr: number, n = 1): DataView {
    if (this.alignCheck && n > 1) this.checkAlign(addr, n);
    const frame = this.translate(addr, Access.Read);
    if (this.alignCheck) return frame.dv;
    const vpn = Math.floor(addr / PAGE_SIZE);
    const slot = vpn & TLB_MASK;
    this.rTag[slot] = vpn;
    this.rDv[slot] = frame.dv;
    return frame.dv;
  }

  private fillW(addr: number, n = 1): DataView {
    if (this.alignCheck && n > 1) this.checkAlign(addr, n);
    const frame = this.translate(addr, Access.Write);
    const vpn = Math.floor(addr / PAGE_SIZE);
    const pte = this.ptes.get(vpn)!;
    if (!pte.code && !this.alignCheck) {
      const slot = vpn & TLB_MASK;
      this.wTag[slot] = vpn;
      this.wDv[slot] = frame.dv;
    }
    return frame.dv;
  }

  // ---- reads ------------------------------------------------------------------------------

  r8(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const slot = vpn & TLB_MASK;
    const dv = this.rTag[slot] === vpn ? this.rDv[slot] : this.fillR(a);
    return dv.getUint8(a - vpn * PAGE_SIZE);
  }

  r16(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 2) {
      if (this.alignCheck) this.checkAlign(a, 2);
      return this.r8(a) | (this.r8(a + 1) << 8);
    }
    const slot = vpn & TLB_MASK;
    const dv = this.rTag[slot] === vpn ? this.rDv[slot] : this.fillR(a, 2);
    return dv.getUint16(off, true);
  }

  /** r32 returns the dword as a signed 32-bit integer. */
  r32(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 4) {
      if (this.alignCheck) this.checkAlign(a, 4);
      return this.rSplit(a, 4);
    }
    const slot = vpn & TLB_MASK;
    const dv = this.rTag[slot] === vpn ? this.rDv[slot] : this.fillR(a, 4);
    return dv.getInt32(off, true);
  }

  /** r64 returns the low dword (signed); the high dword is left in `this.hi`. */
  r64(a: number): number {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 8) {
      if (this.alignCheck) this.checkAlign(a, 8);
      // Translate both pages before reading anything.
      this.fillR(a);
      this.fillR(a + 7);
      const lo = this.rSplit(a, 4);
      this.hi = this.rSplit(a + 4, 4);
      return lo;
    }
    const slot = vpn & TLB_MASK;
    const dv = this.rTag[slot] === vpn ? this.rDv[slot] : this.fillR(a, 8);
    this.hi = dv.getInt32(off + 4, true);
    return dv.getInt32(off, true);
  }

  private rSplit(a: number, n: number): number {
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = (v << 8) | this.r8(a + i);
    return v;
  }

  // ---- writes -----------------------------------------------------------------------------

  w8(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const slot = vpn & TLB_MASK;
    const dv = this.wTag[slot] === vpn ? this.wDv[slot] : this.fillW(a);
    dv.setUint8(a - vpn * PAGE_SIZE, v);
  }

  w16(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 2) return this.wSplit(a, v, 0, 2);
    const slot = vpn & TLB_MASK;
    const dv = this.wTag[slot] === vpn ? this.wDv[slot] : this.fillW(a, 2);
    dv.setUint16(off, v, true);
  }

  w32(a: number, v: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 4) return this.wSplit(a, v, 0, 4);
    const slot = vpn & TLB_MASK;
    const dv = this.wTag[slot] === vpn ? this.wDv[slot] : this.fillW(a, 4);
    dv.setInt32(off, v, true);
  }

  w64(a: number, lo: number, hi: number): void {
    const vpn = Math.floor(a / PAGE_SIZE);
    const off = a - vpn * PAGE_SIZE;
    if (off > PAGE_SIZE - 8) return this.wSplit(a, lo, hi, 8);
    const slot = vpn & TLB_MASK;
    const dv = this.wTag[slot] === vpn ? this.wDv[slot] : this.fillW(a, 8);
    dv.setInt32(off, lo, true);
    dv.setInt32(off + 4, hi, true);
  }

  /** wSplit writes an access that crosses a page: both pages are checked before any byte is written. */
  private wSplit(a: number, lo: number, hi: number, n: number): void {
    if (this.alignCheck) this.checkAlign(a, n);
    this.fillW(a);
    this.fillW(a + n - 1);
    for (let i = 0; i < n; i++) {
      const byte = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
      this.w8(a + i, byte);
    }
  }

  /** checkWrite verifies that [a, a+n) is writable without writing (for multi-part stores). */
  checkWrite(a: number, n: number): void {
    this.fillW(a);
    if (n > 1) this.fillW(a + n - 1);
  }

  /** checkRead verifies that [a, a+n) is readable. */
  checkRead(a: number, n: number): void {
    this.fillR(a);
    if (n > 1) this.fillR(a + n - 1);
  }

  // ---- bulk access (kernel and loader) ----------------------------------------------------

  /** readBytes copies guest memory out, faulting like a user read would. */
  readBytes(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const frame = this.translate(a, Access.Read);
      const off = a % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      out.set(frame.u8.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** writeBytes copies into guest memory, faulting like a user write would. */
  writeBytes(addr: number, data: Uint8Array): void {
    let done = 0;
    // Check every page first so a fault writes nothing.
    for (let a = addr; a < addr + data.length; a = (Math.floor(a / PAGE_SIZE) + 1) * PAGE_SIZE) {
      this.translate(a, Access.Write);
    }
    while (done < data.length) {
      const a = addr + done;
      const frame = this.translate(a, Access.Write);
      const off = a % PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      frame.u8.set(data.subarray(done, done + n), off);
      done += n;
    }
  }

  /** pokeBytes writes regardless of page permissions (the loader, the kernel's own writes). */
  pokeBytes(addr: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const a = addr + done;
      const vpn = Math.floor(a / PAGE_SIZE);
      const frame = this.frameOf(vpn);
      if (!frame) throw new Error(`pokeBytes: page ${a.toString(16)} is not mapped`);
      const pte = this.ptes.get(vpn)!;
      if (pte.code) this.onCodeWrite?.(vpn);
      const off = a - vpn * PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      frame.u8.set(data.subarray(done, done + n), off);
      done += n;
    }
  }

  /** readCString reads a NUL-terminated string of at most `max` bytes; null if unterminated. */
  readCString(addr: number, max = 4096): string | null {
    const bytes: number[] = [];
    for (let i = 0; i < max; i++) {
      const b = this.r8(addr + i);
      if (b === 0) return Buffer.from(bytes).toString('utf8');
      bytes.push(b);
    }
    return null;
  }

  /** isMapped says whether page `vpn` has an entry. */
  isMapped(vpn: number): boolean {
    return this.ptes.has(vpn);
  }
}

function allowed(prot: number, access: Access): boolean {
  switch (access) {
    case Access.Read:
      return (prot & PROT_READ) !== 0;
    case Access.Write:
      return (prot & PROT_WRITE) !== 0;
    case Access.Exec:
      return (prot & PROT_EXEC) !== 0;
  }
}

/** pageFault builds the #PF a user-mode access gets (SDM Vol. 3A, 4.7). */
export function pageFault(addr: number, access: Access, present: boolean): X86Exception {
  let ec = PF_U;
  if (present) ec |= PF_P;
  if (access === Access.Write) ec |= PF_W;
  if (access === Access.Exec) ec |= PF_I;
  // CR2 is kept as a signed number: a negative value is an address in the canonical upper half.
  return new X86Exception(Vector.PF, ec, addr);
}
