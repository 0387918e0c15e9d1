/**
 * Atomic read-modify-write instructions: CMPXCHG, CMPXCHG8B, CMPXCHG16B, XADD.
 *
 * Each instruction runs to completion before anything else touches memory, so LOCK needs no
 * action here. LOCK on an instruction or operand form that does not allow it (a register
 * destination, a non-RMW instruction) is rejected by the decoder as an invalid encoding, and the
 * engine raises #UD for it.
 *
 * CMPXCHG: flags as CMP accumulator, destination. The accumulator is written only on failure; a
 * register destination only on success (so a 32-bit one is not zero-extended on failure). A memory
 * destination is always written — with its old value on failure — so it is checked for writing
 * first and a read-only page faults even when the comparison fails.
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { gp0, ud } from '../exceptions.js';
import { FOp, ZF, arithFlags } from '../flags.js';
import { gprOf, memEA, opSize, readAt, readReg, writeAt, writeReg } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RAX, RBX, RCX, RDX, type CPU } from '../state.js';
import { add32, add64, sub32, sub64 } from './alu.js';

const AX = 2 * RAX, BX = 2 * RBX, CX = 2 * RCX, DX = 2 * RDX;

/** setZF replaces ZF, keeping the other arithmetic flags. */
function setZF(c: CPU, z: boolean): void {
  const f = c.fop === FOp.Raw ? c.fraw : arithFlags(c);
  c.fop = FOp.Raw;
  c.fraw = z ? f | ZF : f & ~ZF;
}

function cmpxchg(insn: Insn): Exec {
  const size = opSize(insn, 0);
  const s = gprOf(insn, 1);
  const rs = readReg(s.n, size, s.high);
  const racc = readReg(RAX, size, false), wacc = writeReg(RAX, size, false);
  if (insn.ops[0].kind === K.Reg) {
    const d = gprOf(insn, 0);
    const rd = readReg(d.n, size, d.high), wd = writeReg(d.n, size, d.high);
    if (size === 64) {
      return (c) => {
        const dl = rd(c), dh = c.th;
        const al = racc(c), ah = c.th;
        const sl = rs(c), sh = c.th;
        sub64(c, al, ah, dl, dh);
        if (al === dl && ah === dh) wd(c, sl, sh);
        else wacc(c, dl, dh);
      };
    }
    return (c) => {
      const dv = rd(c), av = racc(c), sv = rs(c);
      sub32(c, av, dv, size);
      if (av === dv) wd(c, sv, 0);
      else wacc(c, dv, 0);
    };
  }
  if (insn.ops[0].kind !== K.Mem) throw ud('cmpxchg: bad operand');
  const ea = memEA(insn);
  const rm = readAt(size), wm = writeAt(size);
  const bytes = size / 8;
  if (size === 64) {
    return (c) => {
      const a = ea(c);
      c.mem.checkWrite(a, 8);
      const dl = rm(c, a), dh = c.th;
      const al = racc(c), ah = c.th;
      const sl = rs(c), sh = c.th;
      if (al === dl && ah === dh) {
        wm(c, a, sl, sh);
      } else {
        wm(c, a, dl, dh);
        wacc(c, dl, dh);
      }
      sub64(c, al, ah, dl, dh);
    };
  }
  return (c) => {
    const a = ea(c);
    c.mem.checkWrite(a, bytes);
    const dv = rm(c, a), av = racc(c), sv = rs(c);
    if (av === dv) {
      wm(c, a, sv, 0);
    } else {
      wm(c, a, dv, 0);
      wacc(c, dv, 0);
    }
    sub32(c, av, dv, size);
  };
}

def(Mnemonic.Cmpxchg, cmpxchg);

/** CMPXCHG8B m64: EDX:EAX vs m64; equal → m64 = ECX:EBX, else EDX:EAX = m64. Only ZF changes. */
def(Mnemonic.Cmpxchg8b, (insn) => {
  if (insn.ops[0].kind !== K.Mem) throw ud('cmpxchg8b: register operand');
  const ea = memEA(insn);
  return (c) => {
    const a = ea(c);
    c.mem.checkWrite(a, 8);
    const lo = c.mem.r64(a), hi = c.mem.hi;
    const r = c.r;
    if (lo === r[AX] && hi === r[DX]) {
      c.mem.w64(a, r[BX], r[CX]);
      setZF(c, true);
    } else {
      c.mem.w64(a, lo, hi);
      r[AX] = lo;
      r[AX + 1] = 0;
      r[DX] = hi;
      r[DX + 1] = 0;
      setZF(c, false);
    }
  };
});

/**
 * CMPXCHG16B m128: RDX:RAX vs m128; equal → m128 = RCX:RBX, else RDX:RAX = m128. Only ZF changes.
 * #GP(0) when the operand is not 16-byte aligned.
 */
def(Mnemonic.Cmpxchg16b, (insn) => {
  if (insn.ops[0].kind !== K.Mem) throw ud('cmpxchg16b: register operand');
  const ea = memEA(insn);
  return (c) => {
    const a = ea(c);
    if (a % 16 !== 0) throw gp0('cmpxchg16b: unaligned operand');
    c.mem.checkWrite(a, 16);
    const l0 = c.mem.r64(a), l1 = c.mem.hi;
    const h0 = c.mem.r64(a + 8), h1 = c.mem.hi;
    const r = c.r;
    if (l0 === r[AX] && l1 === r[AX + 1] && h0 === r[DX] && h1 === r[DX + 1]) {
      c.mem.w64(a, r[BX], r[BX + 1]);
      c.mem.w64(a + 8, r[CX], r[CX + 1]);
      setZF(c, true);
    } else {
      c.mem.w64(a, l0, l1);
      c.mem.w64(a + 8, h0, h1);
      r[AX] = l0;
      r[AX + 1] = l1;
      r[DX] = h0;
      r[DX + 1] = h1;
      setZF(c, false);
    }
  };
});

/** XADD r/m, r: tmp = dst + src; src = dst; dst = tmp (flags as ADD). */
def(Mnemonic.Xadd, (insn) => {
  const size = opSize(insn, 0);
  const s = gprOf(insn, 1);
  const rs = readReg(s.n, size, s.high), ws = writeReg(s.n, size, s.high);
  if (insn.ops[0].kind === K.Reg) {
    const d = gprOf(insn, 0);
    const rd = readReg(d.n, size, d.high), wd = writeReg(d.n, size, d.high);
    if (size === 64) {
      return (c) => {
        const dl = rd(c), dh = c.th;
        const sl = rs(c), sh = c.th;
        const tl = add64(c, dl, dh, sl, sh), th = c.th;
        ws(c, dl, dh);
        wd(c, tl, th);
      };
    }
    return (c) => {
      const dv = rd(c), sv = rs(c);
      const t = add32(c, dv, sv, size);
      ws(c, dv, 0);
      wd(c, t, 0);
    };
  }
  if (insn.ops[0].kind !== K.Mem) throw ud('xadd: bad operand');
  const ea = memEA(insn);
  const rm = readAt(size), wm = writeAt(size);
  const bytes = size / 8;
  if (size === 64) {
    return (c) => {
      const a = ea(c);
      c.mem.checkWrite(a, 8);
      const dl = rm(c, a), dh = c.th;
      const sl = rs(c), sh = c.th;
      const tl = add64(c, dl, dh, sl, sh), th = c.th;
      wm(c, a, tl, th);
      ws(c, dl, dh);
    };
  }
  return (c) => {
    const a = ea(c);
    c.mem.checkWrite(a, bytes);
    const dv = rm(c, a), sv = rs(c);
    const t = add32(c, dv, sv, size);
    wm(c, a, t, 0);
    ws(c, dv, 0);
  };
});
