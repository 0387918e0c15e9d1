/**
 * EREPORT and EGETKEY: a REPORT's MAC verifies under the REPORT key its target gets from EGETKEY
 * (and under no other), and each key depends on exactly the inputs the SDM's key table lists.
 */
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_DEBUG, ATTR_INIT, ATTR_MODE64BIT, ATTR_PROVISIONKEY, EINITTOKEN_KEY, KEYPOLICY_CONFIGID, KEYPOLICY_MRENCLAVE,
  KEYPOLICY_MRSIGNER, KEYPOLICY_NOISVPRODID, KEYREQUEST, MISC_EXINFO, PROVISION_KEY, PROVISION_SEAL_KEY, REPORT,
  REPORT_KEY, REPORT_MAC_SIZE, SEAL_KEY, SGX_INVALID_ATTRIBUTE, SGX_INVALID_CPUSVN, SGX_INVALID_ISVSVN,
  SGX_INVALID_KEYNAME, SGX_SUCCESS, TARGETINFO,
} from '../../src/abi/sgx.js';
import { Vector } from '../../src/cpu/exceptions.js';
import { aesCmac } from '../../src/sgx/cmac.js';
import { egetkey } from '../../src/sgx/enclu/egetkey.js';
import { ereport } from '../../src/sgx/enclu/ereport.js';
import type { Secs } from '../../src/sgx/secs.js';
import { Sgx } from '../../src/sgx/sgx.js';
import { type EnclaveIdentity, generateSigningKey } from '../../src/sgx/sign.js';
import { EnclaveBuilder, REG_RW, TCS_FLAGS, fault, initWith, patterned, secsState, tcsPage } from './helpers.js';

let signer: KeyObject;
let otherSigner: KeyObject;

beforeAll(() => {
  signer = generateSigningKey();
  otherSigner = generateSigningKey();
});

const IDENTITY: EnclaveIdentity = { attributes: ATTR_MODE64BIT, xfrm: 3n, isvProdId: 2, isvSvn: 5 };

/** enclave builds and initializes an enclave whose data page is `seed`'s pattern. */
function enclave(sgx: Sgx, seed: number, opts: { key?: KeyObject; identity?: EnclaveIdentity; attributes?: bigint;
  miscselect?: number; base?: bigint } = {}): Secs {
  const b = new EnclaveBuilder(sgx);
  b.create({ attributes: opts.attributes ?? ATTR_MODE64BIT, miscselect: opts.miscselect, base: opts.base ?? BigInt(0x40000000 + seed * 0x100000) });
  b.add(0, TCS_FLAGS, tcsPage());
  b.add(0x1000, REG_RW, patterned(seed));
  const identity = opts.identity ?? { ...IDENTITY, attributes: opts.attributes ?? ATTR_MODE64BIT, miscselect: opts.miscselect };
  expect(initWith(b, opts.key ?? signer, identity)).toBe(SGX_SUCCESS);
  return secsState(b);
}

/** targetinfoOf is the TARGETINFO an enclave would publish for itself. */
function targetinfoOf(s: Secs): Uint8Array {
  const t = new Uint8Array(TARGETINFO.size);
  const dv = new DataView(t.buffer);
  t.set(s.mrenclave, TARGETINFO.off.measurement);
  dv.setBigUint64(TARGETINFO.off.attributes, s.attributes, true);
  dv.setBigUint64(TARGETINFO.off.xfrm, s.xfrm, true);
  dv.setUint32(TARGETINFO.off.miscselect, s.miscselect, true);
  return t;
}

interface Request {
  keyname: number;
  keypolicy?: number;
  isvsvn?: number;
  cpusvn?: Uint8Array;
  attributeMask?: bigint;
  xfrmMask?: bigint;
  keyid?: Uint8Array;
  miscMask?: number;
  configSvn?: number;
}

function keyrequest(sgx: Sgx, r: Request): Uint8Array {
  const b = new Uint8Array(KEYREQUEST.size);
  const dv = new DataView(b.buffer);
  const o = KEYREQUEST.off;
  dv.setUint16(o.keyname, r.keyname, true);
  dv.setUint16(o.keypolicy, r.keypolicy ?? 0, true);
  dv.setUint16(o.isvsvn, r.isvsvn ?? 0, true);
  b.set(r.cpusvn ?? sgx.cpusvn, o.cpusvn);
  dv.setBigUint64(o.attribute_mask, r.attributeMask ?? 0xffn, true);
  dv.setBigUint64(o.xfrm_mask, r.xfrmMask ?? 0n, true);
  if (r.keyid) b.set(r.keyid, o.keyid);
  dv.setUint32(o.misc_mask, r.miscMask ?? 0, true);
  dv.setUint16(o.config_svn, r.configSvn ?? 0, true);
  return b;
}

function getKey(sgx: Sgx, s: Secs, r: Request): Buffer {
  const { status, key } = egetkey(sgx, s, keyrequest(sgx, r));
  expect(status, 'EGETKEY status').toBe(SGX_SUCCESS);
  return Buffer.from(key!);
}

describe('EREPORT', () => {
  it('fills the REPORT from the SECS and MACs it with the target\'s REPORT key', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    const b = enclave(sgx, 2, { miscselect: MISC_EXINFO });
    const data = Uint8Array.from({ length: 64 }, (_, i) => 255 - i);
    const report = ereport(sgx, a, targetinfoOf(b), data);
    const dv = new DataView(report.buffer);
    const r = REPORT.off;
    expect(Buffer.from(report.subarray(r.cpusvn, r.cpusvn + 16))).toEqual(Buffer.from(sgx.cpusvn));
    expect(dv.getBigUint64(r.attributes, true), 'ATTRIBUTES include INIT').toBe(ATTR_MODE64BIT | ATTR_INIT);
    expect(dv.getBigUint64(r.xfrm, true)).toBe(3n);
    expect(Buffer.from(report.subarray(r.mrenclave, r.mrenclave + 32))).toEqual(Buffer.from(a.mrenclave));
    expect(Buffer.from(report.subarray(r.mrsigner, r.mrsigner + 32))).toEqual(Buffer.from(a.mrsigner));
    expect([dv.getUint16(r.isv_prod_id, true), dv.getUint16(r.isv_svn, true)]).toEqual([2, 5]);
    expect(Buffer.from(report.subarray(r.report_data, r.report_data + 64))).toEqual(Buffer.from(data));
    expect(Buffer.from(report.subarray(r.keyid, r.keyid + 32))).toEqual(Buffer.from(sgx.reportKeyId));

    const mac = Buffer.from(report.subarray(r.mac, r.mac + 16));
    const keyid = report.slice(r.keyid, r.keyid + 32);
    const bKey = getKey(sgx, b, { keyname: REPORT_KEY, keyid });
    expect(Buffer.from(aesCmac(bKey, report.subarray(0, REPORT_MAC_SIZE))), 'the target recomputes the MAC').toEqual(mac);
    const aKey = getKey(sgx, a, { keyname: REPORT_KEY, keyid });
    expect(Buffer.from(aesCmac(aKey, report.subarray(0, REPORT_MAC_SIZE))), 'another enclave\'s REPORT key does not')
      .not.toEqual(mac);
  });

  it('a REPORT for oneself verifies with one\'s own REPORT key; another machine\'s key does not verify it', () => {
    const root = new Uint8Array(16).fill(3);
    const sgx = new Sgx({ rootKey: root });
    const a = enclave(sgx, 1);
    const report = ereport(sgx, a, targetinfoOf(a), new Uint8Array(64));
    const keyid = report.slice(REPORT.off.keyid, REPORT.off.keyid + 32);
    const mac = Buffer.from(report.subarray(REPORT.off.mac, REPORT.off.mac + 16));
    expect(Buffer.from(aesCmac(getKey(sgx, a, { keyname: REPORT_KEY, keyid }), report.subarray(0, 384)))).toEqual(mac);
    const other = new Sgx({ rootKey: new Uint8Array(16).fill(4) });
    expect(Buffer.from(aesCmac(getKey(other, a, { keyname: REPORT_KEY, keyid }), report.subarray(0, 384)))).not.toEqual(mac);
  });

  it('#GP(0) when TARGETINFO\'s reserved bytes are not zero', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    for (const off of [48, 60, 200, 511]) {
      const t = targetinfoOf(a);
      t[off] = 1;
      expect(fault(() => ereport(sgx, a, t, new Uint8Array(64))).vector, `byte ${off}`).toBe(Vector.GP);
    }
  });
});

describe('EGETKEY', () => {
  it('seal keys: MRENCLAVE policy separates enclaves of one signer, MRSIGNER policy does not', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    const b = enclave(sgx, 2);
    expect(Buffer.from(a.mrenclave)).not.toEqual(Buffer.from(b.mrenclave));
    const byEnclave = { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRENCLAVE, isvsvn: 5 };
    const bySigner = { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRSIGNER, isvsvn: 5 };
    expect(getKey(sgx, a, byEnclave)).not.toEqual(getKey(sgx, b, byEnclave));
    expect(getKey(sgx, a, bySigner)).toEqual(getKey(sgx, b, bySigner));
    const c = enclave(sgx, 1, { key: otherSigner });
    expect(Buffer.from(c.mrenclave), 'same contents, other signer').toEqual(Buffer.from(a.mrenclave));
    expect(getKey(sgx, a, bySigner), 'MRSIGNER policy separates signers').not.toEqual(getKey(sgx, c, bySigner));
    expect(getKey(sgx, a, byEnclave), 'MRENCLAVE policy alone ignores the signer').toEqual(getKey(sgx, c, byEnclave));
  });

  it('seal keys depend on ISVSVN, CPUSVN, KEYID, the masked ATTRIBUTES and the machine; not on unmasked attributes', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    const base: Request = { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRSIGNER, isvsvn: 5 };
    const k = getKey(sgx, a, base);
    expect(getKey(sgx, a, { ...base, isvsvn: 4 }), 'an older ISVSVN').not.toEqual(k);
    const olderCpu = sgx.cpusvn.slice();
    olderCpu[0]--;
    expect(getKey(sgx, a, { ...base, cpusvn: olderCpu }), 'an older CPUSVN').not.toEqual(k);
    expect(getKey(sgx, a, { ...base, keyid: new Uint8Array(32).fill(1) }), 'another KEYID').not.toEqual(k);
    expect(getKey(sgx, a, { ...base, attributeMask: 0x3n }), 'another ATTRIBUTEMASK').not.toEqual(k);
    expect(getKey(sgx, a, base), 'deterministic').toEqual(k);
    const debug = enclave(sgx, 1, { attributes: ATTR_MODE64BIT | ATTR_DEBUG });
    expect(getKey(sgx, debug, base), 'DEBUG is always part of the key (REQUIRED_SEALING_MASK)').not.toEqual(k);
  });

  it('the same root key gives the same keys on two machines; a different one different keys', () => {
    const root = new Uint8Array(16).fill(9);
    const one = new Sgx({ rootKey: root });
    const two = new Sgx({ rootKey: root });
    const three = new Sgx({ rootKey: new Uint8Array(16).fill(8) });
    const req: Request = { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRENCLAVE };
    const k1 = getKey(one, enclave(one, 1), req);
    expect(getKey(two, enclave(two, 1), req)).toEqual(k1);
    expect(getKey(three, enclave(three, 1), req)).not.toEqual(k1);
  });

  it('status codes: SGX_INVALID_ISVSVN, SGX_INVALID_CPUSVN, SGX_INVALID_KEYNAME, SGX_INVALID_ATTRIBUTE', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    const status = (r: Request) => egetkey(sgx, a, keyrequest(sgx, r)).status;
    expect(status({ keyname: SEAL_KEY, isvsvn: 6 }), 'ISVSVN above the enclave\'s').toBe(SGX_INVALID_ISVSVN);
    const newer = sgx.cpusvn.slice();
    newer[1]++;
    expect(status({ keyname: SEAL_KEY, cpusvn: newer }), 'a CPUSVN beyond this CPU').toBe(SGX_INVALID_CPUSVN);
    expect(status({ keyname: 5 })).toBe(SGX_INVALID_KEYNAME);
    expect(status({ keyname: PROVISION_KEY }), 'without ATTRIBUTES.PROVISIONKEY').toBe(SGX_INVALID_ATTRIBUTE);
    expect(status({ keyname: PROVISION_SEAL_KEY })).toBe(SGX_INVALID_ATTRIBUTE);
    expect(status({ keyname: EINITTOKEN_KEY }), 'without ATTRIBUTES.EINITTOKENKEY').toBe(SGX_INVALID_ATTRIBUTE);
    expect(egetkey(sgx, a, keyrequest(sgx, { keyname: 5 })).key, 'no key on failure').toBeNull();
  });

  it('provisioning keys depend on the signer and not on MRENCLAVE, KEYID or the owner epoch', () => {
    const sgx = new Sgx();
    const pce = (seed: number) => enclave(sgx, seed, { attributes: ATTR_MODE64BIT | ATTR_PROVISIONKEY });
    const a = pce(1);
    const b = pce(2);
    const req: Request = { keyname: PROVISION_KEY, isvsvn: 5 };
    expect(getKey(sgx, a, req)).toEqual(getKey(sgx, b, req));
    expect(getKey(sgx, a, { ...req, keyid: new Uint8Array(32).fill(1) }), 'KEYID is not an input').toEqual(getKey(sgx, a, req));
    const epoch = new Sgx({ rootKey: sgx.rootKey, ownerEpoch: new Uint8Array(16).fill(1) });
    const c = enclave(epoch, 1, { attributes: ATTR_MODE64BIT | ATTR_PROVISIONKEY });
    expect(getKey(epoch, c, req), 'a new owner does not change the provisioning key').toEqual(getKey(sgx, a, req));
    expect(getKey(epoch, c, { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRSIGNER }), 'but changes seal keys')
      .not.toEqual(getKey(sgx, a, { keyname: SEAL_KEY, keypolicy: KEYPOLICY_MRSIGNER }));
    expect(getKey(sgx, a, { keyname: PROVISION_SEAL_KEY, isvsvn: 5 })).not.toEqual(getKey(sgx, a, req));
  });

  it('#GP(0) for reserved bytes, reserved KEYPOLICY bits, and KSS-only inputs without KSS', () => {
    const sgx = new Sgx();
    const a = enclave(sgx, 1);
    const gp = (b: Uint8Array) => expect(fault(() => egetkey(sgx, a, b)).vector).toBe(Vector.GP);
    for (const off of [6, 7, 78, 511]) {
      const b = keyrequest(sgx, { keyname: SEAL_KEY });
      b[off] = 1;
      gp(b);
    }
    gp(keyrequest(sgx, { keyname: SEAL_KEY, keypolicy: 0x40 }));
    gp(keyrequest(sgx, { keyname: SEAL_KEY, keypolicy: KEYPOLICY_NOISVPRODID }));
    gp(keyrequest(sgx, { keyname: SEAL_KEY, keypolicy: KEYPOLICY_CONFIGID }));
    gp(keyrequest(sgx, { keyname: SEAL_KEY, configSvn: 1 }));
  });
});
