/**
 * Futexes (kernel/futex/): wait queues keyed by a user address, as get_futex_key() names them,
 * plus the robust-list walk a dying thread does (exit_robust_list()).
 *
 * Keys: a FUTEX_PRIVATE_FLAG futex is (mm, address). A shared one is (page, offset) when the page
 * belongs to a MAP_SHARED mapping — so processes sharing the memory meet on it — and otherwise
 * (mm, address) marked shared, which Linux keeps distinct from the private key of the same word
 * (a private waiter is not woken by a shared wake; glibc relies on this for robust mutexes and the
 * CLONE_CHILD_CLEARTID wake-up, which are always shared).
 *
 * Waiters of one key are woken in the order they queued (a plist of equal priorities).
 */
import { EAGAIN, EFAULT, EINVAL, ENOSYS, ETIMEDOUT } from '../abi/linux.js';
import { Access, type Frame, PAGE_SIZE } from '../cpu/memory.js';
import type { Mm } from './mm.js';
import { ERESTARTSYS, ERESTART_RESTARTBLOCK } from './signals/delivery.js';
import { waitEvent } from './sleep.js';
import type { SysResult } from './syscalls/table.js';
import type { Task } from './task.js';

export const FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_FD = 2, FUTEX_REQUEUE = 3, FUTEX_CMP_REQUEUE = 4,
  FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7, FUTEX_TRYLOCK_PI = 8, FUTEX_WAIT_BITSET = 9,
  FUTEX_WAKE_BITSET = 10, FUTEX_WAIT_REQUEUE_PI = 11, FUTEX_CMP_REQUEUE_PI = 12, FUTEX_LOCK_PI2 = 13;
export const FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;
export const FUTEX_BITSET_MATCH_ANY = 0xffffffff;
/** Robust futex word bits (include/uapi/linux/futex.h). */
export const FUTEX_WAITERS = 0x80000000, FUTEX_OWNER_DIED = 0x40000000, FUTEX_TID_MASK = 0x3fffffff;
/** ROBUST_LIST_LIMIT bounds the walk of a (possibly circular) robust list. */
const ROBUST_LIST_LIMIT = 2048;

interface FutexWaiter {
  task: Task;
  key: string;
  bitset: number;
  woken: boolean;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(o: Mm | Frame): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = nextId++));
  return id;
}

/** FutexTable holds the waiters of every futex of the machine (the futex hash). */
export class FutexTable {
  private readonly queues = new Map<string, FutexWaiter[]>();

  enqueue(w: FutexWaiter): void {
    let q = this.queues.get(w.key);
    if (!q) this.queues.set(w.key, (q = []));
    q.push(w);
  }

  unqueue(w: FutexWaiter): void {
    const q = this.queues.get(w.key);
    if (!q) return;
    const i = q.indexOf(w);
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) this.queues.delete(w.key);
  }

  waiters(key: string): FutexWaiter[] {
    return [...(this.queues.get(key) ?? [])];
  }

  /** wakeWaiter mirrors futex_wake_mark(): off the queue, then runnable. */
  wakeWaiter(w: FutexWaiter): void {
    this.unqueue(w);
    w.woken = true;
    w.task.kernel.sched.wake(w.task);
  }
}

/**
 * futexKey mirrors get_futex_key(): a string naming the futex, or -errno. A shared key needs the
 * page (it is faulted in, as get_user_pages_fast() would); a private one touches no memory.
 */
export function futexKey(t: Task, uaddr: number, priv: boolean): string | number {
  if (uaddr % 4 !== 0) return -EINVAL;
  const mm = t.mm;
  if (priv) return `p${idOf(mm)}:${uaddr}`;
  const v = mm.find(uaddr);
  if (!v) return -EFAULT;
  if (v.shared) return `s${idOf(mm.as.translate(uaddr, Access.Read))}:${uaddr % PAGE_SIZE}`;
  return `a${idOf(mm)}:${uaddr}`;
}

function readU32(t: Task, addr: number): number {
  return new DataView(t.mm.as.readBytes(addr, 4).buffer).getUint32(0, true);
}

function writeU32(t: Task, addr: number, v: number): void {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v >>> 0, true);
  t.mm.as.writeBytes(addr, b);
}

/**
 * futexWait mirrors futex_wait(): -EAGAIN if *uaddr != val, else sleep until a wake whose bitset
 * intersects `bitset` (0), the absolute CLOCK_MONOTONIC `deadline` (-ETIMEDOUT), or a signal
 * (-ERESTARTSYS; with a deadline -ERESTART_RESTARTBLOCK, and restart_syscall waits again until the
 * same deadline).
 */
export function futexWait(t: Task, uaddr: number, priv: boolean, val: number, deadline: bigint | null, bitset: number): SysResult {
  if (!bitset) return -EINVAL;
  const key = futexKey(t, uaddr, priv);
  if (typeof key === 'number') return key;
  if (readU32(t, uaddr) !== val >>> 0) return -EAGAIN;
  const table = t.kernel.futexes;
  const w: FutexWaiter = { task: t, key, bitset: bitset >>> 0, woken: false };
  table.enqueue(w);
  const k = t.kernel;
  return waitEvent(t, {
    what: `futex_wait(0x${uaddr.toString(16)})`,
    waitsFor: 'a futex wake',
    deadline,
    check: () => {
      if (w.woken) return 0;
      if (deadline !== null && k.monotonicNs() >= deadline) {
        table.unqueue(w);
        return -ETIMEDOUT;
      }
      return null;
    },
    interrupted: () => {
      if (deadline === null) return -ERESTARTSYS;
      t.restartBlock = (rt) => futexWait(rt, uaddr, priv, val, deadline, bitset);
      return -ERESTART_RESTARTBLOCK;
    },
    abandon: () => table.unqueue(w),
  });
}

/** futexWake mirrors futex_wake(): wake up to `nr` waiters whose bitset intersects `bitset`. */
export function futexWake(t: Task, uaddr: number, priv: boolean, nr: number, bitset: number): number {
  if (!bitset) return -EINVAL;
  const key = futexKey(t, uaddr, priv);
  if (typeof key === 'number') return key;
  return wakeKey(t, key, nr, bitset >>> 0);
}

function wakeKey(t: Task, key: string, nr: number, bitset: number): number {
  const table = t.kernel.futexes;
  let woken = 0;
  for (const w of table.waiters(key)) {
    if (!(w.bitset & bitset)) continue;
    table.wakeWaiter(w);
    if (++woken >= nr) break;
  }
  return woken;
}

/**
 * futexRequeue mirrors futex_requeue() without PI: wake `nrWake` waiters of uaddr and move up to
 * `nrRequeue` more to uaddr2; with `cmpval` (FUTEX_CMP_REQUEUE) first check *uaddr == cmpval.
 * Returns how many were woken or moved.
 */
export function futexRequeue(
  t: Task, uaddr: number, uaddr2: number, priv: boolean, nrWake: number, nrRequeue: number, cmpval: number | null,
): number {
  if (nrWake < 0 || nrRequeue < 0) return -EINVAL;
  const key1 = futexKey(t, uaddr, priv);
  if (typeof key1 === 'number') return key1;
  const key2 = futexKey(t, uaddr2, priv);
  if (typeof key2 === 'number') return key2;
  if (cmpval !== null && readU32(t, uaddr) !== cmpval >>> 0) return -EAGAIN;
  const table = t.kernel.futexes;
  let count = 0;
  for (const w of table.waiters(key1)) {
    if (count - nrWake >= nrRequeue) break;
    if (++count <= nrWake) {
      table.wakeWaiter(w);
      continue;
    }
    table.unqueue(w);
    w.key = key2;
    table.enqueue(w);
  }
  return count;
}

/** futexWakeOp mirrors futex_wake_op(): *uaddr2 = op(*uaddr2); wake on uaddr; maybe wake on uaddr2. */
export function futexWakeOp(t: Task, uaddr: number, uaddr2: number, priv: boolean, nrWake: number, nrWake2: number, encoded: number): number {
  const key1 = futexKey(t, uaddr, priv);
  if (typeof key1 === 'number') return key1;
  const key2 = futexKey(t, uaddr2, priv);
  if (typeof key2 === 'number') return key2;
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = ((encoded >>> 12) & 0xfff) << 20 >> 20;
  const cmparg = (encoded & 0xfff) << 20 >> 20;
  if ((encoded >>> 28) & 8) oparg = 1 << (oparg & 31);
  // futex_atomic_op_inuser(): an unknown op changes nothing; an unknown comparison fails after the op.
  if (op > 4) return -ENOSYS;
  const old = readU32(t, uaddr2) | 0;
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op];
  writeU32(t, uaddr2, next);
  if (cmp > 5) return -ENOSYS;
  let woken = wakeKey(t, key1, nrWake, FUTEX_BITSET_MATCH_ANY);
  const cond = [old === cmparg, old !== cmparg, old < cmparg, old <= cmparg, old > cmparg, old >= cmparg][cmp];
  if (cond) woken += wakeKey(t, key2, nrWake2, FUTEX_BITSET_MATCH_ANY);
  return woken;
}

/**
 * handleFutexDeath mirrors handle_futex_death(): a robust futex still owned by the dying thread
 * gets FUTEX_OWNER_DIED (keeping FUTEX_WAITERS) and one waiter is woken; a pending operation on
 * an unowned futex wakes one waiter. Returns false when the word cannot be accessed.
 */
function handleFutexDeath(t: Task, uaddr: number, pi: boolean, pendingOp: boolean): boolean {
  if (uaddr % 4 !== 0) return false;
  let uval: number;
  try {
    uval = readU32(t, uaddr);
  } catch {
    return false;
  }
  if (pendingOp && !pi && uval === 0) {
    futexWakeShared(t, uaddr);
    return true;
  }
  if ((uval & FUTEX_TID_MASK) !== t.tid) return true;
  try {
    writeU32(t, uaddr, (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
  } catch {
    return false;
  }
  if (!pi && uval & FUTEX_WAITERS) futexWakeShared(t, uaddr);
  return true;
}

/** futexWakeShared wakes one waiter of a shared futex, ignoring errors (the kernel's own wakes). */
export function futexWakeShared(t: Task, uaddr: number): void {
  try {
    futexWake(t, uaddr, false, 1, FUTEX_BITSET_MATCH_ANY);
  } catch {
    // An unmapped word has no waiters to wake.
  }
}

/** exitRobustList mirrors exit_robust_list(): walk the dying thread's robust list. */
export function exitRobustList(t: Task): void {
  const head = t.robustList;
  t.robustList = 0;
  if (!head) return;
  const read64 = (a: number): number => Number(new DataView(t.mm.as.readBytes(a, 8).buffer).getBigInt64(0, true));
  let entry: number, futexOffset: number, pending: number;
  try {
    entry = read64(head);
    futexOffset = read64(head + 8);
    pending = read64(head + 16);
  } catch {
    return;
  }
  let pi = (entry & 1) !== 0;
  entry -= entry & 1;
  const pip = (pending & 1) !== 0;
  pending -= pending & 1;
  for (let limit = ROBUST_LIST_LIMIT; entry !== head && limit > 0; limit--) {
    let next: number;
    try {
      next = read64(entry);
    } catch {
      return;
    }
    if (entry !== pending && !handleFutexDeath(t, entry + futexOffset, pi, false)) return;
    pi = (next & 1) !== 0;
    entry = next - (next & 1);
  }
  if (pending) handleFutexDeath(t, pending + futexOffset, pip, true);
}
