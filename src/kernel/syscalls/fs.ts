/**
 * File-system syscalls over the shared host directories (fs/open.c, fs/stat.c, fs/namei.c).
 * Paths outside every shared directory do not exist for the guest (ENOENT), except a few
 * well-known ones: /dev/null and /proc/self/exe.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AT_EMPTY_PATH, AT_FDCWD, EBADF, EINVAL, ENOENT, ENOTDIR, ERANGE, O_ACCMODE, O_CREAT, O_DIRECTORY,
  O_EXCL, O_NOCTTY, O_TRUNC, O_CLOEXEC,
} from '../../abi/linux.js';
import { type File, HostFile, NullFile, type Stat, hostStat } from '../files.js';
import type { Task } from '../task.js';
import { fixedErrno, sys } from './table.js';

const PATH_MAX = 4096;
/** O_LARGEFILE (include/uapi/asm-generic/fcntl.h). */
const O_LARGEFILE = 0o100000;

function readPath(t: Task, addr: number): string | number {
  const s = t.mm.as.readCString(addr, PATH_MAX);
  if (s === null) return -36; // ENAMETOOLONG
  return s;
}

/** resolveAt turns (dirfd, path) into an absolute guest path. */
function resolveAt(t: Task, dirfd: number, p: string): string | number {
  if (p.startsWith('/')) return path.posix.normalize(p);
  if (dirfd === AT_FDCWD) return path.posix.join(t.process.cwd, p);
  const f = t.process.fds.get(dirfd);
  if (!f) return -EBADF;
  if (f.kind !== 'host') return -ENOTDIR;
  return path.posix.join(f.path, p);
}

function hostErrno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).errno;
  return typeof code === 'number' ? code : -ENOENT;
}

/** openGuest opens an absolute guest path; returns a File or -errno. */
export function openGuest(t: Task, guestPath: string, flags: number, mode: number): File | number {
  const f = openGuestFile(t, guestPath, flags, mode);
  // f_flags: the access mode and status flags; a 64-bit kernel adds O_LARGEFILE (force_o_largefile()).
  if (typeof f !== 'number') f.flags = (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY)) | O_LARGEFILE;
  return f;
}

function openGuestFile(t: Task, guestPath: string, flags: number, mode: number): File | number {
  if (guestPath === '/dev/null') return new NullFile();
  const host = t.kernel.fs.resolve(guestPath);
  if (host === null) return -ENOENT;
  let nodeFlags = flags & O_ACCMODE;
  if (flags & O_CREAT) nodeFlags |= fs.constants.O_CREAT;
  if (flags & O_EXCL) nodeFlags |= fs.constants.O_EXCL;
  if (flags & O_TRUNC) nodeFlags |= fs.constants.O_TRUNC;
  if (flags & O_DIRECTORY) nodeFlags |= fs.constants.O_DIRECTORY;
  try {
    const fd = fs.openSync(host, nodeFlags, mode & 0o7777);
    const isDir = fs.fstatSync(fd).isDirectory();
    return new HostFile(guestPath, fd, isDir, flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY));
  } catch (e) {
    return hostErrno(e);
  }
}

function statGuest(t: Task, guestPath: string, follow: boolean): Stat | number {
  if (guestPath === '/dev/null') return new NullFile().stat();
  const host = t.kernel.fs.resolve(guestPath);
  if (host === null) return -ENOENT;
  try {
    return hostStat(follow ? fs.statSync(host, { bigint: true }) : fs.lstatSync(host, { bigint: true }));
  } catch (e) {
    return hostErrno(e);
  }
}

/** writeStat stores a struct stat (x86-64 layout, 144 bytes: arch/x86/include/uapi/asm/stat.h). */
export function writeStat(t: Task, addr: number, s: Stat): void {
  const b = new Uint8Array(144);
  const dv = new DataView(b.buffer);
  const sec = (ns: bigint) => ns / 1_000_000_000n;
  const nsec = (ns: bigint) => ns % 1_000_000_000n;
  dv.setBigUint64(0, BigInt(s.dev), true);
  dv.setBigUint64(8, BigInt(s.ino), true);
  dv.setBigUint64(16, BigInt(s.nlink), true);
  dv.setUint32(24, s.mode, true);
  dv.setUint32(28, s.uid, true);
  dv.setUint32(32, s.gid, true);
  dv.setBigUint64(40, BigInt(s.rdev), true);
  dv.setBigInt64(48, BigInt(s.size), true);
  dv.setBigInt64(56, BigInt(s.blksize), true);
  dv.setBigInt64(64, BigInt(s.blocks), true);
  dv.setBigInt64(72, sec(s.atimeNs), true);
  dv.setBigInt64(80, nsec(s.atimeNs), true);
  dv.setBigInt64(88, sec(s.mtimeNs), true);
  dv.setBigInt64(96, nsec(s.mtimeNs), true);
  dv.setBigInt64(104, sec(s.ctimeNs), true);
  dv.setBigInt64(112, nsec(s.ctimeNs), true);
  t.mm.as.writeBytes(addr, b);
}

function doOpenat(t: Task, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const p = readPath(t, pathAddr);
  if (typeof p === 'number') return p;
  const abs = resolveAt(t, dirfd, p);
  if (typeof abs === 'number') return abs;
  const f = openGuest(t, abs, flags, mode);
  if (typeof f === 'number') return f;
  return t.process.fds.install(f, (flags & O_CLOEXEC) !== 0);
}

sys(2, 'open', (t, p, flags, mode) => doOpenat(t, AT_FDCWD, p, flags, mode), 'partial', 'inside shared directories');
sys(257, 'openat', (t, dirfd, p, flags, mode) => doOpenat(t, dirfd, p, flags, mode), 'partial', 'inside shared directories');
sys(3, 'close', (t, fd) => t.process.fds.close(fd));

sys(5, 'fstat', (t, fd, buf) => {
  const f = t.process.fds.get(fd);
  if (!f) return -EBADF;
  writeStat(t, buf, f.stat());
  return 0;
});

function doStatAt(t: Task, dirfd: number, pathAddr: number, buf: number, flags: number): number {
  const p = readPath(t, pathAddr);
  if (typeof p === 'number') return p;
  if (p === '' && flags & AT_EMPTY_PATH) {
    const f = t.process.fds.get(dirfd);
    if (!f) return -EBADF;
    writeStat(t, buf, f.stat());
    return 0;
  }
  if (p === '') return -ENOENT;
  const abs = resolveAt(t, dirfd, p);
  if (typeof abs === 'number') return abs;
  const s = statGuest(t, abs, !(flags & 0x100));
  if (typeof s === 'number') return s;
  writeStat(t, buf, s);
  return 0;
}

sys(4, 'stat', (t, p, buf) => doStatAt(t, AT_FDCWD, p, buf, 0), 'partial', 'inside shared directories');
sys(6, 'lstat', (t, p, buf) => doStatAt(t, AT_FDCWD, p, buf, 0x100), 'partial', 'inside shared directories');
sys(262, 'newfstatat', (t, dirfd, p, buf, flags) => doStatAt(t, dirfd, p, buf, flags), 'partial', 'inside shared directories');

function doReadlink(t: Task, dirfd: number, pathAddr: number, buf: number, size: number): number {
  if (size <= 0) return -EINVAL;
  const p = readPath(t, pathAddr);
  if (typeof p === 'number') return p;
  let target: string;
  if (p === '/proc/self/exe') {
    target = t.process.exePath;
  } else {
    const abs = resolveAt(t, dirfd, p);
    if (typeof abs === 'number') return abs;
    const host = t.kernel.fs.resolve(abs);
    if (host === null) return -ENOENT;
    try {
      target = fs.readlinkSync(host);
    } catch (e) {
      return hostErrno(e);
    }
  }
  const bytes = new TextEncoder().encode(target).subarray(0, size);
  t.mm.as.writeBytes(buf, bytes);
  return bytes.length;
}

sys(89, 'readlink', (t, p, buf, size) => doReadlink(t, AT_FDCWD, p, buf, size), 'partial', '/proc/self/exe and links inside shared directories');
sys(267, 'readlinkat', (t, dirfd, p, buf, size) => doReadlink(t, dirfd, p, buf, size), 'partial', '/proc/self/exe and links inside shared directories');

function doAccess(t: Task, dirfd: number, pathAddr: number): number {
  const p = readPath(t, pathAddr);
  if (typeof p === 'number') return p;
  const abs = resolveAt(t, dirfd, p);
  if (typeof abs === 'number') return abs;
  const s = statGuest(t, abs, true);
  return typeof s === 'number' ? s : 0;
}
sys(21, 'access', (t, p) => doAccess(t, AT_FDCWD, p), 'partial', 'existence only (the guest runs as root)');
sys(269, 'faccessat', (t, d, p) => doAccess(t, d, p), 'partial', 'existence only (the guest runs as root)');
sys(439, 'faccessat2', (t, d, p) => doAccess(t, d, p), 'partial', 'existence only (the guest runs as root)');

sys(79, 'getcwd', (t, buf, size) => {
  const cwd = new TextEncoder().encode(t.process.cwd + '\0');
  if (size < cwd.length) return -ERANGE;
  t.mm.as.writeBytes(buf, cwd);
  return cwd.length;
});

fixedErrno(332, 'statx', 38, 'not implemented: libc falls back to newfstatat');
