/**
 * Packed and miscellaneous SSE float instructions against the real CPU: random vectors (every
 * class of value in every lane) in registers and in 16-byte aligned memory, in all rounding modes
 * and with FTZ/DAZ. Each snippet runs one instruction eight times on different registers, saving
 * MXCSR after each (reset before each), so flags are compared per instruction.
 */
import { describe } from 'vitest';
import { DATA, type Snippet } from './snippet.js';
import { runAll } from './sse-run.js';
import { MX_FTZ_DAZ, MX_RC, Rng, bytesLE, concat, randF32, randF64 } from './sse-util.js';

const r = new Rng(4242);
const snips: Snippet[] = [];

function vec(double: boolean): bigint {
  if (double) return (randF64(r) << 64n) | randF64(r);
  let v = 0n;
  for (let i = 0; i < 4; i++) v = (v << 32n) | BigInt(randF32(r));
  return v;
}

/**
 * snippet builds one case: `forms` are the operand strings (e.g. "%xmm1, %xmm0" or "32(%rsi),
 * %xmm4"), each run after reloading MXCSR, with MXCSR saved to 1024+4k(%rsi).
 */
function snippet(name: string, insn: string, double: boolean, mx: number, mem: boolean): Snippet {
  const xmm: Record<number, bigint> = {};
  for (let i = 0; i < 16; i++) xmm[i] = vec(double);
  const data = concat(...Array.from({ length: 32 }, () => bytesLE(vec(double), 16)));
  const lines = ['stmxcsr -64(%rsp)', `mov $${DATA}, %rsi`];
  for (let k = 0; k < 8; k++) {
    const src = mem ? `${32 * k + 16}(%rsi)` : `%xmm${2 * k + 1}`;
    lines.push('ldmxcsr -64(%rsp)', insn.replace('SRC', src).replace('DST', `%xmm${2 * k}`), `stmxcsr ${1024 + 4 * k}(%rsi)`);
  }
  lines.push('ldmxcsr -64(%rsp)');
  return { name: `${name} mx=${mx.toString(16)}${mem ? ' mem' : ''}`, asm: lines.join('\n'), xmm, data, mxcsr: mx };
}

const PS = ['addps', 'subps', 'mulps', 'divps', 'sqrtps', 'minps', 'maxps', 'addsubps', 'haddps', 'hsubps'];
const PD = ['addpd', 'subpd', 'mulpd', 'divpd', 'sqrtpd', 'minpd', 'maxpd', 'addsubpd', 'haddpd', 'hsubpd'];
const MODES = [...MX_RC, ...MX_FTZ_DAZ];

for (const [list, double] of [[PS, false], [PD, true]] as const) {
  for (const op of list) {
    for (const mx of MODES) {
      for (const mem of [false, true]) snips.push(snippet(op, `${op} SRC, DST`, double, mx, mem));
    }
  }
  for (let p = 0; p < 8; p++) {
    const op = `cmp${double ? 'pd' : 'ps'} $${p}`;
    for (const mx of [0x1f80, 0x1fc0]) snips.push(snippet(op, `${op}, SRC, DST`, double, mx, p % 2 === 1));
  }
  for (const imm of [0, 1, 2, 3, 4, 8, 9, 10, 11, 12]) {
    const sfx = double ? 'pd' : 'ps';
    for (const mx of [0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x1fc0]) {
      snips.push(snippet(`round${sfx} $${imm}`, `round${sfx} $${imm}, SRC, DST`, double, mx, imm % 2 === 0));
      snips.push(snippet(`round${double ? 'sd' : 'ss'} $${imm}`, `round${double ? 'sd' : 'ss'} $${imm}, SRC, DST`, double, mx, imm % 2 === 1));
    }
  }
}
for (const imm of [0xff, 0xf1, 0x3c, 0x5a, 0x81, 0x0f, 0xf0, 0x71]) {
  for (const mx of [0x1f80, 0x7f80, 0x9f80]) {
    snips.push(snippet(`dpps $${imm}`, `dpps $${imm}, SRC, DST`, false, mx, imm % 2 === 1));
    snips.push(snippet(`dppd $${imm}`, `dppd $${imm}, SRC, DST`, true, mx, imm % 2 === 0));
  }
}
for (const op of ['andps', 'andnps', 'orps', 'xorps', 'andpd', 'andnpd', 'orpd', 'xorpd', 'unpcklps', 'unpckhps',
  'unpcklpd', 'unpckhpd', 'shufps $0x1b,', 'shufps $0xe4,', 'shufpd $1,', 'shufpd $2,', 'blendps $5,', 'blendpd $2,',
  'movsldup', 'movshdup', 'rcpps', 'rsqrtps', 'rcpss', 'rsqrtss']) {
  snips.push(snippet(op, `${op} SRC, DST`, false, 0x1f80, false));
  snips.push(snippet(op, `${op} SRC, DST`, false, 0x1f80, true));
}

for (const [op, double] of [['cvtps2pd', false], ['cvtpd2ps', true], ['cvtdq2ps', false], ['cvtps2dq', false],
  ['cvttps2dq', false], ['cvtdq2pd', false], ['cvtpd2dq', true], ['cvttpd2dq', true]] as const) {
  for (const mx of MODES) {
    for (const mem of [false, true]) snips.push(snippet(op, `${op} SRC, DST`, double, mx, mem));
  }
}

describe('packed SSE/SSE2/SSE3/SSE4.1 float instructions match the real CPU', () => {
  runAll(snips);
});
