import { describe, expect, it } from 'vitest';
import { type Snippet, DATA, assemble, describeDiff, runEmulated, runNative } from './snippet.js';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit, RCX, RDI, RSI } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';
import { Vector } from '../../src/cpu/exceptions.js';

const D = BigInt(DATA);
const W = [
  ['b', 1],
  ['w', 2],
  ['l', 4],
  ['q', 8],
] as const;

/** The harness's initial data byte at offset i. */
const pat = (i: number) => (i * 37 + 11) & 0xff;

function dataWith(len: number, edit: (d: Uint8Array) => void): Uint8Array {
  const d = new Uint8Array(len);
  for (let i = 0; i < len; i++) d[i] = pat(i);
  edit(d);
  return d;
}

function elem(d: Uint8Array, off: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(d[off + i]);
  return v;
}

const JUNK = 0x5a5a5a5a00000000n;
const snips: Snippet[] = [];

// ---- MOVS and STOS: counts, directions, page crossings, address size ----------------------------
for (const [w, size] of W) {
  for (const df of [0, 1]) {
    const pre = df ? 'std\n' : '';
    const post = df ? '\ncld' : '';
    for (const n of [0, 1, 7, 300, Math.floor(0x1800 / size)]) {
      const src = df ? D + 0x1813n : D + 0x13n;
      const dst = df ? D + 0x3807n : D + 0x2007n;
      snips.push({
        name: `rep movs${w} n=${n} df=${df}`,
        asm: `${pre}rep movs${w}${post}`,
        regs: { rsi: src, rdi: dst, rcx: BigInt(n) },
      });
      snips.push({
        name: `rep stos${w} n=${n} df=${df}`,
        asm: `${pre}rep stos${w}${post}`,
        regs: { rdi: dst, rcx: BigInt(n), rax: 0x1122334455667788n },
      });
    }
    snips.push({
      name: `movs${w} x3 df=${df}`,
      asm: `${pre}movs${w}\nmovs${w}\nmovs${w}${post}`,
      regs: { rsi: D + 0x105n, rdi: D + 0x202n },
    });
    snips.push({
      name: `stos${w} x2 df=${df}`,
      asm: `${pre}stos${w}\nstos${w}${post}`,
      regs: { rdi: D + 0x202n, rax: -0x123456789abcdefn },
    });
    snips.push({
      name: `addr32 rep movs${w} df=${df}`,
      asm: `${pre}addr32 rep movs${w}${post}`,
      regs: { rsi: (0x1234n << 32n) | (D + 0x800n), rdi: (0x777n << 32n) | (D + 0x1805n), rcx: (0xabcn << 32n) | 40n },
    });
    snips.push({
      name: `addr32 rep movs${w} rcx.lo=0 df=${df}`,
      asm: `${pre}addr32 rep movs${w}${post}`,
      regs: { rsi: (0x1234n << 32n) | (D + 0x800n), rdi: (0x777n << 32n) | (D + 0x1805n), rcx: 0xabc00000000n },
    });
    snips.push({
      name: `addr32 stos${w} df=${df}`,
      asm: `${pre}addr32 stos${w}${post}`,
      regs: { rdi: (0x777n << 32n) | (D + 0x1805n), rax: 0x1122334455667788n },
    });
    snips.push({
      name: `addr32 rep stos${w} df=${df}`,
      asm: `${pre}addr32 rep stos${w}${post}`,
      regs: { rdi: (0x777n << 32n) | (D + 0x1805n), rcx: JUNK | 33n, rax: 0x1122334455667788n },
    });
  }
}

// Overlapping MOVS in both directions: forward copies onto themselves replicate a pattern.
for (const [w, size] of W) {
  for (const d of [1, 2, 3, 7, 8, 13, 16, 100]) {
    const n = BigInt(Math.floor(0x1200 / size));
    for (const sign of [1n, -1n]) {
      const off = BigInt(d) * sign;
      snips.push({
        name: `rep movs${w} overlap dst=src${sign > 0 ? '+' : '-'}${d}`,
        asm: `rep movs${w}`,
        regs: { rsi: D + 0x400n, rdi: D + 0x400n + off, rcx: n },
      });
      snips.push({
        name: `std rep movs${w} overlap dst=src${sign > 0 ? '+' : '-'}${d}`,
        asm: `std\nrep movs${w}\ncld`,
        regs: { rsi: D + 0x2400n, rdi: D + 0x2400n + off, rcx: n },
      });
    }
  }
}
snips.push({ name: 'repne movsb (F2 acts as REP)', asm: '.byte 0xf2, 0xa4', regs: { rsi: D + 0x10n, rdi: D + 0x300n, rcx: 9n } });
snips.push({ name: 'rep movsb same src and dst', asm: 'rep movsb', regs: { rsi: D + 0x10n, rdi: D + 0x10n, rcx: 0x2000n } });

// ---- LODS -------------------------------------------------------------------------------------
for (const [w, size] of W) {
  for (const df of [0, 1]) {
    const pre = df ? 'std\n' : '';
    const post = df ? '\ncld' : '';
    snips.push({ name: `lods${w} x2 df=${df}`, asm: `${pre}lods${w}\nlods${w}${post}`, regs: { rsi: D + 0x33n, rax: -1n } });
    for (const n of [0n, 1n, 9n, BigInt(0x2000 / size)]) {
      snips.push({
        name: `rep lods${w} n=${n} df=${df}`,
        asm: `${pre}rep lods${w}${post}`,
        regs: { rsi: df ? D + 0x3000n : D + 0x33n, rcx: n, rax: -1n },
      });
    }
    snips.push({
      name: `addr32 lods${w} df=${df}`,
      asm: `${pre}addr32 lods${w}${post}`,
      regs: { rsi: (0x99n << 32n) | (D + 0x33n), rax: -1n },
    });
  }
}

// ---- SCAS -------------------------------------------------------------------------------------
// A run of 0x41 at 0x200..0x2a0; 0xee appears only at 0x1ff0 inside [0x100, 0x2100).
const scasData = dataWith(0x2200, (d) => {
  for (let i = 0x100; i < 0x2100; i++) if (d[i] === 0xee) d[i] = 0xef;
  d[0x1ff0] = 0xee;
  d.fill(0x41, 0x200, 0x2a0);
});
for (const [w, size] of W) {
  for (const df of [0, 1]) {
    const pre = df ? 'std\n' : '';
    const post = df ? '\ncld' : '';
    const base = df ? 0x1000 : 0x150;
    const hit = df ? base - 37 * size : base + 37 * size;
    const val = elem(scasData, hit, size);
    const runVal = BigInt.asUintN(64, 0x4141414141414141n);
    snips.push({
      name: `scas${w} x2 df=${df}`,
      asm: `${pre}scas${w}\nscas${w}${post}`,
      regs: { rdi: D + BigInt(base), rax: JUNK | val },
      data: scasData,
    });
    for (const n of [0n, 1n, 20n, 100n]) {
      snips.push({
        name: `repne scas${w} n=${n} df=${df}`,
        asm: `${pre}repne scas${w}${post}`,
        regs: { rdi: D + BigInt(base), rcx: n, rax: (size < 8 ? JUNK : 0n) | val },
        data: scasData,
      });
    }
    for (const n of [0n, 3n, 0x200n]) {
      snips.push({
        name: `repe scas${w} run n=${n} df=${df}`,
        asm: `${pre}repe scas${w}${post}`,
        regs: { rdi: D + BigInt(df ? 0x2a0 - size : 0x200), rcx: n, rax: runVal },
        data: scasData,
      });
    }
    snips.push({
      name: `addr32 repne scas${w} df=${df}`,
      asm: `${pre}addr32 repne scas${w}${post}`,
      regs: { rdi: (0x4n << 32n) | (D + BigInt(base)), rcx: JUNK | 100n, rax: val },
      data: scasData,
    });
  }
}
// Byte scans across pages: found after a page boundary, and running out of count.
snips.push({ name: 'repne scasb across pages (found)', asm: 'repne scasb', regs: { rdi: D + 0x100n, rcx: 0x2000n, rax: 0xeen }, data: scasData });
snips.push({ name: 'repne scasb across pages (count runs out)', asm: 'repne scasb', regs: { rdi: D + 0x100n, rcx: 0x1e00n, rax: 0xeen }, data: scasData });
snips.push({ name: 'repe scasb stops at the run end', asm: 'repe scasb', regs: { rdi: D + 0x200n, rcx: 0x3000n, rax: 0x41n }, data: scasData });
snips.push({ name: 'repe scasb first differs', asm: 'repe scasb', regs: { rdi: D + 0x1f0n, rcx: 0x3000n, rax: 0x41n }, data: scasData });

// ---- CMPS -------------------------------------------------------------------------------------
// A at 0x100, B at 0x1900 equal to A except at byte 0x123; C at 0x2900 differs from A except at 0x50.
const cmpsData = dataWith(0x3000, (d) => {
  for (let i = 0; i < 0x1000; i++) {
    d[0x1900 + i] = d[0x100 + i];
    d[0x2900 + i] = d[0x100 + i] ^ 0xff;
  }
  d[0x1900 + 0x123] ^= 0x5a;
  d[0x2900 + 0x50] = d[0x100 + 0x50];
});
for (const [w, size] of W) {
  for (const df of [0, 1]) {
    const pre = df ? 'std\n' : '';
    const post = df ? '\ncld' : '';
    // Pointers: forward from the starts; backward from element-aligned points past the difference.
    const a = df ? 0x100 + 0x200 : 0x100;
    const b = df ? 0x1900 + 0x200 : 0x1900;
    const cc = df ? 0x2900 + 0x80 : 0x2900;
    const ca = df ? 0x100 + 0x80 : 0x100;
    snips.push({ name: `cmps${w} x2 df=${df}`, asm: `${pre}cmps${w}\ncmps${w}${post}`, regs: { rsi: D + BigInt(a), rdi: D + BigInt(b) }, data: cmpsData });
    for (const n of [0n, 1n, 5n, 0x400n]) {
      snips.push({
        name: `repe cmps${w} n=${n} df=${df}`,
        asm: `${pre}repe cmps${w}${post}`,
        regs: { rsi: D + BigInt(a), rdi: D + BigInt(b), rcx: n },
        data: cmpsData,
      });
      snips.push({
        name: `repne cmps${w} n=${n} df=${df}`,
        asm: `${pre}repne cmps${w}${post}`,
        regs: { rsi: D + BigInt(ca), rdi: D + BigInt(cc), rcx: n },
        data: cmpsData,
      });
    }
    snips.push({
      name: `addr32 repe cmps${w} df=${df}`,
      asm: `${pre}addr32 repe cmps${w}${post}`,
      regs: { rsi: (0x3n << 32n) | (D + BigInt(a)), rdi: (0x5n << 32n) | (D + BigInt(b)), rcx: JUNK | 0x400n },
      data: cmpsData,
    });
    void size;
  }
}
snips.push({ name: 'repe cmpsb equal to the end', asm: 'repe cmpsb', regs: { rsi: D + 0x100n, rdi: D + 0x1900n, rcx: 0x100n }, data: cmpsData });
snips.push({ name: 'rep cmps with rcx=0 keeps flags', asm: 'cmp %rax, %rax\nrepe cmpsq', regs: { rsi: D, rdi: D + 8n, rcx: 0n }, data: cmpsData });

describe('string instructions match the real CPU', () => {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      expect(describeDiff(native[k], emu), s.asm).toEqual([]);
    });
  });
});

// ---- emulator-only: faults in the middle of REP, resumption, single-step -------------------------

const CODE = 0x400000;
const SRC = 0x600000;
const DST = 0x700000;

function machine(asm: string): { cpu: CPU; engine: Engine; mem: AddressSpace; end: number } {
  const code = assemble(asm);
  const mem = new AddressSpace();
  mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  const cpu = new CPU(mem);
  cpu.rip = CODE;
  return { cpu, engine: new Engine(cpu), mem, end: CODE + code.length };
}

function srcBytes(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7 + 3) & 0xff);
}

describe('REP string instructions are resumable after a fault', () => {
  it('rep movsb into a destination whose second page is unmapped', () => {
    const { cpu, engine, mem, end } = machine('rep movsb');
    mem.map(SRC, 0x2000, PROT_READ | PROT_WRITE);
    mem.pokeBytes(SRC, srcBytes(0x2000));
    mem.map(DST, 0x1000, PROT_READ | PROT_WRITE);
    cpu.setRegNum(RSI, SRC);
    cpu.setRegNum(RDI, DST + 0x800);
    cpu.setRegNum(RCX, 0x1000);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.PF);
    expect(cpu.exception!.cr2).toBe(DST + 0x1000);
    expect(cpu.exception!.errorCode & 2).toBe(2); // a write
    expect(cpu.rip).toBe(CODE);
    expect(cpu.getRegNum(RCX)).toBe(0x800);
    expect(cpu.getRegNum(RDI)).toBe(DST + 0x1000);
    expect(cpu.getRegNum(RSI)).toBe(SRC + 0x800);
    expect(Array.from(mem.readBytes(DST + 0x800, 0x800))).toEqual(Array.from(srcBytes(0x800)));
    cpu.exception = null;
    mem.map(DST + 0x1000, 0x1000, PROT_READ | PROT_WRITE);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.BP);
    expect(cpu.exception!.rip).toBe(end);
    expect(cpu.getRegNum(RCX)).toBe(0);
    expect(cpu.getRegNum(RDI)).toBe(DST + 0x1800);
    expect(Array.from(mem.readBytes(DST + 0x800, 0x1000))).toEqual(Array.from(srcBytes(0x1000)));
  });

  it('std; rep movsq faults reading an unmapped source page, then resumes', () => {
    const { cpu, engine, mem } = machine('std\nrep movsq\ncld');
    mem.map(SRC + 0x1000, 0x1000, PROT_READ);
    mem.pokeBytes(SRC + 0x1000, srcBytes(0x1000));
    mem.map(DST, 0x2000, PROT_READ | PROT_WRITE);
    cpu.setRegNum(RSI, SRC + 0x1000 + 0x40);
    cpu.setRegNum(RDI, DST + 0x1f00);
    cpu.setRegNum(RCX, 20);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.PF);
    expect(cpu.exception!.cr2).toBe(SRC + 0x1000 - 8);
    expect(cpu.exception!.errorCode & 2).toBe(0);
    expect(cpu.rip).toBe(CODE + 1);
    expect(cpu.getRegNum(RCX)).toBe(11);
    expect(cpu.getRegNum(RSI)).toBe(SRC + 0x1000 - 8);
    expect(cpu.getRegNum(RDI)).toBe(DST + 0x1f00 - 9 * 8);
    cpu.exception = null;
    mem.map(SRC, 0x1000, PROT_READ);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.BP);
    expect(cpu.getRegNum(RCX)).toBe(0);
    expect(cpu.getRegNum(RSI)).toBe(SRC + 0x40 - 20 * 8 + 0x1000);
  });

  it('rep stosq stops at a read-only page with RCX/RDI of the faulting element', () => {
    const { cpu, engine, mem } = machine('rep stosq');
    mem.map(DST, 0x1000, PROT_READ | PROT_WRITE);
    mem.map(DST + 0x1000, 0x1000, PROT_READ);
    cpu.setRegNum(RDI, DST + 0xff0);
    cpu.setRegNum(RCX, 100);
    cpu.setReg(0, 0x0102030405060708n);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.PF);
    expect(cpu.exception!.cr2).toBe(DST + 0x1000);
    expect(cpu.exception!.errorCode & 3).toBe(3); // present, write
    expect(cpu.getRegNum(RCX)).toBe(98);
    expect(cpu.getRegNum(RDI)).toBe(DST + 0x1000);
  });

  it('repne scasb faulting after some iterations keeps the flags of the last compare', () => {
    const { cpu, engine, mem } = machine('repne scasb');
    mem.map(SRC, 0x1000, PROT_READ);
    mem.pokeBytes(SRC, new Uint8Array(0x1000).fill(5));
    cpu.setRegNum(RDI, SRC + 0xffe);
    cpu.setRegNum(RCX, 10);
    cpu.setReg(0, 9n);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.cr2).toBe(SRC + 0x1000);
    expect(cpu.getRegNum(RCX)).toBe(8);
    // 9 - 5: ZF = 0, CF = 0.
    expect(cpu.rflags & 0x41).toBe(0);
  });

  it('a REP with RCX = 0 touches nothing, even unmapped memory', () => {
    const { cpu, engine } = machine('rep movsb\nrep stosq\nrepe cmpsb');
    cpu.setRegNum(RSI, 0x12345000);
    cpu.setRegNum(RDI, 0x23456000);
    cpu.setRegNum(RCX, 0);
    expect(engine.run(100)).toBe(Exit.Exception);
    expect(cpu.exception!.vector).toBe(Vector.BP);
    expect(cpu.getRegNum(RSI)).toBe(0x12345000);
  });

  it('single-stepping a REP traps after every iteration with RIP at the instruction', () => {
    const { cpu, engine, mem, end } = machine('rep movsb');
    mem.map(SRC, 0x1000, PROT_READ | PROT_WRITE);
    mem.map(DST, 0x1000, PROT_READ | PROT_WRITE);
    cpu.setRegNum(RSI, SRC);
    cpu.setRegNum(RDI, DST);
    cpu.setRegNum(RCX, 3);
    cpu.rflags = cpu.rflags | 0x100;
    const seen: [number, number][] = [];
    for (let i = 0; i < 3; i++) {
      expect(engine.run(100)).toBe(Exit.Exception);
      expect(cpu.exception!.vector).toBe(Vector.DB);
      seen.push([cpu.exception!.rip - CODE, cpu.getRegNum(RCX)]);
      cpu.exception = null;
    }
    expect(seen).toEqual([[0, 2], [0, 1], [end - CODE - 1, 0]]);
  });

  it('an FS override applies to the source of LODS/MOVS but not to the destination', () => {
    const { cpu, engine, mem } = machine('fs lodsb\nfs movsb');
    mem.map(SRC, 0x1000, PROT_READ | PROT_WRITE);
    mem.pokeBytes(SRC + 0x10, Uint8Array.of(0xaa, 0xbb));
    mem.map(DST, 0x1000, PROT_READ | PROT_WRITE);
    cpu.fsBase = SRC;
    cpu.setRegNum(RSI, 0x10);
    cpu.setRegNum(RDI, DST);
    engine.run(100);
    expect(cpu.exception!.vector).toBe(Vector.BP);
    expect(Number(cpu.getReg(0) & 0xffn)).toBe(0xaa);
    expect(mem.readBytes(DST, 1)[0]).toBe(0xbb);
  });

  it('a large rep movsb/stosb completes quickly through the page fast path', () => {
    const { cpu, engine, mem } = machine('rep stosb\nmov %rdx, %rcx\nmov %r8, %rsi\nmov %r9, %rdi\nrep movsb');
    const N = 8 << 20;
    mem.map(SRC, N, PROT_READ | PROT_WRITE);
    mem.map(DST + 0x10000000, N, PROT_READ | PROT_WRITE);
    cpu.setRegNum(RDI, SRC);
    cpu.setRegNum(RCX, N);
    cpu.setReg(0, 0x5cn);
    cpu.setRegNum(2, N - 1);
    cpu.setRegNum(8, SRC);
    cpu.setRegNum(9, DST + 0x10000001);
    const t = performance.now();
    engine.run(100);
    expect(cpu.exception!.vector).toBe(Vector.BP);
    expect(performance.now() - t).toBeLessThan(2000);
    expect(mem.readBytes(DST + 0x10000000 + N - 2, 2)).toEqual(Uint8Array.of(0x5c, 0x5c));
  });
});
