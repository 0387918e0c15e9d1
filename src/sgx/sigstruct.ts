/**
 * SIGSTRUCT arithmetic shared by EINIT and the signing tool: little-endian big integers, the signed
 * bytes, and the RSA-3072 check EINIT performs.
 *
 * How EINIT uses Q1 and Q2. The SDM defines them (q1 = floor(S²/M), q2 = floor((S³ − q1·S·M)/M))
 * and says EINIT verifies the signature "using embedded public key, q1, and q2": they let the
 * hardware compute S³ mod M with multiplications and subtractions only, as
 *     T1 = S² − q1·M,   EM = S·T1 − q2·M.
 * With wrong quotients EM is not S³ mod M (T1 or EM falls outside [0, M)), so the signature fails to
 * verify: SGX_INVALID_SIGNATURE. verifySigstruct does exactly that computation, checks the
 * PKCS#1 v1.5 block it yields, and also checks the signature with Node's RSA verifier.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { SGX_MODULUS_SIZE, SIGSTRUCT } from '../abi/sgx.js';
import { HARDCODED_PKCS1_5_PADDING } from './keys.js';

/** leToBigInt reads a little-endian unsigned integer. */
export function leToBigInt(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
  return n;
}

/** bigIntToLe writes `n` as a `len`-byte little-endian unsigned integer. */
export function bigIntToLe(n: bigint, len: number): Uint8Array {
  if (n < 0n || n >> BigInt(8 * len) !== 0n) throw new RangeError(`integer does not fit in ${len} bytes`);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/** sigstructSignedBytes returns what the signature covers: bytes [0, 128) then [900, 1028). */
export function sigstructSignedBytes(sig: Uint8Array): Uint8Array {
  const out = new Uint8Array(256);
  out.set(sig.subarray(0, SIGSTRUCT.off.modulus), 0);
  out.set(sig.subarray(SIGSTRUCT.off.miscselect, SIGSTRUCT.off.reserved4), 128);
  return out;
}

/** mrsignerOf is SHA-256 of SIGSTRUCT.MODULUS as stored (little-endian). */
export function mrsignerOf(sig: Uint8Array): Uint8Array {
  const m = sig.subarray(SIGSTRUCT.off.modulus, SIGSTRUCT.off.modulus + SGX_MODULUS_SIZE);
  return new Uint8Array(createHash('sha256').update(m).digest());
}

/**
 * verifySigstruct checks SIGSTRUCT.SIGNATURE against MODULUS (exponent 3) the way EINIT does and
 * returns TMP_SIG_PADDING (the top 352 bytes of the recovered PKCS#1 v1.5 block), or null if the
 * signature does not verify.
 */
export function verifySigstruct(sig: Uint8Array): Uint8Array | null {
  const field = (name: 'modulus' | 'signature' | 'q1' | 'q2'): bigint =>
    leToBigInt(sig.subarray(SIGSTRUCT.off[name], SIGSTRUCT.off[name] + SGX_MODULUS_SIZE));
  const m = field('modulus');
  const s = field('signature');
  const q1 = field('q1');
  const q2 = field('q2');
  if (m === 0n || s >= m) return null;

  const t1 = s * s - q1 * m;
  if (t1 < 0n || t1 >= m) return null;
  const em = s * t1 - q2 * m;
  if (em < 0n || em >= m) return null;

  const block = bigIntToLe(em, SGX_MODULUS_SIZE).reverse();
  const digest = createHash('sha256').update(sigstructSignedBytes(sig)).digest();
  const padding = block.subarray(0, 352);
  if (!equalBytes(padding, HARDCODED_PKCS1_5_PADDING) || !equalBytes(block.subarray(352), digest)) return null;

  if (!rsaVerify(sig)) return null;
  return padding.slice();
}

/** rsaVerify checks the signature with Node's RSASSA-PKCS1-v1_5/SHA-256 verifier. */
function rsaVerify(sig: Uint8Array): boolean {
  const be = (off: number): Buffer => Buffer.from(sig.subarray(off, off + SGX_MODULUS_SIZE)).reverse();
  try {
    const key = createPublicKey({
      key: { kty: 'RSA', n: be(SIGSTRUCT.off.modulus).toString('base64url'), e: 'Aw' },
      format: 'jwk',
    });
    return verify('sha256', sigstructSignedBytes(sig), key, be(SIGSTRUCT.off.signature));
  } catch {
    return false;
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
