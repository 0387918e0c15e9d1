/**
 * How ENCLS, which runs at CPL 0, reaches its memory operands, and the faults it raises on them:
 * operand helpers (canonical and alignment checks, `epcOperand`, reserved-field checks) and the
 * memory the non-EPC operands are read from.
 *
 * Operands outside the EPC (the PAGEINFO's SRCPGE and SECINFO, SIGSTRUCT, EINITTOKEN) are linear
 * addresses read through a `LinearMemory`: the user `AddressSpace` (what the 2018-era driver passed:
 * the user's own pages) or a `KernelMemory` the kernel model stages copies in (what mainline does:
 * it copies SECS, SECINFO and SIGSTRUCT to kernel memory first). A read faults as the CPU would: #GP(0)
 * for a non-canonical address, #PF for a missing page, with the U/S bit clear (a supervisor access).
 */
import { PF_P, PF_SGX, PF_U, PF_W, Vector, X86Exception, gp0 } from '../cpu/exceptions.js';
import { CANONICAL_LIMIT, PAGE_SIZE } from '../cpu/memory.js';
import type { Layout } from '../abi/sgx.js';
import type { Epc } from './epc.js';

/** LinearMemory is a linear address space ENCLS can read from; `AddressSpace` is one. */
export interface LinearMemory {
  /** readBytes copies [addr, addr+len) out, or throws the X86Exception the access raises. */
  readBytes(addr: number, len: number): Uint8Array;
}

/** supervisorRead reads an operand like a CPL-0 access: a #PF from `mem` loses its U/S bit. */
export function supervisorRead(mem: LinearMemory, addr: number, len: number): Uint8Array {
  if (!isCanonical(addr) || !isCanonical(addr + len - 1)) throw gp0('ENCLS operand at a non-canonical address');
  try {
    return mem.readBytes(addr, len);
  } catch (e) {
    if (e instanceof X86Exception && e.vector === Vector.PF && e.errorCode & PF_U) {
      throw new X86Exception(Vector.PF, e.errorCode & ~PF_U, e.cr2, false, e.detail);
    }
    throw e;
  }
}

/**
 * epcPageFault is the SGX-induced #PF an ENCLS leaf raises on an EPC operand (SDM Vol. 3A, 4.7:
 * "SGX flag (bit 15) ... set only if the P flag is 1"): P and SGX set, W for a written operand,
 * U/S clear, CR2 the operand's linear address.
 */
export function epcPageFault(addr: number, write: boolean, detail: string): X86Exception {
  return new X86Exception(Vector.PF, PF_P | PF_SGX | (write ? PF_W : 0), addr, false, detail);
}

/** isCanonical says whether a linear address (a signed number) is canonical with 48-bit addressing. */
export function isCanonical(addr: number): boolean {
  return Number.isSafeInteger(addr) && addr >= -CANONICAL_LIMIT && addr < CANONICAL_LIMIT;
}

/** aligned says whether `addr` is a multiple of `n` (negative kernel addresses included). */
export function aligned(addr: number, n: number): boolean {
  return addr % n === 0;
}

/**
 * epcOperand returns the EPC page an ENCLS operand names, after the checks every leaf makes on it
 * first: #GP(0) if the address is not canonical, the SGX #PF if it "does not resolve within an EPC".
 */
export function epcOperand(epc: Epc, addr: number, write: boolean, what: string): number {
  if (!isCanonical(addr)) throw gp0(`${what} at a non-canonical address`);
  const page = epc.pageIndex(addr);
  if (page < 0) throw epcPageFault(addr, write, `${what} is not in the EPC`);
  return page;
}

/** fieldsZero says whether the named fields of structure `l` are all zero in `b` (reserved checks). */
export function fieldsZero<K extends string>(b: Uint8Array, l: Layout<K>, names: readonly K[]): boolean {
  for (const name of names) {
    const { off, size } = l.fields[name];
    for (let i = off; i < off + size; i++) if (b[i] !== 0) return false;
  }
  return true;
}

/**
 * The kernel linear range KernelMemory hands out: the start of Linux's vmalloc area
 * (0xffffc90000000000), as a signed number.
 */
export const KERNEL_STAGING_BASE = -0x3700_0000_0000;

/**
 * KernelMemory is kernel memory the kernel model copies ENCLS operands into (a SECS, a SECINFO, a
 * SIGSTRUCT, an EINITTOKEN), at aligned kernel linear addresses. Reads outside what was placed are
 * a not-present #PF.
 */
export class KernelMemory implements LinearMemory {
  private readonly blocks = new Map<number, Uint8Array>();
  private next = KERNEL_STAGING_BASE;

  /** place copies `bytes` to a fresh address aligned to `align` (a power of two ≤ 4096) and returns it. */
  place(bytes: Uint8Array, align = PAGE_SIZE): number {
    if (!(align > 0 && (align & (align - 1)) === 0 && align <= PAGE_SIZE)) {
      throw new RangeError(`KernelMemory alignment ${align}`);
    }
    const addr = this.next;
    this.blocks.set(addr, bytes.slice());
    // Every block starts on its own page, so any alignment up to a page holds.
    this.next += Math.ceil(Math.max(bytes.length, 1) / PAGE_SIZE) * PAGE_SIZE;
    return addr;
  }

  /** release forgets the block placed at `addr`. */
  release(addr: number): void {
    this.blocks.delete(addr);
  }

  readBytes(addr: number, len: number): Uint8Array {
    for (const [start, bytes] of this.blocks) {
      if (addr >= start && addr + len <= start + bytes.length) return bytes.slice(addr - start, addr - start + len);
    }
    let cr2 = addr;
    for (const [start, bytes] of this.blocks) {
      if (addr >= start && addr < start + bytes.length) cr2 = start + bytes.length;
    }
    throw new X86Exception(Vector.PF, 0, cr2, false, 'ENCLS operand outside staged kernel memory');
  }
}
