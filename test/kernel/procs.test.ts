/**
 * Processes: fork, exec, wait, pipes, process groups, pidfds. The guest programs of guest/procs
 * (built by its build.sh for glibc and musl) run natively and under enclu and must print the same
 * thing and end the same way as recorded in test/fixtures/procs (guest/procs/record.sh); a fresh
 * native run checks each fixture first. Under enclu the programs see guest/build (execve runs
 * corpus programs from there). Then a deadlock between processes and the process events.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KernelEvent } from '../../src/kernel/kernel.js';
import { ROOT, readFixture, runEmulated, runNative } from '../corpus/run.js';

const BUILD = `${ROOT}/guest/build/procs`;
const FIXTURES = `${ROOT}/test/fixtures/procs`;
const SHARE = [`${ROOT}/guest/build`];

function programs(): string[] {
  if (!existsSync(BUILD)) return [];
  return readdirSync(BUILD)
    .filter((f) => !/\.(tmp|txt|bin|sh)$/.test(f) && !f.startsWith('deadlock') && !f.startsWith('bench_'))
    .sort();
}

describe('process programs: output under enclu is identical to native', () => {
  const names = programs();
  it.skipIf(names.length > 0)('no process programs were built (guest/procs/build.sh)', () => {});
  for (const name of names) {
    it(name, () => {
      const path = `${BUILD}/${name}`;
      const fx = readFixture(`${FIXTURES}/${name}.json`);
      expect(fx, `fixture for ${name} exists (guest/procs/record.sh)`).not.toBeNull();
      const native = runNative(path, [path]);
      if (native) {
        expect(native.stdout.toString('latin1'), 'fixture stdout matches a fresh native run').toBe(fx!.stdout.toString('latin1'));
        expect(native.status, 'fixture status matches a fresh native run').toBe(fx!.status);
      }
      const emu = runEmulated(path, [path], { share: SHARE });
      expect(emu.stderr.toString('latin1'), 'stderr').toBe(fx!.stderr.toString('latin1'));
      expect(emu.stdout.toString('latin1'), 'stdout').toBe(fx!.stdout.toString('latin1'));
      expect(emu.status, 'status (128 + signal when killed)').toBe(fx!.status);
    });
  }
});

const has = (name: string) => existsSync(`${BUILD}/${name}`);

describe('processes under enclu', () => {
  it.skipIf(!has('deadlock'))('a parent and a child waiting for each other: reported on one line, both killed', () => {
    const path = `${BUILD}/deadlock`;
    const r = runEmulated(path, [path]);
    expect(r.stdout.toString()).toBe('waiting for a child that waits for us\n');
    expect(r.stderr.toString()).toBe(
      'enclu: deadlock: all 2 tasks are blocked and no timer is pending: task 1000 in wait4(1001) (for a child to exit), ' +
        'task 1001 in read(3) (for data in a pipe); every process killed by SIGKILL\n',
    );
    expect(r.status).toBe(128 + 9);
  });

  it.skipIf(!has('harness'))('the harness: the hanging test is killed at its timeout on the virtual clock, deterministically', () => {
    const path = `${BUILD}/harness`;
    const runs = [0, 1].map(() => {
      const events: KernelEvent[] = [];
      const r = runEmulated(path, [path], { onEvent: (e) => events.push(e) });
      return { r, events };
    });
    const [a, b] = runs;
    expect(a.r.stdout.toString()).toContain('not ok 5 hangs # TIMEOUT 300 ms');
    const killed = a.events.filter((e) => e.type === 'exit' && e.signal === 9);
    expect(killed.length, 'the child and the grandchild of the hanging test died of SIGKILL').toBe(2);
    expect(b.events.map((e) => JSON.stringify(e)), 'the same events on a second run').toEqual(a.events.map((e) => JSON.stringify(e)));
  });

  it.skipIf(!has('execve'))("'exec' events name the program; 'clone' events the new pids", () => {
    const path = `${BUILD}/execve`;
    const events: KernelEvent[] = [];
    runEmulated(path, [path], { share: SHARE, onEvent: (e) => events.push(e) });
    const execs = events.filter((e) => e.type === 'exec');
    expect(execs.some((e) => e.type === 'exec' && e.path.endsWith('/corpus/argv.O2')), 'the corpus program').toBe(true);
    expect(execs.some((e) => e.type === 'exec' && e.path === '/proc/self/exe'), 'the re-exec').toBe(true);
    const forks = events.filter((e) => e.type === 'clone' && e.pid === e.child);
    expect(forks.length, 'each fork and vfork made a process').toBeGreaterThanOrEqual(5);
  });
});
