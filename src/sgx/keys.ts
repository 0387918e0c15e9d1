/**
 * SGX key derivation (derivekey in the SDM's EGETKEY, EREPORT and EINIT pseudocode).
 *
 * The SDM names the inputs of each key (its "Key Derivation" table and TMP_KEYDEPENDENCIES) but
 * not the function. Ours, documented so that tests can recompute it:
 *
 *   key = AES-128-CMAC(rootKey, "SGX KEYDERIV v1\0" || KEYDEPENDENCIES)
 *
 * where KEYDEPENDENCIES is the 656-byte record below (all fields little-endian, zero when a key
 * does not depend on them) and rootKey is the per-machine secret (`SgxPlatform.rootKey`). A key thus
 * changes exactly when one of the fields the SDM lists for it changes.
 */
import { aesCmac } from './cmac.js';

/** KEYDEPENDENCIES: the derivation record, field → [offset, size]. */
export const KEYDEPENDENCIES = {
  keyname: [0, 2],
  isvProdId: [2, 2],
  isvSvn: [4, 2],
  configSvn: [6, 2],
  miscselect: [8, 4],
  miscmask: [12, 4],
  keypolicy: [16, 2],
  // 18..31 reserved (zero)
  cpusvn: [32, 16],
  attributes: [48, 16],
  attributesMask: [64, 16],
  ownerEpoch: [80, 16],
  sealKeyFuses: [96, 16],
  isvFamilyId: [112, 16],
  isvExtProdId: [128, 16],
  mrenclave: [144, 32],
  mrsigner: [176, 32],
  keyid: [208, 32],
  configId: [240, 64],
  padding: [304, 352],
} as const satisfies Record<string, readonly [number, number]>;

export const KEYDEPENDENCIES_SIZE = 656;

/** The fixed label that starts every derivation. */
const DERIVATION_LABEL = new TextEncoder().encode('SGX KEYDERIV v1\0');

/** KeyDependencies are the inputs of one derivation; omitted fields are zero. */
export interface KeyDependencies {
  keyname: number;
  isvProdId?: number;
  isvSvn?: number;
  configSvn?: number;
  miscselect?: number;
  miscmask?: number;
  keypolicy?: number;
  cpusvn?: Uint8Array;
  /** ATTRIBUTES bits 63:0 and XFRM (bits 127:64). */
  attributes?: readonly [flags: bigint, xfrm: bigint];
  attributesMask?: readonly [flags: bigint, xfrm: bigint];
  ownerEpoch?: Uint8Array;
  sealKeyFuses?: Uint8Array;
  isvFamilyId?: Uint8Array;
  isvExtProdId?: Uint8Array;
  mrenclave?: Uint8Array;
  mrsigner?: Uint8Array;
  keyid?: Uint8Array;
  configId?: Uint8Array;
  padding?: Uint8Array;
}

/** encodeKeyDependencies lays the inputs out as the KEYDEPENDENCIES record. */
export function encodeKeyDependencies(d: KeyDependencies): Uint8Array {
  const r = new Uint8Array(KEYDEPENDENCIES_SIZE);
  const dv = new DataView(r.buffer);
  const K = KEYDEPENDENCIES;
  dv.setUint16(K.keyname[0], d.keyname, true);
  dv.setUint16(K.isvProdId[0], d.isvProdId ?? 0, true);
  dv.setUint16(K.isvSvn[0], d.isvSvn ?? 0, true);
  dv.setUint16(K.configSvn[0], d.configSvn ?? 0, true);
  dv.setUint32(K.miscselect[0], (d.miscselect ?? 0) >>> 0, true);
  dv.setUint32(K.miscmask[0], (d.miscmask ?? 0) >>> 0, true);
  dv.setUint16(K.keypolicy[0], d.keypolicy ?? 0, true);
  const put = (field: readonly [number, number], bytes: Uint8Array | undefined): void => {
    if (!bytes) return;
    if (bytes.length !== field[1]) throw new RangeError(`key dependency of ${bytes.length} bytes for a ${field[1]}-byte field`);
    r.set(bytes, field[0]);
  };
  const putAttributes = (field: readonly [number, number], a: readonly [bigint, bigint] | undefined): void => {
    if (!a) return;
    dv.setBigUint64(field[0], BigInt.asUintN(64, a[0]), true);
    dv.setBigUint64(field[0] + 8, BigInt.asUintN(64, a[1]), true);
  };
  put(K.cpusvn, d.cpusvn);
  putAttributes(K.attributes, d.attributes);
  putAttributes(K.attributesMask, d.attributesMask);
  put(K.ownerEpoch, d.ownerEpoch);
  put(K.sealKeyFuses, d.sealKeyFuses);
  put(K.isvFamilyId, d.isvFamilyId);
  put(K.isvExtProdId, d.isvExtProdId);
  put(K.mrenclave, d.mrenclave);
  put(K.mrsigner, d.mrsigner);
  put(K.keyid, d.keyid);
  put(K.configId, d.configId);
  put(K.padding, d.padding);
  return r;
}

/** deriveKey is the SDM's derivekey(TMP_KEYDEPENDENCIES) for a machine whose root key is `rootKey`. */
export function deriveKey(rootKey: Uint8Array, d: KeyDependencies): Uint8Array {
  const deps = encodeKeyDependencies(d);
  const msg = new Uint8Array(DERIVATION_LABEL.length + deps.length);
  msg.set(DERIVATION_LABEL);
  msg.set(deps, DERIVATION_LABEL.length);
  return aesCmac(rootKey, msg);
}

/**
 * HARDCODED_PKCS1_5_PADDING: the 352 bytes that precede the SHA-256 digest in a PKCS#1 v1.5
 * signature block of a 3072-bit key — 00 01, 330 bytes of FF, 00, the DER DigestInfo prefix of
 * SHA-256 (SDM EGETKEY/EINIT; RFC 8017 9.2). EINIT saves what it recovered from the signature,
 * which for a valid signature is exactly this.
 */
export const HARDCODED_PKCS1_5_PADDING: Uint8Array = (() => {
  const p = new Uint8Array(352);
  p[0] = 0x00;
  p[1] = 0x01;
  p.fill(0xff, 2, 332);
  p[332] = 0x00;
  p.set(
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20],
    333,
  );
  return p;
})();

/**
 * cpusvnBeyond says whether `requested` names a configuration beyond `current`. The SDM leaves the
 * comparison to the implementation; here CPUSVN is 16 component SVNs and a request is beyond the
 * current configuration when any component is higher.
 */
export function cpusvnBeyond(requested: Uint8Array, current: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (requested[i] > current[i]) return true;
  return false;
}
