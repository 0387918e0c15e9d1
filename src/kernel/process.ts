/**
 * Process is a thread group: one mm, one file table, signal actions, and its tasks.
 */
import { Engine } from '../cpu/engine.js';
import { CPU } from '../cpu/state.js';
import { FdTable } from './files.js';
import type { Kernel } from './kernel.js';
import { Mm } from './mm.js';
import { SigPending } from './signals/pending.js';
import { Task } from './task.js';

/** How a process ended: exit(code) or killed by a signal. */
export type ExitStatus = { code: number; signal?: undefined } | { signal: number; code?: undefined };

/** SigAction mirrors struct k_sigaction: sa_handler, sa_flags, sa_restorer, sa_mask. */
export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

export class Process {
  readonly mm = new Mm();
  readonly engine: Engine;
  readonly fds = new FdTable();
  readonly tasks: Task[] = [];
  /** sighand->action: signals without an entry have SIG_DFL, no flags and an empty mask. */
  readonly sigactions = new Map<number, SigAction>();
  /** Signals sent to the whole thread group (kill, rt_sigqueueinfo): signal->shared_pending. */
  readonly sharedPending = new SigPending();
  exitStatus: ExitStatus | null = null;
  exePath = '';
  cwd = '/';

  constructor(
    readonly kernel: Kernel,
    readonly pid: number,
  ) {
    const cpu = new CPU(this.mm.as);
    this.engine = new Engine(cpu);
    this.tasks.push(new Task(kernel, this, pid, cpu));
  }

  get mainTask(): Task {
    return this.tasks[0];
  }

  exit(code: number): void {
    if (!this.exitStatus) this.exitStatus = { code: code & 0xff };
  }

  killBySignal(signo: number): void {
    if (!this.exitStatus) this.exitStatus = { signal: signo };
  }

  /**
   * waitStatus is the wait4() status word. WCOREDUMP (0x80) is never set: Linux sets it only when
   * a core file was written, and this kernel writes none (RLIMIT_CORE reads as 0, under which the
   * real kernel of the test machine does not dump either).
   */
  get waitStatus(): number {
    const s = this.exitStatus;
    if (!s) return 0;
    return s.signal !== undefined ? s.signal : s.code << 8;
  }
}
