/**
 * npm run bench: emulated MIPS on CPU-bound guest programs, with the same programs' native time
 * and qemu-x86_64's time (when installed) measured in the same invocation, plus peak RSS; then
 * rates of kernel paths (signal delivery + sigreturn, futex ping-pong between two threads),
 * emulated and native.
 *
 * Usage: npm run bench [-- --quick]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Machine } from '../src/machine/machine.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const quick = process.argv.includes('--quick');

interface Case {
  name: string;
  prog: string;
  args: string[];
}

const cases: Case[] = [
  { name: 'sha256', prog: 'guest/build/corpus/bench_sha256.O2', args: [] },
  { name: 'sort', prog: 'guest/build/corpus/bench_sort.O2', args: [] },
  { name: 'bignum', prog: 'guest/build/corpus/bench_bignum.O2', args: [] },
];

function timeNative(path: string, args: string[], runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(path, args, { stdio: 'ignore' });
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

function hasQemu(): boolean {
  try {
    execFileSync('qemu-x86_64', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function emulate(path: string, args: string[]): { ms: number; insns: number; out: string } {
  const chunks: Uint8Array[] = [];
  const m = new Machine({ stdout: (d) => chunks.push(d), stderr: () => {} });
  const p = m.exec(path, [path, ...args], []);
  const t0 = process.hrtime.bigint();
  m.run();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  void p;
  return { ms, insns: m.kernel.totalInsns, out: Buffer.concat(chunks).toString() };
}

const qemu = hasQemu();
console.log(`enclu benchmark (node ${process.version})${quick ? ' [quick]' : ''}`);
console.log('program   insns(M)  enclu ms   MIPS   native ms  enclu/native' + (qemu ? '  qemu ms  enclu/qemu' : ''));
for (const c of cases) {
  const path = `${root}/${c.prog}`;
  if (!existsSync(path)) {
    console.log(`${c.name.padEnd(8)}  missing ${c.prog} (run npm run guest)`);
    continue;
  }
  const runs = quick ? 1 : 3;
  let best = emulate(path, c.args);
  for (let i = 1; i < runs; i++) {
    const r = emulate(path, c.args);
    if (r.ms < best.ms) best = r;
  }
  const native = timeNative(path, c.args, 5);
  const native0 = timeNative('/bin/true', [], 5);
  const nativeMs = Math.max(native - native0, 0.001);
  const mips = best.insns / best.ms / 1000;
  let line = `${c.name.padEnd(8)}  ${(best.insns / 1e6).toFixed(1).padStart(8)}  ${best.ms.toFixed(0).padStart(8)}  ${mips.toFixed(1).padStart(5)}  ${nativeMs.toFixed(1).padStart(9)}  ${(best.ms / nativeMs).toFixed(0).padStart(11)}x`;
  if (qemu) {
    let q = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      spawnSync('qemu-x86_64', [path, ...c.args], { stdio: 'ignore' });
      q = Math.min(q, Number(process.hrtime.bigint() - t0) / 1e6);
    }
    line += `  ${q.toFixed(0).padStart(7)}  ${(best.ms / q).toFixed(1).padStart(9)}x`;
  }
  console.log(line);
}

/**
 * A kernel-path rate: the program repeats one operation argv[1] times; the rate is the extra
 * operations over the extra time against a run with argv[1] = 0 (which takes out start-up and exit).
 */
interface RateCase {
  name: string;
  prog: string;
  n: number;
  /** Operations per repetition (a futex ping-pong round is two context switches). */
  per: number;
  unit: string;
}

const rateCases: RateCase[] = [
  { name: 'signal delivery + sigreturn', prog: 'guest/build/threads/bench_signal', n: 20000, per: 1, unit: 'round trips/s' },
  { name: 'context switch (futex ping-pong)', prog: 'guest/build/threads/bench_switch', n: 10000, per: 2, unit: 'switches/s' },
];

function best(runs: number, f: () => number): number {
  let b = Infinity;
  for (let i = 0; i < runs; i++) b = Math.min(b, f());
  return b;
}

function rate(ops: number, ms: number, baseMs: number): string {
  const r = ops / (Math.max(ms - baseMs, 0.001) / 1000);
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)}k` : r.toFixed(0);
}

console.log('');
console.log('kernel path                         enclu rate          native rate         native/enclu');
for (const c of rateCases) {
  const path = `${root}/${c.prog}`;
  if (!existsSync(path)) {
    console.log(`${c.name.padEnd(34)}  missing ${c.prog} (run npm run guest)`);
    continue;
  }
  const runs = quick ? 1 : 3;
  const emuMs = best(runs, () => emulate(path, [String(c.n)]).ms);
  const emuBase = best(runs, () => emulate(path, ['0']).ms);
  const natMs = timeNative(path, [String(c.n)], 5);
  const natBase = timeNative(path, ['0'], 5);
  const ops = c.n * c.per;
  const emuRate = ops / (Math.max(emuMs - emuBase, 0.001) / 1000);
  const natRate = ops / (Math.max(natMs - natBase, 0.001) / 1000);
  console.log(
    `${c.name.padEnd(34)}  ${`${rate(ops, emuMs, emuBase)} ${c.unit}`.padEnd(18)}  ${`${rate(ops, natMs, natBase)} ${c.unit}`.padEnd(18)}  ${(natRate / emuRate).toFixed(0).padStart(10)}x`,
  );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
