/**
 * CPUID: the one CPU model this emulator presents.
 *
 * Model: an Intel Core i7-6700K ("Skylake-S" client, 6th generation): vendor GenuineIntel, family 6,
 * model 0x5E, stepping 3 (signature 0x000506E3), one core with one logical processor. Skylake client
 * parts have SGX; the SGX bits stay off until the SGX work turns them on.
 *
 * Only what the emulator implements is advertised. Every feature bit comes from FEATURE_BITS: a
 * bit is set in the CPUID output exactly when `features[name]` is true, so engineers switch an
 * instruction family on in one place when it is complete.
 *
 * Leaves (SDM Vol. 2A, CPUID, Tables 3-8 "Information Returned by CPUID Instruction" and 3-10/3-11
 * "Feature Information"):
 *
 * | leaf        | content                                                                            |
 * |-------------|------------------------------------------------------------------------------------|
 * | 0           | max basic leaf 0x12; "GenuineIntel" in EBX, EDX, ECX                               |
 * | 1           | EAX signature 0x000506E3; EBX CLFLUSH line 8 (x 8 = 64 bytes), 1 logical CPU,      |
 * |             | APIC ID 0; ECX/EDX feature flags (Tables 3-10, 3-11)                               |
 * | 2           | AL = 1, descriptor 0xFF: "use leaf 4 for cache parameters"                         |
 * | 4           | deterministic cache parameters: L1d 32K 8-way, L1i 32K 8-way, L2 256K 4-way,       |
 * |             | L3 8M 16-way inclusive, 64-byte lines, shared by 1 thread; subleaf 4+ = no cache    |
 * | 7.0         | structured extended features: EAX max subleaf 0; EBX/ECX/EDX flags                 |
 * | 0xB         | x2APIC topology: SMT level (1 thread), core level (1 core), then invalid level     |
 * | 0xD.0       | XSAVE: EAX = supported XCR0 bits (x87|SSE = 3), EBX = ECX = 576 bytes, EDX = 0     |
 * | 0xD.1       | EAX = 0: no XSAVEOPT, XSAVEC, XGETBV with ECX=1, XSAVES                            |
 * | 0x12        | SGX capabilities: zeros for now                                                   |
 * | 3,5,6,8-0xA,0xC,0xE-0x11 | zeros (not provided)                                                 |
 * | 0x80000000  | max extended leaf 0x80000008                                                       |
 * | 0x80000001  | ECX/EDX extended feature flags                                                     |
 * | 0x80000002-4| brand string "enclu virtual x86-64 CPU" (NUL-padded)                               |
 * | 0x80000006  | ECX: L2 256 KB, 4-way (encoding 4), 64-byte lines                                  |
 * | 0x80000008  | EAX 0x3027: 39 physical and 48 linear address bits                                 |
 * | above max   | as Intel parts do: the data of the highest basic leaf (0x12) with the same ECX     |
 */
import type { CPU } from './state.js';

export type CpuidReg = 'eax' | 'ebx' | 'ecx' | 'edx';

export interface FeatureBit {
  leaf: number;
  subleaf: number;
  reg: CpuidReg;
  bit: number;
  /** The SDM's name of the flag and what the emulator does about it. */
  desc: string;
}

function fb(leaf: number, reg: CpuidReg, bit: number, desc: string, subleaf = 0): FeatureBit {
  return { leaf, subleaf, reg, bit, desc };
}

/** Every configurable feature flag, with its CPUID location (SDM Vol. 2A, Tables 3-8, 3-10, 3-11). */
export const FEATURE_BITS = {
  // CPUID.01H:EDX (Table 3-11)
  fpu: fb(1, 'edx', 0, 'FPU: x87 on chip'),
  tsc: fb(1, 'edx', 4, 'TSC: RDTSC (deterministic, derived from the instruction count)'),
  cx8: fb(1, 'edx', 8, 'CX8: CMPXCHG8B'),
  cmov: fb(1, 'edx', 15, 'CMOV: CMOVcc (and FCMOVcc/FCOMI with FPU)'),
  clfsh: fb(1, 'edx', 19, 'CLFSH: CLFLUSH (a no-op that faults like a read)'),
  mmx: fb(1, 'edx', 23, 'MMX: MMX instructions (not implemented)'),
  fxsr: fb(1, 'edx', 24, 'FXSR: FXSAVE/FXRSTOR, CR4.OSFXSR set'),
  sse: fb(1, 'edx', 25, 'SSE'),
  sse2: fb(1, 'edx', 26, 'SSE2'),
  htt: fb(1, 'edx', 28, 'HTT: more than one logical processor per package (one here)'),
  // CPUID.01H:ECX (Table 3-10)
  sse3: fb(1, 'ecx', 0, 'SSE3'),
  pclmulqdq: fb(1, 'ecx', 1, 'PCLMULQDQ'),
  monitor: fb(1, 'ecx', 3, 'MONITOR/MWAIT'),
  ssse3: fb(1, 'ecx', 9, 'SSSE3'),
  fma: fb(1, 'ecx', 12, 'FMA (VEX)'),
  cx16: fb(1, 'ecx', 13, 'CMPXCHG16B'),
  sse41: fb(1, 'ecx', 19, 'SSE4.1'),
  sse42: fb(1, 'ecx', 20, 'SSE4.2'),
  movbe: fb(1, 'ecx', 22, 'MOVBE'),
  popcnt: fb(1, 'ecx', 23, 'POPCNT'),
  aes: fb(1, 'ecx', 25, 'AESNI'),
  xsave: fb(1, 'ecx', 26, 'XSAVE: XSAVE/XRSTOR/XGETBV, XCR0 = x87|SSE'),
  osxsave: fb(1, 'ecx', 27, 'OSXSAVE: CR4.OSXSAVE set by the OS (XGETBV usable at CPL 3)'),
  avx: fb(1, 'ecx', 28, 'AVX (needs XCR0.AVX, which is not supported)'),
  f16c: fb(1, 'ecx', 29, 'F16C'),
  rdrand: fb(1, 'ecx', 30, 'RDRAND'),
  hypervisor: fb(1, 'ecx', 31, 'running under a hypervisor (no: the guest sees bare metal)'),
  // CPUID.(EAX=07H,ECX=0):EBX/ECX/EDX (Table 3-8, leaf 07H)
  fsgsbase: fb(7, 'ebx', 0, 'FSGSBASE: RDFSBASE and friends at CPL 3'),
  sgx: fb(7, 'ebx', 2, 'SGX: Software Guard Extensions'),
  bmi1: fb(7, 'ebx', 3, 'BMI1'),
  avx2: fb(7, 'ebx', 5, 'AVX2'),
  bmi2: fb(7, 'ebx', 8, 'BMI2'),
  erms: fb(7, 'ebx', 9, 'ERMS: enhanced REP MOVSB/STOSB (a performance hint; the fast paths exist)'),
  fpcsds: fb(7, 'ebx', 13, 'FPU CS and FPU DS deprecated (FXSAVE/XSAVE store 0 there)'),
  rdseed: fb(7, 'ebx', 18, 'RDSEED'),
  adx: fb(7, 'ebx', 19, 'ADX: ADCX/ADOX'),
  clflushopt: fb(7, 'ebx', 23, 'CLFLUSHOPT (a no-op that faults like a read)'),
  sha: fb(7, 'ebx', 29, 'SHA extensions'),
  sgxLc: fb(7, 'ecx', 30, 'SGX_LC: SGX launch configuration'),
  fsrm: fb(7, 'edx', 4, 'FSRM: fast short REP MOV'),
  // CPUID.80000001H:ECX/EDX (Table 3-8)
  lahfLm: fb(0x80000001, 'ecx', 0, 'LAHF/SAHF in 64-bit mode'),
  lzcnt: fb(0x80000001, 'ecx', 5, 'LZCNT'),
  prefetchw: fb(0x80000001, 'ecx', 8, 'PREFETCHW (a no-op)'),
  syscall: fb(0x80000001, 'edx', 11, 'SYSCALL/SYSRET in 64-bit mode'),
  nx: fb(0x80000001, 'edx', 20, 'Execute Disable bit'),
  page1gb: fb(0x80000001, 'edx', 26, '1-GByte pages'),
  rdtscp: fb(0x80000001, 'edx', 27, 'RDTSCP and IA32_TSC_AUX (= 0)'),
  lm: fb(0x80000001, 'edx', 29, 'Intel 64 architecture'),
} satisfies Record<string, FeatureBit>;

export type FeatureName = keyof typeof FEATURE_BITS;
/** Which feature flags the CPU advertises. */
export type CpuFeatures = Record<FeatureName, boolean>;

/** The default model: what the emulator implements today. */
export const DEFAULT_FEATURES: Readonly<CpuFeatures> = Object.freeze({
  fpu: true,
  tsc: true,
  cx8: true,
  cmov: true,
  clfsh: true,
  mmx: false,
  fxsr: true,
  sse: true,
  sse2: true,
  htt: false,
  sse3: true,
  pclmulqdq: false,
  monitor: false,
  ssse3: true,
  fma: false,
  cx16: true,
  sse41: true,
  sse42: true,
  movbe: false,
  popcnt: true,
  aes: false,
  xsave: true,
  osxsave: true,
  avx: false,
  f16c: false,
  rdrand: false,
  hypervisor: false,
  fsgsbase: false,
  sgx: false,
  bmi1: true,
  avx2: false,
  bmi2: true,
  erms: true,
  fpcsds: true,
  rdseed: false,
  adx: false,
  clflushopt: true,
  sha: false,
  sgxLc: false,
  fsrm: false,
  lahfLm: true,
  lzcnt: true,
  prefetchw: true,
  syscall: true,
  nx: true,
  page1gb: false,
  rdtscp: true,
  lm: true,
});

/**
 * The features every CPU advertises. Mutable on purpose: switch a family on here when it is
 * complete (e.g. `features.sse3 = true`). Instruction handlers that depend on a flag consult it
 * when they execute.
 */
export const features: CpuFeatures = { ...DEFAULT_FEATURES };

export const MAX_BASIC_LEAF = 0x12;
export const MAX_EXTENDED_LEAF = 0x80000008;
/** Family 6, model 0x5E (extended model 5, model 0xE), stepping 3: Core i7-6700K. */
export const SIGNATURE = 0x000506e3;
export const BRAND = 'enclu virtual x86-64 CPU';
const VENDOR = 'GenuineIntel';

function str4(s: string, at: number): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | (s.charCodeAt(at + i) || 0);
  return v | 0;
}

/** featureWord collects the advertised bits of one output register. */
function featureWord(f: CpuFeatures, leaf: number, subleaf: number, reg: CpuidReg): number {
  let v = 0;
  for (const name of Object.keys(FEATURE_BITS) as FeatureName[]) {
    const d = FEATURE_BITS[name];
    if (d.leaf === leaf && d.subleaf === subleaf && d.reg === reg && f[name]) v |= 1 << d.bit;
  }
  return v | 0;
}

function flags(f: CpuFeatures, leaf: number, subleaf = 0): [number, number, number, number] {
  return [
    featureWord(f, leaf, subleaf, 'eax'),
    featureWord(f, leaf, subleaf, 'ebx'),
    featureWord(f, leaf, subleaf, 'ecx'),
    featureWord(f, leaf, subleaf, 'edx'),
  ];
}

interface Cache {
  type: number; // 1 data, 2 instruction, 3 unified
  level: number;
  ways: number;
  sets: number;
  inclusive: boolean;
}

/** Leaf 4 subleaves in order; size = ways x sets x 64-byte lines. */
const CACHES: Cache[] = [
  { type: 1, level: 1, ways: 8, sets: 64, inclusive: false }, // L1d 32 KiB
  { type: 2, level: 1, ways: 8, sets: 64, inclusive: false }, // L1i 32 KiB
  { type: 3, level: 2, ways: 4, sets: 1024, inclusive: false }, // L2 256 KiB
  { type: 3, level: 3, ways: 16, sets: 8192, inclusive: true }, // L3 8 MiB
];
const LINE = 64;

function leaf4(subleaf: number): [number, number, number, number] {
  const k = CACHES[subleaf];
  if (!k) return [0, 0, 0, 0];
  // EAX: type[4:0], level[7:5], self-initializing[8], threads sharing - 1 [25:14] = 0,
  // cores per package - 1 [31:26] = 0. EBX: ways-1 [31:22], partitions-1 [21:12], line-1 [11:0].
  const eax = k.type | (k.level << 5) | (1 << 8);
  const ebx = ((k.ways - 1) << 22) | (LINE - 1);
  const ecx = k.sets - 1;
  const edx = k.inclusive ? 2 : 0;
  return [eax, ebx | 0, ecx, edx];
}

function basic(f: CpuFeatures, leaf: number, subleaf: number): [number, number, number, number] {
  switch (leaf) {
    case 0:
      return [MAX_BASIC_LEAF, str4(VENDOR, 0), str4(VENDOR, 8), str4(VENDOR, 4)];
    case 1: {
      const [, , ecx, edx] = flags(f, 1);
      // EBX: brand index 0, CLFLUSH line size 8 (in 8-byte units), 1 logical processor, APIC ID 0.
      return [SIGNATURE, (8 << 8) | (1 << 16), ecx, edx];
    }
    case 2:
      return [0x0000ff01, 0, 0, 0];
    case 4:
      return leaf4(subleaf);
    case 7:
      if (subleaf !== 0) return [0, 0, 0, 0];
      {
        const [, ebx, ecx, edx] = flags(f, 7, 0);
        return [0, ebx, ecx, edx];
      }
    case 0xb:
      // Level 0: SMT (type 1), level 1: core (type 2); each has one logical processor.
      if (subleaf === 0) return [0, 1, 0x100, 0];
      if (subleaf === 1) return [0, 1, 0x201, 0];
      return [0, 0, subleaf & 0xff, 0];
    case 0xd:
      if (!f.xsave) return [0, 0, 0, 0];
      if (subleaf === 0) return [3, 576, 576, 0];
      return [0, 0, 0, 0];
    default:
      return [0, 0, 0, 0];
  }
}

function extended(f: CpuFeatures, leaf: number): [number, number, number, number] {
  switch (leaf) {
    case 0x80000000:
      return [MAX_EXTENDED_LEAF | 0, 0, 0, 0];
    case 0x80000001: {
      const [, , ecx, edx] = flags(f, 0x80000001);
      return [0, 0, ecx, edx];
    }
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const base = (leaf - 0x80000002) * 16;
      return [str4(BRAND, base), str4(BRAND, base + 4), str4(BRAND, base + 8), str4(BRAND, base + 12)];
    }
    case 0x80000006:
      // ECX: L2 size in KiB [31:16], associativity code [15:12] (4 = 4-way), line size [7:0].
      return [0, 0, (256 << 16) | (4 << 12) | LINE, 0];
    case 0x80000008:
      return [0x3027, 0, 0, 0];
    default:
      return [0, 0, 0, 0];
  }
}

/** cpuidWith computes CPUID for an explicit feature set. Values are int32 (the 32-bit registers). */
export function cpuidWith(f: CpuFeatures, leaf: number, subleaf: number): [number, number, number, number] {
  const l = leaf >>> 0;
  const s = subleaf >>> 0;
  if (l <= MAX_BASIC_LEAF) return basic(f, l, s);
  if (l >= 0x80000000 && l <= MAX_EXTENDED_LEAF) return extended(f, l);
  // SDM: an input above the maximum basic or extended leaf returns the highest basic leaf's data.
  return basic(f, MAX_BASIC_LEAF, s);
}

/** cpuid returns [EAX, EBX, ECX, EDX] for CPUID leaf `leaf`, subleaf `subleaf` on CPU `c`. */
export function cpuid(_c: CPU | null, leaf: number, subleaf: number): [number, number, number, number] {
  return cpuidWith(features, leaf, subleaf);
}

/** hwcapWord is AT_HWCAP as Linux reports it on x86-64: CPUID.01H:EDX. */
export function hwcapWord(): number {
  return cpuidWith(features, 1, 0)[3] >>> 0;
}
