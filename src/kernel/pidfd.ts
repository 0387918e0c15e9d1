/**
 * Process file descriptors (kernel/pid.c pidfd_open(), kernel/fork.c pidfd_poll()): a file that
 * names a process. Polling it reports POLLIN once the process has exited (a zombie), and also
 * POLLHUP once it has been reaped. Reading it is EINVAL; it is always close-on-exec.
 */
import { EINVAL, ESPIPE, O_RDWR } from '../abi/linux.js';
import { type File, POLLHUP, POLLIN, POLLRDNORM, type Stat } from './files.js';
import type { Process } from './process.js';
import type { WaitQueue } from './sleep.js';
import type { Task } from './task.js';

export class PidFile implements File {
  readonly kind = 'pidfd';
  readonly path = 'anon_inode:[pidfd]';
  flags = O_RDWR;

  constructor(readonly proc: Process) {}

  get waitq(): WaitQueue {
    return this.proc.pidfdWait;
  }

  poll(): number {
    if (this.proc.state === 'reaped') return POLLIN | POLLRDNORM | POLLHUP;
    return this.proc.state === 'zombie' ? POLLIN | POLLRDNORM : 0;
  }

  read(): number {
    return -EINVAL;
  }

  write(): number {
    return -EINVAL;
  }

  seek(): number {
    return -ESPIPE;
  }

  stat(): Stat {
    return {
      dev: 14, ino: this.proc.pid, mode: 0o600, nlink: 1, uid: 0, gid: 0, rdev: 0, size: 0, blksize: 4096, blocks: 0,
      atimeNs: 0n, mtimeNs: 0n, ctimeNs: 0n,
    };
  }

  isatty(): boolean {
    return false;
  }

  close(): void {}
}

/** pidfdCreate installs a pidfd for `p` in the caller's table (O_CLOEXEC, as pidfds always are). */
export function pidfdCreate(t: Task, p: Process, flags = 0): number {
  const f = new PidFile(p);
  f.flags |= flags;
  return t.process.fds.install(f, true);
}

/** pidfdProcess returns the process a pidfd names, or null if `f` is not a pidfd. */
export function pidfdProcess(f: File | undefined): Process | null {
  return f instanceof PidFile ? f.proc : null;
}
