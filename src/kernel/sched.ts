/**
 * Scheduler is a deterministic model of one CPU running Linux's tasks: a FIFO run queue of
 * runnable tasks, round robin, and a timer interrupt every `quantum` retired instructions of the
 * running task. A task leaves the CPU when its quantum ends (it goes to the back of the queue),
 * when it blocks (its syscall returned a Sleep), when it yields, or when it dies.
 *
 * Time is virtual: CLOCK_MONOTONIC advances 1 ns per retired instruction of any task, so a timed
 * sleep ends when the other tasks have run long enough — the running task's budget is cut at the
 * earliest deadline so the wake-up is on time — or, when every task is asleep, the clock jumps to
 * the earliest deadline. When every task is asleep and none has a deadline, nothing can ever wake
 * them: that deadlock is reported on one line and every process is killed with SIGKILL.
 *
 * Nothing here depends on host time or host scheduling: the same program gives the same switches,
 * the same interleaving and the same output on every run.
 */
import { SIGKILL, SIGXCPU, SI_KERNEL } from '../abi/linux.js';
import { VECTOR_NAMES, Vector } from '../cpu/exceptions.js';
import { Exit } from '../cpu/state.js';
import type { Kernel } from './kernel.js';
import { exitToUserMode, killProcess } from './signals/delivery.js';
import { Sleep } from './sleep.js';
import {
  NO_RETURN, type SysResult, dispatchIa32Syscall, dispatchSyscall, guarded, traceSyscallResult,
} from './syscalls/table.js';
import type { Task } from './task.js';
import { handleException } from './traps.js';

/** The default scheduler quantum: instructions between two timer interrupts. */
export const DEFAULT_QUANTUM = 100_000;

/**
 * isFaultClass says whether an exception is a fault (the CPU pushes RFLAGS with RF set and RIP at
 * the faulting instruction) rather than a trap (#DB single-step, #BP, #OF: RIP after it).
 */
function isFaultClass(vector: number): boolean {
  return vector !== Vector.DB && vector !== Vector.BP && vector !== Vector.OF;
}

export class Scheduler {
  /** The task on the CPU (task_curr()), null between slices. */
  current: Task | null = null;
  /** Runnable tasks waiting for the CPU, in order. */
  private readonly runQueue: Task[] = [];
  /** Blocked tasks, in the order they went to sleep. */
  readonly sleepers = new Set<Task>();
  /** The task that ran last (for 'switch' events). */
  private last: Task | null = null;
  readonly quantum: number;

  constructor(private readonly kernel: Kernel) {
    this.quantum = kernel.opts.quantum ?? DEFAULT_QUANTUM;
  }

  /** enqueue makes `t` runnable at the back of the run queue (a new task, a preempted one). */
  enqueue(t: Task): void {
    t.state = 'runnable';
    this.runQueue.push(t);
  }

  /** block puts `t` to sleep on `s` (the running task's syscall returned it). */
  block(t: Task, s: Sleep): void {
    t.state = 'blocked';
    t.sleep = s;
    for (const q of s.queues) q.add(t);
    this.sleepers.add(t);
  }

  /** wake mirrors try_to_wake_up(): a sleeping task becomes runnable and will re-check its wait. */
  wake(t: Task): void {
    if (t.state !== 'blocked') return;
    this.unsleep(t);
    this.enqueue(t);
  }

  /**
   * signalWakeUp mirrors signal_wake_up(): an interruptible sleeper is woken for a signal; a
   * killable one (vfork's parent) only for a fatal one.
   */
  signalWakeUp(t: Task, fatal: boolean): void {
    if (t.state === 'blocked' && (fatal || !t.sleep!.killable)) this.wake(t);
  }

  private unsleep(t: Task): void {
    for (const q of t.sleep!.queues) q.remove(t);
    this.sleepers.delete(t);
  }

  /** remove takes a dying task off the run queue and out of any wait. */
  remove(t: Task): void {
    if (t.state === 'blocked') {
      this.unsleep(t);
      t.sleep!.opts.abandon?.();
    }
    t.sleep = null;
    const i = this.runQueue.indexOf(t);
    if (i >= 0) this.runQueue.splice(i, 1);
    t.state = 'dead';
  }

  /** yield mirrors sched_yield(): the running task goes to the back of the run queue. */
  yield(t: Task): void {
    if (t.state === 'running') this.enqueue(t);
  }

  /** nextDeadline is the earliest deadline among the sleepers, or null. */
  private nextDeadline(): bigint | null {
    let d: bigint | null = null;
    for (const t of this.sleepers) {
      const x = t.sleep!.deadline;
      if (x !== null && (d === null || x < d)) d = x;
    }
    return d;
  }

  /** fireTimers wakes every sleeper whose deadline has passed, in the order they slept. */
  private fireTimers(): void {
    const now = this.kernel.monotonicNs();
    for (const t of [...this.sleepers]) {
      const d = t.sleep!.deadline;
      if (d !== null && d <= now) this.wake(t);
    }
  }

  /** run runs tasks until none is left. */
  run(): void {
    const k = this.kernel;
    for (;;) {
      const t = this.runQueue.shift();
      if (t) {
        this.runSlice(t);
        continue;
      }
      if (this.sleepers.size === 0) break;
      const d = this.nextDeadline();
      if (d === null) {
        this.deadlock();
        continue;
      }
      // Every task sleeps: the CPU idles until the earliest timer.
      k.advanceClock(d - k.monotonicNs());
      this.fireTimers();
    }
    this.current = null;
  }

  /** killAll ends every live process with `signo` (deadlock, instruction limit). */
  private killAll(signo: number): void {
    for (const p of [...this.kernel.livingProcesses()]) {
      const t = p.tasks[0];
      if (t) killProcess(t, { signo, code: SI_KERNEL, pid: 0, uid: 0 });
    }
  }

  private deadlock(): void {
    const k = this.kernel;
    const blocked = [...this.sleepers].sort((a, b) => a.tid - b.tid);
    if (blocked.length === 1) {
      const s = blocked[0].sleep!;
      k.diag(`enclu: deadlock: ${s.what} waits for ${s.waitsFor} that nothing can send (no other task, no timer); process killed by SIGKILL`);
    } else {
      const list = blocked.map((t) => `task ${t.tid} in ${t.sleep!.what} (for ${t.sleep!.waitsFor})`).join(', ');
      k.diag(`enclu: deadlock: all ${blocked.length} tasks are blocked and no timer is pending: ${list}; every process killed by SIGKILL`);
    }
    this.killAll(SIGKILL);
  }

  /** switchTo makes `t` the running task. */
  private switchTo(t: Task): void {
    const k = this.kernel;
    if (k.tracing && this.last !== t) k.emit({ type: 'switch', from: this.last?.tid ?? 0, to: t.tid });
    this.last = t;
    this.current = t;
    t.state = 'running';
  }

  /**
   * finishSyscall stores a syscall's result for the running task: a value in RAX, nothing for
   * NO_RETURN, or a Sleep that blocks it. Returns whether the task is still running.
   */
  finishSyscall(t: Task, ret: SysResult): boolean {
    if (ret instanceof Sleep) {
      this.block(t, ret);
      return false;
    }
    traceSyscallResult(t, ret);
    if (ret !== NO_RETURN && t.state !== 'dead') t.cpu.setRegNum(0, ret);
    return t.state === 'running';
  }

  /** runSlice runs `t` for up to one quantum. */
  private runSlice(t: Task): void {
    const k = this.kernel;
    this.switchTo(t);
    if (t.sleep) {
      // Back from a sleep: the blocked syscall completes (or sleeps again).
      const s = t.sleep;
      t.sleep = null;
      if (!this.finishSyscall(t, guarded(() => s.resume(t)))) return this.leave(t);
    }
    // Returning to user mode from the syscall, the interrupt that preempted it, or fork.
    exitToUserMode(t, false);
    if (t.state !== 'running') return this.leave(t);
    const max = k.opts.maxInsns ?? Infinity;
    let left = this.quantum;
    for (;;) {
      const cpu = t.cpu;
      const engine = t.mm.engineFor(cpu);
      let budget = Math.min(left, max - k.totalInsns);
      if (budget <= 0) {
        k.diag(`enclu: instruction limit (${max}) reached; process killed`);
        this.killAll(SIGXCPU);
        return this.leave(t);
      }
      const d = this.nextDeadline();
      if (d !== null) budget = Math.max(1, Math.min(budget, Number(d - k.monotonicNs())));
      const before = cpu.icount;
      const exit = engine.run(budget);
      const ran = cpu.icount - before;
      k.totalInsns += ran;
      left -= ran;
      if (d !== null) this.fireTimers();
      let fault = false;
      switch (exit) {
        case Exit.Syscall:
          t.origRax = cpu.getRegNum(0);
          t.ia32Syscall = false;
          dispatchSyscall(t);
          break;
        case Exit.Int80:
          t.origRax = cpu.getRegNum(0);
          t.ia32Syscall = true;
          dispatchIa32Syscall(t);
          break;
        case Exit.Exception: {
          const ex = cpu.exception!;
          cpu.exception = null;
          t.origRax = -1;
          if (k.tracing) {
            k.emit({
              type: 'trap', tid: t.tid, vector: ex.vector, name: VECTOR_NAMES[ex.vector] ?? String(ex.vector),
              errorCode: ex.errorCode, cr2: ex.cr2, rip: ex.rip, detail: ex.detail,
            });
          }
          fault = isFaultClass(ex.vector);
          handleException(t, ex);
          break;
        }
        default:
          t.origRax = -1;
          break;
      }
      if (t.state !== 'running') return this.leave(t);
      exitToUserMode(t, fault);
      if (t.state !== 'running') return this.leave(t);
      if (left <= 0) {
        // The timer interrupt: preempted, to the back of the queue.
        t.origRax = -1;
        this.enqueue(t);
        return this.leave(t);
      }
    }
  }

  private leave(t: Task): void {
    if (this.current === t) this.current = null;
  }
}
