/**
 * eadd mirrors ENCLS[EADD] (SDM Vol. 3D, "EADD—Add a Page to an Uninitialized Enclave"): it copies a
 * page into the EPC, binds it to an enclave at a linear address with the SECINFO's type and
 * permissions, and extends MRENCLAVE with the page's offset and SECINFO.
 *
 * What the SDM's EADD does not check, it does not check here either: PENDING, MODIFIED and PR in
 * SECINFO.FLAGS are not reserved bits, so EADD accepts them, measures them (they are among the 48
 * SECINFO bytes of the record) and sets the EPCM's copies to 0 (Linux's driver refuses them before
 * EADD). TCS fields are checked at EENTER, not here; EADD only requires the TCS's reserved bytes to
 * be zero (72..4095: OCETSSA/PREVSSP are reserved without CET) and clears FLAGS.DBGOPTIN, CSSA, AEP
 * and STATE in the EPC copy. No VMX, no concurrency, no CET: see ecreate.ts.
 */
import {
  PT_REG, PT_SECS, PT_TCS, SECINFO, SECINFO_R, SECINFO_W, SECINFO_X, TCS, TCS_DBGOPTIN,
} from '../../abi/sgx.js';
import { gp0 } from '../../cpu/exceptions.js';
import { PAGE_SIZE } from '../../cpu/memory.js';
import { type LinearMemory, aligned, epcOperand, epcPageFault, fieldsZero, supervisorRead } from '../linear.js';
import { eaddRecord } from '../measure.js';
import type { Sgx } from '../sgx.js';
import { type PageInfo, secinfoPageType, secinfoReservedClear } from './ecreate.js';

/**
 * eadd executes EADD with RBX → `pageinfo` (LINADDR: the page's enclave address; SRCPGE, SECINFO:
 * read through `mem`; SECS: the linear address of the enclave's SECS in the EPC) and RCX = `rcx`,
 * the target EPC page. It returns normally or throws #GP(0) / #PF.
 */
export function eadd(sgx: Sgx, mem: LinearMemory, pageinfo: PageInfo, rcx: number): void {
  const epc = sgx.epc;
  if (!aligned(rcx, PAGE_SIZE)) throw gp0('EADD: the target (RCX) is not page aligned');
  const page = epcOperand(epc, rcx, true, 'EADD: the target page (RCX)');

  const { linaddr, srcpge, secinfo: secinfoAddr, secs: secsAddr } = pageinfo;
  if (!aligned(srcpge, PAGE_SIZE) || !aligned(secsAddr, PAGE_SIZE) || !aligned(secinfoAddr, SECINFO.size) ||
    !aligned(linaddr, PAGE_SIZE)) {
    throw gp0('EADD: PAGEINFO.SRCPGE, SECS, SECINFO or LINADDR misaligned');
  }
  const secsPage = epcOperand(epc, secsAddr, true, 'EADD: PAGEINFO.SECS');

  const secinfo = supervisorRead(mem, secinfoAddr, SECINFO.size);
  const pt = secinfoPageType(secinfo);
  if (!secinfoReservedClear(secinfo) || (pt !== PT_REG && pt !== PT_TCS)) {
    throw gp0('EADD: SECINFO has reserved bits set or a page type other than PT_REG/PT_TCS');
  }

  if (epc.isValid(page)) throw epcPageFault(rcx, true, 'EADD: the target EPC page is already valid');
  const secsEntry = epc.epcm(secsPage);
  if (!secsEntry.valid || secsEntry.pt !== PT_SECS) {
    throw epcPageFault(secsAddr, true, 'EADD: PAGEINFO.SECS is not a valid SECS page');
  }
  const secs = epc.secs.get(secsPage)!;

  const src = supervisorRead(mem, srcpge, PAGE_SIZE);
  const frame = epc.frame(page);
  frame.u8.set(src);

  const flags = secinfo[0];
  if (pt === PT_TCS) {
    if (!fieldsZero(frame.u8, TCS, ['reserved'])) throw gp0('EADD: TCS reserved bytes not zero');
  } else if ((flags & SECINFO_W) !== 0 && (flags & SECINFO_R) === 0) {
    throw gp0('EADD: a writable PT_REG page must be readable');
  }

  if (linaddr < secs.base || linaddr >= secs.base + secs.size) throw gp0('EADD: LINADDR outside the enclave');
  if (secs.initialized) throw gp0('EADD: the enclave is already initialized');

  const scratch = secinfo.slice();
  if (pt === PT_TCS) {
    scratch[0] &= ~(SECINFO_R | SECINFO_W | SECINFO_X);
    frame.dv.setBigUint64(TCS.off.flags, frame.dv.getBigUint64(TCS.off.flags, true) & ~BigInt(TCS_DBGOPTIN), true);
    frame.dv.setUint32(TCS.off.cssa, 0, true);
    frame.dv.setBigUint64(TCS.off.aep, 0n, true);
    frame.dv.setBigUint64(TCS.off.state, 0n, true);
  }

  secs.measurement.update(eaddRecord(linaddr - secs.base, scratch));

  const e = epc.epcm(page);
  e.r = (scratch[0] & SECINFO_R) !== 0;
  e.w = (scratch[0] & SECINFO_W) !== 0;
  e.x = (scratch[0] & SECINFO_X) !== 0;
  e.pt = pt;
  e.enclaveAddress = linaddr;
  e.enclaveSecs = secsPage;
  e.blocked = e.pending = e.modified = false;
  e.pr = false;
  e.valid = true;
  secs.childCount++;
}
