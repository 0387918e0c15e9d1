/**
 * An instruction enclu does not implement is #UD in the guest (SIGILL, ILL_ILLOPN at its address)
 * and is named once in a one-line diagnostic — never an emulator crash.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../src/machine/machine.js';
import { runEmulated } from '../corpus/run.js';

describe('unimplemented instructions', () => {
  it('AVX (not advertised by CPUID) raises SIGILL and is named on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclu-unimpl-'));
    // Freestanding: a write, then an AVX instruction, then exit(0) that must not be reached.
    writeFileSync(join(dir, 'avx.S'), `
      .globl _start
      _start:
        mov $1, %eax; mov $1, %edi; lea msg(%rip), %rsi; mov $6, %edx; syscall
      avx_insn:
        vpxor %ymm1, %ymm2, %ymm3
        mov $60, %eax; xor %edi, %edi; syscall
      msg: .ascii "start\\n"
    `);
    execFileSync('gcc', ['-static', '-nostdlib', '-o', join(dir, 'avx'), join(dir, 'avx.S')]);
    const events: KernelEvent[] = [];
    const out = runEmulated(join(dir, 'avx'), ['avx'], { onEvent: (e) => events.push(e) });
    expect(out.stdout.toString()).toBe('start\n');
    expect(out.status, 'killed by SIGILL').toBe(128 + 4);
    const lines = out.stderr.toString().trim().split('\n');
    expect(lines.length, 'one diagnostic line').toBe(1);
    expect(lines[0]).toMatch(/^enclu: unimplemented instruction at 0x[0-9a-f]+: vpxor ymm3,ymm2,ymm1/);
    const trap = events.find((e) => e.type === 'trap') as Extract<KernelEvent, { type: 'trap' }>;
    expect(trap.vector, '#UD').toBe(6);
    const sig = events.find((e) => e.type === 'signal') as Extract<KernelEvent, { type: 'signal' }>;
    expect(sig.code, 'ILL_ILLOPN').toBe(2);
    expect(sig.addr, 'si_addr is the instruction').toBe(trap.rip);
  });
});
