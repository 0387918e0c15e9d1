/** Process identity, time, randomness, limits and TLS setup (kernel/sys.c etc.). The signal calls are in ../signals/syscalls.ts. */
import {
  ARCH_GET_FS, ARCH_GET_GS, ARCH_SET_FS, ARCH_SET_GS, CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE,
  CLOCK_MONOTONIC_RAW, CLOCK_PROCESS_CPUTIME_ID, CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_THREAD_CPUTIME_ID,
  EINVAL, EPERM, ESRCH, TASK_SIZE_MAX,
} from '../../abi/linux.js';
import type { Task } from '../task.js';
import { sys } from './table.js';

function putU64s(t: Task, addr: number, vals: bigint[]): void {
  const b = new Uint8Array(vals.length * 8);
  const dv = new DataView(b.buffer);
  vals.forEach((v, i) => dv.setBigInt64(i * 8, v, true));
  t.mm.as.writeBytes(addr, b);
}

sys(39, 'getpid', (t) => t.process.pid);
sys(186, 'gettid', (t) => t.tid);
sys(102, 'getuid', () => 0);
sys(107, 'geteuid', () => 0);
sys(104, 'getgid', () => 0);
sys(108, 'getegid', () => 0);

sys(63, 'uname', (t, buf) => {
  const fields = ['Linux', 'enclu', '6.1.0-enclu', '#1 SMP PREEMPT_DYNAMIC enclu', 'x86_64', '(none)'];
  const b = new Uint8Array(65 * 6);
  const enc = new TextEncoder();
  fields.forEach((f, i) => b.set(enc.encode(f), i * 65));
  t.mm.as.writeBytes(buf, b);
  return 0;
});

sys(158, 'arch_prctl', (t, code, addr) => {
  const c = t.cpu;
  switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
      // do_arch_prctl_64(): the base must be a user address.
      if (addr < 0 || addr >= TASK_SIZE_MAX) return -EPERM;
      if (code === ARCH_SET_FS) c.fsBase = addr;
      else c.gsBase = addr;
      return 0;
    case ARCH_GET_FS:
      putU64s(t, addr, [BigInt(c.fsBase)]);
      return 0;
    case ARCH_GET_GS:
      putU64s(t, addr, [BigInt(c.gsBase)]);
      return 0;
    default:
      return -EINVAL;
  }
}, 'partial', 'ARCH_SET/GET_FS/GS; CPUID faulting is not offered');

sys(218, 'set_tid_address', (t, addr) => {
  t.clearChildTid = addr;
  return t.tid;
});
sys(273, 'set_robust_list', (t, head, len) => {
  if (len !== 24) return -EINVAL;
  t.robustList = head;
  return 0;
});

sys(334, 'rseq', (t, addr, len, flags, sig) => {
  void sig;
  if (flags & ~1) return -EINVAL;
  if (flags & 1) return 0; // unregister
  if (len < 32 || addr % 32 !== 0) return -EINVAL;
  // Registration stores the current CPU (always 0) in cpu_id_start and cpu_id.
  const b = new Uint8Array(8);
  t.mm.as.writeBytes(addr, b);
  return 0;
}, 'partial', 'registration writes cpu_id = 0; critical sections are never aborted (one CPU, no preemption inside them)');

const RLIM_INFINITY = -1n;
function rlimit(resource: number): [bigint, bigint] | null {
  switch (resource) {
    case 3: return [8n * 1024n * 1024n, RLIM_INFINITY]; // RLIMIT_STACK
    case 7: return [1024n, 1048576n]; // RLIMIT_NOFILE
    case 4: return [0n, RLIM_INFINITY]; // RLIMIT_CORE
    case 6: return [63000n, 63000n]; // RLIMIT_NPROC
    case 8: return [8n * 1024n * 1024n, 8n * 1024n * 1024n]; // RLIMIT_MEMLOCK
    default: return resource >= 0 && resource < 16 ? [RLIM_INFINITY, RLIM_INFINITY] : null;
  }
}
sys(302, 'prlimit64', (t, pid, resource, newLim, oldLim) => {
  if (pid !== 0 && !t.kernel.processes.has(pid)) return -ESRCH;
  const r = rlimit(resource);
  if (!r) return -EINVAL;
  if (oldLim) putU64s(t, oldLim, r);
  void newLim;
  return 0;
}, 'partial', 'reports fixed limits; new limits are accepted and not enforced');
sys(97, 'getrlimit', (t, resource, lim) => {
  const r = rlimit(resource);
  if (!r) return -EINVAL;
  putU64s(t, lim, r);
  return 0;
});

sys(318, 'getrandom', (t, buf, len, flags) => {
  if (flags & ~7) return -EINVAL;
  const n = Math.min(len, 33554431);
  t.mm.as.writeBytes(buf, t.kernel.randomBytes(n));
  return n;
}, 'supported', 'deterministic stream from the machine seed');

function clockNs(t: Task, clk: number): bigint | null {
  switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return t.kernel.realtimeNs();
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
      return t.kernel.monotonicNs();
    case CLOCK_PROCESS_CPUTIME_ID:
      // The group's CPU time: its live threads and the ones that have exited.
      return BigInt(t.process.tasks.reduce((sum, x) => sum + x.cpu.icount, t.process.cpuNs));
    case CLOCK_THREAD_CPUTIME_ID:
      return BigInt(t.cpu.icount);
    default:
      return null;
  }
}
sys(228, 'clock_gettime', (t, clk, ts) => {
  const ns = clockNs(t, clk);
  if (ns === null) return -EINVAL;
  putU64s(t, ts, [ns / 1_000_000_000n, ns % 1_000_000_000n]);
  return 0;
}, 'supported', 'virtual clock: 1 ns per retired instruction');
sys(229, 'clock_getres', (t, clk, ts) => {
  if (clockNs(t, clk) === null) return -EINVAL;
  if (ts) putU64s(t, ts, [0n, 1n]);
  return 0;
});
sys(96, 'gettimeofday', (t, tv, tz) => {
  const ns = t.kernel.realtimeNs();
  if (tv) putU64s(t, tv, [ns / 1_000_000_000n, (ns % 1_000_000_000n) / 1000n]);
  if (tz) putU64s(t, tz, [0n]);
  return 0;
});
sys(201, 'time', (t, p) => {
  const s = t.kernel.realtimeNs() / 1_000_000_000n;
  if (p) putU64s(t, p, [s]);
  return Number(s);
});

sys(204, 'sched_getaffinity', (t, pid, len, mask) => {
  if (pid !== 0 && !t.kernel.tasks.has(pid)) return -ESRCH;
  if (len < 8 || len % 8) return -EINVAL;
  putU64s(t, mask, [1n]);
  return 8;
}, 'supported', 'one CPU');

