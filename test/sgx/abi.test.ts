/**
 * SGX structure layouts and constants against the numbers of SGX-FACTS.md (gathered from the SDM
 * and arch/x86/include/asm/sgx.h) and the Intel SDK headers for the structures Linux lacks.
 */
import { describe, expect, it } from 'vitest';
import * as A from '../../src/abi/sgx.js';
import type { Layout } from '../../src/abi/sgx.js';

/** offsets returns field → [offset, size] of a layout. */
function offsets<K extends string>(l: Layout<K>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [k, f] of Object.entries(l.fields) as [string, { off: number; size: number }][]) out[k] = [f.off, f.size];
  return out;
}

const ALL: [string, Layout<string>][] = [
  ['SECS', A.SECS], ['TCS', A.TCS], ['SECINFO', A.SECINFO], ['PAGEINFO', A.PAGEINFO], ['GPRSGX', A.GPRSGX],
  ['EXINFO', A.EXINFO], ['SIGSTRUCT', A.SIGSTRUCT], ['EINITTOKEN', A.EINITTOKEN], ['REPORT', A.REPORT],
  ['TARGETINFO', A.TARGETINFO], ['KEYREQUEST', A.KEYREQUEST], ['ATTRIBUTES', A.ATTRIBUTES], ['MISCSELECT', A.MISCSELECT],
];

describe('SGX structure layouts', () => {
  it.each(ALL)('%s: fields tile the structure exactly, with no gap or overlap', (_name, l) => {
    const fields = Object.values(l.fields).sort((a, b) => a.off - b.off);
    let at = 0;
    for (const f of fields) {
      expect(f.off, `field at ${f.off} must start where the previous one ended`).toBe(at);
      at = f.off + f.size;
    }
    expect(at, 'the last field must end at the structure size').toBe(l.size);
  });

  it('SECS: 4096 bytes with the SGX-FACTS offsets', () => {
    expect(A.SECS.size).toBe(4096);
    expect(offsets(A.SECS)).toMatchObject({
      size: [0, 8], base: [8, 8], ssa_frame_size: [16, 4], miscselect: [20, 4], reserved1: [24, 24],
      attributes: [48, 8], xfrm: [56, 8], mrenclave: [64, 32], reserved2: [96, 32], mrsigner: [128, 32],
      reserved3: [160, 32], config_id: [192, 64], isv_prod_id: [256, 2], isv_svn: [258, 2], config_svn: [260, 2],
      reserved4: [262, 4096 - 262],
    });
  });

  it('TCS: 4096 bytes with the SGX-FACTS offsets, reserved from 72', () => {
    expect(A.TCS.size).toBe(4096);
    expect(offsets(A.TCS)).toMatchObject({
      state: [0, 8], flags: [8, 8], ossa: [16, 8], cssa: [24, 4], nssa: [28, 4], oentry: [32, 8], aep: [40, 8],
      ofsbase: [48, 8], ogsbase: [56, 8], fslimit: [64, 4], gslimit: [68, 4], reserved: [72, 4024],
    });
  });

  it('SECINFO is 64 bytes with FLAGS at 0; PAGEINFO is 32 bytes: LINADDR 0, SRCPGE 8, SECINFO 16, SECS 24', () => {
    expect(A.SECINFO.size).toBe(64);
    expect(offsets(A.SECINFO)).toMatchObject({ flags: [0, 8], reserved: [8, 56] });
    expect(A.PAGEINFO.size).toBe(32);
    expect(offsets(A.PAGEINFO)).toMatchObject({ linaddr: [0, 8], srcpge: [8, 8], secinfo: [16, 8], secs: [24, 8] });
  });

  it('GPRSGX is the 184-byte tail of an SSA frame with the SGX-FACTS offsets; EXINFO sits right below it', () => {
    expect(A.GPRSGX.size).toBe(184);
    const regs = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14',
      'r15', 'rflags', 'rip', 'ursp', 'urbp'] as const;
    regs.forEach((r, i) => expect(A.GPRSGX.off[r], r).toBe(8 * i));
    expect(offsets(A.GPRSGX)).toMatchObject({ exitinfo: [160, 4], reserved: [164, 4], fsbase: [168, 8], gsbase: [176, 8] });
    expect(offsets(A.EXINFO)).toMatchObject({ maddr: [0, 8], errcd: [8, 4] });
    expect(A.gprsgxOffset(1)).toBe(4096 - 184);
    expect(A.exinfoOffset(2)).toBe(8192 - 184 - 16);
  });

  it('EXITINFO: VECTOR 7:0, EXIT_TYPE 10:8 (3 hardware, 6 software), VALID 31', () => {
    expect(A.EXITINFO_VECTOR_MASK).toBe(0xff);
    expect(A.EXITINFO_EXIT_TYPE_MASK >>> A.EXITINFO_EXIT_TYPE_SHIFT).toBe(7);
    expect(A.EXITINFO_EXIT_TYPE_SHIFT).toBe(8);
    expect(A.EXIT_TYPE_HARDWARE).toBe(3);
    expect(A.EXIT_TYPE_SOFTWARE).toBe(6);
    expect(A.EXITINFO_VALID >>> 0).toBe(0x80000000);
  });

  it('SIGSTRUCT: 1808 bytes with the SGX-FACTS offsets', () => {
    expect(A.SIGSTRUCT.size).toBe(1808);
    expect(offsets(A.SIGSTRUCT)).toMatchObject({
      header: [0, 16], vendor: [16, 4], date: [20, 4], header2: [24, 16], swdefined: [40, 4], reserved1: [44, 84],
      modulus: [128, 384], exponent: [512, 4], signature: [516, 384], miscselect: [900, 4], misc_mask: [904, 4],
      attributes: [928, 8], xfrm: [936, 8], attributes_mask: [944, 8], xfrm_mask: [952, 8], mrenclave: [960, 32],
      isv_prod_id: [1024, 2], isv_svn: [1026, 2], reserved4: [1028, 12], q1: [1040, 384], q2: [1424, 384],
    });
    // SGX-FACTS's "reserved 908 (20)" and "reserved 992 (32)" are reserved bytes plus the KSS fields.
    expect(A.SIGSTRUCT.off.reserved2 + A.SIGSTRUCT.fields.reserved2.size).toBe(A.SIGSTRUCT.off.isv_family_id);
    expect(A.SIGSTRUCT.off.isv_family_id + 16).toBe(928);
    expect(A.SIGSTRUCT.off.reserved3 + A.SIGSTRUCT.fields.reserved3.size).toBe(A.SIGSTRUCT.off.isv_ext_prod_id);
    expect(A.SIGSTRUCT.off.isv_ext_prod_id + 16).toBe(1024);
  });

  it('SIGSTRUCT fixed header bytes, vendor values and exponent', () => {
    expect(Buffer.from(A.SIGSTRUCT_HEADER).toString('hex').toUpperCase()).toBe('06000000E10000000000010000000000');
    expect(Buffer.from(A.SIGSTRUCT_HEADER2).toString('hex').toUpperCase()).toBe('01010000600000006000000001000000');
    expect([A.SIGSTRUCT_VENDOR_ISV, A.SIGSTRUCT_VENDOR_INTEL, A.SIGSTRUCT_EXPONENT]).toEqual([0, 0x8086, 3]);
  });

  it('EINITTOKEN (304), REPORT (432), TARGETINFO (512) and KEYREQUEST (512) as in the Intel SDK headers', () => {
    expect(A.EINITTOKEN.size).toBe(304);
    expect(offsets(A.EINITTOKEN)).toMatchObject({
      valid: [0, 4], attributes: [48, 8], mrenclave: [64, 32], mrsigner: [128, 32], cpusvn_le: [192, 16],
      isv_prod_id_le: [208, 2], isv_svn_le: [210, 2], masked_miscselect_le: [236, 4], masked_attributes_le: [240, 8],
      keyid: [256, 32], mac: [288, 16],
    });
    expect(A.REPORT.size).toBe(432);
    expect(offsets(A.REPORT)).toMatchObject({
      cpusvn: [0, 16], miscselect: [16, 4], attributes: [48, 8], xfrm: [56, 8], mrenclave: [64, 32], mrsigner: [128, 32],
      config_id: [192, 64], isv_prod_id: [256, 2], isv_svn: [258, 2], config_svn: [260, 2], isv_family_id: [304, 16],
      report_data: [320, 64], keyid: [384, 32], mac: [416, 16],
    });
    expect(A.REPORT_MAC_SIZE).toBe(384);
    expect(A.TARGETINFO.size).toBe(512);
    expect(offsets(A.TARGETINFO)).toMatchObject({
      measurement: [0, 32], attributes: [32, 8], xfrm: [40, 8], config_svn: [50, 2], miscselect: [52, 4],
      config_id: [64, 64], reserved3: [128, 384],
    });
    expect(A.KEYREQUEST.size).toBe(512);
    expect(offsets(A.KEYREQUEST)).toMatchObject({
      keyname: [0, 2], keypolicy: [2, 2], isvsvn: [4, 2], cpusvn: [8, 16], attribute_mask: [24, 8], xfrm_mask: [32, 8],
      keyid: [40, 32], misc_mask: [72, 4], config_svn: [76, 2], reserved2: [78, 434],
    });
  });
});

describe('SGX constants', () => {
  it('ENCLU and ENCLS leaf numbers', () => {
    expect([A.EREPORT, A.EGETKEY, A.EENTER, A.ERESUME, A.EEXIT, A.EACCEPT, A.EMODPE, A.EACCEPTCOPY, A.EDECCSSA])
      .toEqual([0, 1, 2, 3, 4, 5, 6, 7, 9]);
    expect([A.ECREATE, A.EADD, A.EINIT, A.EREMOVE, A.EDBGRD, A.EDBGWR, A.EEXTEND, A.ELDU, A.EBLOCK, A.EPA, A.EWB,
      A.ETRACK, A.EAUG, A.EMODPR, A.EMODT]).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]);
  });

  it('status codes that SGX-FACTS lists', () => {
    expect([A.SGX_NOT_TRACKED, A.SGX_CHILD_PRESENT, A.SGX_INVALID_EINITTOKEN, A.SGX_INVALID_CPUSVN,
      A.SGX_INVALID_ISVSVN, A.SGX_UNMASKED_EVENT, A.SGX_INVALID_KEYNAME]).toEqual([11, 13, 16, 32, 64, 128, 256]);
    expect([A.SGX_INVALID_SIG_STRUCT, A.SGX_INVALID_ATTRIBUTE, A.SGX_INVALID_MEASUREMENT, A.SGX_INVALID_SIGNATURE])
      .toEqual([1, 2, 4, 8]);
  });

  it('page types, SECINFO flags, attribute and MISCSELECT bits', () => {
    expect([A.PT_SECS, A.PT_TCS, A.PT_REG, A.PT_VA, A.PT_TRIM]).toEqual([0, 1, 2, 3, 4]);
    expect([A.SECINFO_R, A.SECINFO_W, A.SECINFO_X, A.SECINFO_PENDING, A.SECINFO_MODIFIED, A.SECINFO_PR])
      .toEqual([1, 2, 4, 8, 16, 32]);
    expect(A.SECINFO_PT_MASK).toBe(0xff00);
    expect([A.ATTR_INIT, A.ATTR_DEBUG, A.ATTR_MODE64BIT, A.ATTR_PROVISIONKEY, A.ATTR_EINITTOKEN_KEY, A.ATTR_KSS])
      .toEqual([1n, 2n, 4n, 16n, 32n, 128n]);
    expect(A.MISC_EXINFO).toBe(1);
    expect([A.EINITTOKEN_KEY, A.PROVISION_KEY, A.PROVISION_SEAL_KEY, A.REPORT_KEY, A.SEAL_KEY]).toEqual([0, 1, 2, 3, 4]);
    expect([A.KEYPOLICY_MRENCLAVE, A.KEYPOLICY_MRSIGNER]).toEqual([1, 2]);
  });
});
