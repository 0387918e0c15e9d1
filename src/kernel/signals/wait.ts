/**
 * Interruptible sleeps: what schedule() in TASK_INTERRUPTIBLE (optionally with an hrtimer) amounts
 * to while the kernel runs one task and has no timers. Only the sleeper itself could have made a
 * signal pending, so a sleep ends at once: with a pending signal, at its deadline (the virtual clock
 * jumps there), or never — a deadlock, which is reported and ends the process with SIGKILL rather
 * than hanging the emulator.
 *
 * Callers follow the Linux pattern: sleep, and if a signal ended it return -ERESTART* so that the
 * way out to user mode runs the handler and then fails the call with EINTR or restarts it.
 */
import { SIGKILL, SI_KERNEL } from '../../abi/linux.js';
import type { Task } from '../task.js';
import { killProcess, signalPending } from './delivery.js';

export type SleepResult = 'signal' | 'timeout' | 'deadlock';

/**
 * sleepInterruptible sleeps `t` until a signal is pending or `timeoutNs` (relative, on the virtual
 * clock; null = forever) passes. `what` names the call for the deadlock diagnostic. After
 * 'deadlock' the process is dead: the caller must not touch the task's registers.
 */
export function sleepInterruptible(t: Task, timeoutNs: bigint | null, what: string): SleepResult {
  if (signalPending(t)) return 'signal';
  if (timeoutNs !== null) {
    t.kernel.advanceClock(timeoutNs);
    return 'timeout';
  }
  t.kernel.diag(
    `enclu: deadlock: ${what} waits for a signal that nothing can send (no other task, no timer); process killed by SIGKILL`,
  );
  killProcess(t, { signo: SIGKILL, code: SI_KERNEL, pid: 0, uid: 0 });
  return 'deadlock';
}
