/**
 * Control flow and the stack: JMP Jcc JRCXZ LOOP CALL RET PUSH POP LEAVE, and the instructions that
 * leave user mode: SYSCALL, INT3, UD2, HLT.
 *
 * A near branch to a non-canonical address raises #GP(0) on the branch itself (Intel behaviour:
 * the target is checked before RIP changes); a canonical target in the upper half is fetched and
 * faults there with #PF.
 */
import { Code, type Insn, K, Mnemonic } from '../decode.js';
import { Vector, X86Exception, gp0, ud } from '../exceptions.js';
import { condFn } from '../flags.js';
import { CANONICAL_LIMIT } from '../memory.js';
import { gprOf, memEA, opSize, readAt, reader, writeAt, writeReg } from '../operands.js';
import { def, Flow, type Exec } from '../registry.js';
import { Exit, RCX, RSP, R11, type CPU } from '../state.js';

const TWO32 = 4294967296;
const SP = 2 * RSP;

function checkTarget(t: number): number {
  if (t >= CANONICAL_LIMIT || t < -CANONICAL_LIMIT) throw gp0('non-canonical branch target');
  return t;
}

function sp(c: CPU): number {
  return c.r[SP + 1] * TWO32 + (c.r[SP] >>> 0);
}

function setSp(c: CPU, v: number): void {
  c.r[SP] = v | 0;
  c.r[SP + 1] = Math.floor(v / TWO32) | 0;
}

/** push64 writes lo/hi below RSP and commits RSP only after the store succeeded. */
export function push64(c: CPU, lo: number, hi: number): void {
  const nsp = sp(c) - 8;
  c.mem.w64(nsp, lo, hi);
  setSp(c, nsp);
}

/** pop64 reads the quadword at RSP (lo returned, hi in c.th) and then advances RSP. */
export function pop64(c: CPU): number {
  const s = sp(c);
  const lo = c.mem.r64(s);
  c.th = c.mem.hi;
  setSp(c, s + 8);
  return lo;
}

function pairToAddr(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

def(
  Mnemonic.Jmp,
  (insn) => {
    if (insn.ops[0].kind === K.Branch) {
      const t = insn.target;
      return (c) => {
        c.rip = checkTarget(t);
      };
    }
    const src = reader(insn, 0, 64);
    return (c) => {
      const lo = src(c);
      c.rip = checkTarget(pairToAddr(lo, c.th));
    };
  },
  Flow.Jump,
);

const JCC = [
  Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja,
  Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg,
];
JCC.forEach((mn, cc) =>
  def(
    mn,
    (insn) => {
      const cond = condFn(cc);
      const t = insn.target, next = insn.next;
      if (t >= CANONICAL_LIMIT || t < -CANONICAL_LIMIT) {
        return (c) => {
          if (cond(c)) throw gp0('non-canonical branch target');
          c.rip = next;
        };
      }
      return (c) => {
        c.rip = cond(c) ? t : next;
      };
    },
    Flow.Jump,
  ),
);

def(
  [Mnemonic.Jrcxz, Mnemonic.Jecxz],
  (insn) => {
    const t = insn.target, next = insn.next;
    const wide = insn.mnemonic === Mnemonic.Jrcxz;
    const cx = 2 * RCX;
    return (c) => {
      const zero = wide ? (c.r[cx] | c.r[cx + 1]) === 0 : c.r[cx] === 0;
      c.rip = zero ? checkTarget(t) : next;
    };
  },
  Flow.Jump,
);

def(
  [Mnemonic.Loop, Mnemonic.Loope, Mnemonic.Loopne],
  (insn) => {
    const t = insn.target, next = insn.next;
    const z = insn.mnemonic === Mnemonic.Loope ? condFn(4) : insn.mnemonic === Mnemonic.Loopne ? condFn(5) : null;
    const cx = 2 * RCX;
    return (c) => {
      const lo = (c.r[cx] - 1) | 0;
      const hi = lo === -1 ? (c.r[cx + 1] - 1) | 0 : c.r[cx + 1];
      const taken = (lo | hi) !== 0 && (z === null || z(c));
      if (taken) checkTarget(t);
      c.r[cx] = lo;
      c.r[cx + 1] = hi;
      c.rip = taken ? t : next;
    };
  },
  Flow.Jump,
);

def(
  Mnemonic.Call,
  (insn) => {
    const next = insn.next;
    const nlo = next | 0, nhi = Math.floor(next / TWO32) | 0;
    if (insn.ops[0].kind === K.Branch) {
      const t = insn.target;
      return (c) => {
        checkTarget(t);
        push64(c, nlo, nhi);
        c.rip = t;
      };
    }
    const src = reader(insn, 0, 64);
    return (c) => {
      const lo = src(c);
      const t = checkTarget(pairToAddr(lo, c.th));
      push64(c, nlo, nhi);
      c.rip = t;
    };
  },
  Flow.Jump,
);

def(
  Mnemonic.Ret,
  (insn) => {
    const extra = insn.ops.length > 0 && insn.ops[0].kind === K.Imm ? insn.imm & 0xffff : 0;
    return (c) => {
      const s = sp(c);
      const lo = c.mem.r64(s);
      const t = checkTarget(pairToAddr(lo, c.mem.hi));
      setSp(c, s + 8 + extra);
      c.rip = t;
    };
  },
  Flow.Jump,
);

const PUSH_IMM16 = new Set([Code.Push_imm16, Code.Pushw_imm8]);

def(Mnemonic.Push, (insn) => {
  // PUSH imm is 64-bit unless the 0x66 prefix makes it PUSHW (Push_imm16 / Pushw_imm8).
  const size = insn.ops[0].kind === K.Imm ? (PUSH_IMM16.has(insn.code) ? 16 : 64) : opSize(insn, 0);
  if (size === 16) {
    const src = reader(insn, 0, 16);
    return (c) => {
      const v = src(c);
      const nsp = sp(c) - 2;
      c.mem.w16(nsp, v);
      setSp(c, nsp);
    };
  }
  if (insn.ops[0].kind === K.Reg) {
    const n = gprOf(insn, 0).n;
    return (c) => push64(c, c.r[2 * n], c.r[2 * n + 1]);
  }
  const src = reader(insn, 0, 64);
  return (c) => {
    const lo = src(c);
    push64(c, lo, c.th);
  };
});

def(Mnemonic.Pop, (insn) => {
  const size = opSize(insn, 0);
  if (insn.ops[0].kind === K.Reg) {
    const g = gprOf(insn, 0);
    const wr = writeReg(g.n, size, false);
    if (size === 16) {
      return (c) => {
        const s = sp(c);
        const v = c.mem.r16(s);
        setSp(c, s + 2);
        wr(c, v, 0);
      };
    }
    // POP RSP loads the popped value (the increment is overwritten).
    return (c) => {
      const lo = pop64(c);
      wr(c, lo, c.th);
    };
  }
  // POP m64: the address is computed with the incremented RSP (SDM: POP).
  const ea = memEA(insn);
  const wm = writeAt(size);
  const rd = readAt(size);
  const n = size / 8;
  return (c) => {
    const s = sp(c);
    const lo = rd(c, s), hi = c.th;
    setSp(c, s + n);
    try {
      wm(c, ea(c), lo, hi);
    } catch (e) {
      setSp(c, s);
      throw e;
    }
  };
});

def(Mnemonic.Leave, () => (c) => {
  const bp = 2 * 5;
  const base = c.r[bp + 1] * TWO32 + (c.r[bp] >>> 0);
  const lo = c.mem.r64(base);
  const hi = c.mem.hi;
  setSp(c, base + 8);
  c.r[bp] = lo;
  c.r[bp + 1] = hi;
});

/** SYSCALL: RCX = next RIP, R11 = RFLAGS; the kernel model takes over (Exit.Syscall). */
def(
  Mnemonic.Syscall,
  (insn: Insn): Exec => {
    const next = insn.next;
    return (c) => {
      c.setRegNum(RCX, next);
      c.setRegNum(R11, c.rflags);
      c.exit = Exit.Syscall;
    };
  },
  Flow.End,
);

/** INT3 is a trap: RIP is reported after it. */
def(Mnemonic.Int3, () => () => {
  throw new X86Exception(Vector.BP, 0, 0, true, 'int3');
}, Flow.End);

def(Mnemonic.Ud2, () => () => {
  throw ud('ud2');
}, Flow.End);

/** HLT is privileged: #GP(0) at CPL 3. */
def(Mnemonic.Hlt, () => () => {
  throw gp0('hlt at CPL 3');
}, Flow.End);
