import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type F80,
  type FpCtx,
  type FpResult,
  FP_C0,
  FP_C1,
  FP_C2,
  FP_C3,
  FP_DE,
  FP_IE,
  FP_OE,
  FP_PE,
  FP_UE,
  FP_ZE,
  f80Abs,
  f80Add,
  f80Atan,
  f80Chs,
  f80Compare,
  f80Cos,
  f80Div,
  f80Equals,
  f80Examine,
  f80Extract,
  f80F2xm1,
  f80FromBcd,
  f80FromBytes,
  f80FromF64,
  f80FromInt,
  f80Fyl2x,
  f80Fyl2xp1,
  f80Indefinite,
  f80IsNaN,
  f80LoadF32,
  f80LoadF64,
  f80Mul,
  f80Prem,
  f80Prem1,
  f80RoundInt,
  f80Scale,
  f80Sin,
  f80SinCos,
  f80Sqrt,
  f80StoreF32,
  f80StoreF64,
  f80Sub,
  f80Tan,
  f80ToBcd,
  f80ToBytes,
  f80ToF64,
  f80ToInt,
  f80ToIntTrunc,
} from '../../src/cpu/fp80.js';

/* ------------------------------------------------------------------ helpers */

/** "seee mmmmmmmmmmmmmmmm" (20 hex digits, spaces ignored) → F80 */
function x(h: string): F80 {
  h = h.replace(/[\s_]/g, '');
  const se = parseInt(h.slice(0, 4), 16);
  return { sign: se >> 15, exp: se & 0x7fff, mant: BigInt('0x' + h.slice(4)) };
}
function hex(v: F80): string {
  return ((v.sign << 15) | v.exp).toString(16).padStart(4, '0') + v.mant.toString(16).padStart(16, '0');
}
const n = (v: number): F80 => f80FromF64(v);
const RN: FpCtx = { rc: 0, pc: 3 };
const RD: FpCtx = { rc: 1, pc: 3 };
const RU: FpCtx = { rc: 2, pc: 3 };
const RZ: FpCtx = { rc: 3, pc: 3 };
const ctxOf = (c: string): FpCtx => {
  const v = parseInt(c, 16);
  return { rc: (v >> 2) as FpCtx['rc'], pc: (v & 3) as FpCtx['pc'] };
};
const h4 = (v: number) => v.toString(16).padStart(4, '0');
const hexN = (v: bigint | number, digits: number) =>
  (BigInt(v) & ((1n << BigInt(digits * 4)) - 1n)).toString(16).padStart(digits, '0');

function expectResult(r: FpResult, value: string, flags: number, rule: string): void {
  expect(`${hex(r.value)} ${h4(r.flags)}`, rule).toBe(`${x(value) && hex(x(value))} ${h4(flags)}`);
}

const ONE = '3fff 8000000000000000';
const TWO = '4000 8000000000000000';
const INF = '7fff 8000000000000000';
const NINF = 'ffff 8000000000000000';
const INDEF = 'ffff c000000000000000';
const MAXF = '7ffe ffffffffffffffff';
const MINN = '0001 8000000000000000';

/* ------------------------------------------------------- hardware vectors */

const vectorFile = process.env.FP80_VECTORS ?? new URL('./fp80-vectors/vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(vectorFile, 'utf8')).ops as Record<string, string[]>;

/** exception bits and C1: what the arithmetic operations define */
const ARITH = 0x3f | FP_C1;

/** checker: fields of one vector → [expected, got] as strings */
type Check = (f: string[]) => [string, string];

const binary =
  (fn: (a: F80, b: F80, c: FpCtx) => FpResult): Check =>
  (f) => {
    const r = fn(x(f[1]), x(f[2]), ctxOf(f[0]));
    return [`${f[3]} ${h4(parseInt(f[4], 16) & ARITH)}`, `${hex(r.value)} ${h4(r.flags)}`];
  };
const unary =
  (fn: (a: F80, c: FpCtx) => FpResult): Check =>
  (f) => {
    const r = fn(x(f[1]), ctxOf(f[0]));
    return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hex(r.value)} ${h4(r.flags)}`];
  };
const compare =
  (unordered: boolean): Check =>
  (f) => {
    const r = f80Compare(x(f[1]), x(f[2]), unordered);
    // C1 is cleared by FCOM/FUCOM
    return [h4(parseInt(f[4], 16) & (0x3f | FP_C0 | FP_C1 | FP_C2 | FP_C3)), h4(r.cc | r.flags)];
  };
const remainder =
  (fn: typeof f80Prem): Check =>
  (f) => {
    const r = fn(x(f[1]), x(f[2]));
    return [`${f[3]} ${h4(parseInt(f[4], 16) & 0x477f)}`, `${hex(r.value)} ${h4(r.cc | r.flags)}`];
  };
const toInt =
  (bits: 16 | 32 | 64, trunc: boolean): Check =>
  (f) => {
    const r = trunc ? f80ToIntTrunc(x(f[1]), bits) : f80ToInt(x(f[1]), bits, ctxOf(f[0]));
    return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hexN(r.value, bits / 4)} ${h4(r.flags)}`];
  };

const exactChecks: Record<string, [string, Check]> = {
  add: ['FADD ST(0), ST(1)', binary(f80Add)],
  sub: ['FSUB ST(0), ST(1)', binary(f80Sub)],
  mul: ['FMUL ST(0), ST(1)', binary(f80Mul)],
  div: ['FDIV ST(0), ST(1)', binary(f80Div)],
  sqrt: ['FSQRT', unary(f80Sqrt)],
  rndint: ['FRNDINT', unary(f80RoundInt)],
  fscale: ['FSCALE', binary(f80Scale)],
  fcom: ['FCOM ST(1)', compare(false)],
  fucom: ['FUCOM ST(1)', compare(true)],
  fprem: ['FPREM', remainder(f80Prem)],
  fprem1: ['FPREM1', remainder(f80Prem1)],
  fxam: ['FXAM', (f) => [h4(parseInt(f[3], 16) & (FP_C0 | FP_C1 | FP_C2 | FP_C3)), h4(f80Examine(x(f[1])))]],
  fxtract: [
    'FXTRACT',
    (f) => {
      const r = f80Extract(x(f[1]));
      return [`${f[2]} ${f[3]} ${h4(parseInt(f[4], 16) & 0x3f)}`, `${hex(r.sig)} ${hex(r.exp)} ${h4(r.flags)}`];
    },
  ],
  st32: [
    'FSTP m32fp',
    (f) => {
      const r = f80StoreF32(x(f[1]), ctxOf(f[0]));
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hexN(r.bits, 8)} ${h4(r.flags)}`];
    },
  ],
  st64: [
    'FSTP m64fp',
    (f) => {
      const r = f80StoreF64(x(f[1]), ctxOf(f[0]));
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hexN(r.bits, 16)} ${h4(r.flags)}`];
    },
  ],
  ld32: [
    'FLD m32fp',
    (f) => {
      const r = f80LoadF32(parseInt(f[1], 16));
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hex(r.value)} ${h4(r.flags)}`];
    },
  ],
  ld64: [
    'FLD m64fp',
    (f) => {
      const r = f80LoadF64(BigInt('0x' + f[1]));
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hex(r.value)} ${h4(r.flags)}`];
    },
  ],
  ist16: ['FISTP m16int', toInt(16, false)],
  ist32: ['FISTP m32int', toInt(32, false)],
  ist64: ['FISTP m64int', toInt(64, false)],
  istt16: ['FISTTP m16int', toInt(16, true)],
  istt32: ['FISTTP m32int', toInt(32, true)],
  istt64: ['FISTTP m64int', toInt(64, true)],
  fbld: [
    'FBLD',
    (f) => {
      const u = new Uint8Array(10);
      f80ToBytes(x(f[1]), u);
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hex(f80FromBcd(u))} 0000`];
    },
  ],
  fbstp: [
    'FBSTP',
    (f) => {
      const u = new Uint8Array(10);
      const flags = f80ToBcd(x(f[1]), ctxOf(f[0]), u);
      return [`${f[2]} ${h4(parseInt(f[3], 16) & ARITH)}`, `${hex(f80FromBytes(u))} ${h4(flags)}`];
    },
  ],
};

describe('fp80: bit-exact agreement with x87 hardware vectors', () => {
  for (const [op, [insn, check]] of Object.entries(exactChecks)) {
    it(`${op} (${insn}): ${vectors[op]?.length ?? 0} vectors, result and status word`, () => {
      const list = vectors[op];
      expect(list?.length ?? 0, `vectors for ${op}`).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const v of list) {
        const f = v.split(' ');
        const [want, got] = check(f);
        if (want !== got && failures.push(`${v}\n    want ${want}\n    got  ${got}`) >= 10) break;
      }
      expect(failures.join('\n'), `${op}: vectors (ctl a [b] result fsw) that differ`).toBe('');
    });
  }
});

/* transcendental functions are computed with doubles: compare with a tolerance */

/**
 * Number of leading bits in which got agrees with want (99: identical or at
 * most one unit in the last place apart, which covers denormal results).
 */
function agreement(got: F80, want: F80): number {
  if (f80Equals(got, want)) return 99;
  if (got.exp === 0x7fff || want.exp === 0x7fff) return -1;
  const d = f80Sub(got, want, RN).value;
  if (d.mant === 0n) return 99;
  // exponent of the leading bit
  const lead = (v: F80) => Math.max(v.exp, 1) - (65 - v.mant.toString(2).length);
  if (lead(d) <= Math.max(want.exp, 1) - 64) return 99;
  return want.mant === 0n ? -1 : lead(want) - lead(d);
}

describe('fp80: transcendental functions against hardware vectors (about double precision)', () => {
  const FLAGS = FP_IE | FP_DE | FP_ZE | FP_C2;
  const MIN_BITS = 46;
  type TCheck = (f: string[]) => { got: F80; want: F80; gotFlags: number; wantFlags: number }[];
  const ctx = (f: string[]) => ctxOf(f[0]);
  const trig =
    (fn: typeof f80Sin): TCheck =>
    (f) => {
      const r = fn(x(f[1]), ctx(f));
      return [{ got: r.value, want: x(f[2]), gotFlags: r.flags | (r.inRange ? 0 : FP_C2), wantFlags: parseInt(f[3], 16) }];
    };
  const checks: Record<string, TCheck> = {
    f2xm1: (f) => {
      const r = f80F2xm1(x(f[1]), ctx(f));
      return [{ got: r.value, want: x(f[2]), gotFlags: r.flags, wantFlags: parseInt(f[3], 16) }];
    },
    fsin: trig(f80Sin),
    fcos: trig(f80Cos),
    fptan: (f) => {
      const r = f80Tan(x(f[1]), ctx(f));
      // in range: ST(0) = 1.0 and ST(1) = tan; out of range: ST(0) is the operand
      const want = r.inRange ? x(f[3]) : x(f[2]);
      return [{ got: r.value, want, gotFlags: r.flags | (r.inRange ? 0 : FP_C2), wantFlags: parseInt(f[4], 16) }];
    },
    fsincos: (f) => {
      const r = f80SinCos(x(f[1]), ctx(f));
      const fl = r.flags | (r.inRange ? 0 : FP_C2);
      const w = parseInt(f[4], 16);
      if (!r.inRange) return [{ got: r.cos, want: x(f[2]), gotFlags: fl, wantFlags: w }];
      return [
        { got: r.cos, want: x(f[2]), gotFlags: fl, wantFlags: w },
        { got: r.sin, want: x(f[3]), gotFlags: fl, wantFlags: w },
      ];
    },
    fpatan: (f) => {
      const r = f80Atan(x(f[1]), x(f[2]), ctx(f));
      return [{ got: r.value, want: x(f[3]), gotFlags: r.flags, wantFlags: parseInt(f[4], 16) }];
    },
    fyl2x: (f) => {
      const r = f80Fyl2x(x(f[1]), x(f[2]), ctx(f));
      return [{ got: r.value, want: x(f[3]), gotFlags: r.flags, wantFlags: parseInt(f[4], 16) }];
    },
    fyl2xp1: (f) => {
      const r = f80Fyl2xp1(x(f[1]), x(f[2]), ctx(f));
      return [{ got: r.value, want: x(f[3]), gotFlags: r.flags, wantFlags: parseInt(f[4], 16) }];
    },
  };
  for (const [op, check] of Object.entries(checks)) {
    it(`${op}: ${vectors[op]?.length ?? 0} vectors agree in at least ${MIN_BITS} bits, same IE/DE/ZE/C2`, () => {
      const failures: string[] = [];
      for (const v of vectors[op]) {
        for (const c of check(v.split(' '))) {
          const bits = agreement(c.got, c.want);
          if (bits < MIN_BITS || (c.gotFlags & FLAGS) !== (c.wantFlags & FLAGS)) {
            failures.push(`${v}: got ${hex(c.got)} ${h4(c.gotFlags)} (${bits} bits)`);
          }
        }
        if (failures.length >= 10) break;
      }
      expect(failures.join('\n'), `${op}: vectors that differ`).toBe('');
    });
  }
});

/* ---------------------------------------------------------- stated rules */

describe('fp80: encoding', () => {
  it('the memory format is 8 little-endian significand bytes, then sign|exponent', () => {
    const u = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f]);
    expect(hex(f80FromBytes(u)), '1.0').toBe(hex(x(ONE)));
    const out = new Uint8Array(12);
    f80ToBytes(x('c000 c90fdaa22168c235'), out, 2);
    expect(Array.from(out), '-pi written at offset 2').toEqual([0, 0, 0x35, 0xc2, 0x68, 0x21, 0xa2, 0xda, 0x0f, 0xc9, 0x00, 0xc0]);
  });
  it('conversion from a JS number is exact', () => {
    expect(hex(n(0.1)), '0.1').toBe('3ffbccccccccccccd000');
    expect(hex(n(-0)), '-0').toBe('80000000000000000000');
    expect(hex(n(5e-324)), 'the smallest double denormal is a normal extended value').toBe('3bcd8000000000000000');
    expect(f80ToF64(n(Math.PI)), 'round trip').toBe(Math.PI);
  });
});

describe('fp80: rounding', () => {
  const oneUlp = '3fff 8000000000000001';
  const half = '3fbf 8000000000000000'; // 2^-64: half an ulp of 1.0
  it('round to nearest breaks ties to even', () => {
    expectResult(f80Add(x(ONE), x(half), RN), ONE, FP_PE, '1 + half ulp -> 1 (even)');
    expectResult(f80Add(x(oneUlp), x(half), RN), '3fff 8000000000000002', FP_PE | FP_C1, '(1+ulp) + half ulp -> 1+2ulp (even), C1: rounded up');
  });
  it('directed rounding: up, down and toward zero', () => {
    expectResult(f80Add(x(ONE), x(half), RU), oneUlp, FP_PE | FP_C1, 'up: next value, C1 set');
    expectResult(f80Add(x(ONE), x(half), RD), ONE, FP_PE, 'down: truncates a positive value');
    expectResult(f80Sub(f80Chs(x(ONE)), x(half), RD), 'bfff 8000000000000001', FP_PE | FP_C1, 'down: a negative value grows in magnitude (C1)');
    expectResult(f80Sub(f80Chs(x(ONE)), x(half), RZ), 'bfff 8000000000000000', FP_PE, 'toward zero');
  });
  it('precision control rounds add/sub/mul/div/sqrt to 24 or 53 bits', () => {
    const t = n(1 + 2 ** -30);
    expectResult(f80Add(t, n(0), { rc: 0, pc: 0 }), ONE, FP_PE, 'pc=24: 1+2^-30 -> 1');
    expectResult(f80Add(t, n(0), { rc: 2, pc: 0 }), '3fff 8000010000000000', FP_PE | FP_C1, 'pc=24, up: 1 + 2^-23');
    expectResult(f80Add(t, n(0), { rc: 0, pc: 2 }), hex(t), 0, 'pc=53: exact');
    expectResult(f80Div(n(1), n(3), { rc: 0, pc: 2 }), hex(n(1 / 3)), FP_PE, 'pc=53: 1/3 equals the double result');
    expectResult(f80Sqrt(n(2), { rc: 0, pc: 2 }), hex(n(Math.SQRT2)), FP_PE | FP_C1, 'pc=53: sqrt(2) equals the double result');
  });
  it('the reserved precision control 1 acts as 64 bits', () => {
    expectResult(f80Add(x(ONE), x('3fc0 8000000000000000'), { rc: 0, pc: 1 }), oneUlp, 0, 'pc=1: 64-bit result');
  });
});

describe('fp80: special operands and invalid operations', () => {
  it('invalid operations give the real indefinite with IE', () => {
    expectResult(f80Sub(x(INF), x(INF), RN), INDEF, FP_IE, 'inf - inf');
    expectResult(f80Add(x(INF), x(NINF), RN), INDEF, FP_IE, 'inf + -inf');
    expectResult(f80Mul(n(0), x(INF), RN), INDEF, FP_IE, '0 * inf');
    expectResult(f80Div(n(0), n(-0), RN), INDEF, FP_IE, '0 / 0');
    expectResult(f80Div(x(INF), x(NINF), RN), INDEF, FP_IE, 'inf / inf');
    expectResult(f80Sqrt(n(-1), RN), INDEF, FP_IE, 'sqrt of a negative number');
    expectResult(f80Sqrt(x(NINF), RN), INDEF, FP_IE, 'sqrt(-inf)');
    expectResult(f80Sqrt(n(-0), RN), '8000 0000000000000000', 0, 'sqrt(-0) = -0');
  });
  it('division of a finite nonzero value by zero raises ZE and gives a signed infinity', () => {
    expectResult(f80Div(n(-3), n(0), RN), NINF, FP_ZE, '-3 / +0');
    expectResult(f80Div(x('0000 0000000000000001'), n(-0), RN), NINF, FP_ZE, 'ZE takes priority over DE for a denormal dividend');
  });
  it('exact zero sums are +0, or -0 when rounding down', () => {
    expectResult(f80Sub(n(1.5), n(1.5), RN), '0000 0000000000000000', 0, 'x - x = +0');
    expectResult(f80Sub(n(1.5), n(1.5), RD), '8000 0000000000000000', 0, 'x - x = -0 when rounding down');
    expectResult(f80Add(n(-0), n(-0), RN), '8000 0000000000000000', 0, '-0 + -0 = -0');
  });
  it('NaN propagation: SNaN quieted with IE, QNaN preferred, larger significand, then positive', () => {
    const snan = '7fff a000000000000000';
    const qnan = 'ffff c000000000000001';
    expectResult(f80Add(x(snan), n(1), RN), '7fff e000000000000000', FP_IE, 'an SNaN operand is quieted, IE');
    expectResult(f80Mul(n(2), x(qnan), RN), qnan, 0, 'a QNaN operand propagates without IE');
    expectResult(f80Add(x(snan), x(qnan), RN), qnan, FP_IE, 'QNaN + SNaN: the QNaN wins, IE for the SNaN');
    expectResult(f80Div(x('7fff c000000000000002'), x(qnan), RN), '7fff c000000000000002', 0, 'two QNaNs: larger significand');
    expectResult(f80Sub(x('ffff c000000000000005'), x('7fff c000000000000005'), RN), '7fff c000000000000005', 0, 'equal significands: the positive NaN');
    expectResult(f80Add(x(qnan), n(1), { rc: 0, pc: 0 }), qnan, 0, 'NaNs are not rounded by precision control');
  });
  it('unnormals, pseudo-infinities and pseudo-NaNs are invalid operands', () => {
    expectResult(f80Add(x('3fff 4000000000000000'), n(1), RN), INDEF, FP_IE, 'unnormal');
    expectResult(f80Mul(x('7fff 0000000000000000'), n(1), RN), INDEF, FP_IE, 'pseudo-infinity');
    expectResult(f80Sub(x('7fff 4000000000000000'), x('7fff c000000000000000'), RN), INDEF, FP_IE, 'pseudo-NaN beats a QNaN');
    expect(f80Compare(x('4000 0000000000000000'), n(1), true).flags, 'FUCOM of an unnormal').toBe(FP_IE);
  });
  it('denormal operands raise DE; pseudo-denormals are valid and read with exponent 1', () => {
    expectResult(f80Add(x('0000 0000000000000001'), n(0), RN), '0000 0000000000000001', FP_DE, 'denormal + 0');
    expectResult(f80Mul(x('0000 8000000000000000'), n(1), RN), MINN, FP_DE, 'pseudo-denormal * 1 = smallest normal');
  });
  it('FABS and FCHS only change the sign, even of NaNs', () => {
    expect(hex(f80Abs(x('ffff a000000000000000'))), 'FABS of an SNaN').toBe('7fffa000000000000000');
    expect(hex(f80Chs(n(0))), 'FCHS of +0').toBe('80000000000000000000');
  });
});

describe('fp80: overflow and underflow (masked responses)', () => {
  it('overflow gives infinity or the largest finite value depending on the rounding direction', () => {
    expectResult(f80Mul(x(MAXF), n(2), RN), INF, FP_OE | FP_PE | FP_C1, 'nearest: +inf');
    expectResult(f80Mul(x(MAXF), n(2), RZ), MAXF, FP_OE | FP_PE, 'toward zero: largest finite');
    expectResult(f80Mul(x(MAXF), n(-2), RU), 'fffe ffffffffffffffff', FP_OE | FP_PE, 'up, negative: -largest finite');
    expectResult(f80Mul(x(MAXF), n(-2), RD), NINF, FP_OE | FP_PE | FP_C1, 'down, negative: -inf');
    expectResult(f80Mul(x(MAXF), n(2), { rc: 3, pc: 0 }), '7ffe ffffff0000000000', FP_OE | FP_PE, 'pc=24: the largest 24-bit value');
  });
  it('tiny results are denormalized; UE only when tiny and inexact', () => {
    expectResult(f80Div(x(MINN), n(2), RN), '0000 4000000000000000', 0, 'exact denormal result: no UE');
    expectResult(f80Div(x(MINN), n(3), RN), '0000 2aaaaaaaaaaaaaab', FP_UE | FP_PE | FP_C1, 'inexact denormal: UE, PE');
    expectResult(f80Mul(x('0000 0000000000000001'), n(0.5), RN), '0000 0000000000000000', FP_DE | FP_UE | FP_PE, 'half the smallest denormal rounds to even 0');
    expectResult(f80Mul(x('0000 0000000000000001'), n(0.5), RU), '0000 0000000000000001', FP_DE | FP_UE | FP_PE | FP_C1, 'rounding up gives the smallest denormal');
  });
  it('tininess is detected after rounding', () => {
    // (1 - 2^-64) * 2^-16382 is tiny; rounded to 24 bits with an unbounded exponent it is 2^-16382
    const a = x('3ffe ffffffffffffffff');
    const pc24: FpCtx = { rc: 0, pc: 0 };
    expectResult(f80Mul(a, x(MINN), pc24), MINN, FP_PE | FP_C1, 'pc=24: rounds to the smallest normal, not tiny after rounding: no UE');
    expectResult(f80Mul(a, x(MINN), RN), MINN, FP_UE | FP_PE | FP_C1, 'pc=64: exact with an unbounded exponent, so tiny: UE');
    expectResult(f80Mul(a, x(MINN), { rc: 3, pc: 0 }), '0000 7fffff0000000000', FP_UE | FP_PE, 'pc=24 toward zero: stays tiny (23 bits remain): UE');
  });
  it('denormal results honour the precision control at a fixed bit position', () => {
    expectResult(f80Div(x('0001 ffffffffffffffff'), n(4), { rc: 0, pc: 0 }), '0000 4000000000000000', FP_UE | FP_PE | FP_C1, 'pc=24');
  });
});

describe('fp80: FRNDINT and integer conversions', () => {
  it('FRNDINT rounds under RC and sets C1 when rounding up', () => {
    expectResult(f80RoundInt(n(2.5), RN), hex(n(2)), FP_PE, '2.5 -> 2 (even)');
    expectResult(f80RoundInt(n(3.5), RN), hex(n(4)), FP_PE | FP_C1, '3.5 -> 4 (even), rounded up');
    expectResult(f80RoundInt(n(-0.5), RN), '8000 0000000000000000', FP_PE, '-0.5 -> -0');
    expectResult(f80RoundInt(n(0.1), RU), ONE, FP_PE | FP_C1, 'up: 0.1 -> 1');
    expectResult(f80RoundInt(n(-1.9), RZ), hex(n(-1)), FP_PE, 'toward zero');
    expectResult(f80RoundInt(n(2 ** 70), { rc: 0, pc: 0 }), hex(n(2 ** 70)), 0, 'large values are integers; PC is ignored');
  });
  it('FIST stores the integer indefinite with IE when out of range', () => {
    expect(f80ToInt(n(32767.4), 16, RN), 'rounds into range').toEqual({ value: 32767n, flags: FP_PE });
    expect(f80ToInt(n(32767.5), 16, RN), 'rounds out of range').toEqual({ value: -32768n, flags: FP_IE });
    expect(f80ToInt(n(-32768), 16, RN), '-2^15 fits').toEqual({ value: -32768n, flags: 0 });
    expect(f80ToInt(n(-(2 ** 63)), 64, RN), '-2^63 fits').toEqual({ value: -(2n ** 63n), flags: 0 });
    expect(f80ToInt(n(2 ** 63), 64, RN), '2^63 does not').toEqual({ value: -(2n ** 63n), flags: FP_IE });
    expect(f80ToInt(x(INDEF), 32, RN), 'NaN').toEqual({ value: -(2n ** 31n), flags: FP_IE });
    expect(f80ToInt(n(2.5), 32, RU), 'up').toEqual({ value: 3n, flags: FP_PE | FP_C1 });
    expect(f80ToInt(x('0000 0000000000000001'), 32, RN), 'no DE for a denormal source').toEqual({ value: 0n, flags: FP_PE });
  });
  it('FISTTP truncates regardless of RC', () => {
    expect(f80ToIntTrunc(n(-2.7), 32), '-2.7').toEqual({ value: -2n, flags: FP_PE });
    expect(f80ToIntTrunc(n(65535.9), 16), 'out of range').toEqual({ value: -32768n, flags: FP_IE });
  });
  it('FILD is exact', () => {
    expect(hex(f80FromInt(-(2n ** 63n))), '-2^63').toBe('c03e8000000000000000');
    expect(hex(f80FromInt(0n)), '0').toBe('00000000000000000000');
    expect(hex(f80FromInt(2n ** 64n / 2n - 1n)), '2^63 - 1 needs all 64 bits').toBe('403dfffffffffffffffe');
  });
  it('packed BCD: FBLD/FBSTP, indefinite on overflow', () => {
    const u = new Uint8Array(10);
    expect(f80ToBcd(f80FromInt(-123456789012345678n), RN, u), 'exact').toBe(0);
    expect(Array.from(u), 'digits, low byte first; sign in byte 9').toEqual([0x78, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80]);
    expect(hex(f80FromBcd(u)), 'FBLD round trip').toBe(hex(f80FromInt(-123456789012345678n)));
    expect(f80ToBcd(n(1e18), RN, u), '10^18 is out of range').toBe(FP_IE);
    expect(Array.from(u), 'packed BCD indefinite').toEqual([0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff]);
    expect(f80ToBcd(n(-0.2), RN, u), 'rounds to -0').toBe(FP_PE);
    expect(u[9], '-0 keeps its sign').toBe(0x80);
  });
});

describe('fp80: conversions to and from IEEE single and double', () => {
  it('FLD m32/m64: exact; SNaN quieted with IE; denormals raise DE', () => {
    expectResult(f80LoadF32(0x7f800001), '7fff c000010000000000', FP_IE, 'SNaN single');
    expectResult(f80LoadF32(0x00000001), '3f6a 8000000000000000', FP_DE, 'smallest single denormal');
    expectResult(f80LoadF64(0xfff0000000000000n), NINF, 0, '-inf');
    expectResult(f80LoadF64(0x3ff0000000000001n), '3fff 8000000000000800', 0, '1 + 2^-52');
  });
  it('FST m32/m64: rounding, overflow and underflow', () => {
    expect(f80StoreF32(n(1 + 2 ** -24), RN), 'tie to even').toEqual({ bits: 0x3f800000, flags: FP_PE });
    expect(f80StoreF32(n(1 + 2 ** -24), RU), 'up').toEqual({ bits: 0x3f800001, flags: FP_PE | FP_C1 });
    expect(f80StoreF32(n(1e39), RN), 'overflow to inf').toEqual({ bits: 0x7f800000, flags: FP_OE | FP_PE | FP_C1 });
    expect(f80StoreF32(n(-1e39), RZ), 'overflow toward zero').toEqual({ bits: 0xff7fffff, flags: FP_OE | FP_PE });
    expect(f80StoreF32(n(2 ** -149 * 1.5), RN), 'denormal, inexact').toEqual({ bits: 2, flags: FP_UE | FP_PE | FP_C1 });
    expect(f80StoreF32(n(2 ** -140), RN), 'denormal, exact: no UE').toEqual({ bits: 0x200, flags: 0 });
    expect(f80StoreF64(x('3fff 4000000000000000'), RN), 'unsupported: double indefinite').toEqual({ bits: 0xfff8000000000000n, flags: FP_IE });
    expect(f80StoreF64(x('7fff 8000000000000801'), RN), 'SNaN payload truncated, quieted').toEqual({ bits: 0x7ff8000000000001n, flags: FP_IE });
  });
});

describe('fp80: compare and examine', () => {
  it('FCOM condition codes: > 000, < C0, = C3, unordered C3 C2 C0', () => {
    expect(f80Compare(n(2), n(1)).cc, '>').toBe(0);
    expect(f80Compare(n(1), n(2)).rel, '<').toBe('lt');
    expect(f80Compare(n(1), n(2)).cc, '<').toBe(FP_C0);
    expect(f80Compare(n(-0), n(0)).cc, '-0 = +0').toBe(FP_C3);
    expect(f80Compare(x(INF), x(MAXF)).rel, 'inf > max').toBe('gt');
    expect(f80Compare(x('0000 8000000000000000'), x(MINN)).rel, 'pseudo-denormal = smallest normal').toBe('eq');
  });
  it('FCOM signals IE for any NaN, FUCOM only for SNaN', () => {
    expect(f80Compare(x(INDEF), n(1), false), 'FCOM QNaN').toEqual({ rel: 'un', cc: FP_C3 | FP_C2 | FP_C0, flags: FP_IE });
    expect(f80Compare(x(INDEF), n(1), true).flags, 'FUCOM QNaN').toBe(0);
    expect(f80Compare(n(1), x('7fff 8000000000000001'), true).flags, 'FUCOM SNaN').toBe(FP_IE);
    expect(f80Compare(x('0000 0000000000000001'), n(0), true), 'denormal').toEqual({ rel: 'gt', cc: 0, flags: FP_DE });
  });
  it('FXAM class codes', () => {
    expect(f80Examine(n(-1)), 'negative normal').toBe(FP_C2 | FP_C1);
    expect(f80Examine(x(INF)), 'infinity').toBe(FP_C2 | FP_C0);
    expect(f80Examine(x(INDEF)), 'NaN').toBe(FP_C0 | FP_C1);
    expect(f80Examine(n(0)), 'zero').toBe(FP_C3);
    expect(f80Examine(x('0000 0000000000000001')), 'denormal').toBe(FP_C3 | FP_C2);
    expect(f80Examine(x('3fff 0000000000000001')), 'unnormal: unsupported').toBe(0);
    expect(f80Examine(n(0), true), 'empty').toBe(FP_C3 | FP_C0);
  });
});

describe('fp80: FSCALE, FXTRACT, FPREM, FPREM1', () => {
  it('FSCALE multiplies by 2^trunc(ST(1))', () => {
    expectResult(f80Scale(n(1), n(3.7), RN), hex(n(8)), 0, 'scale 3.7 -> 2^3');
    expectResult(f80Scale(n(3), n(-1.5), RN), hex(n(1.5)), 0, 'scale -1.5 -> 2^-1');
    expectResult(f80Scale(n(-5), x(NINF), RN), '8000 0000000000000000', 0, 'by -inf: signed zero');
    expectResult(f80Scale(n(0), x(INF), RN), INDEF, FP_IE, '0 scaled by +inf is invalid');
    expectResult(f80Scale(x(INF), x(NINF), RN), INDEF, FP_IE, 'inf scaled by -inf is invalid');
    expectResult(f80Scale(n(1), n(1e6), RN), INF, FP_OE | FP_PE | FP_C1, 'overflow');
    expectResult(f80Scale(n(1), n(-16400), RN), '0000 0000200000000000', 0, 'exact denormal');
    expectResult(f80Scale(n(1), n(1), { rc: 0, pc: 0 }), TWO, 0, 'precision control ignored');
  });
  it('FXTRACT splits exponent and significand', () => {
    const r = f80Extract(n(-24));
    expect([hex(r.sig), hex(r.exp), r.flags], '-24 = -1.5 * 2^4').toEqual([hex(n(-1.5)), hex(n(4)), 0]);
    const z = f80Extract(n(-0));
    expect([hex(z.sig), hex(z.exp), z.flags], 'zero: ZE, exponent -inf').toEqual(['80000000000000000000', hex(x(NINF)), FP_ZE]);
    const d = f80Extract(x('0000 0000000000000001'));
    expect([hex(d.sig), hex(d.exp), d.flags], 'denormal is normalized, DE').toEqual([hex(x(ONE)), hex(n(-16445)), FP_DE]);
  });
  it('FPREM truncates the quotient, FPREM1 rounds it to nearest; C0 C3 C1 = Q2 Q1 Q0', () => {
    const r = f80Prem(n(7), n(2));
    expect([hex(r.value), r.q, r.cc, r.incomplete], 'FPREM 7 by 2: 1, q=3').toEqual([hex(n(1)), 3, FP_C3 | FP_C1, false]);
    const s = f80Prem1(n(7), n(2));
    expect([hex(s.value), s.q, s.cc], 'FPREM1 7 by 2: -1, q=4').toEqual([hex(n(-1)), 4, FP_C0]);
    const t = f80Prem1(n(-6), n(4));
    expect([hex(t.value), t.q], 'FPREM1 -6 by 4: tie to even quotient 2 -> 2').toEqual([hex(n(2)), 2]);
    expect(f80Prem(x(INF), n(1)).flags, 'infinite dividend is invalid').toBe(FP_IE);
    expect(f80Prem(n(1), n(0)).flags, 'zero divisor is invalid').toBe(FP_IE);
    expect(hex(f80Prem(n(-0), n(3)).value), 'zero dividend kept').toBe('80000000000000000000');
  });
  it('FPREM with an exponent difference of 64 or more reduces partially (C2) by N = 32 + D mod 32 bits', () => {
    const a = n(2 ** 100 * 1.75);
    const r = f80Prem(a, n(3));
    expect(r.incomplete, 'C2 set').toBe(true);
    expect(r.cc, 'only C2').toBe(FP_C2);
    // D = 100 - 1 = 99, N = 35: the result is below 3 * 2^(99 - 35)
    expect(r.value.exp - 0x3fff <= 1 + 64, 'reduced to about 2^(D - N) * ST(1)').toBe(true);
    // repeating until C2 clears gives the full remainder
    let v = r.value;
    for (let i = 0; i < 10; i++) {
      const s = f80Prem(v, n(3));
      v = s.value;
      if (!s.incomplete) break;
    }
    expect(f80ToF64(v), '1.75 * 2^100 mod 3').toBe(Number((7n * 2n ** 98n) % 3n));
  });
});

describe('fp80: transcendental functions (double precision)', () => {
  it('special values', () => {
    expect(hex(f80Sin(n(-0), RN).value), 'sin(-0) = -0').toBe('80000000000000000000');
    expect(hex(f80Cos(n(0), RN).value), 'cos(0) = 1').toBe(hex(x(ONE)));
    expect(f80Sin(x(INF), RN).flags, 'sin(inf) is invalid').toBe(FP_IE);
    const big = f80Tan(n(2 ** 63), RN);
    expect([big.inRange, hex(big.value)], '|x| >= 2^63: C2, operand unchanged').toEqual([false, hex(n(2 ** 63))]);
    expect(f80Fyl2x(n(0), n(3), RN), 'log2(0): ZE').toEqual({ value: x(NINF), flags: FP_ZE });
    expect(f80Fyl2x(n(-1), n(3), RN).flags, 'log of a negative number is invalid').toBe(FP_IE);
    expect(hex(f80F2xm1(x(NINF), RN).value), '2^-inf - 1 = -1').toBe(hex(n(-1)));
    expect(hex(f80Fyl2xp1(n(-0), n(5), RN).value), 'log2(1 + -0) * 5 = -0').toBe('80000000000000000000');
  });
  it('finite values agree with Math to double precision', () => {
    expect(f80ToF64(f80Sin(n(1), RN).value), 'sin 1').toBeCloseTo(Math.sin(1), 15);
    expect(f80ToF64(f80SinCos(n(2), RN).cos), 'cos 2').toBeCloseTo(Math.cos(2), 15);
    expect(f80ToF64(f80Atan(n(-1), n(1), RN).value), 'atan2(1, -1)').toBeCloseTo((3 * Math.PI) / 4, 15);
    expect(f80ToF64(f80Fyl2x(n(10), n(1), RN).value), 'log2 10').toBeCloseTo(Math.log2(10), 14);
    expect(f80ToF64(f80F2xm1(n(0.5), RN).value), '2^0.5 - 1').toBeCloseTo(Math.SQRT2 - 1, 15);
    expect(f80IsNaN(f80Atan(x(INDEF), n(1), RN).value), 'NaN propagates').toBe(true);
  });
});

it('fp80: the indefinite constant', () => {
  expect(hex(f80Indefinite()), 'sign 1, exponent 0x7fff, significand C000...').toBe('ffffc000000000000000');
});
