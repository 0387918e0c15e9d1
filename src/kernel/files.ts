/**
 * Open files. A File is what Linux calls a struct file: an open object with an offset. The guest
 * sees the host's files only inside directories shared explicitly (Machine option `share`), at
 * the same absolute paths; the standard streams are host streams or in-memory sinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EBADF, EINVAL, EISDIR, EMFILE, ENOTTY, EPIPE, ESPIPE, O_APPEND, O_RDONLY, O_RDWR, O_WRONLY } from '../abi/linux.js';
import type { WaitQueue } from './sleep.js';

/** Stat is the subset of struct stat the kernel fills in. */
export interface Stat {
  dev: number;
  ino: number;
  mode: number;
  nlink: number;
  uid: number;
  gid: number;
  rdev: number;
  size: number;
  blksize: number;
  blocks: number;
  atimeNs: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
}

export const S_IFMT = 0o170000, S_IFREG = 0o100000, S_IFDIR = 0o040000, S_IFCHR = 0o020000, S_IFIFO = 0o010000,
  S_IFLNK = 0o120000;

/** poll(2) event bits (include/uapi/asm-generic/poll.h). */
export const POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20,
  POLLRDNORM = 0x40, POLLRDBAND = 0x80, POLLWRNORM = 0x100, POLLWRBAND = 0x200;
/** DEFAULT_POLLMASK: what a file without a poll method reports (always readable and writable). */
export const DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

/**
 * File is an open file description. Methods return a byte count or a negative errno. A file that
 * can block (a pipe) returns -EAGAIN where a blocking call would sleep; the syscall layer then
 * sleeps on `waitq` unless O_NONBLOCK is set.
 */
export interface File {
  readonly kind: 'host' | 'stream' | 'null' | 'pipe' | 'pidfd';
  /** f_flags: the access mode and the status flags F_GETFL reports (O_APPEND, O_NONBLOCK, ...). */
  flags: number;
  read(buf: Uint8Array): number;
  write(data: Uint8Array): number;
  /** poll mirrors f_op->poll(): the ready events; without it a file is DEFAULT_POLLMASK. */
  poll?(): number;
  /** Woken whenever poll() or a blocked read or write may have a new answer. */
  readonly waitq?: WaitQueue;
  pread?(buf: Uint8Array, off: number): number;
  seek(off: number, whence: number): number;
  stat(): Stat;
  isatty(): boolean;
  close(): void;
  /** Host path, for readlink of /proc/self/fd and traces. */
  readonly path: string;
}

function charStat(rdev: number): Stat {
  return {
    dev: 5, ino: rdev, mode: S_IFCHR | 0o620, nlink: 1, uid: 0, gid: 0, rdev, size: 0, blksize: 1024, blocks: 0,
    atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
  };
}

/** StreamFile is a standard stream: a host fd, or a sink that collects output in memory. */
export class StreamFile implements File {
  readonly kind = 'stream';
  flags: number;
  constructor(
    readonly path: string,
    private readonly sink: ((data: Uint8Array) => void) | null,
    private readonly source: ((buf: Uint8Array) => number) | null,
    private readonly tty = false,
  ) {
    this.flags = sink ? O_WRONLY : source ? O_RDONLY : O_RDWR;
  }
  read(buf: Uint8Array): number {
    return this.source ? this.source(buf) : -EBADF;
  }
  write(data: Uint8Array): number {
    if (!this.sink) return -EBADF;
    try {
      this.sink(data);
    } catch (e) {
      // The reader went away (a closed pipe): the writer gets EPIPE (SIGPIPE is the caller's job).
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return -EPIPE;
      throw e;
    }
    return data.length;
  }
  seek(): number {
    return -ESPIPE;
  }
  stat(): Stat {
    return this.tty ? charStat(0x8800) : { ...charStat(0), mode: S_IFIFO | 0o600 };
  }
  isatty(): boolean {
    return this.tty;
  }
  close(): void {}
}

/** NullFile is /dev/null. */
export class NullFile implements File {
  readonly kind = 'null';
  readonly path = '/dev/null';
  flags = O_RDWR;
  read(): number {
    return 0;
  }
  write(data: Uint8Array): number {
    return data.length;
  }
  seek(): number {
    return 0;
  }
  stat(): Stat {
    return charStat(0x103);
  }
  isatty(): boolean {
    return false;
  }
  close(): void {}
}

/** HostFile is a regular file or directory of a shared host directory. */
export class HostFile implements File {
  readonly kind = 'host';
  private pos = 0;
  constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly isDir: boolean,
    /** The open(2) flags: access mode and status flags. */
    public flags: number,
  ) {}
  private get append(): boolean {
    return (this.flags & O_APPEND) !== 0;
  }
  read(buf: Uint8Array): number {
    if (this.isDir) return -EISDIR;
    const n = fs.readSync(this.fd, buf, 0, buf.length, this.pos);
    this.pos += n;
    return n;
  }
  pread(buf: Uint8Array, off: number): number {
    if (this.isDir) return -EISDIR;
    return fs.readSync(this.fd, buf, 0, buf.length, off);
  }
  write(data: Uint8Array): number {
    if (this.isDir) return -EBADF;
    if (this.append) this.pos = fs.fstatSync(this.fd).size;
    const n = fs.writeSync(this.fd, data, 0, data.length, this.pos);
    this.pos += n;
    return n;
  }
  seek(off: number, whence: number): number {
    let base: number;
    if (whence === 0) base = 0;
    else if (whence === 1) base = this.pos;
    else if (whence === 2) base = fs.fstatSync(this.fd).size;
    else return -EINVAL;
    const np = base + off;
    if (np < 0) return -EINVAL;
    this.pos = np;
    return np;
  }
  stat(): Stat {
    return hostStat(fs.fstatSync(this.fd, { bigint: true }));
  }
  isatty(): boolean {
    return false;
  }
  close(): void {
    fs.closeSync(this.fd);
  }
}

export function hostStat(s: fs.BigIntStats): Stat {
  return {
    dev: Number(s.dev), ino: Number(s.ino), mode: Number(s.mode), nlink: Number(s.nlink), uid: Number(s.uid),
    gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size), blksize: Number(s.blksize),
    blocks: Number(s.blocks), atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs,
  };
}

/** References to each open file description from descriptor tables (f_count). */
const fileRefs = new WeakMap<File, number>();

function fget(f: File): void {
  fileRefs.set(f, (fileRefs.get(f) ?? 0) + 1);
}

/** fput drops a reference; the last one closes the file (a pipe end then reports EOF or EPIPE). */
function fput(f: File): void {
  const n = (fileRefs.get(f) ?? 1) - 1;
  if (n > 0) fileRefs.set(f, n);
  else {
    fileRefs.delete(f);
    f.close();
  }
}

/** The descriptor limit (RLIMIT_NOFILE's soft limit, as prlimit64 reports it). */
export const NR_OPEN = 1024;

interface FdEntry {
  file: File;
  cloexec: boolean;
}

/**
 * FdTable mirrors files_struct: descriptors to open files with their close-on-exec flags. Threads
 * (CLONE_FILES) share one table; fork copies it, and the copy refers to the same open files.
 */
export class FdTable {
  private readonly fds = new Map<number, FdEntry>();
  /** Processes sharing this table (files_struct.count). */
  users = 1;

  get(fd: number): File | undefined {
    return this.fds.get(fd)?.file;
  }

  /** install puts `file` at the lowest free descriptor >= min; -EMFILE past the limit. */
  install(file: File, cloexec = false, min = 0): number {
    let fd = min;
    while (this.fds.has(fd)) fd++;
    if (fd >= NR_OPEN) return -EMFILE;
    fget(file);
    this.fds.set(fd, { file, cloexec });
    return fd;
  }

  /** installAt puts `file` at `fd`, closing what was there (dup2). */
  installAt(fd: number, file: File, cloexec = false): void {
    fget(file);
    this.close(fd);
    this.fds.set(fd, { file, cloexec });
  }

  close(fd: number): number {
    const e = this.fds.get(fd);
    if (!e) return -EBADF;
    this.fds.delete(fd);
    fput(e.file);
    return 0;
  }

  getCloexec(fd: number): boolean | undefined {
    return this.fds.get(fd)?.cloexec;
  }

  setCloexec(fd: number, on: boolean): void {
    const e = this.fds.get(fd);
    if (e) e.cloexec = on;
  }

  /** descriptors lists the open descriptors in ascending order. */
  descriptors(): number[] {
    return [...this.fds.keys()].sort((a, b) => a - b);
  }

  /** fork mirrors dup_fd(): a new table with the same descriptors and flags. */
  fork(): FdTable {
    const t = new FdTable();
    for (const fd of this.descriptors()) {
      const e = this.fds.get(fd)!;
      fget(e.file);
      t.fds.set(fd, { ...e });
    }
    return t;
  }

  /** closeOnExec mirrors do_close_on_exec(). */
  closeOnExec(): void {
    for (const fd of this.descriptors()) if (this.fds.get(fd)!.cloexec) this.close(fd);
  }

  /** release drops one user (exit_files()); the last one closes every descriptor. */
  release(): void {
    if (--this.users > 0) return;
    for (const fd of this.descriptors()) this.close(fd);
  }

  ioctlTty(fd: number): number {
    const f = this.get(fd);
    if (!f) return -EBADF;
    return f.isatty() ? 0 : -ENOTTY;
  }
}

/** SharedFs resolves guest paths to host paths inside the shared directories (same absolute path). */
export class SharedFs {
  private readonly roots: string[];
  constructor(roots: string[]) {
    this.roots = roots.map((r) => path.resolve(r));
  }
  /** resolve returns the host path for a guest absolute path, or null if it is outside every share. */
  resolve(guestPath: string): string | null {
    const p = path.posix.normalize(guestPath);
    for (const r of this.roots) {
      if (p === r || p.startsWith(r.endsWith('/') ? r : r + '/')) return p;
    }
    return null;
  }
}
