/**
 * Snippet oracle: runs a few lines of x86-64 assembly both on the real CPU of this machine and in
 * the emulator from the same initial state, and returns both final states for comparison.
 *
 * State: 16 GPRs, RFLAGS, XMM0-15, MXCSR, and a 16 KiB data region mapped at DATA (RSP starts at
 * the top of it, so PUSH/CALL work). The snippet must not fault and must not touch memory outside
 * the region. Native runs assemble every snippet of a batch into one static program.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';
import { Vector } from '../../src/cpu/exceptions.js';

export const DATA = 0x10000000;
export const DATA_SIZE = 16384;
const CODE = 0x20000000;

export interface SnippetState {
  /** 16 GPRs in encoding order (RSP is set to the top of the data region if not given). */
  gpr: bigint[];
  rflags: bigint;
  /** XMM registers as 16 bigints of 128 bits. */
  xmm: bigint[];
  mxcsr: number;
  /** Data region contents (hex of DATA_SIZE bytes). */
  data: string;
}

export interface Snippet {
  name: string;
  asm: string;
  /** Initial GPR values by name, e.g. { rax: 5n, rbx: -1n }. */
  regs?: Record<string, bigint>;
  /** Initial RFLAGS arithmetic bits (default 0x202). */
  rflags?: bigint;
  xmm?: Record<number, bigint>;
  mxcsr?: number;
  /** Initial data bytes at DATA (the rest is a fixed pattern). */
  data?: Uint8Array;
}

const NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

function initialData(s: Snippet): Uint8Array {
  const d = new Uint8Array(DATA_SIZE);
  for (let i = 0; i < DATA_SIZE; i++) d[i] = (i * 37 + 11) & 0xff;
  if (s.data) d.set(s.data);
  return d;
}

function initialGprs(s: Snippet): bigint[] {
  return NAMES.map((n, i) => {
    const v = s.regs?.[n];
    if (v !== undefined) return BigInt.asUintN(64, v);
    if (i === 4) return BigInt(DATA + DATA_SIZE - 256);
    return BigInt(0x1111 * (i + 1));
  });
}

function u64hex(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16);
}

/** runNative runs every snippet on the real CPU; returns their final states in order. */
export function runNative(snips: Snippet[]): SnippetState[] {
  prepareAssembly(snips.map((s) => s.asm));
  const dir = mkdtempSync(join(tmpdir(), 'enclu-snip-'));
  let asm = '.text\n';
  let c = '#include <stdio.h>\n#include <string.h>\n#include <stdint.h>\n#include <sys/mman.h>\n';
  c += 'struct st { uint64_t g[16]; uint64_t fl; uint8_t x[256]; uint32_t mx; uint32_t pad; };\n';
  c += 'static void dump(struct st *s, const uint8_t *d) { printf("{\\"gpr\\":["); for (int i=0;i<16;i++) printf("%s\\"%llx\\"", i?",":"", (unsigned long long)s->g[i]); printf("],\\"rflags\\":\\"%llx\\",\\"xmm\\":[", (unsigned long long)s->fl); for (int i=0;i<16;i++){ printf("%s\\"", i?",":""); for (int b=15;b>=0;b--) printf("%02x", s->x[i*16+b]); printf("\\""); } printf("],\\"mxcsr\\":%u,\\"data\\":\\"", s->mx); for (int i=0;i<' + DATA_SIZE + ';i++) printf("%02x", d[i]); printf("\\"}\\n"); }\n';
  c += 'static uint64_t saved_rsp; static struct st *saved_state;\n';
  snips.forEach((s, k) => {
    asm += `.globl run_${k}\nrun_${k}:\n`;
    asm += 'push %rbx\npush %rbp\npush %r12\npush %r13\npush %r14\npush %r15\n';
    asm += `mov %rdi, saved_state(%rip)\nmov %rsp, saved_rsp(%rip)\n`;
    for (let i = 0; i < 16; i++) asm += `movdqu ${136 + 16 * i}(%rdi), %xmm${i}\n`;
    asm += 'ldmxcsr 392(%rdi)\npushq 128(%rdi)\npopfq\n';
    const order = [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 4];
    for (const i of order) asm += `mov ${8 * i}(%rdi), %${NAMES[i]}\n`;
    asm += 'mov 56(%rdi), %rdi\n';
    asm += `${s.asm}\n`;
    asm += 'pushfq\npush %rdi\nmov saved_state(%rip), %rdi\n';
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15]) asm += `mov %${NAMES[i]}, ${8 * i}(%rdi)\n`;
    asm += 'pop %rax\nmov %rax, 56(%rdi)\npop %rax\nmov %rax, 128(%rdi)\nmov %rsp, 32(%rdi)\n';
    for (let i = 0; i < 16; i++) asm += `movdqu %xmm${i}, ${136 + 16 * i}(%rdi)\n`;
    asm += 'stmxcsr 392(%rdi)\nmov saved_rsp(%rip), %rsp\npop %r15\npop %r14\npop %r13\npop %r12\npop %rbp\npop %rbx\nret\n';
    c += `void run_${k}(struct st *);\n`;
  });
  asm += '.data\n.globl saved_rsp_\n';
  c = c.replace('static uint64_t saved_rsp; static struct st *saved_state;', 'uint64_t saved_rsp; struct st *saved_state;');
  c += 'int main(void) {\n';
  c += `  uint8_t *d = mmap((void*)${DATA}, ${DATA_SIZE}, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED, -1, 0);\n`;
  c += '  if (d == MAP_FAILED) return 1;\n  struct st s;\n';
  snips.forEach((s, k) => {
    const g = initialGprs(s);
    c += `  for (int i = 0; i < ${DATA_SIZE}; i++) d[i] = (uint8_t)(i * 37 + 11);\n`;
    if (s.data) c += `  { static const uint8_t init[${s.data.length}] = {${Array.from(s.data).join(',')}}; memcpy(d, init, sizeof init); }\n`;
    c += '  memset(&s, 0, sizeof s);\n';
    g.forEach((v, i) => (c += `  s.g[${i}] = ${u64hex(v)}ULL;\n`));
    c += `  s.fl = ${u64hex(s.rflags ?? 0x202n)}ULL;\n  s.mx = ${s.mxcsr ?? 0x1f80};\n`;
    for (const [i, v] of Object.entries(s.xmm ?? {})) {
      for (let b = 0; b < 16; b++) c += `  s.x[${Number(i) * 16 + b}] = ${Number((BigInt.asUintN(128, v) >> BigInt(8 * b)) & 0xffn)};\n`;
    }
    c += `  run_${k}(&s); dump(&s, d);\n`;
  });
  c += '  return 0;\n}\n';
  writeFileSync(join(dir, 'snip.S'), asm);
  writeFileSync(join(dir, 'main.c'), c);
  execFileSync('gcc', ['-static', '-O0', '-o', join(dir, 'snip'), join(dir, 'main.c'), join(dir, 'snip.S')], { stdio: 'pipe' });
  const out = execFileSync(join(dir, 'snip'), { maxBuffer: 1 << 28 }).toString().trim().split('\n');
  return out.map((line) => {
    const j = JSON.parse(line);
    return {
      gpr: j.gpr.map((h: string) => BigInt('0x' + h)),
      rflags: BigInt('0x' + j.rflags),
      xmm: j.xmm.map((h: string) => BigInt('0x' + h)),
      mxcsr: j.mxcsr,
      data: j.data,
    };
  });
}

const assembled = new Map<string, Uint8Array>();

/** prepareAssembly assembles many snippets with one assembler run (runEmulated then finds them cached). */
export function prepareAssembly(asms: string[]): void {
  const todo = [...new Set(asms)].filter((a) => !assembled.has(a));
  if (todo.length === 0) return;
  const dir = mkdtempSync(join(tmpdir(), 'enclu-as-'));
  let src = '.text\n';
  todo.forEach((a, k) => (src += `snip_${k}:\n${a}\nint3\nsnip_${k}_end:\n`));
  writeFileSync(join(dir, 'a.S'), src);
  execFileSync('gcc', ['-c', '-o', join(dir, 'a.o'), join(dir, 'a.S')], { stdio: 'pipe' });
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')], { stdio: 'pipe' });
  const bin = new Uint8Array(readFileSync(join(dir, 'a.bin')));
  const syms = new Map<string, number>();
  for (const line of execFileSync('nm', [join(dir, 'a.o')]).toString().split('\n')) {
    const [addr, , name] = line.trim().split(/\s+/);
    if (name) syms.set(name, parseInt(addr, 16));
  }
  todo.forEach((a, k) => assembled.set(a, bin.slice(syms.get(`snip_${k}`)!, syms.get(`snip_${k}_end`)!)));
}

/** assemble returns the machine code of `asm` (GNU as, AT&T syntax) followed by INT3. */
export function assemble(asm: string): Uint8Array {
  const cached = assembled.get(asm);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'enclu-as-'));
  writeFileSync(join(dir, 'a.S'), `.text\n${asm}\nint3\n`);
  execFileSync('gcc', ['-c', '-o', join(dir, 'a.o'), join(dir, 'a.S')], { stdio: 'pipe' });
  execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(join(dir, 'a.bin')));
}

/** runEmulated runs one snippet in the emulator from the same initial state as runNative. */
export function runEmulated(s: Snippet, maxInsns = 10_000_000): SnippetState {
  const code = assemble(s.asm);
  const mem = new AddressSpace();
  mem.map(CODE, Math.ceil(code.length / 4096) * 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  mem.map(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
  mem.pokeBytes(DATA, initialData(s));
  const cpu = new CPU(mem);
  initialGprs(s).forEach((v, i) => cpu.setReg(i, v));
  cpu.rflags = Number(s.rflags ?? 0x202n);
  cpu.mxcsr = s.mxcsr ?? 0x1f80;
  for (const [i, v] of Object.entries(s.xmm ?? {})) {
    const u = BigInt.asUintN(128, v);
    for (let l = 0; l < 4; l++) cpu.xmm[Number(i) * 4 + l] = Number((u >> BigInt(32 * l)) & 0xffffffffn) | 0;
  }
  cpu.rip = CODE;
  const engine = new Engine(cpu);
  const exit = engine.run(maxInsns);
  const ex = cpu.exception;
  if (exit !== Exit.Exception || !ex || ex.vector !== Vector.BP || ex.rip !== CODE + code.length) {
    throw new Error(`snippet ${s.name} did not reach its end: exit ${exit}, ${JSON.stringify(ex)}`);
  }
  // The native harness saves RFLAGS and RDI just below the final RSP: mirror that.
  const sp = cpu.getRegNum(4);
  mem.w64(sp - 8, cpu.rflags | 0, 0);
  mem.w64(sp - 16, cpu.r[14], cpu.r[15]);
  const xmm: bigint[] = [];
  for (let i = 0; i < 16; i++) {
    let v = 0n;
    for (let l = 3; l >= 0; l--) v = (v << 32n) | BigInt(cpu.xmm[i * 4 + l] >>> 0);
    xmm.push(v);
  }
  return {
    gpr: Array.from({ length: 16 }, (_, i) => cpu.getReg(i)),
    rflags: BigInt(cpu.rflags),
    xmm,
    mxcsr: cpu.mxcsr,
    data: Buffer.from(mem.readBytes(DATA, DATA_SIZE)).toString('hex'),
  };
}

/** describeDiff lists the differences between two states (empty when equal under `flagsMask`). */
export function describeDiff(a: SnippetState, b: SnippetState, flagsMask = 0x8d5n | 0x400n): string[] {
  const out: string[] = [];
  a.gpr.forEach((v, i) => {
    if (v !== b.gpr[i]) out.push(`${NAMES[i]}: native ${u64hex(v)} emulated ${u64hex(b.gpr[i])}`);
  });
  if ((a.rflags & flagsMask) !== (b.rflags & flagsMask))
    out.push(`rflags&${u64hex(flagsMask)}: native ${u64hex(a.rflags & flagsMask)} emulated ${u64hex(b.rflags & flagsMask)}`);
  a.xmm.forEach((v, i) => {
    if (v !== b.xmm[i]) out.push(`xmm${i}: native ${v.toString(16)} emulated ${b.xmm[i].toString(16)}`);
  });
  if (a.mxcsr !== b.mxcsr) out.push(`mxcsr: native ${a.mxcsr.toString(16)} emulated ${b.mxcsr.toString(16)}`);
  if (a.data !== b.data) {
    for (let i = 0; i < a.data.length; i += 2) {
      if (a.data.slice(i, i + 2) !== b.data.slice(i, i + 2)) {
        out.push(`data differs first at DATA+${(i / 2).toString(16)}`);
        break;
      }
    }
  }
  return out;
}
