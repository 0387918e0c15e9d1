/**
 * Machine is the embedding API: a kernel, its CPU(s) and memory, with a Unicorn-like surface —
 * create, exec a program, run with stop conditions, observe events.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kernel, type KernelEvent, type KernelOptions } from '../kernel/kernel.js';
import type { ExitStatus, Process } from '../kernel/process.js';

export type { KernelEvent, ExitStatus };

export interface MachineOptions extends KernelOptions {
  /** Path of the vDSO image; the built one under guest/build/vdso by default. */
  vdsoPath?: string;
}

/** defaultVdsoPath is the vDSO built by `npm run guest` (guest/vdso/build.sh). */
export function defaultVdsoPath(): string {
  return fileURLToPath(new URL('../../guest/build/vdso/vdso.so', import.meta.url));
}

export class Machine {
  readonly kernel: Kernel;
  private proc: Process | null = null;

  constructor(opts: MachineOptions = {}) {
    let vdso = opts.vdso;
    if (vdso === undefined) {
      const p = opts.vdsoPath ?? defaultVdsoPath();
      if (!existsSync(p)) throw new Error(`vDSO image not found at ${p} (build it with: npm run guest)`);
      vdso = new Uint8Array(readFileSync(p));
    }
    this.kernel = new Kernel({ ...opts, vdso });
  }

  /** on subscribes to kernel events (syscalls, traps, signals, fixups, exits). */
  on(listener: (e: KernelEvent) => void): this {
    this.kernel.on(listener);
    return this;
  }

  /** exec loads a static executable as the machine's first process. */
  exec(path: string, argv: string[] = [path], envp: string[] = []): Process {
    this.proc = this.kernel.spawn(path, argv, envp);
    return this.proc;
  }

  /**
   * run runs the machine until every process has ended (the first one's children included) and
   * returns how the first process ended.
   */
  run(): ExitStatus {
    if (!this.proc) throw new Error('run: nothing to run (call exec first)');
    this.kernel.run();
    return this.proc.exitStatus!;
  }

  get process(): Process | null {
    return this.proc;
  }
}

/** shellStatus converts an exit status to what a shell reports in $? (128 + signal when killed). */
export function shellStatus(s: ExitStatus): number {
  return s.signal !== undefined ? 128 + s.signal : s.code;
}
