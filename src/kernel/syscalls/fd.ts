/**
 * Descriptor-table calls and waiting on descriptors: pipe/pipe2, dup/dup2/dup3, fcntl, close_range
 * (fs/pipe.c, fs/file.c, fs/fcntl.c) and poll/ppoll (fs/select.c).
 */
import { EBADF, EFAULT, EINVAL, O_CLOEXEC, O_NONBLOCK } from '../../abi/linux.js';
import { SIG_UNBLOCKABLE } from '../../abi/signal.js';
import { DEFAULT_POLLMASK, type File, NR_OPEN, POLLERR, POLLHUP, POLLNVAL } from '../files.js';
import { PIPE_DEF_SIZE, PipeEnd, createPipe } from '../pipe.js';
import { ERESTARTNOHAND, ERESTART_RESTARTBLOCK, setCurrentBlocked } from '../signals/delivery.js';
import { type WaitQueue, waitEvent } from '../sleep.js';
import type { Task } from '../task.js';
import { type SysResult, sys } from './table.js';

const F_DUPFD = 0, F_GETFD = 1, F_SETFD = 2, F_GETFL = 3, F_SETFL = 4, F_DUPFD_CLOEXEC = 1030, F_SETPIPE_SZ = 1031,
  F_GETPIPE_SZ = 1032;
const FD_CLOEXEC = 1;
/** SETFL_MASK: the status flags F_SETFL may change (O_APPEND, O_NONBLOCK, FASYNC, O_DIRECT, O_NOATIME). */
const SETFL_MASK = 0o2000 | 0o4000 | 0o20000 | 0o40000 | 0o1000000;
const CLOSE_RANGE_UNSHARE = 2, CLOSE_RANGE_CLOEXEC = 4;

function int(v: number): number {
  return v | 0;
}

// ---------------------------------------------------------------------------------------------
// pipe, dup, fcntl, close_range

function doPipe2(t: Task, fdsAddr: number, flags: number): number {
  if (flags & ~(O_CLOEXEC | O_NONBLOCK)) return -EINVAL;
  const [r, w] = createPipe(flags & O_NONBLOCK);
  const fds = t.process.fds;
  const cloexec = (flags & O_CLOEXEC) !== 0;
  const rfd = fds.install(r, cloexec);
  if (rfd < 0) {
    r.close();
    w.close();
    return rfd;
  }
  const wfd = fds.install(w, cloexec);
  if (wfd < 0) {
    fds.close(rfd);
    w.close();
    return wfd;
  }
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, rfd, true);
  dv.setInt32(4, wfd, true);
  try {
    t.mm.as.writeBytes(fdsAddr, b);
  } catch {
    fds.close(rfd);
    fds.close(wfd);
    return -EFAULT;
  }
  return 0;
}

sys(22, 'pipe', (t, fds) => doPipe2(t, fds, 0), 'supported', '64 KiB buffer; blocking and O_NONBLOCK ends');
sys(293, 'pipe2', (t, fds, flags) => doPipe2(t, fds, flags), 'partial', 'O_CLOEXEC and O_NONBLOCK; O_DIRECT (packet mode) gives EINVAL');

sys(32, 'dup', (t, oldfd) => {
  const f = t.process.fds.get(int(oldfd));
  if (!f) return -EBADF;
  return t.process.fds.install(f);
});

/** doDup3 mirrors do_dup2(): `newfd` now refers to oldfd's open file; what it held is closed. */
function doDup3(t: Task, oldfd: number, newfd: number, cloexec: boolean): number {
  const fds = t.process.fds;
  if (newfd < 0 || newfd >= NR_OPEN) return -EBADF;
  const f = fds.get(oldfd);
  if (!f) return -EBADF;
  fds.installAt(newfd, f, cloexec);
  return newfd;
}

sys(33, 'dup2', (t, oldfd, newfd) => {
  if (int(oldfd) === int(newfd)) return t.process.fds.get(int(oldfd)) ? int(newfd) : -EBADF;
  return doDup3(t, int(oldfd), int(newfd), false);
});

sys(292, 'dup3', (t, oldfd, newfd, flags) => {
  if (flags & ~O_CLOEXEC) return -EINVAL;
  if (int(oldfd) === int(newfd)) return -EINVAL;
  return doDup3(t, int(oldfd), int(newfd), (flags & O_CLOEXEC) !== 0);
});

sys(72, 'fcntl', (t, ufd, cmd, arg) => {
  const fd = int(ufd);
  const fds = t.process.fds;
  const f = fds.get(fd);
  if (!f) return -EBADF;
  switch (int(cmd)) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      if (int(arg) < 0 || int(arg) >= NR_OPEN) return -EINVAL;
      return fds.install(f, int(cmd) === F_DUPFD_CLOEXEC, int(arg));
    case F_GETFD:
      return fds.getCloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
      fds.setCloexec(fd, (arg & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      return f.flags;
    case F_SETFL:
      f.flags = (f.flags & ~SETFL_MASK) | (arg & SETFL_MASK);
      return 0;
    case F_GETPIPE_SZ:
      return f instanceof PipeEnd ? PIPE_DEF_SIZE : -EBADF;
    case F_SETPIPE_SZ:
      // The buffer keeps its 64 KiB; a request up to that is granted as that size.
      if (!(f instanceof PipeEnd)) return -EBADF;
      return arg <= PIPE_DEF_SIZE ? PIPE_DEF_SIZE : -EINVAL;
    default:
      return -EINVAL;
  }
}, 'partial', 'F_DUPFD(_CLOEXEC), F_GETFD/F_SETFD, F_GETFL/F_SETFL, F_GETPIPE_SZ; locks and leases give EINVAL');

sys(436, 'close_range', (t, first, last, flags) => {
  if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) return -EINVAL;
  const lo = first >>> 0, hi = last >>> 0;
  if (lo > hi) return -EINVAL;
  const p = t.process;
  if (flags & CLOSE_RANGE_UNSHARE && p.fds.users > 1) {
    p.fds.users--;
    p.fds = p.fds.fork();
  }
  for (const fd of p.fds.descriptors()) {
    if (fd < lo || fd > hi) continue;
    if (flags & CLOSE_RANGE_CLOEXEC) p.fds.setCloexec(fd, true);
    else p.fds.close(fd);
  }
  return 0;
});

// ---------------------------------------------------------------------------------------------
// poll

interface PollFd {
  fd: number;
  events: number;
}

/** pollMask mirrors vfs_poll(): a file's ready events; a file without a poll method is always ready. */
function pollMask(f: File): number {
  return f.poll ? f.poll() : DEFAULT_POLLMASK;
}

/**
 * doPoll mirrors do_sys_poll(): revents for each entry (POLLNVAL for a closed descriptor, nothing
 * for a negative one; POLLERR and POLLHUP always count). Returns the number of ready entries, or
 * sleeps until one is ready, the deadline passes (0), or a signal arrives (-ERESTARTNOHAND).
 */
function doPoll(t: Task, addr: number, nfds: number, deadline: bigint | null, what: string, done: (n: number) => SysResult): SysResult {
  if (nfds > NR_OPEN) return -EINVAL;
  const raw = t.mm.as.readBytes(addr, nfds * 8);
  const dv = new DataView(raw.buffer);
  const entries: PollFd[] = [];
  for (let i = 0; i < nfds; i++) entries.push({ fd: dv.getInt32(i * 8, true), events: dv.getUint16(i * 8 + 4, true) });
  const scan = (): number => {
    let ready = 0;
    for (let i = 0; i < nfds; i++) {
      const e = entries[i];
      let revents = 0;
      if (e.fd >= 0) {
        const f = t.process.fds.get(e.fd);
        revents = f ? pollMask(f) & (e.events | POLLERR | POLLHUP) : POLLNVAL;
      }
      dv.setUint16(i * 8 + 6, revents, true);
      if (revents) ready++;
    }
    return ready;
  };
  const publish = (n: number): SysResult => {
    t.mm.as.writeBytes(addr, raw);
    return done(n);
  };
  const queues = new Set<WaitQueue>();
  for (const e of entries) {
    const q = e.fd >= 0 ? t.process.fds.get(e.fd)?.waitq : undefined;
    if (q) queues.add(q);
  }
  const k = t.kernel;
  return waitEvent(t, {
    what,
    waitsFor: 'a descriptor to become ready',
    queues: [...queues],
    deadline,
    check: () => {
      const n = scan();
      if (n > 0 || (deadline !== null && k.monotonicNs() >= deadline)) return publish(n);
      return null;
    },
    interrupted: () => {
      scan();
      t.mm.as.writeBytes(addr, raw);
      return done(-ERESTARTNOHAND);
    },
    timedOut: () => publish(0),
  });
}

sys(7, 'poll', (t, fds, nfds, timeoutMs) => {
  const ms = int(timeoutMs);
  const deadline = ms >= 0 ? t.kernel.monotonicNs() + BigInt(ms) * 1_000_000n : null;
  const attempt = (rt: Task, dl: bigint | null): SysResult =>
    doPoll(rt, fds, nfds >>> 0, dl, 'poll()', (n) => {
      if (n !== -ERESTARTNOHAND) return n;
      // sys_poll(): restart with what is left of the timeout.
      rt.restartBlock = (r2) => attempt(r2, dl);
      return -ERESTART_RESTARTBLOCK;
    });
  return attempt(t, deadline);
}, 'supported', 'pipes, pidfds and always-ready files; timeouts on the virtual clock');

sys(271, 'ppoll', (t, fds, nfds, tsp, sigmaskAddr, sigsetsize) => {
  let deadline: bigint | null = null;
  let timeoutNs = -1n;
  if (tsp) {
    const dv = new DataView(t.mm.as.readBytes(tsp, 16).buffer);
    const sec = dv.getBigInt64(0, true), nsec = dv.getBigInt64(8, true);
    if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) return -EINVAL;
    timeoutNs = sec * 1_000_000_000n + nsec;
    deadline = t.kernel.monotonicNs() + timeoutNs;
  }
  if (sigmaskAddr) {
    if (sigsetsize !== 8) return -EINVAL;
    const mask = new DataView(t.mm.as.readBytes(sigmaskAddr, 8).buffer).getBigUint64(0, true);
    t.savedSigmask = t.sigmask;
    setCurrentBlocked(t, mask & ~SIG_UNBLOCKABLE);
  }
  return doPoll(t, fds, nfds >>> 0, deadline, 'ppoll()', (n) => {
    // poll_select_finish(): the mask goes back now unless a handler must run with it first.
    if (n !== -ERESTARTNOHAND && t.savedSigmask !== null) {
      setCurrentBlocked(t, t.savedSigmask);
      t.savedSigmask = null;
    }
    if (tsp && timeoutNs !== 0n && deadline !== null) {
      let left = deadline - t.kernel.monotonicNs();
      if (left < 0n) left = 0n;
      const b = new Uint8Array(16);
      const dv = new DataView(b.buffer);
      dv.setBigInt64(0, left / 1_000_000_000n, true);
      dv.setBigInt64(8, left % 1_000_000_000n, true);
      try {
        t.mm.as.writeBytes(tsp, b);
      } catch {
        if (n === -ERESTARTNOHAND) return -4; // EINTR
      }
    }
    return n;
  });
}, 'supported', 'as poll, with the signal mask swapped for the wait');
