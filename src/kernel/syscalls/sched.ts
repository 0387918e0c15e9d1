/**
 * Futexes, yielding and sleeping (kernel/futex/syscalls.c, kernel/sched/core.c,
 * kernel/time/hrtimer.c, kernel/time/posix-timers.c). Every timeout is on the virtual clock: a
 * sleeper wakes when the other tasks have run long enough, or at once when all tasks sleep.
 */
import {
  CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_REALTIME, EFAULT, EINVAL, ENOSYS, EOPNOTSUPP,
} from '../../abi/linux.js';
import {
  FUTEX_BITSET_MATCH_ANY, FUTEX_CLOCK_REALTIME, FUTEX_CMP_REQUEUE, FUTEX_LOCK_PI, FUTEX_LOCK_PI2,
  FUTEX_PRIVATE_FLAG, FUTEX_REQUEUE, FUTEX_WAIT, FUTEX_WAIT_BITSET, FUTEX_WAIT_REQUEUE_PI, FUTEX_WAKE,
  FUTEX_WAKE_BITSET, FUTEX_WAKE_OP, futexRequeue, futexWait, futexWake, futexWakeOp,
} from '../futex.js';
import { ERESTARTNOHAND, ERESTART_RESTARTBLOCK } from '../signals/delivery.js';
import { waitEvent } from '../sleep.js';
import type { Task } from '../task.js';
import { type SysResult, sys } from './table.js';

const NSEC_PER_SEC = 1_000_000_000n;
/** CLOCK_TAI (include/uapi/linux/time.h); TAI = REALTIME here (no leap seconds are modelled). */
const CLOCK_TAI = 11;
const TIMER_ABSTIME = 1;

/** readTimespec reads a struct __kernel_timespec; null if it is not valid (timespec64_valid()). */
function readTimespec(t: Task, addr: number): bigint | null {
  const dv = new DataView(t.mm.as.readBytes(addr, 16).buffer);
  const sec = dv.getBigInt64(0, true), nsec = dv.getBigInt64(8, true);
  if (sec < 0n || nsec < 0n || nsec >= NSEC_PER_SEC) return null;
  return sec * NSEC_PER_SEC + nsec;
}

function writeTimespec(t: Task, addr: number, ns: bigint): void {
  const b = new Uint8Array(16);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, ns / NSEC_PER_SEC, true);
  dv.setBigInt64(8, ns % NSEC_PER_SEC, true);
  t.mm.as.writeBytes(addr, b);
}

/** realtimeOffset is CLOCK_REALTIME - CLOCK_MONOTONIC (constant: nobody sets the clock). */
function realtimeOffset(t: Task): bigint {
  return t.kernel.realtimeNs() - t.kernel.monotonicNs();
}

// ---------------------------------------------------------------------------------------------
// futex

/** futex_cmd_has_timeout(): the commands whose fourth argument is a timeout rather than val2. */
function hasTimeout(cmd: number): boolean {
  return cmd === FUTEX_WAIT || cmd === FUTEX_WAIT_BITSET || cmd === FUTEX_LOCK_PI || cmd === FUTEX_LOCK_PI2 ||
    cmd === FUTEX_WAIT_REQUEUE_PI;
}

sys(202, 'futex', (t, uaddr, op, val, utime, uaddr2, val3) => {
  const cmd = op & 127;
  const priv = (op & FUTEX_PRIVATE_FLAG) !== 0;
  const clockRt = (op & FUTEX_CLOCK_REALTIME) !== 0;
  if (clockRt && cmd !== FUTEX_WAIT_BITSET && cmd !== FUTEX_WAIT_REQUEUE_PI && cmd !== FUTEX_LOCK_PI2) return -ENOSYS;
  let deadline: bigint | null = null;
  if (hasTimeout(cmd) && utime) {
    const ts = readTimespec(t, utime);
    if (ts === null) return -EINVAL;
    // FUTEX_WAIT takes a relative CLOCK_MONOTONIC timeout; the others an absolute time.
    if (cmd === FUTEX_WAIT) deadline = t.kernel.monotonicNs() + ts;
    else deadline = clockRt ? ts - realtimeOffset(t) : ts;
  }
  const val2 = utime % 2 ** 32 | 0;
  switch (cmd) {
    case FUTEX_WAIT:
      return futexWait(t, uaddr, priv, val, deadline, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAIT_BITSET:
      return futexWait(t, uaddr, priv, val, deadline, val3 >>> 0);
    case FUTEX_WAKE:
      return futexWake(t, uaddr, priv, val | 0, FUTEX_BITSET_MATCH_ANY);
    case FUTEX_WAKE_BITSET:
      return futexWake(t, uaddr, priv, val | 0, val3 >>> 0);
    case FUTEX_REQUEUE:
      return futexRequeue(t, uaddr, uaddr2, priv, val | 0, val2, null);
    case FUTEX_CMP_REQUEUE:
      return futexRequeue(t, uaddr, uaddr2, priv, val | 0, val2, val3 >>> 0);
    case FUTEX_WAKE_OP:
      return futexWakeOp(t, uaddr, uaddr2, priv, val | 0, val2, val3 >>> 0);
    default:
      // FUTEX_FD is gone; the priority-inheritance commands are not modelled.
      return -ENOSYS;
  }
}, 'partial', 'WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE, WAKE_OP; PI commands give ENOSYS');

// ---------------------------------------------------------------------------------------------
// Yielding

sys(24, 'sched_yield', (t) => {
  t.kernel.sched.yield(t);
  return 0;
}, 'supported', 'the caller goes to the back of the run queue');

sys(309, 'getcpu', (t, cpu, node) => {
  const zero = new Uint8Array(4);
  if (cpu) t.mm.as.writeBytes(cpu, zero);
  if (node) t.mm.as.writeBytes(node, zero);
  return 0;
}, 'supported', 'one CPU (0), one node (0)');

// ---------------------------------------------------------------------------------------------
// Sleeping

/**
 * doNanosleep mirrors do_nanosleep() + hrtimer_nanosleep(): sleep until the absolute monotonic
 * `deadline`. A signal ends a relative sleep with -ERESTART_RESTARTBLOCK (the remaining time
 * stored in `rem` first, if given; restart_syscall sleeps on to the same deadline) and an absolute
 * one with -ERESTARTNOHAND.
 */
function doNanosleep(t: Task, deadline: bigint, rem: number, abs: boolean, what: string): SysResult {
  const k = t.kernel;
  return waitEvent(t, {
    what,
    waitsFor: 'its timer',
    deadline,
    check: () => (k.monotonicNs() >= deadline ? 0 : null),
    interrupted: () => {
      if (abs) return -ERESTARTNOHAND;
      if (rem) {
        const left = deadline - k.monotonicNs();
        if (left <= 0n) return 0;
        try {
          writeTimespec(t, rem, left);
        } catch {
          return -EFAULT;
        }
      }
      t.restartBlock = (rt) => doNanosleep(rt, deadline, rem, false, what);
      return -ERESTART_RESTARTBLOCK;
    },
    timedOut: () => 0,
  });
}

sys(35, 'nanosleep', (t, req, rem) => {
  const ns = readTimespec(t, req);
  if (ns === null) return -EINVAL;
  t.restartBlock = null;
  return doNanosleep(t, t.kernel.monotonicNs() + ns, rem, false, 'nanosleep()');
}, 'supported', 'on the virtual clock');

sys(230, 'clock_nanosleep', (t, clock, flags, req, rem) => {
  const clk = clock | 0;
  let offset: bigint;
  switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_TAI:
      offset = realtimeOffset(t);
      break;
    case CLOCK_MONOTONIC:
    case CLOCK_BOOTTIME:
      offset = 0n;
      break;
    case 4: // CLOCK_MONOTONIC_RAW
    case 5: // CLOCK_REALTIME_COARSE
    case 6: // CLOCK_MONOTONIC_COARSE
      return -EOPNOTSUPP;
    default:
      return -EINVAL;
  }
  const ns = readTimespec(t, req);
  if (ns === null) return -EINVAL;
  t.restartBlock = null;
  const abs = (flags & TIMER_ABSTIME) !== 0;
  const deadline = abs ? ns - offset : t.kernel.monotonicNs() + ns;
  return doNanosleep(t, deadline, abs ? 0 : rem, abs, 'clock_nanosleep()');
}, 'partial', 'REALTIME, MONOTONIC, BOOTTIME and TAI, relative or TIMER_ABSTIME, on the virtual clock; CPU-time clocks give EINVAL');
