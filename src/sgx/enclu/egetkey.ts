/**
 * egetkey mirrors ENCLU[EGETKEY] (SDM Vol. 3D, "EGETKEY—Retrieves a Cryptographic Key") from the
 * point where KEYREQUEST has been read: the reserved-field and KSS checks (#GP(0)), then per
 * KEYNAME the access, CPUSVN and ISVSVN checks (status codes) and the derivation of keys.ts with the
 * dependencies of the SDM's "Key Derivation" table.
 *
 * Left to the CPU integration: the operand checks (KEYREQUEST 512-byte aligned, OUTPUTDATA 16-byte
 * aligned, both in valid PT_REG pages of this enclave at their address, readable/writable; #GP(0)
 * outside enclave mode), writing the key to RCX, and RFLAGS.
 */
import {
  ATTR_EINITTOKEN_KEY, ATTR_KSS, ATTR_PROVISIONKEY, EINITTOKEN_KEY, KEYPOLICY_CONFIGID, KEYPOLICY_ISVEXTPRODID,
  KEYPOLICY_ISVFAMILYID, KEYPOLICY_KSS_BITS, KEYPOLICY_MRENCLAVE, KEYPOLICY_MRSIGNER, KEYPOLICY_NOISVPRODID,
  KEYPOLICY_RESERVED, KEYREQUEST, PROVISION_KEY, PROVISION_SEAL_KEY, REPORT_KEY, SEAL_KEY, SGX_INVALID_ATTRIBUTE,
  SGX_INVALID_CPUSVN, SGX_INVALID_ISVSVN, SGX_INVALID_KEYNAME, SGX_SUCCESS,
} from '../../abi/sgx.js';
import { EmulatorError, gp0 } from '../../cpu/exceptions.js';
import { HARDCODED_PKCS1_5_PADDING, type KeyDependencies, cpusvnBeyond, deriveKey } from '../keys.js';
import { fieldsZero } from '../linear.js';
import type { Secs } from '../secs.js';
import type { Sgx } from '../sgx.js';

/** REQUIRED_SEALING_MASK: INIT and DEBUG are always part of a key's ATTRIBUTES. */
const REQUIRED_SEALING_MASK = 0x3n;

/** KeyResult is EGETKEY's outcome: the status in RAX and, on success, the 16-byte key. */
export interface KeyResult {
  status: number;
  key: Uint8Array | null;
}

/**
 * egetkey returns the key enclave `secs` gets for `keyrequest` (512 bytes). Precondition: `secs`
 * is initialized. Throws #GP(0) for reserved bits or KSS-only inputs on a non-KSS enclave.
 */
export function egetkey(sgx: Sgx, secs: Secs, keyrequest: Uint8Array): KeyResult {
  if (keyrequest.length !== KEYREQUEST.size) throw new EmulatorError('egetkey: KEYREQUEST must be 512 bytes');
  if (!secs.initialized) throw new EmulatorError('egetkey: the enclave is not initialized');
  const dv = new DataView(keyrequest.buffer, keyrequest.byteOffset, keyrequest.byteLength);
  const o = KEYREQUEST.off;
  const keyname = dv.getUint16(o.keyname, true);
  const keypolicy = dv.getUint16(o.keypolicy, true);
  const isvSvn = dv.getUint16(o.isvsvn, true);
  const configSvn = dv.getUint16(o.config_svn, true);
  const cpusvn = keyrequest.slice(o.cpusvn, o.cpusvn + 16);
  const keyid = keyrequest.slice(o.keyid, o.keyid + 32);
  const attributeMask = dv.getBigUint64(o.attribute_mask, true);
  const xfrmMask = dv.getBigUint64(o.xfrm_mask, true);
  const miscMask = dv.getUint32(o.misc_mask, true);

  if (!fieldsZero(keyrequest, KEYREQUEST, ['reserved1', 'reserved2']) || (keypolicy & KEYPOLICY_RESERVED) !== 0) {
    throw gp0('EGETKEY: KEYREQUEST reserved fields or KEYPOLICY reserved bits set');
  }
  const kss = (secs.attributes & ATTR_KSS) !== 0n;
  if (!kss && ((keypolicy & KEYPOLICY_KSS_BITS) !== 0 || configSvn > 0)) {
    throw gp0('EGETKEY: KSS key policy or CONFIGSVN requested by an enclave without KSS');
  }

  const attributes: readonly [bigint, bigint] = [
    (attributeMask | REQUIRED_SEALING_MASK) & secs.attributes,
    xfrmMask & secs.xfrm,
  ];
  const miscselect = (miscMask & secs.miscselect) >>> 0;
  const notMiscMask = ~miscMask >>> 0;
  const svnCheck = (): number => {
    if (cpusvnBeyond(cpusvn, sgx.cpusvn)) return SGX_INVALID_CPUSVN;
    if (isvSvn > secs.isvSvn) return SGX_INVALID_ISVSVN;
    return SGX_SUCCESS;
  };
  const policy = (bit: number, value: Uint8Array): Uint8Array | undefined => (keypolicy & bit ? value : undefined);
  const configId = policy(KEYPOLICY_CONFIGID, secs.configId);

  let deps: KeyDependencies;
  switch (keyname) {
    case SEAL_KEY: {
      const status = svnCheck();
      if (status !== SGX_SUCCESS) return { status, key: null };
      if (configSvn > secs.configSvn) return { status: SGX_INVALID_ISVSVN, key: null };
      deps = {
        keyname,
        isvFamilyId: policy(KEYPOLICY_ISVFAMILYID, secs.isvFamilyId),
        isvExtProdId: policy(KEYPOLICY_ISVEXTPRODID, secs.isvExtProdId),
        isvProdId: keypolicy & KEYPOLICY_NOISVPRODID ? 0 : secs.isvProdId,
        isvSvn,
        ownerEpoch: sgx.ownerEpoch,
        attributes,
        attributesMask: [attributeMask, xfrmMask],
        mrenclave: policy(KEYPOLICY_MRENCLAVE, secs.mrenclave),
        mrsigner: policy(KEYPOLICY_MRSIGNER, secs.mrsigner),
        keyid,
        sealKeyFuses: sgx.sealFuses,
        cpusvn,
        padding: secs.padding,
        miscselect,
        miscmask: notMiscMask,
        keypolicy,
        configId,
        configSvn: configId ? configSvn : 0,
      };
      break;
    }
    case REPORT_KEY:
      deps = {
        keyname,
        ownerEpoch: sgx.ownerEpoch,
        attributes: [secs.attributes, secs.xfrm],
        mrenclave: secs.mrenclave,
        keyid,
        sealKeyFuses: sgx.sealFuses,
        cpusvn: sgx.cpusvn,
        padding: HARDCODED_PKCS1_5_PADDING,
        miscselect: secs.miscselect,
        configId: secs.configId,
        configSvn: secs.configSvn,
      };
      break;
    case EINITTOKEN_KEY: {
      if ((secs.attributes & ATTR_EINITTOKEN_KEY) === 0n) return { status: SGX_INVALID_ATTRIBUTE, key: null };
      const status = svnCheck();
      if (status !== SGX_SUCCESS) return { status, key: null };
      deps = {
        keyname,
        isvProdId: secs.isvProdId,
        isvSvn,
        ownerEpoch: sgx.ownerEpoch,
        attributes,
        mrsigner: secs.mrsigner,
        keyid,
        sealKeyFuses: sgx.sealFuses,
        cpusvn,
        padding: secs.padding,
        miscselect,
      };
      break;
    }
    case PROVISION_KEY: {
      if ((secs.attributes & ATTR_PROVISIONKEY) === 0n) return { status: SGX_INVALID_ATTRIBUTE, key: null };
      const status = svnCheck();
      if (status !== SGX_SUCCESS) return { status, key: null };
      deps = {
        keyname,
        isvProdId: secs.isvProdId,
        isvSvn,
        attributes,
        attributesMask: [attributeMask, xfrmMask],
        mrsigner: secs.mrsigner,
        cpusvn,
        padding: secs.padding,
        miscselect,
        miscmask: notMiscMask,
      };
      break;
    }
    case PROVISION_SEAL_KEY: {
      if ((secs.attributes & ATTR_PROVISIONKEY) === 0n) return { status: SGX_INVALID_ATTRIBUTE, key: null };
      const status = svnCheck();
      if (status !== SGX_SUCCESS) return { status, key: null };
      deps = {
        keyname,
        isvFamilyId: policy(KEYPOLICY_ISVFAMILYID, secs.isvFamilyId),
        isvExtProdId: policy(KEYPOLICY_ISVEXTPRODID, secs.isvExtProdId),
        isvProdId: keypolicy & KEYPOLICY_NOISVPRODID ? 0 : secs.isvProdId,
        isvSvn,
        attributes,
        attributesMask: [attributeMask, xfrmMask],
        mrsigner: secs.mrsigner,
        sealKeyFuses: sgx.sealFuses,
        cpusvn,
        padding: secs.padding,
        miscselect,
        miscmask: notMiscMask,
        keypolicy,
        configId,
        configSvn: configId ? configSvn : 0,
      };
      break;
    }
    default:
      return { status: SGX_INVALID_KEYNAME, key: null };
  }
  return { status: SGX_SUCCESS, key: deriveKey(sgx.rootKey, deps) };
}
