/**
 * SSE/SSE2 conversions against the real CPU: float-to-integer (rounding, truncation, the integer
 * indefinite), integer-to-float (inexact 64-bit sources, float ties), float-to-float (NaN payloads,
 * denormals, overflow and underflow), in all rounding modes and with FTZ/DAZ.
 */
import { describe } from 'vitest';
import { type Snippet } from './snippet.js';
import { runAll } from './sse-run.js';
import { F32_EDGES, F64_EDGES, MX_FTZ_DAZ, MX_RC, type PairInfo, Rng, listSnippets, randF32, randF64 } from './sse-util.js';

const r = new Rng(2024);
const info = new Map<string, PairInfo>();
const snips: Snippet[] = [];

/** Floats around integer and range boundaries: ±0.5, ±1.5, ±2.5, 2^31 ± ε, 2^63 ± ε. */
const F32_INT = [0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x4effffff, 0x4f000000,
  0xcf000000, 0xcf000001, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001, 0x3f7fffff, 0x4b000001, 0xcb3fffff];
const F64_INT = [0x3fe0000000000000n, 0xbfe0000000000000n, 0x3ff8000000000000n, 0xc004000000000000n,
  0x41dfffffffc00000n, 0x41dfffffffe00000n, 0x41dfffffffffffffn, 0x41e0000000000000n, 0xc1e0000000000000n,
  0xc1e0000000100000n, 0xc1e0000000200000n, 0x43dfffffffffffffn, 0x43e0000000000000n, 0xc3e0000000000000n,
  0xc3e0000000000001n, 0x4330000000000001n, 0xc32fffffffffffffn];
const f32s = [...F32_EDGES, ...F32_INT, ...Array.from({ length: 400 }, () => randF32(r))].map(BigInt);
const f64s = [...F64_EDGES, ...F64_INT, ...Array.from({ length: 400 }, () => randF64(r))];
const INT_EDGES = [0n, 1n, -1n, 0x7fffffffn, -0x80000000n, 0x1000001n, 0x1000003n, 0x7fffff80n, 0x7fffffc0n,
  0x20000000000001n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x7ffffffffffffdffn, 0x7ffffffffffffc00n,
  0x1000000000000801n, 0x1000000000000800n, 0x1000000000000c00n, -0x1000000000000801n, 0x123456789abcdefn];
const ints = [...INT_EDGES, ...Array.from({ length: 300 }, () => {
  const k = r.int(3);
  const v = (BigInt(r.u32()) << 32n) | BigInt(r.u32());
  return k === 0 ? v : k === 1 ? BigInt.asIntN(64, v) >> BigInt(r.int(60)) : BigInt.asIntN(32, v);
})];

const MODES = [...MX_RC, ...MX_FTZ_DAZ];
for (const mx of MODES) {
  const m = mx.toString(16);
  for (const t of ['', 't']) {
    snips.push(...listSnippets(`cvt${t}ss2si r32 mx=${m}`, f32s, 32, `cvt${t}ss2si %xmm0, %edx\nmov %rdx, (%rdi)`, mx, info));
    snips.push(...listSnippets(`cvt${t}ss2si r64 mx=${m}`, f32s, 32, `cvt${t}ss2si V, %rdx\nmov %rdx, (%rdi)`, mx, info));
    snips.push(...listSnippets(`cvt${t}sd2si r32 mx=${m}`, f64s, 64, `cvt${t}sd2si V, %edx\nmov %rdx, (%rdi)`, mx, info));
    snips.push(...listSnippets(`cvt${t}sd2si r64 mx=${m}`, f64s, 64, `cvt${t}sd2si %xmm0, %rdx\nmov %rdx, (%rdi)`, mx, info));
  }
  const keep = 'movq %xmm7, %xmm0\n';
  snips.push(...listSnippets(`cvtsi2ss r32 mx=${m}`, ints, 64, `${keep}cvtsi2ss %eax, %xmm0\nmovq %xmm0, (%rdi)`, mx, info));
  snips.push(...listSnippets(`cvtsi2ss r64 mx=${m}`, ints, 64, `${keep}cvtsi2ssq V, %xmm0\nmovq %xmm0, (%rdi)`, mx, info));
  snips.push(...listSnippets(`cvtsi2sd r32 mx=${m}`, ints, 64, `${keep}cvtsi2sdl V, %xmm0\nmovq %xmm0, (%rdi)`, mx, info));
  snips.push(...listSnippets(`cvtsi2sd r64 mx=${m}`, ints, 64, `cvtsi2sd %rax, %xmm0\nmovq %xmm0, (%rdi)`, mx, info));
  snips.push(...listSnippets(`cvtss2sd mx=${m}`, f32s, 32, 'cvtss2sd %xmm0, %xmm1\nmovq %xmm1, (%rdi)', mx, info));
  snips.push(...listSnippets(`cvtss2sd mem mx=${m}`, f32s, 32, 'cvtss2sd V, %xmm1\nmovq %xmm1, (%rdi)', mx, info));
  snips.push(...listSnippets(`cvtsd2ss mx=${m}`, f64s, 64, `${keep}cvtsd2ss %xmm0, %xmm0\nmovq %xmm0, (%rdi)`, mx, info));
  snips.push(...listSnippets(`cvtsd2ss mem mx=${m}`, f64s, 64, 'cvtsd2ss V, %xmm1\nmovq %xmm1, (%rdi)', mx, info));
}

describe('SSE/SSE2 scalar conversions match the real CPU', () => {
  runAll(snips, info);
});
