/**
 * Mm mirrors Linux's mm_struct for one address space: the list of VMAs (vm_area_struct), the brk
 * area, the mmap layout, and the page-fault path that fills page-table entries on first touch.
 *
 * The CPU's AddressSpace holds page-table entries only for pages that were touched, so a large
 * mapping costs nothing until used. Mm is the pager: a TLB miss inside a VMA that permits the access
 * creates the entry (demand paging); anything else becomes a #PF for the trap path.
 */
import { Engine } from '../cpu/engine.js';
import { Access, AddressSpace, Frame, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../cpu/memory.js';
import type { CPU } from '../cpu/state.js';
import { TASK_SIZE_MAX } from '../abi/linux.js';

export interface Vma {
  start: number;
  end: number;
  prot: number;
  /** MAP_SHARED: frames are shared with other mappings of the same object (across fork too). */
  shared: boolean;
  /** A label for /proc-style listings and traces: '[heap]', '[stack]', '[vdso]', a file name, or ''. */
  name: string;
  /** Grows down on faults just below it (the main stack). */
  growsDown: boolean;
  /**
   * Pages of the backing object, for shared or preloaded mappings: index = (addr - start) / 4096 +
   * pgoff. The map is the object itself: VMAs split from one mapping, and the copies fork makes of a
   * MAP_SHARED one, hold the same map, so a page first touched through any of them is the same page.
   */
  frames: Map<number, Frame> | null;
  /** vm_pgoff: the index in `frames` of the page at `start` (0 when absent). */
  pgoff?: number;
}

export const STACK_TOP = TASK_SIZE_MAX;
export const STACK_MAX = 8 * 1024 * 1024;
/** Top of the top-down mmap area (below the stack gap), as on x86-64 without randomization. */
export const MMAP_BASE = 0x7ffff7fff000;
/** Where an ET_DYN executable without interpreter is loaded (ELF_ET_DYN_BASE without randomization). */
export const ELF_ET_DYN_BASE = 0x555555554000;

export function pageDown(a: number): number {
  return Math.floor(a / PAGE_SIZE) * PAGE_SIZE;
}

export function pageUp(a: number): number {
  return Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
}

export class Mm {
  readonly as = new AddressSpace();
  /** VMAs sorted by start, non-overlapping. */
  vmas: Vma[] = [];
  brkStart = 0;
  brk = 0;
  mmapBase = MMAP_BASE;
  /** The block cache and executor of this address space: every task using the mm runs on it. */
  private engine: Engine | null = null;
  /** Engine hooks a new engine of this mm starts with (inherited across fork and execve). */
  private hooks: Pick<Engine, 'trace' | 'onUnimplemented'> = { trace: null, onUnimplemented: null };

  constructor() {
    this.as.pager = (addr, access) => this.fault(addr, access);
  }

  /** engineFor returns the mm's engine, pointed at `cpu` (a CPU whose memory is this mm's). */
  engineFor(cpu: CPU): Engine {
    let e = this.engine;
    if (!e) {
      e = this.engine = new Engine(cpu);
      e.trace = this.hooks.trace;
      e.onUnimplemented = this.hooks.onUnimplemented;
    }
    e.cpu = cpu;
    return e;
  }

  /** inheritHooks gives this mm's engine the instruction trace and diagnostics hooks of `from`'s. */
  inheritHooks(from: Mm): void {
    const src = from.engine ?? from.hooks;
    this.hooks = { trace: src.trace, onUnimplemented: src.onUnimplemented };
    if (this.engine) Object.assign(this.engine, this.hooks);
  }

  /**
   * fork mirrors dup_mm(): a new address space with the same VMAs. Private pages are copied now
   * (only pages that were touched exist); MAP_SHARED pages stay shared, through the same frames.
   */
  fork(): Mm {
    const m = new Mm();
    m.brkStart = this.brkStart;
    m.brk = this.brk;
    m.mmapBase = this.mmapBase;
    for (const v of this.vmas) if (v.shared && !v.frames) v.frames = new Map();
    m.vmas = this.vmas.map((v) => ({ ...v }));
    for (const [vpn, pte] of this.as.ptes) {
      const v = this.find(vpn * PAGE_SIZE);
      if (pte.frame === null) m.as.map(vpn * PAGE_SIZE, PAGE_SIZE, pte.prot);
      else m.as.mapFrame(vpn, v?.shared ? pte.frame : new Frame(pte.frame.u8), pte.prot);
    }
    m.inheritHooks(this);
    return m;
  }

  find(addr: number): Vma | undefined {
    // Binary search for the VMA containing addr.
    let lo = 0, hi = this.vmas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.vmas[mid];
      if (addr < v.start) hi = mid - 1;
      else if (addr >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** fault mirrors handle_mm_fault for the cases a user process can resolve: it installs a PTE. */
  fault(addr: number, access: Access): boolean {
    let vma = this.find(addr);
    if (!vma) {
      vma = this.expandStack(addr);
      if (!vma) return false;
    }
    const need = access === Access.Write ? PROT_WRITE : access === Access.Exec ? PROT_EXEC : PROT_READ;
    if (!(vma.prot & need)) return false;
    const vpn = Math.floor(addr / PAGE_SIZE);
    if (this.as.isMapped(vpn)) return false;
    const frame = this.frameFor(vma, vpn);
    if (frame) this.as.mapFrame(vpn, frame, vma.prot);
    else this.as.map(vpn * PAGE_SIZE, PAGE_SIZE, vma.prot);
    return true;
  }

  private frameFor(vma: Vma, vpn: number): Frame | null {
    if (!vma.frames && !vma.shared) return null;
    if (!vma.frames) vma.frames = new Map();
    const idx = vpn - vma.start / PAGE_SIZE + (vma.pgoff ?? 0);
    let f = vma.frames.get(idx);
    if (!f && vma.shared) {
      f = new Frame();
      vma.frames.set(idx, f);
    }
    if (!f) return null;
    // A private mapping gets its own copy of a preloaded page (copy on first touch).
    return vma.shared ? f : new Frame(f.u8);
  }

  /** expandStack grows a VM_GROWSDOWN VMA to cover addr (within the stack rlimit). */
  private expandStack(addr: number): Vma | undefined {
    const next = this.vmas.find((v) => v.start > addr);
    if (!next || !next.growsDown) return undefined;
    const newStart = pageDown(addr);
    if (next.end - newStart > STACK_MAX) return undefined;
    const prev = this.vmas[this.vmas.indexOf(next) - 1];
    if (prev && prev.end > newStart - PAGE_SIZE) return undefined; // stack guard gap
    next.start = newStart;
    return next;
  }

  /** insert adds a VMA over [start, end), replacing whatever was mapped there. */
  insert(v: Vma): void {
    this.remove(v.start, v.end);
    let i = 0;
    while (i < this.vmas.length && this.vmas[i].start < v.start) i++;
    this.vmas.splice(i, 0, v);
  }

  /** remove unmaps [start, end): splits VMAs at the edges and drops their page-table entries. */
  remove(start: number, end: number): void {
    const out: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push(this.slice(v, v.start, start));
      if (v.end > end) out.push(this.slice(v, end, v.end));
    }
    this.vmas = out;
    this.dropPtes(start, end);
  }

  private slice(v: Vma, start: number, end: number): Vma {
    return { ...v, start, end, pgoff: (v.pgoff ?? 0) + (start - v.start) / PAGE_SIZE };
  }

  private dropPtes(start: number, end: number): void {
    const pages = (end - start) / PAGE_SIZE;
    if (pages <= this.as.ptes.size) {
      for (let a = start; a < end; a += PAGE_SIZE) this.as.unmap(a, PAGE_SIZE);
    } else {
      for (const vpn of [...this.as.ptes.keys()]) {
        const a = vpn * PAGE_SIZE;
        if (a >= start && a < end) this.as.unmap(a, PAGE_SIZE);
      }
    }
  }

  /** protect changes the protection of [start, end) (mprotect); false if a hole is inside. */
  protect(start: number, end: number, prot: number): boolean {
    for (let a = start; a < end; ) {
      const v = this.find(a);
      if (!v) return false;
      a = v.end;
    }
    const out: Vma[] = [];
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push(this.slice(v, v.start, start));
      const mid = this.slice(v, Math.max(v.start, start), Math.min(v.end, end));
      mid.prot = prot;
      out.push(mid);
      if (v.end > end) out.push(this.slice(v, end, v.end));
    }
    this.vmas = out;
    const pages = (end - start) / PAGE_SIZE;
    if (pages <= this.as.ptes.size) {
      this.as.protect(start, end - start, prot);
    } else {
      for (const vpn of [...this.as.ptes.keys()]) {
        const a = vpn * PAGE_SIZE;
        if (a >= start && a < end) this.as.protect(a, PAGE_SIZE, prot);
      }
    }
    return true;
  }

  /** isFree says whether [start, end) overlaps no VMA. */
  isFree(start: number, end: number): boolean {
    return this.vmas.every((v) => v.end <= start || v.start >= end);
  }

  /** findFree mirrors the top-down unmapped-area search: the highest gap of `len` below mmapBase. */
  findFree(len: number, hint = 0): number {
    if (hint && hint + len <= this.mmapBase && this.isFree(hint, hint + len)) return hint;
    let top = this.mmapBase;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= top) continue;
      if (v.end <= top - len) return top - len;
      top = Math.min(top, v.start);
    }
    return top - len >= 0x10000 ? top - len : -1;
  }

  /** poke copies bytes into VMAs' pages regardless of protection (loader). */
  poke(addr: number, data: Uint8Array): void {
    for (let done = 0; done < data.length; ) {
      const a = addr + done;
      const vpn = Math.floor(a / PAGE_SIZE);
      if (!this.as.isMapped(vpn)) {
        const v = this.find(a);
        if (!v) throw new Error(`poke outside any mapping at ${a.toString(16)}`);
        const frame = this.frameFor(v, vpn);
        if (frame) this.as.mapFrame(vpn, frame, v.prot);
        else this.as.map(vpn * PAGE_SIZE, PAGE_SIZE, v.prot);
      }
      const off = a - vpn * PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      this.as.pokeBytes(a, data.subarray(done, done + n));
      done += n;
    }
  }
}
