/**
 * Intel SGX architectural data: the structures ENCLS and ENCLU read and write, their leaf numbers,
 * page types, status codes and flag bits, spelled as in the SDM (Vol. 3D, "Enclave Access Control
 * and Data Structures" and "SGX Instruction References") and, where Linux names them, as in
 * arch/x86/include/asm/sgx.h.
 *
 * A layout lists every field once with its byte offset and width; all multi-byte fields are
 * little-endian. Fields that only exist on parts with CET or KSS keep their SDM names where the SDM
 * defines them (the CPU model supports neither: see src/sgx/README.md); CET-only bytes are listed
 * as reserved. test/sgx/abi.test.ts checks sizes and offsets against the numbers of SGX-FACTS.md.
 */
import type { Field, Layout } from './signal.js';

export type { Field, Layout };

function layout<K extends string>(
  ctype: string,
  source: string,
  size: number,
  spec: { readonly [P in K]: readonly [off: number, size: number, ctype: string] },
): Layout<K> {
  const fields = {} as { [P in K]: Field };
  const off = {} as { [P in K]: number };
  for (const k of Object.keys(spec) as K[]) {
    const [o, s, t] = spec[k];
    fields[k] = { off: o, size: s, ctype: t };
    off[k] = o;
  }
  return { ctype, header: source, size, fields, off };
}

const SDM = 'Intel SDM Vol. 3D, Enclave Access Control and Data Structures';

// ---------------------------------------------------------------------------------------------
// Leaves

/** ENCLS leaf numbers (EAX), ring 0 (arch/x86/include/asm/sgx.h enum sgx_encls_function). */
export const ECREATE = 0x00, EADD = 0x01, EINIT = 0x02, EREMOVE = 0x03, EDBGRD = 0x04, EDBGWR = 0x05,
  EEXTEND = 0x06, ELDB = 0x07, ELDU = 0x08, EBLOCK = 0x09, EPA = 0x0a, EWB = 0x0b, ETRACK = 0x0c, EAUG = 0x0d,
  EMODPR = 0x0e, EMODT = 0x0f;

/** ENCLU leaf numbers (EAX), ring 3. */
export const EREPORT = 0x00, EGETKEY = 0x01, EENTER = 0x02, ERESUME = 0x03, EEXIT = 0x04, EACCEPT = 0x05,
  EMODPE = 0x06, EACCEPTCOPY = 0x07, EDECCSSA = 0x09;

// ---------------------------------------------------------------------------------------------
// Status codes returned in EAX (SDM Vol. 3D, "Error or Information Codes for Intel SGX Instructions")

export const SGX_SUCCESS = 0, SGX_INVALID_SIG_STRUCT = 1, SGX_INVALID_ATTRIBUTE = 2, SGX_BLKSTATE = 3,
  SGX_INVALID_MEASUREMENT = 4, SGX_NOTBLOCKABLE = 5, SGX_PG_INVLD = 6, SGX_LOCKFAIL = 7, SGX_INVALID_SIGNATURE = 8,
  SGX_MAC_COMPARE_FAIL = 9, SGX_PAGE_NOT_BLOCKED = 10, SGX_NOT_TRACKED = 11, SGX_VA_SLOT_OCCUPIED = 12,
  SGX_CHILD_PRESENT = 13, SGX_ENCLAVE_ACT = 14, SGX_ENTRYEPOCH_LOCKED = 15, SGX_INVALID_EINITTOKEN = 16,
  SGX_PREV_TRK_INCMPL = 17, SGX_PG_IS_SECS = 18, SGX_PAGE_ATTRIBUTES_MISMATCH = 19, SGX_PAGE_NOT_MODIFIABLE = 20,
  SGX_PAGE_NOT_DEBUGGABLE = 21, SGX_INVALID_CPUSVN = 32, SGX_INVALID_ISVSVN = 64, SGX_UNMASKED_EVENT = 128,
  SGX_INVALID_KEYNAME = 256;

export const SGX_STATUS_NAMES: Record<number, string> = {
  0: 'SGX_SUCCESS', 1: 'SGX_INVALID_SIG_STRUCT', 2: 'SGX_INVALID_ATTRIBUTE', 3: 'SGX_BLKSTATE',
  4: 'SGX_INVALID_MEASUREMENT', 5: 'SGX_NOTBLOCKABLE', 6: 'SGX_PG_INVLD', 7: 'SGX_LOCKFAIL',
  8: 'SGX_INVALID_SIGNATURE', 9: 'SGX_MAC_COMPARE_FAIL', 10: 'SGX_PAGE_NOT_BLOCKED', 11: 'SGX_NOT_TRACKED',
  12: 'SGX_VA_SLOT_OCCUPIED', 13: 'SGX_CHILD_PRESENT', 14: 'SGX_ENCLAVE_ACT', 15: 'SGX_ENTRYEPOCH_LOCKED',
  16: 'SGX_INVALID_EINITTOKEN', 17: 'SGX_PREV_TRK_INCMPL', 18: 'SGX_PG_IS_SECS', 19: 'SGX_PAGE_ATTRIBUTES_MISMATCH',
  20: 'SGX_PAGE_NOT_MODIFIABLE', 21: 'SGX_PAGE_NOT_DEBUGGABLE', 32: 'SGX_INVALID_CPUSVN', 64: 'SGX_INVALID_ISVSVN',
  128: 'SGX_UNMASKED_EVENT', 256: 'SGX_INVALID_KEYNAME',
};

// ---------------------------------------------------------------------------------------------
// Page types and SECINFO.FLAGS

/** Page types (EPCM.PT, SECINFO.FLAGS.PAGE_TYPE). PT_SS_FIRST/PT_SS_REST exist only with CET. */
export const PT_SECS = 0, PT_TCS = 1, PT_REG = 2, PT_VA = 3, PT_TRIM = 4, PT_SS_FIRST = 5, PT_SS_REST = 6;

export const PAGE_TYPE_NAMES: Record<number, string> = {
  0: 'PT_SECS', 1: 'PT_TCS', 2: 'PT_REG', 3: 'PT_VA', 4: 'PT_TRIM', 5: 'PT_SS_FIRST', 6: 'PT_SS_REST',
};

/** SECINFO.FLAGS bits (SDM "Layout of SECINFO.FLAGS Field"); bits 7:6 and 63:16 are reserved. */
export const SECINFO_R = 1 << 0, SECINFO_W = 1 << 1, SECINFO_X = 1 << 2, SECINFO_PENDING = 1 << 3,
  SECINFO_MODIFIED = 1 << 4, SECINFO_PR = 1 << 5;
export const SECINFO_PT_SHIFT = 8;
export const SECINFO_PT_MASK = 0xff << SECINFO_PT_SHIFT;
/** The defined bits of the low 16 bits of FLAGS; every other bit of the 64-byte SECINFO is reserved. */
export const SECINFO_FLAGS_DEFINED = 0x3f | SECINFO_PT_MASK;

// ---------------------------------------------------------------------------------------------
// ATTRIBUTES, MISCSELECT, XFRM

/** SECS.ATTRIBUTES flag bits (the low 64 bits of the 128-bit ATTRIBUTES; XFRM is the high 64). */
export const ATTR_INIT = 1n << 0n, ATTR_DEBUG = 1n << 1n, ATTR_MODE64BIT = 1n << 2n, ATTR_PROVISIONKEY = 1n << 4n,
  ATTR_EINITTOKEN_KEY = 1n << 5n, ATTR_CET = 1n << 6n, ATTR_KSS = 1n << 7n, ATTR_AEXNOTIFY = 1n << 10n;

/** MISCSELECT bits: EXINFO (report #PF/#GP details in the SSA's MISC region), CPINFO (CET only). */
export const MISC_EXINFO = 1 << 0, MISC_CPINFO = 1 << 1;

/** XFRM bits this CPU knows (XCR0 = x87|SSE): XFRM must always include both. */
export const XFRM_X87 = 1n << 0n, XFRM_SSE = 1n << 1n, XFRM_LEGACY = XFRM_X87 | XFRM_SSE;

/** ATTRIBUTES mirrors the SDM's 16-byte ATTRIBUTES (Linux splits it into `attributes` and `xfrm`). */
export const ATTRIBUTES = layout<'flags' | 'xfrm'>('ATTRIBUTES', SDM, 16, {
  flags: [0, 8, 'u64'],
  xfrm: [8, 8, 'u64'],
});

/** MISCSELECT is a 32-bit bit vector; EXINFO is bit 0. */
export const MISCSELECT = layout<'bits'>('MISCSELECT', SDM, 4, {
  bits: [0, 4, 'u32'],
});

// ---------------------------------------------------------------------------------------------
// SECS, TCS, SECINFO, PAGEINFO

/** SECS mirrors the SGX Enclave Control Structure (struct sgx_secs). Bytes past 262 are reserved. */
export const SECS = layout('SECS', SDM, 4096, {
  size: [0, 8, 'u64'],
  base: [8, 8, 'u64'],
  ssa_frame_size: [16, 4, 'u32'],
  miscselect: [20, 4, 'u32'],
  reserved1: [24, 24, 'u8[24]'],
  attributes: [48, 8, 'u64'],
  xfrm: [56, 8, 'u64'],
  mrenclave: [64, 32, 'u8[32]'],
  reserved2: [96, 32, 'u8[32]'],
  mrsigner: [128, 32, 'u8[32]'],
  reserved3: [160, 32, 'u8[32]'],
  config_id: [192, 64, 'u8[64]'],
  isv_prod_id: [256, 2, 'u16'],
  isv_svn: [258, 2, 'u16'],
  config_svn: [260, 2, 'u16'],
  reserved4: [262, 3834, 'u8[3834]'],
});

/**
 * TCS mirrors the Thread Control Structure (struct sgx_tcs). STATE and AEP are written by the CPU
 * (EADD clears them). Bytes 72.. hold OCETSSA/PREVSSP on CET parts; here they are reserved.
 */
export const TCS = layout('TCS', SDM, 4096, {
  state: [0, 8, 'u64'],
  flags: [8, 8, 'u64'],
  ossa: [16, 8, 'u64'],
  cssa: [24, 4, 'u32'],
  nssa: [28, 4, 'u32'],
  oentry: [32, 8, 'u64'],
  aep: [40, 8, 'u64'],
  ofsbase: [48, 8, 'u64'],
  ogsbase: [56, 8, 'u64'],
  fslimit: [64, 4, 'u32'],
  gslimit: [68, 4, 'u32'],
  reserved: [72, 4024, 'u8[4024]'],
});

/** TCS.FLAGS bits; the others are reserved. */
export const TCS_DBGOPTIN = 1 << 0, TCS_AEXNOTIFY = 1 << 1;

/** SECINFO mirrors struct sgx_secinfo: 64 bytes, 64-byte aligned. */
export const SECINFO = layout('SECINFO', SDM, 64, {
  flags: [0, 8, 'u64'],
  reserved: [8, 56, 'u8[56]'],
});

/** PAGEINFO mirrors struct sgx_pageinfo: 32 bytes, 32-byte aligned; all fields are linear addresses. */
export const PAGEINFO = layout('PAGEINFO', SDM, 32, {
  linaddr: [0, 8, 'u64'],
  srcpge: [8, 8, 'u64'],
  secinfo: [16, 8, 'u64'],
  secs: [24, 8, 'u64'],
});

// ---------------------------------------------------------------------------------------------
// State save area

/** GPRSGX is the last 184 bytes of every SSA frame (ssa_gpr_t in the Intel SDK). */
export const GPRSGX = layout('GPRSGX', SDM, 184, {
  rax: [0, 8, 'u64'],
  rcx: [8, 8, 'u64'],
  rdx: [16, 8, 'u64'],
  rbx: [24, 8, 'u64'],
  rsp: [32, 8, 'u64'],
  rbp: [40, 8, 'u64'],
  rsi: [48, 8, 'u64'],
  rdi: [56, 8, 'u64'],
  r8: [64, 8, 'u64'],
  r9: [72, 8, 'u64'],
  r10: [80, 8, 'u64'],
  r11: [88, 8, 'u64'],
  r12: [96, 8, 'u64'],
  r13: [104, 8, 'u64'],
  r14: [112, 8, 'u64'],
  r15: [120, 8, 'u64'],
  rflags: [128, 8, 'u64'],
  rip: [136, 8, 'u64'],
  ursp: [144, 8, 'u64'],
  urbp: [152, 8, 'u64'],
  exitinfo: [160, 4, 'u32'],
  reserved: [164, 4, 'u32'],
  fsbase: [168, 8, 'u64'],
  gsbase: [176, 8, 'u64'],
});

/** EXITINFO (GPRSGX.EXITINFO) bit fields: VECTOR 7:0, EXIT_TYPE 10:8, VALID 31. */
export const EXITINFO_VECTOR_MASK = 0xff, EXITINFO_EXIT_TYPE_SHIFT = 8, EXITINFO_EXIT_TYPE_MASK = 0x7 << 8,
  EXITINFO_VALID = 1 << 31;
/** EXIT_TYPE values: a hardware exception (3) or a software exception such as INT3 (6). */
export const EXIT_TYPE_HARDWARE = 3, EXIT_TYPE_SOFTWARE = 6;

/** EXINFO is the MISC region MISCSELECT.EXINFO adds right below GPRSGX. */
export const EXINFO = layout('EXINFO', SDM, 16, {
  maddr: [0, 8, 'u64'],
  errcd: [8, 4, 'u32'],
  reserved: [12, 4, 'u32'],
});

/** gprsgxOffset is where GPRSGX starts inside an SSA frame of `ssaFrameSize` pages. */
export function gprsgxOffset(ssaFrameSize: number): number {
  return ssaFrameSize * 4096 - GPRSGX.size;
}

/** exinfoOffset is where EXINFO starts inside an SSA frame (valid when MISCSELECT.EXINFO is set). */
export function exinfoOffset(ssaFrameSize: number): number {
  return gprsgxOffset(ssaFrameSize) - EXINFO.size;
}

// ---------------------------------------------------------------------------------------------
// SIGSTRUCT and EINITTOKEN

/**
 * SIGSTRUCT mirrors the enclave signature structure (struct sgx_sigstruct, enclave_css_t). The
 * signed bytes are [0, 128) followed by [900, 1028). MODULUS, SIGNATURE, Q1 and Q2 are
 * little-endian integers. ISVFAMILYID and ISVEXTPRODID are the KSS fields that newer SDMs carve out
 * of what older ones (and SGX-FACTS.md) call reserved 908..927 and 992..1023.
 */
export const SIGSTRUCT = layout('SIGSTRUCT', SDM, 1808, {
  header: [0, 16, 'u8[16]'],
  vendor: [16, 4, 'u32'],
  date: [20, 4, 'u32'],
  header2: [24, 16, 'u8[16]'],
  swdefined: [40, 4, 'u32'],
  reserved1: [44, 84, 'u8[84]'],
  modulus: [128, 384, 'u8[384]'],
  exponent: [512, 4, 'u32'],
  signature: [516, 384, 'u8[384]'],
  miscselect: [900, 4, 'u32'],
  misc_mask: [904, 4, 'u32'],
  reserved2: [908, 4, 'u8[4]'],
  isv_family_id: [912, 16, 'u8[16]'],
  attributes: [928, 8, 'u64'],
  xfrm: [936, 8, 'u64'],
  attributes_mask: [944, 8, 'u64'],
  xfrm_mask: [952, 8, 'u64'],
  mrenclave: [960, 32, 'u8[32]'],
  reserved3: [992, 16, 'u8[16]'],
  isv_ext_prod_id: [1008, 16, 'u8[16]'],
  isv_prod_id: [1024, 2, 'u16'],
  isv_svn: [1026, 2, 'u16'],
  reserved4: [1028, 12, 'u8[12]'],
  q1: [1040, 384, 'u8[384]'],
  q2: [1424, 384, 'u8[384]'],
});

/** The fixed SIGSTRUCT.HEADER and HEADER2 byte strings EINIT requires. */
export const SIGSTRUCT_HEADER = Uint8Array.of(0x06, 0, 0, 0, 0xe1, 0, 0, 0, 0, 0, 0x01, 0, 0, 0, 0, 0);
export const SIGSTRUCT_HEADER2 = Uint8Array.of(0x01, 0x01, 0, 0, 0x60, 0, 0, 0, 0x60, 0, 0, 0, 0x01, 0, 0, 0);
/** SIGSTRUCT.VENDOR values EINIT accepts, and the only exponent it accepts. */
export const SIGSTRUCT_VENDOR_ISV = 0, SIGSTRUCT_VENDOR_INTEL = 0x8086, SIGSTRUCT_EXPONENT = 3;
/** The RSA-3072 modulus size in bytes (SGX_MODULUS_SIZE). */
export const SGX_MODULUS_SIZE = 384;

/** EINITTOKEN mirrors the launch token (token_t in the Intel SDK): 304 bytes, 512-byte aligned. */
export const EINITTOKEN = layout('EINITTOKEN', SDM, 304, {
  valid: [0, 4, 'u32'],
  reserved1: [4, 44, 'u8[44]'],
  attributes: [48, 8, 'u64'],
  xfrm: [56, 8, 'u64'],
  mrenclave: [64, 32, 'u8[32]'],
  reserved2: [96, 32, 'u8[32]'],
  mrsigner: [128, 32, 'u8[32]'],
  reserved3: [160, 32, 'u8[32]'],
  cpusvn_le: [192, 16, 'u8[16]'],
  isv_prod_id_le: [208, 2, 'u16'],
  isv_svn_le: [210, 2, 'u16'],
  reserved4: [212, 24, 'u8[24]'],
  masked_miscselect_le: [236, 4, 'u32'],
  masked_attributes_le: [240, 8, 'u64'],
  masked_xfrm_le: [248, 8, 'u64'],
  keyid: [256, 32, 'u8[32]'],
  mac: [288, 16, 'u8[16]'],
});

/** The EINITTOKEN bytes covered by its MAC. */
export const EINITTOKEN_MAC_SIZE = 192;

// ---------------------------------------------------------------------------------------------
// REPORT, TARGETINFO, KEYREQUEST

/** REPORT mirrors sgx_report_t: 432 bytes, 512-byte aligned; the MAC covers bytes [0, 384). */
export const REPORT = layout('REPORT', SDM, 432, {
  cpusvn: [0, 16, 'u8[16]'],
  miscselect: [16, 4, 'u32'],
  reserved1: [20, 12, 'u8[12]'],
  isv_ext_prod_id: [32, 16, 'u8[16]'],
  attributes: [48, 8, 'u64'],
  xfrm: [56, 8, 'u64'],
  mrenclave: [64, 32, 'u8[32]'],
  reserved2: [96, 32, 'u8[32]'],
  mrsigner: [128, 32, 'u8[32]'],
  reserved3: [160, 32, 'u8[32]'],
  config_id: [192, 64, 'u8[64]'],
  isv_prod_id: [256, 2, 'u16'],
  isv_svn: [258, 2, 'u16'],
  config_svn: [260, 2, 'u16'],
  reserved4: [262, 42, 'u8[42]'],
  isv_family_id: [304, 16, 'u8[16]'],
  report_data: [320, 64, 'u8[64]'],
  keyid: [384, 32, 'u8[32]'],
  mac: [416, 16, 'u8[16]'],
});

/** The REPORT bytes covered by its MAC. */
export const REPORT_MAC_SIZE = 384;

/** TARGETINFO mirrors sgx_target_info_t: 512 bytes, 512-byte aligned. */
export const TARGETINFO = layout('TARGETINFO', SDM, 512, {
  measurement: [0, 32, 'u8[32]'],
  attributes: [32, 8, 'u64'],
  xfrm: [40, 8, 'u64'],
  reserved1: [48, 2, 'u8[2]'],
  config_svn: [50, 2, 'u16'],
  miscselect: [52, 4, 'u32'],
  reserved2: [56, 8, 'u8[8]'],
  config_id: [64, 64, 'u8[64]'],
  reserved3: [128, 384, 'u8[384]'],
});

/** KEYREQUEST mirrors sgx_key_request_t: 512 bytes, 512-byte aligned. */
export const KEYREQUEST = layout('KEYREQUEST', SDM, 512, {
  keyname: [0, 2, 'u16'],
  keypolicy: [2, 2, 'u16'],
  isvsvn: [4, 2, 'u16'],
  reserved1: [6, 2, 'u8[2]'],
  cpusvn: [8, 16, 'u8[16]'],
  attribute_mask: [24, 8, 'u64'],
  xfrm_mask: [32, 8, 'u64'],
  keyid: [40, 32, 'u8[32]'],
  misc_mask: [72, 4, 'u32'],
  config_svn: [76, 2, 'u16'],
  reserved2: [78, 434, 'u8[434]'],
});

/** KEYREQUEST.KEYNAME values. */
export const EINITTOKEN_KEY = 0, PROVISION_KEY = 1, PROVISION_SEAL_KEY = 2, REPORT_KEY = 3, SEAL_KEY = 4;

/** KEYREQUEST.KEYPOLICY bits; bits 15:6 are reserved, bits 5:2 need ATTRIBUTES.KSS. */
export const KEYPOLICY_MRENCLAVE = 1 << 0, KEYPOLICY_MRSIGNER = 1 << 1, KEYPOLICY_NOISVPRODID = 1 << 2,
  KEYPOLICY_CONFIGID = 1 << 3, KEYPOLICY_ISVFAMILYID = 1 << 4, KEYPOLICY_ISVEXTPRODID = 1 << 5;
export const KEYPOLICY_KSS_BITS = 0x3c, KEYPOLICY_RESERVED = 0xffc0;
