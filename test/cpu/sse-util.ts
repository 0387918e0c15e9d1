/**
 * Helpers for the SSE oracle tests: deterministic random and edge-case operands, and "table"
 * snippets that run one instruction over many records of the data region (operands in, result and
 * MXCSR out, MXCSR reloaded before each record) so that every operand pair is checked on its own.
 */
import { type Snippet, DATA, DATA_SIZE } from './snippet.js';

export { DATA };

/** xorshift32: a deterministic generator of 32-bit words. */
export class Rng {
  constructor(private s = 0x9e3779b9) {}
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  big128(): bigint {
    let v = 0n;
    for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(this.u32());
    return v;
  }
}

const cb = new ArrayBuffer(8);
const cf32 = new Float32Array(cb);
const cu32 = new Uint32Array(cb);
const cf64 = new Float64Array(cb);

export function f32b(v: number): number {
  cf32[0] = v;
  return cu32[0];
}
export function f64b(v: number): bigint {
  cf64[0] = v;
  return (BigInt(cu32[1]) << 32n) | BigInt(cu32[0]);
}

/** Edge float32 bit patterns. */
export const F32_EDGES: number[] = [
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40400000, 0x3dcccccd, 0x3eaaaaab,
  0x7f7fffff, 0xff7fffff, 0x00800000, 0x80800000, 0x007fffff, 0x807fffff, 0x00000001, 0x80000001,
  0x00400000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00001, 0xff800123, 0x7fc12345,
  0x4b800001, 0x4b7fffff, 0x3f800001, 0x3f7fffff, 0x7f000000, 0x0c000000, 0x00800001, 0x33800000,
  0x34000000, 0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000, 0x4effffff, 0xcf000001, 0x3f000000,
  0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x1f800000, 0x60000000, 0x00c00000, 0x01000000,
];

/** Edge float64 bit patterns. */
export const F64_EDGES: bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x3ff8000000000000n,
  0x4008000000000000n, 0x3fb999999999999an, 0x3fd5555555555555n, 0x7fefffffffffffffn, 0xffefffffffffffffn,
  0x0010000000000000n, 0x8010000000000000n, 0x000fffffffffffffn, 0x800fffffffffffffn, 0x0000000000000001n,
  0x8000000000000001n, 0x0008000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n,
  0xfff8000000000000n, 0x7ff4000000000001n, 0xfff0000000001234n, 0x7ff8123456789abcn, 0x4340000000000001n,
  0x433fffffffffffffn, 0x3ff0000000000001n, 0x3fefffffffffffffn, 0x7fe0000000000000n, 0x0190000000000000n,
  0x0010000000000001n, 0x3ca0000000000000n, 0x3cb0000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n,
  0x41e0000000000000n, 0xc1e0000000000000n, 0x41dfffffffffffffn, 0xc1e0000000200000n, 0x3fe0000000000000n,
  0xbfe0000000000000n, 0x4004000000000000n, 0xc004000000000000n, 0x47efffffe0000000n, 0x47efffffefffffffn,
  0x47efffff10000000n, 0x36a0000000000000n, 0x3690000000000000n, 0x380fffffe0000000n, 0x3810000000000000n,
  0x41dfffffffc00000n, 0xc1e0000000000001n, 0x3e7ffffff8000000n, 0x7fe1234567890abcn, 0x0123456789abcdefn,
];

/** A random float32 with a distribution that hits every class, biased toward ordinary numbers. */
export function randF32(r: Rng): number {
  switch (r.int(8)) {
    case 0:
      return r.pick(F32_EDGES);
    case 1:
      return r.u32();
    case 2: {
      // Near 1 with few significant bits (exact results are common).
      return (0x3f800000 + (r.int(64) << 17)) | (r.int(2) << 31);
    }
    case 3: {
      // Tiny numbers (results near the denormal range).
      return ((r.int(40) << 23) + r.int(1 << 23)) | (r.int(2) << 31);
    }
    case 4: {
      // Huge numbers (overflowing products and sums).
      return (((200 + r.int(54)) << 23) + r.int(1 << 23)) | (r.int(2) << 31);
    }
    default:
      return (((100 + r.int(56)) << 23) + r.int(1 << 23)) | (r.int(2) << 31);
  }
}

export function randF64(r: Rng): bigint {
  const lo = BigInt(r.u32());
  const frac = (BigInt(r.int(1 << 20)) << 32n) | lo;
  const sign = BigInt(r.int(2)) << 63n;
  switch (r.int(8)) {
    case 0:
      return r.pick(F64_EDGES);
    case 1:
      return (BigInt(r.u32()) << 32n) | lo;
    case 2:
      return (0x3ff0000000000000n + (BigInt(r.int(256)) << 44n)) | sign;
    case 3:
      return (BigInt(r.int(80)) << 52n) | frac | sign;
    case 4:
      return (BigInt(1900 + r.int(147)) << 52n) | frac | sign;
    default:
      return (BigInt(900 + r.int(250)) << 52n) | frac | sign;
  }
}

/** MXCSR values: the four rounding modes, and FTZ/DAZ variants. */
export const MX_RC = [0x1f80, 0x3f80, 0x5f80, 0x7f80];
export const MX_FTZ_DAZ = [0x9f80, 0x1fc0, 0xffc0];

/** PairInfo describes the output records of a pair snippet, for diagnostics. */
export interface PairInfo {
  recSize: number;
  describe(k: number): string;
}

/**
 * pairSnippets runs `op` over every ordered pair (a, b) of `values` (bit patterns of `width` bits)
 * and records the result and MXCSR of each, MXCSR being reset to the snippet's initial value first.
 * The value list lives in the code (after a jump); results go to the data region, one record of
 * 8 (float32) or 16 (float64) bytes per pair. `body` sees a in %xmm0, b in %xmm1 or at `B` (a
 * memory operand), and must leave the result in %xmm0; a body may write a word to (%rdi) itself
 * and set `ownResult`. Long lists are split into several snippets by rows.
 */
export function pairSnippets(
  name: string, values: bigint[], width: 32 | 64, body: string, mxcsr: number, info: Map<string, PairInfo>,
  ownResult = false,
): Snippet[] {
  const n = values.length;
  const recSize = width === 32 ? 8 : 16;
  const rowsPer = Math.max(1, Math.floor((DATA_SIZE - 512) / (recSize * n)));
  const sc = width / 8;
  const mov = width === 32 ? 'movd' : 'movq';
  const table = values.map((v) => `${width === 32 ? '.long' : '.quad'} 0x${BigInt.asUintN(width, v).toString(16)}`).join('\n');
  const out: Snippet[] = [];
  for (let i0 = 0; i0 < n; i0 += rowsPer) {
    const i1 = Math.min(n, i0 + rowsPer);
    const b = body.replaceAll('B', `(%r8,%r10,${sc})`);
    const asm = [
      'jmp 9f', '.balign 16', '7:', table, '9:',
      'lea 7b(%rip), %r8', `mov $${DATA}, %rdi`, `mov $${i0}, %r9d`, 'stmxcsr -64(%rsp)',
      '1:', 'xor %r10d, %r10d',
      '2:', 'ldmxcsr -64(%rsp)', `${mov} (%r8,%r9,${sc}), %xmm0`, `${mov} (%r8,%r10,${sc}), %xmm1`, b,
      ownResult ? '' : `${mov} %xmm0, (%rdi)`, `stmxcsr ${recSize / 2}(%rdi)`, `add $${recSize}, %rdi`,
      'inc %r10d', `cmp $${n}, %r10d`, 'jb 2b', 'inc %r9d', `cmp $${i1}, %r9d`, 'jb 1b', 'ldmxcsr -64(%rsp)', 'xor %r8d, %r8d',
    ].join('\n');
    const nm = `${name} rows ${i0}..${i1 - 1}`;
    info.set(nm, {
      recSize,
      describe: (k) => {
        const i = i0 + Math.floor(k / n), j = k % n;
        const h = (v: bigint) => BigInt.asUintN(width, v).toString(16);
        return `a=${h(values[i])} b=${h(values[j])}`;
      },
    });
    out.push({ name: nm, asm, mxcsr });
  }
  return out;
}

/**
 * listSnippets runs `body` once per value of `values` (bit patterns of `width` bits): the value is
 * in %xmm0 and %rax (zero-extended) and at `V` (a memory operand); the body stores an 8-byte
 * result at (%rdi) itself; MXCSR (reset before each value) is saved at 8(%rdi).
 */
export function listSnippets(
  name: string, values: bigint[], width: 32 | 64, body: string, mxcsr: number, info: Map<string, PairInfo>,
): Snippet[] {
  const per = Math.floor((DATA_SIZE - 512) / 16);
  const sc = width / 8;
  const out: Snippet[] = [];
  for (let i0 = 0; i0 < values.length; i0 += per) {
    const vals = values.slice(i0, i0 + per);
    const table = vals.map((v) => `${width === 32 ? '.long' : '.quad'} 0x${BigInt.asUintN(width, v).toString(16)}`).join('\n');
    const mov = width === 32 ? 'movd' : 'movq';
    const ld = width === 32 ? 'mov (%r8,%r9,4), %eax' : 'mov (%r8,%r9,8), %rax';
    const asm = [
      'jmp 9f', '.balign 16', '7:', table, '9:',
      'lea 7b(%rip), %r8', `mov $${DATA}, %rdi`, 'xor %r9d, %r9d', 'stmxcsr -64(%rsp)',
      '1:', 'ldmxcsr -64(%rsp)', `${mov} (%r8,%r9,${sc}), %xmm0`, ld, body.replaceAll('V', `(%r8,%r9,${sc})`),
      'stmxcsr 8(%rdi)', 'add $16, %rdi', 'inc %r9d', `cmp $${vals.length}, %r9d`, 'jb 1b',
      'ldmxcsr -64(%rsp)', 'xor %r8d, %r8d',
    ].join('\n');
    const nm = `${name} #${i0}`;
    info.set(nm, { recSize: 16, describe: (k) => `v=${BigInt.asUintN(width, vals[k] ?? 0n).toString(16)}` });
    out.push({ name: nm, asm, mxcsr });
  }
  return out;
}

export function bytesLE(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((BigInt.asUintN(n * 8, v) >> BigInt(8 * i)) & 0xffn);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

