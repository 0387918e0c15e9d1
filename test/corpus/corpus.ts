/**
 * Differential testing of the guest corpus: every program built by guest/corpus/build.sh runs under
 * enclu and must give the stdout, stderr and exit status recorded natively in test/fixtures/corpus
 * (by guest/record-fixtures.sh). Where native execution is possible, the fixture itself is checked
 * against a fresh native run, so a stale fixture cannot hide a difference.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { type Fixture, ROOT, readFixture } from './run.js';

export { GUEST_ENV, ROOT, runEmulated, runNative, type Fixture, type Outcome } from './run.js';

export const BUILD = `${ROOT}/guest/build/corpus`;
const FIXTURES = `${ROOT}/test/fixtures/corpus`;

/** binaries lists the built corpus programs of one variant ('O0', 'O2', 'musl.O2'). */
export function binaries(variant: string): string[] {
  if (!existsSync(BUILD)) return [];
  const suffix = `.${variant}`;
  return readdirSync(BUILD)
    .filter((f) => f.endsWith(suffix) && !f.slice(0, -suffix.length).includes('.'))
    .map((f) => f.slice(0, -suffix.length))
    .filter((n) => !n.startsWith('bench_'))
    .sort();
}

export function fixture(name: string, variant: string): Fixture | null {
  return readFixture(`${FIXTURES}/${name}.${variant}.json`);
}
