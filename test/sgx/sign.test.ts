/**
 * The signing tool: MRENCLAVE of a layout, SIGSTRUCT fields, and the RSA values — the signature
 * verifies with Node's verifier under the stored (little-endian) modulus, and Q1/Q2 meet the SDM's
 * definitions.
 */
import { type KeyObject, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTR_DEBUG, ATTR_MODE64BIT, SIGSTRUCT } from '../../src/abi/sgx.js';
import { buildSigstruct, chunkMask, generateSigningKey, measureEnclave, signEnclave, signSigstruct } from '../../src/sgx/sign.js';
import { leToBigInt, mrsignerOf, sigstructSignedBytes, verifySigstruct } from '../../src/sgx/sigstruct.js';
import { HARDCODED_PKCS1_5_PADDING } from '../../src/sgx/keys.js';
import { PAGE, REG_RW, REG_RX, TCS_FLAGS, patterned, straightLineMrenclave, tcsPage } from './helpers.js';

let key: KeyObject;

beforeAll(() => {
  key = generateSigningKey();
});

const LAYOUT = {
  size: 0x20000,
  ssaFrameSize: 2,
  pages: [
    { offset: 0, flags: TCS_FLAGS, data: tcsPage(), measure: true },
    { offset: 0x1000, flags: REG_RX, data: patterned(1), measure: true },
    { offset: 0x2000, flags: REG_RW, data: patterned(2), measure: 0b1010_0000_0000_0101 },
    { offset: 0x3000, flags: REG_RW, measure: false },
  ],
};

const field = (sig: Uint8Array, name: keyof typeof SIGSTRUCT.off, size: number) =>
  sig.subarray(SIGSTRUCT.off[name], SIGSTRUCT.off[name] + size);

describe('measureEnclave', () => {
  it('equals the straight-line SHA-256 of the ECREATE/EADD/EEXTEND records', () => {
    expect(Buffer.from(measureEnclave(LAYOUT))).toEqual(straightLineMrenclave(LAYOUT.size, LAYOUT.ssaFrameSize, LAYOUT.pages));
  });

  it('depends on SIZE, SSAFRAMESIZE, offsets, flags, measured chunks and their contents', () => {
    const m = Buffer.from(measureEnclave(LAYOUT));
    const variants = [
      { ...LAYOUT, size: 0x40000 },
      { ...LAYOUT, ssaFrameSize: 1 },
      { ...LAYOUT, pages: LAYOUT.pages.map((p, i) => (i === 3 ? { ...p, offset: 0x4000 } : p)) },
      { ...LAYOUT, pages: LAYOUT.pages.map((p, i) => (i === 1 ? { ...p, flags: REG_RW } : p)) },
      { ...LAYOUT, pages: LAYOUT.pages.map((p, i) => (i === 2 ? { ...p, measure: true } : p)) },
      { ...LAYOUT, pages: LAYOUT.pages.map((p, i) => (i === 1 ? { ...p, data: patterned(9) } : p)) },
    ];
    for (const v of variants) expect(Buffer.from(measureEnclave(v))).not.toEqual(m);
    const unmeasured = patterned(2);
    unmeasured[0x300] ^= 1;
    expect(Buffer.from(measureEnclave({ ...LAYOUT, pages: LAYOUT.pages.map((p, i) => (i === 2 ? { ...p, data: unmeasured } : p)) })),
      'a byte in an unmeasured chunk does not count').toEqual(m);
  });

  it('chunkMask: true is all 16 chunks, false none, a number its low 16 bits', () => {
    expect([chunkMask(true), chunkMask(false), chunkMask(0x1_0003)]).toEqual([0xffff, 0, 3]);
  });

  it('refuses pages outside the enclave or misaligned', () => {
    expect(() => measureEnclave({ ...LAYOUT, pages: [{ offset: 0x20000, flags: REG_RW, measure: false }] })).toThrow(RangeError);
    expect(() => measureEnclave({ ...LAYOUT, pages: [{ offset: 0x10, flags: REG_RW, measure: false }] })).toThrow(RangeError);
  });
});

describe('signSigstruct', () => {
  it('stores the modulus little-endian, exponent 3, and a signature Node verifies over [0,128) ‖ [900,1028)', () => {
    const sig = signEnclave(LAYOUT, { attributes: ATTR_MODE64BIT, xfrm: 3n, isvProdId: 0x1234, isvSvn: 9 }, key);
    const jwk = key.export({ format: 'jwk' });
    expect(Buffer.from(field(sig, 'modulus', 384)).reverse().toString('base64url')).toBe(jwk.n);
    expect(new DataView(sig.buffer).getUint32(SIGSTRUCT.off.exponent, true)).toBe(3);
    const pub = createPublicKey(key);
    expect(verify('sha256', sigstructSignedBytes(sig), pub, Buffer.from(field(sig, 'signature', 384)).reverse())).toBe(true);
    expect(Buffer.from(field(sig, 'mrenclave', 32))).toEqual(Buffer.from(measureEnclave(LAYOUT)));
    const dv = new DataView(sig.buffer);
    expect([dv.getUint16(SIGSTRUCT.off.isv_prod_id, true), dv.getUint16(SIGSTRUCT.off.isv_svn, true)]).toEqual([0x1234, 9]);
    expect(dv.getBigUint64(SIGSTRUCT.off.attributes_mask, true), 'default mask: all but INIT').toBe(0xfffffffffffffffen);
  });

  it('Q1 = floor(S² / M) and Q2 = floor((S³ − Q1·S·M) / M); verifySigstruct recovers the PKCS#1 v1.5 padding', () => {
    const sig = signEnclave(LAYOUT, { attributes: ATTR_MODE64BIT | ATTR_DEBUG, xfrm: 3n }, key);
    const m = leToBigInt(field(sig, 'modulus', 384));
    const s = leToBigInt(field(sig, 'signature', 384));
    const q1 = leToBigInt(field(sig, 'q1', 384));
    const q2 = leToBigInt(field(sig, 'q2', 384));
    expect(q1).toBe((s * s) / m);
    expect(q2).toBe((s ** 3n - q1 * s * m) / m);
    expect(s ** 3n % m, 'S³ mod M by the Q1/Q2 route').toBe(s * (s * s - q1 * m) - q2 * m);
    expect(Buffer.from(verifySigstruct(sig)!)).toEqual(Buffer.from(HARDCODED_PKCS1_5_PADDING));
  });

  it('MRSIGNER is SHA-256 of the stored modulus, and fields can be signed separately from building', () => {
    const unsigned = buildSigstruct({ mrenclave: new Uint8Array(32).fill(1), attributes: ATTR_MODE64BIT, xfrm: 3n });
    expect(verifySigstruct(unsigned), 'an unsigned SIGSTRUCT does not verify').toBeNull();
    const sig = signSigstruct(unsigned, key);
    expect(verifySigstruct(sig)).not.toBeNull();
    const again = signSigstruct(buildSigstruct({ mrenclave: new Uint8Array(32).fill(2), attributes: ATTR_MODE64BIT, xfrm: 3n }), key);
    expect(Buffer.from(mrsignerOf(again)), 'one key, one MRSIGNER').toEqual(Buffer.from(mrsignerOf(sig)));
  });

  it('refuses keys EINIT would not accept: exponent 65537, or not 3072 bits', () => {
    const e65537 = generateKeyPairSync('rsa', { modulusLength: 3072 }).privateKey;
    const small = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).privateKey;
    const blank = () => buildSigstruct({ mrenclave: new Uint8Array(32), attributes: ATTR_MODE64BIT, xfrm: 3n });
    expect(() => signSigstruct(blank(), e65537)).toThrow(/exponent 3/);
    expect(() => signSigstruct(blank(), small)).toThrow(/3072/);
  });

  it('page data absent means zeros', () => {
    const withZeros = { ...LAYOUT, pages: [{ offset: 0, flags: REG_RW, data: new Uint8Array(PAGE), measure: true }] };
    const absent = { ...LAYOUT, pages: [{ offset: 0, flags: REG_RW, measure: true }] };
    expect(Buffer.from(measureEnclave(absent))).toEqual(Buffer.from(measureEnclave(withZeros)));
  });
});
