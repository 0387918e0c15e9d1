/**
 * Pipes (fs/pipe.c): a 64 KiB buffer with a read end and a write end. Reading an empty pipe
 * blocks while a writer exists and returns 0 (EOF) once none does; writing blocks while the
 * buffer is full, and with no reader left fails with EPIPE and SIGPIPE. A write of at most
 * PIPE_BUF bytes is atomic (it waits until all of it fits); a larger one may be split.
 *
 * The ends are Files that never block themselves: they return -EAGAIN where the syscall layer
 * (syscalls/io.ts) sleeps on the pipe's wait queue, unless O_NONBLOCK is set.
 */
import { EAGAIN, EBADF, EPIPE, ESPIPE, O_RDONLY, O_WRONLY } from '../abi/linux.js';
import {
  type File, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM, S_IFIFO, type Stat,
} from './files.js';
import { WaitQueue } from './sleep.js';

/** PIPE_BUF: writes up to this size are atomic. */
export const PIPE_BUF = 4096;
/** The default pipe capacity (16 pages). */
export const PIPE_DEF_SIZE = 65536;

let nextIno = 1;

/** Pipe mirrors struct pipe_inode_info. */
export class Pipe {
  private readonly buf = new Uint8Array(PIPE_DEF_SIZE);
  private head = 0;
  length = 0;
  readers = 0;
  writers = 0;
  readonly waitq = new WaitQueue();
  readonly ino = nextIno++;

  get free(): number {
    return PIPE_DEF_SIZE - this.length;
  }

  take(out: Uint8Array): number {
    const n = Math.min(out.length, this.length);
    const first = Math.min(n, PIPE_DEF_SIZE - this.head);
    out.set(this.buf.subarray(this.head, this.head + first));
    out.set(this.buf.subarray(0, n - first), first);
    this.head = (this.head + n) % PIPE_DEF_SIZE;
    this.length -= n;
    return n;
  }

  put(data: Uint8Array): number {
    const n = Math.min(data.length, this.free);
    const tail = (this.head + this.length) % PIPE_DEF_SIZE;
    const first = Math.min(n, PIPE_DEF_SIZE - tail);
    this.buf.set(data.subarray(0, first), tail);
    this.buf.set(data.subarray(first, n), 0);
    this.length += n;
    return n;
  }
}

/** PipeEnd is one end of a pipe: an open file description of the read or the write side. */
export class PipeEnd implements File {
  readonly kind = 'pipe';
  readonly path: string;
  flags: number;
  private closed = false;

  constructor(
    readonly pipe: Pipe,
    readonly writable: boolean,
    statusFlags: number,
  ) {
    this.flags = (writable ? O_WRONLY : O_RDONLY) | statusFlags;
    this.path = `pipe:[${pipe.ino}]`;
    if (writable) pipe.writers++;
    else pipe.readers++;
  }

  get waitq(): WaitQueue {
    return this.pipe.waitq;
  }

  /** read mirrors pipe_read() without sleeping: data, 0 at EOF, or -EAGAIN while a writer exists. */
  read(buf: Uint8Array): number {
    if (this.writable) return -EBADF;
    const p = this.pipe;
    if (p.length === 0) return p.writers === 0 ? 0 : -EAGAIN;
    const n = p.take(buf);
    p.waitq.wakeAll();
    return n;
  }

  /**
   * write mirrors one pass of pipe_write(): -EPIPE without readers; a write of at most PIPE_BUF
   * bytes goes in whole or not at all (-EAGAIN); a larger one takes what fits (-EAGAIN if nothing).
   */
  write(data: Uint8Array): number {
    if (!this.writable) return -EBADF;
    const p = this.pipe;
    if (p.readers === 0) return -EPIPE;
    if (data.length === 0) return 0;
    if (data.length <= PIPE_BUF ? p.free < data.length : p.free === 0) return -EAGAIN;
    const n = p.put(data);
    p.waitq.wakeAll();
    return n;
  }

  poll(): number {
    const p = this.pipe;
    let mask = 0;
    if (this.writable) {
      if (p.free > 0) mask |= POLLOUT | POLLWRNORM;
      if (p.readers === 0) mask |= POLLERR;
    } else {
      if (p.length > 0) mask |= POLLIN | POLLRDNORM;
      if (p.writers === 0) mask |= POLLHUP;
    }
    return mask;
  }

  seek(): number {
    return -ESPIPE;
  }

  stat(): Stat {
    return {
      dev: 13, ino: this.pipe.ino, mode: S_IFIFO | 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0, blksize: 4096,
      blocks: 0, atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  isatty(): boolean {
    return false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.writable) this.pipe.writers--;
    else this.pipe.readers--;
    this.pipe.waitq.wakeAll();
  }
}

/** createPipe mirrors create_pipe_files(): the read end and the write end, with `statusFlags` (O_NONBLOCK). */
export function createPipe(statusFlags: number): [PipeEnd, PipeEnd] {
  const p = new Pipe();
  return [new PipeEnd(p, false, statusFlags), new PipeEnd(p, true, statusFlags)];
}
