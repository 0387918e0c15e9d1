/**
 * Faults and traps raised by guest code, and errors of the emulator itself.
 *
 * X86Exception is architectural: it is thrown anywhere inside an instruction handler and caught
 * exactly once, in the run loop, which fixes RIP from the block's per-instruction table (faults
 * report the faulting instruction, traps the next one). EmulatorError and Unimplemented are host
 * bugs or missing features and are never turned into a guest signal.
 */

/** Exception vectors (SDM Vol. 3A, Table 6-1). */
export const enum Vector {
  DE = 0,
  DB = 1,
  NMI = 2,
  BP = 3,
  OF = 4,
  BR = 5,
  UD = 6,
  NM = 7,
  DF = 8,
  TS = 10,
  NP = 11,
  SS = 12,
  GP = 13,
  PF = 14,
  MF = 16,
  AC = 17,
  MC = 18,
  XM = 19,
  VE = 20,
  CP = 21,
}

export const VECTOR_NAMES: Record<number, string> = {
  0: '#DE', 1: '#DB', 2: 'NMI', 3: '#BP', 4: '#OF', 5: '#BR', 6: '#UD', 7: '#NM', 8: '#DF',
  10: '#TS', 11: '#NP', 12: '#SS', 13: '#GP', 14: '#PF', 16: '#MF', 17: '#AC', 18: '#MC', 19: '#XM',
  20: '#VE', 21: '#CP',
};

/** #PF error-code bits (SDM Vol. 3A, 4.7). */
export const PF_P = 1 << 0;
export const PF_W = 1 << 1;
export const PF_U = 1 << 2;
export const PF_RSVD = 1 << 3;
export const PF_I = 1 << 4;
export const PF_PK = 1 << 5;
export const PF_SGX = 1 << 15;

/**
 * X86Exception is a fault or trap raised while executing guest code.
 * `trap` marks exceptions reported with RIP after the instruction (INT3, INT n, single-step #DB).
 */
export class X86Exception extends Error {
  constructor(
    readonly vector: number,
    readonly errorCode: number = 0,
    readonly cr2: number = 0,
    readonly trap: boolean = false,
    /** Why the exception was raised, for traces only (e.g. the instruction that was not recognised). */
    readonly detail: string = '',
  ) {
    super(`${VECTOR_NAMES[vector] ?? `vector ${vector}`}${detail ? ` (${detail})` : ''}`);
  }
}

/** EmulatorError is a bug or an unsupported host situation inside the emulator, never the guest's fault. */
export class EmulatorError extends Error {}

export function gp0(detail = ''): X86Exception {
  return new X86Exception(Vector.GP, 0, 0, false, detail);
}

export function ud(detail = ''): X86Exception {
  return new X86Exception(Vector.UD, 0, 0, false, detail);
}
