/**
 * eremove mirrors ENCLS[EREMOVE] (SDM Vol. 3D, "EREMOVE—Remove a page from the EPC"): it marks an EPC
 * page invalid, detaching it from its enclave. A SECS can only go once it has no child pages
 * (SGX_CHILD_PRESENT); an enclave page cannot go while a logical processor runs inside its enclave
 * (SGX_ENCLAVE_ACT). An already invalid page is a successful no-op.
 */
import {
  PT_REG, PT_SECS, PT_SS_FIRST, PT_SS_REST, PT_TCS, PT_TRIM, PT_VA, SGX_CHILD_PRESENT, SGX_ENCLAVE_ACT, SGX_SUCCESS,
} from '../../abi/sgx.js';
import { gp0 } from '../../cpu/exceptions.js';
import { PAGE_SIZE } from '../../cpu/memory.js';
import { aligned, epcOperand } from '../linear.js';
import type { Sgx } from '../sgx.js';

/** eremove executes EREMOVE with RCX = `rcx` and returns the status left in RAX, or throws #GP(0) / #PF. */
export function eremove(sgx: Sgx, rcx: number): number {
  const epc = sgx.epc;
  if (!aligned(rcx, PAGE_SIZE)) throw gp0('EREMOVE: RCX is not page aligned');
  const page = epcOperand(epc, rcx, true, 'EREMOVE: RCX');

  const e = epc.epcm(page);
  if (!e.valid) return SGX_SUCCESS;
  if (e.pt === PT_VA) {
    e.valid = false;
    return SGX_SUCCESS;
  }
  if (e.pt === PT_SECS) {
    if (epc.secs.get(page)!.childCount !== 0) return SGX_CHILD_PRESENT;
    epc.secs.delete(page);
    e.valid = false;
    return SGX_SUCCESS;
  }
  const secs = epc.secs.get(e.enclaveSecs)!;
  if (secs.activeThreads !== 0) return SGX_ENCLAVE_ACT;
  if (e.pt === PT_REG || e.pt === PT_TCS || e.pt === PT_TRIM || e.pt === PT_SS_FIRST || e.pt === PT_SS_REST) {
    e.valid = false;
    secs.childCount--;
  }
  return SGX_SUCCESS;
}
