/**
 * The enclave measurement MRENCLAVE: a SHA-256 over 64-byte records that ECREATE, EADD and EEXTEND
 * append (SDM Vol. 3D, the TMPUPDATEFIELD of each leaf's Operation section; SGX-FACTS.md
 * "Measurement"). The leaves and the signing tool (sign.ts) build their records here.
 */
import { createHash, type Hash } from 'node:crypto';

/** One SHA-256 update of SGX is 64 bytes (512 bits). */
export const RECORD_SIZE = 64;
/** EEXTEND measures 256-byte chunks of a page. */
export const EEXTEND_CHUNK = 256;

/** The 8-byte tags that open each record: "ECREATE\0", "EADD\0\0\0\0", "EEXTEND\0". */
const TAG_ECREATE = 0x0045544145524345n;
const TAG_EADD = 0x0000000044444145n;
const TAG_EEXTEND = 0x00444e4554584545n;

/**
 * Measurement is the running SHA-256 state kept in a SECS while the enclave is built. `final()`
 * finishes a copy, so the state stays usable (EINIT may fail and be retried).
 */
export class Measurement {
  private readonly hash: Hash = createHash('sha256');
  /** The number of 64-byte updates so far (the SDM's "MRENCLAVE update counter"). */
  updates = 0;

  update(record: Uint8Array): void {
    if (record.length % RECORD_SIZE !== 0) throw new RangeError(`measurement record of ${record.length} bytes`);
    this.hash.update(record);
    this.updates += record.length / RECORD_SIZE;
  }

  /** final returns SHA256FINAL of the state: the would-be MRENCLAVE. */
  final(): Uint8Array {
    return new Uint8Array(this.hash.copy().digest());
  }
}

/** ecreateRecord: "ECREATE\0", SSAFRAMESIZE (u32), SIZE (u64), zeros (no CET legacy bitmap offset). */
export function ecreateRecord(ssaFrameSize: number, size: number): Uint8Array {
  const r = new Uint8Array(RECORD_SIZE);
  const dv = new DataView(r.buffer);
  dv.setBigUint64(0, TAG_ECREATE, true);
  dv.setUint32(8, ssaFrameSize >>> 0, true);
  dv.setBigUint64(12, BigInt(size), true);
  return r;
}

/** eaddRecord: "EADD\0\0\0\0", the page's offset from BASEADDR (u64), the first 48 bytes of SECINFO. */
export function eaddRecord(offset: number, secinfo: Uint8Array): Uint8Array {
  const r = new Uint8Array(RECORD_SIZE);
  const dv = new DataView(r.buffer);
  dv.setBigUint64(0, TAG_EADD, true);
  dv.setBigUint64(8, BigInt(offset), true);
  r.set(secinfo.subarray(0, 48), 16);
  return r;
}

/**
 * eextendRecords: "EEXTEND\0", the chunk's offset from BASEADDR (u64), 48 zero bytes, then the
 * 256 bytes of the chunk as four more records.
 */
export function eextendRecords(offset: number, chunk: Uint8Array): Uint8Array {
  if (chunk.length !== EEXTEND_CHUNK) throw new RangeError(`EEXTEND chunk of ${chunk.length} bytes`);
  const r = new Uint8Array(RECORD_SIZE + EEXTEND_CHUNK);
  const dv = new DataView(r.buffer);
  dv.setBigUint64(0, TAG_EEXTEND, true);
  dv.setBigUint64(8, BigInt(offset), true);
  r.set(chunk, RECORD_SIZE);
  return r;
}
