/**
 * eextend mirrors ENCLS[EEXTEND] (SDM Vol. 3D, "EEXTEND—Extend Uninitialized Enclave Measurement by
 * 256 Bytes"): it extends MRENCLAVE with a 256-byte chunk of an enclave page and its offset.
 * The SDM lists "the enclave is already initialized" among EEXTEND's #GP(0) conditions; it is
 * checked where the pseudocode locks the SECS's initialized state.
 */
import { PT_REG, PT_TCS } from '../../abi/sgx.js';
import { gp0 } from '../../cpu/exceptions.js';
import { PAGE_SIZE } from '../../cpu/memory.js';
import { aligned, epcOperand, epcPageFault } from '../linear.js';
import { EEXTEND_CHUNK, eextendRecords } from '../measure.js';
import type { Sgx } from '../sgx.js';

/**
 * eextend executes EEXTEND with RBX = `rbx` (the linear address of the enclave's SECS) and RCX =
 * `rcx` (the linear address of a 256-byte chunk of an EPC page: page address + chunk offset).
 */
export function eextend(sgx: Sgx, rbx: number, rcx: number): void {
  const epc = sgx.epc;
  if (!aligned(rbx, PAGE_SIZE)) throw gp0('EEXTEND: the SECS (RBX) is not page aligned');
  const secsPage = epcOperand(epc, rbx, false, 'EEXTEND: the SECS (RBX)');
  if (!aligned(rcx, EEXTEND_CHUNK)) throw gp0('EEXTEND: the chunk (RCX) is not 256-byte aligned');
  const page = epcOperand(epc, rcx, false, 'EEXTEND: the chunk (RCX)');

  const e = epc.epcm(page);
  if (!e.valid) throw epcPageFault(rcx, false, 'EEXTEND: the chunk is in an invalid EPC page');
  if (e.pt !== PT_REG && e.pt !== PT_TCS) throw epcPageFault(rcx, false, 'EEXTEND: the chunk is not in a PT_REG/PT_TCS page');
  if (e.enclaveSecs !== secsPage) throw gp0('EEXTEND: RBX is not the SECS of the chunk\'s enclave');
  const secs = epc.secs.get(secsPage)!;
  if (secs.initialized) throw gp0('EEXTEND: the enclave is already initialized');

  const inPage = rcx - epc.address(page);
  const offset = e.enclaveAddress - secs.base + inPage;
  secs.measurement.update(eextendRecords(offset, epc.frame(page).u8.slice(inPage, inPage + EEXTEND_CHUNK)));
}
