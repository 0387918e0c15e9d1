/** What the kernel tells user space about the CPU (AT_HWCAP = CPUID.1:EDX, as on x86). */
import { cpuid } from '../cpu/cpuid.js';
import { CPU } from '../cpu/state.js';
import { AddressSpace } from '../cpu/memory.js';

let cached: number | null = null;

export function hwcap(): number {
  if (cached === null) cached = cpuid(new CPU(new AddressSpace()), 1, 0)[3] >>> 0;
  return cached;
}
