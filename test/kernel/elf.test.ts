import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DT_GNU_HASH,
  DT_HASH,
  DT_NEEDED,
  DT_STRTAB,
  DT_SYMTAB,
  Elf64_Ehdr,
  Elf64_Phdr,
  Elf64_Shdr,
  ET_DYN,
  ET_EXEC,
  PF_R,
  PF_W,
  PF_X,
  PT_LOAD,
  SEGMENT_TYPE_NAMES,
  SHT_DYNSYM,
  STT_FILE,
  STT_SECTION,
} from '../../src/abi/elf.js';
import { classifyExecutable, ElfError, parseElf, type ElfImage } from '../../src/kernel/exec/elf.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const SOURCE = `
#include <stdio.h>
__thread int tls_counter = 3;
__thread char tls_zeroed[64];
int global_data = 42;
static int local_fn(int x) { return x * 2; }
int exported_fn(int x) { return local_fn(x) + tls_zeroed[x & 63]; }
int main(int argc, char **argv) {
  (void)argv;
  printf("%d\\n", exported_fn(argc) + tls_counter + global_data);
  return 0;
}
`;

let dir = '';
const bins: Record<'static' | 'staticPie' | 'dynamic' | 'object', string> = {
  static: '',
  staticPie: '',
  dynamic: '',
  object: '',
};
let bin32: string | undefined;

function gcc(args: string[]): boolean {
  return spawnSync('gcc', args, { stdio: 'ignore' }).status === 0;
}

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Parses and walks every lazily decoded part; returns the error if it is an ElfError. */
function exercise(bytes: Uint8Array): ElfError | ElfImage {
  try {
    const img = parseElf(bytes);
    classifyExecutable(img);
    for (const s of img.sections) img.sectionData(s);
    img.findSection('.text');
    img.symbols();
    const dyn = img.dynamic();
    if (dyn !== undefined) {
      for (const tag of [DT_SYMTAB, DT_STRTAB, DT_HASH, DT_GNU_HASH]) {
        const v = dyn.get(tag);
        if (v !== undefined) dyn.read(v, 16);
      }
      for (const v of dyn.getAll(DT_NEEDED)) dyn.string(v);
    }
    return img;
  } catch (e) {
    if (e instanceof ElfError) {
      expect(e.message).not.toMatch(/\n/);
      expect(e.message.length).toBeLessThan(200);
      return e;
    }
    throw e;
  }
}

function expectElfError(bytes: Uint8Array, pattern?: RegExp): ElfError {
  const r = exercise(bytes);
  if (!(r instanceof ElfError)) throw new Error(`expected an ElfError${pattern ? ` matching ${pattern}` : ''}`);
  if (pattern !== undefined) expect(r.message).toMatch(pattern);
  return r;
}

/** Deterministic PRNG (xorshift32). */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

const load = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

function patch(bytes: Uint8Array, f: (v: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  f(new DataView(copy.buffer, copy.byteOffset, copy.byteLength));
  return copy;
}

const setU64 = (v: DataView, off: number, value: number): void => v.setBigUint64(off, BigInt(value), true);

interface ReadelfView {
  type: string;
  entry: number;
  phoff: number;
  phnum: number;
  shoff: number;
  shnum: number;
  shstrndx: number;
  interp?: string;
  segments: { type: string; offset: number; vaddr: number; paddr: number; filesz: number; memsz: number; flags: number; align: number }[];
}

function readelfView(path: string): ReadelfView {
  const text = tool('readelf', ['-lhW', path]);
  const field = (label: string): string => {
    const m = new RegExp(`^\\s*${label}:\\s+(.*)$`, 'm').exec(text);
    if (m === null) throw new Error(`readelf output has no "${label}"`);
    return m[1]!.trim();
  };
  const num = (label: string): number => Number.parseInt(field(label), field(label).startsWith('0x') ? 16 : 10);
  const view: ReadelfView = {
    type: field('Type').split(' ')[0]!,
    entry: num('Entry point address'),
    phoff: num('Start of program headers'),
    phnum: num('Number of program headers'),
    shoff: num('Start of section headers'),
    shnum: num('Number of section headers'),
    shstrndx: num('Section header string table index'),
    segments: [],
  };
  const seg =
    /^\s+([A-Z_]+|LOOS\+0x[0-9a-f]+|LOPROC\+0x[0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+([RWE ]+?)\s+0x([0-9a-f]+)$/;
  for (const line of text.split('\n')) {
    const m = seg.exec(line);
    if (m !== null) {
      const fl = m[7]!;
      view.segments.push({
        type: m[1]!,
        offset: Number.parseInt(m[2]!, 16),
        vaddr: Number.parseInt(m[3]!, 16),
        paddr: Number.parseInt(m[4]!, 16),
        filesz: Number.parseInt(m[5]!, 16),
        memsz: Number.parseInt(m[6]!, 16),
        flags: (fl.includes('R') ? PF_R : 0) | (fl.includes('W') ? PF_W : 0) | (fl.includes('E') ? PF_X : 0),
        align: Number.parseInt(m[8]!, 16),
      });
    }
    const interp = /\[Requesting program interpreter: (.*)\]/.exec(line);
    if (interp !== null) view.interp = interp[1]!;
  }
  return view;
}

/** nm's view of a symbol table: "value name" lines (value empty for undefined symbols). */
function nmSymbols(path: string, dynamic: boolean): string[] {
  const out = tool('nm', dynamic ? ['-D', path] : [path]);
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const m = /^([0-9a-f]{16})? +\S (.*)$/.exec(l);
      if (m === null) throw new Error(`unexpected nm line: ${l}`);
      return `${m[1] === undefined ? '' : Number.parseInt(m[1], 16)} ${m[2]}`;
    })
    .sort();
}

function ourSymbols(img: ElfImage, table: '.symtab' | '.dynsym'): string[] {
  return img
    .symbols()
    .filter((s) => s.table === table && s.type !== STT_SECTION && s.type !== STT_FILE)
    .map((s) => {
      let name = s.name;
      if (table === '.dynsym' && s.version !== undefined) {
        name += (s.shndx === 0 || s.versionHidden ? '@' : '@@') + s.version;
      }
      return `${s.shndx === 0 ? '' : s.value} ${name}`;
    })
    .sort();
}

// ---------------------------------------------------------------------------------------------

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclu-elf-'));
  const src = join(dir, 'prog.c');
  writeFileSync(src, SOURCE);
  const build = (name: string, flags: string[]): string => {
    const out = join(dir, name);
    if (!gcc(['-O1', ...flags, src, '-o', out])) throw new Error(`gcc ${flags.join(' ')} failed`);
    return out;
  };
  bins.static = build('static', ['-static']);
  bins.staticPie = build('static-pie', ['-static-pie']);
  bins.dynamic = build('dynamic', []);
  bins.object = build('prog.o', ['-c']);

  // 32-bit: a full libc link needs multilib; a freestanding program is enough to get an ELF32 file.
  const out32 = join(dir, 'prog32');
  const start32 = join(dir, 'start32.c');
  writeFileSync(start32, 'void _start(void) { for (;;) ; }\n');
  if (gcc(['-m32', src, '-o', out32]) || gcc(['-m32', '-static', '-nostdlib', '-ffreestanding', start32, '-o', out32])) {
    bin32 = out32;
  }
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('parseElf on real binaries', () => {
  const cases = [
    ['static', 'static', ET_EXEC],
    ['staticPie', 'static-pie', ET_DYN],
    ['dynamic', 'dynamic', ET_DYN],
  ] as const;

  for (const [key, kind, type] of cases) {
    it(`${kind}: header and program headers match readelf`, () => {
      const img = parseElf(load(bins[key]));
      const ref = readelfView(bins[key]);
      expect(img.header.type).toBe(type);
      expect(ref.type).toBe(type === ET_EXEC ? 'EXEC' : 'DYN');
      expect(img.entry).toBe(ref.entry);
      expect(img.header.phoff).toBe(ref.phoff);
      expect(img.header.phnum).toBe(ref.phnum);
      expect(img.header.shoff).toBe(ref.shoff);
      expect(img.header.shnum).toBe(ref.shnum);
      expect(img.header.shstrndx).toBe(ref.shstrndx);
      expect(img.header.phentsize).toBe(Elf64_Phdr.size);
      expect(img.header.ehsize).toBe(Elf64_Ehdr.size);
      expect(
        img.programHeaders.map((p) => ({
          type: SEGMENT_TYPE_NAMES[p.type] ?? `?${p.type}`,
          offset: p.offset,
          vaddr: p.vaddr,
          paddr: p.paddr,
          filesz: p.filesz,
          memsz: p.memsz,
          flags: p.flags,
          align: p.align,
        })),
      ).toEqual(ref.segments);
      expect(img.interp).toBe(ref.interp);
    });

    it(`${kind}: classification, TLS, stack`, () => {
      const img = parseElf(load(bins[key]));
      const info = classifyExecutable(img);
      expect(info.kind).toBe(kind);
      expect(info.entry).toBe(img.entry);
      if (kind === 'dynamic') expect(info.interp).toMatch(/ld-linux-x86-64\.so\.2$/);
      else expect(info.interp).toBeUndefined();
      expect(info.tls).toBeDefined();
      expect(info.tls!.memsz).toBeGreaterThan(info.tls!.filesz);
      expect(info.gnuStack).toBeDefined();
      expect(info.executableStack).toBe(false);
      if (kind === 'dynamic') expect(info.phdr?.vaddr).toBe(img.header.phoff);
    });

    it(`${kind}: sections match readelf`, () => {
      const img = parseElf(load(bins[key]));
      const text = tool('readelf', ['-SW', bins[key]]);
      const ref: { index: number; name: string; offset: number; size: number }[] = [];
      for (const line of text.split('\n')) {
        const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+[0-9a-f]{16}\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
        if (m !== null && m[1] !== '0') {
          ref.push({ index: Number(m[1]), name: m[2]!, offset: Number.parseInt(m[3]!, 16), size: Number.parseInt(m[4]!, 16) });
        }
      }
      expect(ref.length).toBe(img.sections.length - 1);
      expect(img.sections.slice(1).map((s) => ({ index: s.index, name: s.name, offset: s.offset, size: s.size }))).toEqual(ref);
      expect(img.findSection('.text')?.name).toBe('.text');
      expect(img.findSection('.no-such-section')).toBeUndefined();
    });

    it(`${kind}: .symtab matches nm`, () => {
      const img = parseElf(load(bins[key]));
      const ours = ourSymbols(img, '.symtab');
      expect(ours.length).toBeGreaterThan(10);
      expect(ours).toEqual(nmSymbols(bins[key], false));
      const main = img.symbols().find((s) => s.table === '.symtab' && s.name === 'main');
      expect(main?.type).toBe(2);
      expect(main?.bind).toBe(1);
    });
  }

  it('dynamic: .dynsym (with versions) matches nm -D', () => {
    const img = parseElf(load(bins.dynamic));
    expect(img.sections.some((s) => s.type === SHT_DYNSYM)).toBe(true);
    const ours = ourSymbols(img, '.dynsym');
    expect(ours.some((s) => /printf@GLIBC_2\.2\.5$/.test(s))).toBe(true);
    expect(ours).toEqual(nmSymbols(bins.dynamic, true));
  });

  it('dynamic: PT_DYNAMIC entries match readelf -d, addresses resolve to file bytes', () => {
    const img = parseElf(load(bins.dynamic));
    const dyn = img.dynamic()!;
    const refTags = tool('readelf', ['-dW', bins.dynamic])
      .split('\n')
      .map((l) => /^\s*0x([0-9a-f]+)\s+\((\w+)\)/.exec(l))
      .filter((m) => m !== null && m[2] !== 'NULL')
      .map((m) => Number.parseInt(m![1]!, 16));
    expect(dyn.entries.map((e) => e.tag)).toEqual(refTags);
    expect(dyn.getAll(DT_NEEDED).map((v) => dyn.string(v))).toEqual(['libc.so.6']);
    const dynsym = img.findSection('.dynsym')!;
    expect(dyn.get(DT_SYMTAB)).toBe(dynsym.addr);
    expect(dyn.read(dyn.get(DT_SYMTAB)!, dynsym.size)).toEqual(img.sectionData(dynsym));
    expect(dyn.offsetOf(dyn.get(DT_GNU_HASH)!)).toBe(img.findSection('.gnu.hash')!.offset);
    expect(() => dyn.read(0x7fff_0000_0000, 8)).toThrow(ElfError);
  });

  it('static: no PT_DYNAMIC', () => {
    const img = parseElf(load(bins.static));
    expect(img.dynamic()).toBeUndefined();
    expect(img.loadSegments.every((p) => p.type === PT_LOAD)).toBe(true);
  });

  it('accepts a Uint8Array that is a view into a larger buffer', () => {
    const file = load(bins.static);
    const big = new Uint8Array(file.length + 13);
    big.set(file, 7);
    const img = parseElf(big.subarray(7, 7 + file.length));
    expect(img.entry).toBe(parseElf(file).entry);
    expect(img.symbols().length).toBe(parseElf(file).symbols().length);
  });
});

describe('parseElf rejects what it cannot run', () => {
  it('relocatable object', () => {
    expectElfError(load(bins.object), /relocatable object/);
  });

  it('32-bit ELF', (ctx) => {
    if (bin32 === undefined) ctx.skip();
    expectElfError(load(bin32!), /^32-bit ELF is not supported$/);
  });

  it('core file type', () => {
    const bytes = patch(load(bins.static), (v) => v.setUint16(Elf64_Ehdr.e_type, 4, true));
    expectElfError(bytes, /core file/);
  });

  it('other machines', () => {
    const file = load(bins.static);
    expectElfError(patch(file, (v) => v.setUint16(Elf64_Ehdr.e_machine, 40, true)), /^ELF for machine ARM \(40\), not x86-64$/);
    expectElfError(patch(file, (v) => v.setUint16(Elf64_Ehdr.e_machine, 243, true)), /^ELF for machine RISC-V \(243\), not x86-64$/);
    expectElfError(patch(file, (v) => v.setUint16(Elf64_Ehdr.e_machine, 0x1234, true)), /^ELF for machine 4660, not x86-64$/);
  });

  it('class and encoding', () => {
    const file = load(bins.static);
    expectElfError(patch(file, (v) => v.setUint8(4, 1)), /^32-bit ELF is not supported$/);
    expectElfError(patch(file, (v) => v.setUint8(4, 7)), /class/);
    expectElfError(patch(file, (v) => v.setUint8(5, 2)), /big-endian/);
  });

  it('not ELF at all', () => {
    expectElfError(new TextEncoder().encode('#!/bin/sh\necho hello\n'), /^not an ELF file$/);
    expectElfError(new Uint8Array(0), /truncated|shorter/);
    expectElfError(new Uint8Array([0x7f, 0x45]), /shorter/);
  });
});

describe('malformed inputs only ever produce ElfError', () => {
  it('every prefix up to the end of the headers, and cuts inside segments', () => {
    for (const key of ['static', 'staticPie', 'dynamic'] as const) {
      const file = load(bins[key]);
      const img = parseElf(file);
      const headersEnd = img.header.phoff + img.header.phnum * Elf64_Phdr.size;
      for (let n = 0; n <= headersEnd; n++) expectElfError(file.subarray(0, n));
      for (const p of img.loadSegments) {
        if (p.filesz === 0 || p.offset + p.filesz <= headersEnd + 1) continue;
        for (const cut of [p.offset + p.filesz - 1, p.offset + Math.floor(p.filesz / 2), p.offset + 1]) {
          if (cut <= headersEnd) continue;
          expectElfError(file.subarray(0, cut), /^truncated ELF: segment \d+ extends past end of file$/);
        }
      }
      // Past every segment but before the end of the section header table.
      expectElfError(file.subarray(0, file.length - 1), /section header table out of bounds/);
    }
  });

  it('corrupted header fields', () => {
    const file = load(bins.static);
    const img = parseElf(file);
    const ph = (i: number, field: number): number => img.header.phoff + i * Elf64_Phdr.size + field;
    const load0 = img.loadSegments[0]!.index;
    const load1 = img.loadSegments[1]!.index;
    const cases: [string, (v: DataView) => void, RegExp][] = [
      ['e_phoff past end', (v) => setU64(v, Elf64_Ehdr.e_phoff, file.length + 100), /program header table out of bounds/],
      ['e_phoff near end', (v) => setU64(v, Elf64_Ehdr.e_phoff, file.length - 10), /program header table out of bounds/],
      ['e_phoff huge', (v) => setU64(v, Elf64_Ehdr.e_phoff, 2 ** 52), /program header table out of bounds/],
      ['e_phoff >= 2^53', (v) => v.setBigUint64(Elf64_Ehdr.e_phoff, 1n << 60n, true), /e_phoff is too large/],
      ['e_phentsize 32', (v) => v.setUint16(Elf64_Ehdr.e_phentsize, 32, true), /e_phentsize/],
      ['e_phentsize 64', (v) => v.setUint16(Elf64_Ehdr.e_phentsize, 64, true), /e_phentsize/],
      ['e_phnum 0', (v) => v.setUint16(Elf64_Ehdr.e_phnum, 0, true), /no program headers/],
      ['e_phnum large', (v) => v.setUint16(Elf64_Ehdr.e_phnum, 0xfffe, true), /program header table out of bounds/],
      ['e_shoff past end', (v) => setU64(v, Elf64_Ehdr.e_shoff, file.length + 1), /section header table out of bounds/],
      ['e_shentsize wrong', (v) => v.setUint16(Elf64_Ehdr.e_shentsize, 40, true), /e_shentsize/],
      ['e_shstrndx out of range', (v) => v.setUint16(Elf64_Ehdr.e_shstrndx, 0xfff0, true), /section name table index/],
      ['e_version', (v) => v.setUint32(Elf64_Ehdr.e_version, 2, true), /version/],
      ['segment offset past end', (v) => setU64(v, ph(load1, Elf64_Phdr.p_offset), file.length), /^truncated ELF: segment \d+ extends past end of file$/],
      ['segment filesz past end', (v) => setU64(v, ph(load1, Elf64_Phdr.p_filesz), file.length), /^truncated ELF: segment \d+ extends past end of file$/],
      ['memsz < filesz', (v) => setU64(v, ph(load0, Elf64_Phdr.p_memsz), 1), /memsz < filesz/],
      ['overlapping PT_LOAD', (v) => {
        setU64(v, ph(load1, Elf64_Phdr.p_vaddr), img.loadSegments[0]!.vaddr);
        setU64(v, ph(load1, Elf64_Phdr.p_paddr), img.loadSegments[0]!.vaddr);
      }, /overlap/],
      ['offset/vaddr not congruent', (v) => setU64(v, ph(load0, Elf64_Phdr.p_offset), 8), /not congruent/],
      ['alignment not a power of two', (v) => setU64(v, ph(load0, Elf64_Phdr.p_align), 0x1800), /power of two/],
      ['vaddr >= 2^53', (v) => v.setBigUint64(ph(load1, Elf64_Phdr.p_vaddr), 0xffff_ffff_8000_0000n, true), /too large/],
      ['vaddr + memsz >= 2^53', (v) => setU64(v, ph(load1, Elf64_Phdr.p_vaddr), 2 ** 53 - 0x1000), /2\^53/],
      ['section past end', (v) => setU64(v, img.header.shoff + 1 * Elf64_Shdr.size + Elf64_Shdr.sh_offset, file.length), /section 1 extends past end/],
      ['section name offset out of bounds', (v) => v.setUint32(img.header.shoff + 2 * Elf64_Shdr.size + Elf64_Shdr.sh_name, 0xffffff, true), /name/],
      ['shstrndx not a string table', (v) => v.setUint16(Elf64_Ehdr.e_shstrndx, 1, true), /not a string table/],
    ];
    for (const [label, f, pattern] of cases) {
      const err = expectElfError(patch(file, f), pattern);
      expect(err, label).toBeInstanceOf(ElfError);
    }
  });

  it('corrupted lazily read tables (symbols, dynamic)', () => {
    const file = load(bins.dynamic);
    const img = parseElf(file);
    const shdr = (s: { index: number }, field: number): number => img.header.shoff + s.index * Elf64_Shdr.size + field;
    const symtab = img.findSection('.symtab')!;
    const dynsym = img.findSection('.dynsym')!;
    const expectLazy = (bytes: Uint8Array, pattern: RegExp): void => {
      const parsed = parseElf(bytes);
      expectElfError(bytes, pattern);
      expect(parsed).toBeDefined();
    };
    expectLazy(patch(file, (v) => setU64(v, shdr(symtab, Elf64_Shdr.sh_entsize), 16)), /bad entry size/);
    expectLazy(patch(file, (v) => v.setUint32(shdr(symtab, Elf64_Shdr.sh_link), 1, true)), /not a string table/);
    expectLazy(patch(file, (v) => v.setUint32(symtab.offset + 24 * 5, 0xfffffff, true)), /string offset out of bounds/);
    expectLazy(patch(file, (v) => v.setBigUint64(dynsym.offset + 24 + 8, 1n << 62n, true)), /st_value is too large/);
    // DT_STRTAB pointing at an address outside every PT_LOAD.
    const dyn = img.dynamicSegment!;
    const strtabEntry = img.dynamic()!.entries.findIndex((e) => e.tag === DT_STRTAB);
    expectLazy(patch(file, (v) => setU64(v, dyn.offset + strtabEntry * 16 + 8, 0x7000_0000_0000)), /not backed by the file/);
  });

  it('random bytes', () => {
    const next = rng(12345);
    for (let i = 0; i < 500; i++) {
      const len = next() % 2048;
      const bytes = new Uint8Array(len);
      for (let j = 0; j < len; j++) bytes[j] = next() & 0xff;
      if (i % 2 === 1 && len >= 16) bytes.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0); // get past the ident checks
      if (i % 4 === 3 && len >= 64) {
        bytes.set([2, 0, 62, 0, 1, 0, 0, 0], 16); // ET_EXEC, x86-64, version 1
        bytes.set([56, 0], 54);
      }
      expectElfError(bytes);
    }
  });

  it('random corruption of real binaries (parse or ElfError, nothing else)', () => {
    const next = rng(987654321);
    for (const key of ['static', 'staticPie', 'dynamic'] as const) {
      const file = load(bins[key]);
      const img = parseElf(file);
      const headersEnd = img.header.phoff + img.header.phnum * Elf64_Phdr.size;
      const regions: [number, number][] = [
        [0, headersEnd],
        [img.header.shoff, img.header.shnum * Elf64_Shdr.size],
      ];
      for (const name of ['.dynsym', '.dynstr', '.dynamic', '.gnu.version', '.gnu.version_d', '.gnu.version_r', '.gnu.hash', '.symtab']) {
        const s = img.findSection(name);
        if (s !== undefined) regions.push([s.offset, Math.min(s.size, 4096)]);
      }
      const iterations = key === 'dynamic' ? 1500 : 400;
      let rejected = 0;
      for (let i = 0; i < iterations; i++) {
        const saved: [number, number][] = [];
        const edits = 1 + (next() % 6);
        for (let k = 0; k < edits; k++) {
          const [start, size] = regions[next() % regions.length]!;
          const off = start + (next() % size);
          saved.push([off, file[off]!]);
          const mode = next() % 4;
          file[off] = mode === 0 ? 0 : mode === 1 ? 0xff : next() & 0xff;
        }
        if (exercise(file) instanceof ElfError) rejected++;
        for (const [off, old] of saved.reverse()) file[off] = old;
      }
      expect(rejected).toBeGreaterThan(0);
      expect(exercise(file)).not.toBeInstanceOf(ElfError);
    }
  });
});
