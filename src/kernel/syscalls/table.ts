/**
 * The syscall table: data that doubles as the support matrix. Each entry names the Linux x86-64
 * syscall, says whether it is supported, partial (with a note of what is missing), or always
 * returns an errno, and points at a thin handler that unpacks arguments and calls the subsystem.
 *
 * Handlers return the value for RAX: a result, or -errno. Guest memory faults while copying
 * arguments in or results out become -EFAULT, as copy_from_user/copy_to_user failures do.
 */
import { ENOSYS, EFAULT } from '../../abi/linux.js';
import { X86Exception } from '../../cpu/exceptions.js';
import type { Sleep } from '../sleep.js';
import type { Task } from '../task.js';

/** NoReturn means the task must not get a return value (exit, execve success, rt_sigreturn). */
export const NO_RETURN = Symbol('no-return');
/** A value for RAX, NO_RETURN, or a Sleep: the task blocks and the Sleep computes the value later. */
export type SysResult = number | typeof NO_RETURN | Sleep;
export type SysHandler = (t: Task, a: number, b: number, c: number, d: number, e: number, f: number) => SysResult;

export type Support = 'supported' | 'partial' | 'errno';

export interface SyscallEntry {
  nr: number;
  name: string;
  support: Support;
  note: string;
  handler: SysHandler;
}

const table = new Map<number, SyscallEntry>();

/** sys registers a syscall. */
export function sys(nr: number, name: string, handler: SysHandler, support: Support = 'supported', note = ''): void {
  table.set(nr, { nr, name, support, note, handler });
}

/** fixedErrno registers a syscall that always fails with `errno` (the documented reason in `note`). */
export function fixedErrno(nr: number, name: string, errno: number, note: string): void {
  sys(nr, name, () => -errno, 'errno', note);
}

export function syscallEntries(): SyscallEntry[] {
  return [...table.values()].sort((a, b) => a.nr - b.nr);
}

export function syscallName(nr: number): string {
  return table.get(nr)?.name ?? `syscall_${nr}`;
}

const ARG_REGS = [7, 6, 2, 10, 8, 9]; // rdi rsi rdx r10 r8 r9

/**
 * guarded runs a handler, or the resumption of a blocked one, turning a guest memory fault while
 * copying from or to user memory into -EFAULT.
 */
export function guarded(fn: () => SysResult): SysResult {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof X86Exception)) throw e;
    return -EFAULT;
  }
}

/**
 * traceSyscallResult emits the 'syscall' event of a call that has its result (it may have slept),
 * or that never returns because its task is ending (ret 0).
 */
export function traceSyscallResult(t: Task, ret: SysResult): void {
  const call = t.syscallTrace;
  if (!call) return;
  t.syscallTrace = null;
  if (t.kernel.tracing) t.kernel.emit({ type: 'syscall', tid: t.tid, ...call, ret: typeof ret === 'number' ? ret : 0 });
}

/**
 * dispatchSyscall runs the syscall the task's RAX names; the scheduler stores the result in RAX or
 * blocks the task.
 */
export function dispatchSyscall(t: Task): void {
  const c = t.cpu;
  // do_syscall_64() uses the low 32 bits of RAX as a signed int; negative numbers are invalid.
  const nr = c.r[0];
  const args = ARG_REGS.map((r) => c.getRegNum(r));
  const entry = nr >= 0 ? table.get(nr) : undefined;
  if (t.kernel.tracing) {
    // The handler's arity tells how many arguments the syscall takes (after the task).
    const shown = entry ? args.slice(0, Math.max(0, entry.handler.length - 1)) : args;
    t.syscallTrace = { nr, name: syscallName(nr), args: shown };
  }
  let ret: SysResult;
  if (!entry) {
    t.kernel.reportUnknownSyscall(t, c.r[0] >>> 0);
    ret = -ENOSYS;
  } else {
    ret = guarded(() => entry.handler(t, args[0], args[1], args[2], args[3], args[4], args[5]));
  }
  t.kernel.sched.finishSyscall(t, ret);
}

/**
 * The i386 syscalls reachable through INT 0x80 from a 64-bit process (IA32 emulation), mapped to
 * their x86-64 implementations: number (arch/x86/entry/syscalls/syscall_32.tbl) → x86-64 number.
 * Arguments come from EBX ECX EDX ESI EDI EBP, zero-extended; others return -ENOSYS. An interrupted
 * call restarts through the i386 restart_syscall (0), as get_nr_restart_syscall() picks for a
 * compat task.
 */
const IA32_TO_X64: Record<number, number> = {
  0: 219, 1: 60, 3: 0, 4: 1, 6: 3, 20: 39, 24: 102, 37: 62, 45: 12, 47: 104, 49: 107, 50: 108, 64: 110, 224: 186, 252: 231,
};
const IA32_ARG_REGS = [3, 1, 2, 6, 7, 5]; // ebx ecx edx esi edi ebp

export function dispatchIa32Syscall(t: Task): void {
  const c = t.cpu;
  const nr = c.r[0];
  const entry = nr >= 0 ? table.get(IA32_TO_X64[nr] ?? -1) : undefined;
  const args = IA32_ARG_REGS.map((r) => c.r[2 * r] >>> 0);
  if (t.kernel.tracing) t.syscallTrace = { nr, name: `ia32:${entry?.name ?? nr}`, args };
  const ret = entry ? guarded(() => entry.handler(t, args[0], args[1], args[2], args[3], args[4], args[5])) : -ENOSYS;
  t.kernel.sched.finishSyscall(t, ret);
}
