import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DT_GNU_HASH,
  DT_HASH,
  DT_JMPREL,
  DT_REL,
  DT_RELA,
  DT_RELR,
  DT_SONAME,
  DT_STRTAB,
  DT_SYMTAB,
  DT_TEXTREL,
  DT_VERDEF,
  DT_VERSYM,
  Elf64_Sym,
  ET_DYN,
  GNU_HASH_HEADER_SIZE,
  PF_R,
  PF_W,
  PF_X,
  PT_DYNAMIC,
  PT_LOAD,
  SHT_REL,
  SHT_RELA,
  SHT_RELR,
  STB_GLOBAL,
  STT_FUNC,
  STT_OBJECT,
  elfHash,
  gnuHash,
} from '../../src/abi/elf.js';
import { classifyExecutable, parseElf, type DynamicInfo, type ElfImage } from '../../src/kernel/exec/elf.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const vdsoPath = join(root, 'guest/build/vdso/vdso.so');

/** Functions glibc (2.3x, x86-64) looks up in the vDSO; none may be exported yet. */
const GLIBC_VDSO_FUNCTIONS = [
  '__vdso_clock_gettime',
  '__vdso_gettimeofday',
  '__vdso_time',
  '__vdso_getcpu',
  '__vdso_clock_getres',
];

let img: ElfImage;
let dyn: DynamicInfo;
let scratch = '';

beforeAll(() => {
  execFileSync('bash', [join(root, 'guest/vdso/build.sh')], { stdio: 'pipe' });
  img = parseElf(new Uint8Array(readFileSync(vdsoPath)));
  dyn = img.dynamic()!;
  scratch = mkdtempSync(join(tmpdir(), 'enclu-vdso-'));
});

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

const u32 = (b: Uint8Array, off = 0): number => new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);

function dynsymName(index: number): string {
  const sym = dyn.read(dyn.get(DT_SYMTAB)! + index * Elf64_Sym.size, Elf64_Sym.size);
  return dyn.string(u32(sym, Elf64_Sym.st_name));
}

/** Symbol index found through DT_GNU_HASH the way a dynamic linker does it, or 0. */
function lookupGnuHash(name: string): number {
  const base = dyn.get(DT_GNU_HASH)!;
  const hdr = dyn.read(base, GNU_HASH_HEADER_SIZE);
  const [nbuckets, symoffset, bloomSize, bloomShift] = [0, 4, 8, 12].map((o) => u32(hdr, o)) as [number, number, number, number];
  const h = gnuHash(name);
  const bloomAt = base + GNU_HASH_HEADER_SIZE;
  const wordBytes = dyn.read(bloomAt + 8 * (Math.floor(h / 64) % bloomSize), 8);
  const word = new DataView(wordBytes.buffer, wordBytes.byteOffset, 8).getBigUint64(0, true);
  const mask = (1n << BigInt(h % 64)) | (1n << BigInt((h >>> bloomShift) % 64));
  if ((word & mask) !== mask) return 0;
  const bucketsAt = bloomAt + 8 * bloomSize;
  const chainAt = bucketsAt + 4 * nbuckets;
  let idx = u32(dyn.read(bucketsAt + 4 * (h % nbuckets), 4));
  if (idx === 0) return 0;
  for (;;) {
    const ch = u32(dyn.read(chainAt + 4 * (idx - symoffset), 4));
    if ((ch | 1) === (h | 1) && dynsymName(idx) === name) return idx;
    if (ch & 1) return 0;
    idx++;
  }
}

/** Symbol index found through DT_HASH, or 0. */
function lookupSysvHash(name: string): number {
  const base = dyn.get(DT_HASH)!;
  const nbucket = u32(dyn.read(base, 4));
  const h = elfHash(name);
  let idx = u32(dyn.read(base + 8 + 4 * (h % nbucket), 4));
  while (idx !== 0) {
    if (dynsymName(idx) === name) return idx;
    idx = u32(dyn.read(base + 8 + 4 * nbucket + 4 * idx, 4));
  }
  return 0;
}

describe('guest vDSO image', () => {
  it('is a shared object with one R+X PT_LOAD at 0 and a PT_DYNAMIC inside it', () => {
    expect(img.header.type).toBe(ET_DYN);
    expect(classifyExecutable(img).kind).toBe('static-pie'); // ET_DYN without PT_INTERP
    const loads = img.programHeaders.filter((p) => p.type === PT_LOAD);
    expect(loads).toHaveLength(1);
    const text = loads[0]!;
    expect(text.vaddr).toBe(0);
    expect(text.offset).toBe(0);
    expect(text.flags).toBe(PF_R | PF_X);
    expect(text.flags & PF_W).toBe(0);
    expect(text.filesz).toBe(text.memsz);
    expect(text.memsz).toBeLessThanOrEqual(4096);
    const dynamic = img.programHeaders.find((p) => p.type === PT_DYNAMIC)!;
    expect(dynamic).toBeDefined();
    expect(dynamic.vaddr + dynamic.memsz).toBeLessThanOrEqual(text.vaddr + text.memsz);
    expect(img.programHeaders.map((p) => p.type).sort()).toEqual([PT_LOAD, PT_DYNAMIC].sort());
    expect(img.interp).toBeUndefined();
    expect(img.tls).toBeUndefined();
  });

  it('has the dynamic tags glibc needs and no relocations at all', () => {
    for (const tag of [DT_HASH, DT_GNU_HASH, DT_SYMTAB, DT_STRTAB, DT_VERSYM, DT_VERDEF, DT_SONAME]) {
      expect(dyn.has(tag), `tag ${tag}`).toBe(true);
    }
    expect(dyn.string(dyn.get(DT_SONAME)!)).toBe('linux-vdso.so.1');
    for (const tag of [DT_RELA, DT_REL, DT_JMPREL, DT_RELR, DT_TEXTREL]) expect(dyn.has(tag)).toBe(false);
    expect(img.sections.filter((s) => [SHT_RELA, SHT_REL, SHT_RELR].includes(s.type) && s.size > 0)).toEqual([]);
    expect(execFileSync('readelf', ['-rW', vdsoPath], { encoding: 'utf8' })).toMatch(/There are no relocations in this file/);
    for (const name of ['.dynsym', '.dynstr', '.hash', '.gnu.hash', '.dynamic', '.gnu.version', '.gnu.version_d']) {
      expect(img.findSection(name), name).toBeDefined();
    }
    expect(img.findSection('.eh_frame')).toBeUndefined();
    expect(img.findSection('.got')).toBeUndefined();
    expect(img.findSection('.data')).toBeUndefined();
  });

  it('exports only the versioned image marker, no function glibc would call', () => {
    const exported = img.symbols().filter((s) => s.table === '.dynsym' && s.shndx !== 0 && s.bind === STB_GLOBAL);
    const marker = exported.find((s) => s.name === '__vdso_enclu_image_version')!;
    expect(marker).toBeDefined();
    expect(marker.type).toBe(STT_OBJECT);
    expect(marker.size).toBe(4);
    expect(marker.version).toBe('LINUX_2.6');
    expect(marker.versionHidden).toBe(false);
    expect(u32(img.readVirtual(marker.value, 4))).toBe(1);
    expect(exported.filter((s) => s.type === STT_FUNC)).toEqual([]);
    for (const name of GLIBC_VDSO_FUNCTIONS) expect(exported.some((s) => s.name === name)).toBe(false);

    const dynsyms = execFileSync('readelf', ['--dyn-syms', '-W', vdsoPath], { encoding: 'utf8' });
    expect(dynsyms).toMatch(/OBJECT\s+GLOBAL\s+DEFAULT\s+\d+\s+__vdso_enclu_image_version@@LINUX_2\.6$/m);
    expect(dynsyms).not.toMatch(/\bFUNC\b/);
  });

  it('both hash tables resolve the marker and nothing glibc looks up', () => {
    const marker = img.symbols().find((s) => s.table === '.dynsym' && s.name === '__vdso_enclu_image_version')!;
    expect(lookupGnuHash('__vdso_enclu_image_version')).toBe(marker.index);
    expect(lookupSysvHash('__vdso_enclu_image_version')).toBe(marker.index);
    for (const name of GLIBC_VDSO_FUNCTIONS) {
      expect(lookupGnuHash(name)).toBe(0);
      expect(lookupSysvHash(name)).toBe(0);
    }
  });

  it('glibc loads it at an arbitrary address and finds the marker by version (host dlopen)', (ctx) => {
    const src = join(scratch, 'probe.c');
    const exe = join(scratch, 'probe');
    writeFileSync(
      src,
      `#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!h) { printf("dlopen failed: %s\\n", dlerror()); return 1; }
  const unsigned *v = dlvsym(h, "__vdso_enclu_image_version", "LINUX_2.6");
  printf("%u %d %d\\n", v ? *v : 0u, dlvsym(h, "__vdso_clock_gettime", "LINUX_2.6") != 0,
         dlvsym(h, "__vdso_getcpu", "LINUX_2.6") != 0);
  return 0;
}
`,
    );
    if (spawnSync('gcc', [src, '-o', exe], { stdio: 'ignore' }).status !== 0) ctx.skip();
    expect(execFileSync(exe, [vdsoPath], { encoding: 'utf8' }).trim()).toBe('1 0 0');
  });

  it('build.sh does nothing when the image is up to date', () => {
    const before = statSync(vdsoPath).mtimeMs;
    execFileSync('bash', [join(root, 'guest/vdso/build.sh')], { stdio: 'pipe' });
    expect(statSync(vdsoPath).mtimeMs).toBe(before);
  });
});
