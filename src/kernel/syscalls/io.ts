/**
 * read/write and friends: thin wrappers over the open file's methods (fs/read_write.c). A file
 * that would block (a pipe: -EAGAIN) makes the call sleep on its wait queue unless O_NONBLOCK is
 * set; a signal then ends it with -ERESTARTSYS, or with the count already written.
 */
import { EAGAIN, EBADF, EINVAL, ENOTTY, EPIPE, O_NONBLOCK, SIGPIPE, SI_USER, TCGETS, TIOCGWINSZ } from '../../abi/linux.js';
import type { File } from '../files.js';
import { ERESTARTSYS, sendSignal } from '../signals/delivery.js';
import { waitEvent } from '../sleep.js';
import type { Task } from '../task.js';
import { type SysResult, sys } from './table.js';

const MAX_RW = 0x7ffff000; // MAX_RW_COUNT

function file(t: Task, fd: number) {
  return t.process.fds.get(fd);
}

/** mayBlock says whether -EAGAIN from `f` means "sleep and retry" rather than a result. */
function mayBlock(f: File): boolean {
  return f.waitq !== undefined && !(f.flags & O_NONBLOCK);
}

/**
 * readInto reads at most `count` bytes from `f` and hands them to `store`; it sleeps while the
 * file has nothing yet (pipes). Returns the count, 0 at EOF, or -errno.
 */
export function readInto(t: Task, f: File, count: number, what: string, store: (data: Uint8Array) => void): SysResult {
  const tmp = new Uint8Array(Math.min(count, 1 << 20));
  const attempt = (): number => {
    const n = f.read(tmp);
    if (n > 0) store(tmp.subarray(0, n));
    return n;
  };
  const n = attempt();
  if (n !== -EAGAIN || !mayBlock(f)) return n;
  return waitEvent(t, {
    what, waitsFor: 'data in a pipe', queues: [f.waitq!],
    check: () => {
      const r = attempt();
      return r === -EAGAIN ? null : r;
    },
  });
}

/**
 * writeAll writes `data` to `f`, sleeping while a pipe is full. A signal ends the sleep with the
 * count written so far, or -ERESTARTSYS if nothing was; EPIPE also sends SIGPIPE (pipe_write()).
 */
export function writeAll(t: Task, f: File, data: Uint8Array, what: string): SysResult {
  let done = 0;
  const attempt = (): number | null => {
    for (;;) {
      const n = f.write(done ? data.subarray(done) : data);
      if (n === -EAGAIN) return mayBlock(f) ? null : done > 0 ? done : n;
      if (n < 0) {
        epipe(t, n);
        return done > 0 ? done : n;
      }
      done += n;
      if (done >= data.length || n === 0) return done;
    }
  };
  const first = attempt();
  if (first !== null) return first;
  return waitEvent(t, {
    what, waitsFor: 'room in a pipe', queues: [f.waitq!],
    check: attempt,
    interrupted: () => (done > 0 ? done : -ERESTARTSYS),
  });
}

function doRead(t: Task, fd: number, buf: number, count: number): SysResult {
  const f = file(t, fd);
  if (!f) return -EBADF;
  if (count < 0) return -EINVAL;
  count = Math.min(count, MAX_RW);
  if (count === 0) return 0;
  t.mm.as.checkWrite(buf, 1);
  return readInto(t, f, count, `read(${fd})`, (d) => t.mm.as.writeBytes(buf, d));
}

function doWrite(t: Task, fd: number, buf: number, count: number): SysResult {
  const f = file(t, fd);
  if (!f) return -EBADF;
  if (count < 0) return -EINVAL;
  count = Math.min(count, MAX_RW);
  if (count === 0) return 0;
  return writeAll(t, f, t.mm.as.readBytes(buf, count), `write(${fd})`);
}

/** epipe sends SIGPIPE to a writer whose reader went away, as pipe_write() does. */
function epipe(t: Task, ret: number): number {
  if (ret === -EPIPE) sendSignal(t, { signo: SIGPIPE, code: SI_USER, pid: t.process.pid, uid: 0 }, false);
  return ret;
}

interface IoVec {
  base: number;
  len: number;
}

function readIov(t: Task, iov: number, cnt: number): IoVec[] | number {
  if (cnt < 0 || cnt > 1024) return -EINVAL;
  const raw = t.mm.as.readBytes(iov, cnt * 16);
  const dv = new DataView(raw.buffer);
  const out: IoVec[] = [];
  for (let i = 0; i < cnt; i++) {
    const len = Number(dv.getBigInt64(i * 16 + 8, true));
    if (len < 0) return -EINVAL;
    out.push({ base: Number(dv.getBigUint64(i * 16, true)), len });
  }
  return out;
}

sys(0, 'read', (t, fd, buf, count) => doRead(t, fd, buf, count));
sys(1, 'write', (t, fd, buf, count) => doWrite(t, fd, buf, count));
sys(17, 'pread64', (t, fd, buf, count, off) => {
  const f = file(t, fd);
  if (!f) return -EBADF;
  if (!f.pread) return -29; // ESPIPE
  if (off < 0) return -EINVAL;
  const tmp = new Uint8Array(Math.min(count, 1 << 20));
  const n = f.pread(tmp, off);
  if (n > 0) t.mm.as.writeBytes(buf, tmp.subarray(0, n));
  return n;
});
sys(19, 'readv', (t, fd, iov, cnt) => {
  const v = readIov(t, iov, cnt);
  if (typeof v === 'number') return v;
  const f = file(t, fd);
  if (!f) return -EBADF;
  const total = Math.min(v.reduce((s, x) => s + x.len, 0), MAX_RW);
  if (total === 0) return 0;
  t.mm.as.checkWrite(v.find((x) => x.len > 0)!.base, 1);
  // One read, scattered over the buffers in order.
  return readInto(t, f, total, `readv(${fd})`, (data) => {
    let off = 0;
    for (const { base, len } of v) {
      if (off >= data.length) break;
      const n = Math.min(len, data.length - off);
      if (n > 0) t.mm.as.writeBytes(base, data.subarray(off, off + n));
      off += n;
    }
  });
});
sys(20, 'writev', (t, fd, iov, cnt) => {
  const v = readIov(t, iov, cnt);
  if (typeof v === 'number') return v;
  const f = file(t, fd);
  if (!f) return -EBADF;
  // Gather first so that one writev is one write (no interleaving), as for a pipe or terminal.
  const parts = v.filter((x) => x.len > 0).map(({ base, len }) => t.mm.as.readBytes(base, len));
  const total = parts.reduce((s, p) => s + p.length, 0);
  if (total === 0) return 0;
  const all = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    all.set(p, off);
    off += p.length;
  }
  return writeAll(t, f, all, `writev(${fd})`);
});
sys(8, 'lseek', (t, fd, off, whence) => {
  const f = file(t, fd);
  if (!f) return -EBADF;
  return f.seek(off, whence);
});
sys(16, 'ioctl', (t, fd, req, arg) => {
  const f = file(t, fd);
  if (!f) return -EBADF;
  switch (req >>> 0) {
    case TCGETS: {
      if (!f.isatty()) return -ENOTTY;
      // struct termios (36 bytes): a cooked terminal as a fresh Linux pty has it.
      const tio = new Uint8Array(36);
      const dv = new DataView(tio.buffer);
      dv.setUint32(0, 0x500, true); // ICRNL | IXON
      dv.setUint32(4, 0x5, true); // OPOST | ONLCR
      dv.setUint32(8, 0xbf, true); // B38400 | CS8 | CREAD
      dv.setUint32(12, 0x8a3b, true); // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
      tio.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0], 17);
      t.mm.as.writeBytes(arg, tio);
      return 0;
    }
    case TIOCGWINSZ: {
      if (!f.isatty()) return -ENOTTY;
      const ws = new Uint8Array(8);
      new DataView(ws.buffer).setUint16(0, 24, true);
      new DataView(ws.buffer).setUint16(2, 80, true);
      t.mm.as.writeBytes(arg, ws);
      return 0;
    }
    default:
      return -ENOTTY;
  }
}, 'partial', 'TCGETS and TIOCGWINSZ on terminals (fixed attributes, 80x24); other requests give ENOTTY');
