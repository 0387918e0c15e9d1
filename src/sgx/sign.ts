/**
 * The enclave signing tool, as a library: what Intel's sgx_sign or Linux's selftest `sign_encl`
 * do. measureEnclave computes MRENCLAVE from a page layout exactly as ECREATE/EADD/EEXTEND would
 * (with the same record builders as the leaves, measure.ts); buildSigstruct and signSigstruct
 * produce a SIGSTRUCT signed with an RSA-3072 key of exponent 3, Q1 and Q2 included.
 */
import { type KeyObject, generateKeyPairSync, sign } from 'node:crypto';
import {
  ATTR_INIT, PT_TCS, SECINFO, SECINFO_PT_MASK, SECINFO_PT_SHIFT, SECINFO_R, SECINFO_W, SECINFO_X, SGX_MODULUS_SIZE,
  SIGSTRUCT, SIGSTRUCT_EXPONENT, SIGSTRUCT_HEADER, SIGSTRUCT_HEADER2, SIGSTRUCT_VENDOR_ISV, TCS, TCS_DBGOPTIN,
} from '../abi/sgx.js';
import { PAGE_SIZE } from '../cpu/memory.js';
import { EEXTEND_CHUNK, Measurement, eaddRecord, ecreateRecord, eextendRecords } from './measure.js';
import { bigIntToLe, leToBigInt, sigstructSignedBytes } from './sigstruct.js';

/** EnclavePage is one page of an enclave image, in the order the loader adds it. */
export interface EnclavePage {
  /** Offset of the page from the enclave base (page aligned). */
  offset: number;
  /** SECINFO.FLAGS: R/W/X bits and the page type in bits 15:8 (PT_REG or PT_TCS). */
  flags: number;
  /** The 4096 bytes EADD copies in (zeros when absent). */
  data?: Uint8Array;
  /**
   * Which 256-byte chunks EEXTEND measures: true for all 16 (SGX_PAGE_MEASURE), false for none, or a
   * 16-bit mask, bit i for chunk i (the 2018 driver's mrmask).
   */
  measure: boolean | number;
}

/** EnclaveLayout is what determines MRENCLAVE: the SECS's SIZE and SSAFRAMESIZE and the pages. */
export interface EnclaveLayout {
  size: number;
  ssaFrameSize: number;
  pages: readonly EnclavePage[];
}

/** chunkMask turns EnclavePage.measure into a 16-bit mask. */
export function chunkMask(measure: boolean | number): number {
  if (measure === true) return 0xffff;
  if (measure === false) return 0;
  return measure & 0xffff;
}

/** measureEnclave returns the MRENCLAVE that building `layout` with ECREATE/EADD/EEXTEND yields. */
export function measureEnclave(layout: EnclaveLayout): Uint8Array {
  const m = new Measurement();
  m.update(ecreateRecord(layout.ssaFrameSize, layout.size));
  for (const page of layout.pages) {
    if (page.offset % PAGE_SIZE !== 0 || page.offset < 0 || page.offset >= layout.size) {
      throw new RangeError(`page offset ${page.offset} is not a page inside the enclave`);
    }
    const secinfo = new Uint8Array(SECINFO.size);
    let flags = page.flags;
    const data = (page.data ?? new Uint8Array(PAGE_SIZE)).slice();
    if (((flags & SECINFO_PT_MASK) >>> SECINFO_PT_SHIFT) === PT_TCS) {
      // EADD measures a TCS with R/W/X clear, and EEXTEND sees the copy EADD left in the EPC.
      flags &= ~(SECINFO_R | SECINFO_W | SECINFO_X);
      clearTcsCpuFields(data);
    }
    new DataView(secinfo.buffer).setUint32(0, flags >>> 0, true);
    m.update(eaddRecord(page.offset, secinfo));
    const mask = chunkMask(page.measure);
    for (let i = 0; i < PAGE_SIZE / EEXTEND_CHUNK; i++) {
      if (mask & (1 << i)) {
        const at = i * EEXTEND_CHUNK;
        m.update(eextendRecords(page.offset + at, data.subarray(at, at + EEXTEND_CHUNK)));
      }
    }
  }
  return m.final();
}

/** clearTcsCpuFields does to a TCS what EADD does: FLAGS.DBGOPTIN, CSSA, AEP and STATE become 0. */
function clearTcsCpuFields(tcs: Uint8Array): void {
  const dv = new DataView(tcs.buffer, tcs.byteOffset, tcs.byteLength);
  dv.setBigUint64(TCS.off.flags, dv.getBigUint64(TCS.off.flags, true) & ~BigInt(TCS_DBGOPTIN), true);
  dv.setUint32(TCS.off.cssa, 0, true);
  dv.setBigUint64(TCS.off.aep, 0n, true);
  dv.setBigUint64(TCS.off.state, 0n, true);
}

/** SigstructFields are the parts of a SIGSTRUCT its author chooses. */
export interface SigstructFields {
  mrenclave: Uint8Array;
  /** ATTRIBUTES bits 63:0 the enclave must have under attributesMask (INIT is never set here). */
  attributes: bigint;
  /** Default: every bit except INIT (the SECS has INIT = 0 when EINIT compares). */
  attributesMask?: bigint;
  xfrm: bigint;
  /** Default: every bit. */
  xfrmMask?: bigint;
  miscselect?: number;
  /** Default: every bit. */
  miscMask?: number;
  isvProdId?: number;
  isvSvn?: number;
  /** 0 (an ISV) or 0x8086 (Intel). */
  vendor?: number;
  /** YYYYMMDD in BCD. */
  date?: number;
  swdefined?: number;
  /** KSS identity fields (16 bytes each); EINIT refuses ISVFAMILYID for an enclave without KSS. */
  isvFamilyId?: Uint8Array;
  isvExtProdId?: Uint8Array;
}

/** buildSigstruct lays out an unsigned SIGSTRUCT (modulus, signature, Q1, Q2 zero). */
export function buildSigstruct(f: SigstructFields): Uint8Array {
  const sig = new Uint8Array(SIGSTRUCT.size);
  const dv = new DataView(sig.buffer);
  const o = SIGSTRUCT.off;
  sig.set(SIGSTRUCT_HEADER, o.header);
  dv.setUint32(o.vendor, f.vendor ?? SIGSTRUCT_VENDOR_ISV, true);
  dv.setUint32(o.date, f.date ?? 0x20181219, true);
  sig.set(SIGSTRUCT_HEADER2, o.header2);
  dv.setUint32(o.swdefined, f.swdefined ?? 0, true);
  dv.setUint32(o.exponent, SIGSTRUCT_EXPONENT, true);
  dv.setUint32(o.miscselect, (f.miscselect ?? 0) >>> 0, true);
  dv.setUint32(o.misc_mask, (f.miscMask ?? 0xffffffff) >>> 0, true);
  dv.setBigUint64(o.attributes, f.attributes, true);
  dv.setBigUint64(o.xfrm, f.xfrm, true);
  dv.setBigUint64(o.attributes_mask, f.attributesMask ?? BigInt.asUintN(64, ~ATTR_INIT), true);
  dv.setBigUint64(o.xfrm_mask, f.xfrmMask ?? BigInt.asUintN(64, -1n), true);
  if (f.mrenclave.length !== 32) throw new RangeError('MRENCLAVE must be 32 bytes');
  sig.set(f.mrenclave, o.mrenclave);
  if (f.isvFamilyId) sig.set(f.isvFamilyId, o.isv_family_id);
  if (f.isvExtProdId) sig.set(f.isvExtProdId, o.isv_ext_prod_id);
  dv.setUint16(o.isv_prod_id, f.isvProdId ?? 0, true);
  dv.setUint16(o.isv_svn, f.isvSvn ?? 0, true);
  return sig;
}

/**
 * signSigstruct fills in MODULUS, SIGNATURE (RSASSA-PKCS1-v1_5 over SHA-256 of the signed bytes),
 * Q1 and Q2 of `sigstruct` in place with `key`, an RSA-3072 private key of exponent 3, and returns it.
 */
export function signSigstruct(sigstruct: Uint8Array, key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || jwk.e !== 'Aw') throw new RangeError('the signing key must be RSA with exponent 3');
  const modulusBe = Buffer.from(jwk.n, 'base64url');
  if (modulusBe.length !== SGX_MODULUS_SIZE) throw new RangeError(`the signing key must be RSA-3072, not ${modulusBe.length * 8} bits`);
  const o = SIGSTRUCT.off;
  sigstruct.set(modulusBe.reverse(), o.modulus);
  const signatureBe = sign('sha256', sigstructSignedBytes(sigstruct), key);
  sigstruct.set(Uint8Array.from(signatureBe).reverse(), o.signature);

  const m = leToBigInt(sigstruct.subarray(o.modulus, o.modulus + SGX_MODULUS_SIZE));
  const s = leToBigInt(sigstruct.subarray(o.signature, o.signature + SGX_MODULUS_SIZE));
  const q1 = (s * s) / m;
  const q2 = (s * s * s - q1 * s * m) / m;
  sigstruct.set(bigIntToLe(q1, SGX_MODULUS_SIZE), o.q1);
  sigstruct.set(bigIntToLe(q2, SGX_MODULUS_SIZE), o.q2);
  return sigstruct;
}

/** generateSigningKey makes an RSA-3072 key with exponent 3, the only kind EINIT accepts. */
export function generateSigningKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 3 }).privateKey;
}

/** EnclaveIdentity is what signEnclave puts in the SIGSTRUCT besides MRENCLAVE. */
export type EnclaveIdentity = Omit<SigstructFields, 'mrenclave'>;

/** signEnclave measures `layout` and returns the signed SIGSTRUCT for it. */
export function signEnclave(layout: EnclaveLayout, identity: EnclaveIdentity, key: KeyObject): Uint8Array {
  return signSigstruct(buildSigstruct({ ...identity, mrenclave: measureEnclave(layout) }), key);
}
