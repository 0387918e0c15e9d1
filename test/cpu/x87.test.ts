/**
 * x87 instructions against the real CPU (snippet oracle), plus emulator-only checks of #MF.
 *
 * Each oracle case is a "block" run inside a batch snippet: FNINIT, a setup that only loads
 * (FLDT/FILD/constants: nothing that raises), FLDCW of the control word under test, the instruction
 * under test, then FNSTSW and FNSAVE of the whole x87 state (which reinitializes it, so an unmasked
 * exception is never delivered), and the arithmetic flags. FIP and FCS in the image are zeroed
 * (code addresses differ between the native and the emulated run; FCS is deprecated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Snippet, type SnippetState, DATA, assemble, runEmulated, runNative } from './snippet.js';
import { type F80, f80FromBytes, f80FromF64, f80IsNaN, f80ToBytes, f80ToF64 } from '../../src/cpu/fp80.js';
import { features } from '../../src/cpu/cpuid.js';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';
import { Vector } from '../../src/cpu/exceptions.js';
import { getST, isEmpty } from '../../src/cpu/x87.js';

/* ------------------------------------------------------------------- inputs */

function x(h: string): F80 {
  h = h.replace(/[\s_]/g, '');
  const se = parseInt(h.slice(0, 4), 16);
  return { sign: se >> 15, exp: se & 0x7fff, mant: BigInt('0x' + h.slice(4)) };
}

/** Extended-precision inputs, at DATA + 16 * index. */
const EXT: [string, F80][] = [
  ['+0', x('0000 0000000000000000')],
  ['-0', x('8000 0000000000000000')],
  ['1', x('3fff 8000000000000000')],
  ['-1', x('bfff 8000000000000000')],
  ['1.5', x('3fff c000000000000000')],
  ['3', x('4000 c000000000000000')],
  ['-2.5', x('c000 a000000000000000')],
  ['0.1', x('3ffb cccccccccccccccd')],
  ['pi', x('4000 c90fdaa22168c235')],
  ['1e10', f80FromF64(1e10)],
  ['max', x('7ffe ffffffffffffffff')],
  ['-max', x('fffe ffffffffffffffff')],
  ['minnorm', x('0001 8000000000000000')],
  ['dnorm1', x('0000 0000000000000001')],
  ['dnormbig', x('0000 7fffffffffffffff')],
  ['+inf', x('7fff 8000000000000000')],
  ['-inf', x('ffff 8000000000000000')],
  ['qnan', x('7fff c000000000001234')],
  ['snan', x('7fff 8000000000005678')],
  ['-qnan', x('ffff c000000000000001')],
  ['indef', x('ffff c000000000000000')],
  ['unnormal', x('4000 4000000000000000')],
  ['pseudodn', x('0000 8000000000000000')],
  ['2^70+', x('4045 8000000000000801')],
  ['nearmax', x('7ffd c000000000000000')],
  ['tiny', x('0020 8000000000000000')],
  ['1/3', x('3ffd aaaaaaaaaaaaaaab')],
  ['-1/3', x('bffd aaaaaaaaaaaaaaab')],
  ['2^63-1', x('403d ffffffffffffffff')],
  ['1e-10', f80FromF64(1e-10)],
  ['0.5', x('3ffe 8000000000000000')],
  ['2.5', x('4000 a000000000000000')],
  ['-0.5', x('bffe 8000000000000000')],
  ['-1.5', x('bfff c000000000000000')],
  ['pseudoinf', x('7fff 0000000000000000')],
  ['65536.75', f80FromF64(65536.75)],
  ['1e4000', x('73e6 d1ba8323fe558c61')],
  ['1e-4000', x('0c19 9c3d73864f3805c0')],
  ['2^-16400', x('0000 0000200000000000')],
  ['-7e18', f80FromF64(-7e18)],
  ['1e300', f80FromF64(1e300)],
  ['1e-300', f80FromF64(1e-300)],
  ['2^-140', x('3f73 8000000000000000')],
  ['2^62', x('403d 8000000000000000')],
  ['2^64', x('403f 8000000000000000')],
  ['1e-30', f80FromF64(1e-30)],
  ['100', f80FromF64(100)],
  ['-1e10', f80FromF64(-1e10)],
  ['2^-16382+', x('0001 8000000000000001')],
  ['0.75', x('3ffe c000000000000000')],
  ['-2^62', x('c03d 8000000000000000')],
];
const E = new Map(EXT.map(([n], i) => [n, i]));
function ext(n: string): string {
  const i = E.get(n);
  if (i === undefined) throw new Error(`no input ${n}`);
  return `${16 * i}(%rsi)`;
}

const F64_BASE = 0x390;
const F64: [string, bigint][] = [
  ['d1.25', 0x3ff4000000000000n],
  ['d-0.1', 0xbfb999999999999an],
  ['d0', 0n],
  ['d-0', 0x8000000000000000n],
  ['dinf', 0x7ff0000000000000n],
  ['dqnan', 0x7ff8000000000abcn],
  ['dsnan', 0x7ff0000000000abcn],
  ['ddenorm', 0x000000000000abcdn],
  ['dmax', 0x7fefffffffffffffn],
  ['d1e-310', 0x0000b8157268fdafn],
];
const F32_BASE = 0x3e0;
const F32: [string, number][] = [
  ['s1.25', 0x3fa00000],
  ['s-0.1', 0xbdcccccd],
  ['s0', 0],
  ['sinf', 0x7f800000],
  ['sqnan', 0x7fc00abc],
  ['ssnan', 0x7f800abc],
  ['sdenorm', 0x00000abc],
  ['s-max', 0xff7fffff],
];
const I16_BASE = 0x400;
const I16 = [0, 1, -1, 32767, -32768, 1000, -7, 12345];
const I32_BASE = 0x410;
const I32 = [0, 1, -1, 0x7fffffff, -0x80000000, 100000, -123456, 7];
const I64_BASE = 0x340;
const I64: bigint[] = [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n, 123456789012345678n];
const BCD_BASE = 0x370;
/** Size of the input area; the blocks' outputs follow it. */
const INPUT_SIZE = 0x500;

function f64(n: string): string {
  const i = F64.findIndex(([k]) => k === n);
  if (i < 0) throw new Error(n);
  return `${F64_BASE + 8 * i}(%rsi)`;
}
function f32(n: string): string {
  const i = F32.findIndex(([k]) => k === n);
  if (i < 0) throw new Error(n);
  return `${F32_BASE + 4 * i}(%rsi)`;
}

function inputData(): Uint8Array {
  const d = new Uint8Array(INPUT_SIZE);
  if (EXT.length * 16 > I64_BASE) throw new Error('input layout overlaps');
  EXT.forEach(([, v], i) => f80ToBytes(v, d, 16 * i));
  const dv = new DataView(d.buffer);
  I64.forEach((v, i) => dv.setBigInt64(I64_BASE + 8 * i, v, true));
  const bcd = [
    [0x89, 0x67, 0x45, 0x23, 0x01, 0x89, 0x67, 0x45, 0x23, 0x00],
    [0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0x80],
    [0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x00],
  ];
  bcd.forEach((b, i) => d.set(b, BCD_BASE + 10 * i));
  F64.forEach(([, v], i) => dv.setBigUint64(F64_BASE + 8 * i, v, true));
  F32.forEach(([, v], i) => dv.setUint32(F32_BASE + 4 * i, v >>> 0, true));
  I16.forEach((v, i) => dv.setInt16(I16_BASE + 2 * i, v, true));
  I32.forEach((v, i) => dv.setInt32(I32_BASE + 4 * i, v, true));
  return d;
}
const INPUT = inputData();

/* ------------------------------------------------------------------- blocks */

interface Block {
  name: string;
  /** Loads only (nothing that can raise an exception). */
  setup: string;
  /** The control word for the instruction under test. */
  cw: number;
  /** The instruction(s) under test; `o` is the block's output offset (scratch at o + 120). */
  op: string | ((o: number) => string);
  /** Transcendental results: compare values to about 50 bits and ignore C1. */
  approx?: boolean;
}

const PROLOGUE = 'fninit\n' + 'fldz\n'.repeat(8) + 'fninit';
const BLOCK = 160;
const OUT = INPUT_SIZE;
const PER_SNIPPET = 85;
const CW_SLOT = 116; // o + 116: this block's control word

function blockAsm(b: Block, o: number): string {
  const op = typeof b.op === 'string' ? b.op : b.op(o);
  return [
    // Zero the registers first: a transcendental result left in an empty register would show in
    // the FNSAVE images of later blocks.
    PROLOGUE,
    b.setup,
    `movw $${b.cw}, ${o + CW_SLOT}(%rsi)`,
    `fldcw ${o + CW_SLOT}(%rsi)`,
    op,
    `fnstsw ${o}(%rsi)`,
    `fnsave ${o + 2}(%rsi)`,
    'pushfq',
    'pop %rcx',
    'and $0x8d5, %ecx',
    `mov %ecx, ${o + 112}(%rsi)`,
    `movl $0, ${o + 2 + 12}(%rsi)`,
    `movw $0, ${o + 2 + 16}(%rsi)`,
  ].filter((l) => l !== '').join('\n');
}


function makeSnippets(name: string, blocks: Block[]): { snip: Snippet; blocks: Block[] }[] {
  const out: { snip: Snippet; blocks: Block[] }[] = [];
  for (let s = 0; s < blocks.length; s += PER_SNIPPET) {
    const group = blocks.slice(s, s + PER_SNIPPET);
    const asm = group.map((b, j) => blockAsm(b, OUT + BLOCK * j)).join('\n');
    out.push({ snip: { name: `${name} #${s / PER_SNIPPET}`, asm, regs: { rsi: BigInt(DATA) }, data: INPUT }, blocks: group });
  }
  return out;
}

const hexOf = (s: SnippetState, o: number, n: number) => s.data.slice(2 * o, 2 * (o + n));

function f80At(s: SnippetState, o: number): F80 {
  const b = Buffer.from(hexOf(s, o, 10), 'hex');
  return f80FromBytes(new Uint8Array(b));
}

/** close says whether two transcendental results agree to about 50 bits (NaN/inf/zero exactly). */
function close(a: F80, b: F80): boolean {
  if (a.sign === b.sign && a.exp === b.exp && a.mant === b.mant) return true;
  if (f80IsNaN(a) || f80IsNaN(b) || a.exp === 0x7fff || b.exp === 0x7fff) return false;
  const da = f80ToF64(a);
  const db = f80ToF64(b);
  if (da === db) return true;
  return Math.abs(da - db) <= Math.abs(da) * 2 ** -48;
}

/** diffBlock describes how a block's output differs (empty when equal). */
function diffBlock(b: Block, o: number, nat: SnippetState, emu: SnippetState): string {
  const n = hexOf(nat, o, BLOCK);
  const e = hexOf(emu, o, BLOCK);
  if (!b.approx) return n === e ? '' : `native ${n}\nemulated ${e}`;
  // Status words without C1; the eight registers within tolerance; everything else exactly.
  const sw = (s: SnippetState, at: number) => parseInt(hexOf(s, at + 1, 1) + hexOf(s, at, 1), 16) & ~0x0200;
  const problems: string[] = [];
  if (sw(nat, o) !== sw(emu, o)) problems.push(`fsw ${sw(nat, o).toString(16)} vs ${sw(emu, o).toString(16)}`);
  if (sw(nat, o + 6) !== sw(emu, o + 6)) problems.push('image fsw');
  for (let i = 0; i < 8; i++) {
    const at = o + 30 + 10 * i;
    const va = f80At(nat, at);
    const vb = f80At(emu, at);
    if (!close(va, vb)) problems.push(`st${i} ${hexOf(nat, at, 10)} vs ${hexOf(emu, at, 10)}`);
  }
  const rest = (s: SnippetState) => hexOf(s, o + 2, 4) + hexOf(s, o + 8, 22) + hexOf(s, o + 110, BLOCK - 110);
  if (rest(nat) !== rest(emu)) problems.push(`other bytes: native ${rest(nat)} emulated ${rest(emu)}`);
  return problems.join('; ');
}

/** oracle registers one test per snippet; it fails with the list of differing blocks. */
function oracle(title: string, blocks: Block[]): void {
  const snips = makeSnippets(title, blocks);
  describe(title, () => {
    let native: SnippetState[] = [];
    beforeAll(() => {
      native = runNative(snips.map((s) => s.snip));
    });
    snips.forEach(({ snip, blocks: group }, k) => {
      it(`${snip.name} (${group.length} cases)`, () => {
        const emu = runEmulated(snip);
        const nat = native[k];
        const bad: string[] = [];
        group.forEach((b, j) => {
          const d = diffBlock(b, OUT + BLOCK * j, nat, emu);
          if (d) bad.push(`${b.name}: ${b.setup.replace(/\n/g, '; ')} | ${typeof b.op === 'string' ? b.op : b.op(0)}\n${d}`);
        });
        expect(bad.slice(0, 8).join('\n\n'), `${bad.length} of ${group.length} cases differ`).toBe('');
        expect(nat.gpr).toEqual(emu.gpr);
      });
    });
  });
}

/* -------------------------------------------------------------- case lists */

const CW_RN = 0x037f;
const RC = [0x037f, 0x077f, 0x0b7f, 0x0f7f];
const PC = [0x007f, 0x027f, 0x037f];
const UNMASK = { ie: 0x037e, de: 0x037d, ze: 0x037b, oe: 0x0377, ue: 0x036f, pe: 0x035f, all: 0x0340 };

const ld2 = (a: string, b: string) => `fldt ${ext(b)}\nfldt ${ext(a)}`;

const CORE = ['+0', '-0', '1', '-2.5', '0.1', '1/3', 'max', 'minnorm', 'dnorm1', 'dnormbig', '+inf', '-inf', 'qnan', 'snan', 'indef', 'unnormal', 'pseudodn', '2^70+'];
const ARITH_OPS = ['fadd', 'fsub', 'fsubr', 'fmul', 'fdiv', 'fdivr'];

/** Register forms with every pair of the core values. */
function arithRegBlocks(): Block[] {
  const out: Block[] = [];
  for (const a of CORE) {
    for (const b of CORE) {
      ARITH_OPS.forEach((op, k) => {
        // Rotate through the four register forms so that each pair sees several of them.
        const form = (k + CORE.indexOf(a) + CORE.indexOf(b)) % 4;
        const text = [`${op} %st(1), %st`, `${op} %st, %st(1)`, `${op}p %st, %st(1)`, `${op} %st(1), %st`][form];
        out.push({ name: `${op} ${a} ${b} form${form}`, setup: ld2(a, b), cw: CW_RN, op: text });
      });
    }
  }
  return out;
}

function arithMemBlocks(): Block[] {
  const out: Block[] = [];
  const st0s = ['1', '-0', '0.1', 'max', 'dnorm1', '+inf', 'qnan', 'snan', '1e-300'];
  for (const a of st0s) {
    for (const op of ARITH_OPS) {
      for (const [d] of F64) out.push({ name: `${op}l ${a} ${d}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `${op}l ${f64(d)}` });
      for (const [s] of F32) out.push({ name: `${op}s ${a} ${s}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `${op}s ${f32(s)}` });
      I16.forEach((v, i) => {
        if (i % 2 === 0) out.push({ name: `fi${op.slice(1)}s ${a} ${v}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `fi${op.slice(1)}s ${I16_BASE + 2 * i}(%rsi)` });
      });
      I32.forEach((v, i) => {
        if (i % 2 === 1) out.push({ name: `fi${op.slice(1)}l ${a} ${v}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `fi${op.slice(1)}l ${I32_BASE + 4 * i}(%rsi)` });
      });
    }
  }
  return out;
}

/** Rounding and precision control on inexact operations. */
function roundingBlocks(): Block[] {
  const out: Block[] = [];
  const pairs: [string, string][] = [['1', '1/3'], ['-1', '1/3'], ['0.1', '1/3'], ['2^70+', '1.5'], ['pi', '1e10'], ['-2.5', '0.1'], ['max', 'max'], ['tiny', '1e-4000'], ['dnormbig', '0.75'], ['2^-16382+', '0.5']];
  for (const cw of [...RC, ...PC, 0x047f, 0x0a7f, 0x0c7f, 0x017f]) {
    for (const [a, b] of pairs) {
      for (const op of ['fadd', 'fsub', 'fmul', 'fdiv']) out.push({ name: `${op} ${a} ${b} cw${cw.toString(16)}`, setup: ld2(a, b), cw, op: `${op} %st(1), %st` });
      out.push({ name: `fsqrt ${a} cw${cw.toString(16)}`, setup: `fldt ${ext(a)}`, cw, op: 'fsqrt' });
      out.push({ name: `frndint ${a}*${b} cw${cw.toString(16)}`, setup: ld2(a, b), cw, op: 'fmul %st(1), %st\nfrndint' });
      out.push({ name: `fstl ${a}/${b} cw${cw.toString(16)}`, setup: ld2(a, b), cw, op: (o) => `fdiv %st(1), %st\nfstl ${o + 120}(%rsi)\nfsts ${o + 128}(%rsi)` });
      out.push({ name: `fistp ${a}*${b} cw${cw.toString(16)}`, setup: ld2(a, b), cw, op: (o) => `fmul %st(1), %st\nfistl ${o + 120}(%rsi)\nfists ${o + 124}(%rsi)\nfistpll ${o + 128}(%rsi)` });
    }
    for (const c of ['fld1', 'fldz', 'fldpi', 'fldl2e', 'fldl2t', 'fldlg2', 'fldln2']) out.push({ name: `${c} cw${cw.toString(16)}`, setup: '', cw, op: c });
  }
  return out;
}

function unaryBlocks(): Block[] {
  const out: Block[] = [];
  const vals = EXT.map(([n]) => n);
  for (const v of vals) {
    for (const op of ['fsqrt', 'fchs', 'fabs', 'frndint', 'fxam', 'ftst']) {
      out.push({ name: `${op} ${v}`, setup: `fldt ${ext(v)}`, cw: CW_RN, op });
    }
    out.push({ name: `fxtract ${v}`, setup: `fldt ${ext(v)}`, cw: CW_RN, op: 'fxtract' });
    out.push({ name: `frndint down ${v}`, setup: `fldt ${ext(v)}`, cw: 0x077f, op: 'frndint' });
    out.push({ name: `fscale ${v} 3`, setup: `fldt ${ext('3')}\nfldt ${ext(v)}`, cw: CW_RN, op: 'fscale' });
    out.push({ name: `fscale 1.5 by ${v}`, setup: `fldt ${ext(v)}\nfldt ${ext('1.5')}`, cw: CW_RN, op: 'fscale' });
  }
  out.push({ name: 'fxam empty', setup: 'fldt ' + ext('-1') + '\nffree %st(0)', cw: CW_RN, op: 'fxam' });
  out.push({ name: 'fxam empty +', setup: 'fld1\nfincstp', cw: CW_RN, op: 'fdecstp\nffree %st(0)\nfxam' });
  return out;
}

function storeBlocks(): Block[] {
  const out: Block[] = [];
  for (const [v] of EXT) {
    for (const cw of [CW_RN, 0x0f7f]) {
      out.push({
        name: `stores ${v} cw${cw.toString(16)}`,
        setup: `fldt ${ext(v)}`,
        cw,
        op: (o) => `fsts ${o + 120}(%rsi)\nfnstsw ${o + 124}(%rsi)\nfnclex\nfstl ${o + 128}(%rsi)\nfnstsw ${o + 136}(%rsi)\nfnclex\nfld %st(0)\nfstpt ${o + 138}(%rsi)`,
      });
      out.push({
        name: `istores ${v} cw${cw.toString(16)}`,
        setup: `fldt ${ext(v)}`,
        cw,
        op: (o) => `fists ${o + 120}(%rsi)\nfnstsw ${o + 122}(%rsi)\nfnclex\nfistl ${o + 124}(%rsi)\nfnstsw ${o + 128}(%rsi)\nfnclex\nfld %st(0)\nfistpll ${o + 130}(%rsi)\nfnstsw ${o + 138}(%rsi)\nfnclex\nfld %st(0)\nfbstp ${o + 140}(%rsi)`,
      });
    }
  }
  for (let i = 0; i < I64.length; i++) {
    out.push({ name: `fildll ${I64[i]}`, setup: '', cw: CW_RN, op: (o) => `fildll ${I64_BASE + 8 * i}(%rsi)\nfld %st(0)\nfbstp ${o + 120}(%rsi)\nfistps ${o + 130}(%rsi)` });
  }
  I16.forEach((v, i) => out.push({ name: `filds ${v}`, setup: '', cw: CW_RN, op: `filds ${I16_BASE + 2 * i}(%rsi)` }));
  I32.forEach((v, i) => out.push({ name: `fildl ${v}`, setup: '', cw: CW_RN, op: `fildl ${I32_BASE + 4 * i}(%rsi)` }));
  for (let i = 0; i < 3; i++) out.push({ name: `fbld ${i}`, setup: '', cw: CW_RN, op: (o) => `fbld ${BCD_BASE + 10 * i}(%rsi)\nfld %st(0)\nfbstp ${o + 120}(%rsi)` });
  F64.forEach(([n]) => out.push({ name: `fldl ${n}`, setup: '', cw: CW_RN, op: `fldl ${f64(n)}` }));
  F32.forEach(([n]) => out.push({ name: `flds ${n}`, setup: '', cw: CW_RN, op: `flds ${f32(n)}` }));
  for (const n of ['qnan', 'snan', 'dnorm1', 'unnormal']) out.push({ name: `fldt ${n}`, setup: '', cw: CW_RN, op: `fldt ${ext(n)}` });
  // FLD ST(i), FST ST(i), FSTP ST(i) (also the undocumented aliases).
  out.push({ name: 'fld st(1)', setup: ld2('snan', '1'), cw: CW_RN, op: 'fld %st(1)\nfld %st(1)' });
  out.push({ name: 'fst st(2)', setup: `fldt ${ext('snan')}\n` + ld2('1', '2.5'), cw: CW_RN, op: 'fst %st(2)\nfstp %st(1)' });
  out.push({ name: 'fstp st(0)', setup: ld2('1', '2.5'), cw: CW_RN, op: 'fstp %st(0)' });
  out.push({ name: 'fstp aliases', setup: ld2('1', '2.5') + `\nfldt ${ext('pi')}`, cw: CW_RN, op: '.byte 0xd9, 0xd9\n.byte 0xdf, 0xd0' });
  out.push({ name: 'fstp alias dfd8', setup: ld2('1', '2.5') + `\nfldt ${ext('pi')}`, cw: CW_RN, op: '.byte 0xdf, 0xd9' });
  out.push({ name: 'fxch aliases', setup: ld2('1', '2.5') + `\nfldt ${ext('pi')}`, cw: CW_RN, op: '.byte 0xdd, 0xca\n.byte 0xdf, 0xc9' });
  out.push({ name: 'fcom aliases', setup: ld2('1', '2.5') + `\nfldt ${ext('pi')}`, cw: CW_RN, op: (o) => `.byte 0xdc, 0xd1\nfnstsw ${o + 120}(%rsi)\n.byte 0xdc, 0xd9\nfnstsw ${o + 122}(%rsi)\n.byte 0xde, 0xd1` });
  out.push({ name: 'ffreep', setup: ld2('1', '2.5'), cw: CW_RN, op: '.byte 0xdf, 0xc1' });
  return out;
}

/** FISTTP under each rounding mode (the mode must not matter). */
function fisttpBlocks(): Block[] {
  const out: Block[] = [];
  for (const v of ['2.5', '-2.5', '0.75', '-0.5', '1e10', '2^63-1', '-7e18', '2^64', 'qnan', '+inf', '2^70+', 'dnorm1', '65536.75']) {
    for (const cw of RC) {
      out.push({
        name: `fisttp ${v} cw${cw.toString(16)}`,
        setup: `fldt ${ext(v)}\nfld %st(0)\nfld %st(0)`,
        cw,
        op: (o) => `fisttps ${o + 120}(%rsi)\nfisttpl ${o + 122}(%rsi)\nfisttpll ${o + 126}(%rsi)`,
      });
    }
  }
  return out;
}

function compareBlocks(): Block[] {
  const out: Block[] = [];
  const vals = ['+0', '-0', '1', '-2.5', 'max', 'dnorm1', 'pseudodn', '+inf', '-inf', 'qnan', 'snan', 'unnormal', 'minnorm'];
  for (const a of vals) {
    for (const b of vals) {
      out.push({ name: `fcom ${a} ${b}`, setup: ld2(a, b), cw: CW_RN, op: (o) => `fcom %st(1)\nfnstsw ${o + 120}(%rsi)\nfucom %st(1)\nfnstsw ${o + 122}(%rsi)\nfcomi %st(1), %st\npushfq\npopq ${o + 124}(%rsi)\nfucomip %st(1), %st` });
    }
  }
  for (const a of ['1', '-0', 'qnan', 'snan', 'dnorm1', '+inf']) {
    F64.forEach(([d]) => out.push({ name: `fcoml ${a} ${d}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `fcoml ${f64(d)}` }));
    F32.forEach(([s]) => out.push({ name: `fcomps ${a} ${s}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `fcomps ${f32(s)}` }));
    I16.forEach((v, i) => out.push({ name: `ficoms ${a} ${v}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `ficoms ${I16_BASE + 2 * i}(%rsi)` }));
    I32.forEach((v, i) => out.push({ name: `ficompl ${a} ${v}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op: `ficompl ${I32_BASE + 4 * i}(%rsi)` }));
  }
  out.push({ name: 'fcompp', setup: ld2('1', '3'), cw: CW_RN, op: 'fcompp' });
  out.push({ name: 'fucompp qnan', setup: ld2('qnan', '3'), cw: CW_RN, op: 'fucompp' });
  out.push({ name: 'fucompp snan', setup: ld2('1', 'snan'), cw: CW_RN, op: 'fucompp' });
  out.push({ name: 'fcomip', setup: ld2('1', '3'), cw: CW_RN, op: 'fcomip %st(1), %st' });
  out.push({ name: 'fucomi', setup: ld2('qnan', '3'), cw: CW_RN, op: 'fucomi %st(1), %st' });
  out.push({ name: 'fcomi qnan', setup: ld2('qnan', '3'), cw: CW_RN, op: 'fcomi %st(1), %st' });
  out.push({ name: 'fcomi unmasked', setup: ld2('qnan', '3'), cw: UNMASK.ie, op: 'fcomi %st(1), %st' });
  out.push({ name: 'fcomip unmasked', setup: ld2('snan', '3'), cw: UNMASK.ie, op: 'fucomip %st(1), %st' });
  out.push({ name: 'fcomp unmasked', setup: ld2('qnan', '3'), cw: UNMASK.ie, op: 'fcomp %st(1)' });
  out.push({ name: 'fcompp unmasked', setup: ld2('qnan', '3'), cw: UNMASK.ie, op: 'fcompp' });
  out.push({ name: 'fcom denormal unmasked', setup: ld2('dnorm1', '3'), cw: UNMASK.de, op: 'fcomp %st(1)' });
  out.push({ name: 'fcom m32 denormal unmasked', setup: `fldt ${ext('1')}`, cw: UNMASK.de, op: `fcomps ${f32('sdenorm')}` });
  out.push({ name: 'ftst empty', setup: '', cw: CW_RN, op: 'ftst' });
  out.push({ name: 'fcom empty', setup: `fldt ${ext('1')}`, cw: CW_RN, op: 'fcomp %st(1)' });
  out.push({ name: 'fcompp empty', setup: `fldt ${ext('1')}`, cw: CW_RN, op: 'fcompp' });
  out.push({ name: 'fcomi empty', setup: `fldt ${ext('1')}`, cw: CW_RN, op: 'fcomip %st(3), %st' });
  out.push({ name: 'fcomi empty unmasked', setup: `fldt ${ext('1')}`, cw: UNMASK.ie, op: 'fcomip %st(3), %st' });
  out.push({ name: 'fcom empty unmasked', setup: `fldt ${ext('1')}`, cw: UNMASK.ie, op: 'fcomp %st(3)' });
  return out;
}

function fcmovBlocks(): Block[] {
  const out: Block[] = [];
  const conds = ['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu', 'fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'];
  const flags = [['3', '1'], ['1', '3'], ['1', '1'], ['qnan', '1']];
  for (const c of conds) {
    for (const [a, b] of flags) {
      // FUCOMI sets ZF/PF/CF from the pair, then the move tests them.
      out.push({ name: `${c} after ${a} vs ${b}`, setup: ld2(a, b) + `\nfldt ${ext('pi')}`, cw: CW_RN, op: `fxch %st(1)\nfucomi %st(2), %st\nfxch %st(1)\n${c} %st(2), %st` });
    }
    out.push({ name: `${c} empty`, setup: `fldt ${ext('pi')}`, cw: CW_RN, op: `${c} %st(3), %st` });
    out.push({ name: `${c} empty unmasked`, setup: `fldt ${ext('pi')}`, cw: UNMASK.ie, op: `${c} %st(3), %st` });
  }
  return out;
}

function stackBlocks(): Block[] {
  const out: Block[] = [];
  const full = Array.from({ length: 8 }, (_, i) => `fldt ${ext(EXT[i + 2][0])}`).join('\n');
  const pushes = ['fld1', 'fldpi', 'fldz', 'fld %st(3)', `fldt ${ext('1')}`, `fldl ${f64('d1.25')}`, `flds ${f32('s1.25')}`, `fildl ${I32_BASE}(%rsi)`, `fbld ${BCD_BASE}(%rsi)`, 'fxtract', 'fptan', 'fsincos', 'fdecstp'];
  for (const p of pushes) {
    const approx = p === 'fptan' || p === 'fsincos';
    out.push({ name: `overflow ${p}`, setup: full, cw: CW_RN, op: p, approx });
    out.push({ name: `overflow unmasked ${p}`, setup: full, cw: UNMASK.ie, op: p, approx });
  }
  const under = ['fadd %st(1), %st', 'fadd %st, %st(1)', 'faddp', 'fsubrp', 'fmul %st(3), %st', 'fchs', 'fabs', 'fsqrt', 'fxch %st(2)', 'fst %st(3)', 'fstp %st(2)', 'fld %st(4)', 'frndint', 'fscale', 'fprem', 'fprem1', 'fyl2x', 'fpatan', 'fxtract', 'fsin', 'fcos', 'fptan', 'fsincos', 'f2xm1', 'fyl2xp1', 'fincstp', 'ffree %st(0)', 'fnop'];
  const trans = /^f(sin|cos|ptan|sincos|2xm1|yl2x|yl2xp1|patan)$/;
  for (const u of under) {
    const approx = trans.test(u);
    out.push({ name: `underflow ${u}`, setup: '', cw: CW_RN, op: u, approx });
    out.push({ name: `underflow one ${u}`, setup: `fldt ${ext('1.5')}`, cw: CW_RN, op: u, approx });
    out.push({ name: `underflow unmasked ${u}`, setup: `fldt ${ext('1.5')}`, cw: UNMASK.ie, op: u, approx });
  }
  const memUnder = ['fadds', 'fsubrl', 'fimuls', 'fidivl'];
  for (const m of memUnder) {
    const operand = m.endsWith('s') && m.startsWith('fi') ? `${I16_BASE}(%rsi)` : m.endsWith('s') ? f32('s1.25') : m.startsWith('fi') ? `${I32_BASE}(%rsi)` : f64('d1.25');
    out.push({ name: `underflow ${m}`, setup: '', cw: CW_RN, op: `${m} ${operand}` });
    out.push({ name: `underflow unmasked ${m}`, setup: '', cw: UNMASK.ie, op: `${m} ${operand}` });
  }
  for (const st of ['fsts', 'fstpl', 'fstpt', 'fists', 'fistpl', 'fistpll', 'fbstp']) {
    out.push({ name: `underflow ${st}`, setup: '', cw: CW_RN, op: (o) => `${st} ${o + 120}(%rsi)` });
    out.push({ name: `underflow unmasked ${st}`, setup: '', cw: UNMASK.ie, op: (o) => `${st} ${o + 120}(%rsi)` });
  }
  out.push({ name: 'fincstp/fdecstp', setup: ld2('1', '3'), cw: CW_RN, op: 'fincstp\nfincstp\nfincstp\nfdecstp' });
  out.push({ name: 'ffree', setup: ld2('1', '3'), cw: CW_RN, op: 'ffree %st(1)\nffree %st(5)' });
  out.push({ name: 'fxch', setup: ld2('1', '3'), cw: CW_RN, op: 'fxch %st(1)' });
  out.push({ name: 'fxch empty', setup: ld2('1', '3'), cw: CW_RN, op: 'fxch %st(3)' });
  return out;
}

/** Unmasked exceptions: what is (not) written, popped and flagged. */
function unmaskedBlocks(): Block[] {
  const out: Block[] = [];
  const cases: [string, string, string][] = [
    ['sqrt -1', `fldt ${ext('-1')}`, 'fsqrt'],
    ['inf-inf', ld2('+inf', '+inf'), 'fsubp'],
    ['snan add', ld2('snan', '1'), 'faddp'],
    ['1/0', ld2('1', '+0'), 'fdivp'],
    ['1/0 r', ld2('+0', '1'), 'fdivrp'],
    ['denormal add', ld2('dnorm1', '1'), 'faddp'],
    ['denormal m64', `fldt ${ext('1')}`, `faddl ${f64('ddenorm')}`],
    ['denormal m32', `fldt ${ext('1')}`, `fmuls ${f32('sdenorm')}`],
    ['snan m32', `fldt ${ext('1')}`, `fadds ${f32('ssnan')}`],
    ['mul overflow', ld2('1e4000', '1e4000'), 'fmul %st(1), %st'],
    ['mulp overflow', ld2('1e4000', '1e4000'), 'fmulp'],
    ['mul overflow neg', ld2('1e4000', '-max'), 'fmul %st(1), %st'],
    ['add overflow', ld2('max', 'max'), 'fadd %st(1), %st'],
    ['add overflow tiny', ld2('max', 'minnorm'), 'fadd %st(1), %st'],
    ['sub overflow', ld2('max', '-max'), 'fsubp'],
    ['div overflow', ld2('1e4000', '1e-4000'), 'fdiv %st(1), %st'],
    ['divr overflow', ld2('1e-4000', '1e4000'), 'fdivr %st(1), %st'],
    ['div underflow', ld2('1e-4000', '1e4000'), 'fdiv %st(1), %st'],
    ['mul underflow', ld2('1e-4000', '1e-4000'), 'fmul %st(1), %st'],
    ['mul underflow dn', ld2('dnormbig', '0.1'), 'fmul %st(1), %st'],
    ['mul underflow big*dn', ld2('1e4000', 'dnorm1'), 'fmul %st(1), %st'],
    ['mul tiny exact', ld2('minnorm', '0.5'), 'fmul %st(1), %st'],
    ['add exact tiny', ld2('2^-16400', '2^-16400'), 'fadd %st(1), %st'],
    ['sub tiny', ld2('2^-16382+', 'minnorm'), 'fsub %st(1), %st'],
    ['fscale overflow', ld2('1e4000', '2^62'), 'fscale'],
    ['fscale overflow small', ld2('max', '3'), 'fscale'],
    ['fscale underflow', ld2('1e-4000', '-2^62'), 'fscale'],
    ['fscale underflow small', ld2('minnorm', '-2.5'), 'fscale'],
    ['fiadd overflow', `fldt ${ext('max')}`, `fiaddl ${I32_BASE + 12}(%rsi)`],
    ['fmull overflow', `fldt ${ext('1e4000')}`, `fmull ${f64('dmax')}`],
    ['fdivl underflow', `fldt ${ext('1e-4000')}`, `fdivl ${f64('dmax')}`],
    ['inexact', ld2('1', '1/3'), 'fdivp'],
    ['fst m32 overflow', `fldt ${ext('1e300')}`, 'fsts SCR'],
    ['fstp m64 overflow', `fldt ${ext('1e4000')}`, 'fstpl SCR'],
    ['fstp m32 underflow', `fldt ${ext('1e-300')}`, 'fstps SCR'],
    ['fstp m32 exact tiny', `fldt ${ext('2^-140')}`, 'fstps SCR'],
    ['fstp m64 inexact', `fldt ${ext('0.1')}`, 'fstpl SCR'],
    ['fstp m32 snan', `fldt ${ext('snan')}`, 'fstps SCR'],
    ['fistp nan', `fldt ${ext('qnan')}`, 'fistpl SCR'],
    ['fistp big', `fldt ${ext('1e10')}`, 'fistpl SCR'],
    ['fistp inexact', `fldt ${ext('2.5')}`, 'fistps SCR'],
    ['fbstp big', `fldt ${ext('1e300')}`, 'fbstp SCR'],
    ['fld m64 snan', '', `fldl ${f64('dsnan')}`],
    ['fld m32 denormal', '', `flds ${f32('sdenorm')}`],
    ['fxtract 0', `fldt ${ext('-0')}`, 'fxtract'],
    ['fprem inf', ld2('+inf', '3'), 'fprem'],
    ['fyl2x 0', ld2('+0', '3'), 'fyl2x'],
    ['fyl2x -1', ld2('-1', '3'), 'fyl2x'],
    ['frndint inexact', `fldt ${ext('2.5')}`, 'frndint'],
    ['fsqrt denormal', `fldt ${ext('dnormbig')}`, 'fsqrt'],
  ];
  for (const [name, setup, text] of cases) {
    const op = (o: number) => text.replace('SCR', `${o + 120}(%rsi)`);
    for (const [k, cw] of Object.entries(UNMASK)) out.push({ name: `${name} unmasked ${k}`, setup, cw, op });
    out.push({ name: `${name} masked`, setup, cw: CW_RN, op });
    out.push({ name: `${name} unmasked oe+ue chop`, setup, cw: 0x0f67, op });
    out.push({ name: `${name} unmasked oe+ue pc24 up`, setup, cw: 0x0867, op });
  }
  return out;
}

/** Unmasked underflow/overflow in the transcendental and remainder instructions. */
function unmaskedRareBlocks(): Block[] {
  const out: Block[] = [];
  const cases: [string, string, string][] = [
    ['fsin denormal', `fldt ${ext('dnormbig')}`, 'fsin'],
    ['fsin tiny', `fldt ${ext('tiny')}`, 'fsin'],
    ['fptan denormal', `fldt ${ext('dnormbig')}`, 'fptan'],
    ['f2xm1 denormal', `fldt ${ext('dnormbig')}`, 'f2xm1'],
    ['fpatan tiny', ld2('1e4000', '1e-4000'), 'fpatan'],
    ['fyl2x overflow', ld2('1e4000', 'max'), 'fyl2x'],
    ['fyl2xp1 tiny', ld2('1e-4000', '1e-4000'), 'fyl2xp1'],
    ['fprem tiny', ld2('2^-16382+', 'minnorm'), 'fprem'],
    ['fprem1 tiny', ld2('2^-16382+', 'minnorm'), 'fprem1'],
  ];
  for (const [name, setup, op] of cases) {
    for (const cw of [CW_RN, UNMASK.ue, UNMASK.oe, UNMASK.de, UNMASK.pe]) {
      out.push({ name: `${name} cw${cw.toString(16)}`, setup, cw, op, approx: true });
    }
  }
  return out;
}

/** Deterministic pseudo-random values, operations and control words. */
function randomBlocks(): Block[] {
  let seed = 0x9e3779b97f4a7c15n;
  const next = (): bigint => {
    seed ^= seed << 13n;
    seed &= 0xffffffffffffffffn;
    seed ^= seed >> 7n;
    seed ^= seed << 17n;
    seed &= 0xffffffffffffffffn;
    return seed;
  };
  const out: Block[] = [];
  const regOps = ['fadd %st(1), %st', 'fsub %st, %st(1)', 'fsubrp', 'fmul %st(1), %st', 'fdivp %st, %st(1)', 'fdivr %st(1), %st', 'fsqrt', 'frndint', 'fscale', 'fprem', 'fprem1', 'fxtract', 'fcomi %st(1), %st', 'fucom %st(1)'];
  const cws = [0x037f, 0x077f, 0x0b7f, 0x0f7f, 0x007f, 0x027f, 0x047f, 0x0e7f, 0x0877, 0x036f];
  // The random operands go to the scratch area of the block (10 bytes each at o + 120, o + 130).
  for (let i = 0; i < 340; i++) {
    const r = next();
    const mk = (bits: bigint, near: number): string => {
      const mant = next() | 0x8000000000000000n;
      const e = Number(bits % 64n) - 32 + near;
      const sign = Number((bits >> 8n) & 1n);
      const exp = Math.min(Math.max(e, 0), 0x7ffe);
      const m = exp === 0 ? mant >> 3n : mant;
      return ((BigInt(sign) << 79n) | (BigInt(exp) << 64n) | m).toString(16).padStart(20, '0');
    };
    const near = [0x3fff, 0x3fff, 0x4020, 0x3f00, 0x7fe0, 0x0020, 0x3fff, 0x4040][Number(r & 7n)];
    const a = mk(next(), near);
    const b = mk(next(), Number(r >> 32n & 1n) ? near : 0x3fff);
    const op = regOps[Number((r >> 8n) % BigInt(regOps.length))];
    const cw = cws[Number((r >> 16n) % BigInt(cws.length))];
    const put = (o: number, h: string): string => {
      const lo = BigInt('0x' + h.slice(4));
      return `movq $${BigInt.asIntN(32, lo & 0xffffffffn)}, %rcx\nmovl %ecx, ${o}(%rsi)\nmovq $${BigInt.asIntN(32, lo >> 32n)}, %rcx\nmovl %ecx, ${o + 4}(%rsi)\nmovw $0x${h.slice(0, 4)}, ${o + 8}(%rsi)`;
    };
    out.push({ name: `random ${a} ${b} ${op} cw${cw.toString(16)}`, setup: '', cw: 0x037f, op: (o) => `${put(o + 120, b)}\n${put(o + 130, a)}\nfldt ${o + 120}(%rsi)\nfldt ${o + 130}(%rsi)\nmovw $${cw}, ${o + 140}(%rsi)\nfldcw ${o + 140}(%rsi)\n${op}` });
  }
  return out;
}

function transcendentalBlocks(): Block[] {
  const out: Block[] = [];
  const args = ['+0', '-0', '1', '-1', '0.5', '-0.5', '0.75', '3', 'pi', '1e10', '2^62', '2^63-1', '2^64', '+inf', '-inf', 'qnan', 'snan', 'dnorm1', 'tiny', '1e-30', '100', '-1e10', '0.1', 'unnormal', '1e-10'];
  for (const a of args) {
    for (const op of ['fsin', 'fcos', 'fptan', 'fsincos', 'f2xm1']) out.push({ name: `${op} ${a}`, setup: `fldt ${ext(a)}`, cw: CW_RN, op, approx: true });
    for (const b of ['1', '-2.5', '0.5', '+0', '+inf', 'qnan']) {
      for (const op of ['fyl2x', 'fyl2xp1', 'fpatan']) out.push({ name: `${op} ${a} ${b}`, setup: ld2(a, b), cw: CW_RN, op, approx: true });
    }
  }
  return out;
}

function fpremBlocks(): Block[] {
  const out: Block[] = [];
  const pairs: [string, string][] = [['1e10', '3'], ['-1e10', '3'], ['pi', '0.1'], ['2^70+', '1/3'], ['1e4000', '3'], ['1e300', 'pi'], ['1', '+0'], ['+inf', '1'], ['1', '+inf'], ['qnan', '1'], ['snan', '1'], ['0.5', '3'], ['2.5', '1'], ['-2.5', '1'], ['dnorm1', '3'], ['1e-4000', 'tiny'], ['-0', '3']];
  for (const [a, b] of pairs) {
    for (const op of ['fprem', 'fprem1']) {
      out.push({ name: `${op} ${a} ${b}`, setup: ld2(a, b), cw: CW_RN, op });
      // The usual loop until C2 is clear.
      out.push({ name: `${op} loop ${a} ${b}`, setup: ld2(a, b), cw: CW_RN, op: `1: ${op}\nfnstsw %ax\ntest $0x400, %ax\njnz 1b` });
    }
  }
  return out;
}

function controlBlocks(): Block[] {
  const out: Block[] = [];
  for (const v of [0x0000, 0xffff, 0x1000, 0xf0bf, 0x0c7f]) {
    out.push({ name: `fldcw ${v.toString(16)}`, setup: '', cw: v, op: (o) => `fnstcw ${o + 120}(%rsi)` });
  }
  out.push({ name: 'fnstsw ax', setup: ld2('1', '3'), cw: CW_RN, op: 'fcom %st(1)\nfnstsw %ax\nmov %ax, %bx\nfstsw %ax' });
  out.push({ name: 'fnclex', setup: ld2('1', '3'), cw: CW_RN, op: 'fcom %st(1)\nfsqrt\nfld %st(7)\nfnclex' });
  out.push({ name: 'fnclex unmasked', setup: ld2('-1', '3'), cw: UNMASK.ie, op: 'fsqrt\nfnclex\nfsqrt' });
  out.push({ name: 'unmask pending via fldcw', setup: ld2('-1', '3'), cw: CW_RN, op: (o) => `fsqrt\nmovw $0x37e, ${o + 120}(%rsi)\nfldcw ${o + 120}(%rsi)` });
  const envOp = (ins: string, n: number) => (o: number) => `${ins} ${o + 120}(%rsi)\nmovl $0, ${o + 120 + (n === 14 ? 6 : 12)}(%rsi)\nmovw $0, ${o + 120 + (n === 14 ? 8 : 16)}(%rsi)`;
  const states = [
    ['empty', ''],
    ['values', `fldt ${ext('+0')}\nfldt ${ext('1')}\nfldt ${ext('qnan')}\nfldt ${ext('dnorm1')}\nfldt ${ext('unnormal')}\nfldt ${ext('+inf')}\nfldt ${ext('pseudodn')}`],
    ['flags', `fldt ${ext('1')}\nfldl ${f64('d1.25')}\nfld %st(0)\nfsqrt\nfxch %st(2)`],
  ];
  for (const [n, setup] of states) {
    out.push({ name: `fnstenv ${n}`, setup, cw: CW_RN, op: envOp('fnstenv', 28) });
    out.push({ name: `fnstenv unmasked ${n}`, setup, cw: UNMASK.all, op: envOp('fnstenv', 28) });
    out.push({ name: `fnstenvs ${n}`, setup, cw: 0x0b7f, op: envOp('fnstenvs', 14) });
    out.push({ name: `fstenv ${n}`, setup, cw: 0x0b7f, op: envOp('fstenv', 28) });
  }
  // FLDENV/FRSTOR of crafted images: status with flags, tags, pointers.
  const env = (o: number, fcw: number, fsw: number, ftw: number) =>
    `fnstenv ${o + 120}(%rsi)\nmovw $${fcw}, ${o + 120}(%rsi)\nmovw $${fsw}, ${o + 124}(%rsi)\nmovw $${ftw}, ${o + 128}(%rsi)\nmovl $0x12345678, ${o + 132}(%rsi)\nmovl $0x07ff0000, ${o + 136}(%rsi)\nmovl $0x10000020, ${o + 140}(%rsi)\nfldenv ${o + 120}(%rsi)`;
  const imgs: [number, number, number][] = [[0x037e, 0x0001, 0xffff], [0x037f, 0x8081, 0x0000], [0xffff, 0x3fff, 0x5a5a], [0x037f, 0x2000, 0xfffc], [0x0040, 0x0041, 0xaaaa]];
  for (const [fcw, fsw, ftw] of imgs) {
    out.push({ name: `fldenv ${fcw.toString(16)} ${fsw.toString(16)} ${ftw.toString(16)}`, setup: `fldt ${ext('1')}\nfldt ${ext('3')}`, cw: CW_RN, op: (o) => env(o, fcw, fsw, ftw) });
  }
  // FNSAVE/FRSTOR round trip with a modified image.
  out.push({
    name: 'fnsave/frstor',
    setup: `fldt ${ext('1')}\nfldt ${ext('qnan')}\nfldt ${ext('-2.5')}`,
    cw: 0x0b7f,
    op: (o) => `fnsave 0x3b00(%rsi)\nmovw $0x1800, 0x3b04(%rsi)\nmovw $0xff00, 0x3b08(%rsi)\nfrstor 0x3b00(%rsi)\nfnstsw ${o + 120}(%rsi)\nfnstcw ${o + 122}(%rsi)\nfadd %st(1), %st`,
  });
  out.push({
    name: 'fnsaves/frstors',
    setup: `fldt ${ext('1')}\nfldt ${ext('qnan')}\nfldt ${ext('-2.5')}`,
    cw: 0x0b7f,
    op: 'fnsaves 0x3b00(%rsi)\nfrstors 0x3b00(%rsi)\nmovl $0, 0x3b06(%rsi)',
  });
  out.push({ name: 'fsave', setup: `fldt ${ext('1')}`, cw: CW_RN, op: 'fsave 0x3b00(%rsi)\nmovl $0, 0x3b0c(%rsi)\nmovw $0, 0x3b10(%rsi)\nfld1' });
  out.push({ name: 'finit', setup: `fldt ${ext('1')}\nfldl ${f64('d1.25')}`, cw: 0x0f7f, op: 'finit' });
  out.push({ name: 'fnop', setup: `fldl ${f64('d1.25')}`, cw: CW_RN, op: 'fnop' });
  out.push({ name: 'fwait', setup: `fldl ${f64('d1.25')}`, cw: CW_RN, op: 'fwait' });
  out.push({ name: 'emms', setup: `fldt ${ext('1')}\nfldl ${f64('d1.25')}`, cw: CW_RN, op: 'emms' });
  out.push({ name: 'feni/fdisi/fsetpm', setup: `fldt ${ext('1')}\nfldl ${f64('d1.25')}`, cw: CW_RN, op: '.byte 0xdb, 0xe0\n.byte 0xdb, 0xe1\n.byte 0xdb, 0xe4' });
  // FOP/FDP: the last non-control instruction, with and without a memory operand.
  out.push({ name: 'fop after fld1', setup: '', cw: CW_RN, op: `fldl ${f64('d1.25')}\nfld1` });
  out.push({ name: 'fop after fxam', setup: '', cw: CW_RN, op: `xor %edx, %edx\nfldl ${F64_BASE + 8}(%rsi,%rdx,8)\nfxam` });
  out.push({ name: 'fop after fcom r8', setup: `fldt ${ext('1')}`, cw: CW_RN, op: `lea ${F64_BASE}(%rsi), %r8\nfcoml 8(%r8)` });
  out.push({ name: 'fop after fldcw', setup: `fldt ${ext('1')}`, cw: CW_RN, op: (o) => `fldcw ${o + CW_SLOT}(%rsi)\nfnstcw ${o + 120}(%rsi)` });
  return out;
}

/* -------------------------------------------------------------------- tests */

beforeAll(() => {
  features.sse3 = true;
});
afterAll(() => {
  features.sse3 = false;
});

oracle('x87 arithmetic, register forms', arithRegBlocks());
oracle('x87 arithmetic, memory forms', arithMemBlocks());
oracle('x87 rounding and precision control', roundingBlocks());
oracle('x87 one-operand operations', unaryBlocks());
oracle('x87 loads and stores', storeBlocks());
oracle('x87 FISTTP', fisttpBlocks());
oracle('x87 comparisons', compareBlocks());
oracle('x87 FCMOVcc', fcmovBlocks());
oracle('x87 stack faults', stackBlocks());
oracle('x87 unmasked exceptions', unmaskedBlocks());
oracle('x87 remainders', fpremBlocks());
oracle('x87 unmasked exceptions in rare places (about 50 bits)', unmaskedRareBlocks());
oracle('x87 random operands', randomBlocks());
oracle('x87 control instructions', controlBlocks());
oracle('x87 transcendental functions (about 50 bits)', transcendentalBlocks());

/* ------------------------------------------------------- emulator-only #MF */

const CODE = 0x30000000;
const RW = 0x40000000;

function emulate(asm: string, budget = 1000): { cpu: CPU; exit: Exit; off: number; code: Uint8Array } {
  const code = assemble(asm);
  const mem = new AddressSpace();
  mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  mem.map(RW, 4096, PROT_READ | PROT_WRITE);
  const cpu = new CPU(mem);
  cpu.setReg(6, BigInt(RW));
  cpu.rip = CODE;
  const engine = new Engine(cpu);
  const exit = engine.run(budget);
  return { cpu, exit, off: cpu.exception ? cpu.exception.rip - CODE : -1, code };
}

/** offsetOf returns the offset of the instruction after the marker label `name` in `asm`. */
function labelOffset(asm: string, label: string): number {
  const before = asm.slice(0, asm.indexOf(`${label}:`));
  return assemble(before.replace(/\n$/, '') + '\n').length - 1; // minus the INT3 assemble appends
}

describe('x87 #MF delivery (emulator)', () => {
  it('an unmasked invalid operation leaves ST(0) unchanged and faults at the next waiting instruction', () => {
    const asm = 'fninit\nmovw $0x37e, 0(%rsi)\nfldcw 0(%rsi)\nfld1\nfchs\nfsqrt\nfnstsw %ax\nfnstcw 2(%rsi)\nfnstenv 16(%rsi)\nfldcw 0(%rsi)\nmark:\nfld1\nmov $1, %ebx';
    const r = emulate(asm);
    expect(r.exit).toBe(Exit.Exception);
    expect(r.cpu.exception!.vector).toBe(Vector.MF);
    // FNSTSW/FNSTCW/FNSTENV do not wait; FNSTENV masks all exceptions, so FLDCW (a waiting
    // instruction) runs and unmasks IE again, and the FLD1 after it faults.
    expect(r.off).toBe(labelOffset(asm, 'mark'));
    const x = r.cpu.x87;
    expect(x.fsw & 0x80ff).toBe(0x8081);
    expect(r.cpu.getReg(0) & 0xffffn).toBe(0xb881n); // ES, B, IE, TOP = 7
    expect(isEmpty(x, 0)).toBe(false);
    expect(getST(x, 0)).toEqual({ sign: 1, exp: 0x3fff, mant: 0x8000000000000000n });
    expect(r.cpu.getReg(3)).toBe(0n); // EBX untouched: the fault came first
  });

  it('unmasked divide-by-zero: no write, no pop, #MF on FWAIT', () => {
    const asm = 'fninit\nmovw $0x37b, 0(%rsi)\nfldcw 0(%rsi)\nfld1\nfldz\nfdivrp\nmark:\nfwait\nnop';
    const r = emulate(asm);
    expect(r.cpu.exception!.vector).toBe(Vector.MF);
    expect(r.off).toBe(labelOffset(asm, 'mark'));
    const x = r.cpu.x87;
    expect((x.fsw >> 11) & 7).toBe(6);
    expect(getST(x, 0)).toEqual({ sign: 0, exp: 0, mant: 0n });
    expect(getST(x, 1)).toEqual({ sign: 0, exp: 0x3fff, mant: 0x8000000000000000n });
  });

  it('FNCLEX and FNINIT clear the pending exception; no-wait instructions never fault', () => {
    const asm = 'fninit\nmovw $0x340, 0(%rsi)\nfldcw 0(%rsi)\nfld1\nfldz\nfdivrp\nfnstsw %ax\nfnstcw 2(%rsi)\nfnclex\nfld1\nfsqrt\nfldz\nfdivrp %st, %st(1)\nfninit\nfld1\nmov $7, %ebx';
    const r = emulate(asm);
    expect(r.cpu.exception!.vector).toBe(Vector.BP);
    expect(r.cpu.getReg(3)).toBe(7n);
  });

  it('the #MF instruction does not record FIP/FOP; the faulting one did', () => {
    const asm = 'fninit\nmovw $0x377, 0(%rsi)\nfldcw 0(%rsi)\nfldt 32(%rsi)\nfld %st(0)\nfmulp\nmark:\nfadd %st(0), %st';
    const code = assemble(asm);
    const mem = new AddressSpace();
    mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
    mem.pokeBytes(CODE, code);
    mem.map(RW, 4096, PROT_READ | PROT_WRITE);
    const big = new Uint8Array(10);
    f80ToBytes(x('73e6 d1ba8323fe558c61'), big); // 1e4000
    mem.pokeBytes(RW + 32, big);
    const cpu = new CPU(mem);
    cpu.setReg(6, BigInt(RW));
    cpu.rip = CODE;
    new Engine(cpu).run(100);
    expect(cpu.exception!.vector).toBe(Vector.MF);
    const markOff = labelOffset(asm, 'mark');
    expect(cpu.exception!.rip).toBe(CODE + markOff);
    // FMULP (DE C9) at mark - 2 is the last instruction recorded.
    expect(cpu.x87.fip).toBe(CODE + markOff - 2);
    expect(cpu.x87.fop).toBe(0x6c9);
    expect(cpu.x87.fdp).toBe(RW + 32);
    // Overflow unmasked: the bias-adjusted product was written and popped.
    expect(isEmpty(cpu.x87, 1)).toBe(true);
    expect(getST(cpu.x87, 0).exp).toBe(0x47ce);
  });

  it('FISTTP raises #UD while SSE3 is not advertised', () => {
    features.sse3 = false;
    try {
      const r = emulate('fninit\nfld1\nfisttpl 0(%rsi)');
      expect(r.cpu.exception!.vector).toBe(Vector.UD);
    } finally {
      features.sse3 = true;
    }
  });
});
