/**
 * Pending signals: struct sigpending (a set plus a queue of siginfo) and the signal-number masks
 * of kernel/signal.c and include/linux/signal.h that decide how a signal is queued and picked.
 */
import {
  SIGBUS, SIGCHLD, SIGCONT, SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGSTOP, SIGSYS, SIGTRAP, SIGTSTP, SIGTTIN, SIGTTOU,
  SIGURG, SIGWINCH, SI_USER,
} from '../../abi/linux.js';
import { SIGRTMIN, sigmask } from '../../abi/signal.js';
import type { FrameSigInfo } from './frame.js';

/** SYNCHRONOUS_MASK mirrors kernel/signal.c: signals a fault raises, dequeued before all others. */
export const SYNCHRONOUS_MASK =
  sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) | sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS);

/** SIG_KERNEL_ONLY_MASK mirrors include/linux/signal.h: signals that cannot be caught or blocked. */
export const SIG_KERNEL_ONLY_MASK = sigmask(SIGKILL) | sigmask(SIGSTOP);

/** SIG_KERNEL_STOP_MASK mirrors include/linux/signal.h: signals whose default action stops the task. */
export const SIG_KERNEL_STOP_MASK = sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU);

/** SIG_KERNEL_IGNORE_MASK mirrors include/linux/signal.h: signals whose default action is to do nothing. */
export const SIG_KERNEL_IGNORE_MASK = sigmask(SIGCONT) | sigmask(SIGCHLD) | sigmask(SIGWINCH) | sigmask(SIGURG);

/**
 * SigPending mirrors struct sigpending: `signal` is the set of pending signal numbers and `list`
 * the queued siginfo in arrival order. A standard signal is queued at most once (legacy_queue());
 * a real-time signal once per send. SIGKILL is never queued, only flagged.
 */
export class SigPending {
  signal = 0n;
  readonly list: FrameSigInfo[] = [];

  /** flush mirrors flush_sigqueue_mask(): forget every pending signal in `mask`. */
  flush(mask: bigint): void {
    if ((this.signal & mask) === 0n) return;
    this.signal &= ~mask;
    for (let i = this.list.length - 1; i >= 0; i--) {
      if (sigmask(this.list[i].signo) & mask) this.list.splice(i, 1);
    }
  }

  /** enqueue adds a signal (__send_signal_locked() after prepare_signal()); false if already pending. */
  enqueue(info: FrameSigInfo): boolean {
    const sig = info.signo;
    const bit = sigmask(sig);
    if (sig < SIGRTMIN && this.signal & bit) return false;
    if (sig !== SIGKILL) this.list.push(info);
    this.signal |= bit;
    return true;
  }

  /**
   * next mirrors next_signal(): the lowest-numbered pending signal not in `blocked`, preferring the
   * synchronous ones; 0 if none.
   */
  next(blocked: bigint): number {
    let x = this.signal & ~blocked;
    if (x === 0n) return 0;
    if (x & SYNCHRONOUS_MASK) x &= SYNCHRONOUS_MASK;
    return lowestSignal(x);
  }

  /**
   * collect mirrors collect_signal(): takes the first queued siginfo of `sig`; the signal stays
   * pending while another instance is queued. Without a queued entry (SIGKILL) the siginfo is
   * synthesized as SI_USER from pid 0.
   */
  collect(sig: number): FrameSigInfo {
    const i = this.list.findIndex((q) => q.signo === sig);
    const info = i >= 0 ? this.list.splice(i, 1)[0] : { signo: sig, code: SI_USER, pid: 0, uid: 0 };
    if (!this.list.some((q) => q.signo === sig)) this.signal &= ~sigmask(sig);
    return info;
  }

  /**
   * takeSynchronous mirrors dequeue_synchronous_signal(): if a synchronous signal is pending and not
   * blocked, the first queued kernel-generated (si_code > 0) synchronous siginfo, in arrival order.
   */
  takeSynchronous(blocked: bigint): FrameSigInfo | null {
    if (((this.signal & ~blocked) & SYNCHRONOUS_MASK) === 0n) return null;
    const i = this.list.findIndex((q) => q.code > SI_USER && (sigmask(q.signo) & SYNCHRONOUS_MASK) !== 0n);
    if (i < 0) return null;
    const [info] = this.list.splice(i, 1);
    if (!this.list.some((q) => q.signo === info.signo)) this.signal &= ~sigmask(info.signo);
    return info;
  }
}

/** lowestSignal returns the number of the lowest set bit of a non-empty sigset (ffz(~x) + 1). */
export function lowestSignal(set: bigint): number {
  let lo = Number(set & 0xffffffffn);
  let base = 1;
  if (lo === 0) {
    lo = Number((set >> 32n) & 0xffffffffn);
    base = 33;
  }
  return base + 31 - Math.clz32(lo & -lo);
}
