/**
 * Specialized closures for the hottest ALU forms: ADD SUB AND OR XOR CMP TEST on 32/64-bit
 * registers with a register or immediate source.
 *
 * The generic path (alu.ts) calls a shared operation function through a captured variable, a call
 * site V8 sees with every operation and cannot inline. Here each (operation, form) pair gets its
 * own function literal, generated once from the templates below, so each is monomorphic and its
 * arithmetic is inline. The semantics are those of alu.ts (same lazy-flag records); the snippet
 * oracle tests cover both paths.
 */
import { FOp } from '../flags.js';
import type { CPU } from '../state.js';

type Maker = (d: number, s: number, imm: number, immHi: number) => (c: CPU) => void;

interface OpTemplate {
  fop: FOp;
  store: boolean;
  /** 32-bit result from int32 `a`, `b`. */
  e32: string;
  /** 64-bit result: statements defining `lo` and `hi` from al, ah, bl, bh. */
  e64: string;
  /** Whether the flag record needs the sources (not for logic operations). */
  sources: boolean;
}

const TEMPLATES: Record<string, OpTemplate> = {
  add: { fop: FOp.Add, store: true, sources: true, e32: '(a + b) | 0',
    e64: 'const lo = (al + bl) | 0; const hi = (ah + bh + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;' },
  sub: { fop: FOp.Sub, store: true, sources: true, e32: '(a - b) | 0',
    e64: 'const lo = (al - bl) | 0; const hi = (ah - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;' },
  cmp: { fop: FOp.Sub, store: false, sources: true, e32: '(a - b) | 0',
    e64: 'const lo = (al - bl) | 0; const hi = (ah - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;' },
  and: { fop: FOp.Logic, store: true, sources: false, e32: 'a & b', e64: 'const lo = al & bl; const hi = ah & bh;' },
  test: { fop: FOp.Logic, store: false, sources: false, e32: 'a & b', e64: 'const lo = al & bl; const hi = ah & bh;' },
  or: { fop: FOp.Logic, store: true, sources: false, e32: 'a | b', e64: 'const lo = al | bl; const hi = ah | bh;' },
  xor: { fop: FOp.Logic, store: true, sources: false, e32: 'a ^ b', e64: 'const lo = al ^ bl; const hi = ah ^ bh;' },
};

function gen32(t: OpTemplate, imm: boolean): Maker {
  const src = imm ? 'imm' : 'r[s]';
  const body = `
    return function make(d, s, imm, immHi) {
      return function alu32(c) {
        const r = c.r;
        const a = r[d], b = ${src};
        const x = ${t.e32};
        c.fop = ${t.fop}; c.fsz = 32; c.fres = x;
        ${t.sources ? 'c.fa = a; c.fb = b;' : ''}
        ${t.store ? 'r[d] = x; r[d + 1] = 0;' : ''}
      };
    };`;
  return new Function(body)() as Maker;
}

function gen64(t: OpTemplate, imm: boolean): Maker {
  const src = imm ? 'const bl = imm, bh = immHi;' : 'const bl = r[s], bh = r[s + 1];';
  const body = `
    return function make(d, s, imm, immHi) {
      return function alu64(c) {
        const r = c.r;
        const al = r[d], ah = r[d + 1];
        ${src}
        ${t.e64}
        c.fop = ${t.fop}; c.fsz = 64; c.fres = lo; c.fresh = hi;
        ${t.sources ? 'c.fa = al; c.fah = ah; c.fb = bl; c.fbh = bh;' : ''}
        ${t.store ? 'r[d] = lo; r[d + 1] = hi;' : ''}
      };
    };`;
  return new Function(body)() as Maker;
}

export interface FastAlu {
  rr32: Maker;
  ri32: Maker;
  rr64: Maker;
  ri64: Maker;
}

export function fastAlu(name: keyof typeof TEMPLATES): FastAlu {
  const t = TEMPLATES[name];
  return { rr32: gen32(t, false), ri32: gen32(t, true), rr64: gen64(t, false), ri64: gen64(t, true) };
}
