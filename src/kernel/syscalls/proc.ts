/**
 * Processes and threads: creation (clone, clone3, fork, vfork), execve, exit, waiting for children,
 * the process tree (getppid), process groups and sessions, and pidfds (kernel/fork.c, kernel/exit.c,
 * kernel/sys.c, kernel/pid.c, kernel/signal.c). Handlers unpack arguments; fork.ts, exit.ts and
 * exec/execve.ts do the work.
 */
import { E2BIG, EACCES, EBADF, EINVAL, EPERM, ESRCH, SIGCHLD, SI_TKILL, SI_USER, O_NONBLOCK } from '../../abi/linux.js';
import { CLD_EXITED, CLD_KILLED, NSIG, SIGINFO } from '../../abi/signal.js';
import { doExecveat } from '../exec/execve.js';
import {
  WCONTINUED, WEXITED, WNOHANG, WNOWAIT, WSTOPPED, __WALL, __WCLONE, __WNOTHREAD, type WaitResult, type WaitSelector, doExit,
  doWait,
} from '../exit.js';
import {
  CLONE_DETACHED, CLONE_NEWTIME, CLONE_PARENT, CLONE_SIGHAND, CLONE_THREAD, CLONE_VFORK, CLONE_VM, CSIGNAL, FORK_ARGS,
  kernelClone, validExitSignal,
} from '../fork.js';
import { pidfdCreate, pidfdProcess } from '../pidfd.js';
import type { Process } from '../process.js';
import { killInfo, sendSignal } from '../signals/delivery.js';
import type { Task } from '../task.js';
import { NO_RETURN, sys } from './table.js';

const INT_MIN = -0x80000000;
/** CLONE_ARGS_SIZE_VER0: the smallest struct clone_args clone3 accepts. */
const CLONE_ARGS_SIZE_VER0 = 64;
/** sizeof(struct clone_args) of this kernel (VER2, with cgroup). */
const CLONE_ARGS_SIZE = 88;
/** waitid idtypes. */
const P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;

function int(v: number): number {
  return v | 0;
}

function putI32(t: Task, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  t.mm.as.writeBytes(addr, b);
}

// ---------------------------------------------------------------------------------------------
// Creation

sys(56, 'clone', (t, flags, newsp, parentTid, childTid, tls) => {
  const lo = flags % 2 ** 32;
  return kernelClone(t, {
    flags: lo - (lo & CSIGNAL), exitSignal: lo & CSIGNAL, pidfd: parentTid, childTid, parentTid, stack: newsp, tls,
  });
}, 'partial', 'threads, processes and vfork; namespaces and cgroups give EINVAL');

sys(435, 'clone3', (t, uargs, size) => {
  if (size > 4096) return -E2BIG;
  if (size < CLONE_ARGS_SIZE_VER0) return -EINVAL;
  const raw = t.mm.as.readBytes(uargs, size);
  // copy_struct_from_user(): fields this kernel does not know must be zero.
  for (let i = CLONE_ARGS_SIZE; i < size; i++) if (raw[i]) return -E2BIG;
  const dv = new DataView(raw.buffer);
  const u64 = (off: number): number => (off + 8 <= size ? Number(dv.getBigUint64(off, true)) : 0);
  const flags = u64(0), exitSignal = u64(32), stack = u64(40), stackSize = u64(48);
  const setTid = u64(64), setTidSize = u64(72);
  if (setTidSize > 32 || (!setTid && setTidSize > 0) || (setTid && setTidSize === 0)) return -EINVAL;
  if (exitSignal > CSIGNAL || !validExitSignal(exitSignal)) return -EINVAL;
  // clone3_args_valid(): above bit 31 only CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP exist.
  const lo = flags % 2 ** 32;
  const hi = Math.floor(flags / 2 ** 32);
  if (hi & ~3) return -EINVAL;
  if (lo & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME))) return -EINVAL;
  if (hi & 1 && lo & CLONE_SIGHAND) return -EINVAL;
  if ((lo & (CLONE_THREAD | CLONE_PARENT)) !== 0 && exitSignal) return -EINVAL;
  if (stack === 0 ? stackSize !== 0 : stackSize === 0) return -EINVAL;
  // set_tid (choosing the child's pid) is not supported: pids are handed out in order.
  if (setTidSize > 0) return -EINVAL;
  return kernelClone(t, {
    flags, exitSignal, pidfd: u64(8), childTid: u64(16), parentTid: u64(24), stack: stack ? stack + stackSize : 0, tls: u64(56),
  });
}, 'partial', 'as clone; set_tid gives EINVAL');

sys(57, 'fork', (t) => kernelClone(t, FORK_ARGS));
sys(58, 'vfork', (t) => kernelClone(t, { ...FORK_ARGS, flags: CLONE_VM | CLONE_VFORK }));

sys(59, 'execve', (t, path, argv, envp) => doExecveat(t, -100, path, argv, envp, 0),
  'partial', 'static executables and #! scripts inside shared directories (and /proc/self/exe)');
sys(322, 'execveat', (t, dirfd, path, argv, envp, flags) => doExecveat(t, int(dirfd), path, argv, envp, flags),
  'partial', 'as execve');

// ---------------------------------------------------------------------------------------------
// Exit and wait

sys(60, 'exit', (t, code) => {
  doExit(t, code);
  return NO_RETURN;
}, 'supported', 'ends the thread; the last thread ends the process');

sys(231, 'exit_group', (t, code) => {
  t.process.exit(code);
  return NO_RETURN;
});

/** writeRusage stores a struct rusage (144 bytes): the child's CPU time as ru_utime, the rest zero. */
function writeRusage(t: Task, addr: number, cpuNs: number): void {
  const b = new Uint8Array(144);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, BigInt(Math.floor(cpuNs / 1e9)), true);
  dv.setBigInt64(8, BigInt(Math.floor((cpuNs % 1e9) / 1e3)), true);
  t.mm.as.writeBytes(addr, b);
}

function statusWord(r: WaitResult): number {
  return r.status.signal !== undefined ? r.status.signal : (r.status.code & 0xff) << 8;
}

sys(61, 'wait4', (t, upid, wstatus, options, rusage) => {
  const pid = int(upid);
  if (options & ~(WNOHANG | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  if (pid === INT_MIN) return -ESRCH;
  let sel: WaitSelector;
  if (pid === -1) sel = { kind: 'all' };
  else if (pid < -1) sel = { kind: 'pgid', pgid: -pid };
  else if (pid === 0) sel = { kind: 'pgid', pgid: t.process.pgid };
  else sel = { kind: 'pid', pid };
  return doWait(t, sel, options | WEXITED, `wait4(${pid})`, (r) => {
    if (!r) return 0;
    if (wstatus) putI32(t, wstatus, statusWord(r));
    if (rusage) writeRusage(t, rusage, r.cpuNs);
    return r.pid;
  });
}, 'partial', 'exited children (stopped and continued children do not exist: no job control)');

sys(247, 'waitid', (t, idtype, uid, infop, options, rusage) => {
  const id = int(uid);
  if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL)) return -EINVAL;
  if (!(options & (WEXITED | WSTOPPED | WCONTINUED))) return -EINVAL;
  let sel: WaitSelector;
  switch (int(idtype)) {
    case P_ALL:
      sel = { kind: 'all' };
      break;
    case P_PID:
      if (id <= 0) return -EINVAL;
      sel = { kind: 'pid', pid: id };
      break;
    case P_PGID:
      if (id < 0) return -EINVAL;
      sel = { kind: 'pgid', pgid: id === 0 ? t.process.pgid : id };
      break;
    case P_PIDFD: {
      if (id < 0) return -EINVAL;
      const f = t.process.fds.get(id);
      const p = pidfdProcess(f);
      if (!p) return -EBADF;
      sel = { kind: 'pid', pid: p.pid };
      if (f!.flags & O_NONBLOCK) options |= WNOHANG;
      break;
    }
    default:
      return -EINVAL;
  }
  // Without WEXITED only stop/continue events could be reported, and there are none.
  const exitedOnly = (options & WEXITED) !== 0;
  return doWait(t, sel, exitedOnly ? options : options | WNOHANG, `waitid(${int(idtype)}, ${id})`, (r) => {
    if (infop) {
      const o = SIGINFO.off;
      putI32(t, infop + o.si_signo, r ? SIGCHLD : 0);
      putI32(t, infop + o.si_errno, 0);
      putI32(t, infop + o.si_code, r ? (r.status.signal !== undefined ? CLD_KILLED : CLD_EXITED) : 0);
      putI32(t, infop + o.si_pid, r ? r.pid : 0);
      putI32(t, infop + o.si_uid, 0);
      putI32(t, infop + o.si_status, r ? (r.status.signal ?? r.status.code) : 0);
    }
    if (r && rusage) writeRusage(t, rusage, r.cpuNs);
    return 0;
  });
}, 'partial', 'exited children (stopped and continued children do not exist: no job control)');

// ---------------------------------------------------------------------------------------------
// The process tree, process groups and sessions

sys(110, 'getppid', (t) => t.process.ppid, 'supported', 'the first process and orphans have init (1) as parent');

/** findProcess looks up a pid for setpgid/getpgid/getsid: a process, EINVAL for a non-leader thread, else ESRCH. */
function findProcess(t: Task, pid: number): Process | number {
  if (pid === 0) return t.process;
  const p = t.kernel.processes.get(pid);
  if (p) return p;
  return t.kernel.tasks.has(pid) ? -EINVAL : -ESRCH;
}

sys(109, 'setpgid', (t, upid, upgid) => {
  const me = t.process;
  const pid = int(upid) || me.pid;
  const pgid = int(upgid) || pid;
  if (pgid < 0) return -EINVAL;
  const p = findProcess(t, pid);
  if (typeof p === 'number') return p;
  if (p.parent === me) {
    if (p.sid !== me.sid) return -EPERM;
    if (p.execed) return -EACCES;
  } else if (p !== me) {
    return -ESRCH;
  }
  if (p.sid === p.pid) return -EPERM;
  if (pgid !== pid) {
    const member = [...t.kernel.processes.values()].find((x) => x.pgid === pgid);
    if (!member || member.sid !== me.sid) return -EPERM;
  }
  p.pgid = pgid;
  return 0;
}, 'supported');

sys(121, 'getpgid', (t, pid) => {
  const p = findProcess(t, int(pid));
  return typeof p === 'number' ? (p === -EINVAL ? -ESRCH : p) : p.pgid;
});
sys(111, 'getpgrp', (t) => t.process.pgid);
sys(124, 'getsid', (t, pid) => {
  const p = findProcess(t, int(pid));
  return typeof p === 'number' ? (p === -EINVAL ? -ESRCH : p) : p.sid;
});

sys(112, 'setsid', (t) => {
  const me = t.process;
  // A process group leader, or anyone whose pid is some group's id, cannot start a session.
  if ([...t.kernel.processes.values()].some((x) => x.pgid === me.pid)) return -EPERM;
  me.sid = me.pid;
  me.pgid = me.pid;
  return me.pid;
}, 'supported', 'no controlling terminals');

// ---------------------------------------------------------------------------------------------
// pidfds

sys(434, 'pidfd_open', (t, upid, flags) => {
  const pid = int(upid);
  if (flags & ~O_NONBLOCK) return -EINVAL;
  if (pid <= 0) return -EINVAL;
  const p = t.kernel.processes.get(pid);
  if (!p) return t.kernel.tasks.has(pid) ? -EINVAL : -ESRCH;
  return pidfdCreate(t, p, flags & O_NONBLOCK);
}, 'supported', 'pollable: readable once the process has exited');

sys(424, 'pidfd_send_signal', (t, pidfd, usig, uinfo, flags) => {
  const sig = int(usig);
  if (flags) return -EINVAL;
  const f = t.process.fds.get(int(pidfd));
  if (!f) return -EBADF;
  const p = pidfdProcess(f);
  if (!p) return -EBADF;
  if (p.state === 'reaped') return -ESRCH;
  if (sig < 0 || sig > NSIG) return -EINVAL;
  if (uinfo) {
    // A user-supplied siginfo may not claim to come from the kernel or kill() unless sent to oneself.
    const code = new DataView(t.mm.as.readBytes(uinfo + SIGINFO.off.si_code, 4).buffer).getInt32(0, true);
    if ((code >= 0 || code === SI_TKILL) && p !== t.process) return -EPERM;
  }
  if (sig === 0 || p.tasks.length === 0) return 0;
  return sendSignal(p.tasks[0], killInfo(t, sig, SI_USER), true);
}, 'partial', 'a user siginfo is checked but the signal carries SI_USER');

// ---------------------------------------------------------------------------------------------
// Robust futex lists

sys(274, 'get_robust_list', (t, upid, headPtr, lenPtr) => {
  const pid = int(upid);
  const target = pid === 0 ? t : t.kernel.tasks.get(pid);
  if (!target) return -ESRCH;
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(target.robustList), true);
  t.mm.as.writeBytes(headPtr, b);
  new DataView(b.buffer).setBigUint64(0, 24n, true);
  t.mm.as.writeBytes(lenPtr, b);
  return 0;
});

