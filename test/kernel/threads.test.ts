/**
 * Threads, futexes and the scheduler. The guest programs of guest/threads (built by its build.sh
 * for glibc and musl) run natively and under enclu and must print the same thing and end the same
 * way as recorded in test/fixtures/threads (guest/threads/record.sh); a fresh native run checks
 * each fixture first. Then what cannot be observed natively: deadlock reports, determinism of the
 * schedule, the quantum, kernel events, and the instruction limit with several threads.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../src/kernel/kernel.js';
import { ROOT, readFixture, runEmulated, runNative } from '../corpus/run.js';

const BUILD = `${ROOT}/guest/build/threads`;
const FIXTURES = `${ROOT}/test/fixtures/threads`;

function programs(): string[] {
  if (!existsSync(BUILD)) return [];
  return readdirSync(BUILD).filter((f) => !f.endsWith('.tmp') && !f.startsWith('deadlock') && !f.startsWith('bench_')).sort();
}

describe('thread programs: output under enclu is identical to native', () => {
  const names = programs();
  it.skipIf(names.length > 0)('no thread programs were built (guest/threads/build.sh)', () => {});
  for (const name of names) {
    it(name, () => {
      const path = `${BUILD}/${name}`;
      const fx = readFixture(`${FIXTURES}/${name}.json`);
      expect(fx, `fixture for ${name} exists (guest/threads/record.sh)`).not.toBeNull();
      const native = runNative(path, [path]);
      if (native) {
        expect(native.stdout.toString('latin1'), 'fixture stdout matches a fresh native run').toBe(fx!.stdout.toString('latin1'));
        expect(native.status, 'fixture status matches a fresh native run').toBe(fx!.status);
      }
      const emu = runEmulated(path, [path]);
      expect(emu.stderr.toString('latin1'), 'stderr').toBe(fx!.stderr.toString('latin1'));
      expect(emu.stdout.toString('latin1'), 'stdout').toBe(fx!.stdout.toString('latin1'));
      expect(emu.status, 'status (128 + signal when killed)').toBe(fx!.status);
    });
  }
});

const has = (name: string) => existsSync(`${BUILD}/${name}`);

describe('deadlocks are reported, never hung on', () => {
  it.skipIf(!has('deadlock'))('two threads waiting for each other\'s mutex: one line naming both, then SIGKILL', () => {
    const path = `${BUILD}/deadlock`;
    const r = runEmulated(path, [path]);
    expect(r.stdout.toString(), 'the program got as far as the second lock').toBe('both mutexes held; locking the other one\n');
    expect(r.stderr.toString(), 'one line naming both tasks and what they wait on').toMatch(
      /^enclu: deadlock: all 2 tasks are blocked and no timer is pending: task 1000 in futex_wait\(0x[0-9a-f]+\) \(for a futex wake\), task 1001 in futex_wait\(0x[0-9a-f]+\) \(for a futex wake\); every process killed by SIGKILL\n$/,
    );
    expect(r.status, 'killed by SIGKILL').toBe(128 + 9);
  });

  it.skipIf(!has('deadlock'))('threads joining each other', () => {
    const path = `${BUILD}/deadlock`;
    const r = runEmulated(path, [path, 'join']);
    expect(r.stderr.toString()).toMatch(/^enclu: deadlock: all 2 tasks are blocked/);
    expect(r.status).toBe(128 + 9);
  });
});

describe('the scheduler', () => {
  function trace(name: string, quantum?: number): { out: string; switches: string; events: KernelEvent[] } {
    const path = `${BUILD}/${name}`;
    const events: KernelEvent[] = [];
    const r = runEmulated(path, [path], { onEvent: (e) => events.push(e), quantum });
    const switches = events.filter((e) => e.type === 'switch').map((e) => (e.type === 'switch' ? `${e.from}>${e.to}` : '')).join(' ');
    return { out: r.stdout.toString() + r.stderr.toString() + r.status, switches, events };
  }

  it.skipIf(!has('prodcons'))('the same program gives the same interleaving every time', () => {
    const a = trace('prodcons');
    const b = trace('prodcons');
    expect(a.switches.length, 'there were context switches').toBeGreaterThan(0);
    expect(b.switches, 'identical switch sequence').toBe(a.switches);
    expect(b.out, 'identical output').toBe(a.out);
  });

  it.skipIf(!has('spin'))('a spinning thread is preempted at the quantum; a smaller quantum switches more', () => {
    const big = trace('spin', 400_000);
    const small = trace('spin', 20_000);
    const fx = readFixture(`${FIXTURES}/spin.json`)!;
    expect(big.out, 'output with a large quantum').toBe(fx.stdout.toString() + fx.stderr.toString() + fx.status);
    expect(small.out, 'output with a small quantum').toBe(big.out);
    expect(small.switches.split(' ').length, 'more switches with a smaller quantum').toBeGreaterThan(big.switches.split(' ').length);
  });

  it.skipIf(!has('many'))("'clone' and 'thread-exit' events: one per thread, with the caller's pid", () => {
    const { events } = trace('many');
    const clones = events.filter((e) => e.type === 'clone');
    const exits = events.filter((e) => e.type === 'thread-exit');
    expect(clones.length, '96 threads created').toBe(96);
    expect(clones.every((e) => e.type === 'clone' && e.pid === 1000), 'all in process 1000').toBe(true);
    expect(exits.length, 'every thread and the main thread ended').toBe(97);
    const last = events.at(-1);
    expect(last, 'the process exit comes last').toMatchObject({ type: 'exit', pid: 1000, code: 0 });
  });

  it.skipIf(!has('spin'))('the instruction limit ends every thread (SIGXCPU)', () => {
    const path = `${BUILD}/spin`;
    const r = runEmulated(path, [path], 2_000_000);
    expect(r.stderr.toString()).toBe('enclu: instruction limit (2000000) reached; process killed\n');
    expect(r.status).toBe(128 + 24);
  });
});
