/**
 * Emulator-only checks of SSE faults, which the native oracle cannot run: #GP(0) for misaligned
 * 16-byte operands of the aligned forms (and none for the unaligned ones), #GP(0) for LDMXCSR with
 * reserved bits, #XM for unmasked SIMD floating-point exceptions with the destination unchanged and
 * the flags recorded, and #PF on the second page of a split store with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/cpu/engine.js';
import { Vector } from '../../src/cpu/exceptions.js';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit } from '../../src/cpu/state.js';
import { assemble } from './snippet.js';

const CODE = 0x30000000;
const RW = 0x40000000;
const RO = RW + 4096;

interface Run {
  vector: number | null;
  ripOffset: number;
  cpu: CPU;
  mem: AddressSpace;
  xmmBefore: Int32Array;
}

function run(asm: string, setup: (c: CPU) => void = () => {}): Run {
  const code = assemble(asm);
  const mem = new AddressSpace();
  mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  mem.map(RW, 4096, PROT_READ | PROT_WRITE);
  mem.map(RO, 4096, PROT_READ);
  const fill = new Uint8Array(4096);
  for (let i = 0; i < 4096; i++) fill[i] = (i * 29 + 7) & 0xff;
  mem.pokeBytes(RW, fill);
  const cpu = new CPU(mem);
  cpu.setReg(6, BigInt(RW));
  for (let i = 0; i < 64; i++) cpu.xmm[i] = (i * 0x01010101 + 0x10203) | 0;
  setup(cpu);
  const xmmBefore = cpu.xmm.slice();
  cpu.rip = CODE;
  const exit = new Engine(cpu).run(1);
  const ex = exit === Exit.Exception ? cpu.exception : null;
  return { vector: ex ? ex.vector : null, ripOffset: ex ? ex.rip - CODE : -1, cpu, mem, xmmBefore };
}

const f32 = (v: number) => {
  const b = new Float32Array([v]);
  return new Int32Array(b.buffer)[0];
};

describe('16-byte alignment of legacy SSE memory operands', () => {
  for (const insn of ['movdqa 8(%rsi), %xmm1', 'movdqa %xmm1, 4(%rsi)', 'movaps 1(%rsi), %xmm2', 'movapd %xmm3, 24(%rsi)',
    'movntdq %xmm1, 8(%rsi)', 'addps 8(%rsi), %xmm1', 'paddb 4(%rsi), %xmm1', 'pshufd $1, 2(%rsi), %xmm0',
    'cvtdq2ps 8(%rsi), %xmm1', 'pcmpeqb 1(%rsi), %xmm1', 'pshufb 8(%rsi), %xmm1', 'ptest 8(%rsi), %xmm1']) {
    it(`${insn} raises #GP(0) and changes nothing`, () => {
      const r = run(insn);
      expect(r.vector, 'vector').toBe(Vector.GP);
      expect(r.cpu.exception!.errorCode).toBe(0);
      expect(r.ripOffset).toBe(0);
      expect(Array.from(r.cpu.xmm)).toEqual(Array.from(r.xmmBefore));
      expect(r.mem.readBytes(RW, 64)).toEqual(new Uint8Array(Array.from({ length: 64 }, (_, i) => (i * 29 + 7) & 0xff)));
    });
  }
  for (const insn of ['movdqu 8(%rsi), %xmm1', 'movups %xmm1, 3(%rsi)', 'lddqu 5(%rsi), %xmm1', 'movsd 4(%rsi), %xmm1',
    'addss 1(%rsi), %xmm1', 'movlps 4(%rsi), %xmm1', 'pcmpistri $0, 3(%rsi), %xmm1', 'pmovzxbw 3(%rsi), %xmm1']) {
    it(`${insn} does not need alignment`, () => {
      expect(run(insn).vector).toBe(Vector.BP);
    });
  }
});

describe('MXCSR', () => {
  it('LDMXCSR with a reserved bit set raises #GP(0)', () => {
    const r = run('ldmxcsr (%rsi)', (c) => c.mem.w32(RW, 0x11f80));
    expect(r.vector).toBe(Vector.GP);
    expect(r.cpu.mxcsr).toBe(0x1f80);
  });
  it('LDMXCSR/STMXCSR round-trip every defined bit', () => {
    const r = run('ldmxcsr (%rsi)\nstmxcsr 4(%rsi)', (c) => c.mem.w32(RW, 0xffff));
    expect(r.vector).toBe(Vector.BP);
    expect(r.mem.r32(RW + 4)).toBe(0xffff);
  });
});

describe('unmasked SIMD floating-point exceptions raise #XM before writing the destination', () => {
  const cases: Array<[string, number, number, (c: CPU) => void]> = [
    ['divss %xmm1, %xmm0', 0x1f80 & ~0x200, 0x4, (c) => { c.xmm[0] = f32(1); c.xmm[4] = 0; }],
    ['divss %xmm1, %xmm0', 0x1f80 & ~0x1000, 0x20, (c) => { c.xmm[0] = f32(1); c.xmm[4] = f32(3); }],
    ['addps %xmm1, %xmm0', 0x1f80 & ~0x80, 0x1, (c) => { c.xmm.fill(f32(1.5), 0, 8); c.xmm[2] = 0x7f800001; }],
    ['mulss %xmm1, %xmm0', 0x1f80 & ~0x800, 0x12, (c) => { c.xmm[0] = f32(2 ** -140); c.xmm[4] = f32(2 ** -140); }],
    ['mulsd %xmm1, %xmm0', 0x1f80 & ~0x400, 0x28, (c) => { c.xf64[0] = 1e300; c.xf64[2] = 1e300; }],
    ['mulss %xmm1, %xmm0', 0x1f80 & ~0x800, 0x30, (c) => { c.xmm[0] = f32(1e-30); c.xmm[4] = f32(1e-10); }],
    ['sqrtpd %xmm1, %xmm0', 0x1f80 & ~0x100, 0x2, (c) => { c.xmm[4] = 1; c.xmm[5] = 0; c.xmm[6] = 0; c.xmm[7] = 0x3ff00000; }],
    ['cvtsd2ss %xmm1, %xmm0', 0x1f80 & ~0x1000, 0x20, (c) => { c.xf64[2] = 0.1; }],
  ];
  for (const [insn, mx, flags, setup] of cases) {
    it(`${insn} with MXCSR=${mx.toString(16)}`, () => {
      const r = run(insn, (c) => {
        c.mxcsr = mx;
        setup(c);
      });
      expect(r.vector, 'vector').toBe(Vector.XM);
      expect(r.ripOffset).toBe(0);
      expect(Array.from(r.cpu.xmm), 'registers unchanged').toEqual(Array.from(r.xmmBefore));
      expect(r.cpu.mxcsr & 0x3f, 'flags').toBe(flags);
    });
  }
  it('cvttss2si of a NaN with IE unmasked leaves the GPR alone', () => {
    const r = run('cvttss2si %xmm0, %eax', (c) => {
      c.mxcsr = 0x1f00;
      c.xmm[0] = 0x7fc00000;
      c.setReg(0, 0x1234567890n);
    });
    expect(r.vector).toBe(Vector.XM);
    expect(r.cpu.getReg(0)).toBe(0x1234567890n);
    expect(r.cpu.mxcsr & 0x3f).toBe(1);
  });
  it('COMISS with IE unmasked leaves RFLAGS alone', () => {
    const r = run('comiss %xmm1, %xmm0', (c) => {
      c.mxcsr = 0x1f00;
      c.xmm[0] = 0x7fc00000;
      c.rflags = 0x202 | 0x80;
    });
    expect(r.vector).toBe(Vector.XM);
    expect(r.cpu.rflags & 0xfff).toBe(0x282);
  });
  it('masked exceptions only set flags', () => {
    const r = run('divss %xmm1, %xmm0', (c) => {
      c.xmm[0] = f32(1);
      c.xmm[4] = f32(3);
    });
    expect(r.vector).toBe(Vector.BP);
    expect(r.cpu.mxcsr).toBe(0x1fa0);
  });
});

describe('a 16-byte store that crosses into a read-only page', () => {
  it('raises #PF and writes nothing', () => {
    const r = run('movdqu %xmm1, 4088(%rsi)');
    expect(r.vector).toBe(Vector.PF);
    expect(r.cpu.exception!.cr2).toBeGreaterThanOrEqual(RO);
    expect(r.mem.readBytes(RW + 4088, 8)).toEqual(new Uint8Array(Array.from({ length: 8 }, (_, i) => ((4088 + i) * 29 + 7) & 0xff)));
  });
  it('MASKMOVDQU checks every selected byte first', () => {
    const r = run('maskmovdqu %xmm2, %xmm1', (c) => {
      c.setReg(7, BigInt(RO - 8));
      for (let i = 8; i < 12; i++) c.xmm[i] = -1;
    });
    expect(r.vector).toBe(Vector.PF);
    expect(r.mem.readBytes(RO - 8, 8)).toEqual(new Uint8Array(Array.from({ length: 8 }, (_, i) => ((4088 + i) * 29 + 7) & 0xff)));
  });
});
