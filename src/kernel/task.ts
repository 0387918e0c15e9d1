/**
 * Task mirrors task_struct for one thread: its CPU state, the thread_struct fields the trap paths
 * fill (trap_nr, error_code, cr2), its signal state, and its process (thread group).
 */
import { CPU } from '../cpu/state.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { Process } from './process.js';
import { forceSigFault } from './signals/delivery.js';
import type { SigAltStack } from './signals/frame.js';
import { SigPending } from './signals/pending.js';
import type { SigInfo } from './traps.js';

export interface ThreadStruct {
  trapNr: number;
  errorCode: number;
  cr2: number;
}

/** RestartBlock mirrors struct restart_block: how restart_syscall(2) resumes an interrupted call. */
export type RestartBlock = (t: Task) => number;

export class Task {
  readonly thread: ThreadStruct = { trapNr: 0, errorCode: 0, cr2: 0 };
  /** set_tid_address / CLONE_CHILD_CLEARTID pointer. */
  clearChildTid = 0;
  robustList = 0;
  /** Blocked signal mask (64 bits as a bigint). */
  sigmask = 0n;
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

  constructor(
    readonly kernel: Kernel,
    readonly process: Process,
    readonly tid: number,
    readonly cpu: CPU,
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
