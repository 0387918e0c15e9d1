/**
 * `enclu exec` on bad input: a clear one-line error and a non-zero exit, never a stack trace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'enclu-bad-'));

function enclu(...args: string[]) {
  const r = spawnSync('node', [`${ROOT}/bin/enclu.js`, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(r: { status: number | null; stderr: string }, pattern: RegExp, status: number) {
  expect(r.status, 'exit status').toBe(status);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length, `one line on stderr: ${r.stderr}`).toBe(1);
  expect(lines[0]).toMatch(/^enclu: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  // The CLI runs from dist/: make sure the build is current.
  execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'pipe' });
  writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n');
  execFileSync('gcc', ['-static', '-O1', '-o', join(dir, 'static'), join(dir, 'hello.c')]);
  execFileSync('gcc', ['-O1', '-o', join(dir, 'dynamic'), join(dir, 'hello.c')]);
  const rnd = Buffer.alloc(4096);
  for (let i = 0; i < rnd.length; i++) rnd[i] = (i * 7919 + 13) & 0xff;
  writeFileSync(join(dir, 'random'), rnd);
  const elf = readFileSync(join(dir, 'static'));
  writeFileSync(join(dir, 'truncated'), elf.subarray(0, 300));
  writeFileSync(join(dir, 'truncated-segment'), elf.subarray(0, elf.length >> 1));
  const arm = Buffer.from(elf);
  arm.writeUInt16LE(183, 18); // EM_AARCH64
  writeFileSync(join(dir, 'arm'), arm);
});

describe('enclu exec rejects bad executables with a clear message', () => {
  it('a missing file', () => expectOneLineError(enclu('exec', join(dir, 'nope')), /No such file/, 127));
  it('a file of random bytes', () => expectOneLineError(enclu('exec', join(dir, 'random')), /not an ELF file/, 126));
  it('a truncated ELF header', () => expectOneLineError(enclu('exec', join(dir, 'truncated')), /truncated|past end|extends/i, 126));
  it('an ELF truncated inside a segment', () => expectOneLineError(enclu('exec', join(dir, 'truncated-segment')), /truncated|past end|extends/i, 126));
  it('an ELF for another machine', () => expectOneLineError(enclu('exec', join(dir, 'arm')), /machine/i, 126));
  it('a dynamically linked executable', () => expectOneLineError(enclu('exec', join(dir, 'dynamic')), /dynamically linked/, 126));
  it('a directory', () => expectOneLineError(enclu('exec', dir), /Is a directory/, 126));
  it('an unknown option', () => expectOneLineError(enclu('exec', '--bogus', join(dir, 'static')), /unknown option/, 2));
  it('an unknown command', () => expectOneLineError(enclu('frobnicate'), /unknown command/, 2));
});
