/**
 * Helpers for the SGX tests: source structures built byte by byte, a user address space to stage
 * them in, and an enclave builder that drives the ENCLS leaves the way a driver would.
 */
import { type KeyObject, createHash } from 'node:crypto';
import {
  ATTR_MODE64BIT, EINITTOKEN, PT_REG, PT_SECS, PT_TCS, SECINFO_R, SECINFO_W, SECINFO_X, SECS, TCS,
} from '../../src/abi/sgx.js';
import { AddressSpace, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { X86Exception } from '../../src/cpu/exceptions.js';
import { type PageInfo, ecreate } from '../../src/sgx/encls/ecreate.js';
import { eadd } from '../../src/sgx/encls/eadd.js';
import { eextend } from '../../src/sgx/encls/eextend.js';
import { einit } from '../../src/sgx/encls/einit.js';
import type { Secs } from '../../src/sgx/secs.js';
import { Sgx } from '../../src/sgx/sgx.js';
import { type EnclaveIdentity, type EnclavePage, signEnclave } from '../../src/sgx/sign.js';
import { mrsignerOf } from '../../src/sgx/sigstruct.js';

export const PAGE = 4096;
export const REG_RW = (PT_REG << 8) | SECINFO_R | SECINFO_W;
export const REG_RX = (PT_REG << 8) | SECINFO_R | SECINFO_X;
export const TCS_FLAGS = PT_TCS << 8;
export const SECS_FLAGS = PT_SECS << 8;

export interface SecsParams {
  size?: bigint;
  base?: bigint;
  ssaFrameSize?: number;
  miscselect?: number;
  attributes?: bigint;
  xfrm?: bigint;
}

/** secsPage builds a source SECS page. */
export function secsPage(p: SecsParams = {}): Uint8Array {
  const b = new Uint8Array(PAGE);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(SECS.off.size, p.size ?? 0x10000n, true);
  dv.setBigUint64(SECS.off.base, BigInt.asUintN(64, p.base ?? 0x40000000n), true);
  dv.setUint32(SECS.off.ssa_frame_size, p.ssaFrameSize ?? 1, true);
  dv.setUint32(SECS.off.miscselect, p.miscselect ?? 0, true);
  dv.setBigUint64(SECS.off.attributes, p.attributes ?? ATTR_MODE64BIT, true);
  dv.setBigUint64(SECS.off.xfrm, p.xfrm ?? 3n, true);
  return b;
}

/** secinfo builds a 64-byte SECINFO with FLAGS = `flags`. */
export function secinfo(flags: number | bigint): Uint8Array {
  const b = new Uint8Array(64);
  new DataView(b.buffer).setBigUint64(0, BigInt(flags), true);
  return b;
}

/** tcsPage builds a TCS with the given fields (others zero). */
export function tcsPage(f: { ossa?: number; nssa?: number; oentry?: number; flags?: number; cssa?: number; aep?: number;
  state?: number } = {}): Uint8Array {
  const b = new Uint8Array(PAGE);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(TCS.off.state, BigInt(f.state ?? 0), true);
  dv.setBigUint64(TCS.off.flags, BigInt(f.flags ?? 0), true);
  dv.setBigUint64(TCS.off.ossa, BigInt(f.ossa ?? 0x2000), true);
  dv.setUint32(TCS.off.cssa, f.cssa ?? 0, true);
  dv.setUint32(TCS.off.nssa, f.nssa ?? 1, true);
  dv.setBigUint64(TCS.off.oentry, BigInt(f.oentry ?? 0x3000), true);
  dv.setBigUint64(TCS.off.aep, BigInt(f.aep ?? 0), true);
  return b;
}

/** patterned returns a page of recognisable bytes. */
export function patterned(seed: number): Uint8Array {
  const b = new Uint8Array(PAGE);
  for (let i = 0; i < PAGE; i++) b[i] = (i * 7 + seed * 13 + (i >> 8)) & 0xff;
  return b;
}

/** UserMemory is a user address space with a bump allocator for staging ENCLS operands. */
export class UserMemory {
  readonly as = new AddressSpace();
  private next = 0x1000_0000;

  constructor() {
    this.as.map(0x1000_0000, 0x100_0000, PROT_READ | PROT_WRITE);
  }

  /** stage copies `bytes` to a fresh, `align`-aligned address and returns it. */
  stage(bytes: Uint8Array, align = PAGE): number {
    this.next = Math.ceil(this.next / align) * align;
    const a = this.next;
    this.as.pokeBytes(a, bytes);
    this.next += Math.max(bytes.length, 1);
    return a;
  }
}

/** EnclaveBuilder drives ECREATE/EADD/EEXTEND like a driver, recording the layout it built. */
export class EnclaveBuilder {
  readonly mem = new UserMemory();
  readonly pages: EnclavePage[] = [];
  secs = 0;
  base = 0;
  size = 0;
  ssaFrameSize = 0;

  constructor(readonly sgx: Sgx) {}

  create(p: SecsParams = {}): number {
    const src = secsPage(p);
    const dv = new DataView(src.buffer);
    this.base = Number(dv.getBigInt64(SECS.off.base, true));
    this.size = Number(dv.getBigUint64(SECS.off.size, true));
    this.ssaFrameSize = dv.getUint32(SECS.off.ssa_frame_size, true);
    const page = this.sgx.epc.alloc()!;
    ecreate(this.sgx, this.mem.as, this.pageinfo(0, this.mem.stage(src), this.mem.stage(secinfo(SECS_FLAGS), 64), 0), page);
    this.secs = page;
    return page;
  }

  /** add EADDs `data` at `offset` with SECINFO `flags`, then EEXTENDs the chunks of `measure`. */
  add(offset: number, flags: number, data: Uint8Array = new Uint8Array(PAGE), measure: boolean | number = true): number {
    const page = this.sgx.epc.alloc()!;
    const src = this.mem.stage(data);
    const si = this.mem.stage(secinfo(flags), 64);
    eadd(this.sgx, this.mem.as, this.pageinfo(this.base + offset, src, si, this.secs), page);
    const mask = measure === true ? 0xffff : measure === false ? 0 : measure;
    for (let i = 0; i < 16; i++) if (mask & (1 << i)) eextend(this.sgx, this.secs, page + i * 256);
    this.pages.push({ offset, flags, data, measure });
    return page;
  }

  pageinfo(linaddr: number, srcpge: number, si: number, secs: number): PageInfo {
    return { linaddr, srcpge, secinfo: si, secs };
  }

  get layout() {
    return { size: this.size, ssaFrameSize: this.ssaFrameSize, pages: this.pages };
  }
}

/**
 * straightLineMrenclave computes MRENCLAVE without any of src/sgx: one SHA-256 over the records the
 * SDM's ECREATE, EADD and EEXTEND pseudocode define (a TCS's SECINFO measured with R/W/X clear, its
 * contents as EADD leaves them).
 */
export function straightLineMrenclave(size: number, ssaFrameSize: number, pages: readonly EnclavePage[]): Buffer {
  const h = createHash('sha256');
  const ecreateRec = Buffer.alloc(64);
  ecreateRec.write('ECREATE', 0, 'latin1');
  ecreateRec.writeUInt32LE(ssaFrameSize, 8);
  ecreateRec.writeBigUInt64LE(BigInt(size), 12);
  h.update(ecreateRec);
  for (const p of pages) {
    let flags = p.flags;
    if (flags >> 8 === PT_TCS) flags &= ~7;
    const rec = Buffer.alloc(64);
    rec.write('EADD', 0, 'latin1');
    rec.writeBigUInt64LE(BigInt(p.offset), 8);
    rec.writeBigUInt64LE(BigInt(flags), 16);
    h.update(rec);
    const mask = p.measure === true ? 0xffff : p.measure === false ? 0 : p.measure;
    const data = Buffer.from(p.data ?? new Uint8Array(PAGE));
    if (p.flags >> 8 === PT_TCS) {
      // EADD zeroes STATE (0..7), CSSA (24..27), AEP (40..47) and FLAGS.DBGOPTIN before EEXTEND reads the page.
      data.fill(0, 0, 8);
      data[8] &= ~1;
      data.fill(0, 24, 28);
      data.fill(0, 40, 48);
    }
    for (let i = 0; i < 16; i++) {
      if (!(mask & (1 << i))) continue;
      const ext = Buffer.alloc(64);
      ext.write('EEXTEND', 0, 'latin1');
      ext.writeBigUInt64LE(BigInt(p.offset + i * 256), 8);
      h.update(ext);
      h.update(data.subarray(i * 256, (i + 1) * 256));
    }
  }
  return h.digest();
}

/** fault runs `fn` and returns the X86Exception it throws (failing the test if it throws none). */
export function fault(fn: () => unknown): X86Exception {
  try {
    fn();
  } catch (e) {
    if (e instanceof X86Exception) return e;
    throw e;
  }
  throw new Error('expected an architectural fault, got none');
}

/** initWith signs the builder's layout with `key` and runs EINIT as Linux does (hash MSRs, zero token). */
export function initWith(b: EnclaveBuilder, key: KeyObject, identity: EnclaveIdentity): number {
  const sigstruct = signEnclave(b.layout, identity, key);
  b.sgx.setLePubKeyHash(mrsignerOf(sigstruct));
  return einit(b.sgx, b.mem.as, b.mem.stage(sigstruct), b.secs, b.mem.stage(new Uint8Array(EINITTOKEN.size), 512));
}

/** secsState returns the processor's SECS state of the builder's enclave. */
export function secsState(b: EnclaveBuilder): Secs {
  return b.sgx.epc.secs.get(b.sgx.epc.pageIndex(b.secs))!;
}
