/**
 * Creating tasks: kernel/fork.c kernel_clone() + copy_process(), for clone, clone3, fork and vfork.
 *
 * CLONE_THREAD makes a thread of the caller's group; otherwise the child is a new process whose
 * parent is the caller's process (CLONE_PARENT: the caller's parent). The child shares or copies
 * each resource as its flag says: the address space (CLONE_VM; a copy otherwise — private pages
 * are copied, MAP_SHARED pages stay shared), the descriptor table (CLONE_FILES). It starts with the
 * caller's registers, RAX = 0, the stack CLONE_VM callers give it, and the TLS base of
 * CLONE_SETTLS. A CLONE_VFORK caller sleeps (killable) until the child execs or exits.
 */
import { EFAULT, EINVAL, SIGCHLD } from '../abi/linux.js';
import { NSIG, SIG_DFL, SIG_IGN, SS_DISABLE } from '../abi/signal.js';
import { RAX, RSP } from '../cpu/state.js';
import { FdTable } from './files.js';
import { pidfdCreate } from './pidfd.js';
import { Process } from './process.js';
import { WaitQueue, waitEvent } from './sleep.js';
import type { SysResult } from './syscalls/table.js';
import { type Task, copyCpu } from './task.js';

export const CSIGNAL = 0xff, CLONE_NEWTIME = 0x80, CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
  CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000, CLONE_THREAD = 0x10000,
  CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000, CLONE_PARENT_SETTID = 0x100000,
  CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000, CLONE_UNTRACED = 0x800000,
  CLONE_CHILD_SETTID = 0x1000000, CLONE_NEWCGROUP = 0x2000000, CLONE_NEWUTS = 0x4000000, CLONE_NEWIPC = 0x8000000,
  CLONE_NEWUSER = 0x10000000, CLONE_NEWPID = 0x20000000, CLONE_NEWNET = 0x40000000, CLONE_IO = 0x80000000;
/** clone3-only flags (above bit 31). */
export const CLONE_CLEAR_SIGHAND = 2 ** 32, CLONE_INTO_CGROUP = 2 ** 33;
const CLONE_NEW_ANY = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |
  CLONE_NEWNET;

/** CloneArgs mirrors struct kernel_clone_args. */
export interface CloneArgs {
  /** Flags without the exit signal (clone() passes it in the low byte; clone3 separately). */
  flags: number;
  exitSignal: number;
  /** Where CLONE_PIDFD stores the pidfd (clone3's pidfd field; clone()'s parent_tid). */
  pidfd: number;
  childTid: number;
  parentTid: number;
  /** The child's stack pointer (0: the caller's). */
  stack: number;
  tls: number;
}

/** has tests a flag bit of a flags word that may exceed 32 bits. */
function has(flags: number, bit: number): boolean {
  return bit >= 2 ** 32 ? Math.floor(flags / bit) % 2 === 1 : ((flags % 2 ** 32) & bit) !== 0;
}

function putU32(t: Task, addr: number, v: number): boolean {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, true);
  try {
    t.mm.as.writeBytes(addr, b);
    return true;
  } catch {
    return false;
  }
}

/** kernelClone mirrors kernel_clone(): returns the child's tid to the caller, or -errno. */
export function kernelClone(t: Task, a: CloneArgs): SysResult {
  const k = t.kernel;
  const f = a.flags;
  // copy_process()'s flag checks.
  if (has(f, CLONE_THREAD) && !has(f, CLONE_SIGHAND)) return -EINVAL;
  if (has(f, CLONE_SIGHAND) && !has(f, CLONE_VM)) return -EINVAL;
  if (has(f, CLONE_PIDFD) && has(f, CLONE_DETACHED)) return -EINVAL;
  if (has(f, CLONE_PIDFD) && has(f, CLONE_PARENT_SETTID) && a.pidfd === a.parentTid) return -EINVAL;
  if (has(f, CLONE_SIGHAND) && has(f, CLONE_CLEAR_SIGHAND)) return -EINVAL;
  if ((f % 2 ** 32) & CLONE_NEW_ANY || has(f, CLONE_INTO_CGROUP)) return -EINVAL;

  // The pidfd slot must be writable: copy_process() fails the whole call otherwise.
  if (has(f, CLONE_PIDFD) && !putU32(t, a.pidfd, -1)) return -EFAULT;

  const parent = t.process;
  const tid = k.allocPid();
  let proc: Process;
  if (has(f, CLONE_THREAD)) {
    proc = parent;
  } else {
    const mm = has(f, CLONE_VM) ? parent.mm : parent.mm.fork();
    let fds: FdTable;
    if (has(f, CLONE_FILES)) {
      fds = parent.fds;
      fds.users++;
    } else {
      fds = parent.fds.fork();
    }
    proc = new Process(k, tid, mm, fds);
    for (const [sig, act] of parent.sigactions) {
      // CLONE_CLEAR_SIGHAND: handlers go back to SIG_DFL, ignored signals stay ignored.
      const handler = has(f, CLONE_CLEAR_SIGHAND) && act.handler !== SIG_IGN ? SIG_DFL : act.handler;
      proc.sigactions.set(sig, { ...act, handler });
    }
    proc.parent = has(f, CLONE_PARENT) ? parent.parent : parent;
    proc.parent?.children.push(proc);
    proc.pgid = parent.pgid;
    proc.sid = parent.sid;
    proc.exitSignal = has(f, CLONE_PARENT) ? parent.exitSignal : a.exitSignal;
    proc.cwd = parent.cwd;
    proc.exePath = parent.exePath;
    k.newProcess(proc);
  }

  if (has(f, CLONE_PIDFD)) putU32(t, a.pidfd, pidfdCreate(t, proc));

  const cpu = copyCpu(t.cpu, proc.mm.as);
  cpu.setRegNum(RAX, 0);
  if (a.stack) cpu.setRegNum(RSP, a.stack);
  if (has(f, CLONE_SETTLS)) cpu.fsBase = a.tls;
  const child = k.newTask(proc, tid, cpu);
  child.sigmask = t.sigmask;
  if (has(f, CLONE_VM) && !has(f, CLONE_VFORK)) {
    child.altstack.flags = SS_DISABLE;
  } else {
    Object.assign(child.altstack, t.altstack);
  }
  if (has(f, CLONE_CHILD_CLEARTID)) child.clearChildTid = a.childTid;
  if (has(f, CLONE_CHILD_SETTID)) putU32(child, a.childTid, tid);
  if (has(f, CLONE_PARENT_SETTID)) putU32(t, a.parentTid, tid);
  if (k.tracing) k.emit({ type: 'clone', tid: t.tid, child: tid, pid: proc.pid, flags: f % 2 ** 32 });

  if (!has(f, CLONE_VFORK)) return tid;
  const vfork = { done: false, queue: new WaitQueue() };
  child.vfork = vfork;
  return waitEvent(t, {
    what: 'vfork()',
    waitsFor: 'the child to exec or exit',
    queues: [vfork.queue],
    killable: true,
    check: () => (vfork.done ? tid : null),
  });
}

/** validExitSignal mirrors valid_signal() for clone's exit signal (0 means none). */
export function validExitSignal(sig: number): boolean {
  return sig >= 0 && sig <= NSIG;
}

/** forkArgs is what fork(2) passes: clone(SIGCHLD). */
export const FORK_ARGS: CloneArgs = { flags: 0, exitSignal: SIGCHLD, pidfd: 0, childTid: 0, parentTid: 0, stack: 0, tls: 0 };
