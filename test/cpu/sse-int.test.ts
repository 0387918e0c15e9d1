/**
 * SSE2/SSSE3/SSE4.1/SSE4.2 integer instructions and data movement against the real CPU: random
 * and saturating-edge vectors in registers and memory (aligned and, where allowed, unaligned).
 */
import { describe } from 'vitest';
import { DATA, type Snippet } from './snippet.js';
import { runAll } from './sse-run.js';
import { Rng, bytesLE, concat } from './sse-util.js';

const r = new Rng(31337);
const snips: Snippet[] = [];

/** Vectors that hit saturation and sign boundaries of every element width. */
const EDGE = [
  0n, -1n, 0x80808080808080808080808080808080n, 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7fn,
  0x80007fff8000ffff00017fff8000fffen, 0x7fffffff80000000ffffffff00000001n, 0x7fffffffffffffff8000000000000000n,
  0x0102030405060708090a0b0c0d0e0f10n, 0x00ff00ff7f80ff017f00fe02817f8081n,
];

function vec(): bigint {
  const k = r.int(4);
  if (k === 0) return r.pick(EDGE);
  if (k === 1) {
    // Mix of small and boundary bytes.
    let v = 0n;
    for (let i = 0; i < 16; i++) v = (v << 8n) | BigInt(r.pick([0, 1, 0x7f, 0x80, 0xff, 0xfe, r.int(256)]));
    return v;
  }
  return r.big128();
}

/** snippet runs `insn` (with SRC/DST placeholders) eight times over registers or memory operands. */
function snippet(name: string, insn: string, mem: 'reg' | 'aligned' | 'unaligned', regs?: Record<string, bigint>): Snippet {
  const xmm: Record<number, bigint> = {};
  for (let i = 0; i < 16; i++) xmm[i] = vec();
  const data = concat(...Array.from({ length: 40 }, () => bytesLE(vec(), 16)));
  const lines = [`mov $${DATA}, %rsi`];
  for (let k = 0; k < 8; k++) {
    const off = 32 * k + 16 + (mem === 'unaligned' ? 1 + (k % 7) * 2 : 0);
    const src = mem === 'reg' ? `%xmm${(2 * k + 1 + (k === 3 ? 15 : 0)) % 16}` : `${off}(%rsi)`;
    lines.push(insn.replaceAll('SRC', src).replaceAll('DST', `%xmm${2 * k}`).replaceAll('K', String(k)));
  }
  return { name: `${name} ${mem}`, asm: lines.join('\n'), xmm, data, regs };
}

const BIN = [
  'paddb', 'paddw', 'paddd', 'paddq', 'psubb', 'psubw', 'psubd', 'psubq', 'paddsb', 'paddsw', 'paddusb', 'paddusw',
  'psubsb', 'psubsw', 'psubusb', 'psubusw', 'pmullw', 'pmulhw', 'pmulhuw', 'pmuludq', 'pmaddwd', 'pavgb', 'pavgw',
  'pminub', 'pmaxub', 'pminsw', 'pmaxsw', 'psadbw', 'pcmpeqb', 'pcmpeqw', 'pcmpeqd', 'pcmpgtb', 'pcmpgtw', 'pcmpgtd',
  'pand', 'pandn', 'por', 'pxor', 'punpcklbw', 'punpckhbw', 'punpcklwd', 'punpckhwd', 'punpckldq', 'punpckhdq',
  'punpcklqdq', 'punpckhqdq', 'packsswb', 'packssdw', 'packuswb', 'psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq',
  'psraw', 'psrad',
  // SSSE3
  'pshufb', 'pabsb', 'pabsw', 'pabsd', 'phaddw', 'phaddd', 'phaddsw', 'phsubw', 'phsubd', 'phsubsw', 'pmaddubsw',
  'pmulhrsw', 'psignb', 'psignw', 'psignd',
  // SSE4.1 / SSE4.2
  'pminsb', 'pminsd', 'pminuw', 'pminud', 'pmaxsb', 'pmaxsd', 'pmaxuw', 'pmaxud', 'pmulld', 'pmuldq', 'pcmpeqq',
  'packusdw', 'phminposuw', 'pcmpgtq', 'pmovsxbw', 'pmovsxbd', 'pmovsxbq', 'pmovsxwd', 'pmovsxwq', 'pmovsxdq',
  'pmovzxbw', 'pmovzxbd', 'pmovzxbq', 'pmovzxwd', 'pmovzxwq', 'pmovzxdq',
];
const IMM = [
  'pshufd $0x1b,', 'pshufd $0xe4,', 'pshufd $0x4e,', 'pshuflw $0x1b,', 'pshufhw $0xb1,', 'palignr $0,', 'palignr $5,',
  'palignr $16,', 'palignr $23,', 'palignr $40,', 'pblendw $0xa5,', 'mpsadbw $0,', 'mpsadbw $5,', 'mpsadbw $7,',
];
for (const op of BIN) {
  snips.push(snippet(op, `${op} SRC, DST`, 'reg'));
  snips.push(snippet(op, `${op} SRC, DST`, op.startsWith('pmovsx') || op.startsWith('pmovzx') ? 'unaligned' : 'aligned'));
}
for (const op of IMM) {
  snips.push(snippet(op, `${op} SRC, DST`, 'reg'));
  snips.push(snippet(op, `${op} SRC, DST`, 'aligned'));
}
// Shifts by immediate and by small counts held in a register.
for (const op of ['psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq', 'psraw', 'psrad', 'pslldq', 'psrldq']) {
  for (const n of [0, 1, 7, 15, 16, 31, 32, 33, 63, 64, 200]) {
    if (op.endsWith('dq') && n > 16 && n !== 200) continue;
    snips.push({ name: `${op} $${n}`, asm: `${op} $${n}, %xmm3\n${op} $${n}, %xmm9`, xmm: { 3: vec(), 9: vec() } });
  }
}
for (const op of ['psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq', 'psraw', 'psrad']) {
  for (const n of [0n, 3n, 15n, 17n, 40n, 63n, 64n, 1n << 32n, 0x100000000000005n]) {
    snips.push({ name: `${op} count=${n}`, asm: `${op} %xmm1, %xmm0`, xmm: { 0: vec(), 1: (vec() << 64n) | n } });
  }
}
// Variable blends use XMM0 as the mask.
for (const op of ['pblendvb', 'blendvps', 'blendvpd']) {
  snips.push(snippet(op, `${op} %xmm0, SRC, DST`.replace('DST', '%xmm2K'.replace('K', '')), 'reg'));
  snips.push({ name: `${op} mem`, asm: `mov $${DATA}, %rsi\n${op} %xmm0, 32(%rsi), %xmm5\n${op} %xmm0, %xmm3, %xmm0`, xmm: { 0: vec(), 3: vec(), 5: vec() }, data: bytesLE(r.big128(), 48) });
}
// PTEST sets ZF/CF.
for (let k = 0; k < 8; k++) {
  const a = r.pick([0n, -1n, vec()]), b = r.pick([0n, -1n, a, ~a, vec()]);
  snips.push({ name: `ptest #${k}`, asm: 'ptest %xmm1, %xmm0\npushfq\npop %rax', xmm: { 0: a, 1: b }, rflags: 0xad7n });
}
// Inserts and extracts.
for (let k = 0; k < 4; k++) {
  const regs = { rax: BigInt(r.u32()) | (BigInt(r.u32()) << 32n), rbx: -1n, rcx: 0x8081n };
  snips.push({
    name: `pinsr/pextr #${k}`,
    asm: [
      `mov $${DATA}, %rsi`, `pinsrw $${k}, %eax, %xmm1`, `pinsrw $${k + 4}, 6(%rsi), %xmm2`, `pextrw $${k + 3}, %xmm3, %edx`,
      `pextrw $${k}, %xmm4, %r8`, `pinsrb $${k * 5}, %ecx, %xmm5`, `pinsrb $${15 - k}, 3(%rsi), %xmm5`, `pinsrd $${k}, %eax, %xmm6`,
      `pinsrd $${3 - k}, 8(%rsi), %xmm7`, `pinsrq $${k & 1}, %rax, %xmm8`, `pinsrq $${(k + 1) & 1}, 9(%rsi), %xmm9`,
      `pextrb $${k * 4 + 1}, %xmm10, %r9d`, `pextrb $${k}, %xmm10, 100(%rsi)`, `pextrd $${k}, %xmm11, %r10d`,
      `pextrd $${k}, %xmm11, 104(%rsi)`, `pextrq $${k & 1}, %xmm12, %r11`, `pextrq $${k & 1}, %xmm12, 111(%rsi)`,
      `pextrw $${k + 1}, %xmm13, 120(%rsi)`, `extractps $${k}, %xmm14, %r12d`, `extractps $${k}, %xmm14, 130(%rsi)`,
      `insertps $${(k * 0x47) & 0xff}, %xmm15, %xmm13`, `insertps $${(k * 0x35 + 0x10) & 0xff}, 140(%rsi), %xmm14`,
    ].join('\n'),
    regs,
    xmm: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i, vec()])),
  });
}

// Data movement.
const MOVES = [
  'movd %eax, %xmm1\nmovd %xmm2, %ecx\nmovd 4(%rsi), %xmm3\nmovd %xmm4, 9(%rsi)',
  'movq %rax, %xmm1\nmovq %xmm2, %rcx\nmovq 4(%rsi), %xmm3\nmovq %xmm4, 9(%rsi)\nmovq %xmm5, %xmm6\nmovq 3(%rsi), %xmm7\nmovq %xmm8, 30(%rsi)',
  'movdqa 32(%rsi), %xmm1\nmovdqa %xmm2, 64(%rsi)\nmovdqa %xmm3, %xmm4\nmovdqu 33(%rsi), %xmm5\nmovdqu %xmm6, 71(%rsi)\nlddqu 91(%rsi), %xmm7',
  'movaps 32(%rsi), %xmm1\nmovaps %xmm2, 64(%rsi)\nmovups 35(%rsi), %xmm5\nmovups %xmm6, 77(%rsi)\nmovapd 96(%rsi), %xmm7\nmovupd %xmm8, 113(%rsi)\nmovupd 1(%rsi), %xmm9\nmovapd %xmm10, %xmm11',
  'movss 3(%rsi), %xmm1\nmovss %xmm2, %xmm3\nmovss %xmm4, 21(%rsi)\nmovsd 5(%rsi), %xmm5\nmovsd %xmm6, %xmm7\nmovsd %xmm8, 41(%rsi)',
  'movlps 3(%rsi), %xmm1\nmovhps 13(%rsi), %xmm2\nmovlps %xmm3, 30(%rsi)\nmovhps %xmm4, 50(%rsi)\nmovlpd 7(%rsi), %xmm5\nmovhpd 17(%rsi), %xmm6\nmovlpd %xmm7, 70(%rsi)\nmovhpd %xmm8, 90(%rsi)\nmovhlps %xmm9, %xmm10\nmovlhps %xmm11, %xmm12\nmovhlps %xmm13, %xmm13',
  'movmskps %xmm1, %eax\nmovmskpd %xmm2, %ecx\npmovmskb %xmm3, %edx\npmovmskb %xmm4, %r8\nmovmskps %xmm5, %r9',
  'movntdq %xmm1, 32(%rsi)\nmovntps %xmm2, 64(%rsi)\nmovntpd %xmm3, 96(%rsi)\nmovnti %eax, 130(%rsi)\nmovnti %rcx, 141(%rsi)\nmovntdqa 160(%rsi), %xmm4',
  'mov %rsi, %rdi\nadd $7, %rdi\nmaskmovdqu %xmm2, %xmm1\nadd $40, %rdi\nmaskmovdqu %xmm4, %xmm3',
  'movddup %xmm1, %xmm2\nmovddup 13(%rsi), %xmm3\nmovsldup 32(%rsi), %xmm4\nmovshdup %xmm5, %xmm6',
];
MOVES.forEach((asm, k) => {
  for (let j = 0; j < 3; j++) {
    snips.push({
      name: `moves #${k}.${j}`,
      asm: `mov $${DATA}, %rsi\n${asm}`,
      regs: { rax: BigInt(r.u32()) | (BigInt(r.u32()) << 32n), rcx: -2n },
      xmm: Object.fromEntries(Array.from({ length: 16 }, (_, i) => [i, vec()])),
      data: concat(...Array.from({ length: 16 }, () => bytesLE(vec(), 16))),
    });
  }
});

// Every pair of bytes through the byte-wise operations (the operands are built by the snippet).
for (const op of ['pminub', 'pmaxub', 'pcmpeqb', 'pcmpgtb', 'paddb', 'psubb', 'paddusb', 'psubusb', 'paddsb', 'psubsb',
  'pavgb', 'pminsb', 'pmaxsb', 'psignb']) {
  for (let base = 0; base < 65536; base += 4096) {
    snips.push({
      name: `${op} all byte pairs from ${base}`,
      asm: [`mov $${DATA}, %rdi`, `mov $${base}, %eax`, 'mov $4096, %ecx',
        '1:', 'mov %eax, %edx', 'shr $8, %edx', 'mov %dl, (%rdi)', 'mov %al, 4096(%rdi)', 'inc %eax', 'inc %rdi', 'dec %ecx', 'jnz 1b',
        `mov $${DATA}, %rsi`, 'mov $256, %ecx',
        '2:', 'movdqa (%rsi), %xmm0', `${op} 4096(%rsi), %xmm0`, 'movdqa %xmm0, (%rsi)', 'add $16, %rsi', 'dec %ecx', 'jnz 2b'].join('\n'),
    });
  }
}

describe('SSE integer instructions and data movement match the real CPU', () => {
  runAll(snips);
});
