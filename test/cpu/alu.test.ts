import { describe, expect, it } from 'vitest';
import { type Snippet, describeDiff, runEmulated, runNative, DATA } from './snippet.js';

const D = BigInt(DATA);
const big = [0n, 1n, -1n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x7fffffffffffffffn, -0x8000000000000000n, 0x123456789abcdef0n];

const snips: Snippet[] = [];
for (const op of ['add', 'sub', 'adc', 'sbb', 'and', 'or', 'xor', 'cmp', 'test']) {
  for (const [w, a, b] of [['q', 'rax', 'rbx'], ['l', 'eax', 'ebx'], ['w', 'ax', 'bx'], ['b', 'al', 'bl'], ['b', 'ah', 'bh']]) {
    for (let i = 0; i < big.length; i++) {
      for (const cf of [0n, 1n]) {
        snips.push({
          name: `${op}${w} ${a},${b} #${i} cf=${cf}`,
          asm: `${op}${w} %${b}, %${a}`,
          regs: { rax: big[i], rbx: big[(i * 5 + 3) % big.length] },
          rflags: 0x202n | cf,
        });
      }
    }
  }
  snips.push({ name: `${op}q mem`, asm: `${op}q %rbx, 8(%rsi)`, regs: { rsi: D, rbx: 0x8000000000000001n } });
  snips.push({ name: `${op}l imm`, asm: `${op}l $-5, %eax`, regs: { rax: 3n } });
  snips.push({ name: `${op}q imm mem`, asm: `${op}q $0x7ffffff0, (%rsi,%rcx,8)`, regs: { rsi: D, rcx: 3n } });
}
for (const op of ['inc', 'dec', 'neg', 'not']) {
  for (const [w, r] of [['q', 'rax'], ['l', 'eax'], ['w', 'ax'], ['b', 'al']]) {
    for (const v of big) snips.push({ name: `${op}${w} ${v}`, asm: `${op}${w} %${r}`, regs: { rax: v }, rflags: 0x203n });
  }
}
snips.push({ name: 'lea', asm: 'lea 0x10(%rax,%rbx,8), %rcx\nlea -1(%rax), %edx\nlea (%rbx,%rbx,2), %r9w', regs: { rax: -0x10n, rbx: 0x7fffffffffffffffn } });
snips.push({ name: 'movzx/movsx', asm: 'movzbl %al, %ecx\nmovsbq %al, %rdx\nmovswl %ax, %r8d\nmovslq %eax, %r9\nmovzwq %ax, %r10', regs: { rax: 0x8180ff80n } });
snips.push({ name: 'cmov', asm: 'cmp %rbx, %rax\ncmovl %rbx, %rcx\ncmovg %ebx, %edx\ncmovge %rax, %r8', regs: { rax: -3n, rbx: 5n, rdx: -1n } });
snips.push({ name: 'setcc', asm: 'cmp %rbx, %rax\nsetl %cl\nsetb %ch\nsetg %dl\nseta %dh\nsete %r8b\nsetne %r9b', regs: { rax: -3n, rbx: 5n } });
snips.push({ name: 'push/pop/call', asm: 'push %rax\npush $-7\npop %rcx\npop %rdx\ncall 1f\n1: pop %r8\nlea 1b(%rip), %r9\nsub %r9, %r8\nxor %r9d, %r9d', regs: { rax: 0x1234n } });
snips.push({ name: 'loop', asm: 'xor %eax, %eax\nmov $100, %ecx\n1: add %ecx, %eax\ndec %ecx\njnz 1b' });
snips.push({ name: 'xchg', asm: 'xchg %rax, %rbx\nxchg %ecx, %edx\nxchg %al, 4(%rsi)', regs: { rsi: D, rcx: -1n } });
snips.push({ name: 'bswap/cqo', asm: 'bswap %rax\nbswap %ebx\ncqo\ncltq', regs: { rax: 0x0102030405060788n, rbx: 0xaabbccddn } });

describe('integer ALU and data movement match the real CPU', () => {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      expect(describeDiff(native[k], emu), `${s.asm}`).toEqual([]);
    });
  });
});

describe('PUSHW imm pushes two bytes', () => {
  const s: Snippet[] = [{ name: 'pushw imm16 and imm8', asm: 'pushw $0x1234\npushw $-3\npop %ax\npop %bx', regs: { rax: -1n, rbx: -1n } }];
  const native = runNative(s);
  it(s[0].name, () => expect(describeDiff(native[0], runEmulated(s[0]))).toEqual([]));
});
