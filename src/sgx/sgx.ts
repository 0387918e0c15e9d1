/**
 * Sgx is the SGX part of the processor package: the EPC, the registers the SDM's pseudocode calls
 * CR_* (CR_CPUSVN, CR_SGXOWNEREPOCH, CR_REPORT_KEYID, CR_NEXT_EID, the seal fuses), the
 * IA32_SGXLEPUBKEYHASH MSRs, and what CPUID leaf 12H reports. The ENCLS leaves (encls/) and the
 * ENCLU leaves that need no execution loop (enclu/) take it as their first argument.
 *
 * The CPU model is an SGX1 part with flexible launch control: the hash MSRs are writable, so the
 * kernel writes the enclave signer's hash before EINIT (Linux: sgx_update_lepubkeyhash) and any
 * signer can launch with an all-zero EINITTOKEN. It has no SGX2, KSS, CET or AEX-Notify.
 */
import { randomBytes } from 'node:crypto';
import {
  ATTR_DEBUG, ATTR_EINITTOKEN_KEY, ATTR_MODE64BIT, ATTR_PROVISIONKEY, GPRSGX, EXINFO, MISC_EXINFO, XFRM_LEGACY,
} from '../abi/sgx.js';
import { XSAVE_SIZE } from '../cpu/xsave.js';
import { aesCmac } from './cmac.js';
import { Epc } from './epc.js';

/** IA32_SGXLEPUBKEYHASH0..3 MSR numbers. */
export const MSR_IA32_SGXLEPUBKEYHASH0 = 0x8c;

/** The reset value of IA32_SGXLEPUBKEYHASH0..3: the hash of Intel's launch-enclave key. */
export const INTEL_LE_PUBKEY_HASH = [0xa6053e051270b7acn, 0x6cfbe8ba8b3b413dn, 0xc4916d99f2b3735dn, 0xd4f8c05909f9bb3bn];

/** ATTRIBUTES bits ECREATE accepts (CR_SGX_ATTRIBUTES_MASK; CPUID.(12H,1):EBX:EAX). INIT is not one. */
export const SGX_ATTRIBUTES_SUPPORTED = ATTR_DEBUG | ATTR_MODE64BIT | ATTR_PROVISIONKEY | ATTR_EINITTOKEN_KEY;
/** XFRM bits ECREATE accepts (CPUID.(12H,1):EDX:ECX): the XCR0 of this CPU. */
export const SGX_XFRM_SUPPORTED = XFRM_LEGACY;
/** MISCSELECT bits ECREATE accepts (CPUID.(12H,0):EBX). */
export const SGX_MISCSELECT_SUPPORTED = MISC_EXINFO;
/** log2 of the largest enclave in 64-bit mode (CPUID.(12H,0):EDX[15:8]) and otherwise (EDX[7:0]). */
export const MAX_ENCLAVE_SIZE_64_LOG2 = 36, MAX_ENCLAVE_SIZE_32_LOG2 = 31;
/** The default CR_CPUSVN: 16 component SVNs. */
export const DEFAULT_CPUSVN = Uint8Array.of(0x0e, 0x0e, 0x02, 0x04, 0x01, 0x80, 0x0d, 0, 0, 0, 0, 0, 0, 0, 0, 0);

export interface SgxOptions {
  /** EPC size in bytes (default 128 MiB). */
  epcSize?: number;
  /** The per-machine root of every derived key, 16 bytes (default random). */
  rootKey?: Uint8Array;
  /** CR_SGXOWNEREPOCH, 16 bytes, set by the platform owner (default zero). */
  ownerEpoch?: Uint8Array;
  /** CR_CPUSVN, 16 bytes (default DEFAULT_CPUSVN). */
  cpusvn?: Uint8Array;
  /** CR_REPORT_KEYID, 32 bytes, chosen at boot (default random). */
  reportKeyId?: Uint8Array;
}

export class Sgx {
  readonly epc: Epc;
  readonly rootKey: Uint8Array;
  /** CR_SEAL_FUSES: derived from the root key (the provisioning keys exclude it, seal keys include it). */
  readonly sealFuses: Uint8Array;
  readonly ownerEpoch: Uint8Array;
  readonly cpusvn: Uint8Array;
  readonly reportKeyId: Uint8Array;
  /** IA32_SGXLEPUBKEYHASH0..3 as 32 bytes (each MSR little-endian, MSR 0 first). */
  readonly lePubKeyHash = new Uint8Array(32);
  /** CR_NEXT_EID. */
  nextEid = 1n;

  constructor(opts: SgxOptions = {}) {
    this.epc = new Epc({ size: opts.epcSize });
    this.rootKey = fixed('rootKey', opts.rootKey ?? randomBytes(16), 16);
    this.ownerEpoch = fixed('ownerEpoch', opts.ownerEpoch ?? new Uint8Array(16), 16);
    this.cpusvn = fixed('cpusvn', opts.cpusvn ?? DEFAULT_CPUSVN, 16);
    this.reportKeyId = fixed('reportKeyId', opts.reportKeyId ?? randomBytes(32), 32);
    this.sealFuses = aesCmac(this.rootKey, new TextEncoder().encode('SGX SEAL FUSES\0\0'));
    INTEL_LE_PUBKEY_HASH.forEach((v, i) => this.writeLePubKeyHashMsr(i, v));
  }

  /** writeLePubKeyHashMsr is WRMSR to IA32_SGXLEPUBKEYHASH<i> (writable: launch control is unlocked). */
  writeLePubKeyHashMsr(i: number, value: bigint): void {
    if (!(i >= 0 && i < 4)) throw new RangeError(`IA32_SGXLEPUBKEYHASH${i}`);
    new DataView(this.lePubKeyHash.buffer).setBigUint64(i * 8, BigInt.asUintN(64, value), true);
  }

  readLePubKeyHashMsr(i: number): bigint {
    if (!(i >= 0 && i < 4)) throw new RangeError(`IA32_SGXLEPUBKEYHASH${i}`);
    return new DataView(this.lePubKeyHash.buffer).getBigUint64(i * 8, true);
  }

  /** setLePubKeyHash writes all four MSRs from a SHA-256 digest (sgx_update_lepubkeyhash). */
  setLePubKeyHash(digest: Uint8Array): void {
    this.lePubKeyHash.set(fixed('digest', digest, 32));
  }

  /** cpuidLeaf12 returns [EAX, EBX, ECX, EDX] of CPUID.(EAX=12H, ECX=subleaf) for this SGX unit. */
  cpuidLeaf12(subleaf: number): [number, number, number, number] {
    switch (subleaf) {
      case 0:
        // EAX bit 0: SGX1. EBX: MISCSELECT bits. EDX: log2 of the maximum enclave sizes.
        return [1, SGX_MISCSELECT_SUPPORTED, 0, (MAX_ENCLAVE_SIZE_64_LOG2 << 8) | MAX_ENCLAVE_SIZE_32_LOG2];
      case 1:
        return [Number(SGX_ATTRIBUTES_SUPPORTED & 0xffffffffn), 0, Number(SGX_XFRM_SUPPORTED), 0];
      case 2: {
        // One EPC section: type 1, base and size split into bits 31:12 and 51:32; ECX[3:0] = 1
        // (confidentiality and integrity protected).
        const { physBase, size } = this.epc;
        return [
          (lo32(physBase) & ~0xfff) | 1, hi32(physBase) & 0xfffff,
          (lo32(size) & ~0xfff) | 1, hi32(size) & 0xfffff,
        ];
      }
      default:
        return [0, 0, 0, 0];
    }
  }
}

/** ssaFrameBytesNeeded is TMP_XSIZE of ECREATE: XSAVE area for XFRM, GPRSGX and the MISC region. */
export function ssaFrameBytesNeeded(xfrm: bigint, miscselect: number): number {
  if (xfrm & ~SGX_XFRM_SUPPORTED) throw new RangeError(`XFRM ${xfrm} has components this CPU lacks`);
  // x87 and SSE both live in the legacy region; the XSAVE header follows it.
  const xsave = XSAVE_SIZE;
  const misc = miscselect & MISC_EXINFO ? EXINFO.size : 0;
  return xsave + GPRSGX.size + misc;
}

function fixed(name: string, bytes: Uint8Array, len: number): Uint8Array {
  if (bytes.length !== len) throw new RangeError(`${name} must be ${len} bytes, not ${bytes.length}`);
  return Uint8Array.from(bytes);
}

function lo32(n: number): number {
  return n % 2 ** 32 | 0;
}

function hi32(n: number): number {
  return Math.floor(n / 2 ** 32) | 0;
}
