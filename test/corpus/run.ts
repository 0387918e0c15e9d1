/**
 * Running a static program natively and under enclu, the same way, for differential tests: the
 * environment is exactly GUEST_ENV, and the outcome is stdout, stderr and the status a shell would
 * report (128 + signal when killed). Fixtures recorded natively use the same JSON form
 * (`stdout`/`stderr` as strings, or `stdoutBase64`/`stderrBase64`, and `status`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type KernelEvent, Machine, shellStatus } from '../../src/machine/machine.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The environment the recorders run programs with (env -i PATH=/usr/bin:/bin LC_ALL=C). */
export const GUEST_ENV = ['PATH=/usr/bin:/bin', 'LC_ALL=C'];

export interface Outcome {
  stdout: Buffer;
  stderr: Buffer;
  status: number;
}

export interface Fixture extends Outcome {
  /** argv[1..] the program was recorded with (argv[0] is its path); [] when not recorded. */
  args: string[];
}

function decode(j: Record<string, unknown>, key: string): Buffer {
  if (typeof j[`${key}Base64`] === 'string') return Buffer.from(j[`${key}Base64`] as string, 'base64');
  return Buffer.from((j[key] as string) ?? '', 'utf8');
}

/** readFixture loads a recorded outcome, or null if the file does not exist. */
export function readFixture(path: string): Fixture | null {
  if (!existsSync(path)) return null;
  const j = JSON.parse(readFileSync(path, 'utf8'));
  return { stdout: decode(j, 'stdout'), stderr: decode(j, 'stderr'), status: j.status, args: j.args ?? [] };
}

export interface EmulatedRun {
  /** Instruction limit (the process is killed with SIGXCPU past it). */
  maxInsns?: number;
  /** Receives every kernel event. */
  onEvent?: (e: KernelEvent) => void;
  /** Host directories the program sees (execve needs its target inside one). */
  share?: string[];
  /** Instructions per scheduler quantum. */
  quantum?: number;
}

/** runEmulated runs `path` under enclu; its diagnostics go to the captured stderr. */
export function runEmulated(path: string, argv: string[], opts: EmulatedRun | number = {}): Outcome {
  const o = typeof opts === 'number' ? { maxInsns: opts } : opts;
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const m = new Machine({
    stdout: (d) => out.push(Buffer.from(d)), stderr: (d) => err.push(Buffer.from(d)), maxInsns: o.maxInsns ?? 5_000_000_000,
    diag: (l) => err.push(Buffer.from(l + '\n')), share: o.share, quantum: o.quantum,
  });
  if (o.onEvent) m.on(o.onEvent);
  m.exec(path, argv, GUEST_ENV);
  const s = m.run();
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), status: shellStatus(s) };
}

/** runNative runs `path` on this machine (null where that is impossible: not Linux x86-64). */
export function runNative(path: string, argv: string[]): Outcome | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  const r = spawnSync(path, argv.slice(1), { env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' }, argv0: argv[0], timeout: 120_000, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
  const status = r.status ?? 128 + (r.signal ? constants.signals[r.signal] : 0);
  return { stdout: r.stdout, stderr: r.stderr, status };
}
