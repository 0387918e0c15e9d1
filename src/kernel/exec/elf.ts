/**
 * ELF64 (little-endian, x86-64) parser for the program loader.
 *
 * parseElf() validates everything the loader relies on up front (header, program headers, section
 * headers) and throws ElfError for anything malformed. Symbol tables, the dynamic section and
 * symbol versions are decoded on demand and validated as they are read; they throw ElfError too.
 *
 * Every read of the file goes through the bounds-checked Reader below, so a hostile file can only
 * produce an ElfError, never a RangeError or a TypeError. Addresses and sizes are JS numbers; a
 * 64-bit field that does not fit in 53 bits makes the file unsupported.
 */

import {
  DT_NULL,
  DT_STRSZ,
  DT_STRTAB,
  EI_ABIVERSION,
  EI_CLASS,
  EI_DATA,
  EI_NIDENT,
  EI_OSABI,
  EI_VERSION,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ELFMAG,
  EM_X86_64,
  ET_CORE,
  ET_DYN,
  ET_EXEC,
  ET_NONE,
  ET_REL,
  EV_CURRENT,
  Elf64_Dyn,
  Elf64_Ehdr,
  Elf64_Phdr,
  Elf64_Shdr,
  Elf64_Sym,
  Elf64_Verdaux,
  Elf64_Verdef,
  Elf64_Vernaux,
  Elf64_Verneed,
  MACHINE_NAMES,
  PF_X,
  PN_XNUM,
  PT_DYNAMIC,
  PT_GNU_STACK,
  PT_INTERP,
  PT_LOAD,
  PT_PHDR,
  PT_TLS,
  SEGMENT_TYPE_NAMES,
  SHN_UNDEF,
  SHN_XINDEX,
  SHT_DYNSYM,
  SHT_GNU_VERDEF,
  SHT_GNU_VERNEED,
  SHT_GNU_VERSYM,
  SHT_NOBITS,
  SHT_NULL,
  SHT_STRTAB,
  SHT_SYMTAB,
  SHT_SYMTAB_SHNDX,
  VERSYM_HIDDEN,
  VERSYM_VERSION,
  stBind,
  stType,
  stVisibility,
} from '../../abi/elf.js';

/** A malformed or unsupported ELF file. The message is one short line, meant to follow "file: ". */
export class ElfError extends Error {
  override readonly name = 'ElfError';
  constructor(message: string) {
    super(message);
  }
}

export interface ElfHeader {
  /** EI_CLASS, EI_DATA, EI_VERSION, EI_OSABI, EI_ABIVERSION of e_ident. */
  readonly ident: {
    readonly class: number;
    readonly data: number;
    readonly version: number;
    readonly osabi: number;
    readonly abiversion: number;
  };
  readonly type: number;
  readonly machine: number;
  readonly version: number;
  readonly entry: number;
  readonly phoff: number;
  readonly shoff: number;
  readonly flags: number;
  readonly ehsize: number;
  readonly phentsize: number;
  /** Program header count, after PN_XNUM extension (the raw field may be 0xffff). */
  readonly phnum: number;
  readonly shentsize: number;
  /** Section header count, after the extended-numbering rule (the raw field may be 0). */
  readonly shnum: number;
  /** Index of the section name string table, after the SHN_XINDEX rule. */
  readonly shstrndx: number;
}

export interface ProgramHeader {
  readonly index: number;
  readonly type: number;
  readonly flags: number;
  readonly offset: number;
  readonly vaddr: number;
  readonly paddr: number;
  readonly filesz: number;
  readonly memsz: number;
  readonly align: number;
}

export interface SectionHeader {
  readonly index: number;
  /** Resolved through the section name string table ('' when there is none). */
  readonly name: string;
  readonly nameOffset: number;
  readonly type: number;
  readonly flags: number;
  readonly addr: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
  readonly info: number;
  readonly addralign: number;
  readonly entsize: number;
}

export interface ElfSymbol {
  /** Which table the symbol comes from. */
  readonly table: '.symtab' | '.dynsym';
  /** Index inside that table (0, the null symbol, is never returned). */
  readonly index: number;
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: number;
  readonly bind: number;
  readonly visibility: number;
  /** Section index, with SHN_XINDEX already resolved through SHT_SYMTAB_SHNDX when present. */
  readonly shndx: number;
  /** Version name for .dynsym symbols that have a .gnu.version entry naming a version. */
  readonly version?: string;
  /** The version is not the default one (readelf prints "name@VER" instead of "name@@VER"). */
  readonly versionHidden?: boolean;
}

export interface DynamicEntry {
  readonly tag: number;
  readonly value: number;
}

export interface DynamicInfo {
  /** Entries of PT_DYNAMIC up to, not including, the first DT_NULL. */
  readonly entries: readonly DynamicEntry[];
  /** Value of the first entry with this tag. */
  get(tag: number): number | undefined;
  /** Values of every entry with this tag, in order (e.g. DT_NEEDED). */
  getAll(tag: number): number[];
  has(tag: number): boolean;
  /** File bytes backing [vaddr, vaddr + size) of the image; ElfError if not all file-backed. */
  read(vaddr: number, size: number): Uint8Array;
  /** File offset of a link-time virtual address; ElfError if not file-backed. */
  offsetOf(vaddr: number, size?: number): number;
  /** NUL-terminated string at `offset` inside DT_STRTAB (bounded by DT_STRSZ when present). */
  string(offset: number): string;
}

export type ExecutableKind = 'static' | 'static-pie' | 'dynamic';

export interface ExecutableInfo {
  readonly kind: ExecutableKind;
  /** PT_INTERP contents, for 'dynamic'. */
  readonly interp?: string;
  readonly entry: number;
  readonly tls?: ProgramHeader;
  readonly phdr?: ProgramHeader;
  readonly gnuStack?: ProgramHeader;
  readonly executableStack: boolean;
}

const TWO_32 = 0x1_0000_0000;
const HIGH_LIMIT = 0x20_0000; // high 32 bits must stay below this for the value to be < 2^53
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const utf8 = new TextDecoder('utf-8', { fatal: false });

const hex = (n: number): string => '0x' + n.toString(16);

/** Bounds-checked little-endian view of the whole file. */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.bytes.length;
  }

  /** Is [off, off + size) inside the file? Safe for any (possibly huge) non-negative numbers. */
  contains(off: number, size: number): boolean {
    return off >= 0 && size >= 0 && off <= this.bytes.length && size <= this.bytes.length - off;
  }

  private check(off: number, size: number, what: string): void {
    if (!Number.isInteger(off) || !this.contains(off, size)) {
      throw new ElfError(`truncated ELF: ${what} at offset ${hex(off)} is past end of file`);
    }
  }

  u8(off: number, what: string): number {
    this.check(off, 1, what);
    return this.view.getUint8(off);
  }

  u16(off: number, what: string): number {
    this.check(off, 2, what);
    return this.view.getUint16(off, true);
  }

  u32(off: number, what: string): number {
    this.check(off, 4, what);
    return this.view.getUint32(off, true);
  }

  /** Unsigned 64-bit field; ElfError when it does not fit in 53 bits. */
  u64(off: number, what: string): number {
    this.check(off, 8, what);
    const lo = this.view.getUint32(off, true);
    const hi = this.view.getUint32(off + 4, true);
    if (hi >= HIGH_LIMIT) {
      throw new ElfError(`${what} is too large (${hex(hi)}${lo.toString(16).padStart(8, '0')} does not fit in 53 bits)`);
    }
    return hi * TWO_32 + lo;
  }

  slice(off: number, size: number, what: string): Uint8Array {
    this.check(off, size, what);
    return this.bytes.subarray(off, off + size);
  }

  /** NUL-terminated string starting at `off`, which must terminate before `limit`. */
  cstring(off: number, limit: number, what: string): string {
    const end = Math.min(limit, this.bytes.length);
    if (!Number.isInteger(off) || off < 0 || off >= end) {
      throw new ElfError(`${what}: string offset out of bounds`);
    }
    const nul = this.bytes.indexOf(0, off);
    if (nul < 0 || nul >= end) throw new ElfError(`${what}: string is not NUL-terminated`);
    return utf8.decode(this.bytes.subarray(off, nul));
  }
}

function describeType(type: number): string {
  switch (type) {
    case ET_NONE:
      return 'has no file type (ET_NONE)';
    case ET_REL:
      return 'is a relocatable object file (ET_REL), not an executable';
    case ET_CORE:
      return 'is a core file (ET_CORE), not an executable';
    default:
      if (type >= 0xfe00 && type <= 0xfeff) return `has OS-specific type ${hex(type)}, not an executable`;
      if (type >= 0xff00) return `has processor-specific type ${hex(type)}, not an executable`;
      return `has unknown type ${type}, not an executable`;
  }
}

function machineName(machine: number): string {
  const name = MACHINE_NAMES[machine];
  return name === undefined ? `${machine}` : `${name} (${machine})`;
}

export function segmentTypeName(type: number): string {
  return SEGMENT_TYPE_NAMES[type] ?? hex(type);
}

const isPowerOfTwo = (n: number): boolean => n > 0 && Number.isInteger(Math.log2(n));

/** A parsed, validated ELF64 x86-64 executable or shared object. Build it with parseElf(). */
export class ElfImage {
  readonly header: ElfHeader;
  readonly programHeaders: readonly ProgramHeader[];
  /** Section headers (index 0, the null section, included); empty when the file has none. */
  readonly sections: readonly SectionHeader[];
  /** PT_INTERP path, if any. */
  readonly interp: string | undefined;
  readonly tls: ProgramHeader | undefined;
  readonly gnuStack: ProgramHeader | undefined;
  readonly phdr: ProgramHeader | undefined;
  readonly dynamicSegment: ProgramHeader | undefined;

  private readonly r: Reader;
  private symbolCache: ElfSymbol[] | undefined;
  private dynamicCache: DynamicInfo | null | undefined;

  /** @internal use parseElf() */
  constructor(bytes: Uint8Array) {
    this.r = new Reader(bytes);
    this.header = readHeader(this.r);
    this.programHeaders = readProgramHeaders(this.r, this.header);
    this.sections = readSections(this.r, this.header);

    const find = (type: number): ProgramHeader | undefined => {
      const all = this.programHeaders.filter((p) => p.type === type);
      if (all.length > 1) throw new ElfError(`more than one ${segmentTypeName(type)} segment`);
      return all[0];
    };
    const interpSeg = find(PT_INTERP);
    this.interp = interpSeg === undefined ? undefined : readInterp(this.r, interpSeg);
    this.tls = find(PT_TLS);
    this.gnuStack = find(PT_GNU_STACK);
    this.phdr = find(PT_PHDR);
    this.dynamicSegment = find(PT_DYNAMIC);
  }

  get bytes(): Uint8Array {
    return this.r.bytes;
  }

  get entry(): number {
    return this.header.entry;
  }

  get type(): number {
    return this.header.type;
  }

  /** PT_LOAD segments in program header order. */
  get loadSegments(): ProgramHeader[] {
    return this.programHeaders.filter((p) => p.type === PT_LOAD);
  }

  /**
   * Whether the stack must be executable. Without PT_GNU_STACK, x86-64 Linux (since 5.8) still
   * gives 64-bit programs a non-executable stack, so only an explicit PF_X asks for one.
   */
  get executableStack(): boolean {
    return this.gnuStack !== undefined && (this.gnuStack.flags & PF_X) !== 0;
  }

  /** First section with this name (section names are not unique in general). */
  findSection(name: string): SectionHeader | undefined {
    return this.sections.find((s) => s.index !== 0 && s.name === name);
  }

  /** File bytes of a section (empty for SHT_NOBITS). */
  sectionData(section: SectionHeader): Uint8Array {
    if (section.type === SHT_NOBITS || section.type === SHT_NULL) return new Uint8Array(0);
    return this.r.slice(section.offset, section.size, `section ${section.index}`);
  }

  /**
   * File offset of the link-time virtual address range [vaddr, vaddr + size), which must lie in
   * the file-backed part of one PT_LOAD segment.
   */
  vaddrToOffset(vaddr: number, size = 0): number {
    if (Number.isInteger(vaddr) && Number.isInteger(size) && vaddr >= 0 && size >= 0) {
      for (const p of this.programHeaders) {
        if (p.type !== PT_LOAD) continue;
        if (vaddr >= p.vaddr && vaddr - p.vaddr <= p.filesz && size <= p.filesz - (vaddr - p.vaddr)) {
          return p.offset + (vaddr - p.vaddr);
        }
      }
    }
    throw new ElfError(`address ${hex(vaddr)} (+${size}) is not backed by the file`);
  }

  /** File bytes that a loader would map at the link-time range [vaddr, vaddr + size). */
  readVirtual(vaddr: number, size: number): Uint8Array {
    return this.r.slice(this.vaddrToOffset(vaddr, size), size, `address ${hex(vaddr)}`);
  }

  /** Symbols of .symtab and .dynsym (every SHT_SYMTAB / SHT_DYNSYM section), null symbols skipped. */
  symbols(): ElfSymbol[] {
    if (this.symbolCache === undefined) this.symbolCache = readSymbols(this.r, this.sections);
    return this.symbolCache.slice();
  }

  /** The PT_DYNAMIC segment decoded, or undefined when there is none. */
  dynamic(): DynamicInfo | undefined {
    if (this.dynamicCache === undefined) {
      this.dynamicCache = this.dynamicSegment === undefined ? null : readDynamic(this, this.r, this.dynamicSegment);
    }
    return this.dynamicCache ?? undefined;
  }
}

/** Parse and validate an ELF64 little-endian x86-64 executable or shared object. */
export function parseElf(bytes: Uint8Array): ElfImage {
  return new ElfImage(bytes);
}

/** How the loader has to start this program. */
export function classifyExecutable(img: ElfImage): ExecutableInfo {
  let kind: ExecutableKind;
  if (img.interp !== undefined) kind = 'dynamic';
  else if (img.header.type === ET_DYN) kind = 'static-pie';
  else kind = 'static';
  const info: {
    kind: ExecutableKind;
    interp?: string;
    entry: number;
    tls?: ProgramHeader;
    phdr?: ProgramHeader;
    gnuStack?: ProgramHeader;
    executableStack: boolean;
  } = { kind, entry: img.entry, executableStack: img.executableStack };
  if (img.interp !== undefined) info.interp = img.interp;
  if (img.tls !== undefined) info.tls = img.tls;
  if (img.phdr !== undefined) info.phdr = img.phdr;
  if (img.gnuStack !== undefined) info.gnuStack = img.gnuStack;
  return info;
}

// ---------------------------------------------------------------------------------------------
// Header and tables

function readHeader(r: Reader): ElfHeader {
  const b = r.bytes;
  const magicLen = Math.min(b.length, ELFMAG.length);
  for (let i = 0; i < magicLen; i++) {
    if (b[i] !== ELFMAG[i]) throw new ElfError('not an ELF file');
  }
  if (b.length < EI_NIDENT) {
    throw new ElfError(`truncated ELF: file is ${b.length} bytes, shorter than the ELF header`);
  }
  const cls = b[EI_CLASS]!;
  if (cls === ELFCLASS32) throw new ElfError('32-bit ELF is not supported');
  if (cls !== ELFCLASS64) throw new ElfError(`invalid ELF class ${cls}`);
  const data = b[EI_DATA]!;
  if (data === ELFDATA2MSB) throw new ElfError('big-endian ELF is not supported');
  if (data !== ELFDATA2LSB) throw new ElfError(`invalid ELF data encoding ${data}`);
  if (b[EI_VERSION] !== EV_CURRENT) throw new ElfError(`unsupported ELF version ${b[EI_VERSION]}`);
  if (b.length < Elf64_Ehdr.size) {
    throw new ElfError(`truncated ELF: file is ${b.length} bytes, shorter than the ELF header`);
  }

  const E = Elf64_Ehdr;
  const type = r.u16(E.e_type, 'e_type');
  const machine = r.u16(E.e_machine, 'e_machine');
  if (machine !== EM_X86_64) throw new ElfError(`ELF for machine ${machineName(machine)}, not x86-64`);
  if (type !== ET_EXEC && type !== ET_DYN) throw new ElfError(`ELF file ${describeType(type)}`);
  const version = r.u32(E.e_version, 'e_version');
  if (version !== EV_CURRENT) throw new ElfError(`unsupported ELF version ${version}`);

  const entry = r.u64(E.e_entry, 'e_entry');
  const phoff = r.u64(E.e_phoff, 'e_phoff');
  const shoff = r.u64(E.e_shoff, 'e_shoff');
  const flags = r.u32(E.e_flags, 'e_flags');
  const ehsize = r.u16(E.e_ehsize, 'e_ehsize');
  const phentsize = r.u16(E.e_phentsize, 'e_phentsize');
  const rawPhnum = r.u16(E.e_phnum, 'e_phnum');
  const shentsize = r.u16(E.e_shentsize, 'e_shentsize');
  const rawShnum = r.u16(E.e_shnum, 'e_shnum');
  const rawShstrndx = r.u16(E.e_shstrndx, 'e_shstrndx');

  if (ehsize < Elf64_Ehdr.size) throw new ElfError(`bad e_ehsize ${ehsize} (expected ${Elf64_Ehdr.size})`);

  // Extended numbering: counts that do not fit in 16 bits live in section header 0.
  let shnum = rawShnum;
  let shstrndx = rawShstrndx;
  let phnum = rawPhnum;
  if (shoff !== 0) {
    if (shentsize !== Elf64_Shdr.size) {
      throw new ElfError(`bad e_shentsize ${shentsize} (expected ${Elf64_Shdr.size})`);
    }
    const extended = rawShnum === 0 || rawShstrndx === SHN_XINDEX || rawPhnum === PN_XNUM;
    if (extended && !r.contains(shoff, Elf64_Shdr.size)) throw new ElfError('section header table out of bounds');
    if (rawShnum === 0) shnum = r.u64(shoff + Elf64_Shdr.sh_size, 'section 0 sh_size');
    if (rawShstrndx === SHN_XINDEX) shstrndx = r.u32(shoff + Elf64_Shdr.sh_link, 'section 0 sh_link');
    if (rawPhnum === PN_XNUM) phnum = r.u32(shoff + Elf64_Shdr.sh_info, 'section 0 sh_info');
  } else {
    shnum = 0;
    shstrndx = SHN_UNDEF;
    if (rawPhnum === PN_XNUM) throw new ElfError('e_phnum is PN_XNUM but there are no section headers');
  }

  return {
    ident: {
      class: cls,
      data,
      version: b[EI_VERSION]!,
      osabi: b[EI_OSABI]!,
      abiversion: b[EI_ABIVERSION]!,
    },
    type,
    machine,
    version,
    entry,
    phoff,
    shoff,
    flags,
    ehsize,
    phentsize,
    phnum,
    shentsize,
    shnum,
    shstrndx,
  };
}

function readProgramHeaders(r: Reader, h: ElfHeader): ProgramHeader[] {
  if (h.phnum === 0) throw new ElfError('no program headers');
  if (h.phentsize !== Elf64_Phdr.size) {
    throw new ElfError(`bad e_phentsize ${h.phentsize} (expected ${Elf64_Phdr.size})`);
  }
  if (h.phnum > r.length / Elf64_Phdr.size || !r.contains(h.phoff, h.phnum * Elf64_Phdr.size)) {
    throw new ElfError(`program header table out of bounds (offset ${hex(h.phoff)}, ${h.phnum} entries)`);
  }

  const P = Elf64_Phdr;
  const phdrs: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const base = h.phoff + i * P.size;
    const what = (field: string): string => `segment ${i} ${field}`;
    const p: ProgramHeader = {
      index: i,
      type: r.u32(base + P.p_type, what('p_type')),
      flags: r.u32(base + P.p_flags, what('p_flags')),
      offset: r.u64(base + P.p_offset, what('p_offset')),
      vaddr: r.u64(base + P.p_vaddr, what('p_vaddr')),
      paddr: r.u64(base + P.p_paddr, what('p_paddr')),
      filesz: r.u64(base + P.p_filesz, what('p_filesz')),
      memsz: r.u64(base + P.p_memsz, what('p_memsz')),
      align: r.u64(base + P.p_align, what('p_align')),
    };
    validateSegment(r, p);
    phdrs.push(p);
  }

  // PT_LOAD segments must not overlap in memory (byte ranges; sharing a page is fine).
  const loads = phdrs.filter((p) => p.type === PT_LOAD && p.memsz > 0).sort((a, b) => a.vaddr - b.vaddr);
  for (let i = 1; i < loads.length; i++) {
    const prev = loads[i - 1]!;
    const cur = loads[i]!;
    if (prev.vaddr + prev.memsz > cur.vaddr) {
      throw new ElfError(`PT_LOAD segments ${prev.index} and ${cur.index} overlap`);
    }
  }
  if (!phdrs.some((p) => p.type === PT_LOAD)) throw new ElfError('no PT_LOAD segment');
  return phdrs;
}

function validateSegment(r: Reader, p: ProgramHeader): void {
  const i = p.index;
  if (p.filesz > 0 && !r.contains(p.offset, p.filesz)) {
    throw new ElfError(`truncated ELF: segment ${i} extends past end of file`);
  }
  if (p.vaddr + p.memsz > MAX_SAFE || p.offset + p.filesz > MAX_SAFE) {
    throw new ElfError(`segment ${i} extends past 2^53`);
  }
  if (p.type === PT_LOAD || p.type === PT_TLS) {
    if (p.memsz < p.filesz) throw new ElfError(`segment ${i} (${segmentTypeName(p.type)}): memsz < filesz`);
    if (p.align > 1 && !isPowerOfTwo(p.align)) {
      throw new ElfError(`segment ${i} (${segmentTypeName(p.type)}): alignment ${hex(p.align)} is not a power of two`);
    }
  }
  if (p.type === PT_LOAD && p.align > 1 && p.offset % p.align !== p.vaddr % p.align) {
    throw new ElfError(
      `segment ${i} (LOAD): offset ${hex(p.offset)} and address ${hex(p.vaddr)} are not congruent modulo alignment ${hex(p.align)}`,
    );
  }
}

function readInterp(r: Reader, p: ProgramHeader): string {
  if (p.filesz === 0) throw new ElfError('empty PT_INTERP');
  if (p.filesz > 4096) throw new ElfError('PT_INTERP is longer than PATH_MAX');
  const raw = r.slice(p.offset, p.filesz, 'PT_INTERP');
  if (raw[raw.length - 1] !== 0) throw new ElfError('PT_INTERP is not NUL-terminated');
  const nul = raw.indexOf(0);
  if (nul === 0) throw new ElfError('empty PT_INTERP');
  return utf8.decode(raw.subarray(0, nul));
}

function readSections(r: Reader, h: ElfHeader): SectionHeader[] {
  if (h.shoff === 0 || h.shnum === 0) return [];
  const S = Elf64_Shdr;
  if (h.shnum > r.length / S.size || !r.contains(h.shoff, h.shnum * S.size)) {
    throw new ElfError(`section header table out of bounds (offset ${hex(h.shoff)}, ${h.shnum} entries)`);
  }
  if (h.shstrndx !== SHN_UNDEF && h.shstrndx >= h.shnum) {
    throw new ElfError(`section name table index ${h.shstrndx} out of range (${h.shnum} sections)`);
  }

  type Raw = Omit<SectionHeader, 'name'>;
  const raw: Raw[] = [];
  for (let i = 0; i < h.shnum; i++) {
    const base = h.shoff + i * S.size;
    const what = (field: string): string => `section ${i} ${field}`;
    const s: Raw = {
      index: i,
      nameOffset: r.u32(base + S.sh_name, what('sh_name')),
      type: r.u32(base + S.sh_type, what('sh_type')),
      flags: r.u64(base + S.sh_flags, what('sh_flags')),
      addr: r.u64(base + S.sh_addr, what('sh_addr')),
      offset: r.u64(base + S.sh_offset, what('sh_offset')),
      size: r.u64(base + S.sh_size, what('sh_size')),
      link: r.u32(base + S.sh_link, what('sh_link')),
      info: r.u32(base + S.sh_info, what('sh_info')),
      addralign: r.u64(base + S.sh_addralign, what('sh_addralign')),
      entsize: r.u64(base + S.sh_entsize, what('sh_entsize')),
    };
    if (i > 0 && s.type !== SHT_NOBITS && s.type !== SHT_NULL && !r.contains(s.offset, s.size)) {
      throw new ElfError(`truncated ELF: section ${i} extends past end of file`);
    }
    if (i > 0 && s.link >= h.shnum && s.type !== SHT_NULL) {
      throw new ElfError(`section ${i}: sh_link ${s.link} out of range`);
    }
    raw.push(s);
  }

  let names: Raw | undefined;
  if (h.shstrndx !== SHN_UNDEF) {
    names = raw[h.shstrndx]!;
    if (names.type !== SHT_STRTAB) throw new ElfError(`section name table (section ${h.shstrndx}) is not a string table`);
  }
  return raw.map((s) => ({
    ...s,
    name:
      names === undefined || s.index === 0
        ? ''
        : r.cstring(names.offset + s.nameOffset, names.offset + names.size, `section ${s.index} name`),
  }));
}

// ---------------------------------------------------------------------------------------------
// Symbols and versions

function stringTable(r: Reader, sections: readonly SectionHeader[], index: number, what: string): SectionHeader {
  const s = sections[index];
  if (s === undefined || s.type !== SHT_STRTAB) throw new ElfError(`${what}: linked section ${index} is not a string table`);
  return s;
}

function readSymbols(r: Reader, sections: readonly SectionHeader[]): ElfSymbol[] {
  const out: ElfSymbol[] = [];
  const Y = Elf64_Sym;
  for (const sec of sections) {
    if (sec.type !== SHT_SYMTAB && sec.type !== SHT_DYNSYM) continue;
    const table = sec.type === SHT_SYMTAB ? '.symtab' : '.dynsym';
    const what = `section ${sec.index} (${sec.name || table})`;
    if (sec.entsize !== Y.size) throw new ElfError(`${what}: bad entry size ${sec.entsize}`);
    if (sec.size % Y.size !== 0) throw new ElfError(`${what}: size is not a multiple of the entry size`);
    const strtab = stringTable(r, sections, sec.link, what);
    const count = sec.size / Y.size;

    const shndxSec = sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === sec.index);
    const versions = sec.type === SHT_DYNSYM ? readVersionInfo(r, sections, sec, count) : undefined;

    for (let i = 1; i < count; i++) {
      const base = sec.offset + i * Y.size;
      const info = r.u8(base + Y.st_info, `${what} symbol ${i}`);
      const other = r.u8(base + Y.st_other, `${what} symbol ${i}`);
      let shndx = r.u16(base + Y.st_shndx, `${what} symbol ${i}`);
      if (shndx === SHN_XINDEX && shndxSec !== undefined && shndxSec.size >= (i + 1) * 4) {
        shndx = r.u32(shndxSec.offset + i * 4, `${what} extended section index ${i}`);
      }
      const nameOff = r.u32(base + Y.st_name, `${what} symbol ${i}`);
      const sym: {
        -readonly [K in keyof ElfSymbol]: ElfSymbol[K];
      } = {
        table,
        index: i,
        name: nameOff === 0 ? '' : r.cstring(strtab.offset + nameOff, strtab.offset + strtab.size, `${what} symbol ${i} name`),
        value: r.u64(base + Y.st_value, `${what} symbol ${i} st_value`),
        size: r.u64(base + Y.st_size, `${what} symbol ${i} st_size`),
        type: stType(info),
        bind: stBind(info),
        visibility: stVisibility(other),
        shndx,
      };
      if (versions !== undefined) {
        const v = versions.versym[i]!;
        const name = versions.names.get(v & VERSYM_VERSION);
        if (name !== undefined && (v & VERSYM_VERSION) > 1) {
          sym.version = name;
          sym.versionHidden = (v & VERSYM_HIDDEN) !== 0;
        }
      }
      out.push(sym);
    }
  }
  return out;
}

interface VersionInfo {
  versym: Uint16Array;
  names: Map<number, string>;
}

function readVersionInfo(
  r: Reader,
  sections: readonly SectionHeader[],
  dynsym: SectionHeader,
  count: number,
): VersionInfo | undefined {
  const versymSec = sections.find((s) => s.type === SHT_GNU_VERSYM && s.link === dynsym.index);
  if (versymSec === undefined) return undefined;
  if (versymSec.size < count * 2) throw new ElfError(`section ${versymSec.index} (.gnu.version) is too small`);
  const versym = new Uint16Array(count);
  for (let i = 0; i < count; i++) versym[i] = r.u16(versymSec.offset + i * 2, '.gnu.version entry');

  const names = new Map<number, string>();
  for (const sec of sections) {
    if (sec.type === SHT_GNU_VERDEF) readVerdef(r, sections, sec, names);
    else if (sec.type === SHT_GNU_VERNEED) readVerneed(r, sections, sec, names);
  }
  return { versym, names };
}

function readVerdef(r: Reader, sections: readonly SectionHeader[], sec: SectionHeader, names: Map<number, string>): void {
  const what = `section ${sec.index} (.gnu.version_d)`;
  const strtab = stringTable(r, sections, sec.link, what);
  const D = Elf64_Verdef;
  const A = Elf64_Verdaux;
  const end = sec.offset + sec.size;
  let off = sec.offset;
  // Each record takes at least one header, which bounds the walk even if vd_next loops.
  for (let n = 0; n < sec.size / D.size; n++) {
    if (off + D.size > end) throw new ElfError(`${what}: entry out of bounds`);
    const ndx = r.u16(off + D.vd_ndx, what);
    const cnt = r.u16(off + D.vd_cnt, what);
    const aux = r.u32(off + D.vd_aux, what);
    const next = r.u32(off + D.vd_next, what);
    if (cnt > 0) {
      const a = off + aux;
      if (a + A.size > end) throw new ElfError(`${what}: auxiliary entry out of bounds`);
      const name = r.u32(a + A.vda_name, what);
      names.set(ndx & VERSYM_VERSION, r.cstring(strtab.offset + name, strtab.offset + strtab.size, `${what} name`));
    }
    if (next === 0) return;
    off += next;
  }
}

function readVerneed(r: Reader, sections: readonly SectionHeader[], sec: SectionHeader, names: Map<number, string>): void {
  const what = `section ${sec.index} (.gnu.version_r)`;
  const strtab = stringTable(r, sections, sec.link, what);
  const N = Elf64_Verneed;
  const A = Elf64_Vernaux;
  const end = sec.offset + sec.size;
  let off = sec.offset;
  let budget = Math.floor(sec.size / A.size); // upper bound on records of either kind
  for (;;) {
    if (budget-- <= 0) throw new ElfError(`${what}: too many entries`);
    if (off + N.size > end) throw new ElfError(`${what}: entry out of bounds`);
    const cnt = r.u16(off + N.vn_cnt, what);
    let a = off + r.u32(off + N.vn_aux, what);
    for (let j = 0; j < cnt; j++) {
      if (budget-- <= 0) throw new ElfError(`${what}: too many entries`);
      if (a + A.size > end) throw new ElfError(`${what}: auxiliary entry out of bounds`);
      const other = r.u16(a + A.vna_other, what);
      const name = r.u32(a + A.vna_name, what);
      names.set(other & VERSYM_VERSION, r.cstring(strtab.offset + name, strtab.offset + strtab.size, `${what} name`));
      const next = r.u32(a + A.vna_next, what);
      if (next === 0) break;
      a += next;
    }
    const next = r.u32(off + N.vn_next, what);
    if (next === 0) return;
    off += next;
  }
}

// ---------------------------------------------------------------------------------------------
// Dynamic section

function readDynamic(img: ElfImage, r: Reader, seg: ProgramHeader): DynamicInfo {
  const D = Elf64_Dyn;
  const entries: DynamicEntry[] = [];
  const count = Math.floor(seg.filesz / D.size);
  for (let i = 0; i < count; i++) {
    const base = seg.offset + i * D.size;
    const tag = r.u64(base + D.d_tag, `dynamic entry ${i} tag`);
    if (tag === DT_NULL) break;
    entries.push({ tag, value: r.u64(base + D.d_val, `dynamic entry ${i} value`) });
  }

  const get = (tag: number): number | undefined => entries.find((e) => e.tag === tag)?.value;
  const read = (vaddr: number, size: number): Uint8Array => img.readVirtual(vaddr, size);
  const offsetOf = (vaddr: number, size = 0): number => img.vaddrToOffset(vaddr, size);

  const string = (offset: number): string => {
    const strtab = get(DT_STRTAB);
    if (strtab === undefined) throw new ElfError('dynamic section has no DT_STRTAB');
    const start = offsetOf(strtab);
    const strsz = get(DT_STRSZ);
    // Without DT_STRSZ, the string may run to the end of the segment's file data.
    const limit = strsz !== undefined ? start + strsz : segmentFileEnd(img, strtab);
    if (strsz !== undefined) offsetOf(strtab, strsz);
    if (!Number.isInteger(offset) || offset < 0) throw new ElfError('dynamic string offset out of bounds');
    return r.cstring(start + offset, limit, 'dynamic string table');
  };

  return {
    entries,
    get,
    getAll: (tag) => entries.filter((e) => e.tag === tag).map((e) => e.value),
    has: (tag) => entries.some((e) => e.tag === tag),
    read,
    offsetOf,
    string,
  };
}

function segmentFileEnd(img: ElfImage, vaddr: number): number {
  for (const p of img.programHeaders) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr - p.vaddr < p.filesz) return p.offset + p.filesz;
  }
  throw new ElfError(`address ${hex(vaddr)} is not backed by the file`);
}

