/**
 * Task mirrors task_struct for one thread: its CPU state, the thread_struct fields the trap paths
 * fill (trap_nr, error_code, cr2), and its process (thread group).
 */
import { SIGNAL_NAMES } from '../abi/linux.js';
import { CPU } from '../cpu/state.js';
import type { Kernel } from './kernel.js';
import type { Mm } from './mm.js';
import type { Process } from './process.js';
import type { SigInfo } from './traps.js';

export interface ThreadStruct {
  trapNr: number;
  errorCode: number;
  cr2: number;
}

export class Task {
  readonly thread: ThreadStruct = { trapNr: 0, errorCode: 0, cr2: 0 };
  /** set_tid_address / CLONE_CHILD_CLEARTID pointer. */
  clearChildTid = 0;
  robustList = 0;
  /** Blocked signal mask (64 bits as a bigint). */
  sigmask = 0n;

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
   * forceSig mirrors force_sig_fault(): the signal is delivered even if blocked or ignored. Until
   * handlers can run, the default action applies: the whole process is killed by the signal.
   */
  forceSig(info: SigInfo): void {
    this.kernel.emit({
      type: 'signal', tid: this.tid, signo: info.signo, name: SIGNAL_NAMES[info.signo] ?? String(info.signo),
      code: info.code, addr: info.addr,
    });
    this.process.killBySignal(info.signo);
  }
}
