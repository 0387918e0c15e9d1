/**
 * Kernel is the Linux model: it owns processes, the virtual clock, the seeded random source, the
 * exception-fixup chain, and the loop that runs tasks and services their syscalls and traps.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { ERRNO_NAMES, SIGNAL_NAMES } from '../abi/linux.js';
import { VECTOR_NAMES, Vector } from '../cpu/exceptions.js';
import { Exit } from '../cpu/state.js';
import { hwcap } from './cpu-info.js';
import { NullFile, SharedFs, StreamFile } from './files.js';
import { loadElf } from './loader.js';
import { Process } from './process.js';
import { exitToUserMode } from './signals/delivery.js';
import { dispatchIa32Syscall, dispatchSyscall } from './syscalls/index.js';
import type { Task } from './task.js';
import { type ExceptionFixup, handleException } from './traps.js';

/** A kernel event, for traces and tests. */
export type KernelEvent =
  | { type: 'syscall'; tid: number; nr: number; name: string; args: number[]; ret: number }
  | { type: 'trap'; tid: number; vector: number; name: string; errorCode: number; cr2: number; rip: number; detail: string }
  /** A signal acted on at delivery: a handler entered, or the process killed by its default action. */
  | { type: 'signal'; tid: number; signo: number; name: string; code: number; addr: number; action: 'handler' | 'kill' }
  /** rt_sigreturn: `rip` is where the task resumes; `ok` false means a bad frame (SIGSEGV follows). */
  | { type: 'sigreturn'; tid: number; rip: number; ok: boolean; reason: string }
  | { type: 'fixup'; tid: number; fixup: string; trapnr: number; errorCode: number; addr: number; rip: number }
  | { type: 'exit'; pid: number; code?: number; signal?: number }
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
  /** Instructions per scheduler quantum (a timer interrupt point). */
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

/**
 * isFaultClass says whether an exception is a fault (the CPU pushes RFLAGS with RF set and RIP at
 * the faulting instruction) rather than a trap (#DB single-step, #BP, #OF: RIP after it).
 */
function isFaultClass(vector: number): boolean {
  return vector !== Vector.DB && vector !== Vector.BP && vector !== Vector.OF;
}

export class Kernel {
  readonly fixups: ExceptionFixup[] = [];
  readonly fs: SharedFs;
  private readonly listeners: ((e: KernelEvent) => void)[] = [];
  private nextPid = 1000;
  private randomCounter = 0n;
  private readonly reportedSyscalls = new Set<number>();
  readonly processes: Process[] = [];
  /** Instructions retired by all tasks: the virtual clock. */
  totalInsns = 0;
  /** Virtual nanoseconds spent with every task asleep (timed waits), added to the clock. */
  private idleNs = 0n;

  constructor(readonly opts: KernelOptions = {}) {
    this.fs = new SharedFs(opts.share ?? []);
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
    const proc = new Process(this, this.nextPid++);
    // /proc/self/exe names the file by its absolute path.
    proc.exePath = resolvePath(path);
    const res = loadElf(proc.mm, bytes, {
      argv, envp, execfn: path, random: this.randomBytes(16), hwcap: hwcap(), vdso: this.opts.vdso ?? null,
    });
    const cpu = proc.mainTask.cpu;
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
      this.emit({ type: 'unimplemented', tid: proc.pid, rip, text });
    };
    this.processes.push(proc);
    return proc;
  }

  reportUnknownSyscall(task: Task, nr: number): void {
    if (this.reportedSyscalls.has(nr)) return;
    this.reportedSyscalls.add(nr);
    this.diag(`enclu: unknown syscall ${nr} (returned -ENOSYS)`);
    this.emit({ type: 'unknown-syscall', tid: task.tid, nr });
  }

  /** run executes `proc` until it exits; returns its status. */
  run(proc: Process): void {
    const task = proc.mainTask;
    const cpu = task.cpu;
    const quantum = this.opts.quantum ?? 200_000;
    const max = this.opts.maxInsns ?? Infinity;
    while (!proc.exitStatus) {
      const before = cpu.icount;
      const budget = Math.min(quantum, max - this.totalInsns);
      if (budget <= 0) {
        this.diag(`enclu: instruction limit (${max}) reached; process killed`);
        proc.killBySignal(24 /* SIGXCPU */);
        break;
      }
      const exit = proc.engine.run(budget);
      this.totalInsns += cpu.icount - before;
      let fault = false;
      switch (exit) {
        case Exit.Syscall:
          task.origRax = cpu.getRegNum(0);
          dispatchSyscall(task);
          break;
        case Exit.Int80:
          task.origRax = cpu.getRegNum(0);
          dispatchIa32Syscall(task);
          break;
        case Exit.Exception: {
          const ex = cpu.exception!;
          cpu.exception = null;
          task.origRax = -1;
          this.emit({
            type: 'trap', tid: task.tid, vector: ex.vector, name: VECTOR_NAMES[ex.vector] ?? String(ex.vector),
            errorCode: ex.errorCode, cr2: ex.cr2, rip: ex.rip, detail: ex.detail,
          });
          fault = isFaultClass(ex.vector);
          handleException(task, ex);
          break;
        }
        default:
          task.origRax = -1;
          break;
      }
      exitToUserMode(task, fault);
    }
    const s = proc.exitStatus!;
    this.emit({ type: 'exit', pid: proc.pid, code: s.code, signal: s.signal });
  }

  static errnoName(errno: number): string {
    return ERRNO_NAMES[errno] ?? `errno ${errno}`;
  }

  static signalName(signo: number): string {
    return SIGNAL_NAMES[signo] ?? `signal ${signo}`;
  }
}
