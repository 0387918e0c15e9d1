import { describe, expect, it } from 'vitest';
import { type Snippet, assemble, describeDiff, runEmulated, runNative, DATA } from './snippet.js';
import { CODE, changes, runFault } from './emu-fault.js';
import { AddressSpace, PROT_EXEC, PROT_READ } from '../../src/cpu/memory.js';
import { CPU } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';

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
const rand = rng(0x243f6a8885a308d3n);
const FLAG_BITS = [0x1n, 0x4n, 0x10n, 0x40n, 0x80n, 0x800n];
function randFlags(): bigint {
  const r = rand();
  let f = 0x202n;
  FLAG_BITS.forEach((b, i) => { if ((r >> BigInt(i)) & 1n) f |= b; });
  return f;
}
/** randBits returns a random value of `w` bits, biased towards small and extreme magnitudes. */
function randBits(w: number): bigint {
  const r = rand();
  const kind = Number(r & 7n);
  const m = (1n << BigInt(w)) - 1n;
  const v = rand();
  if (kind === 0) return v & 0xffn;
  if (kind === 1) return (-(v & 0xffn)) & m;
  if (kind === 2) return v & (m >> 1n);
  return v & m;
}

const D = BigInt(DATA);
const W = [
  { s: 'b', bits: 8, a: 'al', b: 'bl', d: '' },
  { s: 'w', bits: 16, a: 'ax', b: 'bx', d: 'dx' },
  { s: 'l', bits: 32, a: 'eax', b: 'ebx', d: 'edx' },
  { s: 'q', bits: 64, a: 'rax', b: 'rbx', d: 'rdx' },
];
function edges(w: number): bigint[] {
  const m = (1n << BigInt(w)) - 1n;
  const half = 1n << BigInt(w - 1);
  return [0n, 1n, 2n, m, m - 1n, half, half - 1n, half + 1n, 3n, (m / 3n) | 1n];
}
function le(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((BigInt.asUintN(64, v) >> BigInt(8 * i)) & 0xffn);
  return out;
}
/** junk fills the bits of a register above `w` with random data (they must be preserved or cleared). */
function junk(v: bigint, w: number): bigint {
  if (w >= 32) return v;
  return (rand() & ~((1n << BigInt(w)) - 1n)) | v;
}
function sx(v: bigint, w: number): bigint {
  return BigInt.asIntN(w, v);
}

const snips: Snippet[] = [];

// ---- MUL / IMUL (one operand) ----
for (const op of ['mul', 'imul']) {
  for (const w of W) {
    const e = edges(w.bits);
    const pairs: [bigint, bigint][] = [];
    for (let i = 0; i < e.length; i++) for (let j = i; j < e.length; j += 3) pairs.push([e[i], e[j]]);
    for (let i = 0; i < 14; i++) pairs.push([randBits(w.bits), randBits(w.bits)]);
    pairs.forEach(([a, b], k) => {
      snips.push({ name: `${op}${w.s} ${w.b} #${k}`, asm: `${op}${w.s} %${w.b}`, regs: { rax: junk(a, w.bits), rbx: junk(b, w.bits), rdx: rand() }, rflags: randFlags() });
    });
    const [a, b] = [randBits(w.bits), randBits(w.bits)];
    snips.push({ name: `${op}${w.s} mem`, asm: `${op}${w.s} 64(%rsi)`, regs: { rsi: D, rax: junk(a, w.bits), rdx: rand() }, data: new Uint8Array([...new Uint8Array(64), ...le(b, 8)]), rflags: randFlags() });
  }
  snips.push({ name: `${op}b %ah`, asm: `${op}b %ah`, regs: { rax: 0xf3c7n }, rflags: randFlags() });
}

// ---- IMUL two and three operands ----
for (const w of W.slice(1)) {
  const e = edges(w.bits);
  const pairs: [bigint, bigint][] = [];
  for (let i = 0; i < e.length; i++) for (let j = i; j < e.length; j += 2) pairs.push([e[i], e[j]]);
  for (let i = 0; i < 20; i++) pairs.push([randBits(w.bits), randBits(w.bits)]);
  // Values that fit in 32 bits but whose product does not (64-bit fast path boundaries).
  if (w.bits === 64) pairs.push([0x7fffffffn, 0x7fffffffn], [sx(0x80000000n, 32) & 0xffffffffffffffffn, 0xffffffff80000000n], [0x100000000n, 0x80000000n], [0xffffffffn, 0xffffffffn], [0x3037000n, 0x3037000n]);
  pairs.forEach(([a, b], k) => {
    snips.push({ name: `imul${w.s} ${w.b},${w.a} #${k}`, asm: `imul${w.s} %${w.b}, %${w.a}`, regs: { rax: junk(a, w.bits), rbx: junk(b, w.bits) }, rflags: randFlags() });
  });
  for (let k = 0; k < 6; k++) {
    const [a, b] = [randBits(w.bits), randBits(w.bits)];
    snips.push({ name: `imul${w.s} mem,${w.a} #${k}`, asm: `imul${w.s} 64(%rsi), %${w.a}`, regs: { rsi: D, rax: junk(a, w.bits) }, data: new Uint8Array([...new Uint8Array(64), ...le(b, 8)]), rflags: randFlags() });
  }
  const imms = [0n, 1n, -1n, 3n, 127n, -128n, 1000n, -100000n, 0x7fffn, 0x7fffffffn, -0x80000000n];
  for (const imm of imms) {
    if (w.bits === 16 && (imm > 0x7fffn || imm < -0x8000n)) continue;
    for (let k = 0; k < 3; k++) {
      const a = k === 0 ? e[Number(imm & 7n)] : randBits(w.bits);
      snips.push({ name: `imul${w.s} $${imm},${w.b},${w.a} #${k}`, asm: `imul${w.s} $${imm}, %${w.b}, %${w.a}`, regs: { rax: rand(), rbx: junk(a, w.bits) }, rflags: randFlags() });
    }
    snips.push({ name: `imul${w.s} $${imm},mem,${w.a}`, asm: `imul${w.s} $${imm}, 8(%rsi), %${w.a}`, regs: { rsi: D, rax: rand() }, rflags: randFlags() });
  }
  // Same register as both sources.
  snips.push({ name: `imul${w.s} ${w.a},${w.a}`, asm: `imul${w.s} %${w.a}, %${w.a}`, regs: { rax: rand() }, rflags: randFlags() });
}

// ---- DIV / IDIV (non-faulting cases only: faults are checked in the emulator below) ----
function divFaults(signed: boolean, w: number, n: bigint, d: bigint): boolean {
  if (d === 0n) return true;
  if (!signed) return n / d >= 1n << BigInt(w);
  const q = n / d;
  return q >= 1n << BigInt(w - 1) || q < -(1n << BigInt(w - 1));
}
for (const op of ['div', 'idiv']) {
  const signed = op === 'idiv';
  for (const w of W) {
    const bw = BigInt(w.bits);
    let made = 0;
    for (let tries = 0; made < 36 && tries < 2000; tries++) {
      let d = tries < 10 ? edges(w.bits)[tries] : randBits(w.bits);
      const ds = signed ? sx(d, w.bits) : d;
      if (ds === 0n) continue;
      // Build a dividend whose quotient fits: q * d + r.
      const qmax = 1n << (signed ? bw - 1n : bw);
      let q = (rand() >> 3n) % qmax;
      if (tries % 3 === 0) q = q & 0xffn;
      if (signed && rand() & 1n) q = -q;
      const absd = ds < 0n ? -ds : ds;
      let r = rand() % absd;
      const n0 = q * ds;
      if (signed && (n0 < 0n || (n0 === 0n && rand() & 1n))) r = -r;
      const n = n0 + r;
      if (divFaults(signed, w.bits, n, ds)) continue;
      const nu = BigInt.asUintN(2 * w.bits, n);
      const lo = nu & ((1n << bw) - 1n), hi = nu >> bw;
      const regs: Record<string, bigint> = w.bits === 8 ? { rax: junk(nu, 16), rbx: junk(d, 8) } : { rax: junk(lo, w.bits), rdx: junk(hi, w.bits), rbx: junk(d, w.bits) };
      snips.push({ name: `${op}${w.s} #${made}`, asm: `${op}${w.s} %${w.b}`, regs, rflags: randFlags() });
      if (made % 6 === 0) {
        snips.push({ name: `${op}${w.s} mem #${made}`, asm: `${op}${w.s} 64(%rsi)`, regs: { ...regs, rsi: D }, data: new Uint8Array([...new Uint8Array(64), ...le(d, 8)]), rflags: randFlags() });
      }
      made++;
    }
  }
}
// Exact boundaries that still fit.
snips.push({ name: 'div max quotient', asm: 'divq %rbx', regs: { rax: 0xfffffffffffffffen, rdx: 0xfffffffffffffffen, rbx: 0xffffffffffffffffn } });
snips.push({ name: 'idiv INT64_MIN / 1', asm: 'idivq %rbx', regs: { rax: 0x8000000000000000n, rdx: -1n, rbx: 1n } });
snips.push({ name: 'idiv -2^63 / -2^63', asm: 'idivq %rbx', regs: { rax: 0x8000000000000000n, rdx: -1n, rbx: 0x8000000000000000n } });
snips.push({ name: 'idivl INT32_MIN / 1', asm: 'idivl %ebx', regs: { rax: 0x80000000n, rdx: 0xffffffffn, rbx: 1n } });
snips.push({ name: 'idivb -128 / 1', asm: 'idivb %bl', regs: { rax: 0xff80n, rbx: 1n } });
snips.push({ name: 'idivb 127*-1', asm: 'idivb %bl', regs: { rax: 0x007fn, rbx: 0xffn } });
snips.push({ name: 'divb 0xfeff/0xff', asm: 'divb %bl', regs: { rax: 0xfeffn, rbx: 0xffn } });
snips.push({ name: 'divb %ch', asm: 'divb %ch', regs: { rax: 0x0733n, rcx: 0x0900n } });
snips.push({ name: 'cqo/idiv chain', asm: 'mov $-1000000007, %rax\ncqo\nmov $97, %rcx\nidiv %rcx\nmov %rdx, %r8\nxor %edx, %edx\nmov $12345678901, %rax\ndiv %rcx' });
snips.push({ name: 'mul then jo', asm: 'mov $0x10000, %eax\nmul %eax\njno 1f\nmov $1, %ecx\n1:', regs: { rcx: 0n } });

// ---- MULX (BMI2) ----
for (const [s, hi, lo, src, dreg] of [['l', 'r8d', 'r9d', 'ebx', 'edx'], ['q', 'r8', 'r9', 'rbx', 'rdx']] as const) {
  const bits = s === 'l' ? 32 : 64;
  for (let k = 0; k < 12; k++) {
    const a = k < 4 ? edges(bits)[k * 2] : randBits(bits), b = randBits(bits);
    snips.push({ name: `mulx${s} #${k}`, asm: `mulx %${src}, %${lo}, %${hi}`, regs: { rdx: junk(a, bits), rbx: b, r8: rand(), r9: rand() }, rflags: randFlags() });
  }
  snips.push({ name: `mulx${s} mem`, asm: `mulx 8(%rsi), %${lo}, %${hi}`, regs: { rsi: D, rdx: rand() }, rflags: randFlags() });
  snips.push({ name: `mulx${s} same dst`, asm: `mulx %${src}, %${hi}, %${hi}`, regs: { rdx: rand(), rbx: rand() } });
  snips.push({ name: `mulx${s} src is ${dreg}`, asm: `mulx %${dreg}, %${lo}, %${hi}`, regs: { rdx: rand() } });
}

describe('MUL/IMUL/DIV/IDIV/MULX match the real CPU', () => {
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

describe('#DE is raised before anything changes', () => {
  const cases: [string, string, Record<string, bigint>][] = [
    ['divb by zero', 'divb %bl', { rax: 0x1234n, rbx: 0x100n }],
    ['divw by zero', 'divw %bx', { rax: 5n, rdx: 0n, rbx: 0x10000n }],
    ['divl by zero', 'divl %ebx', { rax: 5n, rdx: 0n, rbx: 0x100000000n }],
    ['divq by zero', 'divq %rbx', { rax: 5n, rdx: 0n, rbx: 0n }],
    ['idivl by zero', 'idivl %ebx', { rax: 5n, rdx: 0n, rbx: 0n }],
    ['idivq by zero', 'idivq %rbx', { rax: 5n, rdx: -1n, rbx: 0n }],
    ['divb AX/0xff overflow', 'divb %bl', { rax: 0xffffn, rbx: 0xffn }],
    ['divb 0x100/1 overflow', 'divb %bl', { rax: 0x100n, rbx: 1n }],
    ['idivb -32768/-1', 'idivb %bl', { rax: 0x8000n, rbx: 0xffn }],
    ['idivb 128/1', 'idivb %bl', { rax: 0x0080n, rbx: 1n }],
    ['idivb -129/1', 'idivb %bl', { rax: 0xff7fn, rbx: 1n }],
    ['divw overflow', 'divw %bx', { rax: 0n, rdx: 0x10n, rbx: 0x10n }],
    ['idivw INT32_MIN/-1', 'idivw %bx', { rax: 0n, rdx: 0x8000n, rbx: 0xffffn }],
    ['idivw -32768*... ', 'idivw %bx', { rax: 0x8000n, rdx: 0n, rbx: 1n }],
    ['divl overflow', 'divl %ebx', { rax: 0n, rdx: 7n, rbx: 7n }],
    ['idivl INT32_MIN/-1', 'idivl %ebx', { rax: 0x80000000n, rdx: 0xffffffffn, rbx: 0xffffffffn }],
    ['idivl INT64_MIN/-1 (edx:eax)', 'idivl %ebx', { rax: 0n, rdx: 0x80000000n, rbx: 0xffffffffn }],
    ['idivl 2^31/1', 'idivl %ebx', { rax: 0x80000000n, rdx: 0n, rbx: 1n }],
    ['divq overflow', 'divq %rbx', { rax: 0n, rdx: 1n, rbx: 1n }],
    ['divq overflow rdx=rbx', 'divq %rbx', { rax: 0n, rdx: 0xffffffffffffffffn, rbx: 0xffffffffffffffffn }],
    ['idivq INT64_MIN/-1', 'idivq %rbx', { rax: 0x8000000000000000n, rdx: -1n, rbx: -1n }],
    ['idivq 2^63/1', 'idivq %rbx', { rax: 0x8000000000000000n, rdx: 0n, rbx: 1n }],
    ['idivq INT128_MIN/2', 'idivq %rbx', { rax: 0n, rdx: 0x8000000000000000n, rbx: 2n }],
  ];
  for (const [name, asm, regs] of cases) {
    for (const fl of [0x202, 0xad7]) {
      it(`${name} fl=${fl.toString(16)}`, () => {
        const r = runFault(asm, regs, fl);
        expect(r.vector).toBe(0);
        expect(r.ripOffset).toBe(0);
        expect(changes(r)).toEqual([]);
      });
    }
  }
  it('a memory source that faults raises #PF, not #DE', () => {
    const r = runFault('divl (%rsi)', { rsi: 0x50000000n, rbx: 0n });
    expect(r.vector).toBe(14);
    expect(changes(r)).toEqual([]);
  });
});

/** quick runs a register-only snippet in a reused emulator (many cases, no native run). */
const engines = new Map<string, { cpu: CPU; engine: Engine; end: number }>();
function quick(asm: string, regs: Record<string, bigint>): { gpr: bigint[]; rflags: bigint } {
  let e = engines.get(asm);
  if (!e) {
    const code = assemble(asm);
    const mem = new AddressSpace();
    mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
    mem.pokeBytes(CODE, code);
    const cpu = new CPU(mem);
    e = { cpu, engine: new Engine(cpu), end: CODE + code.length };
    engines.set(asm, e);
  }
  const { cpu, engine } = e;
  const names = ['rax', 'rcx', 'rdx', 'rbx'];
  names.forEach((n, i) => cpu.setReg(i, regs[n] ?? 0n));
  cpu.rflags = 0x202;
  cpu.rip = CODE;
  engine.run(1000);
  if (cpu.exception?.vector !== 3 || cpu.rip !== e.end) throw new Error(`${asm}: ${JSON.stringify(cpu.exception)}`);
  return { gpr: [0, 1, 2, 3].map((i) => cpu.getReg(i)), rflags: BigInt(cpu.rflags) };
}

describe('64-bit multiply and divide agree with a BigInt model', () => {
  const M64 = (1n << 64n) - 1n;
  const cases: [bigint, bigint][] = [];
  for (let k = 0; k < 600; k++) {
    const b = k % 3 === 0 ? randBits(64) : (rand() >> BigInt(Number(rand() % 60n))) | 1n;
    const bs = BigInt.asIntN(64, b);
    // Aim the product at the edge of the int64 range, then nudge it.
    const target = k % 2 ? 1n << 63n : -(1n << 63n);
    const a = bs === 0n ? rand() : target / bs + BigInt(Number(rand() % 5n) - 2);
    cases.push([BigInt.asUintN(64, a), b]);
    cases.push([randBits(64), randBits(64)]);
  }
  it('imul r64, r64 (low half, CF/OF)', () => {
    for (const [a, b] of cases) {
      const e = quick('imul %rbx, %rax', { rax: a, rbx: b });
      const p = BigInt.asIntN(64, a) * BigInt.asIntN(64, b);
      const ovf = p !== BigInt.asIntN(64, p);
      expect(e.gpr[0], `${a.toString(16)} * ${b.toString(16)}`).toBe(BigInt.asUintN(64, p));
      expect((e.rflags & 0x801n) === 0x801n, `ovf ${a.toString(16)} * ${b.toString(16)}`).toBe(ovf);
      expect(e.rflags & 0x801n).toBe(ovf ? 0x801n : 0n);
    }
  });
  it('mul / imul r64 (128-bit product)', () => {
    for (const [a, b] of cases) {
      const u = quick('mulq %rbx', { rax: a, rbx: b });
      const pu = a * b;
      expect([u.gpr[0], u.gpr[2]]).toEqual([pu & M64, pu >> 64n]);
      const s = quick('imulq %rbx', { rax: a, rbx: b });
      const ps = BigInt.asUintN(128, BigInt.asIntN(64, a) * BigInt.asIntN(64, b));
      expect([s.gpr[0], s.gpr[2]]).toEqual([ps & M64, ps >> 64n]);
    }
  });
  it('div / idiv r64 (128-bit dividend)', () => {
    for (const [a, b] of cases) {
      const d = b === 0n ? 7n : b;
      const hi = rand() % d;
      const u = quick('divq %rbx', { rax: a, rdx: hi, rbx: d });
      const n = (hi << 64n) | a;
      expect([u.gpr[0], u.gpr[2]]).toEqual([n / d, n % d]);
      // Signed: a sign-extended dividend (CQO) never overflows except INT64_MIN / -1.
      const ds = BigInt.asIntN(64, d), ns = BigInt.asIntN(64, a);
      if (ns === -(1n << 63n) && ds === -1n) continue;
      const s = quick('cqo\nidivq %rbx', { rax: a, rbx: d });
      expect([s.gpr[0], s.gpr[2]]).toEqual([BigInt.asUintN(64, ns / ds), BigInt.asUintN(64, ns % ds)]);
    }
  });
});

describe('32-bit divide agrees with a BigInt model', () => {
  it('div / idiv r32 with a full 64-bit dividend', () => {
    for (let k = 0; k < 3000; k++) {
      const d = randBits(32) || 3n;
      const hi = rand() % d, lo = rand() & 0xffffffffn;
      const u = quick('divl %ebx', { rax: lo, rdx: hi, rbx: d });
      const n = (hi << 32n) | lo;
      expect([u.gpr[0], u.gpr[2]], `${n.toString(16)} / ${d.toString(16)}`).toEqual([n / d, n % d]);
      // Signed: a dividend q*d + r whose quotient fits in 32 bits.
      const ds = BigInt.asIntN(32, d);
      const q = BigInt.asIntN(32, rand() & 0xffffffffn);
      const r = (rand() % (ds < 0n ? -ds : ds)) * ((q * ds) < 0n ? -1n : 1n);
      const ns = q * ds + r;
      if (ns / ds !== q || ns % ds !== r) continue;
      const nu = BigInt.asUintN(64, ns);
      const s = quick('idivl %ebx', { rax: nu & 0xffffffffn, rdx: nu >> 32n, rbx: d });
      expect([s.gpr[0], s.gpr[2]], `${ns} / ${ds}`).toEqual([BigInt.asUintN(32, q), BigInt.asUintN(32, r)]);
    }
  });
});
