/**
 * Task mirrors task_struct for one thread: its CPU state, the thread_struct fields the trap paths
 * fill (trap_nr, error_code, cr2), its signal state, its scheduling state, and its process
 * (thread group).
 */
import type { AddressSpace } from '../cpu/memory.js';
import { CPU, X87State } from '../cpu/state.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { Process } from './process.js';
import { forceSigFault } from './signals/delivery.js';
import type { SigAltStack } from './signals/frame.js';
import { SigPending } from './signals/pending.js';
import type { Sleep, WaitQueue } from './sleep.js';
import type { SysResult } from './syscalls/table.js';
import type { SigInfo } from './traps.js';

/**
 * TaskState: 'runnable' on the run queue, 'running' on the CPU, 'blocked' in a Sleep
 * (TASK_INTERRUPTIBLE or TASK_KILLABLE), 'dead' after do_exit().
 */
export type TaskState = 'runnable' | 'running' | 'blocked' | 'dead';

/** The syscall a task is in, kept for its 'syscall' trace event until it has a result. */
export interface SyscallCall {
  nr: number;
  name: string;
  args: number[];
}

export interface ThreadStruct {
  trapNr: number;
  errorCode: number;
  cr2: number;
}

/** RestartBlock mirrors struct restart_block: how restart_syscall(2) resumes an interrupted call. */
export type RestartBlock = (t: Task) => SysResult;

export class Task {
  readonly thread: ThreadStruct = { trapNr: 0, errorCode: 0, cr2: 0 };
  /** set_tid_address / CLONE_CHILD_CLEARTID pointer. */
  clearChildTid = 0;
  robustList = 0;
  /** Blocked signal mask (64 bits as a bigint). */
  sigmask = 0n;
  /** real_blocked: the mask before rt_sigtimedwait unblocked what it waits for (else empty). */
  realBlocked = 0n;
  /** Signals sent to this thread (tkill, tgkill, faults): task->pending. */
  readonly pending = new SigPending();
  /**
   * The mask to put back on the way out to user mode (task->saved_sigmask while
   * TIF_RESTORE_SIGMASK is set: rt_sigsuspend); null when there is none.
   */
  savedSigmask: bigint | null = null;
  /** sas_ss_sp, sas_ss_size, sas_ss_flags (sigaltstack). */
  readonly altstack: SigAltStack = { sp: 0, size: 0, flags: 0 };
  /**
   * pt_regs->orig_ax: the number of the syscall being returned from, or -1 after an exception, an
   * interrupt, or rt_sigreturn (no syscall restart is considered then).
   */
  origRax = -1;
  /** restart_block.fn; null is do_no_restart_syscall (restart_syscall returns -EINTR). */
  restartBlock: RestartBlock | null = null;
  /** The syscall being serviced came through INT 0x80 (TS_COMPAT): restarts use the i386 numbers. */
  ia32Syscall = false;
  state: TaskState = 'runnable';
  /** The blocked syscall while 'blocked', and until it completes after a wake-up. */
  sleep: Sleep | null = null;
  syscallTrace: SyscallCall | null = null;
  /** vfork_done of a CLONE_VFORK child: its parent sleeps until this task execs or exits. */
  vfork: { done: boolean; readonly queue: WaitQueue } | null = null;

  constructor(
    readonly kernel: Kernel,
    readonly process: Process,
    /** The thread id; exec by a non-leader thread takes the leader's (de_thread()). */
    public tid: number,
    /** The register state; execve starts a fresh one. */
    public cpu: CPU,
  ) {}

  get mm(): Mm {
    return this.process.mm;
  }

  /**
   * forceSig mirrors force_sig_fault(): the signal is queued on this thread even if it is blocked
   * or ignored (it is then unblocked and reset to SIG_DFL); it is delivered on the way back to
   * user mode.
   */
  forceSig(info: SigInfo): void {
    forceSigFault(this, info);
  }
}

/**
 * copyCpu returns a new CPU with the architectural state of `src` (registers, flags, segment bases,
 * x87/SSE state) on the address space `mem`: what copy_thread() gives a clone child. The copy is
 * generic over the CPU's own fields so that state added to the CPU later is copied too; the run
 * state (exit reason, pending exception, instruction count) starts afresh.
 */
export function copyCpu(src: CPU, mem: AddressSpace): CPU {
  const dst = new CPU(mem);
  const skip = new Set(['mem', 'exit', 'exception', 'icount']);
  const d = dst as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(src)) {
    if (skip.has(key)) continue;
    d[key] = copyValue(d[key], value);
  }
  return dst;
}

function copyValue(into: unknown, value: unknown): unknown {
  if (ArrayBuffer.isView(value)) {
    (into as Uint8Array).set(value as Uint8Array);
    return into;
  }
  if (value instanceof X87State) {
    const x = into as X87State;
    const v = value as unknown as Record<string, unknown>;
    const xr = x as unknown as Record<string, unknown>;
    for (const [k, fv] of Object.entries(v)) xr[k] = copyValue(xr[k], fv);
    return x;
  }
  if (value !== null && typeof value === 'object') return into;
  return value;
}
