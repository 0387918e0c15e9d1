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
const rand = rng(0x13198a2e03707344n);
const FLAG_BITS = [0x1n, 0x4n, 0x10n, 0x40n, 0x80n, 0x800n];
function randFlags(): bigint {
  const r = rand();
  let f = 0x202n;
  FLAG_BITS.forEach((b, i) => { if ((r >> BigInt(i)) & 1n) f |= b; });
  return f;
}
/** A random value with a random number of low/high bits cleared (exercises scans and counts). */
function sparse(): bigint {
  const v = rand();
  const lo = Number(rand() % 64n), hi = Number(rand() % 64n);
  const kind = Number(rand() % 4n);
  if (kind === 0) return (v >> BigInt(hi)) << BigInt(lo) & 0xffffffffffffffffn;
  if (kind === 1) return 1n << BigInt(lo);
  return v;
}

const D = BigInt(DATA);
const MID = D + 8192n;
const W = [
  { s: 'w', bits: 16, a: 'ax', b: 'bx', c: 'cx' },
  { s: 'l', bits: 32, a: 'eax', b: 'ebx', c: 'ecx' },
  { s: 'q', bits: 64, a: 'rax', b: 'rbx', c: 'rcx' },
];
const snips: Snippet[] = [];

// ---- BT / BTS / BTR / BTC ----
for (const op of ['bt', 'bts', 'btr', 'btc']) {
  for (const w of W) {
    // Register destination, register offset (only the low bits count).
    for (let k = 0; k < 8; k++) {
      snips.push({ name: `${op}${w.s} ${w.b},${w.a} #${k}`, asm: `${op}${w.s} %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: rand() }, rflags: randFlags() });
    }
    // Register destination, immediate offset (masked).
    for (const n of [0, 1, w.bits - 1, w.bits, w.bits + 3, 255]) {
      snips.push({ name: `${op}${w.s} $${n},${w.a}`, asm: `${op}${w.s} $${n}, %${w.a}`, regs: { rax: rand() }, rflags: randFlags() });
    }
    // Memory destination, immediate offset.
    for (const n of [0, 7, w.bits - 1, w.bits + 1]) {
      snips.push({ name: `${op}${w.s} $${n},mem`, asm: `${op}${w.s} $${n}, 16(%rsi)`, regs: { rsi: MID }, rflags: randFlags() });
    }
    // Memory destination, register offset: a signed bit string offset.
    const offs = [0n, 1n, 15n, 16n, 31n, 32n, 63n, 64n, 65n, -1n, -16n, -17n, -32n, -33n, -64n, -65n, 1000n, -1000n, 65535n >> 1n, -(65535n >> 1n)];
    for (const o of offs) {
      const ov = w.bits === 16 && (o > 32767n || o < -32768n) ? 0n : o;
      snips.push({ name: `${op}${w.s} ${w.b}(${ov}),mem`, asm: `${op}${w.s} %${w.b}, 8(%rsi)`, regs: { rsi: MID, rbx: BigInt.asUintN(w.bits, ov) | (w.bits < 64 ? rand() << BigInt(w.bits) & 0xffffffffffffffffn : 0n) }, rflags: randFlags() });
    }
  }
  snips.push({ name: `lock ${op}l mem`, asm: op === 'bt' ? 'btl %ebx, (%rsi)' : `lock ${op}l %ebx, (%rsi)`, regs: { rsi: MID, rbx: 77n }, rflags: randFlags() });
  snips.push({ name: `${op}q large offset`, asm: `${op}q %rbx, (%rsi)`, regs: { rsi: MID - 0x100000000n, rbx: 0x100000000n * 8n + 5n }, rflags: randFlags() });
}

// ---- BSF / BSR / TZCNT / LZCNT / POPCNT ----
for (const op of ['bsf', 'bsr', 'tzcnt', 'lzcnt', 'popcnt']) {
  for (const w of W) {
    const vals = [0n, 1n, 2n, 3n, 0x80n, 0x8000n, 0x80000000n, 0x8000000000000000n, 0x100000000n, 0xffffffffffffffffn, 0x10000n];
    for (let k = 0; k < 12; k++) vals.push(sparse());
    vals.forEach((v, k) => {
      snips.push({ name: `${op}${w.s} #${k}`, asm: `${op}${w.s} %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: v }, rflags: randFlags() });
    });
    snips.push({ name: `${op}${w.s} mem`, asm: `${op}${w.s} 4(%rsi), %${w.a}`, regs: { rsi: D, rax: rand() }, rflags: randFlags() });
    snips.push({ name: `${op}${w.s} mem zero`, asm: `${op}${w.s} 4(%rsi), %${w.a}`, regs: { rsi: D, rax: rand() }, data: new Uint8Array(16), rflags: randFlags() });
    snips.push({ name: `${op}${w.s} same reg`, asm: `${op}${w.s} %${w.a}, %${w.a}`, regs: { rax: sparse() }, rflags: randFlags() });
  }
}

// ---- BMI1 / BMI2 ----
const L = [
  { s: 'l', bits: 32, a: 'eax', b: 'ebx', c: 'ecx' },
  { s: 'q', bits: 64, a: 'rax', b: 'rbx', c: 'rcx' },
];
for (const w of L) {
  const ctl = (): bigint => {
    const k = Number(rand() % 4n);
    if (k === 0) return rand() & 0xffffn;
    return (rand() % 70n) | ((rand() % 70n) << 8n) | (rand() & 0xffffffffffff0000n);
  };
  for (let k = 0; k < 16; k++) {
    const a = sparse(), b = sparse();
    snips.push({ name: `andn${w.s} #${k}`, asm: `andn %${w.b}, %${w.c}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: b }, rflags: randFlags() });
    snips.push({ name: `bextr${w.s} #${k}`, asm: `bextr %${w.c}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: ctl() }, rflags: randFlags() });
    for (const op of ['blsi', 'blsmsk', 'blsr']) {
      snips.push({ name: `${op}${w.s} #${k}`, asm: `${op} %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: k === 0 ? 0n : k === 1 ? 1n << 63n : a }, rflags: randFlags() });
    }
    snips.push({ name: `bzhi${w.s} #${k}`, asm: `bzhi %${w.c}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: k < 4 ? BigInt([0, 31, 32, 64][k]) : rand() % 80n | (rand() << 8n & 0xffffffffffffffffn) }, rflags: randFlags() });
    snips.push({ name: `pdep${w.s} #${k}`, asm: `pdep %${w.c}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: b }, rflags: randFlags() });
    snips.push({ name: `pext${w.s} #${k}`, asm: `pext %${w.c}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: b }, rflags: randFlags() });
    const n = Number(rand() % BigInt(w.bits));
    snips.push({ name: `rorx${w.s} $${n}`, asm: `rorx $${n}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a }, rflags: randFlags() });
    for (const op of ['sarx', 'shlx', 'shrx']) {
      snips.push({ name: `${op}${w.s} #${k}`, asm: `${op} %${w.c}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: a, rcx: k === 0 ? 0n : rand() }, rflags: randFlags() });
    }
  }
  // Memory sources.
  snips.push({ name: `andn${w.s} mem`, asm: `andn 8(%rsi), %${w.c}, %${w.a}`, regs: { rsi: D, rcx: rand() }, rflags: randFlags() });
  snips.push({ name: `bextr${w.s} mem`, asm: `bextr %${w.c}, 8(%rsi), %${w.a}`, regs: { rsi: D, rcx: 0x0c05n }, rflags: randFlags() });
  snips.push({ name: `blsr${w.s} mem`, asm: `blsr 8(%rsi), %${w.a}`, regs: { rsi: D }, rflags: randFlags() });
  snips.push({ name: `bzhi${w.s} mem`, asm: `bzhi %${w.c}, 8(%rsi), %${w.a}`, regs: { rsi: D, rcx: 13n }, rflags: randFlags() });
  snips.push({ name: `pdep${w.s} mem`, asm: `pdep 8(%rsi), %${w.b}, %${w.a}`, regs: { rsi: D, rbx: rand() }, rflags: randFlags() });
  snips.push({ name: `pext${w.s} mem`, asm: `pext 8(%rsi), %${w.b}, %${w.a}`, regs: { rsi: D, rbx: rand() }, rflags: randFlags() });
  snips.push({ name: `rorx${w.s} mem`, asm: `rorx $7, 8(%rsi), %${w.a}`, regs: { rsi: D }, rflags: randFlags() });
  snips.push({ name: `shlx${w.s} mem`, asm: `shlx %${w.c}, 8(%rsi), %${w.a}`, regs: { rsi: D, rcx: 37n }, rflags: randFlags() });
  // Full masks for PDEP/PEXT.
  snips.push({ name: `pdep${w.s} all ones`, asm: `pdep %${w.c}, %${w.b}, %${w.a}`, regs: { rbx: rand(), rcx: -1n } });
  snips.push({ name: `pext${w.s} all ones`, asm: `pext %${w.c}, %${w.b}, %${w.a}`, regs: { rbx: rand(), rcx: -1n } });
  snips.push({ name: `pext${w.s} high mask`, asm: `pext %${w.c}, %${w.b}, %${w.a}`, regs: { rbx: rand(), rcx: 0xff00ff0000000000n } });
}

// ---- flag instructions ----
for (let k = 0; k < 12; k++) {
  const f = randFlags();
  snips.push({ name: `clc #${k}`, asm: 'clc', rflags: f });
  snips.push({ name: `stc #${k}`, asm: 'stc', rflags: f });
  snips.push({ name: `cmc #${k}`, asm: 'cmc', rflags: f });
  snips.push({ name: `lahf #${k}`, asm: 'lahf', regs: { rax: rand() }, rflags: f });
  snips.push({ name: `sahf #${k}`, asm: 'sahf', regs: { rax: rand() }, rflags: f });
  snips.push({ name: `cmp;lahf #${k}`, asm: 'cmp %rbx, %rax\nlahf\ncmc\nsetc %cl', regs: { rax: rand(), rbx: rand() }, rflags: f });
}
snips.push({ name: 'std/cld', asm: 'std\npushfq\npop %r8\ncld\npushfq\npop %r9', rflags: 0x202n });
snips.push({ name: 'sahf then jcc', asm: 'mov $0x41, %ah\nsahf\njbe 1f\nmov $1, %ecx\n1: seto %dl', regs: { rcx: 0n, rdx: 0n }, rflags: 0xa02n });

describe('bit instructions match the real CPU', () => {
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

describe('bit instructions fault precisely', () => {
  for (const op of ['bts', 'btr', 'btc']) {
    it(`${op} on a read-only page faults as a write and changes nothing`, () => {
      const r = runFault(`${op}q %rbx, (%rsi)`, { rsi: BigInt(RO), rbx: 3n }, 0xad7);
      expect(r.vector).toBe(14);
      expect(r.errorCode & 2).toBe(2);
      expect(changes(r)).toEqual([]);
    });
  }
  it('bt reads a read-only page', () => {
    const r = runFault('btq %rbx, (%rsi)\nud2', { rsi: BigInt(RO), rbx: 3n });
    expect(r.vector).toBe(6);
    expect(r.ripOffset).toBe(4);
  });
  it('a negative bit offset reaches the page below', () => {
    // RO - 8 bytes is writable; offset -1 from RO selects the qword at RO-8, bit 63.
    const r = runFault('btsq %rbx, (%rsi)\nud2', { rsi: BigInt(RO), rbx: -1n });
    expect(r.vector).toBe(6);
    expect(r.rw[4095] & 0x80).toBe(0x80);
  });
});
