/** AES-128-CMAC against the test vectors of RFC 4493, section 4. */
import { describe, expect, it } from 'vitest';
import { aesCmac } from '../../src/sgx/cmac.js';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const KEY = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
const M = hex(`6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51
  30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710`);

describe('aesCmac (RFC 4493)', () => {
  it.each([
    ['Example 1: len = 0', 0, 'bb1d6929 e9593728 7fa37d12 9b756746'],
    ['Example 2: len = 16', 16, '070a16b4 6b4d4144 f79bdd9d d04a287c'],
    ['Example 3: len = 40', 40, 'dfa66747 de9ae630 30ca3261 1497c827'],
    ['Example 4: len = 64', 64, '51f0bebf 7e3b9d92 fc497417 79363cfe'],
  ])('%s', (_name, len, mac) => {
    expect(Buffer.from(aesCmac(KEY, M.subarray(0, len))).toString('hex'), 'the MAC must equal the RFC value')
      .toBe(mac.replace(/ /g, ''));
  });

  it('refuses a key that is not 16 bytes', () => {
    expect(() => aesCmac(new Uint8Array(15), new Uint8Array(1))).toThrow(RangeError);
  });
});
