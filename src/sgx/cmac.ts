/**
 * AES-128-CMAC (NIST SP 800-38B, RFC 4493) over Node's AES-128-ECB, one block at a time.
 * SGX MACs REPORTs and EINITTOKENs with it, and derives keys with it (keys.ts).
 */
import { createCipheriv } from 'node:crypto';

const BLOCK = 16;
/** The constant R_128 of the subkey derivation (RFC 4493 2.3). */
const RB = 0x87;

/** aesCmac returns the 16-byte AES-128-CMAC of `msg` under the 16-byte `key`. */
export function aesCmac(key: Uint8Array, msg: Uint8Array): Uint8Array {
  if (key.length !== BLOCK) throw new RangeError(`aesCmac: key is ${key.length} bytes, not 16`);
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  const encrypt = (block: Uint8Array): Uint8Array => new Uint8Array(cipher.update(block));

  const l = encrypt(new Uint8Array(BLOCK));
  const k1 = doubleBlock(l);
  const k2 = doubleBlock(k1);

  const n = Math.max(1, Math.ceil(msg.length / BLOCK));
  const complete = msg.length > 0 && msg.length % BLOCK === 0;
  const last = new Uint8Array(BLOCK);
  const tail = msg.subarray((n - 1) * BLOCK);
  last.set(tail);
  if (complete) {
    xorInto(last, k1);
  } else {
    last[tail.length] = 0x80;
    xorInto(last, k2);
  }

  let x: Uint8Array = new Uint8Array(BLOCK);
  for (let i = 0; i < n - 1; i++) {
    xorInto(x, msg.subarray(i * BLOCK, (i + 1) * BLOCK));
    x = encrypt(x);
  }
  xorInto(x, last);
  return encrypt(x);
}

/** doubleBlock multiplies a block by x in GF(2^128) (a left shift, reduced by R_128). */
function doubleBlock(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((b[i] << 1) | (i + 1 < BLOCK ? b[i + 1] >>> 7 : 0)) & 0xff;
  if (b[0] & 0x80) out[BLOCK - 1] ^= RB;
  return out;
}

function xorInto(dst: Uint8Array, src: Uint8Array): void {
  for (let i = 0; i < src.length; i++) dst[i] ^= src[i];
}
