/**
 * einit mirrors ENCLS[EINIT] (SDM Vol. 3D, "EINIT—Initialize an Enclave for Execution"): it checks
 * SIGSTRUCT (header, signature, measurement, attributes) and the launch authorization, then commits
 * MRENCLAVE, MRSIGNER and the ISV identity and marks the enclave initialized.
 *
 * Launch control is flexible: IA32_SGXLEPUBKEYHASH is writable (Sgx.setLePubKeyHash). With an
 * EINITTOKEN whose VALID bit is 0 — what Linux passes — EINIT requires SHA-256(MODULUS) to equal
 * those MSRs, so the kernel writes the signer's hash first, as sgx_update_lepubkeyhash does. A
 * token with VALID = 1 is checked fully (its MAC under the EINITTOKEN key of the launch enclave).
 *
 * No interrupt can be pending inside a function call, so SGX_UNMASKED_EVENT is never returned.
 * The SDM names the status of a token whose ATTRIBUTES differ from the SECS "SGX_INVALID_EINIT_ATTRIBUTE"
 * without giving it a value; SGX_INVALID_ATTRIBUTE is returned.
 */
import {
  ATTR_DEBUG, ATTR_EINITTOKEN_KEY, ATTR_INIT, ATTR_KSS, EINITTOKEN, EINITTOKEN_KEY, EINITTOKEN_MAC_SIZE, PT_SECS,
  SGX_INVALID_ATTRIBUTE, SGX_INVALID_CPUSVN, SGX_INVALID_EINITTOKEN, SGX_INVALID_MEASUREMENT, SGX_INVALID_SIGNATURE,
  SGX_INVALID_SIG_STRUCT, SGX_SUCCESS, SIGSTRUCT, SIGSTRUCT_EXPONENT, SIGSTRUCT_HEADER, SIGSTRUCT_HEADER2,
  SIGSTRUCT_VENDOR_INTEL, SIGSTRUCT_VENDOR_ISV,
} from '../../abi/sgx.js';
import { gp0 } from '../../cpu/exceptions.js';
import { PAGE_SIZE } from '../../cpu/memory.js';
import { aesCmac } from '../cmac.js';
import { HARDCODED_PKCS1_5_PADDING, cpusvnBeyond, deriveKey } from '../keys.js';
import { type LinearMemory, aligned, epcOperand, epcPageFault, fieldsZero, supervisorRead } from '../linear.js';
import { equalBytes, mrsignerOf, verifySigstruct } from '../sigstruct.js';
import type { Sgx } from '../sgx.js';

/** CONTROLLED_ATTRIBUTES: attributes only an enclave signed by the IA32_SGXLEPUBKEYHASH key may have. */
const CONTROLLED_ATTRIBUTES = ATTR_EINITTOKEN_KEY;

/** EINITTOKEN alignment (RDX). */
const EINITTOKEN_ALIGN = 512;

/**
 * einit executes EINIT with RBX = `rbx` (SIGSTRUCT, read through `mem`), RCX = `rcx` (the SECS in
 * the EPC) and RDX = `rdx` (EINITTOKEN, read through `mem`). It returns the status EINIT leaves in
 * RAX (SGX_SUCCESS with ZF = 0, anything else with ZF = 1) or throws #GP(0) / #PF.
 */
export function einit(sgx: Sgx, mem: LinearMemory, rbx: number, rcx: number, rdx: number): number {
  const epc = sgx.epc;
  if (!aligned(rbx, PAGE_SIZE) || !aligned(rcx, PAGE_SIZE)) throw gp0('EINIT: SIGSTRUCT or SECS not page aligned');
  if (!aligned(rdx, EINITTOKEN_ALIGN)) throw gp0('EINIT: EINITTOKEN not 512-byte aligned');
  const secsPage = epcOperand(epc, rcx, true, 'EINIT: the SECS (RCX)');

  const sig = supervisorRead(mem, rbx, SIGSTRUCT.size);
  const token = supervisorRead(mem, rdx, EINITTOKEN.size);
  const sdv = new DataView(sig.buffer, sig.byteOffset, sig.byteLength);
  const tdv = new DataView(token.buffer, token.byteOffset, token.byteLength);

  const vendor = sdv.getUint32(SIGSTRUCT.off.vendor, true);
  if (
    !equalBytes(sig.subarray(0, 16), SIGSTRUCT_HEADER) ||
    (vendor !== SIGSTRUCT_VENDOR_ISV && vendor !== SIGSTRUCT_VENDOR_INTEL) ||
    !equalBytes(sig.subarray(SIGSTRUCT.off.header2, SIGSTRUCT.off.header2 + 16), SIGSTRUCT_HEADER2) ||
    sdv.getUint32(SIGSTRUCT.off.exponent, true) !== SIGSTRUCT_EXPONENT ||
    !fieldsZero(sig, SIGSTRUCT, ['reserved1', 'reserved2', 'reserved3', 'reserved4'])
  ) {
    return SGX_INVALID_SIG_STRUCT;
  }

  const padding = verifySigstruct(sig);
  if (!padding) return SGX_INVALID_SIGNATURE;

  const secsEntry = epc.epcm(secsPage);
  if (!secsEntry.valid || secsEntry.pt !== PT_SECS) throw epcPageFault(rcx, true, 'EINIT: RCX is not a valid SECS page');
  const secs = epc.secs.get(secsPage)!;

  if (!fieldsZero(sig, SIGSTRUCT, ['isv_family_id']) && (secs.attributes & ATTR_KSS) === 0n) return SGX_INVALID_SIG_STRUCT;
  if (secs.initialized) throw gp0('EINIT: the enclave is already initialized');

  const mrenclave = secs.measurement.final();
  if (!equalBytes(sig.subarray(SIGSTRUCT.off.mrenclave, SIGSTRUCT.off.mrenclave + 32), mrenclave)) {
    return SGX_INVALID_MEASUREMENT;
  }
  const mrsigner = mrsignerOf(sig);
  const signerIsLe = equalBytes(mrsigner, sgx.lePubKeyHash);
  if ((secs.attributes & CONTROLLED_ATTRIBUTES) !== 0n && !signerIsLe) return SGX_INVALID_ATTRIBUTE;

  const u64 = (dv: DataView, off: number): bigint => dv.getBigUint64(off, true);
  const attrMask = u64(sdv, SIGSTRUCT.off.attributes_mask);
  const xfrmMask = u64(sdv, SIGSTRUCT.off.xfrm_mask);
  if (
    (secs.attributes & attrMask) !== (u64(sdv, SIGSTRUCT.off.attributes) & attrMask) ||
    (secs.xfrm & xfrmMask) !== (u64(sdv, SIGSTRUCT.off.xfrm) & xfrmMask)
  ) {
    return SGX_INVALID_ATTRIBUTE;
  }
  const miscMask = sdv.getUint32(SIGSTRUCT.off.misc_mask, true);
  if (((secs.miscselect & miscMask) >>> 0) !== ((sdv.getUint32(SIGSTRUCT.off.miscselect, true) & miscMask) >>> 0)) {
    return SGX_INVALID_ATTRIBUTE;
  }

  if ((tdv.getUint32(EINITTOKEN.off.valid, true) & 1) === 0) {
    if (!signerIsLe) return SGX_INVALID_EINITTOKEN;
  } else {
    const status = checkToken(sgx, token, tdv, secs.attributes, secs.xfrm, mrenclave, mrsigner);
    if (status !== SGX_SUCCESS) return status;
  }

  const bytes = (name: 'isv_ext_prod_id' | 'isv_family_id'): Uint8Array =>
    sig.slice(SIGSTRUCT.off[name], SIGSTRUCT.off[name] + 16);
  secs.mrenclave = mrenclave;
  secs.mrsigner = mrsigner;
  secs.isvExtProdId = bytes('isv_ext_prod_id');
  secs.isvProdId = sdv.getUint16(SIGSTRUCT.off.isv_prod_id, true);
  secs.isvSvn = sdv.getUint16(SIGSTRUCT.off.isv_svn, true);
  secs.isvFamilyId = bytes('isv_family_id');
  secs.padding = padding;
  secs.attributes |= ATTR_INIT;
  return SGX_SUCCESS;
}

/** checkToken is EINIT's EINITTOKEN.VALID = 1 path, from the debug-launch check to the ATTRIBUTES match. */
function checkToken(
  sgx: Sgx, token: Uint8Array, tdv: DataView, attributes: bigint, xfrm: bigint, mrenclave: Uint8Array,
  mrsigner: Uint8Array,
): number {
  const off = EINITTOKEN.off;
  const maskedAttributesLe = tdv.getBigUint64(off.masked_attributes_le, true);
  if ((maskedAttributesLe & ATTR_DEBUG) !== 0n && (attributes & ATTR_DEBUG) === 0n) return SGX_INVALID_EINITTOKEN;
  if ((tdv.getUint32(off.valid, true) & ~1) !== 0 || !fieldsZero(token, EINITTOKEN, ['reserved1', 'reserved2', 'reserved3', 'reserved4'])) {
    return SGX_INVALID_EINITTOKEN;
  }
  const cpusvnLe = token.slice(off.cpusvn_le, off.cpusvn_le + 16);
  if (cpusvnBeyond(cpusvnLe, sgx.cpusvn)) return SGX_INVALID_CPUSVN;

  const key = deriveKey(sgx.rootKey, {
    keyname: EINITTOKEN_KEY,
    isvProdId: tdv.getUint16(off.isv_prod_id_le, true),
    isvSvn: tdv.getUint16(off.isv_svn_le, true),
    ownerEpoch: sgx.ownerEpoch,
    attributes: [maskedAttributesLe, tdv.getBigUint64(off.masked_xfrm_le, true)],
    mrsigner: sgx.lePubKeyHash,
    keyid: token.slice(off.keyid, off.keyid + 32),
    sealKeyFuses: sgx.sealFuses,
    cpusvn: cpusvnLe,
    miscselect: tdv.getUint32(off.masked_miscselect_le, true),
    padding: HARDCODED_PKCS1_5_PADDING,
  });
  if (!equalBytes(aesCmac(key, token.subarray(0, EINITTOKEN_MAC_SIZE)), token.subarray(off.mac, off.mac + 16))) {
    return SGX_INVALID_EINITTOKEN;
  }
  if (
    !equalBytes(token.subarray(off.mrenclave, off.mrenclave + 32), mrenclave) ||
    !equalBytes(token.subarray(off.mrsigner, off.mrsigner + 32), mrsigner)
  ) {
    return SGX_INVALID_MEASUREMENT;
  }
  if (tdv.getBigUint64(off.attributes, true) !== attributes || tdv.getBigUint64(off.xfrm, true) !== xfrm) {
    return SGX_INVALID_ATTRIBUTE;
  }
  return SGX_SUCCESS;
}
