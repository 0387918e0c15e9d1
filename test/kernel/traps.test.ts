/**
 * The kernel's trap entry sees exactly what the CPU raised: for each fault program of guest/faults
 * (run natively too: see the fixtures), the vector, error code, CR2 and RIP of the first trap, and
 * the signal Linux sends. RIP is checked by disassembling the instruction the trap reports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOne, disassemble } from '../../src/cpu/decode.js';
import { parseElf } from '../../src/kernel/exec/elf.js';
import type { KernelEvent } from '../../src/machine/machine.js';
import { ROOT, readFixture, runEmulated, runNative } from '../corpus/run.js';

type Trap = Extract<KernelEvent, { type: 'trap' }>;
type Sig = Extract<KernelEvent, { type: 'signal' }>;

interface Expect {
  vector: number;
  errorCode: number;
  /** Expected CR2, or a predicate on it; undefined: 0. */
  cr2?: number | ((cr2: number) => boolean);
  /** A regular expression the instruction at the reported RIP must match (faults). */
  insn?: RegExp;
  /** For traps: the instruction just before the reported RIP. */
  before?: RegExp;
  /** The reported RIP itself, when it is not inside the executable. */
  rip?: number;
  signo: number;
  code: number;
}

const STACK_TOP = 0x7ffffffff000;
const cases: Record<string, Expect> = {
  div_zero: { vector: 0, errorCode: 0, insn: /^idiv /, signo: 8, code: 1 },
  div_overflow: { vector: 0, errorCode: 0, insn: /^idiv /, signo: 8, code: 1 },
  ud2: { vector: 6, errorCode: 0, insn: /^ud2/, signo: 4, code: 2 },
  int3: { vector: 3, errorCode: 0, before: /^int3/, signo: 5, code: 0x80 },
  hlt: { vector: 13, errorCode: 0, insn: /^hlt/, signo: 11, code: 0x80 },
  cli: { vector: 13, errorCode: 0, insn: /^cli/, signo: 11, code: 0x80 },
  noncanonical: { vector: 13, errorCode: 0, insn: /^mov .*\[rax\]/, signo: 11, code: 0x80 },
  sse_misaligned: { vector: 13, errorCode: 0, insn: /^movaps /, signo: 11, code: 0x80 },
  null_read: { vector: 14, errorCode: 4, cr2: 0, insn: /^mov /, signo: 11, code: 1 },
  unmapped_read: { vector: 14, errorCode: 4, cr2: (a) => a > 0x7f0000000000 && a % 4096 === 0, insn: /^mov /, signo: 11, code: 1 },
  readonly_write: { vector: 14, errorCode: 7, cr2: (a) => a % 4096 === 100, insn: /^mov byte ptr/, signo: 11, code: 2 },
  nx_exec: { vector: 14, errorCode: 0x15, cr2: (a) => a % 4096 === 0 && a > 0x7f0000000000, rip: -1, signo: 11, code: 2 },
  null_call: { vector: 14, errorCode: 0x14, cr2: 0, rip: 0, signo: 11, code: 1 },
  stack_overflow: { vector: 14, errorCode: 6, cr2: (a) => a < STACK_TOP - 8 * 1024 * 1024 + 4096 && a > STACK_TOP - 9 * 1024 * 1024, signo: 11, code: 1 },
  single_step: { vector: 1, errorCode: 0, before: /^nop/, signo: 5, code: 2 },
};

function insnAt(elf: ReturnType<typeof parseElf>, rip: number): string {
  return disassemble(elf.readVirtual(rip, 15), rip);
}

describe('trap entry: vector, error code, CR2 and RIP of each fault program', () => {
  for (const [name, want] of Object.entries(cases)) {
    it(name, () => {
      const path = `${ROOT}/guest/build/faults/${name}`;
      const events: KernelEvent[] = [];
      const out = runEmulated(path, [path], { onEvent: (e) => events.push(e) });
      const fx = readFixture(`${ROOT}/test/fixtures/faults/${name}.json`)!;
      expect(out.stdout.toString(), 'output before the fault').toBe(fx.stdout.toString());
      expect(out.status, 'killed by the same signal as natively').toBe(fx.status);
      const native = runNative(path, [path]);
      if (native) expect(native.status, 'fixture matches a fresh native run').toBe(fx.status);

      const trap = events.find((e): e is Trap => e.type === 'trap')!;
      expect(trap, 'a trap reached the kernel').toBeDefined();
      expect(trap.vector, 'vector').toBe(want.vector);
      expect(trap.errorCode, 'error code').toBe(want.errorCode);
      const cr2 = want.cr2 ?? 0;
      if (typeof cr2 === 'number') expect(trap.cr2, 'CR2').toBe(cr2);
      else expect(cr2(trap.cr2), `CR2 0x${trap.cr2.toString(16)}`).toBe(true);
      const elf = parseElf(new Uint8Array(readFileSync(path)));
      if (want.insn) expect(insnAt(elf, trap.rip), 'RIP is the faulting instruction').toMatch(want.insn);
      if (want.before) {
        // A trap reports the next instruction: the one that ends exactly at RIP must match.
        const ending = [1, 2, 3, 4, 5, 6, 7, 8]
          .map((n) => ({ n, d: decodeOne(elf.readVirtual(trap.rip - n, 15), trap.rip - n) }))
          .filter(({ n, d }) => d.ok && d.insn.len === n)
          .map(({ n }) => insnAt(elf, trap.rip - n));
        expect(ending.some((t) => want.before!.test(t)), `an instruction matching ${want.before} ends at RIP (${ending.join(' | ')})`).toBe(true);
      }
      if (want.rip === 0) expect(trap.rip, 'RIP').toBe(0);
      if (want.rip === -1) expect(trap.rip, 'RIP is the fetch address').toBe(trap.cr2);

      const sig = events.find((e): e is Sig => e.type === 'signal')!;
      expect(sig.signo, 'signal').toBe(want.signo);
      expect(sig.code, 'si_code').toBe(want.code);
    });
  }
});
