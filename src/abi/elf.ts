/**
 * ELF64 constants and on-disk structure layouts (System V gABI, x86-64 psABI, GNU extensions).
 *
 * Layouts are byte offsets of each field inside the little-endian structure, plus its total size.
 * Only what the loader and the tools around it read is listed here.
 */

// ---------------------------------------------------------------------------------------------
// e_ident

export const ELFMAG = [0x7f, 0x45, 0x4c, 0x46] as const; // "\x7fELF"
export const EI_NIDENT = 16;
export const EI_CLASS = 4;
export const EI_DATA = 5;
export const EI_VERSION = 6;
export const EI_OSABI = 7;
export const EI_ABIVERSION = 8;

export const ELFCLASSNONE = 0;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;

export const ELFDATANONE = 0;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

export const EV_NONE = 0;
export const EV_CURRENT = 1;

export const ELFOSABI_SYSV = 0;
export const ELFOSABI_GNU = 3;

// ---------------------------------------------------------------------------------------------
// e_type

export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

// ---------------------------------------------------------------------------------------------
// e_machine (a selection; the names are used in error messages)

export const EM_NONE = 0;
export const EM_X86_64 = 62;

export const MACHINE_NAMES: Readonly<Record<number, string>> = {
  0: 'none',
  2: 'SPARC',
  3: 'i386',
  4: 'Motorola 68000',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'IBM S/390',
  40: 'ARM',
  42: 'SuperH',
  43: 'SPARC V9',
  50: 'IA-64',
  62: 'x86-64',
  183: 'AArch64',
  243: 'RISC-V',
  247: 'BPF',
  258: 'LoongArch',
};

// ---------------------------------------------------------------------------------------------
// Program headers

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_SHLIB = 5;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_GNU_PROPERTY = 0x6474e553;

export const SEGMENT_TYPE_NAMES: Readonly<Record<number, string>> = {
  [PT_NULL]: 'NULL',
  [PT_LOAD]: 'LOAD',
  [PT_DYNAMIC]: 'DYNAMIC',
  [PT_INTERP]: 'INTERP',
  [PT_NOTE]: 'NOTE',
  [PT_SHLIB]: 'SHLIB',
  [PT_PHDR]: 'PHDR',
  [PT_TLS]: 'TLS',
  [PT_GNU_EH_FRAME]: 'GNU_EH_FRAME',
  [PT_GNU_STACK]: 'GNU_STACK',
  [PT_GNU_RELRO]: 'GNU_RELRO',
  [PT_GNU_PROPERTY]: 'GNU_PROPERTY',
};

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

/** e_phnum value meaning "the real count is in sh_info of section header 0". */
export const PN_XNUM = 0xffff;

// ---------------------------------------------------------------------------------------------
// Section headers

export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_SHLIB = 10;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;
export const SHT_PREINIT_ARRAY = 16;
export const SHT_GROUP = 17;
export const SHT_SYMTAB_SHNDX = 18;
export const SHT_RELR = 19;
export const SHT_GNU_HASH = 0x6ffffff6;
export const SHT_GNU_VERDEF = 0x6ffffffd;
export const SHT_GNU_VERNEED = 0x6ffffffe;
export const SHT_GNU_VERSYM = 0x6fffffff;

export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_TLS = 0x400;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

// ---------------------------------------------------------------------------------------------
// Symbols

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STT_COMMON = 5;
export const STT_TLS = 6;
export const STT_GNU_IFUNC = 10;

export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

export const stBind = (info: number): number => info >>> 4;
export const stType = (info: number): number => info & 0xf;
export const stVisibility = (other: number): number => other & 0x3;

// ---------------------------------------------------------------------------------------------
// Dynamic section tags

export const DT_NULL = 0;
export const DT_NEEDED = 1;
export const DT_PLTRELSZ = 2;
export const DT_PLTGOT = 3;
export const DT_HASH = 4;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_RELA = 7;
export const DT_RELASZ = 8;
export const DT_RELAENT = 9;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_INIT = 12;
export const DT_FINI = 13;
export const DT_SONAME = 14;
export const DT_RPATH = 15;
export const DT_SYMBOLIC = 16;
export const DT_REL = 17;
export const DT_RELSZ = 18;
export const DT_RELENT = 19;
export const DT_PLTREL = 20;
export const DT_DEBUG = 21;
export const DT_TEXTREL = 22;
export const DT_JMPREL = 23;
export const DT_BIND_NOW = 24;
export const DT_INIT_ARRAY = 25;
export const DT_FINI_ARRAY = 26;
export const DT_INIT_ARRAYSZ = 27;
export const DT_FINI_ARRAYSZ = 28;
export const DT_RUNPATH = 29;
export const DT_FLAGS = 30;
export const DT_PREINIT_ARRAY = 32;
export const DT_PREINIT_ARRAYSZ = 33;
export const DT_SYMTAB_SHNDX = 34;
export const DT_RELRSZ = 35;
export const DT_RELR = 36;
export const DT_RELRENT = 37;
export const DT_GNU_HASH = 0x6ffffef5;
export const DT_VERSYM = 0x6ffffff0;
export const DT_RELACOUNT = 0x6ffffff9;
export const DT_RELCOUNT = 0x6ffffffa;
export const DT_FLAGS_1 = 0x6ffffffb;
export const DT_VERDEF = 0x6ffffffc;
export const DT_VERDEFNUM = 0x6ffffffd;
export const DT_VERNEED = 0x6ffffffe;
export const DT_VERNEEDNUM = 0x6fffffff;

// ---------------------------------------------------------------------------------------------
// Symbol versioning

export const VER_NDX_LOCAL = 0;
export const VER_NDX_GLOBAL = 1;
/** Bit in a .gnu.version entry: the symbol is not the default version (printed "name@VER"). */
export const VERSYM_HIDDEN = 0x8000;
export const VERSYM_VERSION = 0x7fff;
export const VER_FLG_BASE = 0x1;
export const VER_FLG_WEAK = 0x2;

// ---------------------------------------------------------------------------------------------
// Structure layouts (field offsets, little-endian, ELF64)

export const Elf64_Ehdr = {
  size: 64,
  e_ident: 0,
  e_type: 16, // u16
  e_machine: 18, // u16
  e_version: 20, // u32
  e_entry: 24, // u64
  e_phoff: 32, // u64
  e_shoff: 40, // u64
  e_flags: 48, // u32
  e_ehsize: 52, // u16
  e_phentsize: 54, // u16
  e_phnum: 56, // u16
  e_shentsize: 58, // u16
  e_shnum: 60, // u16
  e_shstrndx: 62, // u16
} as const;

export const Elf64_Phdr = {
  size: 56,
  p_type: 0, // u32
  p_flags: 4, // u32
  p_offset: 8, // u64
  p_vaddr: 16, // u64
  p_paddr: 24, // u64
  p_filesz: 32, // u64
  p_memsz: 40, // u64
  p_align: 48, // u64
} as const;

export const Elf64_Shdr = {
  size: 64,
  sh_name: 0, // u32
  sh_type: 4, // u32
  sh_flags: 8, // u64
  sh_addr: 16, // u64
  sh_offset: 24, // u64
  sh_size: 32, // u64
  sh_link: 40, // u32
  sh_info: 44, // u32
  sh_addralign: 48, // u64
  sh_entsize: 56, // u64
} as const;

export const Elf64_Sym = {
  size: 24,
  st_name: 0, // u32
  st_info: 4, // u8
  st_other: 5, // u8
  st_shndx: 6, // u16
  st_value: 8, // u64
  st_size: 16, // u64
} as const;

export const Elf64_Dyn = {
  size: 16,
  d_tag: 0, // s64
  d_val: 8, // u64 (d_val / d_ptr)
} as const;

export const Elf64_Rela = {
  size: 24,
  r_offset: 0, // u64
  r_info: 8, // u64
  r_addend: 16, // s64
} as const;

export const Elf64_Nhdr = {
  size: 12,
  n_namesz: 0, // u32
  n_descsz: 4, // u32
  n_type: 8, // u32
} as const;

export const Elf64_Verdef = {
  size: 20,
  vd_version: 0, // u16
  vd_flags: 2, // u16
  vd_ndx: 4, // u16
  vd_cnt: 6, // u16
  vd_hash: 8, // u32
  vd_aux: 12, // u32
  vd_next: 16, // u32
} as const;

export const Elf64_Verdaux = {
  size: 8,
  vda_name: 0, // u32
  vda_next: 4, // u32
} as const;

export const Elf64_Verneed = {
  size: 16,
  vn_version: 0, // u16
  vn_cnt: 2, // u16
  vn_file: 4, // u32
  vn_aux: 8, // u32
  vn_next: 12, // u32
} as const;

export const Elf64_Vernaux = {
  size: 16,
  vna_hash: 0, // u32
  vna_flags: 4, // u16
  vna_other: 6, // u16
  vna_name: 8, // u32
  vna_next: 12, // u32
} as const;

/** Size of the fixed header of a DT_GNU_HASH table: nbuckets, symoffset, bloom_size, bloom_shift. */
export const GNU_HASH_HEADER_SIZE = 16;

/** The classic SysV hash of DT_HASH tables and of version names (vd_hash / vna_hash). */
export function elfHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    h = ((h << 4) + (name.charCodeAt(i) & 0xff)) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h &= ~g;
    h >>>= 0;
  }
  return h;
}

/** The hash function of DT_GNU_HASH tables (djb2, 32-bit). */
export function gnuHash(name: string): number {
  let h = 5381;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 33) + (name.charCodeAt(i) & 0xff)) >>> 0;
  return h;
}
