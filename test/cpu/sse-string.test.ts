/**
 * SSE4.2 string comparisons (PCMPESTRI/M, PCMPISTRI/M) over every imm8 of interest and CRC32,
 * against the real CPU. Operands are short strings over a small alphabet with embedded zeros, so
 * that matches, ranges, ends of strings and partial needles all occur.
 */
import { describe } from 'vitest';
import { DATA, type Snippet } from './snippet.js';
import { runAll } from './sse-run.js';
import { Rng, bytesLE, concat } from './sse-util.js';

const r = new Rng(555);
const snips: Snippet[] = [];

function str(): bigint {
  let v = 0n;
  const alpha = r.pick([[0x41, 0x42, 0x43], [0x61, 0x62, 0x7a, 0x30], [0x00, 0x80, 0xff, 0x01, 0x7f], [0x41, 0x42, 0, 0x80]]);
  const zeroAt = r.int(24);
  for (let i = 15; i >= 0; i--) v = (v << 8n) | BigInt(i === zeroAt ? 0 : r.pick(alpha));
  return v;
}

const LENS = [0n, 1n, 3n, 7n, 8n, 9n, 15n, 16n, 17n, -1n, -5n, -16n, -100n, 0x80000000n, 0x7fffffffn, 0x100000003n, -0x100000000n];

for (let imm = 0; imm < 128; imm++) {
  for (const form of ['estri', 'estrm', 'istri', 'istrm']) {
    const lines = [`mov $${DATA}, %rsi`];
    const xmm: Record<number, bigint> = {};
    for (let k = 0; k < 4; k++) {
      xmm[2 * k + 1] = str();
      xmm[2 * k + 2] = str();
      const src = k % 2 === 1 ? `${16 * k + 3}(%rsi)` : `%xmm${2 * k + 2}`;
      const w = k === 3 && form.startsWith('e') ? 'q' : '';
      lines.push(`mov ${8 * k}(%rsi), %rax`, `mov ${8 * k + 64}(%rsi), %rdx`);
      lines.push(`pcmp${form}${w} $${imm}, ${src}, %xmm${2 * k + 1}`, 'pushfq', 'pop %r8', 'and $0x8d5, %r8d',
        `mov %r8d, ${200 + 16 * k}(%rsi)`, `mov %ecx, ${204 + 16 * k}(%rsi)`, `movdqu %xmm0, ${300 + 16 * k}(%rsi)`);
    }
    const data = concat(
      ...Array.from({ length: 8 }, () => bytesLE(r.pick(LENS), 8)),
      ...Array.from({ length: 8 }, () => bytesLE(r.pick(LENS), 8)),
      ...Array.from({ length: 6 }, () => bytesLE(str(), 16)),
    );
    snips.push({ name: `pcmp${form} $${imm}`, asm: lines.join('\n'), xmm, data, regs: { rcx: -1n } });
  }
}

for (let k = 0; k < 6; k++) {
  snips.push({
    name: `crc32 #${k}`,
    asm: [`mov $${DATA}, %rsi`, 'crc32b %bl, %eax', 'crc32w %bx, %eax', 'crc32l %ebx, %eax', 'crc32q %rbx, %rax',
      'crc32b 3(%rsi), %ecx', 'crc32w 5(%rsi), %ecx', 'crc32l 7(%rsi), %ecx', 'crc32q 11(%rsi), %rcx', 'crc32b %bh, %edx',
      'crc32b %r9b, %r8', 'mov %eax, %r10d', 'crc32l %r10d, %r10d'].join('\n'),
    regs: { rax: BigInt(r.u32()) | (BigInt(r.u32()) << 32n), rbx: (BigInt(r.u32()) << 32n) | BigInt(r.u32()), rcx: -1n, rdx: 0n, r8: -1n, r9: 0x1234n },
    data: concat(...Array.from({ length: 4 }, () => bytesLE(r.big128(), 16))),
  });
}

describe('SSE4.2 string comparisons and CRC32 match the real CPU', () => {
  runAll(snips);
});
