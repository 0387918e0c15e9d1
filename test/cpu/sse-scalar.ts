/**
 * Shared builder of the scalar float oracle tests (sse-float32/64.test.ts): every ordered pair of a
 * value list (edge cases and random values), in all four rounding modes and with FTZ/DAZ, in
 * register and memory forms; each record holds the result and MXCSR (or RFLAGS for COMIS).
 */
import { type Snippet } from './snippet.js';
import { F32_EDGES, F64_EDGES, MX_FTZ_DAZ, MX_RC, type PairInfo, Rng, pairSnippets, randF32, randF64 } from './sse-util.js';

const OPS = ['add', 'sub', 'mul', 'div', 'min', 'max', 'sqrt'];
const CMPS = ['eq', 'lt', 'le', 'unord', 'neq', 'nlt', 'nle', 'ord'].map((p) => `cmp${p}`);

export function scalarSnippets(width: 32 | 64, info: Map<string, PairInfo>): Snippet[] {
  const r = new Rng(width === 32 ? 777 : 999);
  const sfx = width === 32 ? 'ss' : 'sd';
  const edges: bigint[] = width === 32 ? F32_EDGES.map(BigInt) : F64_EDGES;
  const rand = (): bigint => (width === 32 ? BigInt(randF32(r)) : randF64(r));
  const full = [...edges, ...Array.from({ length: 100 - edges.length }, rand)];
  const short = [...edges.filter((_, i) => i % 2 === 0), ...Array.from({ length: 36 }, rand)];
  const out: Snippet[] = [];
  for (const op of OPS) {
    for (const mx of [...MX_RC, ...MX_FTZ_DAZ]) {
      const list = mx === 0x1f80 ? full : short;
      const mem = mx === 0x3f80 || mx === 0x1fc0;
      const body = `${op}${sfx} ${mem ? 'B' : '%xmm1'}, %xmm0`;
      out.push(...pairSnippets(`${op}${sfx} mx=${mx.toString(16)}${mem ? ' mem' : ''}`, list, width, body, mx, info));
    }
  }
  for (const op of CMPS) {
    for (const mx of [0x1f80, 0x1fc0]) {
      out.push(...pairSnippets(`${op}${sfx} mx=${mx.toString(16)}`, edges, width, `${op}${sfx} %xmm1, %xmm0`, mx, info));
    }
  }
  for (const op of ['comi', 'ucomi']) {
    for (const mx of [0x1f80, 0x1fc0]) {
      const body = `${op}${sfx} %xmm1, %xmm0\npushfq\npop %rax\nand $0x8d5, %eax\nmov %eax, (%rdi)`;
      out.push(...pairSnippets(`${op}${sfx} mx=${mx.toString(16)}`, edges, width, body, mx, info, true));
    }
  }
  return out;
}
