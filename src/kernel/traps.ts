/**
 * The trap paths: one function per entry point of arch/x86/kernel/traps.c and arch/x86/mm/fault.c
 * that user-mode exceptions reach. Each computes what Linux would do — the signal, si_code and
 * si_addr — records trap number, error code and CR2 in the thread (they become uc_mcontext's
 * TRAPNO/ERR/CR2), consults the exception-fixup chain at the exact points the RFC and mainline do,
 * and otherwise forces the signal on the task.
 */
import {
  BUS_ADRALN, FPE_FLTDIV, FPE_FLTINV, FPE_FLTOVF, FPE_FLTRES, FPE_FLTUND, FPE_INTDIV, ILL_ILLOPN,
  SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP, SI_KERNEL, TASK_SIZE_MAX, TRAP_TRACE,
} from '../abi/linux.js';
import { PF_P, PF_U, Vector } from '../cpu/exceptions.js';
import type { PendingException } from '../cpu/state.js';
import type { Task } from './task.js';

/** SigInfo is the part of siginfo_t the trap paths fill in. */
export interface SigInfo {
  signo: number;
  code: number;
  /** si_addr; bigint-free: a signed number (negative = canonical upper half). */
  addr: number;
  /** Extra fields for traces. */
  trapno?: number;
}

/**
 * ExceptionFixup is one link of the chain consulted before a signal is generated (KERNEL-ABI §1).
 * `fixup` returns true if it claimed the exception (it has changed the task's registers).
 */
export interface ExceptionFixup {
  readonly name: string;
  /** Which vectors this fixup is consulted for (the vDSO never sees #DB/#BP, for example). */
  consults(vector: number): boolean;
  fixup(task: Task, trapnr: number, errorCode: number, addr: number): boolean;
}

/** fixupChain asks every registered fixup in order; the first that claims wins. */
function tryFixups(task: Task, trapnr: number, errorCode: number, addr: number): boolean {
  for (const f of task.kernel.fixups) {
    if (f.consults(trapnr) && f.fixup(task, trapnr, errorCode, addr)) {
      task.kernel.emit({ type: 'fixup', tid: task.tid, fixup: f.name, trapnr, errorCode, addr, rip: task.cpu.rip });
      return true;
    }
  }
  return false;
}

/**
 * record stores trap_nr and error_code in the thread, and CR2 for a page fault only: the other trap
 * paths leave thread.cr2 as it was, so a later frame shows the last page fault's address.
 */
function record(task: Task, trapnr: number, errorCode: number, cr2?: number): void {
  task.thread.trapNr = trapnr;
  task.thread.errorCode = errorCode;
  if (cr2 !== undefined) task.thread.cr2 = cr2;
}

/** doTrapNoSignal + the signal half of do_trap(): the generic path for most vectors. */
export function doTrap(task: Task, trapnr: number, signo: number, errorCode: number, code: number, addr: number): void {
  record(task, trapnr, errorCode);
  if (tryFixups(task, trapnr, errorCode, 0)) return;
  task.forceSig({ signo, code, addr, trapno: trapnr });
}

/** doGeneralProtection mirrors exc_general_protection() for user mode: SIGSEGV, SI_KERNEL, no address. */
export function doGeneralProtection(task: Task, errorCode: number): void {
  record(task, Vector.GP, errorCode);
  if (tryFixups(task, Vector.GP, errorCode, 0)) return;
  task.forceSig({ signo: SIGSEGV, code: SI_KERNEL, addr: 0, trapno: Vector.GP });
}

/** doInt3 mirrors do_int3_user(): SIGTRAP with SI_KERNEL and no address. */
export function doInt3(task: Task): void {
  doTrap(task, Vector.BP, SIGTRAP, 0, SI_KERNEL, 0);
}

/** doDebug mirrors exc_debug_user() for a single-step trap: SIGTRAP, TRAP_TRACE, si_addr = RIP. */
export function doDebug(task: Task, rip: number): void {
  record(task, Vector.DB, 0);
  if (tryFixups(task, Vector.DB, 0, 0)) return;
  task.forceSig({ signo: SIGTRAP, code: TRAP_TRACE, addr: rip, trapno: Vector.DB });
}

/**
 * mathError mirrors math_error(): si_code from the x87 status against its control word (#MF) or
 * from MXCSR flags against their masks (#XM). A zero si_code is a spurious exception: return.
 */
export function mathError(task: Task, trapnr: number, rip: number): void {
  const c = task.cpu;
  let code = 0;
  if (trapnr === Vector.MF) {
    const cwd = c.x87.fcw, swd = c.x87.fsw;
    const err = swd & ~cwd;
    if (err & 0x001) code = FPE_FLTINV;
    else if (err & 0x004) code = FPE_FLTDIV;
    else if (err & 0x008) code = FPE_FLTOVF;
    else if (err & 0x012) code = FPE_FLTUND;
    else if (err & 0x020) code = FPE_FLTRES;
    if (err & 0x001 && swd & 0x040) code = FPE_FLTINV; // stack fault is reported as invalid
  } else {
    const mx = c.mxcsr;
    const err = ~(mx >> 7) & mx & 0x3f;
    if (err & 0x001) code = FPE_FLTINV;
    else if (err & 0x004) code = FPE_FLTDIV;
    else if (err & 0x008) code = FPE_FLTOVF;
    else if (err & 0x012) code = FPE_FLTUND;
    else if (err & 0x020) code = FPE_FLTRES;
  }
  record(task, trapnr, 0);
  if (!code) return;
  if (tryFixups(task, trapnr, 0, 0)) return;
  task.forceSig({ signo: SIGFPE, code, addr: rip, trapno: trapnr });
}

/**
 * doPageFault handles a #PF that the mm could not resolve (demand paging already happened in the
 * pager): bad_area_nosemaphore (SIGSEGV) — the only outcome for anonymous and file mappings here.
 */
export function doPageFault(task: Task, errorCode: number, address: number): void {
  // MAPERR when nothing is mapped there; ACCERR when a mapping forbids the access.
  const code = task.mm.find(address) ? SEGV_ACCERR : SEGV_MAPERR;
  badAreaNosemaphore(task, errorCode, address, code);
}

/** badAreaNosemaphore mirrors __bad_area_nosemaphore(): sanitize, fixup, SIGSEGV. */
export function badAreaNosemaphore(task: Task, errorCode: number, address: number, code: number): void {
  // Kernel addresses: hide the page-table layout by reporting a protection fault (fault.c).
  if (address < 0 || address >= TASK_SIZE_MAX) errorCode |= PF_P;
  record(task, Vector.PF, errorCode | PF_U, address);
  if (tryFixups(task, Vector.PF, errorCode, address)) return;
  task.forceSig({ signo: SIGSEGV, code, addr: address, trapno: Vector.PF });
}

/** doSigbus mirrors do_sigbus(): a VM_FAULT_SIGBUS fault (e.g. an enclave page that does not exist). */
export function doSigbus(task: Task, errorCode: number, address: number, code: number): void {
  if (tryFixups(task, Vector.PF, errorCode, address)) return;
  record(task, Vector.PF, errorCode, address);
  task.forceSig({ signo: SIGBUS, code, addr: address, trapno: Vector.PF });
}

/** handleException dispatches a pending CPU exception to its trap path (the IDT, in effect). */
export function handleException(task: Task, ex: PendingException): void {
  switch (ex.vector) {
    case Vector.DE:
      return doTrap(task, Vector.DE, SIGFPE, 0, FPE_INTDIV, ex.rip);
    case Vector.DB:
      return doDebug(task, ex.rip);
    case Vector.BP:
      return doInt3(task);
    case Vector.OF:
      return doTrap(task, Vector.OF, SIGSEGV, 0, SI_KERNEL, 0);
    case Vector.BR:
      return doTrap(task, Vector.BR, SIGSEGV, 0, SI_KERNEL, 0);
    case Vector.UD:
      return doTrap(task, Vector.UD, SIGILL, 0, ILL_ILLOPN, ex.rip);
    case Vector.TS:
      return doTrap(task, Vector.TS, SIGSEGV, ex.errorCode, SI_KERNEL, 0);
    case Vector.NP:
      return doTrap(task, Vector.NP, SIGBUS, ex.errorCode, SI_KERNEL, 0);
    case Vector.SS:
      return doTrap(task, Vector.SS, SIGBUS, ex.errorCode, SI_KERNEL, 0);
    case Vector.GP:
      return doGeneralProtection(task, ex.errorCode);
    case Vector.PF:
      return doPageFault(task, ex.errorCode, ex.cr2);
    case Vector.MF:
    case Vector.XM:
      return mathError(task, ex.vector, ex.rip);
    case Vector.AC:
      return doTrap(task, Vector.AC, SIGBUS, ex.errorCode, BUS_ADRALN, 0);
    default:
      return doTrap(task, ex.vector, SIGSEGV, ex.errorCode, SI_KERNEL, 0);
  }
}

