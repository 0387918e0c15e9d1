/**
 * Ending threads and processes, and waiting for children (kernel/exit.c, kernel/fork.c:mm_release()).
 *
 * A thread's exit (do_exit()) releases what it holds in the mm — its robust futexes get
 * FUTEX_OWNER_DIED, its CLONE_CHILD_CLEARTID word is zeroed and one futex waiter woken, a vfork
 * parent is released — and leaves the group. When the last thread is gone the process exits:
 * its descriptors close, its children go to init (pid 1, which reaps them), its parent gets its
 * exit signal (SIGCHLD) and its wait4 callers and pidfd pollers are woken, and it stays a zombie
 * until reaped — unless the parent ignores SIGCHLD (or set SA_NOCLDWAIT), or it is init's child.
 */
import { ECHILD, SIGCHLD } from '../abi/linux.js';
import { CLD_EXITED, CLD_KILLED, SA_NOCLDWAIT, SIG_IGN } from '../abi/signal.js';
import { exitRobustList, futexWakeShared } from './futex.js';
import type { ExitStatus, Process } from './process.js';
import { actionOf, sendSignal } from './signals/delivery.js';
import { waitEvent } from './sleep.js';
import { NO_RETURN, type SysResult, traceSyscallResult } from './syscalls/table.js';
import type { Task } from './task.js';

/** wait options (include/uapi/linux/wait.h). */
export const WNOHANG = 0x1, WUNTRACED = 0x2, WSTOPPED = 0x2, WEXITED = 0x4, WCONTINUED = 0x8, WNOWAIT = 0x01000000,
  __WNOTHREAD = 0x20000000, __WALL = 0x40000000, __WCLONE = 0x80000000;

/**
 * mmRelease mirrors mm_release(): the robust list, the CLONE_CHILD_CLEARTID word (zeroed and its
 * futex woken when another task still uses the mm), and the vfork parent.
 */
export function mmRelease(t: Task): void {
  exitRobustList(t);
  const tidptr = t.clearChildTid;
  t.clearChildTid = 0;
  if (tidptr) {
    const k = t.kernel;
    const shared = [...k.tasks.values()].some((o) => o !== t && o.mm === t.mm);
    if (shared) {
      try {
        t.mm.as.writeBytes(tidptr, new Uint8Array(4));
        futexWakeShared(t, tidptr);
      } catch {
        // put_user() failed: nothing to wake.
      }
    }
  }
  completeVforkDone(t);
}

/** completeVforkDone releases a parent sleeping in vfork() (exec or exit of the child). */
export function completeVforkDone(t: Task): void {
  const v = t.vfork;
  if (!v) return;
  t.vfork = null;
  v.done = true;
  v.queue.wakeAll();
}

/** doExit mirrors do_exit() for one thread; the last thread out ends the process. */
export function doExit(t: Task, code: number): void {
  if (t.state === 'dead') return;
  const k = t.kernel;
  const p = t.process;
  traceSyscallResult(t, NO_RETURN);
  k.sched.remove(t);
  mmRelease(t);
  p.tasks.splice(p.tasks.indexOf(t), 1);
  k.tasks.delete(t.tid);
  p.cpuNs += t.cpu.icount;
  if (t === p.leader) p.leaderExitCode = code & 0xff;
  if (k.tracing) k.emit({ type: 'thread-exit', tid: t.tid, pid: p.pid, code: code & 0xff });
  if (p.tasks.length === 0) exitNotify(p);
}

/** doGroupExit mirrors do_group_exit(): the first group exit decides the status; every thread exits. */
export function doGroupExit(p: Process, status: ExitStatus): void {
  if (p.exitStatus) return;
  p.exitStatus = status;
  for (const t of [...p.tasks]) doExit(t, status.code ?? 0);
}

/** exitNotify mirrors exit_files() + forget_original_parent() + exit_notify() for the last thread. */
function exitNotify(p: Process): void {
  const k = p.kernel;
  p.exitStatus ??= { code: p.leaderExitCode };
  p.fds.release();
  // Orphans go to init, which reaps the dead ones at once.
  for (const c of p.children) {
    c.parent = null;
    if (c.state === 'zombie') releaseProcess(c);
  }
  p.children.length = 0;
  p.state = 'zombie';
  if (k.tracing) k.emit({ type: 'exit', pid: p.pid, code: p.exitStatus.code, signal: p.exitStatus.signal });
  if (doNotifyParent(p)) releaseProcess(p);
  p.pidfdWait.wakeAll();
}

/**
 * doNotifyParent mirrors do_notify_parent(): send the exit signal with CLD_EXITED/CLD_KILLED
 * siginfo and wake the parent's waiters. Returns true when the child is reaped at once (its parent
 * is init, or ignores SIGCHLD, or set SA_NOCLDWAIT).
 */
function doNotifyParent(p: Process): boolean {
  const parent = p.parent;
  if (!parent) return true;
  const s = p.exitStatus!;
  let sig = p.exitSignal;
  let autoreap = false;
  if (sig === SIGCHLD) {
    const act = actionOf(parent, SIGCHLD);
    if (act.handler === SIG_IGN || act.flags & SA_NOCLDWAIT) {
      autoreap = true;
      if (act.handler === SIG_IGN) sig = 0;
    }
  }
  const target = parent.tasks[0];
  if (sig && target) {
    // si_utime/si_stime in clock ticks (USER_HZ = 100) of the virtual clock.
    const ticks = Math.floor(p.cpuNs / 10_000_000);
    sendSignal(target, {
      signo: sig, code: s.signal !== undefined ? CLD_KILLED : CLD_EXITED, pid: p.pid, uid: 0,
      status: s.signal ?? s.code, utime: ticks, stime: 0,
    }, true);
  }
  parent.childWait.wakeAll();
  return autoreap;
}

/** releaseProcess mirrors release_task() of a group: the pid is gone for good. */
export function releaseProcess(p: Process): void {
  p.state = 'reaped';
  const parent = p.parent;
  if (parent) {
    const i = parent.children.indexOf(p);
    if (i >= 0) parent.children.splice(i, 1);
  }
  p.kernel.processes.delete(p.pid);
  p.pidfdWait.wakeAll();
}

/** WaitSelector names the children a wait call is about (wait4's pid, waitid's idtype/id). */
export type WaitSelector = { kind: 'all' } | { kind: 'pid'; pid: number } | { kind: 'pgid'; pgid: number };

/** WaitResult is what a wait call reports of one child. */
export interface WaitResult {
  pid: number;
  status: ExitStatus;
  cpuNs: number;
}

/** eligibleChild mirrors eligible_pid() + eligible_child(): __WALL, or __WCLONE for non-SIGCHLD children. */
function eligibleChild(c: Process, sel: WaitSelector, options: number): boolean {
  if (sel.kind === 'pid' && c.pid !== sel.pid) return false;
  if (sel.kind === 'pgid' && c.pgid !== sel.pgid) return false;
  if (options & __WALL) return true;
  return (c.exitSignal !== SIGCHLD) === ((options & __WCLONE) !== 0);
}

/**
 * doWait mirrors do_wait() for exited children (stopped and continued children do not exist
 * here): the first eligible zombie in creation order is reported (and reaped unless WNOWAIT);
 * with none, -ECHILD if nothing is eligible, null for WNOHANG, else the caller sleeps until a
 * child changes state (-ERESTARTSYS on a signal).
 */
export function doWait(
  t: Task, sel: WaitSelector, options: number, what: string, done: (r: WaitResult | null) => SysResult,
): SysResult {
  const p = t.process;
  return waitEvent(t, {
    what,
    waitsFor: 'a child to exit',
    queues: [p.childWait],
    check: () => {
      const eligible = p.children.filter((c) => eligibleChild(c, sel, options));
      if (eligible.length === 0) return -ECHILD;
      const z = eligible.find((c) => c.state === 'zombie');
      if (z) {
        const r = { pid: z.pid, status: z.exitStatus!, cpuNs: z.cpuNs };
        if (!(options & WNOWAIT)) releaseProcess(z);
        return done(r);
      }
      if (options & WNOHANG) return done(null);
      return null;
    },
  });
}
