/**
 * The instruction handler table. Each family file (exec/<family>.ts) registers factories keyed by
 * iced's Mnemonic; a factory receives the decoded instruction and returns a closure with its
 * operands baked in. A factory may throw X86Exception (#UD) for operand forms it does not support:
 * the block builder turns that into a closure that raises the fault when (and only if) executed.
 */
import type { Insn } from './decode.js';
import type { CPU } from './state.js';

export type Exec = (c: CPU) => void;
export type Factory = (insn: Insn) => Exec;

export const enum Flow {
  /** Falls through to the next instruction. */
  Next = 0,
  /** Sets `c.rip` itself on every path (jumps, calls, returns); ends the block. */
  Jump = 1,
  /** Falls through but ends the block (SYSCALL, POPF, anything that changes how later code runs). */
  End = 2,
}

export interface Handler {
  factory: Factory;
  flow: Flow;
}

const table = new Map<number, Handler>();

/** def registers a factory for one or more mnemonics. */
export function def(mnemonics: number | number[], factory: Factory, flow: Flow = Flow.Next): void {
  for (const m of Array.isArray(mnemonics) ? mnemonics : [mnemonics]) {
    table.set(m, { factory, flow });
  }
}

export function lookup(mnemonic: number): Handler | undefined {
  return table.get(mnemonic);
}

export function registeredMnemonics(): number[] {
  return [...table.keys()];
}
