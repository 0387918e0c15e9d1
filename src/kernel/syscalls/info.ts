/** System information syscalls (kernel/sys.c). */
import type { Task } from '../task.js';
import { sys } from './table.js';

/** The memory the machine reports: 8 GiB, mostly free. */
const TOTAL_RAM = 8n << 30n;

sys(99, 'sysinfo', (t: Task, buf: number) => {
  // struct sysinfo (112 bytes, include/uapi/linux/sysinfo.h) with mem_unit = 1.
  const b = new Uint8Array(112);
  const dv = new DataView(b.buffer);
  dv.setBigInt64(0, t.kernel.monotonicNs() / 1_000_000_000n, true); // uptime
  dv.setBigUint64(32, TOTAL_RAM, true); // totalram
  dv.setBigUint64(40, TOTAL_RAM - (1n << 30n), true); // freeram
  dv.setUint16(80, t.kernel.tasks.size, true); // procs (threads, as Linux counts them)
  dv.setUint32(104, 1, true); // mem_unit
  t.mm.as.writeBytes(buf, b);
  return 0;
}, 'supported', 'a fixed 8 GiB machine; uptime from the virtual clock');
