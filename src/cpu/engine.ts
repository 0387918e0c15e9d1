/**
 * Engine executes guest code: it builds basic blocks of pre-bound closures, caches them by start
 * address, runs them, and turns X86Exception into a precise pending exception (RIP of the faulting
 * instruction, or of the next one for traps).
 *
 * A block ends at a jump, at an instruction registered with Flow.End, at a page boundary, after
 * MAX_BLOCK instructions, or after one instruction while RFLAGS.TF is set (so the single-step #DB
 * is taken after exactly that instruction).
 */
import { type Insn, decodeOne, disassemble, mnemonicName } from './decode.js';
import { EmulatorError, Vector, X86Exception, ud } from './exceptions.js';
import { AC, TF } from './flags.js';
import { Access, PAGE_SIZE } from './memory.js';
import { type Exec, Flow, lookup } from './registry.js';
import { type CPU, Exit } from './state.js';
import './exec/index.js';

const MAX_BLOCK = 64;
const MAX_INSN_LEN = 15;

export interface Block {
  start: number;
  fns: Exec[];
  /** Start address of each instruction, and the end of the last one. */
  ips: number[];
  end: number;
  /** The last instruction sets RIP itself. */
  jumps: boolean;
  /** Decoded instructions, kept only while tracing. */
  insns: Insn[] | null;
  pages: number[];
  /** False once the block was invalidated (its code changed or was unmapped). */
  valid: boolean;
  /** The last two blocks that followed this one (a taken and a fall-through successor). */
  succ0: Block | null;
  succ1: Block | null;
}

/** Thrown by the closures of a block whose code was overwritten while it ran. */
const RESTART = Symbol('restart-block');

/**
 * staleBlock makes every remaining instruction of a running block stop the block, so that code
 * stored by one of its instructions is fetched anew (x86 self-modifying code is coherent).
 */
function staleBlock(b: Block): void {
  for (let j = 0; j < b.fns.length; j++) {
    b.fns[j] = () => {
      throw RESTART;
    };
  }
}

/** Called before each instruction while tracing. */
export type TraceFn = (c: CPU, insn: Insn) => void;

export class Engine {
  private readonly blocks = new Map<number, Block>();
  private readonly pageBlocks = new Map<number, Block[]>();
  trace: TraceFn | null = null;
  /** Called once per distinct unimplemented instruction (for the one-line diagnostic). */
  onUnimplemented: ((ip: number, text: string) => void) | null = null;
  private readonly reportedUnimpl = new Set<string>();
  /** The block being executed (a store into its own page must stop it after the store). */
  private current: Block | null = null;

  /**
   * The CPU that run() executes. Blocks are decoded per address space, not per CPU, so the kernel
   * runs every thread of one mm on this engine by pointing `cpu` at that thread's state (all of
   * them share `cpu.mem`).
   */
  cpu: CPU;

  constructor(cpu: CPU) {
    this.cpu = cpu;
    cpu.mem.onCodeWrite = (vpn) => this.invalidatePage(vpn);
  }

  /** invalidatePage drops every cached block decoded from page `vpn`. */
  invalidatePage(vpn: number): void {
    const list = this.pageBlocks.get(vpn);
    if (!list) return;
    this.pageBlocks.delete(vpn);
    for (const b of list) {
      b.valid = false;
      if (this.blocks.get(b.start) === b) this.blocks.delete(b.start);
      if (b === this.current) staleBlock(b);
    }
    const pte = this.cpu.mem.ptes.get(vpn);
    if (pte) pte.code = false;
  }

  /** flush drops all cached blocks (after execve or when the address space is replaced). */
  flush(): void {
    for (const vpn of this.pageBlocks.keys()) {
      const pte = this.cpu.mem.ptes.get(vpn);
      if (pte) pte.code = false;
    }
    for (const b of this.blocks.values()) b.valid = false;
    this.blocks.clear();
    this.pageBlocks.clear();
  }

  /**
   * run executes until SYSCALL, an exception, a stop request, or until at least `budget`
   * instructions have retired. It returns why it stopped.
   */
  run(budget: number): Exit {
    const c = this.cpu;
    c.exit = Exit.None;
    let remaining = budget;
    let last: Block | null = null;
    while (remaining > 0) {
      const stepping = (c.flagsOther & TF) !== 0;
      if (((c.flagsOther & AC) !== 0) !== c.mem.alignCheck) c.mem.setAlignmentCheck(!c.mem.alignCheck);
      const tracing = this.trace !== null;
      let b: Block | undefined;
      if (!stepping && !tracing) {
        // Chained successors avoid the cache lookup on the common paths.
        const rip = c.rip;
        if (last !== null) {
          const s0 = last.succ0;
          if (s0 !== null && s0.start === rip && s0.valid) b = s0;
          else {
            const s1 = last.succ1;
            if (s1 !== null && s1.start === rip && s1.valid) b = s1;
          }
        }
        if (b === undefined) {
          b = this.blocks.get(rip);
          if (b !== undefined && last !== null) {
            last.succ1 = last.succ0;
            last.succ0 = b;
          }
        }
      }
      if (b === undefined) {
        try {
          b = this.build(c.rip, stepping || tracing ? 1 : MAX_BLOCK, tracing);
        } catch (e) {
          // Instruction fetch faults (#PF with the I/D bit, #GP for a non-canonical RIP).
          if (e instanceof X86Exception) return this.raise(e, c.rip);
          throw e;
        }
        if (!stepping && !tracing) this.insert(b);
      }
      const fns = b.fns;
      const n = fns.length;
      let i = 0;
      this.current = b;
      try {
        if (tracing) this.trace!(c, b.insns![0]);
        for (; i < n; i++) fns[i](c);
      } catch (e) {
        c.icount += i;
        if (e === RESTART) {
          // The block's code was overwritten by its own instruction i-1: refetch from here.
          c.rip = b.ips[i];
          remaining -= i;
          last = null;
          continue;
        }
        if (e instanceof X86Exception) return this.raise(e, e.trap ? b.ips[i + 1] : b.ips[i], e.trap);
        throw e;
      }
      if (!b.jumps) c.rip = b.end;
      c.icount += n;
      remaining -= n;
      last = b.valid && !stepping && !tracing ? b : null;
      if (stepping) {
        // Single-step trap after the instruction (SDM Vol. 3A, 18.3.1.4): RIP is the next one.
        return this.raise(new X86Exception(Vector.DB, 0, 0, true, 'single-step'), c.rip, true);
      }
      if (c.exit !== Exit.None) return c.exit;
    }
    return Exit.Budget;
  }

  private raise(e: X86Exception, rip: number, trap = false): Exit {
    const c = this.cpu;
    if (trap) c.icount += 1;
    c.rip = rip;
    c.exception = { vector: e.vector, errorCode: e.errorCode, cr2: e.cr2, rip, detail: e.detail };
    c.exit = Exit.Exception;
    return Exit.Exception;
  }

  private insert(b: Block): void {
    this.blocks.set(b.start, b);
    for (const vpn of b.pages) {
      let list = this.pageBlocks.get(vpn);
      if (!list) this.pageBlocks.set(vpn, (list = []));
      list.push(b);
      this.cpu.mem.markCode(vpn);
    }
  }

  /** fetch returns up to `want` code bytes at `ip`; faults only if the first byte is not executable. */
  private fetch(ip: number, want: number): Uint8Array {
    const mem = this.cpu.mem;
    const frame = mem.translate(ip, Access.Exec);
    const off = ip % PAGE_SIZE;
    const inPage = Math.min(want, PAGE_SIZE - off);
    if (inPage >= want) return frame.u8.subarray(off, off + want);
    const out = new Uint8Array(want);
    out.set(frame.u8.subarray(off, off + inPage));
    try {
      const next = mem.translate(ip + inPage, Access.Exec);
      out.set(next.u8.subarray(0, want - inPage), inPage);
      return out;
    } catch (e) {
      if (e instanceof X86Exception) return out.subarray(0, inPage);
      throw e;
    }
  }

  private build(start: number, max: number, keepInsns: boolean): Block {
    const fns: Exec[] = [];
    const ips: number[] = [];
    const insns: Insn[] | null = keepInsns ? [] : null;
    const pages = [Math.floor(start / PAGE_SIZE)];
    let ip = start;
    let jumps = false;
    while (fns.length < max) {
      const bytes = this.fetch(ip, MAX_INSN_LEN);
      const res = decodeOne(bytes, ip);
      let insn: Insn | null = null;
      let fn: Exec;
      let flow = Flow.Next;
      if (res.ok) {
        insn = res.insn;
        ({ fn, flow } = this.bind(insn));
      } else if (res.reason === 'truncated') {
        // The instruction runs into a page that cannot be fetched: #PF on that page, instruction-fetch.
        if (fns.length > 0) break;
        const nextPage = (Math.floor(ip / PAGE_SIZE) + 1) * PAGE_SIZE;
        this.cpu.mem.translate(nextPage, Access.Exec);
        throw new EmulatorError(`cannot decode at ${ip.toString(16)}`);
      } else if (res.reason === 'toolong') {
        fn = () => {
          throw new X86Exception(Vector.GP, 0, 0, false, 'instruction longer than 15 bytes');
        };
        flow = Flow.End;
      } else {
        const text = `invalid opcode ${Buffer.from(bytes.subarray(0, 4)).toString('hex')}`;
        fn = () => {
          throw ud(text);
        };
        flow = Flow.End;
      }
      fns.push(fn);
      ips.push(ip);
      if (insns && insn) insns.push(insn);
      const len = insn ? insn.len : 1;
      const endPage = Math.floor((ip + len - 1) / PAGE_SIZE);
      if (endPage !== pages[pages.length - 1]) pages.push(endPage);
      ip += len;
      if (flow === Flow.Jump) {
        jumps = true;
        break;
      }
      if (flow === Flow.End) break;
      if (ip % PAGE_SIZE === 0 || endPage !== pages[0]) break;
    }
    ips.push(ip);
    return { start, fns, ips, end: ip, jumps, insns, pages, valid: true, succ0: null, succ1: null };
  }

  /** bind turns a decoded instruction into its closure; unknown or unsupported forms raise #UD. */
  private bind(insn: Insn): { fn: Exec; flow: Flow } {
    const h = lookup(insn.mnemonic);
    if (h) {
      try {
        return { fn: h.factory(insn), flow: h.flow };
      } catch (e) {
        if (!(e instanceof X86Exception)) throw e;
        const ex = e;
        return {
          fn: () => {
            throw ex;
          },
          flow: Flow.End,
        };
      }
    }
    const text = disassemble(insn.bytes, insn.ip);
    const detail = `unimplemented instruction: ${text} (${mnemonicName(insn.mnemonic)})`;
    return {
      fn: () => {
        if (!this.reportedUnimpl.has(text)) {
          this.reportedUnimpl.add(text);
          this.onUnimplemented?.(insn.ip, text);
        }
        throw ud(detail);
      },
      flow: Flow.End,
    };
  }
}
