/**
 * SSE/SSE2/SSE3/SSE4.1 data movement: MOVD MOVQ, the 128-bit loads and stores (MOVDQA MOVDQU
 * MOVAPS MOVUPS MOVAPD MOVUPD LDDQU MOVNTDQA and the non-temporal stores), MOVSS MOVSD, the 64-bit
 * halves (MOVLPS MOVHPS MOVLPD MOVHPD MOVHLPS MOVLHPS), MOVMSKPS/PD PMOVMSKB, MASKMOVDQU, MOVNTI,
 * MOVDDUP MOVSHDUP MOVSLDUP. None of them touches MXCSR.
 */
import { Code, type Insn, K, Mnemonic, OpKind, gprSize } from '../decode.js';
import { gprOf, memEA, reader, writer } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RDI } from '../state.js';
import { defShared, isMem, load128, store128, xmmOf } from '../sse.js';

/** MOVD/MOVQ between an XMM register and a GPR or memory; loads zero the rest of the register. */
function movdq(size: number) {
  return (insn: Insn): Exec => {
    if (insn.ops[0].kind === K.Reg && !isGpr(insn, 0)) {
      const d = xmmOf(insn, 0) * 4;
      if (insn.ops[1].kind === K.Reg && !isGpr(insn, 1)) {
        // MOVQ xmm, xmm: the low quadword, upper zeroed.
        const s = xmmOf(insn, 1) * 4;
        return (c) => {
          const x = c.xl;
          x[d] = x[s];
          x[d + 1] = x[s + 1];
          x[d + 2] = 0;
          x[d + 3] = 0;
        };
      }
      const rd = reader(insn, 1, size);
      return (c) => {
        const x = c.xl;
        const lo = rd(c);
        x[d] = lo;
        x[d + 1] = size === 64 ? c.th : 0;
        x[d + 2] = 0;
        x[d + 3] = 0;
      };
    }
    const s = xmmOf(insn, 1) * 4;
    const wr = writer(insn, 0, size);
    return (c) => wr(c, c.xl[s], c.xl[s + 1]);
  };
}

function isGpr(insn: Insn, i: number): boolean {
  return insn.ops[i].kind === K.Reg && gprSize(insn.ops[i].reg) !== 0;
}
def(Mnemonic.Movd, movdq(32));
def(Mnemonic.Movq, movdq(64));

/** Full 128-bit moves; `aligned` selects the #GP(0) rule for memory operands. */
function mov128(aligned: boolean) {
  return (insn: Insn): Exec => {
    if (isMem(insn, 0)) {
      const ea = memEA(insn);
      const s = xmmOf(insn, 1);
      return (c) => store128(c, ea(c), s, aligned);
    }
    const d = xmmOf(insn, 0) * 4;
    if (isMem(insn, 1)) {
      const ea = memEA(insn);
      return (c) => load128(c, ea(c), aligned, d / 4);
    }
    const s = xmmOf(insn, 1) * 4;
    return (c) => {
      const x = c.xl;
      x[d] = x[s];
      x[d + 1] = x[s + 1];
      x[d + 2] = x[s + 2];
      x[d + 3] = x[s + 3];
    };
  };
}
def([Mnemonic.Movdqa, Mnemonic.Movaps, Mnemonic.Movapd, Mnemonic.Movntdq, Mnemonic.Movntps, Mnemonic.Movntpd,
  Mnemonic.Movntdqa], mov128(true));
def([Mnemonic.Movdqu, Mnemonic.Movups, Mnemonic.Movupd, Mnemonic.Lddqu], mov128(false));

def(Mnemonic.Movnti, (insn) => {
  const size = insn.memSize * 8;
  const src = reader(insn, 1, size);
  const wr = writer(insn, 0, size);
  return (c) => {
    const v = src(c);
    wr(c, v, c.th);
  };
});

/**
 * MOVSS/MOVSD: register to register moves the low element only; a load zeroes the rest of the
 * register; a store writes the low element.
 */
function movScalar(lanes: number) {
  return (insn: Insn): Exec => {
    if (isMem(insn, 0)) {
      const ea = memEA(insn);
      const s = xmmOf(insn, 1) * 4;
      if (lanes === 1) return (c) => c.mem.w32(ea(c), c.xl[s]);
      return (c) => c.mem.w64(ea(c), c.xl[s], c.xl[s + 1]);
    }
    const d = xmmOf(insn, 0) * 4;
    if (isMem(insn, 1)) {
      const ea = memEA(insn);
      if (lanes === 1) {
        return (c) => {
          const v = c.mem.r32(ea(c));
          const x = c.xl;
          x[d] = v;
          x[d + 1] = 0;
          x[d + 2] = 0;
          x[d + 3] = 0;
        };
      }
      return (c) => {
        const lo = c.mem.r64(ea(c));
        const x = c.xl;
        x[d] = lo;
        x[d + 1] = c.mem.hi;
        x[d + 2] = 0;
        x[d + 3] = 0;
      };
    }
    const s = xmmOf(insn, 1) * 4;
    if (lanes === 1) return (c) => { c.xl[d] = c.xl[s]; };
    return (c) => {
      const x = c.xl;
      x[d] = x[s];
      x[d + 1] = x[s + 1];
    };
  };
}
def(Mnemonic.Movss, movScalar(1));
defShared(Mnemonic.Movsd, (insn) => insn.code === Code.Movsd_xmm_xmmm64 || insn.code === Code.Movsd_xmmm64_xmm, movScalar(2));

/** MOVLPS/MOVLPD (half 0) and MOVHPS/MOVHPD (half 1): one quadword to or from memory. */
function movHalf(half: number) {
  return (insn: Insn): Exec => {
    const ea = memEA(insn);
    if (isMem(insn, 0)) {
      const s = xmmOf(insn, 1) * 4 + 2 * half;
      return (c) => c.mem.w64(ea(c), c.xl[s], c.xl[s + 1]);
    }
    const d = xmmOf(insn, 0) * 4 + 2 * half;
    return (c) => {
      const lo = c.mem.r64(ea(c));
      c.xl[d] = lo;
      c.xl[d + 1] = c.mem.hi;
    };
  };
}
def([Mnemonic.Movlps, Mnemonic.Movlpd], movHalf(0));
def([Mnemonic.Movhps, Mnemonic.Movhpd], movHalf(1));

/** MOVHLPS: low quadword ← high quadword of the source; MOVLHPS: high ← low. */
function movHL(dHalf: number, sHalf: number) {
  return (insn: Insn): Exec => {
    const d = xmmOf(insn, 0) * 4 + 2 * dHalf, s = xmmOf(insn, 1) * 4 + 2 * sHalf;
    return (c) => {
      const x = c.xl;
      const lo = x[s], hi = x[s + 1];
      x[d] = lo;
      x[d + 1] = hi;
    };
  };
}
def(Mnemonic.Movhlps, movHL(0, 1));
def(Mnemonic.Movlhps, movHL(1, 0));

/** MOVMSKPS/MOVMSKPD/PMOVMSKB gather the sign bits into a GPR (zero-extended). */
function movmsk(kind: number) {
  return (insn: Insn): Exec => {
    const g = gprOf(insn, 0);
    const lo = 2 * g.n;
    const s = xmmOf(insn, 1);
    return (c) => {
      let m = 0;
      if (kind === 4) {
        const x = c.xl, o = s * 4;
        m = (x[o] >>> 31) | ((x[o + 1] >>> 31) << 1) | ((x[o + 2] >>> 31) << 2) | ((x[o + 3] >>> 31) << 3);
      } else if (kind === 2) {
        const x = c.xl, o = s * 4;
        m = (x[o + 1] >>> 31) | ((x[o + 3] >>> 31) << 1);
      } else {
        const x = c.xl, o = s * 4;
        for (let i = 3; i >= 0; i--) {
          const v = x[o + i];
          m = (m << 4) | ((v >>> 7) & 1) | ((v >>> 14) & 2) | ((v >>> 21) & 4) | ((v >>> 28) & 8);
        }
      }
      c.r[lo] = m;
      c.r[lo + 1] = 0;
    };
  };
}
def(Mnemonic.Movmskps, movmsk(4));
def(Mnemonic.Movmskpd, movmsk(2));
def(Mnemonic.Pmovmskb, movmsk(16));

/**
 * MASKMOVDQU stores the bytes of the first operand whose mask byte (second operand) has its top
 * bit set, at [RDI] (EDI with an address-size prefix). Every selected byte is checked first.
 */
def(Mnemonic.Maskmovdqu, (insn) => {
  const s = xmmOf(insn, 1) * 16, m = xmmOf(insn, 2) * 16;
  const addr32 = insn.ops[0].kind === K.StrMem && insn.ops[0].reg === OpKind.MemorySegEDI;
  return (c) => {
    const a = addr32 ? c.r[2 * RDI] >>> 0 : c.getRegNum(RDI);
    const b = c.xu8;
    for (let i = 0; i < 16; i++) if (b[m + i] & 0x80) c.mem.checkWrite(a + i, 1);
    for (let i = 0; i < 16; i++) if (b[m + i] & 0x80) c.mem.w8(a + i, b[s + i]);
  };
});

