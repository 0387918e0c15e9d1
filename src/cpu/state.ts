/**
 * CPU is the architectural state of one x86-64 hardware thread in user mode (CPL 3), plus the
 * lazy-flags record. The kernel model saves and restores it per task.
 *
 * General-purpose registers are lo/hi int32 halves in one Int32Array: register n occupies
 * r[2n] (bits 31:0) and r[2n+1] (bits 63:32), in encoding order RAX RCX RDX RBX RSP RBP RSI RDI
 * R8..R15.
 */
import { FOp, arithFlags, setArithFlags, ARITH_FLAGS, IF } from './flags.js';
import { AddressSpace } from './memory.js';

export const RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7;
export const R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15;
export const GPR_NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

/** Why `run` returned to its caller (the kernel model). */
export const enum Exit {
  None = 0,
  /** SYSCALL executed; RIP is after it, RCX/R11 are set as the instruction does. */
  Syscall = 1,
  /** An exception was raised; see `cpu.exception`. */
  Exception = 2,
  /** The instruction budget of this run ran out (a timer interrupt point). */
  Budget = 3,
  /** A hook asked to stop. */
  Stop = 4,
  /** INT 0x80 executed (the 32-bit system-call gate, DPL 3); RIP is after it. */
  Int80 = 5,
}

export interface PendingException {
  vector: number;
  errorCode: number;
  cr2: number;
  /** Where the exception was raised (the faulting instruction, or the next one for a trap). */
  rip: number;
  detail: string;
}

/** X87 register file and control state; values are kept as 80-bit images (10 bytes per register). */
export class X87State {
  /** Physical registers R0..R7, 10 bytes each (FXSAVE order is by ST(i), not by R(i)). */
  readonly regs = new Uint8Array(80);
  fcw = 0x037f;
  fsw = 0;
  /** Abridged tag: bit i set when R(i) is valid (as in FXSAVE). */
  ftw = 0;
  fop = 0;
  fip = 0;
  fdp = 0;
}

export class CPU {
  readonly r = new Int32Array(32);
  rip = 0;

  // Lazy flags (see flags.ts).
  fop: FOp = FOp.Raw;
  fsz = 64;
  fres = 0;
  fresh = 0;
  fa = 0;
  fah = 0;
  fb = 0;
  fbh = 0;
  fcin = 0;
  fraw = 0;
  /** RFLAGS bits other than CF/PF/AF/ZF/SF/OF (DF, TF, AC, ID, IF, and the fixed bit 1). */
  flagsOther = IF | 2;

  fsBase = 0;
  gsBase = 0;

  /**
   * XMM0..XMM15 as 4 int32 lanes each: the first 64 lanes of `xl`, whose lanes 64..79 are four
   * scratch registers for SSE handlers (a memory source, a result held back until it can commit).
   * `xf32`, `xf64`, `xu8`, `xi8`, `xu16`, `xi16` view the same bytes (little-endian host).
   */
  readonly xl = new Int32Array(80);
  readonly xmm = this.xl.subarray(0, 64);
  readonly xf32 = new Float32Array(this.xl.buffer);
  readonly xf64 = new Float64Array(this.xl.buffer);
  readonly xu8 = new Uint8Array(this.xl.buffer);
  readonly xi8 = new Int8Array(this.xl.buffer);
  readonly xu16 = new Uint16Array(this.xl.buffer);
  readonly xi16 = new Int16Array(this.xl.buffer);
  mxcsr = 0x1f80;
  readonly x87 = new X87State();

  /** High half of a 64-bit value returned by a helper (avoids allocating pairs). */
  th = 0;

  exit: Exit = Exit.None;
  exception: PendingException | null = null;
  /** Instructions retired since the CPU was created. */
  icount = 0;

  constructor(public mem: AddressSpace) {}

  get rflags(): number {
    return (arithFlags(this) | this.flagsOther) >>> 0;
  }

  set rflags(v: number) {
    setArithFlags(this, v & ARITH_FLAGS);
    this.flagsOther = ((v & ~ARITH_FLAGS) | 2) >>> 0;
  }

  /** getReg returns register n as a bigint (for the kernel, traces and tests; not the hot path). */
  getReg(n: number): bigint {
    return (BigInt(this.r[2 * n + 1] >>> 0) << 32n) | BigInt(this.r[2 * n] >>> 0);
  }

  setReg(n: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.r[2 * n] = Number(u & 0xffffffffn) | 0;
    this.r[2 * n + 1] = Number(u >> 32n) | 0;
  }

  /** getRegNum returns register n as a signed number (exact for |v| < 2^53: addresses, counts). */
  getRegNum(n: number): number {
    return this.r[2 * n + 1] * 4294967296 + (this.r[2 * n] >>> 0);
  }

  /** setRegNum stores a number (an integer in [-2^63, 2^64)) into register n. */
  setRegNum(n: number, v: number): void {
    const lo = v % 4294967296;
    this.r[2 * n] = lo | 0;
    this.r[2 * n + 1] = Math.floor(v / 4294967296) | 0;
  }
}
