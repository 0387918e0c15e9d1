/**
 * Signal generation and delivery: kernel/signal.c (send_signal_locked(), force_sig_info_to_task(),
 * dequeue_signal(), get_signal(), signal_delivered()) and arch/x86/kernel/signal.c
 * (arch_do_signal_or_restart(), handle_signal()), plus the part of rt_sigreturn that is not the
 * frame itself.
 *
 * Every return to user mode (after a syscall, an exception, or an interrupt) goes through
 * exitToUserMode(): while a signal is pending and not blocked it is dequeued and acted on —
 * dropped (SIG_IGN, default-ignore), the process killed (default terminate/core), or a handler
 * frame built — and an interrupted syscall is restarted or made to fail with EINTR.
 */
import { EINTR, SIGCONT, SIGKILL, SIGNAL_NAMES, SIGSEGV, SI_KERNEL } from '../../abi/linux.js';
import {
  SA_NODEFER, SA_RESETHAND, SA_RESTART, SIGRTMIN, SIG_DFL, SIG_IGN, SIG_UNBLOCKABLE, SS_AUTODISARM, SS_DISABLE,
  sigDefaultAction, sigmask,
} from '../../abi/signal.js';
import { RAX } from '../../cpu/state.js';
import type { Process, SigAction } from '../process.js';
import type { Task } from '../task.js';
import { type FrameSigInfo, restoreRtFrame, setupRtFrame } from './frame.js';
import { SIG_KERNEL_IGNORE_MASK, SIG_KERNEL_STOP_MASK } from './pending.js';

/**
 * Kernel-internal syscall results (include/linux/errno.h). A syscall returns one of them, negated,
 * when a signal interrupted it; they never reach user space: handle_signal() or the no-handler
 * path of arch_do_signal_or_restart() turns them into -EINTR or a restart.
 * - ERESTARTSYS: restart if the handler has SA_RESTART, else EINTR (or always restart without a handler).
 * - ERESTARTNOINTR: always restart.
 * - ERESTARTNOHAND: EINTR if a handler ran, else restart (pause, sigsuspend).
 * - ERESTART_RESTARTBLOCK: EINTR if a handler ran, else restart through restart_syscall(2) and
 *   the task's restart block (nanosleep with its remaining time).
 */
export const ERESTARTSYS = 512, ERESTARTNOINTR = 513, ERESTARTNOHAND = 514, ERESTART_RESTARTBLOCK = 516;

/** __NR_restart_syscall on x86-64, and in the i386 table (INT 0x80). */
export const NR_RESTART_SYSCALL = 219, NR_IA32_RESTART_SYSCALL = 0;

/** The length of the SYSCALL instruction: a restart moves RIP back over it. */
const SYSCALL_INSN_LEN = 2;

const DFL_ACTION: Readonly<SigAction> = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };

/** actionOf returns the process's action for `sig` (SIG_DFL when never set). */
export function actionOf(p: Process, sig: number): Readonly<SigAction> {
  return p.sigactions.get(sig) ?? DFL_ACTION;
}

/** setAction replaces the action for `sig` (the caller has validated it). */
export function setAction(p: Process, sig: number, act: SigAction): void {
  p.sigactions.set(sig, act);
}

/** sigHandlerIgnored mirrors sig_handler_ignored(): SIG_IGN, or SIG_DFL of a default-ignore signal. */
export function sigHandlerIgnored(handler: number, sig: number): boolean {
  return handler === SIG_IGN || (handler === SIG_DFL && (sigmask(sig) & SIG_KERNEL_IGNORE_MASK) !== 0n);
}

/** setCurrentBlocked mirrors set_current_blocked(): SIGKILL and SIGSTOP can never be blocked. */
export function setCurrentBlocked(t: Task, mask: bigint): void {
  t.sigmask = BigInt.asUintN(64, mask) & ~SIG_UNBLOCKABLE;
}

/**
 * signalPending mirrors signal_pending() (TIF_SIGPENDING as recalc_sigpending() computes it): an
 * unblocked signal is pending for the thread or its group, or the group is being killed.
 */
export function signalPending(t: Task): boolean {
  if (t.process.groupExitInfo) return true;
  const p = t.pending.signal | t.process.sharedPending.signal;
  return p !== 0n && (p & ~t.sigmask) !== 0n;
}

/** fatalSignalPending mirrors fatal_signal_pending(): the group is being killed (SIGKILL on every thread). */
export function fatalSignalPending(t: Task): boolean {
  return t.process.groupExitInfo !== null;
}

/** pendingSet mirrors do_sigpending()'s union: the thread's and the group's pending signals. */
export function pendingSet(t: Task): bigint {
  return t.pending.signal | t.process.sharedPending.signal;
}

/** flushSignals removes `mask` from every pending set of the process (flush_sigqueue_mask() on each). */
export function flushSignals(p: Process, mask: bigint): void {
  p.sharedPending.flush(mask);
  for (const t of p.tasks) t.pending.flush(mask);
}

// ---------------------------------------------------------------------------------------------
// Generation

/**
 * prepareSignal mirrors prepare_signal(): a stop signal discards a pending SIGCONT and SIGCONT
 * discards pending stop signals; a signal that is ignored and not blocked is dropped (false).
 */
function prepareSignal(t: Task, sig: number): boolean {
  const p = t.process;
  if (p.exitStatus) return sig === SIGKILL;
  const bit = sigmask(sig);
  if (bit & SIG_KERNEL_STOP_MASK) flushSignals(p, sigmask(SIGCONT));
  else if (sig === SIGCONT) flushSignals(p, SIG_KERNEL_STOP_MASK);
  if (t.sigmask & bit) return true;
  return !sigHandlerIgnored(actionOf(p, sig).handler, sig);
}

/**
 * sendSignal mirrors send_signal_locked(): queue `info` on the thread (`group` false: PIDTYPE_PID,
 * tkill and faults) or on the thread group (`group` true: kill, rt_sigqueueinfo). An ignored
 * signal, or a standard signal already pending there, is dropped; the result is 0 either way.
 * Preconditions: 1 <= info.signo <= 64.
 */
export function sendSignal(t: Task, info: FrameSigInfo, group: boolean): number {
  if (!prepareSignal(t, info.signo)) return 0;
  const target = chooseTarget(t, info.signo, group);
  if (!(group ? t.process.sharedPending : t.pending).enqueue(info)) return 0;
  completeSignal(target, info);
  return 0;
}

/**
 * wantsSignal mirrors wants_signal(): the thread does not block the signal, is alive, and is on
 * the CPU or has no signal pending yet (so that a group's signals spread over its threads).
 */
function wantsSignal(sig: number, t: Task): boolean {
  if (t.sigmask & sigmask(sig) || t.state === 'dead') return false;
  if (sig === SIGKILL) return true;
  return t.kernel.sched.current === t || !signalPending(t);
}

/**
 * chooseTarget is the first half of complete_signal(): the thread to wake for a signal sent to
 * `t` (a thread) or to its group — `t` if it wants it, else, for a group signal, the next thread
 * from signal->curr_target on that wants it; null when none does (the signal stays pending).
 */
function chooseTarget(t: Task, sig: number, group: boolean): Task | null {
  if (wantsSignal(sig, t)) return t;
  const p = t.process;
  const n = p.tasks.length;
  if (!group || n <= 1) return null;
  for (let i = 0; i < n; i++) {
    const j = (p.currTarget + i) % n;
    if (wantsSignal(sig, p.tasks[j])) {
      p.currTarget = j;
      return p.tasks[j];
    }
  }
  return null;
}

/**
 * completeSignal is the second half of complete_signal(): a fatal signal (SIG_DFL that terminates,
 * not one that dumps core, and not awaited by sigtimedwait) starts the group exit — every thread
 * is woken and dies on its way to user mode, the group's status being that signal; otherwise the
 * chosen thread is woken if it sleeps interruptibly.
 */
function completeSignal(target: Task | null, info: FrameSigInfo): void {
  if (!target) return;
  const p = target.process;
  const sig = info.signo;
  const sched = target.kernel.sched;
  const fatal = (sigmask(sig) & (SIG_KERNEL_IGNORE_MASK | SIG_KERNEL_STOP_MASK)) === 0n && actionOf(p, sig).handler === SIG_DFL;
  if (!p.groupExitInfo && fatal && !(target.realBlocked & sigmask(sig)) && sigDefaultAction(sig) !== 'core') {
    p.groupExitInfo = info;
    for (const x of p.tasks) sched.signalWakeUp(x, true);
    return;
  }
  sched.signalWakeUp(target, false);
}

/**
 * forceSigInfoToTask mirrors force_sig_info_to_task(): a blocked or ignored signal is unblocked and
 * its action reset to SIG_DFL (with `resetToDefault`, as force_fatal_sig() asks, always), then it
 * is queued on the thread.
 */
export function forceSigInfoToTask(t: Task, info: FrameSigInfo, resetToDefault = false): void {
  const sig = info.signo;
  const p = t.process;
  const act = actionOf(p, sig);
  const blocked = (t.sigmask & sigmask(sig)) !== 0n;
  if (blocked || act.handler === SIG_IGN || resetToDefault) {
    setAction(p, sig, { ...act, handler: SIG_DFL });
    if (blocked) t.sigmask &= ~sigmask(sig);
  }
  sendSignal(t, info, false);
}

/** forceSigFault mirrors force_sig_fault() for the trap paths (Task.forceSig). */
export function forceSigFault(t: Task, info: FrameSigInfo): void {
  forceSigInfoToTask(t, info);
}

/** forceSig mirrors force_sig(): SI_KERNEL, no sender. */
export function forceSig(t: Task, sig: number): void {
  forceSigInfoToTask(t, { signo: sig, code: SI_KERNEL, pid: 0, uid: 0 });
}

/**
 * forceSigsegv mirrors force_sigsegv(): after a frame for `sig` could not be built. If that signal
 * was SIGSEGV itself, its handler is reset so that the next SIGSEGV kills (force_fatal_sig()).
 */
export function forceSigsegv(t: Task, sig: number): void {
  forceSigInfoToTask(t, { signo: SIGSEGV, code: SI_KERNEL, pid: 0, uid: 0 }, sig === SIGSEGV);
}

// ---------------------------------------------------------------------------------------------
// Delivery

interface KSignal {
  sig: number;
  info: FrameSigInfo;
  /** The action as it was when the signal was dequeued (before SA_RESETHAND reset it). */
  ka: SigAction;
}

function emitSignal(t: Task, info: FrameSigInfo, action: 'handler' | 'kill'): void {
  const k = t.kernel;
  if (!k.tracing) return;
  k.emit({
    type: 'signal', tid: t.tid, signo: info.signo, name: SIGNAL_NAMES[info.signo] ?? `SIGRT${info.signo - SIGRTMIN}`,
    code: info.code, addr: info.addr ?? 0, action,
  });
}

/** killProcess ends the thread group with a fatal signal (do_group_exit() from get_signal()). */
export function killProcess(t: Task, info: FrameSigInfo): void {
  emitSignal(t, info, 'kill');
  t.process.killBySignal(info.signo);
}

/** dequeueSignal mirrors dequeue_signal(): the thread's own pending signals first, then the group's. */
export function dequeueSignal(t: Task, blocked: bigint): FrameSigInfo | null {
  let sig = t.pending.next(blocked);
  if (sig) return t.pending.collect(sig);
  const shared = t.process.sharedPending;
  sig = shared.next(blocked);
  return sig ? shared.collect(sig) : null;
}

const stopWarned = new WeakSet<Process>();

/**
 * getSignal mirrors get_signal(): dequeue signals (a synchronous fault first) until one has a
 * handler to run. Ignored ones are dropped; a default "terminate" or "core" action kills the
 * process (no core file is written); a default "stop" is not supported: the signal is dropped
 * with a diagnostic. Returns null when nothing is left to deliver or the process died.
 */
function getSignal(t: Task): KSignal | null {
  const p = t.process;
  for (;;) {
    if (p.exitStatus) return null;
    if (p.groupExitInfo) {
      killProcess(t, p.groupExitInfo);
      return null;
    }
    const info = t.pending.takeSynchronous(t.sigmask) ?? dequeueSignal(t, t.sigmask);
    if (!info) return null;
    const sig = info.signo;
    const act = actionOf(p, sig);
    if (act.handler === SIG_IGN) continue;
    if (act.handler !== SIG_DFL) {
      const ka = { ...act };
      if (act.flags & SA_RESETHAND) setAction(p, sig, { ...act, handler: SIG_DFL });
      return { sig, info, ka };
    }
    const dfl = sigDefaultAction(sig);
    if (dfl === 'ign' || dfl === 'cont') continue;
    if (dfl === 'stop') {
      if (!stopWarned.has(p)) {
        stopWarned.add(p);
        t.kernel.diag(`enclu: ${SIGNAL_NAMES[sig]} would stop the process; job control is not supported, so it is ignored`);
      }
      continue;
    }
    killProcess(t, info);
    return null;
  }
}

/** syscallError mirrors syscall_get_error(): RAX if it is an error value, else 0. */
function syscallError(t: Task): number {
  const v = t.cpu.getRegNum(RAX);
  return v < 0 && v >= -4095 ? v : 0;
}

/** restartSyscall moves RIP back onto the SYSCALL (or INT 0x80, also 2 bytes) instruction with RAX = `nr`. */
function restartSyscall(t: Task, nr: number): void {
  t.cpu.setRegNum(RAX, nr);
  t.cpu.rip -= SYSCALL_INSN_LEN;
}

/** nrRestartSyscall mirrors get_nr_restart_syscall(): the i386 number for an INT 0x80 caller. */
function nrRestartSyscall(t: Task): number {
  return t.ia32Syscall ? NR_IA32_RESTART_SYSCALL : NR_RESTART_SYSCALL;
}

/**
 * handleSignal mirrors arch/x86/kernel/signal.c handle_signal() + signal_setup_done(): settle an
 * interrupted syscall (EINTR, or a restart with SA_RESTART), build the frame, then
 * signal_delivered(): block sa_mask and the signal (unless SA_NODEFER), forget a saved mask, and
 * disarm an SS_AUTODISARM stack. A frame that cannot be built gives SIGSEGV. `fault` says the
 * interrupted context is a fault-class exception's (RF in the saved RFLAGS). Returns whether the
 * handler was entered.
 */
function handleSignal(t: Task, ks: KSignal, fault: boolean): boolean {
  const { sig, info, ka } = ks;
  if (t.origRax !== -1) {
    switch (syscallError(t)) {
      case -ERESTART_RESTARTBLOCK:
      case -ERESTARTNOHAND:
        t.cpu.setRegNum(RAX, -EINTR);
        break;
      case -ERESTARTSYS:
        if (!(ka.flags & SA_RESTART)) {
          t.cpu.setRegNum(RAX, -EINTR);
          break;
        }
        restartSyscall(t, t.origRax);
        break;
      case -ERESTARTNOINTR:
        restartSyscall(t, t.origRax);
        break;
      default:
        break;
    }
  }
  emitSignal(t, info, 'handler');
  const saved = t.savedSigmask ?? t.sigmask;
  const res = setupRtFrame(t, sig, info, ka, t.altstack, { savedMask: saved, fault });
  if (!res.ok) {
    forceSigsegv(t, sig);
    return false;
  }
  t.savedSigmask = null;
  let blocked = t.sigmask | ka.mask;
  if (!(ka.flags & SA_NODEFER)) blocked |= sigmask(sig);
  setCurrentBlocked(t, blocked);
  if (t.altstack.flags & SS_AUTODISARM) {
    t.altstack.sp = 0;
    t.altstack.size = 0;
    t.altstack.flags = SS_DISABLE;
  }
  return true;
}

/**
 * archDoSignalOrRestart mirrors arch_do_signal_or_restart(): run a handler if get_signal() finds
 * one; otherwise restart an interrupted syscall and put back a mask rt_sigsuspend saved.
 * Returns whether a handler frame was built.
 */
function archDoSignalOrRestart(t: Task, fault: boolean): boolean {
  const ks = getSignal(t);
  if (ks) return handleSignal(t, ks, fault);
  if (t.process.exitStatus) return false;
  if (t.origRax !== -1) {
    switch (syscallError(t)) {
      case -ERESTARTNOHAND:
      case -ERESTARTSYS:
      case -ERESTARTNOINTR:
        restartSyscall(t, t.origRax);
        break;
      case -ERESTART_RESTARTBLOCK:
        restartSyscall(t, nrRestartSyscall(t));
        break;
      default:
        break;
    }
  }
  if (t.savedSigmask !== null) {
    setCurrentBlocked(t, t.savedSigmask);
    t.savedSigmask = null;
  }
  return false;
}

/** restartPending says RAX holds one of the kernel-internal restart codes after a syscall. */
function restartPending(t: Task): boolean {
  if (t.origRax === -1) return false;
  const e = syscallError(t);
  return e <= -ERESTARTSYS && e >= -ERESTART_RESTARTBLOCK;
}

/**
 * exitToUserMode mirrors the signal part of exit_to_user_mode_loop(): called on every return to
 * user mode. While a signal is deliverable, act on it (each handler gets its own frame, the later
 * one on top, so it runs first); then finish a restart or a saved mask that no handler consumed.
 * `fault` says the task is returning from a fault-class exception.
 */
export function exitToUserMode(t: Task, fault: boolean): void {
  let rf = fault;
  while (!t.process.exitStatus && signalPending(t)) {
    if (archDoSignalOrRestart(t, rf)) rf = false;
  }
  if (t.process.exitStatus) return;
  if (t.savedSigmask !== null || restartPending(t)) archDoSignalOrRestart(t, false);
}

/**
 * sigreturn mirrors sys_rt_sigreturn() around restoreRtFrame(): the interrupted context comes back
 * from the frame (RAX included) and no syscall restart is considered for it. A bad frame leaves
 * RAX = 0 (the syscall's return value) and forces SIGSEGV (signal_fault()).
 */
export function sigreturn(t: Task): void {
  t.restartBlock = null;
  const res = restoreRtFrame(t, t.altstack);
  t.origRax = -1;
  const k = t.kernel;
  if (k.tracing) {
    k.emit({ type: 'sigreturn', tid: t.tid, rip: t.cpu.rip, ok: res.ok, reason: res.ok ? '' : res.reason });
  }
  if (!res.ok) {
    t.cpu.setRegNum(RAX, 0);
    forceSig(t, SIGSEGV);
  }
}

/** killInfo is the siginfo kill(2), tkill(2) and tgkill(2) send (prepare_kill_siginfo()). */
export function killInfo(t: Task, sig: number, code: number): FrameSigInfo {
  return { signo: sig, code, pid: t.process.pid, uid: 0 };
}
