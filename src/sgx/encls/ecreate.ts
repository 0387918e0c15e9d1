/**
 * ecreate mirrors ENCLS[ECREATE] (SDM Vol. 3D, "ECREATE—Create an SECS page in the Enclave Page
 * Cache"): it copies a SECS from ordinary memory into an EPC page, validates it, starts MRENCLAVE and
 * marks the page a valid SECS. The checks run in the pseudocode's order; all #GP(0)s look alike, so
 * only their order relative to the #PFs is observable.
 *
 * Departures, each forced by what this CPU is: no VMX (the SGX_CONFLICT VM exits never happen); one
 * logical processor per ENCLS (the "EPC entry in use" lock never conflicts); no CET (the CET fields,
 * bytes 24..39, are reserved and must be zero, which is what the CET legality check demands without
 * CET); no KSS (CONFIGID and CONFIGSVN must be zero); and MODE64BIT must be set — the SDM allows
 * 32-bit enclaves, this model runs 64-bit code only, so a 32-bit SECS is refused with #GP(0) where
 * the pseudocode examines MODE64BIT.
 */
import {
  ATTR_KSS, ATTR_MODE64BIT, PT_SECS, SECINFO, SECINFO_FLAGS_DEFINED, SECINFO_PT_MASK, SECINFO_PT_SHIFT, SECS,
  XFRM_LEGACY,
} from '../../abi/sgx.js';
import { gp0 } from '../../cpu/exceptions.js';
import { PAGE_SIZE } from '../../cpu/memory.js';
import {
  type LinearMemory, aligned, epcOperand, epcPageFault, fieldsZero, isCanonical, supervisorRead,
} from '../linear.js';
import { ecreateRecord } from '../measure.js';
import { Secs } from '../secs.js';
import {
  MAX_ENCLAVE_SIZE_64_LOG2, SGX_ATTRIBUTES_SUPPORTED, SGX_MISCSELECT_SUPPORTED, SGX_XFRM_SUPPORTED, type Sgx,
  ssaFrameBytesNeeded,
} from '../sgx.js';

/**
 * PageInfo is a PAGEINFO as ENCLS receives it (RBX points at it; the kernel builds it in its own,
 * 32-byte aligned memory, so it is passed by value). All four fields are linear addresses.
 */
export interface PageInfo {
  linaddr: number;
  srcpge: number;
  secinfo: number;
  secs: number;
}

/** secinfoReservedClear says whether a SECINFO has no reserved bit set. */
export function secinfoReservedClear(secinfo: Uint8Array): boolean {
  const dv = new DataView(secinfo.buffer, secinfo.byteOffset, secinfo.byteLength);
  const flags = dv.getBigUint64(SECINFO.off.flags, true);
  return (flags & ~BigInt(SECINFO_FLAGS_DEFINED)) === 0n && fieldsZero(secinfo, SECINFO, ['reserved']);
}

/** secinfoPageType returns SECINFO.FLAGS.PAGE_TYPE. */
export function secinfoPageType(secinfo: Uint8Array): number {
  return ((secinfo[0] | (secinfo[1] << 8)) & SECINFO_PT_MASK) >>> SECINFO_PT_SHIFT;
}

/**
 * ecreate executes ECREATE with RBX → `pageinfo`, RCX = `rcx` (the EPC page's linear address),
 * reading SRCPGE and SECINFO through `mem`. It returns normally or throws #GP(0) / #PF.
 */
export function ecreate(sgx: Sgx, mem: LinearMemory, pageinfo: PageInfo, rcx: number): void {
  const epc = sgx.epc;
  if (!aligned(rcx, PAGE_SIZE)) throw gp0('ECREATE: the SECS destination (RCX) is not page aligned');
  const page = epcOperand(epc, rcx, true, 'ECREATE: the SECS destination (RCX)');

  if (!aligned(pageinfo.srcpge, PAGE_SIZE) || !aligned(pageinfo.secinfo, SECINFO.size)) {
    throw gp0('ECREATE: PAGEINFO.SRCPGE or PAGEINFO.SECINFO misaligned');
  }
  if (pageinfo.linaddr !== 0 || pageinfo.secs !== 0) throw gp0('ECREATE: PAGEINFO.LINADDR or PAGEINFO.SECS not zero');

  const secinfo = supervisorRead(mem, pageinfo.secinfo, SECINFO.size);
  if (!secinfoReservedClear(secinfo) || secinfoPageType(secinfo) !== PT_SECS) {
    throw gp0('ECREATE: SECINFO has reserved bits set or is not PT_SECS');
  }

  if (epc.isValid(page)) throw epcPageFault(rcx, true, 'ECREATE: the destination EPC page is already valid');

  // Copy the 4 KiB source into the EPC page; a later #GP leaves it there with EPCM.VALID = 0.
  const src = supervisorRead(mem, pageinfo.srcpge, PAGE_SIZE);
  epc.frame(page).u8.set(src);

  const dv = new DataView(src.buffer, src.byteOffset, PAGE_SIZE);
  const size = dv.getBigUint64(SECS.off.size, true);
  const base = dv.getBigInt64(SECS.off.base, true);
  const ssaFrameSize = dv.getUint32(SECS.off.ssa_frame_size, true);
  const miscselect = dv.getUint32(SECS.off.miscselect, true);
  const attributes = dv.getBigUint64(SECS.off.attributes, true);
  const xfrm = dv.getBigUint64(SECS.off.xfrm, true);
  const configSvn = dv.getUint16(SECS.off.config_svn, true);

  if ((xfrm & XFRM_LEGACY) !== XFRM_LEGACY) throw gp0('ECREATE: XFRM lacks x87 or SSE');
  if (xfrm & ~SGX_XFRM_SUPPORTED) throw gp0('ECREATE: XFRM is illegal (not a subset of the supported XCR0)');
  if (miscselect & ~SGX_MISCSELECT_SUPPORTED) throw gp0('ECREATE: unsupported MISCSELECT bits');
  if (ssaFrameSize * PAGE_SIZE < ssaFrameBytesNeeded(xfrm, miscselect)) {
    throw gp0('ECREATE: SSAFRAMESIZE too small for the XSAVE area, GPRSGX and MISC');
  }
  if (!(attributes & ATTR_MODE64BIT)) throw gp0('ECREATE: 32-bit enclaves are not supported by this CPU model');
  if (!isCanonical(Number(base))) throw gp0('ECREATE: BASEADDR is not canonical');
  if (size >= 1n << BigInt(MAX_ENCLAVE_SIZE_64_LOG2)) throw gp0('ECREATE: SIZE above the maximum enclave size');
  if (size < 8192n || (size & (size - 1n)) !== 0n) throw gp0('ECREATE: SIZE is not a power of two of at least 2 pages');
  if (BigInt.asUintN(64, base) & (size - 1n)) throw gp0('ECREATE: BASEADDR is not naturally aligned to SIZE');
  if (attributes & ~SGX_ATTRIBUTES_SUPPORTED) throw gp0('ECREATE: unsupported ATTRIBUTES bits (INIT, KSS, CET or reserved)');
  if (!fieldsZero(src, SECS, ['reserved1', 'reserved2', 'reserved3', 'reserved4'])) {
    throw gp0('ECREATE: SECS reserved fields not zero');
  }
  if ((!fieldsZero(src, SECS, ['config_id']) || configSvn !== 0) && !(attributes & ATTR_KSS)) {
    throw gp0('ECREATE: CONFIGID/CONFIGSVN set without ATTRIBUTES.KSS');
  }

  const secs = new Secs(
    page, sgx.nextEid++, Number(base), Number(size), ssaFrameSize, miscselect, attributes, xfrm,
    src.slice(SECS.off.config_id, SECS.off.config_id + 64), configSvn,
  );
  secs.measurement.update(ecreateRecord(ssaFrameSize, secs.size));
  epc.secs.set(page, secs);

  const e = epc.epcm(page);
  e.pt = PT_SECS;
  e.enclaveAddress = 0;
  e.enclaveSecs = -1;
  e.r = e.w = e.x = false;
  e.blocked = e.pending = e.modified = e.pr = false;
  e.valid = true;
}
