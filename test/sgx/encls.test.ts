/**
 * The ENCLS leaves a driver uses to build an enclave: ECREATE, EADD, EEXTEND, EINIT, EREMOVE, with
 * MRENCLAVE checked against a straight-line SHA-256 of the SDM's records, and every fault and
 * status path the SDM's pseudocode defines for the inputs a driver can get wrong.
 */
import type { KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTR_DEBUG, ATTR_EINITTOKEN_KEY, ATTR_INIT, ATTR_KSS, ATTR_MODE64BIT, EINITTOKEN, EINITTOKEN_KEY, KEYREQUEST,
  MISC_EXINFO, PT_REG, PT_TCS, SECINFO_PENDING, SECS, SGX_CHILD_PRESENT, SGX_ENCLAVE_ACT, SGX_INVALID_ATTRIBUTE,
  SGX_INVALID_EINITTOKEN, SGX_INVALID_MEASUREMENT, SGX_INVALID_SIGNATURE, SGX_INVALID_SIG_STRUCT, SGX_SUCCESS, SIGSTRUCT,
  TCS,
} from '../../src/abi/sgx.js';
import { PF_P, PF_SGX, PF_U, PF_W, Vector } from '../../src/cpu/exceptions.js';
import { aesCmac } from '../../src/sgx/cmac.js';
import { ecreate } from '../../src/sgx/encls/ecreate.js';
import { eadd } from '../../src/sgx/encls/eadd.js';
import { eextend } from '../../src/sgx/encls/eextend.js';
import { einit } from '../../src/sgx/encls/einit.js';
import { eremove } from '../../src/sgx/encls/eremove.js';
import { egetkey } from '../../src/sgx/enclu/egetkey.js';
import { KernelMemory } from '../../src/sgx/linear.js';
import { measureEnclave, signEnclave, generateSigningKey, type EnclaveIdentity } from '../../src/sgx/sign.js';
import { mrsignerOf } from '../../src/sgx/sigstruct.js';
import { Sgx } from '../../src/sgx/sgx.js';
import {
  EnclaveBuilder, PAGE, REG_RW, REG_RX, SECS_FLAGS, TCS_FLAGS, fault, initWith, patterned, secinfo, secsPage,
  secsState, straightLineMrenclave, tcsPage,
} from './helpers.js';

let key: KeyObject;
let otherKey: KeyObject;

beforeAll(() => {
  key = generateSigningKey();
  otherKey = generateSigningKey();
});

const IDENTITY: EnclaveIdentity = { attributes: ATTR_MODE64BIT, xfrm: 3n, isvProdId: 7, isvSvn: 3 };

/** build makes a small enclave: a TCS, a code page measured whole, a data page half measured. */
function build(sgx = new Sgx(), secs = {}): EnclaveBuilder {
  const b = new EnclaveBuilder(sgx);
  b.create(secs);
  b.add(0, TCS_FLAGS, tcsPage({ flags: 1, cssa: 5, aep: 0x1234, state: 1 }));
  b.add(0x1000, REG_RX, patterned(1));
  b.add(0x2000, REG_RW, patterned(2), 0x00ff);
  return b;
}

/** init runs EINIT as Linux does: `sig` (default: the layout signed with `k`), hash MSRs, zero token. */
function init(b: EnclaveBuilder, k = key, identity: EnclaveIdentity = IDENTITY, sig?: Uint8Array): number {
  if (!sig) return initWith(b, k, identity);
  b.sgx.setLePubKeyHash(mrsignerOf(sig));
  return einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, b.mem.stage(new Uint8Array(EINITTOKEN.size), 512));
}

const secsOf = secsState;
const SGX_PF = PF_P | PF_SGX;

describe('building an enclave', () => {
  it('MRENCLAVE equals a straight-line SHA-256 of the SDM records and the signing tool\'s measurement', () => {
    const b = build();
    const expected = straightLineMrenclave(b.size, b.ssaFrameSize, b.pages);
    expect(Buffer.from(secsOf(b).measurement.final()), 'the leaves').toEqual(expected);
    expect(Buffer.from(measureEnclave(b.layout)), 'sign.ts').toEqual(expected);
  });

  it('EINIT commits MRENCLAVE, MRSIGNER = SHA-256(modulus), the ISV identity and INIT', () => {
    const b = build();
    const sig = signEnclave(b.layout, IDENTITY, key);
    expect(init(b, key, IDENTITY, sig)).toBe(SGX_SUCCESS);
    const s = secsOf(b);
    expect(Buffer.from(s.mrenclave)).toEqual(straightLineMrenclave(b.size, b.ssaFrameSize, b.pages));
    expect(Buffer.from(s.mrsigner)).toEqual(Buffer.from(mrsignerOf(sig)));
    expect([s.isvProdId, s.isvSvn]).toEqual([7, 3]);
    expect(s.attributes & ATTR_INIT).toBe(ATTR_INIT);
    expect(s.initialized).toBe(true);
  });

  it('records the EPCM: type, permissions, address and owner; a TCS gets no permissions', () => {
    const sgx = new Sgx();
    const b = new EnclaveBuilder(sgx);
    b.create();
    const tcs = b.add(0, TCS_FLAGS | 7, tcsPage());
    const code = b.add(0x1000, REG_RX, patterned(1));
    const secsIndex = sgx.epc.pageIndex(b.secs);
    const t = sgx.epc.epcm(sgx.epc.pageIndex(tcs));
    expect([t.valid, t.pt, t.r, t.w, t.x, t.enclaveAddress, t.enclaveSecs])
      .toEqual([true, PT_TCS, false, false, false, b.base, secsIndex]);
    const c = sgx.epc.epcm(sgx.epc.pageIndex(code));
    expect([c.pt, c.r, c.w, c.x, c.enclaveAddress]).toEqual([PT_REG, true, false, true, b.base + 0x1000]);
    expect(Buffer.from(sgx.epc.frame(sgx.epc.pageIndex(code)).u8)).toEqual(Buffer.from(patterned(1)));
    expect(Buffer.from(secsOf(b).measurement.final()), 'a TCS is measured with R/W/X clear')
      .toEqual(straightLineMrenclave(b.size, b.ssaFrameSize, [{ ...b.pages[0], flags: TCS_FLAGS }, b.pages[1]]));
  });

  it('EADD clears TCS.FLAGS.DBGOPTIN, CSSA, AEP and STATE in the EPC copy and keeps the rest', () => {
    const b = new EnclaveBuilder(new Sgx());
    b.create();
    const tcs = b.add(0, TCS_FLAGS, tcsPage({ flags: 1, cssa: 5, aep: 0x1234, state: 1, nssa: 2, oentry: 0x5000 }));
    const dv = b.sgx.epc.frame(b.sgx.epc.pageIndex(tcs)).dv;
    expect(dv.getBigUint64(TCS.off.flags, true)).toBe(0n);
    expect(dv.getUint32(TCS.off.cssa, true)).toBe(0);
    expect(dv.getBigUint64(TCS.off.aep, true)).toBe(0n);
    expect(dv.getBigUint64(TCS.off.state, true)).toBe(0n);
    expect(dv.getUint32(TCS.off.nssa, true)).toBe(2);
    expect(dv.getBigUint64(TCS.off.oentry, true)).toBe(0x5000n);
  });

  it('EEXTEND measures a TCS as EADD left it: the source\'s CSSA, AEP, STATE and DBGOPTIN do not count', () => {
    const measured = (tcs: Uint8Array) => {
      const b = new EnclaveBuilder(new Sgx());
      b.create();
      b.add(0, TCS_FLAGS, tcs);
      return Buffer.from(secsOf(b).measurement.final());
    };
    expect(measured(tcsPage({ flags: 1, cssa: 3, aep: 0x77, state: 1 }))).toEqual(measured(tcsPage()));
    expect(measured(tcsPage({ nssa: 2 })), 'the other TCS fields do count').not.toEqual(measured(tcsPage()));
  });

  it('EADD accepts SECINFO.PENDING (not a reserved bit), measures it and leaves EPCM.PENDING clear', () => {
    const b = new EnclaveBuilder(new Sgx());
    b.create();
    const p = b.add(0x1000, REG_RW | SECINFO_PENDING, patterned(3), false);
    expect(b.sgx.epc.epcm(b.sgx.epc.pageIndex(p)).pending).toBe(false);
    expect(Buffer.from(secsOf(b).measurement.final())).toEqual(straightLineMrenclave(b.size, b.ssaFrameSize, b.pages));
  });

  it('MISCSELECT.EXINFO fits in a one-page SSA frame; EINIT can be retried after a failure', () => {
    const b = build(new Sgx(), { miscselect: MISC_EXINFO });
    const identity = { ...IDENTITY, miscselect: MISC_EXINFO };
    expect(init(b, key, IDENTITY), 'SIGSTRUCT.MISCSELECT 0 under an all-ones MISCMASK').toBe(SGX_INVALID_ATTRIBUTE);
    expect(init(b, key, identity), 'the running measurement survived the failed EINIT').toBe(SGX_SUCCESS);
  });

  it('operands may be staged in kernel memory (mainline copies SECS, SECINFO and SIGSTRUCT first)', () => {
    const sgx = new Sgx();
    const kmem = new KernelMemory();
    const secs = sgx.epc.alloc()!;
    ecreate(sgx, kmem, { linaddr: 0, srcpge: kmem.place(secsPage()), secinfo: kmem.place(secinfo(SECS_FLAGS), 64), secs: 0 }, secs);
    const page = sgx.epc.alloc()!;
    eadd(sgx, kmem, { linaddr: 0x40000000, srcpge: kmem.place(tcsPage()), secinfo: kmem.place(secinfo(TCS_FLAGS), 64), secs }, page);
    const sig = signEnclave({ size: 0x10000, ssaFrameSize: 1, pages: [{ offset: 0, flags: TCS_FLAGS, data: tcsPage(), measure: false }] },
      IDENTITY, key);
    sgx.setLePubKeyHash(mrsignerOf(sig));
    expect(einit(sgx, kmem, kmem.place(sig), secs, kmem.place(new Uint8Array(304), 512))).toBe(SGX_SUCCESS);
    const f = fault(() => einit(sgx, kmem, kmem.place(sig) + PAGE * 8, secs, kmem.place(new Uint8Array(304), 512)));
    expect([f.vector, f.errorCode & PF_U], 'an unstaged kernel address is a supervisor not-present #PF').toEqual([Vector.PF, 0]);
  });
});

describe('ECREATE faults', () => {
  const run = (sgx: Sgx, src: Uint8Array, opts: { flags?: number | bigint; rcx?: number; linaddr?: number } = {}) => {
    const b = new EnclaveBuilder(sgx);
    const rcx = opts.rcx ?? sgx.epc.alloc()!;
    return fault(() => ecreate(sgx, b.mem.as, b.pageinfo(opts.linaddr ?? 0, b.mem.stage(src),
      b.mem.stage(secinfo(opts.flags ?? SECS_FLAGS), 64), 0), rcx));
  };
  const gp = (f: { vector: number; errorCode: number }) => expect([f.vector, f.errorCode]).toEqual([Vector.GP, 0]);

  it.each([
    ['SIZE not a power of two', { size: 0x3000n }],
    ['SIZE below 2 pages', { size: 0x1000n }],
    ['SIZE at the 64-bit maximum (2^36)', { size: 1n << 36n, base: 0n }],
    ['BASEADDR not aligned to SIZE', { base: 0x40001000n }],
    ['BASEADDR not canonical', { base: 0x0000800000000000n }],
    ['SSAFRAMESIZE zero', { ssaFrameSize: 0 }],
    ['XFRM without SSE', { xfrm: 1n }],
    ['XFRM with AVX (not in XCR0)', { xfrm: 7n }],
    ['MISCSELECT with an unsupported bit', { miscselect: 2 }],
    ['ATTRIBUTES.INIT set', { attributes: ATTR_MODE64BIT | ATTR_INIT }],
    ['ATTRIBUTES.KSS set (not supported)', { attributes: ATTR_MODE64BIT | ATTR_KSS }],
    ['ATTRIBUTES reserved bit 3', { attributes: ATTR_MODE64BIT | 8n }],
    ['MODE64BIT clear (32-bit enclaves are not modelled)', { attributes: 0n }],
  ])('#GP(0): %s', (_name, p) => {
    gp(run(new Sgx(), secsPage(p)));
  });

  it('#GP(0) for non-zero reserved bytes and for CONFIGSVN without KSS', () => {
    for (const off of [24, 40, 100, 170, 300, 4095]) {
      const src = secsPage();
      src[off] = 1;
      gp(run(new Sgx(), src));
    }
    const src = secsPage();
    src[SECS.off.config_svn] = 1;
    gp(run(new Sgx(), src));
  });

  it('#GP(0) for a SECINFO that is not PT_SECS or has reserved bits, and for PAGEINFO.LINADDR ≠ 0', () => {
    gp(run(new Sgx(), secsPage(), { flags: PT_REG << 8 }));
    gp(run(new Sgx(), secsPage(), { flags: SECS_FLAGS | 0x40 }));
    gp(run(new Sgx(), secsPage(), { flags: BigInt(SECS_FLAGS) | (1n << 40n) }));
    gp(run(new Sgx(), secsPage(), { linaddr: 0x1000 }));
  });

  it('#GP(0) for a destination that is not page aligned; the SGX #PF for one outside the EPC', () => {
    const sgx = new Sgx();
    gp(run(sgx, secsPage(), { rcx: sgx.epc.alloc()! + 64 }));
    const outside = sgx.epc.address(sgx.epc.pages);
    const f = run(sgx, secsPage(), { rcx: outside });
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, outside]);
  });

  it('the SGX #PF for an EPC page that is already valid', () => {
    const b = build();
    const f = run(b.sgx, secsPage(), { rcx: b.secs });
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, b.secs]);
  });

  it('an unmapped source page is a supervisor #PF at its address; a misaligned one #GP(0)', () => {
    const sgx = new Sgx();
    const b = new EnclaveBuilder(sgx);
    const f = fault(() => ecreate(sgx, b.mem.as, b.pageinfo(0, 0x7000_0000, b.mem.stage(secinfo(SECS_FLAGS), 64), 0), sgx.epc.alloc()!));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, 0, 0x7000_0000]);
    gp(fault(() => ecreate(sgx, b.mem.as, b.pageinfo(0, b.mem.stage(secsPage()) + 8, b.mem.stage(secinfo(SECS_FLAGS), 64), 0),
      sgx.epc.alloc()!)));
  });
});

describe('EADD and EEXTEND faults', () => {
  it('#PF on a second EADD to the same EPC page (double add)', () => {
    const b = build();
    const page = b.add(0x3000, REG_RW);
    const f = fault(() => eadd(b.sgx, b.mem.as, b.pageinfo(b.base + 0x4000, b.mem.stage(patterned(4)),
      b.mem.stage(secinfo(REG_RW), 64), b.secs), page));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, page]);
  });

  it('#GP(0): LINADDR outside the enclave, W without R, TCS reserved bytes, PT_SECS, misalignment', () => {
    const b = build();
    const tryAdd = (linaddr: number, flags: number, data = patterned(5), rcx = b.sgx.epc.alloc()!, si = secinfo(flags)) =>
      fault(() => eadd(b.sgx, b.mem.as, b.pageinfo(linaddr, b.mem.stage(data), b.mem.stage(si, 64), b.secs), rcx));
    const badTcs = tcsPage();
    badTcs[100] = 1;
    for (const f of [
      tryAdd(b.base + b.size, REG_RW),
      tryAdd(b.base - PAGE, REG_RW),
      tryAdd(b.base + 0x5000, (PT_REG << 8) | 2),
      tryAdd(b.base + 0x5000, TCS_FLAGS, badTcs),
      tryAdd(b.base + 0x5000, SECS_FLAGS),
      tryAdd(b.base + 0x5000, (5 << 8) | 3),
      tryAdd(b.base + 0x5008, REG_RW),
      tryAdd(b.base + 0x5000, REG_RW, patterned(5), b.sgx.epc.alloc()! + 0x100),
    ]) {
      expect([f.vector, f.errorCode]).toEqual([Vector.GP, 0]);
    }
  });

  it('#PF at PAGEINFO.SECS when it is not a valid SECS page; #GP(0) after EINIT', () => {
    const b = build();
    const other = b.sgx.epc.alloc()!;
    const f = fault(() => eadd(b.sgx, b.mem.as, b.pageinfo(b.base + 0x5000, b.mem.stage(patterned(5)),
      b.mem.stage(secinfo(REG_RW), 64), other), b.sgx.epc.alloc()!));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, other]);
    expect(init(b)).toBe(SGX_SUCCESS);
    const g = fault(() => b.add(0x5000, REG_RW));
    expect([g.vector, g.errorCode], 'EADD after EINIT').toEqual([Vector.GP, 0]);
  });

  it('EEXTEND: #GP(0) misaligned or for another enclave\'s SECS, #PF for an invalid page, #GP(0) after EINIT', () => {
    const sgx = new Sgx();
    const a = build(sgx);
    const other = build(sgx, { base: 0x80000000n });
    const page = a.add(0x3000, REG_RW, patterned(6), false);
    expect(fault(() => eextend(sgx, a.secs, page + 128)).vector).toBe(Vector.GP);
    expect(fault(() => eextend(sgx, a.secs + 8, page)).vector).toBe(Vector.GP);
    expect(fault(() => eextend(sgx, other.secs, page)).vector, 'RBX must be the chunk\'s own SECS').toBe(Vector.GP);
    const free = sgx.epc.alloc()!;
    const f = fault(() => eextend(sgx, a.secs, free + 256));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF, free + 256]);
    const s = fault(() => eextend(sgx, a.secs, a.secs));
    expect([s.vector, s.cr2], 'a SECS page is not PT_REG/PT_TCS').toEqual([Vector.PF, a.secs]);
    expect(init(a)).toBe(SGX_SUCCESS);
    expect(fault(() => eextend(sgx, a.secs, page)).vector).toBe(Vector.GP);
  });

  it('EPC full: the allocator says so before any leaf runs', () => {
    const sgx = new Sgx({ epcSize: 3 * PAGE });
    const b = new EnclaveBuilder(sgx);
    b.create();
    b.add(0, TCS_FLAGS, tcsPage());
    b.add(0x1000, REG_RW);
    expect(sgx.epc.alloc(), 'no EPC page left: the driver returns -ENOMEM').toBeNull();
  });
});

describe('EINIT statuses', () => {
  const withByte = (sig: Uint8Array, off: number, v: number): Uint8Array => {
    const s = sig.slice();
    s[off] = v;
    return s;
  };

  it('SGX_INVALID_SIG_STRUCT: header, vendor, header2, exponent, reserved bytes', () => {
    const b = build();
    const sig = signEnclave(b.layout, IDENTITY, key);
    for (const [what, bad] of [
      ['HEADER', withByte(sig, 4, 0xe2)],
      ['VENDOR', withByte(sig, SIGSTRUCT.off.vendor, 0x01)],
      ['HEADER2', withByte(sig, SIGSTRUCT.off.header2 + 4, 0x61)],
      ['EXPONENT', withByte(sig, SIGSTRUCT.off.exponent, 65)],
      ['reserved1', withByte(sig, SIGSTRUCT.off.reserved1 + 3, 1)],
      ['reserved4', withByte(sig, SIGSTRUCT.off.reserved4, 1)],
    ] as const) {
      expect(init(b, key, IDENTITY, bad), what).toBe(SGX_INVALID_SIG_STRUCT);
    }
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.vendor, 0x86)), 'VENDOR 0x0086').toBe(SGX_INVALID_SIG_STRUCT);
    expect(init(b, key, { ...IDENTITY, vendor: 0x8086 }), 'VENDOR 0x8086 (Intel) is accepted').toBe(SGX_SUCCESS);
  });

  it('SGX_INVALID_SIG_STRUCT for a signed ISVFAMILYID on an enclave without KSS; ISVEXTPRODID is copied', () => {
    const b = build();
    const sig = signEnclave(b.layout, { ...IDENTITY, isvFamilyId: new Uint8Array(16).fill(1) }, key);
    expect(init(b, key, IDENTITY, sig)).toBe(SGX_INVALID_SIG_STRUCT);
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.isv_family_id, 0)), 'an unsigned change: the signature fails')
      .toBe(SGX_INVALID_SIGNATURE);
    expect(init(b, key, { ...IDENTITY, isvExtProdId: new Uint8Array(16).fill(5) })).toBe(SGX_SUCCESS);
    expect(Buffer.from(secsOf(b).isvExtProdId)).toEqual(Buffer.alloc(16, 5));
  });

  it('SGX_INVALID_SIGNATURE: a flipped signature bit, a changed signed byte, a wrong Q1 or Q2', () => {
    const b = build();
    const sig = signEnclave(b.layout, IDENTITY, key);
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.signature + 10, sig[SIGSTRUCT.off.signature + 10] ^ 1)))
      .toBe(SGX_INVALID_SIGNATURE);
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.isv_svn, 4))).toBe(SGX_INVALID_SIGNATURE);
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.q1, sig[SIGSTRUCT.off.q1] ^ 1)), 'Q1 is verified')
      .toBe(SGX_INVALID_SIGNATURE);
    expect(init(b, key, IDENTITY, withByte(sig, SIGSTRUCT.off.q2 + 5, sig[SIGSTRUCT.off.q2 + 5] ^ 0x10)), 'Q2 is verified')
      .toBe(SGX_INVALID_SIGNATURE);
    expect(init(b, key, IDENTITY, sig)).toBe(SGX_SUCCESS);
  });

  it('SGX_INVALID_MEASUREMENT when SIGSTRUCT was signed for other contents', () => {
    const b = build();
    const sig = signEnclave({ ...b.layout, pages: b.pages.slice(0, 2) }, IDENTITY, key);
    expect(init(b, key, IDENTITY, sig)).toBe(SGX_INVALID_MEASUREMENT);
  });

  it('SGX_INVALID_ATTRIBUTE when the masked ATTRIBUTES, XFRM or MISCSELECT differ', () => {
    expect(init(build(), key, { ...IDENTITY, attributes: ATTR_MODE64BIT | ATTR_DEBUG })).toBe(SGX_INVALID_ATTRIBUTE);
    expect(init(build(), key, { ...IDENTITY, xfrm: 1n })).toBe(SGX_INVALID_ATTRIBUTE);
    expect(init(build(), key, { ...IDENTITY, miscselect: 1 })).toBe(SGX_INVALID_ATTRIBUTE);
    expect(init(build(), key, { ...IDENTITY, attributes: ATTR_MODE64BIT | ATTR_DEBUG, attributesMask: ATTR_MODE64BIT }),
      'bits outside ATTRIBUTEMASK are not compared').toBe(SGX_SUCCESS);
    const debug = build(new Sgx(), { attributes: ATTR_MODE64BIT | ATTR_DEBUG });
    expect(init(debug, key, { ...IDENTITY, attributes: ATTR_MODE64BIT | ATTR_DEBUG })).toBe(SGX_SUCCESS);
  });

  it('SGX_INVALID_EINITTOKEN for a zero token when the hash MSRs do not name the signer', () => {
    const b = build();
    const sig = signEnclave(b.layout, IDENTITY, key);
    const token = b.mem.stage(new Uint8Array(EINITTOKEN.size), 512);
    expect(einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, token), 'the reset value is Intel\'s key')
      .toBe(SGX_INVALID_EINITTOKEN);
  });

  it('SGX_INVALID_ATTRIBUTE for EINITTOKENKEY unless the signer is the IA32_SGXLEPUBKEYHASH key', () => {
    const b = build(new Sgx(), { attributes: ATTR_MODE64BIT | ATTR_EINITTOKEN_KEY });
    const identity = { ...IDENTITY, attributes: ATTR_MODE64BIT | ATTR_EINITTOKEN_KEY };
    const sig = signEnclave(b.layout, identity, key);
    b.sgx.setLePubKeyHash(new Uint8Array(32).fill(7));
    expect(einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, b.mem.stage(new Uint8Array(304), 512)))
      .toBe(SGX_INVALID_ATTRIBUTE);
  });

  it('#GP(0) for a second EINIT, a misaligned SIGSTRUCT or EINITTOKEN; #PF when RCX is not a SECS', () => {
    const b = build();
    const sig = signEnclave(b.layout, IDENTITY, key);
    const token = b.mem.stage(new Uint8Array(304), 512);
    expect(fault(() => einit(b.sgx, b.mem.as, b.mem.stage(sig) + 16, b.secs, token)).vector).toBe(Vector.GP);
    expect(fault(() => einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, token + 64)).vector).toBe(Vector.GP);
    b.sgx.setLePubKeyHash(mrsignerOf(sig));
    const notSecs = b.sgx.epc.alloc()!;
    const f = fault(() => einit(b.sgx, b.mem.as, b.mem.stage(sig), notSecs, token));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, notSecs]);
    expect(einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, token)).toBe(SGX_SUCCESS);
    expect(fault(() => einit(b.sgx, b.mem.as, b.mem.stage(sig), b.secs, token)).vector, 'already initialized')
      .toBe(Vector.GP);
  });

  it('a launch enclave\'s EINITTOKEN (VALID = 1) launches an enclave of another signer; a bad MAC does not', () => {
    const sgx = new Sgx();
    // The launch enclave: EINITTOKENKEY, signed by the key the hash MSRs name.
    const le = build(sgx, { attributes: ATTR_MODE64BIT | ATTR_EINITTOKEN_KEY, base: 0x80000000n });
    const leIdentity = { ...IDENTITY, attributes: ATTR_MODE64BIT | ATTR_EINITTOKEN_KEY, isvProdId: 0x20, isvSvn: 1 };
    expect(init(le, otherKey, leIdentity)).toBe(SGX_SUCCESS);
    const leSecs = secsOf(le);

    const app = build(sgx);
    const appSig = signEnclave(app.layout, IDENTITY, key);
    const keyid = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
    const req = new Uint8Array(KEYREQUEST.size);
    const rdv = new DataView(req.buffer);
    rdv.setUint16(KEYREQUEST.off.keyname, EINITTOKEN_KEY, true);
    rdv.setUint16(KEYREQUEST.off.isvsvn, 1, true);
    req.set(sgx.cpusvn, KEYREQUEST.off.cpusvn);
    rdv.setBigUint64(KEYREQUEST.off.attribute_mask, 0xffn, true);
    rdv.setBigUint64(KEYREQUEST.off.xfrm_mask, 3n, true);
    req.set(keyid, KEYREQUEST.off.keyid);
    const { status, key: tokenKey } = egetkey(sgx, leSecs, req);
    expect(status).toBe(SGX_SUCCESS);

    const token = new Uint8Array(EINITTOKEN.size);
    const t = new DataView(token.buffer);
    const o = EINITTOKEN.off;
    t.setUint32(o.valid, 1, true);
    t.setBigUint64(o.attributes, ATTR_MODE64BIT, true);
    t.setBigUint64(o.xfrm, 3n, true);
    token.set(measureEnclave(app.layout), o.mrenclave);
    token.set(mrsignerOf(appSig), o.mrsigner);
    token.set(sgx.cpusvn, o.cpusvn_le);
    t.setUint16(o.isv_prod_id_le, 0x20, true);
    t.setUint16(o.isv_svn_le, 1, true);
    t.setBigUint64(o.masked_attributes_le, leSecs.attributes & 0xffn, true);
    t.setBigUint64(o.masked_xfrm_le, 3n, true);
    token.set(keyid, o.keyid);
    token.set(aesCmac(tokenKey!, token.subarray(0, 192)), o.mac);

    const run = (tok: Uint8Array) => einit(sgx, app.mem.as, app.mem.stage(appSig), app.secs, app.mem.stage(tok, 512));
    expect(run(withByte(token, o.mac, token[o.mac] ^ 1)), 'a forged MAC').toBe(SGX_INVALID_EINITTOKEN);
    expect(run(withByte(token, o.valid, 3)), 'VALID bits 31:1 are reserved').toBe(SGX_INVALID_EINITTOKEN);
    const wrongEnclave = withByte(token, o.mrenclave, token[o.mrenclave] ^ 1);
    wrongEnclave.set(aesCmac(tokenKey!, wrongEnclave.subarray(0, 192)), o.mac);
    expect(run(wrongEnclave), 'a token for another enclave').toBe(SGX_INVALID_MEASUREMENT);
    expect(run(token), 'the app\'s signer is not the LE key, the token authorizes it').toBe(SGX_SUCCESS);
  });
});

describe('EREMOVE', () => {
  it('SGX_CHILD_PRESENT while the SECS has pages; then each page and the SECS go', () => {
    const b = new EnclaveBuilder(new Sgx());
    b.create();
    const pages = [b.add(0, TCS_FLAGS, tcsPage()), b.add(0x1000, REG_RW)];
    expect(eremove(b.sgx, b.secs)).toBe(SGX_CHILD_PRESENT);
    expect(eremove(b.sgx, pages[0])).toBe(SGX_SUCCESS);
    expect(eremove(b.sgx, b.secs)).toBe(SGX_CHILD_PRESENT);
    expect(eremove(b.sgx, pages[1])).toBe(SGX_SUCCESS);
    expect(eremove(b.sgx, b.secs)).toBe(SGX_SUCCESS);
    expect(b.sgx.epc.isValid(b.sgx.epc.pageIndex(b.secs))).toBe(false);
    expect(b.sgx.epc.secs.size, 'the SECS state is gone').toBe(0);
    expect(eremove(b.sgx, pages[1]), 'removing an invalid page is a no-op').toBe(SGX_SUCCESS);
    b.sgx.epc.free(pages[1]);
    ecreate(b.sgx, b.mem.as, b.pageinfo(0, b.mem.stage(secsPage()), b.mem.stage(secinfo(SECS_FLAGS), 64), 0), b.secs);
    expect(b.sgx.epc.isValid(b.sgx.epc.pageIndex(b.secs)), 'the page can be reused').toBe(true);
  });

  it('SGX_ENCLAVE_ACT while a logical processor is inside the enclave; faults on bad operands', () => {
    const b = build();
    const s = secsOf(b);
    s.activeThreads = 1;
    const page = b.sgx.epc.address([...Array(b.sgx.epc.pages).keys()].find((i) =>
      b.sgx.epc.isValid(i) && b.sgx.epc.epcm(i).pt === PT_REG)!);
    expect(eremove(b.sgx, page)).toBe(SGX_ENCLAVE_ACT);
    s.activeThreads = 0;
    expect(eremove(b.sgx, page)).toBe(SGX_SUCCESS);
    expect(fault(() => eremove(b.sgx, page + 8)).vector).toBe(Vector.GP);
    const f = fault(() => eremove(b.sgx, 0x1000));
    expect([f.vector, f.errorCode, f.cr2]).toEqual([Vector.PF, SGX_PF | PF_W, 0x1000]);
  });
});
