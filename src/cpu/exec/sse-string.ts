/**
 * SSE4.2: the packed string comparisons PCMPESTRI, PCMPESTRM, PCMPISTRI, PCMPISTRM, and CRC32.
 *
 * PCMPxSTRx (SDM Vol. 2B, 4.1) compares every element of the first operand (the "set", "ranges"
 * or "needle") with every element of the second, under imm8: [1:0] element format (unsigned/signed
 * bytes/words), [3:2] aggregation (equal any, ranges, equal each, equal ordered), [5:4] polarity,
 * [6] output selection. Lengths are explicit (|EAX|, |EDX|, saturated; RAX/RDX with REX.W) or
 * implicit (up to the first zero element). The 16-byte memory operand need not be aligned.
 * Flags: CF = result ≠ 0, ZF = second operand shorter than a full register, SF = same for the
 * first, OF = result bit 0; AF = PF = 0.
 */
import { Code, type Insn, Mnemonic } from '../decode.js';
import { CF, OF, SF, ZF, setArithFlags } from '../flags.js';
import { gprOf, opSize, reader } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { srcOf, xmmOf } from '../sse.js';
import { RAX, RCX, RDX, type CPU } from '../state.js';

/** elem returns element k of register slot `slot` in format `fmt` (imm8[1:0]). */
function elem(c: CPU, slot: number, fmt: number, k: number): number {
  switch (fmt) {
    case 0:
      return c.xu8[slot * 16 + k];
    case 1:
      return c.xu16[slot * 8 + k];
    case 2:
      return c.xi8[slot * 16 + k];
    default:
      return c.xi16[slot * 8 + k];
  }
}

function implicitLength(c: CPU, slot: number, fmt: number, n: number): number {
  for (let k = 0; k < n; k++) if (elem(c, slot, fmt, k) === 0) return k;
  return n;
}

/** explicitLength is |v| saturated to n, for the 32-bit (lo) or 64-bit (lo, hi) register. */
function explicitLength(lo: number, hi: number, wide: boolean, n: number): number {
  let neg: boolean, mag: number;
  if (wide) {
    neg = hi < 0;
    if (neg) {
      // Magnitude of a negative 64-bit value: saturates unless it is small.
      if (hi !== -1) return n;
      mag = -lo;
      if (lo >= 0) return n;
    } else {
      if (hi !== 0) return n;
      mag = lo >>> 0;
    }
  } else {
    mag = Math.abs(lo);
  }
  return mag > n ? n : mag;
}

/**
 * compareStrings computes IntRes2 (a bit per element) for operands in slots a (first) and b
 * (second) with valid lengths la and lb.
 */
function compareStrings(c: CPU, a: number, b: number, la: number, lb: number, imm: number): number {
  const fmt = imm & 3;
  const n = fmt & 1 ? 8 : 16;
  const agg = (imm >> 2) & 3;
  let res = 0;
  switch (agg) {
    case 0: // equal any
      for (let j = 0; j < lb; j++) {
        const v = elem(c, b, fmt, j);
        for (let i = 0; i < la; i++) {
          if (elem(c, a, fmt, i) === v) {
            res |= 1 << j;
            break;
          }
        }
      }
      break;
    case 1: // ranges
      for (let j = 0; j < lb; j++) {
        const v = elem(c, b, fmt, j);
        for (let i = 0; i + 1 < la; i += 2) {
          if (elem(c, a, fmt, i) <= v && v <= elem(c, a, fmt, i + 1)) {
            res |= 1 << j;
            break;
          }
        }
      }
      break;
    case 2: // equal each
      for (let i = 0; i < n; i++) {
        const va = i < la, vb = i < lb;
        const eq = va && vb ? elem(c, a, fmt, i) === elem(c, b, fmt, i) : !va && !vb;
        if (eq) res |= 1 << i;
      }
      break;
    default: // equal ordered
      for (let j = 0; j < n; j++) {
        let match = true;
        for (let k = 0; k < n - j && k < la; k++) {
          if (j + k >= lb || elem(c, a, fmt, k) !== elem(c, b, fmt, j + k)) {
            match = false;
            break;
          }
        }
        if (match) res |= 1 << j;
      }
  }
  const all = (1 << n) - 1;
  switch ((imm >> 4) & 3) {
    case 1:
      res ^= all;
      break;
    case 3:
      res ^= (1 << lb) - 1;
      break;
  }
  return res & all;
}

function pcmpstr(explicit: boolean, index: boolean) {
  return (insn: Insn): Exec => {
    const a = xmmOf(insn, 0);
    const src = srcOf(insn, 1, 16, false);
    const imm = insn.imm & 0xff;
    const fmt = imm & 3;
    const n = fmt & 1 ? 8 : 16;
    const wide = insn.code === Code.Pcmpestri64_xmm_xmmm128_imm8 || insn.code === Code.Pcmpestrm64_xmm_xmmm128_imm8;
    return (c) => {
      const b = src(c);
      let la: number, lb: number;
      if (explicit) {
        la = explicitLength(c.r[2 * RAX], c.r[2 * RAX + 1], wide, n);
        lb = explicitLength(c.r[2 * RDX], c.r[2 * RDX + 1], wide, n);
      } else {
        la = implicitLength(c, a, fmt, n);
        lb = implicitLength(c, b, fmt, n);
      }
      const res = compareStrings(c, a, b, la, lb, imm);
      if (index) {
        let idx = n;
        if (res !== 0) idx = imm & 0x40 ? 31 - Math.clz32(res) : 31 - Math.clz32(res & -res);
        c.r[2 * RCX] = idx;
        c.r[2 * RCX + 1] = 0;
      } else if (imm & 0x40) {
        if (n === 16) for (let k = 0; k < 16; k++) c.xu8[k] = res & (1 << k) ? 0xff : 0;
        else for (let k = 0; k < 8; k++) c.xu16[k] = res & (1 << k) ? 0xffff : 0;
      } else {
        c.xl[0] = res;
        c.xl[1] = 0;
        c.xl[2] = 0;
        c.xl[3] = 0;
      }
      setArithFlags(c, (res !== 0 ? CF : 0) | (lb < n ? ZF : 0) | (la < n ? SF : 0) | (res & 1 ? OF : 0));
    };
  };
}
def(Mnemonic.Pcmpestri, pcmpstr(true, true));
def(Mnemonic.Pcmpestri64, pcmpstr(true, true));
def(Mnemonic.Pcmpestrm, pcmpstr(true, false));
def(Mnemonic.Pcmpestrm64, pcmpstr(true, false));
def(Mnemonic.Pcmpistri, pcmpstr(false, true));
def(Mnemonic.Pcmpistrm, pcmpstr(false, false));

/** CRC-32C (Castagnoli), bit-reflected: the table of the polynomial 0x82F63B78. */
const CRC32C = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let v = i;
  for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ 0x82f63b78 : v >>> 1;
  CRC32C[i] = v;
}

/** CRC32 r32/r64, r/m8/16/32/64 accumulates the source bytes (low first) into the low 32 bits. */
def(Mnemonic.Crc32, (insn) => {
  const d = gprOf(insn, 0);
  const size = opSize(insn, 1);
  const src = reader(insn, 1, size);
  const lo = 2 * d.n;
  return (c) => {
    let v = src(c);
    const vh = c.th;
    let crc = c.r[lo];
    const bytes = size / 8;
    for (let k = 0; k < bytes; k++) {
      if (k === 4) v = vh;
      crc = CRC32C[(crc ^ v) & 0xff] ^ (crc >>> 8);
      v >>>= 8;
    }
    c.r[lo] = crc;
    c.r[lo + 1] = 0;
  };
});
