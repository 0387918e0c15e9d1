/** The EPC: lazy backing, addresses, the driver's allocator, and what CPUID leaf 12H reports of it. */
import { describe, expect, it } from 'vitest';
import { EmulatorError } from '../../src/cpu/exceptions.js';
import { DIRECT_MAP_BASE, EPC_DEFAULT_SIZE, EPC_PHYS_BASE, Epc } from '../../src/sgx/epc.js';
import { Sgx } from '../../src/sgx/sgx.js';

describe('Epc', () => {
  it('defaults to 128 MiB at EPC_PHYS_BASE and costs nothing until touched', () => {
    const epc = new Epc();
    expect(epc.size).toBe(EPC_DEFAULT_SIZE);
    expect(epc.pages).toBe(32768);
    expect(epc.physBase).toBe(EPC_PHYS_BASE);
    expect(epc.residentPages, 'no page has memory before it is touched').toBe(0);
    for (let i = 0; i < 100; i++) epc.alloc();
    expect(epc.residentPages, 'allocation alone does not create frames').toBe(0);
    epc.frame(7).u8[0] = 1;
    expect(epc.residentPages).toBe(1);
    expect(epc.isValid(7), 'an untouched EPCM entry reads VALID = 0').toBe(false);
  });

  it('names pages by their kernel linear address in the direct map (0xffff888000000000 + phys)', () => {
    const epc = new Epc();
    expect(DIRECT_MAP_BASE).toBe(Number(0xffff888000000000n - (1n << 64n)));
    expect(epc.address(0)).toBe(DIRECT_MAP_BASE + EPC_PHYS_BASE);
    expect(epc.pageIndex(epc.address(5) + 123)).toBe(5);
    expect(epc.pageIndex(epc.address(0) - 1), 'below the EPC').toBe(-1);
    expect(epc.pageIndex(epc.address(epc.pages)), 'just past the EPC').toBe(-1);
    expect(epc.physAddress(3)).toBe(EPC_PHYS_BASE + 3 * 4096);
  });

  it('allocates every page once, then reports exhaustion with null; freed pages come back', () => {
    const epc = new Epc({ size: 3 * 4096 });
    const a = [epc.alloc(), epc.alloc(), epc.alloc()];
    expect(new Set(a).size, 'three distinct pages').toBe(3);
    expect(epc.freePages).toBe(0);
    expect(epc.alloc(), 'a full EPC gives null (the driver returns -ENOMEM)').toBeNull();
    epc.frame(epc.pageIndex(a[1]!)).u8[0] = 9;
    epc.free(a[1]!);
    expect(epc.residentPages, 'freeing drops the contents').toBe(0);
    expect(epc.alloc()).toBe(a[1]);
    expect(() => epc.free(a[0]! + 8), 'a misaligned free is a driver bug').toThrow(EmulatorError);
    epc.free(a[0]!);
    expect(() => epc.free(a[0]!), 'a double free is a driver bug').toThrow(EmulatorError);
  });

  it('rejects sizes that are not whole pages', () => {
    expect(() => new Epc({ size: 5000 })).toThrow(RangeError);
    expect(() => new Epc({ size: 0 })).toThrow(RangeError);
  });
});

describe('CPUID leaf 12H', () => {
  it('reports SGX1, EXINFO, the enclave size limits, the settable attributes and the EPC section', () => {
    const sgx = new Sgx({ epcSize: 64 * 1024 * 1024 });
    expect(sgx.cpuidLeaf12(0)).toEqual([1, 1, 0, (36 << 8) | 31]);
    expect(sgx.cpuidLeaf12(1), 'DEBUG|MODE64BIT|PROVISIONKEY|EINITTOKENKEY, XFRM x87|SSE').toEqual([0x36, 0, 3, 0]);
    const [eax, ebx, ecx, edx] = sgx.cpuidLeaf12(2);
    expect(eax & 0xf, 'a valid EPC section').toBe(1);
    expect((eax & ~0xfff) >>> 0).toBe(0);
    expect(ebx, 'base bits 51:32').toBe(EPC_PHYS_BASE / 2 ** 32);
    expect(ecx >>> 0).toBe(64 * 1024 * 1024 + 1);
    expect(edx).toBe(0);
    expect(sgx.cpuidLeaf12(3), 'no second section').toEqual([0, 0, 0, 0]);
  });

  it('IA32_SGXLEPUBKEYHASH resets to the Intel launch-enclave key hash and is writable', () => {
    const sgx = new Sgx();
    expect(sgx.readLePubKeyHashMsr(0)).toBe(0xa6053e051270b7acn);
    expect(sgx.readLePubKeyHashMsr(3)).toBe(0xd4f8c05909f9bb3bn);
    const digest = Uint8Array.from({ length: 32 }, (_, i) => i);
    sgx.setLePubKeyHash(digest);
    expect(sgx.readLePubKeyHashMsr(1), 'each MSR holds 8 digest bytes, little-endian').toBe(0x0f0e0d0c0b0a0908n);
  });
});
