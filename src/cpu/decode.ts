/**
 * Decoding with iced-x86. Each instruction is decoded once, copied into a plain `Insn` (iced objects
 * are never kept: WebAssembly memory is freed explicitly), and handed to its handler factory.
 */
import iced from 'iced-x86';

const { Decoder, DecoderOptions, Instruction, OpKind, Register, Code, Mnemonic, Formatter, FormatterSyntax } = iced;
export { Code, Mnemonic, Register, OpKind };

/** Operand kinds after decoding. */
export const enum K {
  Reg = 0,
  Mem = 1,
  Imm = 2,
  Branch = 3,
  /** Implicit string-instruction memory operand ([rsi] / [rdi]). */
  StrMem = 4,
}

export interface MemOp {
  /** Base register number 0..15, or -1 for none (RIP-relative addresses are folded into disp). */
  base: number;
  index: number;
  scale: number;
  /** Displacement as a signed number (for RIP-relative: the absolute target). */
  disp: number;
  /** 'fs' or 'gs' when that segment base is added; null otherwise. */
  seg: 'fs' | 'gs' | null;
  /** 32-bit address size (0x67 prefix): the effective address wraps at 2^32. */
  addr32: boolean;
}

export interface Operand {
  kind: K;
  /** For Reg: the iced Register value. */
  reg: number;
}

export interface Insn {
  ip: number;
  next: number;
  len: number;
  code: number;
  mnemonic: number;
  ops: Operand[];
  mem: MemOp | null;
  /** Memory operand size in bytes (0 if none or unknown). */
  memSize: number;
  /** Immediate of the first immediate operand as lo/hi int32 (sign- or zero-extended as iced reports). */
  imm: number;
  immHi: number;
  /** Second 8-bit immediate (ENTER). */
  imm2: number;
  /** Near branch target. */
  target: number;
  rep: boolean;
  repne: boolean;
  lock: boolean;
  /** The instruction's bytes, for diagnostics and traces. */
  bytes: Uint8Array;
}

export const enum RegClass {
  None = 0,
  Gpr8 = 1,
  Gpr8High = 2,
  Gpr16 = 3,
  Gpr32 = 4,
  Gpr64 = 5,
  Xmm = 6,
  St = 7,
  Mm = 8,
  Seg = 9,
  Other = 10,
}

/** regInfo maps an iced Register to its class and number (GPR 0..15, XMM 0..15, ST 0..7). */
export function regInfo(reg: number): { cls: RegClass; n: number } {
  if (reg >= Register.AL && reg <= Register.R15L) {
    const i = reg - Register.AL;
    if (i < 4) return { cls: RegClass.Gpr8, n: i };
    if (i < 8) return { cls: RegClass.Gpr8High, n: i - 4 };
    return { cls: RegClass.Gpr8, n: i - 4 };
  }
  if (reg >= Register.AX && reg <= Register.R15W) return { cls: RegClass.Gpr16, n: reg - Register.AX };
  if (reg >= Register.EAX && reg <= Register.R15D) return { cls: RegClass.Gpr32, n: reg - Register.EAX };
  if (reg >= Register.RAX && reg <= Register.R15) return { cls: RegClass.Gpr64, n: reg - Register.RAX };
  if (reg >= Register.XMM0 && reg <= Register.XMM15) return { cls: RegClass.Xmm, n: reg - Register.XMM0 };
  if (reg >= Register.ST0 && reg <= Register.ST7) return { cls: RegClass.St, n: reg - Register.ST0 };
  if (reg >= Register.MM0 && reg <= Register.MM0 + 7) return { cls: RegClass.Mm, n: reg - Register.MM0 };
  if (reg >= Register.ES && reg <= Register.GS) return { cls: RegClass.Seg, n: reg - Register.ES };
  return { cls: RegClass.Other, n: 0 };
}

/** gprSize returns the width in bits of a GPR operand, or 0 if `reg` is not a GPR. */
export function gprSize(reg: number): number {
  const { cls } = regInfo(reg);
  switch (cls) {
    case RegClass.Gpr8:
    case RegClass.Gpr8High:
      return 8;
    case RegClass.Gpr16:
      return 16;
    case RegClass.Gpr32:
      return 32;
    case RegClass.Gpr64:
      return 64;
    default:
      return 0;
  }
}

function gpr64Num(reg: number): number {
  if (reg === Register.None) return -1;
  if (reg >= Register.RAX && reg <= Register.R15) return reg - Register.RAX;
  if (reg >= Register.EAX && reg <= Register.R15D) return reg - Register.EAX;
  return -2;
}

const instr = new Instruction();
let formatter: InstanceType<typeof Formatter> | null = null;

/** Outcome of decoding one instruction. */
export type DecodeResult =
  | { ok: true; insn: Insn }
  | { ok: false; reason: 'invalid' | 'truncated' | 'toolong' };

/**
 * decodeOne decodes the instruction at `ip` from `bytes` (which start at `ip`). `truncated` means the
 * bytes ran out before the instruction ended (the caller fetches more or raises #PF).
 */
export function decodeOne(bytes: Uint8Array, ip: number): DecodeResult {
  const dec = new Decoder(64, bytes, DecoderOptions.None);
  try {
    dec.ip = BigInt(ip);
    dec.decodeOut(instr);
    if (instr.isInvalid) {
      const err = dec.lastError;
      // DecoderError: 1 = InvalidInstruction, 2 = NoMoreBytes.
      if (err === 2) return bytes.length >= 15 ? { ok: false, reason: 'toolong' } : { ok: false, reason: 'truncated' };
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, insn: copyInsn(bytes, ip) };
  } finally {
    dec.free();
  }
}

function copyInsn(bytes: Uint8Array, ip: number): Insn {
  const len = instr.length;
  const opCount = instr.opCount;
  const ops: Operand[] = [];
  let mem: MemOp | null = null;
  let imm = 0;
  let immHi = 0;
  let haveImm = false;
  let target = 0;
  for (let i = 0; i < opCount; i++) {
    const kind = instr.opKind(i);
    switch (kind) {
      case OpKind.Register:
        ops.push({ kind: K.Reg, reg: instr.opRegister(i) });
        break;
      case OpKind.NearBranch16:
      case OpKind.NearBranch32:
      case OpKind.NearBranch64:
        target = Number(BigInt.asIntN(64, instr.nearBranchTarget));
        ops.push({ kind: K.Branch, reg: 0 });
        break;
      case OpKind.Memory: {
        const baseReg = instr.memoryBase;
        const seg = instr.memorySegment;
        const addr32 = baseReg === Register.EIP || (baseReg >= Register.EAX && baseReg <= Register.R15D) ||
          (instr.memoryIndex >= Register.EAX && instr.memoryIndex <= Register.R15D);
        let base = gpr64Num(baseReg);
        let disp = Number(BigInt.asIntN(64, instr.memoryDisplacement));
        if (baseReg === Register.RIP || baseReg === Register.EIP) {
          base = -1;
          disp = Number(BigInt.asIntN(64, instr.ipRelMemoryAddress));
        }
        const index = gpr64Num(instr.memoryIndex);
        mem = {
          base,
          index,
          scale: instr.memoryIndexScale,
          disp: addr32 ? disp | 0 : disp,
          seg: seg === Register.FS ? 'fs' : seg === Register.GS ? 'gs' : null,
          addr32,
        };
        ops.push({ kind: K.Mem, reg: 0 });
        break;
      }
      case OpKind.MemorySegSI:
      case OpKind.MemorySegESI:
      case OpKind.MemorySegRSI:
      case OpKind.MemorySegDI:
      case OpKind.MemorySegEDI:
      case OpKind.MemorySegRDI:
      case OpKind.MemoryESDI:
      case OpKind.MemoryESEDI:
      case OpKind.MemoryESRDI:
        ops.push({ kind: K.StrMem, reg: kind });
        break;
      default: {
        // Immediates.
        if (kind === OpKind.Immediate8_2nd) {
          ops.push({ kind: K.Imm, reg: 1 });
          break;
        }
        const v = BigInt.asUintN(64, instr.immediate(i));
        if (!haveImm) {
          imm = Number(v & 0xffffffffn) | 0;
          immHi = Number(v >> 32n) | 0;
          haveImm = true;
        }
        ops.push({ kind: K.Imm, reg: 0 });
      }
    }
  }
  return {
    ip,
    next: ip + len,
    len,
    code: instr.code,
    mnemonic: instr.mnemonic,
    ops,
    mem,
    memSize: memorySizeBytes(instr.memorySize),
    imm,
    immHi,
    imm2: instr.immediate8_2nd,
    target,
    rep: instr.hasRepPrefix,
    repne: instr.hasRepnePrefix,
    lock: instr.hasLockPrefix,
    bytes: bytes.slice(0, len),
  };
}

const memSizeCache = new Map<number, number>();
function memorySizeBytes(ms: number): number {
  let v = memSizeCache.get(ms);
  if (v === undefined) {
    v = ms === 0 ? 0 : iced.MemorySizeExt.size(ms);
    memSizeCache.set(ms, v);
  }
  return v;
}

/** disassemble formats an instruction's bytes in Intel syntax (for traces and diagnostics). */
export function disassemble(bytes: Uint8Array, ip: number): string {
  if (!formatter) formatter = new Formatter(FormatterSyntax.Intel);
  const dec = new Decoder(64, bytes, DecoderOptions.None);
  try {
    dec.ip = BigInt(ip);
    dec.decodeOut(instr);
    if (instr.isInvalid) return `(bad) ${Buffer.from(bytes).toString('hex')}`;
    return formatter.format(instr);
  } finally {
    dec.free();
  }
}

export function mnemonicName(m: number): string {
  return (Mnemonic as unknown as Record<number, string>)[m] ?? `mnemonic#${m}`;
}

export function codeName(c: number): string {
  return (Code as unknown as Record<number, string>)[c] ?? `code#${c}`;
}
