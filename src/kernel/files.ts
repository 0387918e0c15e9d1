/**
 * Open files. A File is what Linux calls a struct file: an open object with an offset. The guest
 * sees the host's files only inside directories shared explicitly (Machine option `share`), at
 * the same absolute paths; the standard streams are host streams or in-memory sinks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EBADF, EINVAL, EISDIR, ENOTTY, EPIPE, ESPIPE } from '../abi/linux.js';

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

/** File is an open file description. Methods return a byte count or a negative errno. */
export interface File {
  readonly kind: 'host' | 'stream' | 'null';
  read(buf: Uint8Array): number;
  write(data: Uint8Array): number;
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
  constructor(
    readonly path: string,
    private readonly sink: ((data: Uint8Array) => void) | null,
    private readonly source: ((buf: Uint8Array) => number) | null,
    private readonly tty = false,
  ) {}
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
    private readonly append: boolean,
  ) {}
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

/** FdTable maps file descriptors to open files (files_struct). */
export class FdTable {
  private readonly fds = new Map<number, { file: File; cloexec: boolean; refs: { n: number } }>();

  get(fd: number): File | undefined {
    return this.fds.get(fd)?.file;
  }

  /** install puts `file` at the lowest free descriptor >= min. */
  install(file: File, cloexec = false, min = 0): number {
    let fd = min;
    while (this.fds.has(fd)) fd++;
    this.fds.set(fd, { file, cloexec, refs: { n: 1 } });
    return fd;
  }

  installAt(fd: number, file: File): void {
    this.close(fd);
    this.fds.set(fd, { file, cloexec: false, refs: { n: 1 } });
  }

  close(fd: number): number {
    const e = this.fds.get(fd);
    if (!e) return -EBADF;
    this.fds.delete(fd);
    if (--e.refs.n === 0) e.file.close();
    return 0;
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
