/**
 * Loader mirrors fs/binfmt_elf.c:load_elf_binary() for static and static-PIE executables: it maps
 * the PT_LOAD segments, sets up brk after the highest segment, maps the vDSO, and builds the initial
 * stack (argc, argv, envp, auxv) exactly as create_elf_tables() lays it out.
 */
import { AT_BASE, AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_HWCAP2,
  AT_MINSIGSTKSZ, AT_NULL, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SECURE,
  AT_SYSINFO_EHDR, AT_UID } from '../abi/linux.js';
import { PF_R, PF_W, PF_X, PT_LOAD } from '../abi/elf.js';
import { PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from '../cpu/memory.js';
import { type ElfImage, ElfError, classifyExecutable, parseElf } from './exec/elf.js';
import { ELF_ET_DYN_BASE, Mm, STACK_TOP, pageDown, pageUp } from './mm.js';

export { ElfError };

export interface LoadResult {
  entry: number;
  sp: number;
  /** Base the image was loaded at (0 for ET_EXEC). */
  loadBias: number;
  vdsoBase: number;
  kind: 'static' | 'static-pie';
}

export interface LoadOptions {
  argv: string[];
  envp: string[];
  execfn: string;
  /** 16 bytes for AT_RANDOM. */
  random: Uint8Array;
  hwcap: number;
  vdso: Uint8Array | null;
}

function protOf(flags: number): number {
  return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE | PROT_READ : 0) | (flags & PF_X ? PROT_EXEC | PROT_READ : 0);
}

export const VDSO_BASE = 0x7ffff7ffd000;

/**
 * loadElf loads `bytes` into the (empty) `mm` and returns the entry state. Throws ElfError for
 * files the kernel would refuse with ENOEXEC, with a message that says why.
 */
export function loadElf(mm: Mm, bytes: Uint8Array, opts: LoadOptions): LoadResult {
  const img = parseElf(bytes);
  const info = classifyExecutable(img);
  if (info.kind === 'dynamic') {
    throw new ElfError(`dynamically linked executable (interpreter ${info.interp}); only static executables are supported`);
  }
  const loads = img.programHeaders.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) throw new ElfError('no PT_LOAD segment');
  const bias = info.kind === 'static-pie' ? ELF_ET_DYN_BASE - pageDown(loads[0].vaddr) : 0;
  let maxEnd = 0;
  for (const ph of loads) {
    const start = pageDown(ph.vaddr + bias);
    const end = pageUp(ph.vaddr + bias + ph.memsz);
    if (end <= start) continue;
    if (end > STACK_TOP - 0x10000000) throw new ElfError('segment placed above the user address space');
    mm.insert({ start, end, prot: protOf(ph.flags), shared: false, name: 'exe', growsDown: false, frames: null });
    const data = img.bytes.subarray(ph.offset, ph.offset + ph.filesz);
    if (data.length) mm.poke(ph.vaddr + bias, data);
    maxEnd = Math.max(maxEnd, end);
  }
  // brk starts right after the highest segment (no randomization).
  mm.brkStart = mm.brk = maxEnd;
  mm.insert({ start: maxEnd, end: maxEnd, prot: PROT_READ | PROT_WRITE, shared: false, name: '[heap]', growsDown: false, frames: null });
  mm.vmas = mm.vmas.filter((v) => v.end > v.start);

  let vdsoBase = 0;
  if (opts.vdso) {
    vdsoBase = VDSO_BASE;
    const len = pageUp(opts.vdso.length);
    mm.insert({ start: vdsoBase, end: vdsoBase + len, prot: PROT_READ | PROT_EXEC, shared: false, name: '[vdso]', growsDown: false, frames: null });
    mm.poke(vdsoBase, opts.vdso);
    mm.mmapBase = vdsoBase - 0x2000;
  }

  const phdrAddr = phdrAddress(img, bias);
  const entry = img.entry + bias;
  const sp = buildStack(mm, img, opts, { phdrAddr, entry, vdsoBase });
  return { entry, sp, loadBias: bias, vdsoBase, kind: info.kind };
}

function phdrAddress(img: ElfImage, bias: number): number {
  if (img.phdr) return img.phdr.vaddr + bias;
  const phoff = img.header.phoff;
  for (const ph of img.programHeaders) {
    if (ph.type === PT_LOAD && phoff >= ph.offset && phoff < ph.offset + ph.filesz) return ph.vaddr + bias + (phoff - ph.offset);
  }
  return 0;
}

function buildStack(mm: Mm, img: ElfImage, opts: LoadOptions, a: { phdrAddr: number; entry: number; vdsoBase: number }): number {
  const stackEnd = STACK_TOP;
  const initial = 128 * 1024;
  mm.insert({ start: stackEnd - initial, end: stackEnd, prot: PROT_READ | PROT_WRITE, shared: false, name: '[stack]', growsDown: true, frames: null });
  const enc = new TextEncoder();
  let p = stackEnd - 8; // a NULL word at the very top, as Linux leaves
  const putBytes = (b: Uint8Array): number => {
    p -= b.length;
    mm.poke(p, b);
    return p;
  };
  const putStr = (s: string): number => putBytes(enc.encode(s + '\0'));
  const execfnAddr = putStr(opts.execfn);
  // Strings are copied last-first, so argv[0] ends up lowest (as copy_strings() leaves them).
  const envAddrs = [...opts.envp].reverse().map(putStr).reverse();
  const argAddrs = [...opts.argv].reverse().map(putStr).reverse();
  const platformAddr = putStr('x86_64');
  p = Math.floor(p / 16) * 16;
  const randomAddr = putBytes(opts.random.subarray(0, 16));
  const auxv: [number, number][] = [
    [AT_SYSINFO_EHDR, a.vdsoBase],
    [AT_MINSIGSTKSZ, 2048],
    [AT_HWCAP, opts.hwcap],
    [AT_PAGESZ, PAGE_SIZE],
    [AT_CLKTCK, 100],
    [AT_PHDR, a.phdrAddr],
    [AT_PHENT, 56],
    [AT_PHNUM, img.programHeaders.length],
    [AT_BASE, 0],
    [AT_FLAGS, 0],
    [AT_ENTRY, a.entry],
    [AT_UID, 0],
    [AT_EUID, 0],
    [AT_GID, 0],
    [AT_EGID, 0],
    [AT_SECURE, 0],
    [AT_RANDOM, randomAddr],
    [AT_HWCAP2, 0],
    [AT_EXECFN, execfnAddr],
    [AT_PLATFORM, platformAddr],
    [AT_NULL, 0],
  ].filter(([k, v]) => k !== AT_SYSINFO_EHDR || v !== 0) as [number, number][];
  const words: number[] = [opts.argv.length, ...argAddrs, 0, ...envAddrs, 0];
  for (const [k, v] of auxv) words.push(k, v);
  p -= words.length * 8;
  p = Math.floor(p / 16) * 16;
  const buf = new Uint8Array(words.length * 8);
  const dv = new DataView(buf.buffer);
  words.forEach((w, i) => dv.setBigUint64(i * 8, BigInt(w), true));
  mm.poke(p, buf);
  return p;
}
