/**
 * Process is a thread group: one mm, one file table, signal actions, and its tasks.
 */
import { Engine } from '../cpu/engine.js';
import { CPU } from '../cpu/state.js';
import { FdTable } from './files.js';
import type { Kernel } from './kernel.js';
import { Mm } from './mm.js';
import { Task } from './task.js';

/** How a process ended: exit(code) or killed by a signal. */
export type ExitStatus = { code: number; signal?: undefined } | { signal: number; code?: undefined };

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
  readonly sigactions = new Map<number, SigAction>();
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

  /** waitStatus is the wait4() status word. */
  get waitStatus(): number {
    const s = this.exitStatus;
    if (!s) return 0;
    return s.signal !== undefined ? s.signal : s.code << 8;
  }
}
