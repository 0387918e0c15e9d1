import { describe, expect, it } from 'vitest';
import { type Snippet, describeDiff, runEmulated, runNative, DATA } from './snippet.js';
import { RO, RW, changes, runFault } from './emu-fault.js';

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
const rand = rng(0xa4093822299f31d0n);
const FLAG_BITS = [0x1n, 0x4n, 0x10n, 0x40n, 0x80n, 0x800n];
function randFlags(): bigint {
  const r = rand();
  let f = 0x202n;
  FLAG_BITS.forEach((b, i) => { if ((r >> BigInt(i)) & 1n) f |= b; });
  return f;
}
function le(v: bigint, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Number((BigInt.asUintN(128, v) >> BigInt(8 * i)) & 0xffn));
}

const D = BigInt(DATA);
const W = [
  { s: 'b', bits: 8, a: 'al', b: 'bl', c: 'cl' },
  { s: 'w', bits: 16, a: 'ax', b: 'bx', c: 'cx' },
  { s: 'l', bits: 32, a: 'eax', b: 'ebx', c: 'ecx' },
  { s: 'q', bits: 64, a: 'rax', b: 'rbx', c: 'rcx' },
];
const snips: Snippet[] = [];

// ---- CMPXCHG ----
for (const w of W) {
  const m = (1n << BigInt(w.bits)) - 1n;
  for (let k = 0; k < 24; k++) {
    const dst = rand(), src = rand();
    // Equal low bits (success) or not (failure); the bits above the operand differ either way.
    const acc = k % 2 === 0 ? (rand() & ~m) | (dst & m) : rand();
    const lock = k % 4 >= 2 ? 'lock ' : '';
    snips.push({ name: `cmpxchg${w.s} reg #${k}`, asm: `cmpxchg${w.s} %${w.c}, %${w.b}`, regs: { rax: acc, rbx: dst, rcx: src }, rflags: randFlags() });
    const data = new Uint8Array([...new Uint8Array(16), ...le(dst, 8)]);
    snips.push({ name: `${lock}cmpxchg${w.s} mem #${k}`, asm: `${lock}cmpxchg${w.s} %${w.c}, 16(%rsi)`, regs: { rsi: D, rax: acc, rcx: src }, data, rflags: randFlags() });
  }
  // Destination is the accumulator itself.
  snips.push({ name: `cmpxchg${w.s} acc,acc`, asm: `cmpxchg${w.s} %${w.c}, %${w.a}`, regs: { rax: rand(), rcx: rand() }, rflags: randFlags() });
  snips.push({ name: `cmpxchg${w.s} src=acc`, asm: `cmpxchg${w.s} %${w.a}, %${w.b}`, regs: { rax: 5n, rbx: 5n | (rand() << 32n & 0xffffffffffffffffn) }, rflags: randFlags() });
}
snips.push({ name: 'cmpxchg %ah,%bh', asm: 'cmpxchg %ah, %bh', regs: { rax: 0x3333n, rbx: 0x3300n }, rflags: randFlags() });
snips.push({ name: 'cmpxchg %ch,%bh fail', asm: 'cmpxchg %ch, %bh', regs: { rax: 0x3334n, rbx: 0x3300n, rcx: 0x7700n }, rflags: randFlags() });
snips.push({ name: 'spin lock', asm: '1: xor %eax, %eax\nmov $1, %ecx\nlock cmpxchg %ecx, (%rsi)\njnz 1b\nmovl $0, (%rsi)\nlock cmpxchgl %ecx, (%rsi)\nsetz %dl', regs: { rsi: D }, data: new Uint8Array(8) });

// ---- CMPXCHG8B / CMPXCHG16B ----
for (let k = 0; k < 10; k++) {
  const mv = rand(), mh = rand();
  const eq = k % 2 === 0;
  const lock = k % 4 >= 2 ? 'lock ' : '';
  const rax = eq ? (rand() << 32n & 0xffffffffffffffffn) | (mv & 0xffffffffn) : rand();
  const rdx = eq ? (rand() << 32n & 0xffffffffffffffffn) | (mv >> 32n) : rand();
  snips.push({ name: `${lock}cmpxchg8b #${k}`, asm: `${lock}cmpxchg8b 8(%rsi)`, regs: { rsi: D, rax, rdx, rbx: rand(), rcx: rand() }, data: new Uint8Array([...new Uint8Array(8), ...le(mv, 8)]), rflags: randFlags() });
  const rax16 = eq ? mv : k === 1 ? mv : rand();
  const rdx16 = eq ? mh : k === 3 ? mh : rand();
  snips.push({ name: `${lock}cmpxchg16b #${k}`, asm: `${lock}cmpxchg16b 16(%rsi)`, regs: { rsi: D, rax: rax16, rdx: rdx16, rbx: rand(), rcx: rand() }, data: new Uint8Array([...new Uint8Array(16), ...le(mv, 8), ...le(mh, 8)]), rflags: randFlags() });
}

// ---- XADD ----
for (const w of W) {
  for (let k = 0; k < 16; k++) {
    const a = k === 0 ? -1n : rand(), b = k === 0 ? 1n : rand();
    snips.push({ name: `xadd${w.s} reg #${k}`, asm: `xadd${w.s} %${w.c}, %${w.b}`, regs: { rbx: a, rcx: b }, rflags: randFlags() });
    const lock = k % 2 ? 'lock ' : '';
    snips.push({ name: `${lock}xadd${w.s} mem #${k}`, asm: `${lock}xadd${w.s} %${w.c}, 24(%rsi)`, regs: { rsi: D, rcx: b }, data: new Uint8Array([...new Uint8Array(24), ...le(a, 8)]), rflags: randFlags() });
  }
  snips.push({ name: `xadd${w.s} same reg`, asm: `xadd${w.s} %${w.c}, %${w.c}`, regs: { rcx: rand() }, rflags: randFlags() });
}
snips.push({ name: 'xadd %ah,%al', asm: 'xadd %ah, %al', regs: { rax: 0x1ff2n }, rflags: randFlags() });

// ---- LOCK on other read-modify-write instructions ----
for (const asm of ['lock addl %ebx, (%rsi)', 'lock subq $5, 8(%rsi)', 'lock incw 2(%rsi)', 'lock notb 3(%rsi)', 'lock negl (%rsi)',
  'lock orq %rbx, (%rsi)', 'lock andb $0x5a, 1(%rsi)', 'lock xorl %ebx, 4(%rsi)', 'lock adcl %ebx, (%rsi)', 'lock sbbq %rbx, (%rsi)',
  'lock decq (%rsi)', 'lock btsq $40, (%rsi)', 'lock btrl %ebx, (%rsi)', 'lock btcw $3, (%rsi)', 'lock xchg %rbx, (%rsi)']) {
  // A register bit offset addresses a bit string: keep it within the data region.
  snips.push({ name: asm, asm, regs: { rsi: D, rbx: asm.includes('bt') ? rand() & 0xffn : rand() }, rflags: randFlags() });
}

describe('atomic instructions match the real CPU', () => {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      const diff = describeDiff(native[k], emu).join('; ');
      const regs = JSON.stringify(s.regs, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v));
      expect(diff, `${diff} <- ${s.asm} regs=${regs} fl=${s.rflags?.toString(16)}`).toBe('');
    });
  });
});

describe('atomic instructions fault precisely', () => {
  const ro = BigInt(RO);
  for (const [s, src] of [['b', 'cl'], ['w', 'cx'], ['l', 'ecx'], ['q', 'rcx']]) {
    it(`cmpxchg${s} to a read-only page faults on mismatch too, changing nothing`, () => {
      // The memory holds the fill pattern; the accumulator does not match it.
      const r = runFault(`cmpxchg${s} %${src}, (%rsi)`, { rsi: ro, rax: 0x5a5a5a5a5a5a5a5an }, 0xad7);
      expect(r.vector).toBe(14);
      expect(r.errorCode & 2).toBe(2);
      expect(changes(r)).toEqual([]);
    });
  }
  it('cmpxchg that crosses into a read-only page writes neither page', () => {
    const r = runFault('cmpxchgq %rcx, (%rsi)', { rsi: ro - 4n, rax: 0n });
    expect(r.vector).toBe(14);
    expect(changes(r)).toEqual([]);
    const fill = (i: number) => (i * 29 + 7) & 0xff;
    expect(Array.from(r.rw.slice(4092))).toEqual([4092, 4093, 4094, 4095].map(fill));
  });
  it('cmpxchg8b / cmpxchg16b to a read-only page fault, changing nothing', () => {
    for (const asm of ['cmpxchg8b (%rsi)', 'cmpxchg16b (%rsi)']) {
      const r = runFault(asm, { rsi: ro, rax: 1n, rdx: 2n }, 0x2c3);
      expect(r.vector).toBe(14);
      expect(changes(r)).toEqual([]);
    }
  });
  it('cmpxchg16b with a misaligned operand raises #GP(0)', () => {
    const r = runFault('cmpxchg16b 8(%rsi)', { rsi: BigInt(RW) }, 0x2c3);
    expect(r.vector).toBe(13);
    expect(r.errorCode).toBe(0);
    expect(changes(r)).toEqual([]);
  });
  it('xadd to a read-only page leaves the source register', () => {
    const r = runFault('lock xaddq %rcx, (%rsi)', { rsi: ro, rcx: 99n });
    expect(r.vector).toBe(14);
    expect(changes(r)).toEqual([]);
  });
});

describe('LOCK prefix validity', () => {
  const bad: [string, number[]][] = [
    ['lock add %eax,%eax (register destination)', [0xf0, 0x01, 0xc0]],
    ['lock cmpxchg %ecx,%eax (register destination)', [0xf0, 0x0f, 0xb1, 0xc8]],
    ['lock xadd %eax,%eax', [0xf0, 0x0f, 0xc1, 0xc0]],
    ['lock bt (not a write)', [0xf0, 0x0f, 0xa3, 0x00]],
    ['lock nop', [0xf0, 0x90]],
    ['lock mov', [0xf0, 0x89, 0x06]],
    ['lock shl (not lockable)', [0xf0, 0xd1, 0x26]],
  ];
  for (const [name, bytes] of bad) {
    it(`${name} raises #UD`, () => {
      const r = runFault(new Uint8Array([...bytes, 0xcc]), { rsi: BigInt(RW), rax: 1n });
      expect(r.vector).toBe(6);
      expect(r.ripOffset).toBe(0);
      expect(changes(r)).toEqual([]);
    });
  }
  it('lock add to memory runs', () => {
    const r = runFault(new Uint8Array([0xf0, 0x01, 0x06, 0x0f, 0x0b]), { rsi: BigInt(RW), rax: 1n });
    expect(r.vector).toBe(6);
    expect(r.ripOffset).toBe(3);
  });
});
