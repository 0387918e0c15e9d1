/**
 * Process is a thread group: signal_struct + sighand_struct + the group's place in the process
 * tree. It holds one mm and one file table (each possibly shared with other processes: CLONE_VM,
 * CLONE_FILES), the signal actions, the group's pending signals, its live threads, its parent and
 * children, its process group and session, and how it ended.
 */
import type { Engine } from '../cpu/engine.js';
import { SIGCHLD } from '../abi/linux.js';
import { FdTable } from './files.js';
import type { Kernel } from './kernel.js';
import { Mm } from './mm.js';
import type { FrameSigInfo } from './signals/frame.js';
import { SigPending } from './signals/pending.js';
import { WaitQueue } from './sleep.js';
import type { Task } from './task.js';

/** How a process ended: exit(code) or killed by a signal. */
export type ExitStatus = { code: number; signal?: undefined } | { signal: number; code?: undefined };

/** SigAction mirrors struct k_sigaction: sa_handler, sa_flags, sa_restorer, sa_mask. */
export interface SigAction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}

/**
 * ProcessState: 'alive' while a thread runs; 'zombie' when all threads have exited and the parent
 * has not reaped it (EXIT_ZOMBIE); 'reaped' once wait4 collected it or it was auto-reaped.
 */
export type ProcessState = 'alive' | 'zombie' | 'reaped';

export class Process {
  /** Live threads; the first is the group leader while it lives. */
  readonly tasks: Task[] = [];
  /** The thread whose tid is the pid (it may have exited while other threads run). */
  leader: Task | null = null;
  /** sighand->action: signals without an entry have SIG_DFL, no flags and an empty mask. */
  readonly sigactions = new Map<number, SigAction>();
  /** Signals sent to the whole thread group (kill, rt_sigqueueinfo): signal->shared_pending. */
  readonly sharedPending = new SigPending();
  /** The group's exit status, set when its exit starts (exit_group, a fatal signal, the last exit). */
  exitStatus: ExitStatus | null = null;
  /**
   * SIGNAL_GROUP_EXIT started by a fatal signal (complete_signal()): every thread dies on its way
   * back to user mode, reporting this signal; null otherwise.
   */
  groupExitInfo: FrameSigInfo | null = null;
  state: ProcessState = 'alive';
  exePath = '';
  cwd = '/';
  /** The parent; null is init (pid 1), which reaps what it is given. */
  parent: Process | null = null;
  /** Children not yet reaped, in creation order. */
  readonly children: Process[] = [];
  pgid: number;
  sid: number;
  /** The signal the parent gets when this process ends (SIGCHLD, another, or 0 for none). */
  exitSignal = SIGCHLD;
  /** The process has called execve (setpgid by its parent then fails with EACCES). */
  execed = false;
  /** wait_chldexit: this process's wait4/waitid callers, woken when a child changes state. */
  readonly childWait = new WaitQueue();
  /** pid->wait_pidfd: pollers of a pidfd of this process, woken when it exits. */
  readonly pidfdWait = new WaitQueue();
  /** signal->curr_target: where the search for a thread to take a group signal starts. */
  currTarget = 0;
  /** The exit code of the leader's own exit(), reported if the group ends without exit_group. */
  leaderExitCode = 0;
  /** Instructions retired by the group's exited threads (virtual CPU time, ns). */
  cpuNs = 0;

  constructor(
    readonly kernel: Kernel,
    readonly pid: number,
    /** The address space; execve replaces it. */
    public mm: Mm = new Mm(),
    /** The descriptor table; execve unshares it. */
    public fds: FdTable = new FdTable(),
  ) {
    this.pgid = pid;
    this.sid = pid;
  }

  /** mainTask is the group leader (the thread created with the process). */
  get mainTask(): Task {
    return this.leader ?? this.tasks[0];
  }

  /** engine is the executor of the process's address space (instruction trace and diagnostics hooks live on it). */
  get engine(): Engine {
    return this.mm.engineFor(this.mainTask.cpu);
  }

  /** ppid is what getppid() returns: the parent's pid, or 1 for init. */
  get ppid(): number {
    return this.parent?.pid ?? 1;
  }

  /** exit mirrors do_group_exit(code): every thread of the group exits. */
  exit(code: number): void {
    this.kernel.groupExit(this, { code: code & 0xff });
  }

  /** killBySignal ends the group as a fatal signal does. */
  killBySignal(signo: number): void {
    this.kernel.groupExit(this, { signal: signo });
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
