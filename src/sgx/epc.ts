/**
 * The Enclave Page Cache (EPC) and its map (EPCM).
 *
 * The EPC is a range of physical memory reserved for enclave pages; the EPCM holds one entry of
 * security attributes per EPC page (SDM Vol. 3D, "Enclave Page Cache Map (EPCM)"). Here an EPC page
 * is a `Frame` (cpu/memory.ts) so the kernel can map it into an address space, created on first
 * touch: an untouched EPC costs nothing. EPCM entries are likewise created on demand; an absent one
 * reads as VALID = 0.
 *
 * ENCLS names EPC pages by linear address. Linux reaches the EPC through a kernel mapping, so an EPC
 * page's address here is its kernel linear address: DIRECT_MAP_BASE + its physical address, a
 * negative number (the canonical upper half, as CR2 is kept in cpu/memory.ts).
 */
import { EmulatorError } from '../cpu/exceptions.js';
import { Frame, PAGE_SIZE } from '../cpu/memory.js';
import type { Secs } from './secs.js';

/** The EPC's physical base: 32 GiB, above any RAM the machine model has. */
export const EPC_PHYS_BASE = 0x8_0000_0000;
/** The default EPC size (CPUID.(EAX=12H, ECX=2) reports it). */
export const EPC_DEFAULT_SIZE = 128 * 1024 * 1024;
/** Linux's direct map, page_offset_base without KASLR: 0xffff888000000000 as a signed number. */
export const DIRECT_MAP_BASE = -0x7780_0000_0000;

/** EpcmEntry is one EPCM entry: the hardware's bookkeeping for one EPC page. */
export class EpcmEntry {
  valid = false;
  r = false;
  w = false;
  x = false;
  /** PT: the page type (PT_SECS, PT_TCS, PT_REG, ...). */
  pt = 0;
  /** ENCLAVESECS: the EPC page index of the owning enclave's SECS (-1 for a SECS or VA page). */
  enclaveSecs = -1;
  /** ENCLAVEADDRESS: the enclave linear address the page belongs at (0 for a SECS). */
  enclaveAddress = 0;
  blocked = false;
  pending = false;
  modified = false;
  pr = false;
}

export interface EpcOptions {
  /** Bytes of EPC, a positive multiple of 4096 (default 128 MiB). */
  size?: number;
  /** Physical base address, page aligned (default EPC_PHYS_BASE). */
  physBase?: number;
}

/** Epc is the processor's EPC and EPCM, plus the page allocator the kernel's driver uses. */
export class Epc {
  readonly size: number;
  readonly pages: number;
  readonly physBase: number;
  /** The kernel linear address of page 0. */
  readonly linearBase: number;
  /** The hidden part of every valid SECS page, by page index (SECS contents are not software visible). */
  readonly secs = new Map<number, Secs>();

  private readonly frames = new Map<number, Frame>();
  private readonly entries = new Map<number, EpcmEntry>();
  /** Pages never handed out are [nextFresh, pages); freed ones wait on the stack. */
  private nextFresh = 0;
  private readonly freed: number[] = [];
  private readonly allocated = new Set<number>();

  constructor(opts: EpcOptions = {}) {
    const size = opts.size ?? EPC_DEFAULT_SIZE;
    const physBase = opts.physBase ?? EPC_PHYS_BASE;
    if (!Number.isSafeInteger(size) || size <= 0 || size % PAGE_SIZE !== 0) {
      throw new RangeError(`EPC size ${size} is not a positive multiple of ${PAGE_SIZE}`);
    }
    if (!Number.isSafeInteger(physBase) || physBase < 0 || physBase % PAGE_SIZE !== 0) {
      throw new RangeError(`EPC base ${physBase} is not page aligned`);
    }
    this.size = size;
    this.pages = size / PAGE_SIZE;
    this.physBase = physBase;
    this.linearBase = DIRECT_MAP_BASE + physBase;
  }

  /** pageIndex returns the EPC page that holds linear address `addr`, or -1 if it is not EPC. */
  pageIndex(addr: number): number {
    const off = addr - this.linearBase;
    if (!(off >= 0 && off < this.size)) return -1;
    return Math.floor(off / PAGE_SIZE);
  }

  /** address returns the kernel linear address of EPC page `page`. */
  address(page: number): number {
    return this.linearBase + page * PAGE_SIZE;
  }

  /** physAddress returns the physical address of EPC page `page`. */
  physAddress(page: number): number {
    return this.physBase + page * PAGE_SIZE;
  }

  /** frame returns the contents of EPC page `page`, creating them (zeroed) on first touch. */
  frame(page: number): Frame {
    this.checkIndex(page);
    let f = this.frames.get(page);
    if (!f) {
      f = new Frame();
      this.frames.set(page, f);
    }
    return f;
  }

  /** epcm returns the EPCM entry of `page`, creating it (VALID = 0) on first touch. */
  epcm(page: number): EpcmEntry {
    this.checkIndex(page);
    let e = this.entries.get(page);
    if (!e) {
      e = new EpcmEntry();
      this.entries.set(page, e);
    }
    return e;
  }

  /** isValid says whether EPCM(page).VALID is set, without creating the entry. */
  isValid(page: number): boolean {
    return this.entries.get(page)?.valid ?? false;
  }

  /** residentPages is how many EPC pages have host memory behind them. */
  get residentPages(): number {
    return this.frames.size;
  }

  // ---- the driver's allocator ---------------------------------------------------------------

  /**
   * alloc hands an EPC page to the kernel's driver and returns its kernel linear address, or null
   * when every page is in use (the driver then fails with -ENOMEM, or reclaims).
   */
  alloc(): number | null {
    let page: number;
    if (this.freed.length > 0) page = this.freed.pop()!;
    else if (this.nextFresh < this.pages) page = this.nextFresh++;
    else return null;
    this.allocated.add(page);
    return this.address(page);
  }

  /**
   * free returns a page to the allocator and drops its contents. The driver EREMOVEs a page before
   * freeing it (as Linux's sgx_encl_free_epc_page does); the EPCM is the hardware's and is left alone.
   */
  free(addr: number): void {
    const page = this.pageIndex(addr);
    if (page < 0 || addr % PAGE_SIZE !== 0 || !this.allocated.delete(page)) {
      throw new EmulatorError(`EPC free of ${addr} which is not an allocated EPC page`);
    }
    this.frames.delete(page);
    this.freed.push(page);
  }

  /** freePages is how many pages alloc can still hand out. */
  get freePages(): number {
    return this.pages - this.allocated.size;
  }

  private checkIndex(page: number): void {
    if (!Number.isInteger(page) || page < 0 || page >= this.pages) {
      throw new EmulatorError(`EPC page ${page} out of range 0..${this.pages - 1}`);
    }
  }
}
