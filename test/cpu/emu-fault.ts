/**
 * Emulator-only runs for instructions that fault: the snippet oracle cannot run them natively, so
 * these helpers check the architectural outcome directly — the vector, RIP at the faulting
 * instruction, and every register and flag left as they were before it.
 */
import { AddressSpace, PROT_EXEC, PROT_READ, PROT_WRITE } from '../../src/cpu/memory.js';
import { CPU, Exit } from '../../src/cpu/state.js';
import { Engine } from '../../src/cpu/engine.js';
import { assemble } from './snippet.js';

export const CODE = 0x30000000;
/** A writable page and, right after it, a read-only page. */
export const RW = 0x40000000;
export const RO = RW + 4096;

const NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

export interface FaultRun {
  vector: number | null;
  errorCode: number;
  /** RIP reported with the exception, relative to the start of the snippet. */
  ripOffset: number;
  before: bigint[];
  after: bigint[];
  flagsBefore: number;
  flagsAfter: number;
  /** Bytes of the RW and RO pages after the run. */
  rw: Uint8Array;
  ro: Uint8Array;
}

/**
 * runFault executes `insn` (the first instruction of the snippet is expected to fault) from the
 * given registers and flags.
 */
export function runFault(insn: string | Uint8Array, regs: Record<string, bigint> = {}, rflags = 0x202): FaultRun {
  const code = typeof insn === 'string' ? assemble(insn) : insn;
  const mem = new AddressSpace();
  mem.map(CODE, 4096, PROT_READ | PROT_EXEC);
  mem.pokeBytes(CODE, code);
  mem.map(RW, 4096, PROT_READ | PROT_WRITE);
  mem.map(RO, 4096, PROT_READ);
  const fill = new Uint8Array(4096);
  for (let i = 0; i < 4096; i++) fill[i] = (i * 29 + 7) & 0xff;
  mem.pokeBytes(RW, fill);
  mem.pokeBytes(RO, fill);
  const cpu = new CPU(mem);
  NAMES.forEach((n, i) => cpu.setReg(i, regs[n] ?? BigInt(0x1010 * (i + 1))));
  cpu.rflags = rflags;
  cpu.rip = CODE;
  const engine = new Engine(cpu);
  const before = Array.from({ length: 16 }, (_, i) => cpu.getReg(i));
  const flagsBefore = cpu.rflags;
  const exit = engine.run(1);
  const ex = exit === Exit.Exception ? cpu.exception : null;
  return {
    vector: ex ? ex.vector : null,
    errorCode: ex ? ex.errorCode : 0,
    ripOffset: ex ? ex.rip - CODE : -1,
    before,
    after: Array.from({ length: 16 }, (_, i) => cpu.getReg(i)),
    flagsBefore,
    flagsAfter: cpu.rflags,
    rw: mem.readBytes(RW, 4096),
    ro: mem.readBytes(RO, 4096),
  };
}

/** changes reports registers or flags that differ between before and after a fault. */
export function changes(r: FaultRun): string[] {
  const out: string[] = [];
  r.before.forEach((v, i) => {
    if (v !== r.after[i]) out.push(`${NAMES[i]}: ${v.toString(16)} -> ${r.after[i].toString(16)}`);
  });
  if (r.flagsBefore !== r.flagsAfter) out.push(`rflags: ${r.flagsBefore.toString(16)} -> ${r.flagsAfter.toString(16)}`);
  return out;
}
