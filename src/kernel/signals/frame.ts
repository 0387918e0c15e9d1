/**
 * The x86-64 rt signal frame: building it on the user stack when a handler is entered, and taking
 * the interrupted context back from it in rt_sigreturn. Mirrors arch/x86/kernel/signal.c,
 * signal_64.c and arch/x86/kernel/fpu/signal.c of Linux 6.x; the layouts are in src/abi/signal.ts.
 *
 * Stack picture at handler entry (addresses grow upwards):
 *
 *   RSP ->  rt_sigframe { pretcode; ucontext uc; siginfo info }     (RSP + 8) % 16 == 0
 *           ...padding to the FP state's 64-byte alignment...
 *   fp  ->  XSAVE area: 512-byte legacy region (sw_reserved at 464) + 64-byte header,
 *           then FP_XSTATE_MAGIC2 (4 bytes)                          fp % 64 == 0
 *           ...
 *           interrupted RSP - 128 (the red zone is skipped), or the top of the alternate stack
 *
 * Guest memory faults while writing or reading the frame are returned as `{ ok: false }`; the
 * caller then forces SIGSEGV as Linux does (signal_setup_done() -> force_sigsegv(), and the
 * `badframe:` label of sys_rt_sigreturn() -> signal_fault()).
 */
import { EINVAL, ENOMEM, EPERM, TASK_SIZE_MAX } from '../../abi/linux.js';
import {
  FIX_EFLAGS, FP_XSTATE_MAGIC1, FP_XSTATE_MAGIC2, FP_XSTATE_MAGIC2_SIZE, FPSTATE_64, FPX_SW_BYTES,
  MINSIGSTKSZ, RT_SIGFRAME, SA_ONSTACK, SA_RESTORER, SA_SIGINFO, SIG_UNBLOCKABLE, SIGCONTEXT, SIGINFO, SS_AUTODISARM,
  SS_DISABLE, SS_FLAG_BITS, SS_ONSTACK, STACK_T, UC_FP_XSTATE, UC_SIGCONTEXT_SS, UC_STRICT_RESTORE_SS, UCONTEXT,
  USER_CS, USER_DS, X86_EFLAGS_DF, X86_EFLAGS_RF, X86_EFLAGS_TF, XFEATURE_MASK_FPSSE, XSAVE_HDR_OFFSET,
  siginfoLayout,
} from '../../abi/signal.js';
import { Vector, X86Exception } from '../../cpu/exceptions.js';
import type { AddressSpace } from '../../cpu/memory.js';
import { RAX, RBP, RBX, RCX, RDI, RDX, RSI, RSP, R8, R9, R10, R11, R12, R13, R14, R15, type CPU } from '../../cpu/state.js';
import { MXCSR_INIT, XCR0, XSAVE_SIZE, fxrstorImage, initSse, initX87, xrstorFrom, xsaveInto } from '../../cpu/xsave.js';
import type { SigAction } from '../process.js';
import type { ThreadStruct } from '../task.js';

// ---------------------------------------------------------------------------------------------
// Types

/** FrameTask is the part of a Task the frame code reads and writes (a Task satisfies it). */
export interface FrameTask {
  readonly cpu: CPU;
  /** trap_nr, error_code and cr2 as the trap paths recorded them: uc_mcontext's trapno/err/cr2. */
  readonly thread: ThreadStruct;
  /** The blocked mask; rt_sigreturn sets it from uc_sigmask. */
  sigmask: bigint;
}

/**
 * SigAltStack mirrors task_struct's sas_ss_sp, sas_ss_size and sas_ss_flags. A task that never
 * called sigaltstack has { sp: 0, size: 0, flags: 0 } (that is what Linux writes into uc_stack);
 * after sigaltstack(SS_DISABLE) flags is SS_DISABLE. Flags are kept as an unsigned 32-bit value.
 */
export interface SigAltStack {
  sp: number;
  size: number;
  flags: number;
}

/** StackT is a decoded `stack_t`. */
export interface StackT {
  sp: number;
  flags: number;
  size: number;
}

/**
 * FrameSigInfo is what is known about the signal being delivered: the kernel_siginfo the sender
 * filled in. Only the fields of the union arm that siginfoLayout(signo, code) selects are stored;
 * every other byte of the 128 is zero (copy_siginfo_to_user() clears the expansion, and senders
 * start from clear_siginfo()). The trap paths' SigInfo satisfies it.
 */
export interface FrameSigInfo {
  signo: number;
  code: number;
  errno?: number;
  /** si_addr (fault arms), a signed number (negative = canonical upper half). */
  addr?: number;
  addrLsb?: number;
  lower?: number;
  upper?: number;
  pkey?: number;
  perfData?: number;
  perfType?: number;
  perfFlags?: number;
  pid?: number;
  uid?: number;
  status?: number;
  utime?: number;
  stime?: number;
  tid?: number;
  overrun?: number;
  /** si_value (union sigval: si_int in its low 4 bytes, si_ptr all 8). */
  value?: number | bigint;
  band?: number;
  fd?: number;
  callAddr?: number;
  syscall?: number;
  arch?: number;
}

/** FrameResult says whether the frame could be built or taken back; `reason` is for traces. */
export type FrameResult = { ok: true } | { ok: false; reason: string };

/** FrameOptions carries what setup_rt_frame() reads from elsewhere than the task's registers. */
export interface FrameOptions {
  /**
   * savedMask is the mask stored in uc_sigmask/oldmask (sigmask_to_save()): the blocked mask before
   * delivery, or the mask sigsuspend/ppoll saved. Default: task.sigmask.
   */
  savedMask?: bigint;
  /**
   * fault says the interrupted context is a fault-class exception's. The CPU sets RF in the RFLAGS
   * image it pushes for a fault (SDM Vol. 3B, "Instruction-Breakpoint Exception Condition"), so
   * Linux's frame shows it (0x10246 after a #PF); traps (#BP, #DB single-step, #OF) and syscalls
   * do not. The CPU model does not keep RF, so the caller says which kind it was.
   */
  fault?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Sizes

/** The FP area reserved on the stack: xstate_sigframe_size() = user_size + FP_XSTATE_MAGIC2_SIZE. */
export const FP_FRAME_SIZE = XSAVE_SIZE + FP_XSTATE_MAGIC2_SIZE;
/** Alignment of the FP area (fpu__alloc_mathframe()): XSAVE needs 64. */
export const FP_FRAME_ALIGN = 64;
/** The x86-64 ABI's red zone below RSP, which get_sigframe() skips. */
export const RED_ZONE = 128;

const UC = RT_SIGFRAME.off.uc;
const INFO = RT_SIGFRAME.off.info;
const SC = UC + UCONTEXT.off.uc_mcontext;

/** The sigcontext registers in struct order, with their GPR numbers. */
const SC_GPRS: readonly [keyof typeof SIGCONTEXT.off, number][] = [
  ['r8', R8], ['r9', R9], ['r10', R10], ['r11', R11], ['r12', R12], ['r13', R13], ['r14', R14], ['r15', R15],
  ['rdi', RDI], ['rsi', RSI], ['rbp', RBP], ['rbx', RBX], ['rdx', RDX], ['rax', RAX], ['rcx', RCX], ['rsp', RSP],
];

// ---------------------------------------------------------------------------------------------
// Little helpers

function roundDown(v: number, a: number): number {
  return Math.floor(v / a) * a;
}

/** accessOk mirrors access_ok(): the whole range lies in the user half. */
function accessOk(addr: number, size: number): boolean {
  return addr >= 0 && addr <= TASK_SIZE_MAX - size;
}

function put64(dv: DataView, off: number, v: number | bigint): void {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  dv.setBigUint64(off, BigInt.asUintN(64, b), true);
}

/** get64 reads a u64 as a signed number (exact for addresses). */
function get64(dv: DataView, off: number): number {
  return Number(dv.getBigInt64(off, true));
}

function isGuestFault(e: unknown): e is X86Exception {
  return e instanceof X86Exception && (e.vector === Vector.PF || e.vector === Vector.GP);
}

function badFrame(what: string, e?: unknown): { ok: false; reason: string } {
  if (e !== undefined && !isGuestFault(e)) throw e;
  return { ok: false, reason: what };
}

// ---------------------------------------------------------------------------------------------
// sigaltstack

/** __onSigStack mirrors include/linux/sched/signal.h __on_sig_stack(): sp in (ss_sp, ss_sp + size]. */
function rawOnSigStack(alt: SigAltStack, sp: number): boolean {
  return sp > alt.sp && sp - alt.sp <= alt.size;
}

/**
 * onSigStack mirrors on_sig_stack(): whether `sp` is on the alternate stack. With SS_AUTODISARM it
 * is always false (the stack is disarmed while a handler runs on it, so nesting cannot happen).
 */
export function onSigStack(alt: SigAltStack, sp: number): boolean {
  if (alt.flags & SS_AUTODISARM) return false;
  return rawOnSigStack(alt, sp);
}

/** sasSsFlags mirrors sas_ss_flags(): SS_DISABLE without a stack, SS_ONSTACK when on it, else 0. */
export function sasSsFlags(alt: SigAltStack, sp: number): number {
  if (!alt.size) return SS_DISABLE;
  return onSigStack(alt, sp) ? SS_ONSTACK : 0;
}

/** readStackT reads a `stack_t`; a guest fault is thrown as the X86Exception (callers map it to EFAULT). */
export function readStackT(mem: AddressSpace, addr: number): StackT {
  const dv = new DataView(mem.readBytes(addr, STACK_T.size).buffer);
  return {
    sp: get64(dv, STACK_T.off.ss_sp),
    flags: dv.getUint32(STACK_T.off.ss_flags, true),
    size: get64(dv, STACK_T.off.ss_size),
  };
}

/** writeStackT writes a `stack_t` (its 4 padding bytes as zero, as sigaltstack's copy_to_user does). */
export function writeStackT(mem: AddressSpace, addr: number, st: StackT): void {
  const b = new Uint8Array(STACK_T.size);
  const dv = new DataView(b.buffer);
  put64(dv, STACK_T.off.ss_sp, st.sp);
  dv.setUint32(STACK_T.off.ss_flags, st.flags >>> 0, true);
  put64(dv, STACK_T.off.ss_size, st.size);
  mem.writeBytes(addr, b);
}

/**
 * doSigaltstack mirrors kernel/signal.c do_sigaltstack(): returns the old settings as
 * sigaltstack(2) reports them and applies `ss` (if given) to `alt`. `sp` is the caller's user RSP.
 * Result: 0 or -EPERM (on the alternate stack now), -EINVAL (bad mode), -ENOMEM (too small).
 */
export function doSigaltstack(
  alt: SigAltStack, ss: StackT | null, sp: number, minSize = MINSIGSTKSZ,
): { err: number; old: StackT } {
  const old = { sp: alt.sp, size: alt.size, flags: (sasSsFlags(alt, sp) | (alt.flags & SS_FLAG_BITS)) >>> 0 };
  if (!ss) return { err: 0, old };
  if (onSigStack(alt, sp)) return { err: -EPERM, old };
  const flags = ss.flags >>> 0;
  const mode = (flags & ~SS_FLAG_BITS) >>> 0;
  if (mode !== SS_DISABLE && mode !== SS_ONSTACK && mode !== 0) return { err: -EINVAL, old };
  if (alt.sp === ss.sp && alt.size === ss.size && alt.flags === flags) return { err: 0, old };
  let newSp = ss.sp, newSize = ss.size;
  if (mode === SS_DISABLE) {
    newSp = 0;
    newSize = 0;
  } else if (newSize < minSize) {
    return { err: -ENOMEM, old };
  }
  alt.sp = newSp;
  alt.size = newSize;
  alt.flags = flags;
  return { err: 0, old };
}

// ---------------------------------------------------------------------------------------------
// siginfo

/** encodeSigInfo lays out a siginfo_t (128 bytes) as copy_siginfo_to_user() writes it. */
export function encodeSigInfo(info: FrameSigInfo): Uint8Array {
  const b = new Uint8Array(SIGINFO.size);
  const dv = new DataView(b.buffer);
  const o = SIGINFO.off;
  dv.setInt32(o.si_signo, info.signo, true);
  dv.setInt32(o.si_errno, info.errno ?? 0, true);
  dv.setInt32(o.si_code, info.code, true);
  const kill = (): void => {
    dv.setInt32(o.si_pid, info.pid ?? 0, true);
    dv.setUint32(o.si_uid, (info.uid ?? 0) >>> 0, true);
  };
  switch (siginfoLayout(info.signo, info.code)) {
    case 'kill':
      kill();
      break;
    case 'timer':
      dv.setInt32(o.si_tid, info.tid ?? 0, true);
      dv.setInt32(o.si_overrun, info.overrun ?? 0, true);
      put64(dv, o.si_value, info.value ?? 0);
      break;
    case 'rt':
      kill();
      put64(dv, o.si_value, info.value ?? 0);
      break;
    case 'chld':
      kill();
      dv.setInt32(o.si_status, info.status ?? 0, true);
      put64(dv, o.si_utime, info.utime ?? 0);
      put64(dv, o.si_stime, info.stime ?? 0);
      break;
    case 'poll':
      put64(dv, o.si_band, info.band ?? 0);
      dv.setInt32(o.si_fd, info.fd ?? 0, true);
      break;
    case 'sys':
      put64(dv, o.si_call_addr, info.callAddr ?? 0);
      dv.setInt32(o.si_syscall, info.syscall ?? 0, true);
      dv.setUint32(o.si_arch, (info.arch ?? 0) >>> 0, true);
      break;
    case 'fault':
      put64(dv, o.si_addr, info.addr ?? 0);
      break;
    case 'fault-mceerr':
      put64(dv, o.si_addr, info.addr ?? 0);
      dv.setInt16(o.si_addr_lsb, info.addrLsb ?? 0, true);
      break;
    case 'fault-bnderr':
      put64(dv, o.si_addr, info.addr ?? 0);
      put64(dv, o.si_lower, info.lower ?? 0);
      put64(dv, o.si_upper, info.upper ?? 0);
      break;
    case 'fault-pkuerr':
      put64(dv, o.si_addr, info.addr ?? 0);
      dv.setUint32(o.si_pkey, (info.pkey ?? 0) >>> 0, true);
      break;
    case 'fault-perf-event':
      put64(dv, o.si_addr, info.addr ?? 0);
      put64(dv, o.si_perf_data, info.perfData ?? 0);
      dv.setUint32(o.si_perf_type, (info.perfType ?? 0) >>> 0, true);
      dv.setUint32(o.si_perf_flags, (info.perfFlags ?? 0) >>> 0, true);
      break;
  }
  return b;
}

// ---------------------------------------------------------------------------------------------
// FP state

/** initFpState mirrors fpu__clear_user_states(): x87 and SSE to their initial values, MXCSR 1F80H. */
function initFpState(c: CPU): void {
  initX87(c);
  initSse(c);
  c.mxcsr = MXCSR_INIT;
}

/**
 * fpSigframeImage mirrors copy_fpstate_to_sigframe() on an XSAVE machine: the header is cleared,
 * XSAVE stores the user features, then save_xstate_epilog() fills the software-reserved bytes,
 * ORs x87|SSE into XSTATE_BV and stores FP_XSTATE_MAGIC2 after the XSAVE area.
 */
function fpSigframeImage(c: CPU): Uint8Array {
  const img = new Uint8Array(FP_FRAME_SIZE);
  const dv = new DataView(img.buffer);
  xsaveInto(c, img.subarray(0, XSAVE_SIZE), XCR0, true);
  const sw = FPSTATE_64.off.sw_reserved;
  dv.setUint32(sw + FPX_SW_BYTES.off.magic1, FP_XSTATE_MAGIC1, true);
  dv.setUint32(sw + FPX_SW_BYTES.off.extended_size, FP_FRAME_SIZE, true);
  put64(dv, sw + FPX_SW_BYTES.off.xfeatures, XCR0);
  dv.setUint32(sw + FPX_SW_BYTES.off.xstate_size, XSAVE_SIZE, true);
  img[XSAVE_HDR_OFFSET] |= XFEATURE_MASK_FPSSE;
  dv.setUint32(XSAVE_SIZE, FP_XSTATE_MAGIC2, true);
  return img;
}

/**
 * restoreFpState mirrors fpu__restore_sig() for a 64-bit frame. A null pointer resets the FP
 * state. check_xstate_in_sigframe() decides between XRSTOR (magic1, the sizes and magic2 all
 * good) and FXRSTOR of the legacy region alone (anything else: this is not an error). A fault
 * reading the area, or a #GP from (FX)RSTOR (misalignment, a bad XSAVE header, reserved MXCSR
 * bits), fails: the FP state is reset and the caller treats the frame as bad.
 */
function restoreFpState(c: CPU, buf: number): string | null {
  if (buf === 0) {
    initFpState(c);
    return null;
  }
  const fail = (why: string): string => {
    initFpState(c);
    return why;
  };
  if (!accessOk(buf, FP_FRAME_SIZE)) return fail('fpstate outside user space');
  const mem = c.mem;
  let fxOnly = false;
  let xrestore = XFEATURE_MASK_FPSSE;
  try {
    const sw = new DataView(mem.readBytes(buf + FPSTATE_64.off.sw_reserved, FPX_SW_BYTES.size).buffer);
    const magic1 = sw.getUint32(FPX_SW_BYTES.off.magic1, true);
    const extSize = sw.getUint32(FPX_SW_BYTES.off.extended_size, true);
    const xstateSize = sw.getUint32(FPX_SW_BYTES.off.xstate_size, true);
    // min_xstate_size and the task's user_size are both XSAVE_SIZE here.
    if (magic1 !== FP_XSTATE_MAGIC1 || xstateSize < XSAVE_SIZE || xstateSize > XSAVE_SIZE || xstateSize > extSize) {
      fxOnly = true;
    } else if ((mem.r32(buf + xstateSize) >>> 0) !== FP_XSTATE_MAGIC2) {
      fxOnly = true;
    } else {
      xrestore = Number(sw.getBigUint64(FPX_SW_BYTES.off.xfeatures, true) & 0xffffffffn);
    }
  } catch (e) {
    if (!isGuestFault(e)) throw e;
    return fail('fpstate software bytes unreadable');
  }
  try {
    if (fxOnly) {
      if (buf % 16) return fail('FXRSTOR #GP: fpstate not 16-byte aligned');
      fxrstorImage(c, mem.readBytes(buf, FPSTATE_64.size));
    } else {
      if (buf % 64) return fail('XRSTOR #GP: fpstate not 64-byte aligned');
      xrstorFrom(c, mem.readBytes(buf, XSAVE_SIZE), xrestore & XCR0, true);
    }
  } catch (e) {
    if (!(e instanceof X86Exception)) throw e;
    return fail(`${fxOnly ? 'FXRSTOR' : 'XRSTOR'} faulted: ${e.detail || e.message}`);
  }
  // User features the frame did not ask for are reset (os_xrstor(&init_fpstate, init_bv)).
  const initBv = XCR0 & ~xrestore;
  if (initBv & 1) initX87(c);
  if (initBv & 2) {
    initSse(c);
    c.mxcsr = MXCSR_INIT;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Delivery

/**
 * setupRtFrame mirrors arch/x86/kernel/signal.c get_sigframe() + signal_64.c x64_setup_rt_frame(),
 * plus the register part of handle_signal() on success:
 * - x86-64 requires SA_RESTORER (the handler returns through pretcode); without it the frame is
 *   not built and the result is `ok: false` (Linux: -EFAULT, then force_sigsegv()).
 * - Stack: RSP - 128 (red zone), or the top of the alternate stack with SA_ONSTACK when one is
 *   configured and this sp is not on it already. The FP area (580 bytes) is 64-byte aligned below
 *   that, the rt_sigframe below it at round_down(fp - 440, 16) - 8. A frame that would leave the
 *   alternate stack it is on (or entering) fails.
 * - Frame: FP state (XSAVE image of the current state), uc_flags = UC_FP_XSTATE |
 *   UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, uc_link 0, uc_stack = the task's altstack settings
 *   as stored, uc_mcontext (every GPR, RIP, RFLAGS, cs 0x33, gs = fs = 0, ss 0x2b, err/trapno/cr2
 *   from task.thread, oldmask = the whole 64-bit saved mask, the fpstate pointer), uc_sigmask =
 *   the saved mask, pretcode = restorer. The siginfo is written only with SA_SIGINFO (RSI points
 *   at its slot either way). sigcontext.reserved1 and stack_t's padding are not written.
 * - Handler registers: RIP = handler, RDI = sig, RSI = &info, RDX = &uc, RAX = 0, RSP = frame;
 *   DF, RF and TF cleared (AC is kept); x87/SSE reset to the initial state. FS/GS bases unchanged.
 * A guest fault while writing gives `ok: false` with the registers untouched (memory may hold a
 * partial frame, as in Linux).
 *
 * Not done here (the caller's, as in signal_delivered()): blocking action.mask and `sig` (unless
 * SA_NODEFER), SA_RESETHAND, disarming an SS_AUTODISARM stack, syscall restart.
 */
export function setupRtFrame(
  task: FrameTask, sig: number, info: FrameSigInfo, action: SigAction, altstack: SigAltStack | null,
  opts: FrameOptions = {},
): FrameResult {
  const c = task.cpu;
  if (!(action.flags & SA_RESTORER)) return { ok: false, reason: 'SA_RESTORER is required on x86-64' };
  const alt = altstack ?? { sp: 0, size: 0, flags: 0 };

  // get_sigframe()
  const rsp = c.getRegNum(RSP);
  const nestedAltstack = onSigStack(alt, rsp);
  let sp = rsp - RED_ZONE;
  let enteringAltstack = false;
  if (action.flags & SA_ONSTACK && sasSsFlags(alt, sp) === 0) {
    sp = alt.sp + alt.size;
    enteringAltstack = true;
  }
  const fp = roundDown(sp - FP_FRAME_SIZE, FP_FRAME_ALIGN);
  const frame = roundDown(fp - RT_SIGFRAME.size, 16) - 8;
  if ((nestedAltstack || enteringAltstack) && !rawOnSigStack(alt, frame)) {
    return { ok: false, reason: 'the frame would overflow the alternate signal stack' };
  }

  const mask = opts.savedMask ?? task.sigmask;
  const b = new Uint8Array(RT_SIGFRAME.size);
  const dv = new DataView(b.buffer);
  put64(dv, RT_SIGFRAME.off.pretcode, action.restorer);
  put64(dv, UC + UCONTEXT.off.uc_flags, UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
  put64(dv, UC + UCONTEXT.off.uc_link, 0);
  const ss = UC + UCONTEXT.off.uc_stack;
  put64(dv, ss + STACK_T.off.ss_sp, alt.sp);
  dv.setUint32(ss + STACK_T.off.ss_flags, alt.flags >>> 0, true);
  put64(dv, ss + STACK_T.off.ss_size, alt.size);
  const o = SIGCONTEXT.off;
  for (const [name, reg] of SC_GPRS) {
    dv.setInt32(SC + o[name], c.r[2 * reg], true);
    dv.setInt32(SC + o[name] + 4, c.r[2 * reg + 1], true);
  }
  put64(dv, SC + o.rip, c.rip);
  put64(dv, SC + o.eflags, (c.rflags | (opts.fault ? X86_EFLAGS_RF : 0)) >>> 0);
  dv.setUint16(SC + o.cs, USER_CS, true);
  dv.setUint16(SC + o.gs, 0, true);
  dv.setUint16(SC + o.fs, 0, true);
  dv.setUint16(SC + o.ss, USER_DS, true);
  put64(dv, SC + o.err, task.thread.errorCode);
  put64(dv, SC + o.trapno, task.thread.trapNr);
  put64(dv, SC + o.oldmask, mask);
  put64(dv, SC + o.cr2, task.thread.cr2);
  put64(dv, SC + o.fpstate, fp);
  put64(dv, UC + UCONTEXT.off.uc_sigmask, mask);
  if (action.flags & SA_SIGINFO) b.set(encodeSigInfo(info), INFO);

  // The stores, in the kernel's order: FP state, ucontext head, pretcode, sigcontext, mask, info.
  const pieces: [number, number][] = [
    [UC + UCONTEXT.off.uc_flags, ss + STACK_T.off.ss_flags + 4],
    [ss + STACK_T.off.ss_size, ss + STACK_T.size],
    [RT_SIGFRAME.off.pretcode, UC],
    [SC, SC + o.reserved1],
    [UC + UCONTEXT.off.uc_sigmask, INFO],
  ];
  if (action.flags & SA_SIGINFO) pieces.push([INFO, RT_SIGFRAME.size]);
  try {
    c.mem.writeBytes(fp, fpSigframeImage(c));
    for (const [from, to] of pieces) c.mem.writeBytes(frame + from, b.subarray(from, to));
  } catch (e) {
    return badFrame('fault writing the signal frame', e);
  }

  c.setRegNum(RDI, sig);
  c.setRegNum(RAX, 0);
  c.setRegNum(RSI, frame + INFO);
  c.setRegNum(RDX, frame + UC);
  c.setRegNum(RSP, frame);
  c.rip = action.handler;
  c.flagsOther = (c.flagsOther & ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF)) >>> 0;
  initFpState(c);
  return { ok: true };
}

/**
 * restoreRtFrame mirrors arch/x86/kernel/signal_64.c sys_rt_sigreturn() + restore_sigcontext(),
 * with the task's RSP just past pretcode (the handler's RET popped it): frame = RSP - 8.
 * Order and partial effects follow Linux: uc_sigmask becomes the blocked mask (minus SIGKILL and
 * SIGSTOP) as soon as it is read; then the registers; then the FP state; then the alternate stack
 * (restore_altstack(): do_sigaltstack() with the restored RSP, its errors ignored). RAX is the
 * frame's: rt_sigreturn "returns" it, so the caller must not store a syscall result.
 * - RFLAGS: only FIX_EFLAGS bits come from the frame. RF is among them, but the CPU model has no RF
 *   (it only suppresses an instruction breakpoint for one instruction), so it is dropped.
 * - CS/SS: cs | 3 and ss | 3. Without UC_STRICT_RESTORE_SS an unusable SS becomes __USER_DS
 *   (force_valid_ss()). Anything that IRET would then refuse (CS other than __USER_CS — there is
 *   no compat mode here — or a strict SS other than __USER_DS, the only DPL-3 data selector
 *   without an LDT) fails after everything is restored, as Linux's bad-IRET path sends SIGSEGV.
 * `ok: false` means: deliver SIGSEGV (signal_fault() -> force_sig(SIGSEGV)).
 */
export function restoreRtFrame(task: FrameTask, altstack: SigAltStack): FrameResult {
  const c = task.cpu;
  const mem = c.mem;
  const frame = c.getRegNum(RSP) - 8;
  if (!accessOk(frame, RT_SIGFRAME.size)) return badFrame('rt_sigreturn frame outside user space');

  let mask: bigint, ucFlags: number;
  try {
    const m = new DataView(mem.readBytes(frame + UC + UCONTEXT.off.uc_sigmask, 8).buffer);
    mask = m.getBigUint64(0, true);
    ucFlags = Number(new DataView(mem.readBytes(frame + UC + UCONTEXT.off.uc_flags, 8).buffer).getBigUint64(0, true) & 0xffffffffn);
  } catch (e) {
    return badFrame('fault reading uc_sigmask', e);
  }
  task.sigmask = mask & ~SIG_UNBLOCKABLE;

  // restore_sigcontext(): everything before reserved1 in one copy.
  let sc: DataView;
  try {
    sc = new DataView(mem.readBytes(frame + SC, SIGCONTEXT.off.reserved1).buffer);
  } catch (e) {
    return badFrame('fault reading uc_mcontext', e);
  }
  const o = SIGCONTEXT.off;
  for (const [name, reg] of SC_GPRS) {
    c.r[2 * reg] = sc.getInt32(o[name], true);
    c.r[2 * reg + 1] = sc.getInt32(o[name] + 4, true);
  }
  c.rip = get64(sc, o.rip);
  const cs = sc.getUint16(o.cs, true) | 3;
  let ss = sc.getUint16(o.ss, true) | 3;
  const fix = FIX_EFLAGS & ~X86_EFLAGS_RF;
  c.rflags = ((c.rflags & ~fix) | (sc.getUint32(o.eflags, true) & fix)) >>> 0;
  if (!(ucFlags & UC_STRICT_RESTORE_SS) && ss !== USER_DS) ss = USER_DS;

  const fpErr = restoreFpState(c, get64(sc, o.fpstate));
  if (fpErr) return { ok: false, reason: fpErr };

  let st: StackT;
  try {
    st = readStackT(mem, frame + UC + UCONTEXT.off.uc_stack);
  } catch (e) {
    return badFrame('fault reading uc_stack', e);
  }
  doSigaltstack(altstack, st, c.getRegNum(RSP), MINSIGSTKSZ);

  if (cs !== USER_CS) return { ok: false, reason: `IRET to CS ${cs.toString(16)} faults` };
  if (ss !== USER_DS) return { ok: false, reason: `IRET to SS ${ss.toString(16)} faults` };
  return { ok: true };
}
