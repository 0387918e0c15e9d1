/**
 * System instructions as a 64-bit Linux process at CPL 3 sees them (IOPL 0, CR4.TSD = 0,
 * CR4.PCE = 0, CR4.OSFXSR = CR4.OSXSAVE = 1, XCR0 = x87|SSE, no UMIP, no FSGSBASE):
 *
 * - CPUID (cpuid.ts); RDTSC/RDTSCP (deterministic: 3 ticks per retired instruction; TSC_AUX = 0);
 *   XGETBV (ECX = 0 only).
 * - PUSHF/POPF (16/64-bit): POPF at CPL 3 changes CF PF AF ZF SF TF DF OF NT AC ID; IF and IOPL
 *   are silently kept; RF and VM read as 0 in the pushed image. POPF ends the block, so a TF it
 *   sets takes effect after the next instruction.
 * - INT n: the Linux IDT has DPL-3 gates only for 3 (#BP), 4 (#OF) and 0x80 (the 32-bit system
 *   call, reported as Exit.Int80 with RIP after the instruction); any other vector fails the gate
 *   DPL check with #GP((n << 3) | 2). INT1 (ICEBP) is a #DB trap; INTO is #UD in 64-bit mode.
 * - IRETQ to CPL 3 (same privilege): pops RIP, CS, RFLAGS, RSP, SS; CS must be 0x33 and SS 0x2B
 *   (else #GP(selector)); RFLAGS is loaded as POPF loads it; NT = 1 is #GP(0).
 * - #GP(0): IN OUT INS OUTS CLI STI, LGDT LIDT LLDT LTR LMSW CLTS, MOV to/from CRn/DRn, RDMSR
 *   WRMSR, INVLPG INVD WBINVD, SWAPGS SYSRET SYSEXIT, RDPMC, XSETBV.
 * - #UD: ENCLS (CPL 3), UD0, UD1, INTO.
 * - Segment registers: reads give the Linux user selectors (CS 0x33, SS 0x2B, others 0 until
 *   loaded). DS/ES/FS/GS accept the null selector and the flat user descriptors (0x23, 0x2B, 0x33,
 *   any RPL); SS accepts 0x2B only; anything else is #GP(selector). Loading FS or GS sets its base
 *   to 0 (the descriptor base; Intel parts also clear it for a null selector, see Linux's
 *   check_null_seg_clears_base()).
 * - CLFLUSH/CLFLUSHOPT: no cache to flush, but they fault like a byte read.
 * - FXSAVE/FXRSTOR, XSAVE/XRSTOR (and the 64-bit forms): see xsave.ts.
 */
import { type Insn, K, Mnemonic, Register, RegClass, regInfo } from '../decode.js';
import { Vector, X86Exception, gp0, ud } from '../exceptions.js';
import { AC, AF, CF, DF, ID, OF, PF, SF, TF, ZF } from '../flags.js';
import { CANONICAL_LIMIT } from '../memory.js';
import { cpuid, features } from '../cpuid.js';
import { gprOf, memEA, reader, writeAt, writeReg } from '../operands.js';
import { def, Flow, lookup, type Exec } from '../registry.js';
import { Exit, RAX, RCX, RDX, RBX, RSP, type CPU } from '../state.js';
import { FXSAVE_SIZE, XCR0, XSAVE_SIZE, fxrstorImage, fxsaveImage, xrstorFrom, xsaveInto } from '../xsave.js';
import { pop64, push64 } from './control.js';

const TWO32 = 4294967296;
const AX = 2 * RAX, CX = 2 * RCX, DX = 2 * RDX, BX = 2 * RBX, SP = 2 * RSP;

const NT = 1 << 14;
const RF = 1 << 16;
const VM = 1 << 17;
/** RFLAGS bits POPF/IRET may change at CPL 3 with IOPL 0. */
export const POPF_MASK = CF | PF | AF | ZF | SF | TF | DF | OF | NT | AC | ID;

function sp(c: CPU): number {
  return c.r[SP + 1] * TWO32 + (c.r[SP] >>> 0);
}

function setSp(c: CPU, v: number): void {
  const lo = v % TWO32;
  c.r[SP] = lo | 0;
  c.r[SP + 1] = Math.floor(v / TWO32) | 0;
}

function set32(c: CPU, i: number, v: number): void {
  c.r[i] = v | 0;
  c.r[i + 1] = 0;
}

const fault = (e: () => X86Exception): Exec => () => {
  throw e();
};

// ---- CPUID, time stamp counter, XCR0 ----------------------------------------------------------

def(Mnemonic.Cpuid, () => (c) => {
  const [a, b, cc, d] = cpuid(c, c.r[AX], c.r[CX]);
  set32(c, AX, a);
  set32(c, BX, b);
  set32(c, CX, cc);
  set32(c, DX, d);
});

/** TSC ticks per retired instruction (a 3 GHz part at one instruction per cycle). */
export const TSC_PER_INSN = 3;
export const TSC_BASE = 0;

/**
 * tscOf is the time stamp counter: a function of the retired-instruction count only, so runs are
 * reproducible. RDTSC ends its block, so two RDTSCs always read different values.
 */
export function tscOf(c: CPU): number {
  return c.icount * TSC_PER_INSN + TSC_BASE;
}

function loadTsc(c: CPU): void {
  const t = tscOf(c);
  set32(c, AX, t % TWO32);
  set32(c, DX, Math.floor(t / TWO32));
}

def(Mnemonic.Rdtsc, () => (c) => {
  if (!features.tsc) throw ud('RDTSC not supported');
  loadTsc(c);
}, Flow.End);

def(Mnemonic.Rdtscp, () => (c) => {
  if (!features.rdtscp) throw ud('RDTSCP not supported');
  loadTsc(c);
  set32(c, CX, 0); // IA32_TSC_AUX: Linux stores (node << 12) | cpu, both 0 here.
}, Flow.End);

function requireXsave(): void {
  if (!features.xsave || !features.osxsave) throw ud('XSAVE feature set not enabled');
}

def(Mnemonic.Xgetbv, () => (c) => {
  requireXsave();
  if (c.r[CX] !== 0) throw gp0('XGETBV: unsupported XCR');
  set32(c, AX, XCR0);
  set32(c, DX, 0);
});

def(Mnemonic.Xsetbv, () => () => {
  requireXsave();
  throw gp0('XSETBV at CPL 3');
}, Flow.End);

// ---- PUSHF / POPF / IRETQ ---------------------------------------------------------------------

function loadFlags(c: CPU, v: number, mask: number): void {
  c.rflags = (c.rflags & ~mask) | (v & mask);
}

def(Mnemonic.Pushfq, () => (c) => push64(c, c.rflags & ~(RF | VM), 0));
def(Mnemonic.Pushf, () => (c) => {
  const nsp = sp(c) - 2;
  c.mem.w16(nsp, c.rflags & 0xffff);
  setSp(c, nsp);
});

def(Mnemonic.Popfq, () => (c) => {
  const v = pop64(c);
  loadFlags(c, v, POPF_MASK);
}, Flow.End);
def(Mnemonic.Popf, () => (c) => {
  const s = sp(c);
  const v = c.mem.r16(s);
  setSp(c, s + 2);
  loadFlags(c, v, POPF_MASK & 0xffff);
}, Flow.End);

export const USER_CS = 0x33;
export const USER_DS = 0x2b;
export const USER32_CS = 0x23;

def(Mnemonic.Iretq, () => (c) => {
  if (c.flagsOther & NT) throw gp0('IRET with NT set in IA-32e mode');
  const s = sp(c);
  const ripLo = c.mem.r64(s), ripHi = c.mem.hi;
  const cs = c.mem.r64(s + 8) & 0xffff;
  const fl = c.mem.r64(s + 16);
  const rspLo = c.mem.r64(s + 24), rspHi = c.mem.hi;
  const ss = c.mem.r64(s + 32) & 0xffff;
  if (cs !== USER_CS) throw new X86Exception(Vector.GP, cs & 0xfffc, 0, false, `IRET to CS ${cs.toString(16)}`);
  if (ss !== USER_DS) throw new X86Exception(Vector.GP, ss & 0xfffc, 0, false, `IRET to SS ${ss.toString(16)}`);
  const rip = ripHi * TWO32 + (ripLo >>> 0);
  if (rip >= CANONICAL_LIMIT || rip < -CANONICAL_LIMIT) throw gp0('IRET to a non-canonical RIP');
  loadFlags(c, fl, POPF_MASK);
  c.r[SP] = rspLo;
  c.r[SP + 1] = rspHi;
  c.rip = rip;
}, Flow.Jump);

// ---- software interrupts ----------------------------------------------------------------------

def(Mnemonic.Int, (insn) => {
  const n = insn.imm & 0xff;
  if (n === 0x80) {
    return (c) => {
      c.exit = Exit.Int80;
    };
  }
  if (n === 3) return fault(() => new X86Exception(Vector.BP, 0, 0, true, 'int $3'));
  if (n === 4) return fault(() => new X86Exception(Vector.OF, 0, 0, true, 'int $4'));
  // The gate's DPL (0) is below CPL 3: #GP with the IDT flag (bit 1) and the vector as index.
  return fault(() => new X86Exception(Vector.GP, (n << 3) | 2, 0, false, `int $0x${n.toString(16)}`));
}, Flow.End);

def(Mnemonic.Int1, () => fault(() => new X86Exception(Vector.DB, 0, 0, true, 'int1 (icebp)')), Flow.End);

// ---- privileged and invalid instructions ------------------------------------------------------

const PRIVILEGED = [
  Mnemonic.In, Mnemonic.Out, Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd, Mnemonic.Outsb, Mnemonic.Outsw,
  Mnemonic.Outsd, Mnemonic.Cli, Mnemonic.Sti, Mnemonic.Lgdt, Mnemonic.Lidt, Mnemonic.Lldt, Mnemonic.Ltr,
  Mnemonic.Lmsw, Mnemonic.Clts, Mnemonic.Rdmsr, Mnemonic.Wrmsr, Mnemonic.Invlpg, Mnemonic.Invd, Mnemonic.Wbinvd,
  Mnemonic.Swapgs, Mnemonic.Sysret, Mnemonic.Sysretq, Mnemonic.Sysexit, Mnemonic.Sysexitq, Mnemonic.Rdpmc,
];
for (const mn of PRIVILEGED) {
  def(mn, (insn) => {
    const name = insn.mnemonic;
    return fault(() => gp0(`privileged instruction at CPL 3 (mnemonic ${name})`));
  }, Flow.End);
}

def([Mnemonic.Encls, Mnemonic.Ud0, Mnemonic.Ud1, Mnemonic.Into], () => fault(() => ud('invalid at CPL 3 / in 64-bit mode')), Flow.End);

// ---- segment registers ------------------------------------------------------------------------

const enum Seg {
  ES = 0,
  CS = 1,
  SS = 2,
  DS = 3,
  FS = 4,
  GS = 5,
}

const selectors = new WeakMap<CPU, Uint16Array>();

/** segmentSelectors returns the selectors ES CS SS DS FS GS of a CPU (kept outside CPU state). */
export function segmentSelectors(c: CPU): Uint16Array {
  let s = selectors.get(c);
  if (!s) {
    s = Uint16Array.from([0, USER_CS, USER_DS, 0, 0, 0]);
    selectors.set(c, s);
  }
  return s;
}

/** loadSegment performs a selector load into ES/SS/DS/FS/GS with Linux's GDT (no LDT, no TLS). */
export function loadSegment(c: CPU, seg: number, sel: number): void {
  sel &= 0xffff;
  const index = sel >> 3, ti = sel & 4;
  const err = () => new X86Exception(Vector.GP, sel & 0xfffc, 0, false, `segment load ${sel.toString(16)}`);
  if (seg === Seg.CS) throw ud('load into CS');
  if (seg === Seg.SS) {
    if (sel !== USER_DS) throw err();
  } else {
    const flat = index === USER32_CS >> 3 || index === USER_DS >> 3 || index === USER_CS >> 3;
    if (ti !== 0 || (index !== 0 && !flat)) throw err();
  }
  segmentSelectors(c)[seg] = sel;
  if (seg === Seg.FS) c.fsBase = 0;
  else if (seg === Seg.GS) c.gsBase = 0;
}

function isSeg(reg: number): boolean {
  return regInfo(reg).cls === RegClass.Seg;
}

function isCrDr(reg: number): boolean {
  return (reg >= Register.CR0 && reg <= Register.CR15) || (reg >= Register.DR0 && reg <= Register.DR15);
}

function segMov(insn: Insn): Exec {
  const [d, s] = insn.ops;
  if (d.kind === K.Reg && isSeg(d.reg)) {
    const seg = regInfo(d.reg).n;
    const src = s.kind === K.Mem ? reader(insn, 1, 16) : reader(insn, 1, gprOf(insn, 1).size);
    return (c) => loadSegment(c, seg, src(c));
  }
  const seg = regInfo(s.reg).n;
  if (d.kind === K.Mem) {
    const ea = memEA(insn);
    const wr = writeAt(16);
    return (c) => wr(c, ea(c), segmentSelectors(c)[seg], 0);
  }
  const g = gprOf(insn, 0);
  // A 32/64-bit destination receives the selector zero-extended; a 16-bit one only its low word.
  const wr = writeReg(g.n, g.size === 16 ? 16 : g.size === 64 ? 64 : 32, false);
  return (c) => wr(c, segmentSelectors(c)[seg], 0);
}

const baseMov = lookup(Mnemonic.Mov);
def(
  Mnemonic.Mov,
  (insn) => {
    for (const op of insn.ops) {
      if (op.kind !== K.Reg) continue;
      if (isSeg(op.reg)) return segMov(insn);
      if (isCrDr(op.reg)) return fault(() => gp0('MOV to/from a control or debug register at CPL 3'));
    }
    if (!baseMov) throw ud('MOV not available');
    return baseMov.factory(insn);
  },
  baseMov?.flow ?? Flow.Next,
);

/** PUSH FS/GS push the selector zero-extended; POP FS/GS load one (other forms: the GPR handlers). */
const basePush = lookup(Mnemonic.Push);
def(
  Mnemonic.Push,
  (insn) => {
    const op = insn.ops[0];
    if (op?.kind === K.Reg && isSeg(op.reg)) {
      const seg = regInfo(op.reg).n;
      return (c) => push64(c, segmentSelectors(c)[seg], 0);
    }
    if (!basePush) throw ud('PUSH not available');
    return basePush.factory(insn);
  },
  basePush?.flow ?? Flow.Next,
);
const basePop = lookup(Mnemonic.Pop);
def(
  Mnemonic.Pop,
  (insn) => {
    const op = insn.ops[0];
    if (op?.kind === K.Reg && isSeg(op.reg)) {
      const seg = regInfo(op.reg).n;
      return (c) => {
        const s = sp(c);
        const v = c.mem.r64(s) & 0xffff;
        loadSegment(c, seg, v);
        setSp(c, s + 8);
      };
    }
    if (!basePop) throw ud('POP not available');
    return basePop.factory(insn);
  },
  basePop?.flow ?? Flow.Next,
);

// ---- cache control ----------------------------------------------------------------------------

def([Mnemonic.Clflush, Mnemonic.Clflushopt], (insn) => {
  const ea = memEA(insn);
  return (c) => c.mem.checkRead(ea(c), 1);
});

// ---- FXSAVE / FXRSTOR / XSAVE / XRSTOR --------------------------------------------------------

function aligned(a: number, n: number): boolean {
  return a - Math.floor(a / n) * n === 0;
}

function saveRestore(kind: 'fxsave' | 'fxrstor' | 'xsave' | 'xrstor', rexW: boolean) {
  return (insn: Insn): Exec => {
    const ea = memEA(insn);
    switch (kind) {
      case 'fxsave':
        return (c) => {
          const a = ea(c);
          if (!aligned(a, 16)) throw gp0('FXSAVE area not 16-byte aligned');
          c.mem.checkWrite(a, FXSAVE_SIZE);
          // Bytes 416..511 are reserved or available to software: FXSAVE leaves them alone.
          c.mem.writeBytes(a, fxsaveImage(c, rexW).subarray(0, 416));
        };
      case 'fxrstor':
        return (c) => {
          const a = ea(c);
          if (!aligned(a, 16)) throw gp0('FXRSTOR area not 16-byte aligned');
          fxrstorImage(c, c.mem.readBytes(a, FXSAVE_SIZE), rexW);
        };
      case 'xsave':
        return (c) => {
          requireXsave();
          const a = ea(c);
          if (!aligned(a, 64)) throw gp0('XSAVE area not 64-byte aligned');
          const rfbm = c.r[AX] & XCR0;
          c.mem.checkWrite(a, XSAVE_SIZE);
          const area = c.mem.readBytes(a, XSAVE_SIZE);
          xsaveInto(c, area, rfbm, rexW);
          c.mem.writeBytes(a, area);
        };
      default:
        return (c) => {
          requireXsave();
          const a = ea(c);
          if (!aligned(a, 64)) throw gp0('XRSTOR area not 64-byte aligned');
          xrstorFrom(c, c.mem.readBytes(a, XSAVE_SIZE), c.r[AX] & XCR0, rexW);
        };
    }
  };
}

def(Mnemonic.Fxsave, saveRestore('fxsave', false));
def(Mnemonic.Fxsave64, saveRestore('fxsave', true));
def(Mnemonic.Fxrstor, saveRestore('fxrstor', false));
def(Mnemonic.Fxrstor64, saveRestore('fxrstor', true));
def(Mnemonic.Xsave, saveRestore('xsave', false));
def(Mnemonic.Xsave64, saveRestore('xsave', true));
def(Mnemonic.Xrstor, saveRestore('xrstor', false));
def(Mnemonic.Xrstor64, saveRestore('xrstor', true));
