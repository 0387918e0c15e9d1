import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ET_DYN,
  PF_R,
  PF_W,
  PF_X,
  PT_DYNAMIC,
  PT_INTERP,
  PT_LOAD,
  PT_NOTE,
  SHF_ALLOC,
  SHT_REL,
  SHT_RELA,
  SHT_RELR,
} from '../../src/abi/elf.js';
import { parseElf, type ElfImage } from '../../src/kernel/exec/elf.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const enclaveBuild = join(root, 'guest/enclave/build.sh');
const sgxlibBuild = join(root, 'guest/sgxlib/build.sh');
const enclaveDir = join(root, 'guest/build/enclave');
const sgxlibDir = join(root, 'guest/build/sgxlib');

const PAGE = 4096;
const NTCS = 3;
const DBGOPTIN_TCS = 2;
const STACK_PAGES_PER_TCS = 6;
const VARIANTS = [
  { file: 'test_enclave.so', nssa: 1 },
  { file: 'test_enclave_nssa2.so', nssa: 2 },
] as const;

/** Run kinds of the layout note (flags bits 15:8), in the order the linker script emits them. */
const KIND = { tcs: 1, ssa: 2, text: 3, rodata: 4, data: 5, tdata: 6, stack: 7 } as const;
const SECINFO_R = 1;
const SECINFO_W = 2;
const SECINFO_X = 4;
const PT_TCS = 1 << 8;
const PT_REG = 2 << 8;
const MEASURE = 1;

/** Fault sites: label suffix and the instruction objdump must show at the label. */
const FAULT_SITES = [
  { name: 'de', mnemonic: 'idiv' },
  { name: 'ud', mnemonic: 'ud2' },
  { name: 'bp', mnemonic: 'int3' },
  { name: 'pf_ro', mnemonic: 'movl' },
  { name: 'pf_out', mnemonic: 'mov' },
  { name: 'gp', mnemonic: 'mov' },
  { name: 'ac', mnemonic: 'mov' },
  { name: 'db', mnemonic: 'nop' },
] as const;

interface LayoutRun {
  offset: number;
  size: number;
  secinfo: number;
  flags: number;
}

interface Layout {
  version: number;
  enclaveSize: number;
  imageSize: number;
  ssaFrameSize: number;
  miscselect: number;
  attributes: number;
  xfrm: number;
  ntcs: number;
  nssa: number;
  entry: number;
  runs: LayoutRun[];
  /** File offset of the descriptor. */
  descOffset: number;
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);
const u64 = (dv: DataView, off: number): number => Number(dv.getBigUint64(off, true));

/** Parses the "enclu" type-1 note found through the PT_NOTE program headers (not the sections). */
function parseLayout(img: ElfImage): Layout {
  const bytes = img.bytes;
  for (const ph of img.programHeaders.filter((p) => p.type === PT_NOTE)) {
    let at = ph.offset;
    const end = ph.offset + ph.filesz;
    while (end - at >= 12) {
      const dv = view(bytes.subarray(at, at + 12));
      const [namesz, descsz, type] = [dv.getUint32(0, true), dv.getUint32(4, true), dv.getUint32(8, true)];
      const nameAt = at + 12;
      const descAt = nameAt + ((namesz + 3) & ~3);
      const name = Buffer.from(bytes.subarray(nameAt, nameAt + namesz)).toString('latin1');
      if (type === 1 && name === 'enclu\0') {
        const d = view(bytes.subarray(descAt, descAt + descsz));
        const nruns = d.getUint32(4, true);
        expect(descsz, 'descriptor size = 64-byte header + 32 bytes per run').toBe(64 + 32 * nruns);
        const runs: LayoutRun[] = [];
        for (let i = 0; i < nruns; i++) {
          const r = 64 + 32 * i;
          runs.push({ offset: u64(d, r), size: u64(d, r + 8), secinfo: u64(d, r + 16), flags: u64(d, r + 24) });
        }
        return {
          version: d.getUint32(0, true),
          enclaveSize: u64(d, 8),
          imageSize: u64(d, 16),
          ssaFrameSize: d.getUint32(24, true),
          miscselect: d.getUint32(28, true),
          attributes: u64(d, 32),
          xfrm: u64(d, 40),
          ntcs: d.getUint32(48, true),
          nssa: d.getUint32(52, true),
          entry: u64(d, 56),
          runs,
          descOffset: descAt,
        };
      }
      at = descAt + ((descsz + 3) & ~3);
    }
  }
  throw new Error('no enclu layout note');
}

const kindOf = (run: LayoutRun): number => (run.flags >> 8) & 0xff;

function runOfKind(layout: Layout, kind: number): LayoutRun {
  const run = layout.runs.find((r) => kindOf(r) === kind);
  if (run === undefined) throw new Error(`no run of kind ${kind}`);
  return run;
}

function runAt(layout: Layout, offset: number): LayoutRun | undefined {
  return layout.runs.find((r) => offset >= r.offset && offset < r.offset + r.size);
}

/** The flat image a loader builds: zeros, with each PT_LOAD's file bytes at its p_vaddr. */
function flatImage(img: ElfImage, size: number): Uint8Array {
  const flat = new Uint8Array(size);
  for (const p of img.programHeaders.filter((q) => q.type === PT_LOAD)) {
    flat.set(img.bytes.subarray(p.offset, p.offset + p.filesz), p.vaddr);
  }
  return flat;
}

function fnv1a64(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function symbol(img: ElfImage, name: string): number {
  const sym = img.symbols().find((s) => s.table === '.symtab' && s.name === name);
  if (sym === undefined) throw new Error(`no symbol ${name}`);
  return sym.value;
}

/** The mnemonic objdump decodes at a link-time address. */
function mnemonicAt(path: string, address: number): string {
  const out = execFileSync(
    'objdump',
    ['-d', '--no-show-raw-insn', `--start-address=0x${address.toString(16)}`, `--stop-address=0x${(address + 16).toString(16)}`, path],
    { encoding: 'utf8' },
  );
  const line = out.split('\n').find((l) => new RegExp(`^\\s*${address.toString(16)}:`).test(l));
  if (line === undefined) throw new Error(`objdump shows nothing at 0x${address.toString(16)}`);
  return line.split(':')[1]!.trim().split(/\s+/)[0]!;
}

let scratch = '';

beforeAll(() => {
  execFileSync('bash', [enclaveBuild], { stdio: 'pipe' });
  execFileSync('bash', [sgxlibBuild], { stdio: 'pipe' });
  scratch = mkdtempSync(join(tmpdir(), 'enclu-enclave-'));
});

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe.each(VARIANTS)('$file', ({ file, nssa }) => {
  const path = join(enclaveDir, file);
  let img: ElfImage;
  let layout: Layout;

  beforeAll(() => {
    img = parseElf(new Uint8Array(readFileSync(path)));
    layout = parseLayout(img);
  });

  it('is position independent with no relocation of any kind', () => {
    expect(execFileSync('readelf', ['-rW', path], { encoding: 'utf8' })).toMatch(/There are no relocations in this file/);
    expect(img.header.type, 'linked as a static PIE (ET_DYN)').toBe(ET_DYN);
    expect(img.sections.filter((s) => [SHT_RELA, SHT_REL, SHT_RELR].includes(s.type) && s.size > 0)).toEqual([]);
    expect(img.programHeaders.some((p) => p.type === PT_INTERP || p.type === PT_DYNAMIC)).toBe(false);
    expect(img.entry, 'ELF entry = TCS.OENTRY').toBe(symbol(img, 'enclave_entry'));
  });

  it('has a layout note with the SECS fields the loader and signer need', () => {
    expect(layout.version).toBe(1);
    expect(layout.descOffset % 8, 'descriptor 8-byte aligned in the file').toBe(0);
    expect(layout.ssaFrameSize).toBe(1);
    expect(layout.miscselect).toBe(0);
    expect(layout.attributes, 'DEBUG | MODE64BIT').toBe(6);
    expect(layout.xfrm).toBe(3);
    expect(layout.ntcs).toBe(NTCS);
    expect(layout.nssa).toBe(nssa);
    expect(layout.entry).toBe(symbol(img, 'enclave_entry'));
    expect(layout.imageSize % PAGE).toBe(0);
    expect(layout.enclaveSize & (layout.enclaveSize - 1), 'SECS.SIZE is a power of two').toBe(0);
    expect(layout.enclaveSize).toBeGreaterThanOrEqual(layout.imageSize);
    expect(layout.enclaveSize / 2, 'SECS.SIZE is the smallest power of two that fits').toBeLessThan(layout.imageSize);
  });

  it('lists contiguous page runs from offset 0 with the right page types, permissions and measurement', () => {
    expect(layout.runs.map(kindOf)).toEqual([KIND.tcs, KIND.ssa, KIND.text, KIND.rodata, KIND.data, KIND.tdata, KIND.stack]);
    let next = 0;
    for (const r of layout.runs) {
      expect(r.offset, 'runs start page aligned, right after the previous one').toBe(next);
      expect(r.size % PAGE).toBe(0);
      expect(r.size).toBeGreaterThan(0);
      next = r.offset + r.size;
    }
    expect(layout.imageSize).toBe(next);

    const expected: Record<number, { secinfo: number; measure: number; pages?: number }> = {
      [KIND.tcs]: { secinfo: PT_TCS, measure: MEASURE, pages: NTCS },
      [KIND.ssa]: { secinfo: PT_REG | SECINFO_R | SECINFO_W, measure: MEASURE, pages: NTCS * nssa },
      [KIND.text]: { secinfo: PT_REG | SECINFO_R | SECINFO_X, measure: MEASURE },
      [KIND.rodata]: { secinfo: PT_REG | SECINFO_R, measure: MEASURE },
      [KIND.data]: { secinfo: PT_REG | SECINFO_R | SECINFO_W, measure: MEASURE },
      [KIND.tdata]: { secinfo: PT_REG | SECINFO_R | SECINFO_W, measure: MEASURE, pages: NTCS },
      [KIND.stack]: { secinfo: PT_REG | SECINFO_R | SECINFO_W, measure: 0, pages: NTCS * STACK_PAGES_PER_TCS },
    };
    for (const r of layout.runs) {
      const want = expected[kindOf(r)]!;
      expect(r.secinfo, `SECINFO of run kind ${kindOf(r)}`).toBe(want.secinfo);
      expect(r.flags & 0xff, `MEASURE of run kind ${kindOf(r)}`).toBe(want.measure);
      if (want.pages !== undefined) expect(r.size / PAGE, `pages of run kind ${kindOf(r)}`).toBe(want.pages);
    }
  });

  it('agrees with the ELF: segments, sections and permissions fall in the matching runs', () => {
    for (const p of img.programHeaders.filter((q) => q.type === PT_LOAD)) {
      expect(p.vaddr % PAGE).toBe(0);
      for (let page = p.vaddr; page < p.vaddr + p.memsz; page += PAGE) {
        const run = runAt(layout, page);
        expect(run, `PT_LOAD page 0x${page.toString(16)} is in a run`).toBeDefined();
        if ((run!.secinfo & 0xff00) === PT_TCS) continue;
        const perms = (run!.secinfo & SECINFO_R ? PF_R : 0) | (run!.secinfo & SECINFO_W ? PF_W : 0) | (run!.secinfo & SECINFO_X ? PF_X : 0);
        expect(perms, `permissions of page 0x${page.toString(16)}`).toBe(p.flags);
      }
    }
    const note = img.programHeaders.find((p) => p.type === PT_NOTE)!;
    expect(kindOf(runAt(layout, note.vaddr)!), 'the note is in the read-only run').toBe(KIND.rodata);

    const sectionKinds: Record<string, number> = {
      '.tcs': KIND.tcs,
      '.ssa': KIND.ssa,
      '.text': KIND.text,
      '.rodata': KIND.rodata,
      '.note.enclu.layout': KIND.rodata,
      '.data': KIND.data,
      '.bss': KIND.data,
      '.threaddata': KIND.tdata,
      '.stacks': KIND.stack,
    };
    for (const s of img.sections.filter((q) => (q.flags & SHF_ALLOC) !== 0 && q.size > 0)) {
      const kind = sectionKinds[s.name];
      if (kind === undefined) {
        expect(kindOf(runAt(layout, s.addr)!), `linker-made section ${s.name} is read-only`).toBe(KIND.rodata);
        continue;
      }
      const run = runOfKind(layout, kind);
      expect(s.addr >= run.offset && s.addr + s.size <= run.offset + run.size, `${s.name} lies in its run`).toBe(true);
    }
    const ssa = runOfKind(layout, KIND.ssa);
    expect(img.findSection('.ssa')!.size, 'one SSA frame page per TCS and NSSA').toBe(ssa.size);
  });

  it('has TCS pages at offsets 0..2 with fields pointing at their own SSA frames and thread data', () => {
    const ssa = runOfKind(layout, KIND.ssa);
    const tdata = runOfKind(layout, KIND.tdata);
    const text = runOfKind(layout, KIND.text);
    const entry = symbol(img, 'enclave_entry');
    for (let i = 0; i < NTCS; i++) {
      const page = img.readVirtual(i * PAGE, PAGE);
      const dv = view(page);
      const tcs = {
        state: u64(dv, 0),
        flags: u64(dv, 8),
        ossa: u64(dv, 16),
        cssa: dv.getUint32(24, true),
        nssa: dv.getUint32(28, true),
        oentry: u64(dv, 32),
        aep: u64(dv, 40),
        ofsbase: u64(dv, 48),
        ogsbase: u64(dv, 56),
        fslimit: dv.getUint32(64, true),
        gslimit: dv.getUint32(68, true),
      };
      expect(tcs, `TCS ${i}`).toEqual({
        state: 0,
        flags: i === DBGOPTIN_TCS ? 1 : 0,
        ossa: ssa.offset + i * nssa * PAGE,
        cssa: 0,
        nssa,
        oentry: entry,
        aep: 0,
        ofsbase: tdata.offset + i * PAGE,
        ogsbase: tdata.offset + i * PAGE,
        fslimit: 0xfff,
        gslimit: 0xfff,
      });
      expect(page.subarray(72).every((b) => b === 0), `TCS ${i} reserved bytes are zero`).toBe(true);
      expect(tcs.ossa % PAGE).toBe(0);
      expect(tcs.ofsbase % PAGE).toBe(0);
      expect(tcs.ossa + nssa * PAGE).toBeLessThanOrEqual(ssa.offset + ssa.size);
      expect(tcs.oentry >= text.offset && tcs.oentry < text.offset + text.size, 'OENTRY is in the text run').toBe(true);
    }
  });

  it('has every fault site at a global label, listed in the site table', () => {
    const text = runOfKind(layout, KIND.text);
    const siteTable = symbol(img, 'enclave_fault_sites');
    const table = view(img.readVirtual(siteTable, 16 * FAULT_SITES.length));
    FAULT_SITES.forEach(({ name, mnemonic }, i) => {
      const start = symbol(img, `enclave_fault_${name}`);
      const end = symbol(img, `enclave_fault_${name}_end`);
      expect(start >= text.offset && end <= text.offset + text.size, `enclave_fault_${name} in text`).toBe(true);
      expect(end, `enclave_fault_${name}_end follows one instruction`).toBeGreaterThan(start);
      expect(mnemonicAt(path, start), `instruction at enclave_fault_${name}`).toBe(mnemonic);
      const entry = siteTable + 16 * i;
      expect(entry + table.getInt32(16 * i, true), `site table start of ${name}`).toBe(start);
      expect(entry + 4 + table.getInt32(16 * i + 4, true), `site table end of ${name}`).toBe(end);
      expect(table.getUint32(16 * i + 8, true), `ECALL of ${name}`).toBe(2 + i);
    });
    const roPage = symbol(img, 'enclave_ro_page');
    expect(roPage % PAGE).toBe(0);
    expect(runAt(layout, roPage)!.secinfo & (SECINFO_W | SECINFO_X), 'enclave_ro_page is read-only').toBe(0);
    expect(mnemonicAt(path, symbol(img, 'enclave_eexit'))).toBe('enclu');
  });

  it('is read by the C loader exactly as described (header, runs, page contents)', () => {
    const json = JSON.parse(execFileSync(join(sgxlibDir, 'enclave_layout'), [path], { encoding: 'utf8' })) as {
      runs: Array<LayoutRun & { fnv1a64: string }>;
    } & Record<string, unknown>;
    const { runs, descOffset: _descOffset, ...header } = layout;
    const { runs: cRuns, ...cHeader } = json;
    expect(cHeader).toEqual(header);
    const flat = flatImage(img, layout.imageSize);
    expect(cRuns).toEqual(runs.map((r) => ({ ...r, fnv1a64: fnv1a64(flat.subarray(r.offset, r.offset + r.size)) })));
  });
});

/** One line of sgxsim's output. */
interface SimStep {
  step: string;
  leaf?: number;
  tcs?: number;
  how?: 'eexit' | 'aex' | 'fault';
  cssa?: number;
  status?: number;
  out?: string[];
  [field: string]: unknown;
}

const FAULT_VECTORS: Record<number, number> = { 2: 0, 3: 6, 4: 3, 5: 14, 6: 14, 7: 13, 8: 17, 9: 1 };
/** EXITINFO with MISCSELECT = 0: VALID | type 3 (hardware) or 6 (INT3) | vector; #PF/#GP not reported. */
const EXITINFO: Record<number, number> = { 0: 0x80000300, 1: 0x80000301, 3: 0x80000603, 6: 0x80000306, 13: 0, 14: 0, 17: 0x80000311 };
/** Traps report the RIP after the instruction. */
const TRAP_VECTORS = new Set([1, 3]);

function lcgChecksum(iterations: number, seed: bigint): bigint {
  const mask = (1n << 64n) - 1n;
  let x = seed;
  let sum = 0n;
  for (let i = 0; i < iterations; i++) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & mask;
    sum = (sum + (x >> 33n)) & mask;
  }
  return sum ^ x;
}

describe.each(VARIANTS)('$file run natively by sgxsim (ENCLU stood in for by signal handlers)', ({ file, nssa }) => {
  const path = join(enclaveDir, file);
  let img: ElfImage;
  let layout: Layout;
  let steps: SimStep[];
  let base = 0;

  beforeAll(() => {
    img = parseElf(new Uint8Array(readFileSync(path)));
    layout = parseLayout(img);
    steps = execFileSync(join(sgxlibDir, 'sgxsim'), [path], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SimStep);
    base = steps[0]!.base as number;
  });

  const named = (name: string): SimStep[] => steps.filter((s) => s.step === name);
  const out = (s: SimStep): bigint[] => s.out!.map((v) => BigInt(v));
  const label = (name: string): bigint => BigInt(symbol(img, name));

  it('leaves the enclave by EEXIT with the documented registers', () => {
    const exits = steps.filter((s) => s.how === 'eexit');
    expect(exits.length).toBeGreaterThan(10);
    for (const s of exits) {
      const where = `${s.step} on TCS ${s.tcs}`;
      expect(s.rax, `${where}: RAX = EEXIT`).toBe(4);
      expect(s.rbx, `${where}: RBX = the address after the host's ENCLU`).toBe(s.exitAddress);
      expect(s.rcx, `${where}: RCX = AEP`).toBe(s.aep);
      for (const r of ['rdx', 'r8', 'r9', 'r10', 'r11']) expect(s[r], `${where}: ${r} scrubbed`).toBe(0);
      expect(s.calleeSavedKept, `${where}: R12-R15 kept`).toBe(true);
      expect(s.stackKept, `${where}: RSP/RBP back to the host's`).toBe(true);
      if (s.out !== undefined) {
        expect(s.rdi, `${where}: RDI = status`).toBe(s.status);
        expect(BigInt(s.rsi as string), `${where}: RSI = out[0]`).toBe(out(s)[0]);
      }
    }
  });

  it('runs ECALL 0 and 1 on every TCS and gives the host its DF and AC back', () => {
    const adds = named('add');
    expect(adds.map((s) => s.tcs)).toEqual([0, 1, 2]);
    for (const s of adds) {
      const a = 40n + BigInt(s.tcs!);
      expect(s.status).toBe(0);
      expect(out(s)).toEqual([a + 2n, a ^ 2n, 0x1111n, 0x2222n, 0n, 0n, 0n, 0n]);
      expect([s.df, s.ac], 'host RFLAGS.DF/AC after EEXIT').toEqual(s.tcs === 1 ? [true, true] : [false, false]);
    }
    const [compute] = named('compute');
    expect(out(compute!)[0]).toBe(lcgChecksum(100000, 7n));
  });

  it('reports bad ECALLs, bad buffers and a handler call without an exception', () => {
    expect(named('bad-ecall')[0]!.status).toBe(1);
    expect(named('no-exception')[0]!.status).toBe(3);
    expect(named('bad-arg')[0]!.rdi, 'a buffer inside the enclave').toBe(2);
    expect([named('no-args')[0]!.rdi, named('no-args')[0]!.rsi], 'no buffer at all is fine').toEqual([0, '0']);
  });

  it('raises each exception at its label and, with NSSA = 2, handles it on SSA frame 1 and resumes', () => {
    for (const [ecall, vector] of Object.entries(FAULT_VECTORS)) {
      const i = steps.findIndex((s) => s.step === `fault-${ecall}`);
      const site = FAULT_SITES[Number(ecall) - 2]!.name;
      const fault = steps[i]!;
      const tcs = Number(ecall) === 9 ? 2 : 0;
      expect(fault, `ECALL ${ecall}`).toMatchObject({ how: 'aex', vector, tcs, rax: 3, rbxIsTcs: true, rcxIsAep: true, cssa: 1 });
      const rest = steps.slice(i + 1, steps.findIndex((s, j) => j > i && /^(fault-|info$)/.test(s.step)));
      const handler = rest.find((s) => s.step === 'handler')!;
      const start = label(`enclave_fault_${site}`);
      const end = label(`enclave_fault_${site}_end`);
      if (nssa === 2) {
        expect(handler, `handler for ECALL ${ecall}`).toMatchObject({ how: 'eexit', status: 0, cssa: 1 });
        const [count, exitinfo, rip, resumed] = out(handler!);
        expect(count).toBe(1n);
        expect(exitinfo, `EXITINFO of vector ${vector}`).toBe(BigInt(EXITINFO[vector]!));
        expect(rip, `RIP of vector ${vector}`).toBe(TRAP_VECTORS.has(vector) ? end : start);
        expect(resumed).toBe(end);
        const info = rest.find((s) => s.step === 'info-in-handler')!;
        expect(out(info)[0], 'CSSA seen by the handler entry').toBe(1n);
        const resume = rest.find((s) => s.step === 'resume')!;
        expect(resume).toMatchObject({ how: 'eexit', leaf: 3, status: 0, cssa: 0 });
        expect(out(resume).slice(0, 4)).toEqual(out(handler!).slice(0, 4));
      } else {
        expect(handler, 'EENTER with CSSA = NSSA is #GP').toMatchObject({ how: 'fault', vector: 13 });
        if (vector === 3) {
          expect(rest.find((s) => s.step === 'resume'), 'ERESUME after a trap continues').toMatchObject({ how: 'eexit', status: 0 });
        }
      }
    }
    if (nssa === 2) {
      expect(named('nested')[0], 'an ECALL while CSSA = 1').toMatchObject({ how: 'eexit', status: 5 });
      const pfRo = steps[steps.findIndex((s) => s.step === 'fault-5') + 3]!;
      expect(out(pfRo)[4], 'the read-only page is unchanged').toBe(0x0123456789abcdefn);
    }
  });

  it('sees its own FS/GS bases, TCS index, entry and exception counts through INFO', () => {
    const tdata = runOfKind(layout, KIND.tdata);
    const infos = named('info');
    expect(infos.map((s) => s.tcs)).toEqual([0, 1, 2]);
    for (const s of infos) {
      const o = out(s);
      const t = BigInt(s.tcs!);
      expect(o[0], 'CSSA').toBe(0n);
      expect(o[2], 'TCS index').toBe(t);
      expect(o[4], 'FS base').toBe(BigInt(tdata.offset) + t * BigInt(PAGE));
      expect(o[5], 'GS base').toBe(BigInt(tdata.offset) + t * BigInt(PAGE));
      expect(o[6], 'enclave base').toBe(BigInt(base));
      expect(o[7], 'NSSA').toBe(BigInt(nssa));
      const entries = steps.filter((x) => x.leaf === 2 && x.tcs === s.tcs && x.how !== 'fault').length;
      expect(o[1], 'entries on this TCS').toBe(BigInt(entries));
    }
    expect(infos.map((s) => out(s)[3]), 'exceptions handled per TCS').toEqual(nssa === 2 ? [7n, 0n, 1n] : [0n, 0n, 0n]);
  });
});

describe('enclave build', () => {
  it('fails when enclave code needs a relocation', () => {
    const bad = join(scratch, 'pointer.c');
    writeFileSync(bad, 'extern char __enclave_base[];\nchar *enclave_absolute_pointer = __enclave_base;\n');
    const r = spawnSync('bash', [enclaveBuild], {
      encoding: 'utf8',
      env: { ...process.env, ENCLAVE_OUT_DIR: join(scratch, 'out'), ENCLAVE_EXTRA_SOURCES: bad },
    });
    expect(r.status, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(/relocation/);
    expect(existsSync(join(scratch, 'out/test_enclave.so'))).toBe(false);
  });

  it('does nothing when the outputs are up to date', () => {
    const outputs = [
      ...VARIANTS.map((v) => join(enclaveDir, v.file)),
      ...['libsgxlib.a', 'hello_enclave', 'vdso_probe', 'enclave_layout', 'sgxsim'].map((f) => join(sgxlibDir, f)),
    ];
    const before = outputs.map((f) => statSync(f).mtimeMs);
    execFileSync('bash', [enclaveBuild], { stdio: 'pipe' });
    expect(execFileSync('bash', [sgxlibBuild], { encoding: 'utf8' })).toBe('');
    expect(outputs.map((f) => statSync(f).mtimeMs)).toEqual(before);
  });
});

describe('hello_enclave', () => {
  const hello = join(sgxlibDir, 'hello_enclave');

  it('is a static program with the vDSO lookup compiled in', () => {
    const img = parseElf(new Uint8Array(readFileSync(hello)));
    expect(img.interp, 'no dynamic linker').toBeUndefined();
    const names = new Set(img.symbols().map((s) => s.name));
    for (const name of ['sgxlib_vdso_lookup_in', 'sgxlib_vdso_sgx_enter_enclave', 'sgxlib_load', 'sgxlib_rfc_enclu_insn']) {
      expect(names.has(name), name).toBe(true);
    }
    const text = Buffer.from(img.bytes).toString('latin1');
    expect(text).toContain('__vdso_sgx_enter_enclave\0');
    expect(text).toContain('LINUX_2.6\0');
  });

  it('exits 2 with a clear message where there is no SGX device', (ctx) => {
    if (existsSync('/dev/sgx_enclave')) ctx.skip();
    const r = spawnSync(hello, [], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hello_enclave: no SGX device: \/dev\/sgx_enclave: No such file or directory$/m);
  });
});

describe('vDSO lookup (sgxlib)', () => {
  const probe = join(sgxlibDir, 'vdso_probe');

  /** Checks vdso_probe's lookups in `image` (probed through probeArgs) against readelf's symbol table. */
  function checkLookups(image: string, probeArgs: string[]): void {
    const syms = execFileSync('readelf', ['--dyn-syms', '-W', image], { encoding: 'utf8' })
      .split('\n')
      .map((l) => /^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+(?:FUNC|OBJECT)\s+(?:GLOBAL|WEAK)\s+\S+\s+\d+\s+(\S+)@@(\S+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ value: parseInt(m[1]!, 16), name: m[2]!, version: m[3]! }));
    expect(syms.length, 'the image exports versioned symbols').toBeGreaterThan(0);
    const dynamic = execFileSync('readelf', ['-dW', image], { encoding: 'utf8' });
    const hasGnu = /\(GNU_HASH\)/.test(dynamic);
    const hasSysv = /\(HASH\)/.test(dynamic);
    const queries = [...syms.map((s) => `${s.name}@${s.version}`), `${syms[0]!.name}@LINUX_0.0`, '__vdso_no_such_symbol'];
    const out = execFileSync(probe, [...probeArgs, ...queries], { encoding: 'utf8' }).trim().split('\n');
    syms.forEach((s, i) => {
      const hex = `0x${s.value.toString(16)}`;
      expect(out[i], s.name).toBe(`${s.name}@${s.version} gnu=${hasGnu ? hex : '-'} sysv=${hasSysv ? hex : '-'}`);
    });
    expect(out[syms.length], 'a wrong version is not found').toBe(`${syms[0]!.name}@LINUX_0.0 gnu=- sysv=-`);
    expect(out[syms.length + 1]).toBe('__vdso_no_such_symbol gnu=- sysv=-');
  }

  it('finds every versioned symbol of the real kernel vDSO, through DT_GNU_HASH and DT_HASH alike', (ctx) => {
    const dump = join(scratch, 'vdso.so');
    if (spawnSync(probe, ['--dump', dump]).status !== 0) ctx.skip();
    checkLookups(dump, []);
  });

  it("finds every versioned symbol of the project's guest vDSO", () => {
    execFileSync('bash', [join(root, 'guest/vdso/build.sh')], { stdio: 'pipe' });
    const image = join(root, 'guest/build/vdso/vdso.so');
    checkLookups(image, ['--file', image]);
  });
});
