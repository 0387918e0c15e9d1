/**
 * RCPSS/RSQRTSS against the real CPU for every table entry (all 12-bit significand prefixes, with
 * random low bits, for both exponent parities) and for every exponent and special class.
 */
import { describe } from 'vitest';
import { type Snippet } from './snippet.js';
import { runAll } from './sse-run.js';
import { type PairInfo, Rng, listSnippets } from './sse-util.js';

const r = new Rng(99);
const info = new Map<string, PairInfo>();
const snips: Snippet[] = [];

const rcpVals: bigint[] = [];
for (let i = 0; i < 4096; i++) rcpVals.push(BigInt((0x3f800000 | (i << 11) | r.int(2048)) >>> 0));
const rsqVals: bigint[] = [];
for (let i = 0; i < 8192; i++) rsqVals.push(BigInt(((i < 4096 ? 0x3f800000 : 0x40000000) | ((i & 4095) << 11) | r.int(2048)) >>> 0));
const expVals: bigint[] = [];
for (let e = 0; e < 256; e++) {
  for (const m of [0, 1, 0x400000, 0x7fffff, r.int(1 << 23)]) {
    expVals.push(BigInt(((e << 23) | m) >>> 0), BigInt(((e << 23) | m | 0x80000000) >>> 0));
  }
}

for (const [op, vals] of [['rcpss', rcpVals], ['rsqrtss', rsqVals], ['rcpss', expVals], ['rsqrtss', expVals]] as const) {
  for (const mx of [0x1f80, 0x1fc0]) {
    snips.push(...listSnippets(`${op} mx=${mx.toString(16)} ${vals === expVals ? 'exponents' : 'table'}`, [...vals], 32,
      `${op} %xmm0, %xmm1\nmovq %xmm1, (%rdi)`, mx, info));
  }
}

describe('RCP and RSQRT approximations match the real CPU', () => {
  runAll(snips, info);
});
