/**
 * The signal syscalls (kernel/signal.c, arch/x86/kernel/signal_64.c): thin handlers that copy
 * arguments in and out and call delivery.ts. Guest memory faults while copying become -EFAULT in
 * the dispatcher, at the same point of the call as Linux's copy_from_user()/copy_to_user().
 */
import { EAGAIN, EINTR, EINVAL, EPERM, ESRCH, SI_TKILL, SI_USER } from '../../abi/linux.js';
import {
  KSIGACTION, NSIG, SA_EXPOSE_TAGBITS, SA_NOCLDSTOP, SA_NOCLDWAIT, SA_NODEFER, SA_ONSTACK, SA_RESETHAND, SA_RESTART,
  SA_RESTORER, SA_SIGINFO, SIGINFO, SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK, SIG_UNBLOCKABLE, sigmask, siginfoLayout,
} from '../../abi/signal.js';
import { RSP } from '../../cpu/state.js';
import type { SigAction } from '../process.js';
import { NO_RETURN, sys } from '../syscalls/table.js';
import type { Task } from '../task.js';
import {
  ERESTARTNOHAND, actionOf, dequeueSignal, flushSignals, killInfo, pendingSet, sendSignal, setAction,
  setCurrentBlocked, sigHandlerIgnored, sigreturn,
} from './delivery.js';
import { type FrameSigInfo, doSigaltstack, encodeSigInfo, readStackT, writeStackT } from './frame.js';
import { SIG_KERNEL_ONLY_MASK } from './pending.js';
import { waitEvent } from '../sleep.js';
import type { Process } from '../process.js';

/** sizeof(sigset_t) in the kernel: the only sigsetsize the rt_ calls accept. */
const SIGSET_SIZE = 8;

/** UAPI_SA_FLAGS mirrors include/linux/signal_types.h: the sa_flags bits x86-64 keeps (others are cleared). */
const UAPI_SA_FLAGS = (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER | SA_RESETHAND |
  SA_EXPOSE_TAGBITS | SA_RESTORER) >>> 0;

const INT_MIN = -0x80000000;

function int(v: number): number {
  return v | 0;
}

function readU64(t: Task, addr: number): bigint {
  return new DataView(t.mm.as.readBytes(addr, 8).buffer).getBigUint64(0, true);
}

function writeU64(t: Task, addr: number, v: bigint, size = 8): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  t.mm.as.writeBytes(addr, b.subarray(0, size));
}

/** validSignal mirrors valid_signal() for a signal number that may be 0 (kill's existence check). */
function validSignal(sig: number): boolean {
  return sig >= 0 && sig <= NSIG;
}

// ---------------------------------------------------------------------------------------------
// Actions and masks

/**
 * doSigaction mirrors do_sigaction(): SIGKILL and SIGSTOP cannot be changed; unknown flag bits are
 * cleared (so that user space can probe for them); sa_mask loses SIGKILL and SIGSTOP; setting an
 * action that ignores the signal discards it where it is pending.
 */
function doSigaction(t: Task, sig: number, act: SigAction | null): { err: number; old: SigAction } {
  const p = t.process;
  const old = { ...actionOf(p, sig) };
  if (sig < 1 || sig > NSIG || (act && sigmask(sig) & SIG_KERNEL_ONLY_MASK)) return { err: -EINVAL, old };
  old.flags = (old.flags & UAPI_SA_FLAGS) >>> 0;
  if (act) {
    setAction(p, sig, { ...act, flags: (act.flags & UAPI_SA_FLAGS) >>> 0, mask: act.mask & ~SIG_UNBLOCKABLE });
    if (sigHandlerIgnored(act.handler, sig)) flushSignals(p, sigmask(sig));
  }
  return { err: 0, old };
}

sys(13, 'rt_sigaction', (t, sig, act, oact, size) => {
  if (size !== SIGSET_SIZE) return -EINVAL;
  let newAct: SigAction | null = null;
  if (act) {
    const dv = new DataView(t.mm.as.readBytes(act, KSIGACTION.size).buffer);
    const o = KSIGACTION.off;
    newAct = {
      handler: Number(dv.getBigInt64(o.sa_handler, true)),
      flags: Number(dv.getBigUint64(o.sa_flags, true) & 0xffffffffn),
      restorer: Number(dv.getBigInt64(o.sa_restorer, true)),
      mask: dv.getBigUint64(o.sa_mask, true),
    };
  }
  const { err, old } = doSigaction(t, int(sig), newAct);
  if (err) return err;
  if (oact) {
    const b = new Uint8Array(KSIGACTION.size);
    const dv = new DataView(b.buffer);
    const o = KSIGACTION.off;
    dv.setBigUint64(o.sa_handler, BigInt.asUintN(64, BigInt(old.handler)), true);
    dv.setBigUint64(o.sa_flags, BigInt(old.flags >>> 0), true);
    dv.setBigUint64(o.sa_restorer, BigInt.asUintN(64, BigInt(old.restorer)), true);
    dv.setBigUint64(o.sa_mask, old.mask, true);
    t.mm.as.writeBytes(oact, b);
  }
  return 0;
}, 'supported', 'handlers run on an x86-64 rt signal frame; SA_RESTORER is required as on Linux');

sys(14, 'rt_sigprocmask', (t, how, set, oset, size) => {
  if (size !== SIGSET_SIZE) return -EINVAL;
  const old = t.sigmask;
  if (set) {
    const v = readU64(t, set) & ~SIG_UNBLOCKABLE;
    switch (int(how)) {
      case SIG_BLOCK:
        setCurrentBlocked(t, old | v);
        break;
      case SIG_UNBLOCK:
        setCurrentBlocked(t, old & ~v);
        break;
      case SIG_SETMASK:
        setCurrentBlocked(t, v);
        break;
      default:
        return -EINVAL;
    }
  }
  if (oset) writeU64(t, oset, old);
  return 0;
});

sys(127, 'rt_sigpending', (t, set, size) => {
  if (size < 0 || size > SIGSET_SIZE) return -EINVAL;
  if (size > 0) writeU64(t, set, pendingSet(t) & t.sigmask, size);
  return 0;
});

// ---------------------------------------------------------------------------------------------
// Waiting for signals

sys(34, 'pause', (t) =>
  waitEvent(t, { what: 'pause()', waitsFor: 'a signal', check: () => null, interrupted: () => -ERESTARTNOHAND }),
'supported', 'sleeps until a handled or fatal signal arrives');

sys(130, 'rt_sigsuspend', (t, set, size) => {
  if (size !== SIGSET_SIZE) return -EINVAL;
  const mask = readU64(t, set);
  t.savedSigmask = t.sigmask;
  setCurrentBlocked(t, mask);
  return waitEvent(t, { what: 'rt_sigsuspend()', waitsFor: 'a signal', check: () => null, interrupted: () => -ERESTARTNOHAND });
}, 'supported', 'sleeps with the given mask until a handled or fatal signal arrives');

/** readTimespec reads a struct timespec; null if it is not valid (timespec64_valid()). */
function readTimespecNs(t: Task, addr: number): bigint | null {
  const dv = new DataView(t.mm.as.readBytes(addr, 16).buffer);
  const sec = dv.getBigInt64(0, true), nsec = dv.getBigInt64(8, true);
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) return null;
  return sec * 1_000_000_000n + nsec;
}

sys(128, 'rt_sigtimedwait', (t, set, uinfo, uts, size) => {
  if (size !== SIGSET_SIZE) return -EINVAL;
  const these = readU64(t, set) & ~SIG_UNBLOCKABLE;
  let timeout: bigint | null = null;
  if (uts) {
    timeout = readTimespecNs(t, uts);
    if (timeout === null) return -EINVAL;
  }
  // do_sigtimedwait(): dequeue one of `these` whether blocked or not; else sleep with them unblocked.
  const notThese = ~these;
  const finish = (info: FrameSigInfo): number => {
    if (uinfo) t.mm.as.writeBytes(uinfo, encodeSigInfo(info));
    return info.signo;
  };
  const info = dequeueSignal(t, notThese);
  if (info) return finish(info);
  if (timeout === 0n) return -EAGAIN;
  const blocked = t.sigmask;
  t.realBlocked = blocked;
  t.sigmask = blocked & notThese;
  const woke = (fail: number) => (): number => {
    t.sigmask = blocked;
    t.realBlocked = 0n;
    const got = dequeueSignal(t, notThese);
    return got ? finish(got) : fail;
  };
  return waitEvent(t, {
    what: 'rt_sigtimedwait()',
    waitsFor: 'a signal',
    deadline: timeout === null ? null : t.kernel.monotonicNs() + timeout,
    check: () => null,
    interrupted: woke(-EINTR),
    timedOut: woke(-EAGAIN),
  });
}, 'supported', 'timeouts run on the virtual clock');

sys(131, 'sigaltstack', (t, uss, uoss) => {
  const ss = uss ? readStackT(t.mm.as, uss) : null;
  const { err, old } = doSigaltstack(t.altstack, ss, t.cpu.getRegNum(RSP));
  if (!err && uoss) writeStackT(t.mm.as, uoss, old);
  return err;
});

sys(15, 'rt_sigreturn', (t) => {
  sigreturn(t);
  return NO_RETURN;
});

sys(219, 'restart_syscall', (t) => {
  const fn = t.restartBlock;
  t.restartBlock = null;
  return fn ? fn(t) : -EINTR;
});

// ---------------------------------------------------------------------------------------------
// Sending

/**
 * groupSendSigInfo mirrors group_send_sig_info() to a process: -EINVAL for a bad signal number,
 * nothing more for signal 0 (the existence check) or a process that has already exited.
 */
function groupSendSigInfo(p: Process, sig: number, info: FrameSigInfo): number {
  if (!validSignal(sig)) return -EINVAL;
  if (sig === 0 || p.tasks.length === 0) return 0;
  return sendSignal(p.tasks[0], info, true);
}

/**
 * killSomethingInfo mirrors kill_something_info(): a pid (> 0), the caller's process group (0), a
 * process group (< -1), or every process but init and the caller (-1). A group or "all" succeeds
 * if the signal could be sent to any member; with no member it is -ESRCH.
 */
function killSomethingInfo(t: Task, sig: number, info: FrameSigInfo, pid: number): number {
  const k = t.kernel;
  if (pid > 0) {
    const p = k.processes.get(pid);
    return p ? groupSendSigInfo(p, sig, info) : -ESRCH;
  }
  if (pid === INT_MIN) return -ESRCH;
  let targets: Process[];
  if (pid !== -1) {
    const pgrp = pid === 0 ? t.process.pgid : -pid;
    targets = [...k.processes.values()].filter((p) => p.pgid === pgrp);
  } else {
    targets = [...k.processes.values()].filter((p) => p !== t.process);
  }
  if (targets.length === 0) return -ESRCH;
  let ok = false;
  let err = 0;
  for (const p of targets) {
    err = groupSendSigInfo(p, sig, info);
    if (!err) ok = true;
  }
  return ok ? 0 : err;
}

sys(62, 'kill', (t, pid, sig) => killSomethingInfo(t, int(sig), killInfo(t, int(sig), SI_USER), int(pid)),
  'supported', 'to a process, a process group, or all processes');

/** doSendSpecific mirrors do_send_specific(): a signal to one thread, checked against its tgid. */
function doSendSpecific(t: Task, tgid: number, tid: number, sig: number, info: FrameSigInfo): number {
  const target = t.kernel.tasks.get(tid);
  if (!target || (tgid > 0 && tgid !== target.process.pid)) return -ESRCH;
  if (!validSignal(sig)) return -EINVAL;
  if (sig === 0) return 0;
  return sendSignal(target, info, false);
}

sys(200, 'tkill', (t, tid, sig) => {
  if (int(tid) <= 0) return -EINVAL;
  return doSendSpecific(t, 0, int(tid), int(sig), killInfo(t, int(sig), SI_TKILL));
});

sys(234, 'tgkill', (t, tgid, tid, sig) => {
  if (int(tid) <= 0 || int(tgid) <= 0) return -EINVAL;
  return doSendSpecific(t, int(tgid), int(tid), int(sig), killInfo(t, int(sig), SI_TKILL));
});

/**
 * readSigInfo mirrors copy_siginfo_from_user(): the caller's siginfo_t with si_signo replaced by
 * `sig`, decoded along the union arm its (signo, code) selects (bytes outside that arm are not kept).
 */
function readSigInfo(t: Task, sig: number, addr: number): FrameSigInfo {
  const dv = new DataView(t.mm.as.readBytes(addr, SIGINFO.size).buffer);
  const o = SIGINFO.off;
  const i32 = (off: number) => dv.getInt32(off, true);
  const u32 = (off: number) => dv.getUint32(off, true);
  const i64 = (off: number) => Number(dv.getBigInt64(off, true));
  const code = i32(o.si_code);
  const info: FrameSigInfo = { signo: sig, errno: i32(o.si_errno), code };
  switch (siginfoLayout(sig, code)) {
    case 'kill':
      return { ...info, pid: i32(o.si_pid), uid: u32(o.si_uid) };
    case 'rt':
      return { ...info, pid: i32(o.si_pid), uid: u32(o.si_uid), value: dv.getBigUint64(o.si_value, true) };
    case 'timer':
      return { ...info, tid: i32(o.si_tid), overrun: i32(o.si_overrun), value: dv.getBigUint64(o.si_value, true) };
    case 'chld':
      return { ...info, pid: i32(o.si_pid), uid: u32(o.si_uid), status: i32(o.si_status), utime: i64(o.si_utime), stime: i64(o.si_stime) };
    case 'poll':
      return { ...info, band: i64(o.si_band), fd: i32(o.si_fd) };
    case 'sys':
      return { ...info, callAddr: i64(o.si_call_addr), syscall: i32(o.si_syscall), arch: u32(o.si_arch) };
    case 'fault-mceerr':
      return { ...info, addr: i64(o.si_addr), addrLsb: dv.getInt16(o.si_addr_lsb, true) };
    case 'fault-bnderr':
      return { ...info, addr: i64(o.si_addr), lower: i64(o.si_lower), upper: i64(o.si_upper) };
    case 'fault-pkuerr':
      return { ...info, addr: i64(o.si_addr), pkey: u32(o.si_pkey) };
    case 'fault-perf-event':
      return { ...info, addr: i64(o.si_addr), perfData: i64(o.si_perf_data), perfType: u32(o.si_perf_type), perfFlags: u32(o.si_perf_flags) };
    case 'fault':
      return { ...info, addr: i64(o.si_addr) };
  }
}

/** impersonates says a user-supplied siginfo claims to come from the kernel, kill() or tkill(). */
function impersonates(info: FrameSigInfo): boolean {
  return info.code >= 0 || info.code === SI_TKILL;
}

sys(129, 'rt_sigqueueinfo', (t, pid, sig, uinfo) => {
  const info = readSigInfo(t, int(sig), uinfo);
  if (impersonates(info) && int(pid) !== t.tid) return -EPERM;
  const p = t.kernel.processes.get(int(pid));
  return p ? groupSendSigInfo(p, int(sig), info) : -ESRCH;
});

sys(297, 'rt_tgsigqueueinfo', (t, tgid, tid, sig, uinfo) => {
  if (int(tid) <= 0 || int(tgid) <= 0) return -EINVAL;
  const info = readSigInfo(t, int(sig), uinfo);
  if (impersonates(info) && int(tid) !== t.tid) return -EPERM;
  return doSendSpecific(t, int(tgid), int(tid), int(sig), info);
});
