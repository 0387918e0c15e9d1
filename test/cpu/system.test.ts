import { describe, expect, it } from 'vitest';
import { type Snippet, DATA, DATA_SIZE, assemble, describeDiff, runEmulated, runNative } from './snippet.js';
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit, RAX, RBX, RCX, RDX, RSP } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';
import { Vector } from '../../src/cpu/exceptions.js';
import { BRAND, DEFAULT_FEATURES, FEATURE_BITS, type FeatureName, cpuid, features } from '../../src/cpu/cpuid.js';
import { MXCSR_MASK, fxrstorImage, fxsaveImage } from '../../src/cpu/xsave.js';
import { segmentSelectors } from '../../src/cpu/exec/system.js';

const D = BigInt(DATA);

// ---- native oracles ------------------------------------------------------------------------------

const snips: Snippet[] = [];
/** Offsets (in the data region) of FXSAVE images whose MXCSR_MASK field differs by vendor. */
const maskAt = new Map<string, number[]>();

// PUSHF / POPF
for (const fl of [0x202n, 0x2d7n, 0xa83n, 0x8d5n | 0x202n]) {
  snips.push({ name: `pushfq reads flags ${fl.toString(16)}`, asm: 'pushfq\npop %rax', rflags: fl });
  snips.push({ name: `pushfw reads flags ${fl.toString(16)}`, asm: 'pushfw\npopw %ax', rflags: fl, regs: { rax: -1n } });
}
for (const v of [0n, 0x8d5n, 0x255n, 0x880n]) {
  snips.push({ name: `popfq loads arithmetic flags ${v.toString(16)}`, asm: `push $${v}\npopfq\npushfq\npop %rbx\nsetc %cl\nseto %dl\nsetz %r8b` });
  // (16-bit push through a store: the point is POPF with a 16-bit operand.)
  snips.push({ name: `popfw loads arithmetic flags ${v.toString(16)}`, asm: `sub $2, %rsp\nmovw $${v}, (%rsp)\npopfw\npushfq\npop %rbx`, rflags: 0xad7n });
}
snips.push({ name: 'std/cld seen by pushf', asm: 'std\npushfq\npop %rax\ncld\npushfq\npop %rbx' });
snips.push({ name: 'popf sets and clears DF', asm: 'push $0x602\npopfq\npushfq\npop %rax\nmovsb\npush $0x202\npopfq\nmovsb', regs: { rsi: D + 0x20n, rdi: D + 0x40n } });
snips.push({
  name: 'popf sets and clears AC',
  asm: 'pushfq\norl $0x40000, (%rsp)\npopfq\npushfq\npop %rax\npushfq\nandl $~0x40000, (%rsp)\npopfq\npushfq\npop %rbx',
});
snips.push({
  name: 'popf sets and clears ID',
  asm: 'pushfq\norl $0x200000, (%rsp)\npopfq\npushfq\npop %rax\npushfq\nandl $~0x200000, (%rsp)\npopfq\npushfq\npop %rbx',
});
snips.push({
  name: 'popf sets and clears NT',
  asm: 'pushfq\norl $0x4000, (%rsp)\npopfq\npushfq\npop %rax\npushfq\nandl $~0x4000, (%rsp)\npopfq\npushfq\npop %rbx',
});
snips.push({
  name: 'popf cannot change IF or IOPL at CPL 3',
  asm: 'pushfq\nandl $~0x200, (%rsp)\norl $0x3000, (%rsp)\npopfq\npushfq\npop %rax',
});
snips.push({
  name: 'popf of all ones except TF',
  asm: 'push $~0x100\npopfq\npushfq\npop %rax\npush $0x202\npopfq',
});
snips.push({ name: 'popf cannot set RF or VM', asm: 'push $0x30202\npopfq\npushfq\npop %rax' });
// IRETQ to the same privilege level.
snips.push({
  name: 'iretq to CPL 3',
  asm:
    'mov %rsp, %rax\nsub $64, %rax\npush $0x2b\npush %rax\npush $0x8d7\npush $0x33\nlea 1f(%rip), %rcx\npush %rcx\niretq\n' +
    'ud2\n1: movq $0, 24(%rsp)\npushfq\npop %rdx\nmov %rsp, %r8\nadd $64, %rsp\nlea 1b(%rip), %r9\nsub %r9, %rcx\nxor %r9d, %r9d',
});
// Segment registers.
snips.push({ name: 'read segment registers', asm: 'mov %cs, %eax\nmov %ss, %ebx\nmov %ds, %ecx\nmov %es, %edx\nmov %ss, %r8w\nmov %cs, %r9\nmov %ss, 8(%rsi)', regs: { rax: -1n, r8: -1n, r9: -1n, rsi: D } });
snips.push({ name: 'load DS with null and with USER_DS', asm: 'xor %eax, %eax\nmov %eax, %ds\nmov %ds, %ebx\nmov $0x2b, %ecx\nmov %ecx, %ds\nmov %ds, %edx\nmov %eax, %ds\nmov %eax, %es' });
snips.push({ name: 'load SS with USER_DS', asm: 'mov $0x2b, %eax\nmov %eax, %ss\nmov %ss, %ebx' });
// CLFLUSH on mapped memory is a no-op.
snips.push({ name: 'clflush/clflushopt', asm: 'clflush (%rsi)\nclflushopt 64(%rsi)\nmov $1, %eax', regs: { rsi: D } });

// FXSAVE / XSAVE. x87 is put in its initial configuration with XRSTOR of an all-zero header
// (XSTATE_BV = 0), which works the same natively and in the emulator.
const AREA = 0x1000; // zeroed 576-byte area used to initialize
const OUT = 0x1400; // output area (64-byte aligned)
const OUT2 = 0x1800;
const IMG = 0x2000; // crafted FXSAVE image
const XIMG = 0x2400; // crafted XSAVE area

function crafted(): Uint8Array {
  const d = new Uint8Array(0x2800);
  for (let i = 0; i < d.length; i++) d[i] = (i * 37 + 11) & 0xff;
  d.fill(0, AREA, AREA + 576);
  // FXSAVE image at IMG: FCW, FSW (TOP = 5, C3, C0, PE, DE), abridged FTW, FOP/FIP/FDP 0.
  const img = d.subarray(IMG, IMG + 512);
  const dv = new DataView(img.buffer, img.byteOffset, 512);
  img.fill(0, 0, 32);
  dv.setUint16(0, 0x0a7f, true);
  dv.setUint16(2, (5 << 11) | 0x4000 | 0x0100 | 0x20 | 0x2, true);
  img[4] = 0xa6;
  dv.setUint32(24, 0x3fa5, true);
  dv.setUint32(28, 0xffff, true);
  for (let i = 0; i < 8; i++) img.fill(0, 32 + 16 * i + 10, 32 + 16 * i + 16);
  // XSAVE area at XIMG: x87 + SSE as in IMG, header XSTATE_BV chosen per snippet (patched there).
  d.set(img, XIMG);
  d.fill(0, XIMG + 512, XIMG + 576);
  return d;
}
const fxData = crafted();
const XMM = { 0: 0x0123456789abcdef0011223344556677n, 5: -1n, 9: 0x8000000000000001n << 64n, 15: 0xdeadbeefn };

function fxSnip(name: string, asm: string, areas: number[], extra: Partial<Snippet> = {}): void {
  snips.push({ name, asm, data: fxData, xmm: XMM, mxcsr: 0x1f80 | 0x21, regs: { rbx: D + BigInt(AREA), rsi: D + BigInt(OUT), rdi: D + BigInt(OUT2), r8: D + BigInt(IMG), r9: D + BigInt(XIMG) }, ...extra });
  maskAt.set(name, areas);
}
const INIT = 'mov $1, %eax\nxor %edx, %edx\nxrstor64 (%rbx)\n';
fxSnip('fxsave64 after x87 init', `${INIT}fxsave64 (%rsi)`, [OUT]);
fxSnip('fxsave (32-bit format) after x87 init', `${INIT}fxsave (%rsi)`, [OUT]);
fxSnip('fxrstor64 then fxsave64 round trip', 'fxrstor64 (%r8)\nfxsave64 (%rsi)', [OUT]);
fxSnip('fxrstor then fxsave round trip (32-bit format)', 'fxrstor (%r8)\nfxsave (%rsi)', [OUT]);
fxSnip('xrstor with XSTATE_BV = 0 initializes x87 and SSE, loads MXCSR', 'movl $0x1fa0, 24(%rbx)\nmov $3, %eax\nxor %edx, %edx\nxrstor64 (%rbx)\nfxsave64 (%rsi)', [OUT]);
fxSnip('xrstor SSE only with XSTATE_BV = 0 keeps x87', 'fxrstor64 (%r8)\nmov $2, %eax\nxor %edx, %edx\nxrstor64 (%rbx)\nfxsave64 (%rsi)', [OUT]);
for (const bv of [0, 1, 2, 3]) {
  for (const rfbm of [1, 2, 3]) {
    fxSnip(
      `xrstor64 XSTATE_BV=${bv} RFBM=${rfbm}, then xsave64`,
      `${INIT}movb $${bv}, 512(%r9)\nmov $${rfbm}, %eax\nmov $-1, %edx\nxrstor64 (%r9)\nmov $3, %eax\nxor %edx, %edx\nxsave64 (%rsi)`,
      [OUT],
    );
  }
}
for (const rfbm of [0, 1, 2, 3]) {
  // MXCSR and MXCSR_MASK are written only when RFBM[1] (or RFBM[2]) is set.
  const mx = rfbm & 2 ? [OUT] : [];
  fxSnip(`xsave64 RFBM=${rfbm} after fxrstor64`, `fxrstor64 (%r8)\nmov $${rfbm}, %eax\nxor %edx, %edx\nxsave64 (%rsi)`, mx);
  fxSnip(`xsave RFBM=${rfbm} (32-bit format) after fxrstor`, `fxrstor (%r8)\nmov $${rfbm}, %eax\nxor %edx, %edx\nxsave (%rsi)`, mx);
}
fxSnip('xsave64 of the initial configuration', `mov $3, %eax\nxor %edx, %edx\nxrstor64 (%rbx)\nmovl $0x1f80, 24(%rbx)\nxrstor64 (%rbx)\nxsave64 (%rsi)`, [OUT]);
fxSnip('xsave then xrstor round trip', `fxrstor64 (%r8)\nmovq $0, 512(%rsi)\nmovq $0, 520(%rsi)\nmovq $0, 528(%rsi)\nmov $3, %eax\nxor %edx, %edx\nxsave64 (%rsi)\nxrstor64 (%rbx)\nxrstor64 (%rsi)\nfxsave64 (%rdi)`, [OUT, OUT2]);

/** patchMask replaces a native MXCSR_MASK (0xFFFF on Intel, 0x2FFFF on AMD) with the emulated one. */
function patchMask(native: string, emu: string, offs: number[]): string {
  let out = native;
  for (const o of offs) {
    const at = 2 * (o + 28);
    const v = parseInt(native.slice(at, at + 8).match(/../g)!.reverse().join(''), 16);
    expect(v & 0xffff, 'native MXCSR_MASK covers bits 15:0').toBe(0xffff);
    out = out.slice(0, at) + emu.slice(at, at + 8) + out.slice(at + 8);
  }
  return out;
}

describe('system instructions match the real CPU', () => {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      const offs = maskAt.get(s.name);
      const nat = offs ? { ...native[k], data: patchMask(native[k].data, emu.data, offs) } : native[k];
      expect(describeDiff(nat, emu), s.asm).toEqual([]);
    });
  });

  it('the emulated MXCSR_MASK is the Intel value and the native one includes it', () => {
    const k = snips.findIndex((s) => s.name === 'fxsave64 after x87 init');
    const hex = native[k].data.slice(2 * (OUT + 28), 2 * (OUT + 32));
    const v = parseInt(hex.match(/../g)!.reverse().join(''), 16);
    expect(MXCSR_MASK).toBe(0xffff);
    expect(v & MXCSR_MASK).toBe(MXCSR_MASK);
  });
});

// ---- emulator-only ---------------------------------------------------------------------------------

const CODE = 0x400000;

interface Run {
  cpu: CPU;
  engine: Engine;
  mem: AddressSpace;
  exit: Exit;
  /** Address of the trailing INT3 (the end of the assembled code). */
  end: number;
}

function emu(asm: string, setup?: (cpu: CPU, mem: AddressSpace) => void): Run {
  const code = assemble(asm);
  const mem = new AddressSpace();
  mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  mem.map(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
  const cpu = new CPU(mem);
  cpu.rip = CODE;
  cpu.setRegNum(RSP, DATA + DATA_SIZE - 256);
  setup?.(cpu, mem);
  const engine = new Engine(cpu);
  const exit = engine.run(10_000);
  return { cpu, engine, mem, exit, end: CODE + code.length - 1 };
}

function expectFault(r: Run, vector: number, errorCode = 0, rip?: number): void {
  expect(r.exit).toBe(Exit.Exception);
  expect(r.cpu.exception!.vector, r.cpu.exception!.detail).toBe(vector);
  expect(r.cpu.exception!.errorCode).toBe(errorCode);
  if (rip !== undefined) expect(r.cpu.exception!.rip).toBe(rip);
}

function expectEnd(r: Run): void {
  expect(r.exit).toBe(Exit.Exception);
  expect(r.cpu.exception!.vector, r.cpu.exception!.detail).toBe(Vector.BP);
  expect(r.cpu.exception!.rip).toBe(r.end + 1);
}

const u32 = (v: number) => v >>> 0;
const str = (...regs: number[]) => regs.map((v) => String.fromCharCode(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24)).join('');

describe('CPUID', () => {
  it('leaf 0: GenuineIntel, max basic leaf 0x12', () => {
    const [a, b, c, d] = cpuid(null, 0, 0);
    expect(a).toBe(0x12);
    expect(str(b, d, c)).toBe('GenuineIntel');
  });

  it('leaf 1: Skylake family 6 model 0x5E stepping 3, CLFLUSH line 64 bytes', () => {
    const [a, b] = cpuid(null, 1, 0);
    expect(a & 0xf).toBe(3);
    expect(((a >> 8) & 0xf) === 6 && (((a >> 16) & 0xf) << 4 | ((a >> 4) & 0xf))).toBe(0x5e);
    expect(((b >> 8) & 0xff) * 8).toBe(64);
  });

  it('every feature flag in the CPUID output matches the features object', () => {
    for (const name of Object.keys(FEATURE_BITS) as FeatureName[]) {
      const fb = FEATURE_BITS[name];
      const regs = cpuid(null, fb.leaf, fb.subleaf);
      const reg = regs[['eax', 'ebx', 'ecx', 'edx'].indexOf(fb.reg)];
      expect(((reg >>> fb.bit) & 1) === 1, name).toBe(features[name]);
    }
    // No bit is set that the table does not describe.
    const described = new Map<string, number>();
    for (const fb of Object.values(FEATURE_BITS)) {
      const key = `${fb.leaf}.${fb.subleaf}.${fb.reg}`;
      described.set(key, (described.get(key) ?? 0) | (1 << fb.bit));
    }
    for (const [leaf, sub, reg, i] of [[1, 0, 'ecx', 2], [1, 0, 'edx', 3], [7, 0, 'ebx', 1], [7, 0, 'ecx', 2], [7, 0, 'edx', 3], [0x80000001, 0, 'ecx', 2], [0x80000001, 0, 'edx', 3]] as const) {
      const v = cpuid(null, leaf, sub)[i];
      expect(u32(v & ~(described.get(`${leaf}.${sub}.${reg}`) ?? 0)), `${leaf.toString(16)}.${reg}`).toBe(0);
    }
  });

  it('advertises the baseline the model needs and keeps unimplemented families off', () => {
    // Every implemented family is advertised (SSE3..SSE4.2, POPCNT, LZCNT, BMI1/2 are complete and
    // tested against the real CPU); families without handlers stay off.
    for (const f of ['fpu', 'tsc', 'cx8', 'cmov', 'clfsh', 'fxsr', 'sse', 'sse2', 'sse3', 'ssse3', 'sse41', 'sse42',
      'popcnt', 'lzcnt', 'bmi1', 'bmi2', 'cx16', 'xsave', 'osxsave', 'lahfLm', 'syscall', 'nx', 'rdtscp', 'lm'] as const) {
      expect(DEFAULT_FEATURES[f], f).toBe(true);
    }
    for (const f of ['mmx', 'movbe', 'avx', 'rdrand', 'rdseed', 'hypervisor', 'fsgsbase', 'sgx'] as const) {
      expect(DEFAULT_FEATURES[f], f).toBe(false);
    }
  });

  it('features can be switched on and are reflected in leaf 1', () => {
    // MOVBE: CPUID.1:ECX bit 22, off by default.
    features.movbe = true;
    try {
      expect((cpuid(null, 1, 0)[2] >>> 22) & 1).toBe(1);
    } finally {
      features.movbe = false;
    }
    expect((cpuid(null, 1, 0)[2] >>> 22) & 1).toBe(0);
  });

  it('leaf 4 describes L1d 32K, L1i 32K, L2 256K, L3 8M and then no more caches', () => {
    const sizes: string[] = [];
    for (let i = 0; ; i++) {
      const [a, b, c] = cpuid(null, 4, i);
      if ((a & 0x1f) === 0) break;
      const ways = (b >>> 22) + 1, parts = ((b >>> 12) & 0x3ff) + 1, line = (b & 0xfff) + 1, sets = c + 1;
      sizes.push(`L${(a >> 5) & 7}${['', 'd', 'i', ''][a & 0x1f]} ${(ways * parts * line * sets) / 1024}K`);
    }
    expect(sizes).toEqual(['L1d 32K', 'L1i 32K', 'L2 256K', 'L3 8192K']);
    expect(cpuid(null, 2, 0)[0] & 0xff).toBe(1);
  });

  it('leaf 7, 0xB, 0xD, 0x12', () => {
    expect(cpuid(null, 7, 0)[1] & 4).toBe(0); // SGX off for now
    expect(cpuid(null, 7, 0)[1] & 1).toBe(0); // no FSGSBASE
    expect(cpuid(null, 0xb, 0)).toEqual([0, 1, 0x100, 0]);
    expect(cpuid(null, 0xb, 1)).toEqual([0, 1, 0x201, 0]);
    expect(cpuid(null, 0xb, 2)[2] & 0xff00).toBe(0);
    expect(cpuid(null, 0xd, 0)).toEqual([3, 576, 576, 0]);
    expect(cpuid(null, 0xd, 1)).toEqual([0, 0, 0, 0]);
    expect(cpuid(null, 0x12, 0)).toEqual([0, 0, 0, 0]);
  });

  it('extended leaves: max, flags, brand string, L2, address sizes', () => {
    expect(u32(cpuid(null, 0x80000000, 0)[0])).toBe(0x80000008);
    let brand = '';
    for (let l = 0x80000002; l <= 0x80000004; l++) brand += str(...cpuid(null, l, 0));
    expect(brand.replace(/\0+$/, '')).toBe(BRAND);
    expect(BRAND).toBe('enclu virtual x86-64 CPU');
    expect(u32(cpuid(null, 0x80000006, 0)[2]) >>> 16).toBe(256);
    expect(cpuid(null, 0x80000008, 0)[0]).toBe(0x3027);
  });

  it('leaves above the maximum return the highest basic leaf', () => {
    for (const l of [0x13, 0x1f, 0x40000000, 0x80000009, 0x8fffffff, 0xffffffff]) {
      expect(cpuid(null, l, 0), l.toString(16)).toEqual(cpuid(null, 0x12, 0));
    }
  });

  it('the CPUID instruction writes zero-extended EAX EBX ECX EDX', () => {
    const r = emu('cpuid', (c) => {
      c.setReg(RAX, 0xffffffff00000000n);
      c.setReg(RCX, 0xffffffff00000000n);
      c.setReg(RBX, -1n);
      c.setReg(RDX, -1n);
    });
    expectEnd(r);
    expect(r.cpu.getReg(RAX)).toBe(0x12n);
    expect(str(Number(r.cpu.getReg(RBX)), Number(r.cpu.getReg(RDX)), Number(r.cpu.getReg(RCX)))).toBe('GenuineIntel');
  });
});

describe('RDTSC / RDTSCP / XGETBV', () => {
  const prog = 'rdtsc\nshl $32, %rdx\nor %rax, %rdx\nmov %rdx, %r8\nnop\nnop\nrdtsc\nshl $32, %rdx\nor %rax, %rdx\nmov %rdx, %r9\nmov $-1, %rcx\nrdtscp\nshl $32, %rdx\nor %rax, %rdx\nmov %rdx, %r10';
  it('is monotonic and deterministic; RDTSCP sets ECX = TSC_AUX = 0', () => {
    const a = emu(prog);
    const b = emu(prog);
    expectEnd(a);
    const t = [8, 9, 10].map((n) => a.cpu.getReg(n));
    expect(t[0] < t[1] && t[1] < t[2]).toBe(true);
    expect([8, 9, 10].map((n) => b.cpu.getReg(n))).toEqual(t);
    expect(a.cpu.getReg(RCX)).toBe(0n);
  });

  it('XGETBV(0) = XCR0 = x87|SSE; other XCRs #GP(0)', () => {
    const r = emu('xor %ecx, %ecx\nxgetbv', (c) => c.setReg(RDX, -1n));
    expectEnd(r);
    expect(r.cpu.getReg(RAX)).toBe(3n);
    expect(r.cpu.getReg(RDX)).toBe(0n);
    expectFault(emu('mov $1, %ecx\nxgetbv'), Vector.GP, 0, CODE + 5);
    expectFault(emu('xor %ecx, %ecx\nxor %eax, %eax\nxor %edx, %edx\nxsetbv'), Vector.GP, 0);
  });
});

describe('software interrupts and privileged instructions at CPL 3', () => {
  it('int $0x80 exits to the kernel with RIP after it', () => {
    const r = emu('nop\nint $0x80\nnop');
    expect(r.exit).toBe(Exit.Int80);
    expect(r.cpu.rip).toBe(CODE + 3);
  });

  it('int $3 / int $4 trap after the instruction; other vectors #GP((n<<3)|2) at it', () => {
    expectFault(emu('nop\n.byte 0xcd, 3'), Vector.BP, 0, CODE + 3);
    expectFault(emu('nop\nint $4'), Vector.OF, 0, CODE + 3);
    expectFault(emu('nop\nint $0x21'), Vector.GP, (0x21 << 3) | 2, CODE + 1);
    expectFault(emu('nop\nint $1'), Vector.GP, (1 << 3) | 2, CODE + 1);
    expectFault(emu('nop\nint $0xff'), Vector.GP, (0xff << 3) | 2, CODE + 1);
  });

  it('INT1 (ICEBP) is a #DB trap; INTO is #UD', () => {
    expectFault(emu('nop\n.byte 0xf1\nnop'), Vector.DB, 0, CODE + 2);
    expectFault(emu('nop\n.byte 0xce'), Vector.UD, 0, CODE + 1);
  });

  const gp = [
    'in %dx, %al', 'out %al, %dx', 'in $0x80, %al', 'insb', 'outsb', 'rep outsb', 'cli', 'sti', 'lgdt (%rsp)', 'lidt (%rsp)',
    'lldt %ax', 'ltr %ax', 'lmsw %ax', 'clts', 'rdmsr', 'wrmsr', 'invlpg (%rsp)', 'invd', 'wbinvd', 'swapgs', 'sysretq', 'sysexitq',
    'rdpmc', 'hlt', 'mov %cr0, %rax', 'mov %rax, %cr3', 'mov %cr8, %rax', 'mov %dr7, %rax', 'mov %rax, %dr0',
  ];
  for (const asm of gp) {
    it(`${asm} raises #GP(0) without side effects`, () => {
      const r = emu(`nop\n${asm}`, (c) => c.setReg(RCX, 0x10n));
      expectFault(r, Vector.GP, 0, CODE + 1);
      expect(r.cpu.getReg(RCX)).toBe(0x10n);
    });
  }

  for (const asm of ['ud2', 'ud1 %eax, %eax', 'ud0 %eax, %eax', 'encls', '.byte 0xce']) {
    it(`${asm} raises #UD`, () => expectFault(emu(`nop\n${asm}`), Vector.UD, 0, CODE + 1));
  }
  it('ENCLU and RDRAND/RDSEED/RDFSBASE are not available (#UD)', () => {
    for (const asm of ['enclu', 'rdrand %eax', 'rdseed %eax', 'rdfsbase %rax', 'wrgsbase %rax']) {
      expectFault(emu(`nop\n${asm}`), Vector.UD, 0, CODE + 1);
    }
  });
});

describe('PUSHF/POPF/IRETQ', () => {
  it('POPF setting TF traps after the following instruction', () => {
    const r = emu('push $0x302\npopfq\nnop\nnop\nnop');
    expectFault(r, Vector.DB, 0, CODE + 5 + 1 + 1);
  });

  it('pushed RFLAGS never has RF or VM', () => {
    const r = emu('pushfq\npop %rax', (c) => {
      c.flagsOther |= 3 << 16;
    });
    expect(r.cpu.getReg(RAX) & 0x30000n).toBe(0n);
  });

  const frame = (cs: number, ss: number, rip = 'lea 1f(%rip), %rcx') =>
    `mov %rsp, %rax\npush $${ss}\npush %rax\npush $0x202\npush $${cs}\n${rip}\npush %rcx\niretq\n1: nop`;
  it('IRETQ to CPL 3 with the user selectors', () => expectEnd(emu(frame(0x33, 0x2b))));
  it('IRETQ with a bad CS or SS raises #GP(selector)', () => {
    expectFault(emu(frame(0x23, 0x2b)), Vector.GP, 0x20);
    expectFault(emu(frame(0x10, 0x2b)), Vector.GP, 0x10);
    expectFault(emu(frame(0x33, 0x18)), Vector.GP, 0x18);
    expectFault(emu(frame(0x33, 0)), Vector.GP, 0);
  });
  it('IRETQ to a non-canonical RIP raises #GP(0); with NT set #GP(0)', () => {
    expectFault(emu(frame(0x33, 0x2b, 'movabs $0x800000000000, %rcx')), Vector.GP, 0);
    const r = emu(`pushfq\norl $0x4000, (%rsp)\npopfq\n${frame(0x33, 0x2b)}`);
    expectFault(r, Vector.GP, 0);
  });
});

describe('segment registers', () => {
  it('reads give the Linux user selectors', () => {
    const r = emu('mov %cs, %eax\nmov %ss, %ebx\nmov %fs, %ecx\nmov %gs, %edx');
    expectEnd(r);
    expect([RAX, RBX, RCX, RDX].map((n) => r.cpu.getReg(n))).toEqual([0x33n, 0x2bn, 0n, 0n]);
  });

  it('loading FS/GS with a null or flat selector sets the base to 0', () => {
    const r = emu('xor %eax, %eax\nmov %eax, %fs\nmov $0x2b, %eax\nmov %eax, %gs\nmov %gs, %ebx\npush %fs\npop %rcx', (c) => {
      c.fsBase = 0x1234000;
      c.gsBase = 0x5678000;
    });
    expectEnd(r);
    expect(r.cpu.fsBase).toBe(0);
    expect(r.cpu.gsBase).toBe(0);
    expect(r.cpu.getReg(RBX)).toBe(0x2bn);
    expect(r.cpu.getReg(RCX)).toBe(0n);
    expect(Array.from(segmentSelectors(r.cpu))).toEqual([0, 0x33, 0x2b, 0, 0, 0x2b]);
  });

  it('other selectors raise #GP(selector); SS accepts only USER_DS', () => {
    expectFault(emu('mov $0x10, %eax\nmov %eax, %ds'), Vector.GP, 0x10);
    expectFault(emu('mov $0x1f, %eax\nmov %eax, %fs'), Vector.GP, 0x1c, CODE + 5);
    expectFault(emu('mov $0x2c, %eax\nmov %eax, %es'), Vector.GP, 0x2c);
    expectFault(emu('xor %eax, %eax\nmov %eax, %ss'), Vector.GP, 0);
    expectFault(emu('mov $0x33, %eax\nmov %eax, %ss'), Vector.GP, 0x30);
    const r = emu('mov $0x10, %eax\nmov %eax, %fs', (c) => {
      c.fsBase = 0x1234000;
    });
    expect(r.cpu.fsBase).toBe(0x1234000);
  });
});

describe('CLFLUSH', () => {
  it('faults like a read on unmapped memory', () => {
    for (const asm of ['clflush (%rsi)', 'clflushopt (%rsi)']) {
      const r = emu(asm, (c) => c.setRegNum(6, 0x7000000));
      expectFault(r, Vector.PF, 4, CODE);
      expect(r.cpu.exception!.cr2).toBe(0x7000000);
    }
    expectEnd(emu('clflush (%rsi)', (c) => c.setRegNum(6, DATA + 100)));
  });
});

describe('FXSAVE/FXRSTOR/XSAVE/XRSTOR faults', () => {
  const at = (off: number) => (c: CPU) => c.setRegNum(6, DATA + off);
  it('alignment: FXSAVE/FXRSTOR need 16 bytes, XSAVE/XRSTOR 64', () => {
    for (const asm of ['fxsave (%rsi)', 'fxsave64 (%rsi)', 'fxrstor (%rsi)', 'fxrstor64 (%rsi)']) {
      expectFault(emu(asm, at(8)), Vector.GP, 0, CODE);
    }
    for (const asm of ['xsave (%rsi)', 'xsave64 (%rsi)', 'xrstor (%rsi)', 'xrstor64 (%rsi)']) {
      expectFault(emu(`mov $3, %eax\nxor %edx, %edx\n${asm}`, at(0x30)), Vector.GP, 0);
    }
  });

  it('FXRSTOR with reserved MXCSR bits raises #GP(0) and changes nothing', () => {
    for (const bad of [0x10000, 0x20000, 0x80000000]) {
      const r = emu('fxrstor64 (%rsi)', (c, m) => {
        at(0x100)(c);
        const img = new Uint8Array(512);
        new DataView(img.buffer).setUint32(24, 0x1f80 | bad, true);
        img[160] = 0x77;
        m.pokeBytes(DATA + 0x100, img);
        c.xmm[0] = 5;
      });
      expectFault(r, Vector.GP, 0, CODE);
      expect(r.cpu.xmm[0]).toBe(5);
      expect(r.cpu.mxcsr).toBe(0x1f80);
    }
  });

  function xrstorWith(edit: (dv: DataView) => void, eax = 3): Run {
    return emu(`mov $${eax}, %eax\nxor %edx, %edx\nxrstor64 (%rsi)`, (c, m) => {
      at(0x100)(c);
      const area = new Uint8Array(576);
      const dv = new DataView(area.buffer);
      dv.setUint32(24, 0x1f80, true);
      area[512] = 3;
      area[160] = 0x99;
      edit(dv);
      m.pokeBytes(DATA + 0x100, area);
      c.xmm[0] = 5;
    });
  }
  it('XRSTOR header checks raise #GP(0) before any change', () => {
    const bad: [string, (dv: DataView) => void][] = [
      ['compacted format', (dv) => dv.setUint32(520 + 4, 0x80000000, true)],
      ['XCOMP_BV bit 0', (dv) => dv.setUint32(520, 1, true)],
      ['header bytes 16..23', (dv) => dv.setUint8(512 + 17, 1)],
      ['XSTATE_BV bit 2 (AVX, not in XCR0)', (dv) => dv.setUint8(512, 7)],
      ['XSTATE_BV bit 63', (dv) => dv.setUint32(516, 0x80000000, true)],
      ['reserved MXCSR bit', (dv) => dv.setUint32(24, 0x1f80 | 0x10000, true)],
    ];
    for (const [what, edit] of bad) {
      const r = xrstorWith(edit);
      expect(r.cpu.exception?.vector, what).toBe(Vector.GP);
      expect(r.cpu.exception?.errorCode).toBe(0);
      expect(r.cpu.xmm[0], what).toBe(5);
    }
    // MXCSR is not loaded (nor checked) when RFBM has neither SSE nor AVX.
    const ok = xrstorWith((dv) => dv.setUint32(24, 0x1f80 | 0x10000, true), 1);
    expectEnd(ok);
    expect(ok.cpu.xmm[0]).toBe(5);
    expectEnd(xrstorWith(() => {}));
    expect(xrstorWith(() => {}).cpu.xmm[0]).toBe(0x99);
  });

  it('XSAVE/FXSAVE are precise: a fault on the second page writes nothing', () => {
    for (const asm of ['fxsave64 (%rsi)', 'mov $3, %eax\nxsave64 (%rsi)']) {
      const r = emu(asm, (c, m) => {
        m.unmap(DATA + 0x1000, 0x1000);
        c.setRegNum(6, DATA + 0x1000 - 0x100);
      });
      expect(r.cpu.exception!.vector).toBe(Vector.PF);
      expect(r.cpu.exception!.cr2).toBeGreaterThanOrEqual(DATA + 0x1000);
      expect(Array.from(r.mem.readBytes(DATA + 0x1000 - 0x100, 0x100)).every((b) => b === 0)).toBe(true);
    }
  });

  it('fxsaveImage/fxrstorImage map ST(i) to R((TOP+i)&7) and round-trip', () => {
    const c = new CPU(new AddressSpace());
    c.x87.fsw = 6 << 11;
    c.x87.ftw = 0xc0;
    for (let i = 0; i < 80; i++) c.x87.regs[i] = i;
    c.xmm[7] = 0x12345;
    c.mxcsr = 0x1fa0;
    c.x87.fip = 0x7fff12345678;
    const img = fxsaveImage(c);
    // ST(0) = R6, ST(1) = R7, ST(2) = R0.
    expect(Array.from(img.subarray(32, 42))).toEqual(Array.from({ length: 10 }, (_, i) => 60 + i));
    expect(Array.from(img.subarray(48, 58))).toEqual(Array.from({ length: 10 }, (_, i) => 70 + i));
    expect(Array.from(img.subarray(64, 74))).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(img[4]).toBe(0xc0);
    const d = new CPU(new AddressSpace());
    fxrstorImage(d, img);
    expect(Array.from(d.x87.regs)).toEqual(Array.from(c.x87.regs));
    expect([d.x87.fsw, d.x87.ftw, d.x87.fip, d.mxcsr, d.xmm[7]]).toEqual([6 << 11, 0xc0, 0x7fff12345678, 0x1fa0, 0x12345]);
  });
});
