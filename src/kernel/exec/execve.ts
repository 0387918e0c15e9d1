/**
 * execve from a running program: fs/exec.c do_execveat_common() + begin_new_exec(), with
 * binfmt_elf (static and static-PIE executables) and binfmt_script ("#!" lines).
 *
 * The executable must be inside a shared host directory (or be /proc/self/exe). Errors found
 * before the point of no return are returned (ENOENT, EACCES, E2BIG, ENOEXEC with a one-line
 * diagnostic saying why the file cannot run). After it, the process keeps its pid, parent,
 * process group, signal mask and pending signals; its other threads are gone, O_CLOEXEC
 * descriptors are closed, handled signals go back to SIG_DFL (ignored ones stay ignored), the
 * alternate signal stack is cleared, and a vfork parent is released.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AT_EMPTY_PATH, AT_FDCWD, E2BIG, EACCES, EBADF, EINVAL, ELOOP, ENOENT, ENOEXEC, ENOTDIR } from '../../abi/linux.js';
import { SIG_IGN } from '../../abi/signal.js';
import { CPU, RSP } from '../../cpu/state.js';
import { hwcap } from '../cpu-info.js';
import { doExit, mmRelease } from '../exit.js';
import { HostFile } from '../files.js';
import { ElfError, loadElf } from '../loader.js';
import { Mm } from '../mm.js';
import { NO_RETURN, type SysResult } from '../syscalls/table.js';
import type { Task } from '../task.js';

/** MAX_ARG_STRLEN: one argument or environment string (32 pages). */
const MAX_ARG_STRLEN = 32 * 4096;
/** The argument area limit: a quarter of the 8 MiB stack rlimit. */
const ARG_MAX = 2 * 1024 * 1024;
/** BINPRM_MAX_RECURSION: interpreters of interpreters. */
const MAX_RECURSION = 4;
const PATH_MAX = 4096;

/** readStrings reads a NULL-terminated array of string pointers (argv or envp); a NULL array is empty. */
function readStrings(t: Task, addr: number): string[] | number {
  const out: string[] = [];
  if (!addr) return out;
  const as = t.mm.as;
  let total = 0;
  for (let i = 0; ; i++) {
    const p = Number(new DataView(as.readBytes(addr + 8 * i, 8).buffer).getBigUint64(0, true));
    if (!p) return out;
    const s = as.readCString(p, MAX_ARG_STRLEN);
    if (s === null) return -E2BIG;
    total += Buffer.byteLength(s) + 1 + 8;
    if (total > ARG_MAX) return -E2BIG;
    out.push(s);
  }
}

interface Executable {
  /** The host path of the file. */
  host: string;
  bytes: Uint8Array;
}

/** openExec mirrors do_open_execat(): the file must exist, be regular and be executable. */
function openExec(t: Task, guestPath: string): Executable | number {
  const host = guestPath === '/proc/self/exe' ? t.process.exePath : t.kernel.fs.resolve(guestPath);
  if (host === null || host === '') return -ENOENT;
  let st: fs.Stats;
  try {
    st = fs.statSync(host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' ? -ENOTDIR : -ENOENT;
  }
  if (!st.isFile() || !(st.mode & 0o111)) return -EACCES;
  return { host, bytes: new Uint8Array(fs.readFileSync(host)) };
}

/** resolveGuestPath makes `p` absolute against `dirfd` (AT_FDCWD: the working directory). */
function resolveGuestPath(t: Task, dirfd: number, p: string): string | number {
  if (p.startsWith('/')) return path.posix.normalize(p);
  if (dirfd === AT_FDCWD) return path.posix.join(t.process.cwd, p);
  const f = t.process.fds.get(dirfd);
  if (!f) return -EBADF;
  if (!(f instanceof HostFile)) return -ENOTDIR;
  return path.posix.join(f.path, p);
}

/**
 * doExecveat runs execve(2)/execveat(2). On success the task runs the new program and the call
 * does not return (NO_RETURN); otherwise -errno and nothing has changed.
 */
export function doExecveat(t: Task, dirfd: number, pathAddr: number, argvAddr: number, envpAddr: number, flags: number): SysResult {
  if (flags & ~(AT_EMPTY_PATH | 0x100)) return -EINVAL;
  const name = t.mm.as.readCString(pathAddr, PATH_MAX);
  if (name === null) return -36; // ENAMETOOLONG
  let guest: string | number;
  if (name === '' && flags & AT_EMPTY_PATH) {
    const f = t.process.fds.get(dirfd);
    if (!f) return -EBADF;
    if (!(f instanceof HostFile)) return -EACCES;
    guest = f.path;
  } else if (name === '') {
    return -ENOENT;
  } else {
    guest = resolveGuestPath(t, dirfd, name);
  }
  if (typeof guest === 'number') return guest;
  let argv = readStrings(t, argvAddr);
  if (typeof argv === 'number') return argv;
  const envp = readStrings(t, envpAddr);
  if (typeof envp === 'number') return envp;

  // Find the binary, following "#!" interpreters (binfmt_script).
  let exe = openExec(t, guest);
  for (let depth = 0; typeof exe !== 'number' && exe.bytes[0] === 0x23 && exe.bytes[1] === 0x21; depth++) {
    if (depth >= MAX_RECURSION) return -ELOOP;
    const line = Buffer.from(exe.bytes.subarray(2, Math.min(exe.bytes.length, 256))).toString('latin1').split('\n')[0].trim();
    const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) return -ENOEXEC;
    const scriptPath = guest;
    guest = m[1];
    argv = [m[1], ...(m[2] ? [m[2]] : []), scriptPath, ...argv.slice(1)];
    exe = openExec(t, guest);
  }
  if (typeof exe === 'number') return exe;

  const k = t.kernel;
  // search_binary_handler(): a file that is neither "#!" nor ELF has no handler.
  const b = exe.bytes;
  if (b.length < 4 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) return -ENOEXEC;
  const mm = new Mm();
  let res;
  try {
    res = loadElf(mm, exe.bytes, {
      argv, envp, execfn: name, random: k.randomBytes(16), hwcap: hwcap(), vdso: k.opts.vdso ?? null,
    });
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    k.diag(`enclu: execve ${guest}: ${e.message}`);
    return -ENOEXEC;
  }

  // The point of no return: de_thread(), exec_mmap(), begin_new_exec().
  const p = t.process;
  for (const other of [...p.tasks]) if (other !== t) doExit(other, 0);
  if (p.leader !== t) {
    k.tasks.delete(t.tid);
    t.tid = p.pid;
    k.tasks.set(t.tid, t);
    p.leader = t;
  }
  mmRelease(t);
  mm.inheritHooks(p.mm);
  p.mm = mm;
  const cpu = new CPU(mm.as);
  cpu.rip = res.entry;
  cpu.setRegNum(RSP, res.sp);
  cpu.rflags = 0x202;
  t.cpu = cpu;
  if (p.fds.users > 1) {
    p.fds.users--;
    p.fds = p.fds.fork();
  }
  p.fds.closeOnExec();
  // flush_signal_handlers(): handlers go back to SIG_DFL; flags, restorers and masks are cleared.
  for (const [sig, act] of [...p.sigactions]) {
    if (act.handler === SIG_IGN) p.sigactions.set(sig, { handler: SIG_IGN, flags: 0, restorer: 0, mask: 0n });
    else p.sigactions.delete(sig);
  }
  Object.assign(t.altstack, { sp: 0, size: 0, flags: 0 });
  t.restartBlock = null;
  t.savedSigmask = null;
  t.origRax = -1;
  p.exePath = exe.host;
  p.execed = true;
  if (k.tracing) k.emit({ type: 'exec', pid: p.pid, tid: t.tid, path: guest });
  return NO_RETURN;
}
