/**
 * Kernel is the Linux model: it owns processes, the virtual clock, the seeded random source, the
 * exception-fixup chain, and the loop that runs tasks and services their syscalls and traps.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { ERRNO_NAMES, SIGNAL_NAMES } from '../abi/linux.js';
import { CPU } from '../cpu/state.js';
import { hwcap } from './cpu-info.js';
import { doGroupExit } from './exit.js';
import { NullFile, SharedFs, StreamFile } from './files.js';
import { FutexTable } from './futex.js';
import { loadElf } from './loader.js';
import { type ExitStatus, Process } from './process.js';
import { Scheduler } from './sched.js';
import './syscalls/index.js';
import { Task } from './task.js';
import type { ExceptionFixup } from './traps.js';

/** A kernel event, for traces and tests. */
export type KernelEvent =
  | { type: 'syscall'; tid: number; nr: number; name: string; args: number[]; ret: number }
  | { type: 'trap'; tid: number; vector: number; name: string; errorCode: number; cr2: number; rip: number; detail: string }
  /** A signal acted on at delivery: a handler entered, or the process killed by its default action. */
  | { type: 'signal'; tid: number; signo: number; name: string; code: number; addr: number; action: 'handler' | 'kill' }
  /** rt_sigreturn: `rip` is where the task resumes; `ok` false means a bad frame (SIGSEGV follows). */
  | { type: 'sigreturn'; tid: number; rip: number; ok: boolean; reason: string }
  | { type: 'fixup'; tid: number; fixup: string; trapnr: number; errorCode: number; addr: number; rip: number }
  /** A process ended (its last thread exited); it is a zombie until reaped. */
  | { type: 'exit'; pid: number; code?: number; signal?: number }
  /** The scheduler put task `to` on the CPU after `from` (0: none ran before). */
  | { type: 'switch'; from: number; to: number }
  /** clone/clone3/fork/vfork by `tid` created task `child` in process `pid` (its own pid unless CLONE_THREAD). */
  | { type: 'clone'; tid: number; child: number; pid: number; flags: number }
  /** A thread ended (do_exit); the process ends with its last thread. */
  | { type: 'thread-exit'; tid: number; pid: number; code: number }
  /** execve replaced the program of process `pid`. */
  | { type: 'exec'; pid: number; tid: number; path: string }
  | { type: 'unimplemented'; tid: number; rip: number; text: string }
  | { type: 'unknown-syscall'; tid: number; nr: number };

export interface KernelOptions {
  /** Host directories visible to the guest at the same absolute paths. */
  share?: string[];
  stdout?: (data: Uint8Array) => void;
  stderr?: (data: Uint8Array) => void;
  stdin?: (buf: Uint8Array) => number;
  /** Whether the standard streams are terminals (isatty). */
  tty?: boolean;
  /** Seed of getrandom() and AT_RANDOM. */
  seed?: string;
  /** Stop after this many instructions (the process is killed with SIGXCPU). */
  maxInsns?: number;
  /** Instructions a task runs before the scheduler's timer interrupt preempts it (default 100000). */
  quantum?: number;
  /** The vDSO image mapped at AT_SYSINFO_EHDR. */
  vdso?: Uint8Array | null;
  /** Diagnostics (unknown syscalls, unimplemented instructions): one line each. */
  diag?: (line: string) => void;
}

/**
 * hostFdSink writes guest output to a host descriptor synchronously, so that it interleaves
 * exactly with enclu's own diagnostics; a closed pipe becomes EPIPE for the guest.
 */
function hostFdSink(fd: number): (d: Uint8Array) => void {
  return (d) => {
    for (let off = 0; off < d.length; ) {
      try {
        off += writeSync(fd, d, off, d.length - off);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw e;
      }
    }
  };
}

/** Nanoseconds of virtual time per retired instruction. */
const NS_PER_INSN = 1;
/** CLOCK_REALTIME at instruction 0: 2026-01-01T00:00:00Z. */
export const REALTIME_EPOCH_NS = 1767225600n * 1_000_000_000n;

export class Kernel {
  readonly fixups: ExceptionFixup[] = [];
  readonly fs: SharedFs;
  private readonly listeners: ((e: KernelEvent) => void)[] = [];
  private nextPid = 1000;
  private randomCounter = 0n;
  private readonly reportedSyscalls = new Set<number>();
  /** Processes by pid, until reaped (zombies included). */
  readonly processes = new Map<number, Process>();
  /** Live tasks by tid. */
  readonly tasks = new Map<number, Task>();
  readonly sched: Scheduler;
  readonly futexes = new FutexTable();
  /** Instructions retired by all tasks: the virtual clock. */
  totalInsns = 0;
  /** Virtual nanoseconds spent with every task asleep (timed waits), added to the clock. */
  private idleNs = 0n;

  constructor(readonly opts: KernelOptions = {}) {
    this.fs = new SharedFs(opts.share ?? []);
    this.sched = new Scheduler(this);
  }

  /** allocPid hands out the next pid/tid (one number space, never reused). */
  allocPid(): number {
    return this.nextPid++;
  }

  /** newProcess registers a process (its threads come with newTask). */
  newProcess(p: Process): Process {
    this.processes.set(p.pid, p);
    return p;
  }

  /** newTask registers a thread of `p` and makes it runnable. */
  newTask(p: Process, tid: number, cpu: CPU): Task {
    const t = new Task(this, p, tid, cpu);
    if (!p.leader) p.leader = t;
    p.tasks.push(t);
    this.tasks.set(tid, t);
    this.sched.enqueue(t);
    return t;
  }

  /** livingProcesses lists the processes that still have threads, by pid. */
  livingProcesses(): Process[] {
    return [...this.processes.values()].filter((p) => p.state === 'alive');
  }

  /** groupExit ends every thread of `p` with `status` (exit_group, a fatal signal). */
  groupExit(p: Process, status: ExitStatus): void {
    doGroupExit(p, status);
  }

  on(listener: (e: KernelEvent) => void): void {
    this.listeners.push(listener);
  }

  get tracing(): boolean {
    return this.listeners.length > 0;
  }

  emit(e: KernelEvent): void {
    for (const l of this.listeners) l(e);
  }

  diag(line: string): void {
    (this.opts.diag ?? ((l: string) => process.stderr.write(l + '\n')))(line);
  }

  /** monotonicNs is CLOCK_MONOTONIC: virtual nanoseconds since boot. */
  monotonicNs(): bigint {
    return BigInt(this.totalInsns * NS_PER_INSN) + this.idleNs + 1_000_000_000n;
  }

  /** advanceClock lets `ns` of virtual time pass with nothing running (a timed sleep). */
  advanceClock(ns: bigint): void {
    if (ns > 0n) this.idleNs += ns;
  }

  realtimeNs(): bigint {
    return REALTIME_EPOCH_NS + this.monotonicNs();
  }

  /** randomBytes is a deterministic stream: SHA-256(seed || counter) blocks. */
  randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let done = 0; done < n; done += 32) {
      const h = createHash('sha256').update(`${this.opts.seed ?? 'enclu'}:${this.randomCounter++}`).digest();
      out.set(h.subarray(0, Math.min(32, n - done)), done);
    }
    return out;
  }

  /** spawn creates a process running the static executable at `path` (execve from nothing). */
  spawn(path: string, argv: string[], envp: string[]): Process {
    const bytes = new Uint8Array(readFileSync(path));
    const proc = new Process(this, this.allocPid());
    // /proc/self/exe names the file by its absolute path.
    proc.exePath = resolvePath(path);
    const res = loadElf(proc.mm, bytes, {
      argv, envp, execfn: path, random: this.randomBytes(16), hwcap: hwcap(), vdso: this.opts.vdso ?? null,
    });
    this.newProcess(proc);
    const cpu = this.newTask(proc, proc.pid, new CPU(proc.mm.as)).cpu;
    cpu.rip = res.entry;
    cpu.setRegNum(4, res.sp);
    // Linux starts a process with all GPRs zero except RSP, and RFLAGS = IF.
    cpu.rflags = 0x202;
    const out = this.opts.stdout ?? hostFdSink(1);
    const err = this.opts.stderr ?? hostFdSink(2);
    const tty = this.opts.tty ?? false;
    proc.fds.installAt(0, this.opts.stdin ? new StreamFile('/dev/stdin', null, this.opts.stdin, tty) : new NullFile());
    proc.fds.installAt(1, new StreamFile('/dev/stdout', out, null, tty));
    proc.fds.installAt(2, new StreamFile('/dev/stderr', err, null, tty));
    proc.engine.onUnimplemented = (rip, text) => {
      this.diag(`enclu: unimplemented instruction at 0x${rip.toString(16)}: ${text}`);
      this.emit({ type: 'unimplemented', tid: this.sched.current?.tid ?? proc.pid, rip, text });
    };
    return proc;
  }

  reportUnknownSyscall(task: Task, nr: number): void {
    if (this.reportedSyscalls.has(nr)) return;
    this.reportedSyscalls.add(nr);
    this.diag(`enclu: unknown syscall ${nr} (returned -ENOSYS)`);
    this.emit({ type: 'unknown-syscall', tid: task.tid, nr });
  }

  /**
   * run runs every task of every process until all have exited (the scheduler reports a deadlock
   * and kills everything rather than hang).
   */
  run(): void {
    this.sched.run();
  }

  static errnoName(errno: number): string {
    return ERRNO_NAMES[errno] ?? `errno ${errno}`;
  }

  static signalName(signo: number): string {
    return SIGNAL_NAMES[signo] ?? `signal ${signo}`;
  }
}
