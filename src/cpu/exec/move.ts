/**
 * Data movement: MOV MOVZX MOVSX MOVSXD LEA XCHG CMOVcc SETcc BSWAP, sign extensions of the
 * accumulator (CBW CWDE CDQE CWD CDQ CQO), and the no-op family (NOP, ENDBR64, PAUSE, PREFETCH*).
 */
import { type Insn, K, Mnemonic } from '../decode.js';
import { condFn } from '../flags.js';
import { gprOf, memEA, opSize, readAt, reader, readReg, writeAt, writer, writeReg } from '../operands.js';
import { def, type Exec } from '../registry.js';
import { RAX, RDX } from '../state.js';

/**
 * movBaseDisp specializes the commonest memory forms, `mov reg, [base+disp]` and
 * `mov [base+disp], reg` at 32 and 64 bits, with the address computed inline.
 */
function movBaseDisp(insn: Insn, size: number): Exec | null {
  const m = insn.mem;
  if (!m || m.index >= 0 || m.base < 0 || m.seg !== null || m.addr32 || (size !== 32 && size !== 64)) return null;
  const bl = 2 * m.base, bh = bl + 1, disp = m.disp;
  if (insn.ops[0].kind === K.Reg && insn.ops[1].kind === K.Mem) {
    const lo = 2 * gprOf(insn, 0).n, hi = lo + 1;
    if (size === 64) {
      return (c) => {
        const r = c.r;
        const v = c.mem.r64(r[bh] * 4294967296 + (r[bl] >>> 0) + disp);
        r[lo] = v;
        r[hi] = c.mem.hi;
      };
    }
    return (c) => {
      const r = c.r;
      r[lo] = c.mem.r32(r[bh] * 4294967296 + (r[bl] >>> 0) + disp);
      r[hi] = 0;
    };
  }
  if (insn.ops[0].kind === K.Mem && insn.ops[1].kind === K.Reg) {
    const lo = 2 * gprOf(insn, 1).n, hi = lo + 1;
    if (size === 64) {
      return (c) => {
        const r = c.r;
        c.mem.w64(r[bh] * 4294967296 + (r[bl] >>> 0) + disp, r[lo], r[hi]);
      };
    }
    return (c) => {
      const r = c.r;
      c.mem.w32(r[bh] * 4294967296 + (r[bl] >>> 0) + disp, r[lo]);
    };
  }
  return null;
}

function movFactory(insn: Insn): Exec {
  const size = opSize(insn, 0);
  const fast = movBaseDisp(insn, size);
  if (fast) return fast;
  const src = reader(insn, 1, size);
  if (insn.ops[0].kind === K.Reg) {
    const g = gprOf(insn, 0);
    const lo = 2 * g.n, hi = lo + 1;
    if (size === 64) {
      if (insn.ops[1].kind === K.Reg) {
        const s = gprOf(insn, 1);
        const slo = 2 * s.n, shi = slo + 1;
        return (c) => {
          c.r[lo] = c.r[slo];
          c.r[hi] = c.r[shi];
        };
      }
      return (c) => {
        const v = src(c);
        c.r[lo] = v;
        c.r[hi] = c.th;
      };
    }
    if (size === 32) {
      return (c) => {
        c.r[lo] = src(c);
        c.r[hi] = 0;
      };
    }
    const wr = writeReg(g.n, g.size, g.high);
    return (c) => wr(c, src(c), 0);
  }
  const ea = memEA(insn);
  const wr = writeAt(size);
  if (size === 64) {
    return (c) => {
      const v = src(c);
      wr(c, ea(c), v, c.th);
    };
  }
  return (c) => wr(c, ea(c), src(c), 0);
}
def(Mnemonic.Mov, movFactory);

function extend(signed: boolean) {
  return (insn: Insn): Exec => {
    const dsize = opSize(insn, 0);
    const ssize = insn.ops[1].kind === K.Reg ? gprOf(insn, 1).size : insn.memSize * 8;
    const src = reader(insn, 1, ssize);
    const wr = writeReg(gprOf(insn, 0).n, dsize, false);
    const shift = 32 - ssize;
    if (!signed) return (c) => wr(c, src(c), 0);
    if (dsize === 64) {
      return (c) => {
        const v = ssize === 32 ? src(c) : (src(c) << shift) >> shift;
        wr(c, v, v >> 31);
      };
    }
    return (c) => wr(c, (src(c) << shift) >> shift, 0);
  };
}
def(Mnemonic.Movzx, extend(false));
def([Mnemonic.Movsx, Mnemonic.Movsxd], extend(true));

/** LEA computes the address with exact 64-bit (or 32/16-bit) arithmetic; no memory is accessed. */
def(Mnemonic.Lea, (insn) => {
  const m = insn.mem!;
  const size = opSize(insn, 0);
  const d = gprOf(insn, 0).n;
  const dlo = 2 * d, dhi = dlo + 1;
  const b = m.base, x = m.index;
  const sh = Math.log2(m.scale || 1);
  const disp = m.disp;
  if (size !== 64 || m.addr32) {
    const bl = 2 * b, xl = 2 * x;
    const dispLo = Number(BigInt.asIntN(32, BigInt(disp)));
    const f =
      b >= 0 && x >= 0
        ? (c: import('../state.js').CPU) => (c.r[bl] + (c.r[xl] << sh) + dispLo) | 0
        : b >= 0
          ? (c: import('../state.js').CPU) => (c.r[bl] + dispLo) | 0
          : x >= 0
            ? (c: import('../state.js').CPU) => ((c.r[xl] << sh) + dispLo) | 0
            : () => dispLo | 0;
    if (size === 16) {
      return (c) => {
        c.r[dlo] = (c.r[dlo] & ~0xffff) | (f(c) & 0xffff);
      };
    }
    return (c) => {
      c.r[dlo] = f(c);
      c.r[dhi] = 0;
    };
  }
  // 64-bit: sum of (lo, hi) pairs with carries. RIP-relative has base -1 and an absolute disp.
  const dispBig = BigInt.asUintN(64, BigInt(disp));
  const dLo = Number(dispBig & 0xffffffffn) >>> 0;
  const dHi = Number(dispBig >> 32n) | 0;
  return (c) => {
    let lo = dLo, hi = dHi;
    if (b >= 0) {
      const s = lo + (c.r[2 * b] >>> 0);
      lo = s >>> 0;
      hi = (hi + c.r[2 * b + 1] + (s > 0xffffffff ? 1 : 0)) | 0;
    }
    if (x >= 0) {
      let xl = c.r[2 * x] >>> 0, xh = c.r[2 * x + 1];
      if (sh) {
        xh = (xh << sh) | (xl >>> (32 - sh));
        xl = (xl << sh) >>> 0;
      }
      const s = lo + xl;
      lo = s >>> 0;
      hi = (hi + xh + (s > 0xffffffff ? 1 : 0)) | 0;
    }
    c.r[dlo] = lo | 0;
    c.r[dhi] = hi;
  };
});

def(Mnemonic.Xchg, (insn) => {
  const size = opSize(insn, 0);
  if (insn.ops[0].kind === K.Reg && insn.ops[1].kind === K.Reg) {
    const a = gprOf(insn, 0), b = gprOf(insn, 1);
    const ra = readReg(a.n, size, a.high), wa = writeReg(a.n, size, a.high);
    const rb = readReg(b.n, size, b.high), wb = writeReg(b.n, size, b.high);
    return (c) => {
      const va = ra(c), vah = c.th;
      const vb = rb(c), vbh = c.th;
      wa(c, vb, vbh);
      wb(c, va, vah);
    };
  }
  // Memory form (always locked): the register may be either operand.
  const ri = insn.ops[0].kind === K.Reg ? 0 : 1;
  const g = gprOf(insn, ri);
  const rr = readReg(g.n, size, g.high), wr = writeReg(g.n, size, g.high);
  const ea = memEA(insn);
  const rd = readAt(size), wm = writeAt(size);
  return (c) => {
    const a = ea(c);
    c.mem.checkWrite(a, size / 8);
    const mv = rd(c, a), mvh = c.th;
    const rv = rr(c), rvh = c.th;
    wm(c, a, rv, rvh);
    wr(c, mv, mvh);
  };
});

def(Mnemonic.Bswap, (insn) => {
  const g = gprOf(insn, 0);
  const lo = 2 * g.n, hi = lo + 1;
  const sw = (v: number) => ((v & 0xff) << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
  if (g.size === 64) {
    return (c) => {
      const l = c.r[lo];
      c.r[lo] = sw(c.r[hi]);
      c.r[hi] = sw(l);
    };
  }
  // BSWAP of a 16-bit register is undefined (zeroes it on current parts); 32-bit zero-extends.
  if (g.size === 16) return (c) => { c.r[lo] &= ~0xffff; };
  return (c) => {
    c.r[lo] = sw(c.r[lo]);
    c.r[hi] = 0;
  };
});

const CMOV = [
  Mnemonic.Cmovo, Mnemonic.Cmovno, Mnemonic.Cmovb, Mnemonic.Cmovae, Mnemonic.Cmove, Mnemonic.Cmovne,
  Mnemonic.Cmovbe, Mnemonic.Cmova, Mnemonic.Cmovs, Mnemonic.Cmovns, Mnemonic.Cmovp, Mnemonic.Cmovnp,
  Mnemonic.Cmovl, Mnemonic.Cmovge, Mnemonic.Cmovle, Mnemonic.Cmovg,
];
CMOV.forEach((mn, cc) =>
  def(mn, (insn) => {
    const size = opSize(insn, 0);
    const cond = condFn(cc);
    const src = reader(insn, 1, size);
    const g = gprOf(insn, 0);
    const lo = 2 * g.n, hi = lo + 1;
    const wr = writeReg(g.n, size, false);
    // The source is read (and may fault) whatever the condition; a 32-bit destination is
    // zero-extended even when the move does not happen.
    if (size === 32) {
      return (c) => {
        const v = src(c);
        if (cond(c)) c.r[lo] = v;
        c.r[hi] = 0;
      };
    }
    return (c) => {
      const v = src(c), vh = c.th;
      if (cond(c)) wr(c, v, vh);
    };
  }),
);

const SETCC = [
  Mnemonic.Seto, Mnemonic.Setno, Mnemonic.Setb, Mnemonic.Setae, Mnemonic.Sete, Mnemonic.Setne,
  Mnemonic.Setbe, Mnemonic.Seta, Mnemonic.Sets, Mnemonic.Setns, Mnemonic.Setp, Mnemonic.Setnp,
  Mnemonic.Setl, Mnemonic.Setge, Mnemonic.Setle, Mnemonic.Setg,
];
SETCC.forEach((mn, cc) =>
  def(mn, (insn) => {
    const cond = condFn(cc);
    const wr = writer(insn, 0, 8);
    return (c) => wr(c, cond(c) ? 1 : 0, 0);
  }),
);

const ax = 2 * RAX, dx = 2 * RDX;
def(Mnemonic.Cbw, () => (c) => {
  c.r[ax] = (c.r[ax] & ~0xffff) | (((c.r[ax] << 24) >> 24) & 0xffff);
});
def(Mnemonic.Cwde, () => (c) => {
  c.r[ax] = (c.r[ax] << 16) >> 16;
  c.r[ax + 1] = 0;
});
def(Mnemonic.Cdqe, () => (c) => {
  c.r[ax + 1] = c.r[ax] >> 31;
});
def(Mnemonic.Cwd, () => (c) => {
  c.r[dx] = (c.r[dx] & ~0xffff) | ((c.r[ax] << 16) >> 31 & 0xffff);
});
def(Mnemonic.Cdq, () => (c) => {
  c.r[dx] = c.r[ax] >> 31;
  c.r[dx + 1] = 0;
});
def(Mnemonic.Cqo, () => (c) => {
  const s = c.r[ax + 1] >> 31;
  c.r[dx] = s;
  c.r[dx + 1] = s;
});

const noop: Exec = () => {};
def(
  [Mnemonic.Nop, Mnemonic.Endbr64, Mnemonic.Endbr32, Mnemonic.Pause, Mnemonic.Prefetchnta, Mnemonic.Prefetcht0,
    Mnemonic.Prefetcht1, Mnemonic.Prefetcht2, Mnemonic.Prefetchw, Mnemonic.Lfence, Mnemonic.Mfence, Mnemonic.Sfence],
  () => noop,
);
