import { describe, expect, it } from 'vitest';
import { type Snippet, describeDiff, runEmulated, runNative, DATA } from './snippet.js';
import { RO, changes, runFault } from './emu-fault.js';

/** Deterministic xorshift64* generator so every run checks the same cases. */
function rng(seed: bigint) {
  let s = seed;
  return (): bigint => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return (s * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
}
const rand = rng(0x9e3779b97f4a7c15n);
const FLAG_BITS = [0x1n, 0x4n, 0x10n, 0x40n, 0x80n, 0x800n];
function randFlags(): bigint {
  const r = rand();
  let f = 0x202n;
  FLAG_BITS.forEach((b, i) => { if ((r >> BigInt(i)) & 1n) f |= b; });
  return f;
}

const D = BigInt(DATA);
const edge = [0n, 1n, -1n, 0x80n, 0x7fn, 0x8000n, 0x7fffn, 0x80000000n, 0x7fffffffn, -0x8000000000000000n, 0x7fffffffffffffffn, 0x123456789abcdef0n];
const W = [
  { s: 'b', r: 'al', r2: 'bl', bits: 8 },
  { s: 'w', r: 'ax', r2: 'bx', bits: 16 },
  { s: 'l', r: 'eax', r2: 'ebx', bits: 32 },
  { s: 'q', r: 'rax', r2: 'rbx', bits: 64 },
];

const snips: Snippet[] = [];
const ops = ['shl', 'sal', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr'];
for (const op of ops) {
  for (const w of W) {
    const counts = [0, 1, 2, 3, w.bits / 2 - 1, w.bits - 1, w.bits, w.bits + 1, 31, 32, 33, 63, 64, 65, 9, 17, 255];
    // Shift by one (D0/D1 encoding).
    for (let i = 0; i < 6; i++) {
      const v = i < 3 ? edge[(i * 5 + ops.indexOf(op)) % edge.length] : rand();
      snips.push({ name: `${op}${w.s} ${w.r} by 1 #${i}`, asm: `${op}${w.s} %${w.r}`, regs: { rax: v }, rflags: randFlags() });
    }
    for (const n of counts) {
      // Immediate count (masked by the CPU; gas accepts 0..255).
      const v1 = rand();
      snips.push({ name: `${op}${w.s} $${n}, ${w.r}`, asm: `${op}${w.s} $${n}, %${w.r}`, regs: { rax: v1 }, rflags: randFlags() });
      // CL count: register and memory destinations.
      for (let i = 0; i < 3; i++) {
        const v = i === 0 ? edge[(n + ops.indexOf(op)) % edge.length] : rand();
        snips.push({ name: `${op}${w.s} %cl(${n}), ${w.r} #${i}`, asm: `${op}${w.s} %cl, %${w.r}`, regs: { rax: v, rcx: BigInt(n) | (rand() & ~0xffn) }, rflags: randFlags() });
      }
      snips.push({ name: `${op}${w.s} %cl(${n}), mem`, asm: `${op}${w.s} %cl, 24(%rsi)`, regs: { rsi: D, rcx: BigInt(n) }, rflags: randFlags() });
    }
  }
  // High-byte registers and a memory shift-by-one.
  snips.push({ name: `${op}b %cl, %ah`, asm: `${op}b %cl, %ah`, regs: { rax: rand(), rcx: 3n }, rflags: randFlags() });
  snips.push({ name: `${op}q mem by 1`, asm: `${op}q 8(%rsi)`, regs: { rsi: D }, rflags: randFlags() });
  snips.push({ name: `${op}l $5, mem`, asm: `${op}l $5, 4(%rsi,%rdx,4)`, regs: { rsi: D, rdx: 3n }, rflags: randFlags() });
}

// SHLD / SHRD: 16/32/64-bit, immediate and CL counts, register and memory destinations.
for (const op of ['shld', 'shrd']) {
  for (const w of W.slice(1)) {
    const counts = [0, 1, 2, 7, w.bits / 2, w.bits - 1, w.bits, w.bits + 1, 17, 31, 32, 33, 63, 64];
    for (const n of counts) {
      snips.push({ name: `${op}${w.s} $${n}`, asm: `${op}${w.s} $${n}, %${w.r2}, %${w.r}`, regs: { rax: rand(), rbx: rand() }, rflags: randFlags() });
      for (let i = 0; i < 3; i++) {
        const a = i === 0 ? edge[(n * 3) % edge.length] : rand();
        const b = i === 0 ? edge[(n * 7 + 1) % edge.length] : rand();
        snips.push({ name: `${op}${w.s} %cl(${n}) #${i}`, asm: `${op}${w.s} %cl, %${w.r2}, %${w.r}`, regs: { rax: a, rbx: b, rcx: BigInt(n) }, rflags: randFlags() });
      }
      snips.push({ name: `${op}${w.s} %cl(${n}) mem`, asm: `${op}${w.s} %cl, %${w.r2}, 40(%rsi)`, regs: { rsi: D, rbx: rand(), rcx: BigInt(n) }, rflags: randFlags() });
    }
  }
}

// Chains: flags from one shift feed RCL/RCR and conditional moves.
snips.push({ name: 'multi-word shift', asm: 'shl %rax\nrcl %rbx\nrcl %rcx\nsetc %dl\nshr %rcx\nrcr %rbx\nrcr %rax\nsetc %dh', regs: { rax: 0x8000000000000001n, rbx: -1n, rcx: 0x4000000000000000n } });
snips.push({ name: 'shift then jcc', asm: 'mov $40, %ecx\n1: shl %rax\njnc 2f\ninc %rdx\n2: dec %ecx\njnz 1b', regs: { rax: 0x123456789abcdefn, rdx: 0n } });
snips.push({ name: 'shift by 0 keeps flags', asm: 'cmp %rbx, %rax\nmov $0, %cl\nshl %cl, %rdx\nsar %cl, %edx\nrol $0, %r8d\nshld %cl, %r9, %r10', regs: { rax: 1n, rbx: 2n, rdx: -1n, r8: -1n, r10: -1n } });

describe('shifts and rotates match the real CPU', () => {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      const diff = describeDiff(native[k], emu).join('; ');
      expect(diff, `${diff} <- ${s.asm} regs=${JSON.stringify(s.regs, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v))} fl=${s.rflags?.toString(16)}`).toBe('');
    });
  });
});

describe('shifts of a read-only page fault as writes, whatever the count', () => {
  // The real CPU faults even for a count of 0 (checked natively with a SIGSEGV handler).
  const cases = ['shlq $3, (%rsi)', 'shll $0, (%rsi)', 'shll %cl, (%rsi)', 'rcrl %cl, (%rsi)', 'rclb %cl, (%rsi)',
    'shldq %cl, %rbx, (%rsi)', 'shrdw $0, %bx, (%rsi)', 'shrw (%rsi)', 'rolq $13, (%rsi)'];
  for (const asm of cases) {
    for (const cl of [0n, 9n]) {
      it(`${asm} cl=${cl}`, () => {
        const r = runFault(asm, { rsi: BigInt(RO), rcx: cl }, 0x8d7);
        expect(r.vector).toBe(14);
        expect(r.errorCode & 2).toBe(2);
        expect(changes(r)).toEqual([]);
      });
    }
  }
});
