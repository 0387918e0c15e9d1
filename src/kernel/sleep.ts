/**
 * Sleeping in the kernel. A blocking syscall does not block the emulator: its handler returns a
 * `Sleep` that says what the task waits for, and the scheduler runs other tasks until a wake-up
 * (a `WaitQueue` it sits on, a pending signal, or its deadline on the virtual clock) makes it
 * runnable again; then `resume` computes the syscall's result — or another Sleep.
 *
 * `waitEvent` is the common shape, Linux's wait_event_interruptible_hrtimeout(): the condition is
 * checked first, then a pending signal (-ERESTARTSYS unless the caller says otherwise), then the
 * deadline (-ETIMEDOUT unless the caller says otherwise), and only then does the task sleep.
 */
import { ETIMEDOUT } from '../abi/linux.js';
import { ERESTARTSYS, fatalSignalPending, signalPending } from './signals/delivery.js';
import type { SysResult } from './syscalls/table.js';
import type { Task } from './task.js';

/** WaitQueue mirrors wait_queue_head_t: the tasks sleeping on one event, woken in arrival order. */
export class WaitQueue {
  private readonly waiters = new Set<Task>();

  add(t: Task): void {
    this.waiters.add(t);
  }

  remove(t: Task): void {
    this.waiters.delete(t);
  }

  get size(): number {
    return this.waiters.size;
  }

  /** wakeAll mirrors wake_up_all(): every sleeper becomes runnable and re-checks its condition. */
  wakeAll(): void {
    for (const t of [...this.waiters]) t.kernel.sched.wake(t);
  }
}

export interface WaitEventOptions {
  /** The call, for the deadlock diagnostic: "read(3)", "futex_wait(0x4c6f80)". */
  what: string;
  /** What it waits for, for the same diagnostic: "a signal", "data in a pipe". */
  waitsFor: string;
  /** Queues whose wake-ups make the task re-check `check`. */
  queues?: WaitQueue[];
  /** Absolute CLOCK_MONOTONIC deadline (virtual ns), or null/undefined to wait without one. */
  deadline?: bigint | null;
  /** TASK_KILLABLE: only a fatal signal (the group being killed) ends the wait. */
  killable?: boolean;
  /** The condition: the syscall's result once the wait is over, or null to keep sleeping. */
  check(): SysResult | null;
  /** The result when a signal ends the wait (default -ERESTARTSYS). */
  interrupted?(): SysResult;
  /** The result when the deadline passes (default -ETIMEDOUT). */
  timedOut?(): SysResult;
  /** Cleanup when the wait ends by signal or timeout (not by the condition). */
  abandon?(): void;
}

/** Sleep is a blocked syscall as the scheduler sees it. */
export class Sleep {
  constructor(
    readonly opts: WaitEventOptions,
    /** Runs when the task is scheduled again after a wake-up. */
    readonly resume: (t: Task) => SysResult,
  ) {}

  get what(): string {
    return this.opts.what;
  }

  get waitsFor(): string {
    return this.opts.waitsFor;
  }

  get queues(): WaitQueue[] {
    return this.opts.queues ?? [];
  }

  get deadline(): bigint | null {
    return this.opts.deadline ?? null;
  }

  get killable(): boolean {
    return this.opts.killable ?? false;
  }
}

/** waitEvent checks the condition, then signals, then the deadline; otherwise it sleeps. */
export function waitEvent(t: Task, o: WaitEventOptions): SysResult {
  const r = o.check();
  if (r !== null) return r;
  if (o.killable ? fatalSignalPending(t) : signalPending(t)) {
    o.abandon?.();
    return o.interrupted ? o.interrupted() : -ERESTARTSYS;
  }
  if (o.deadline !== undefined && o.deadline !== null && t.kernel.monotonicNs() >= o.deadline) {
    o.abandon?.();
    return o.timedOut ? o.timedOut() : -ETIMEDOUT;
  }
  return new Sleep(o, (task) => waitEvent(task, o));
}
