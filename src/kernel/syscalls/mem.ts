/** Memory syscalls (mm/mmap.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c): argument checks here, work in Mm. */
import {
  EBADF, EEXIST, EFAULT, EINVAL, ENODEV, ENOMEM, MAP_ANONYMOUS, MAP_FIXED, MAP_FIXED_NOREPLACE, MAP_GROWSDOWN,
  MAP_PRIVATE, MAP_SHARED, MAP_SHARED_VALIDATE, MAP_TYPE, MREMAP_FIXED, MREMAP_MAYMOVE, PROT_EXEC, PROT_READ,
  PROT_WRITE, TASK_SIZE_MAX,
} from '../../abi/linux.js';
import { Frame, PAGE_SIZE } from '../../cpu/memory.js';
import { HostFile } from '../files.js';
import { pageUp } from '../mm.js';
import type { Task } from '../task.js';
import { sys } from './table.js';

/** x86 page tables cannot express write-only or execute-only pages: both imply read. */
function normProt(prot: number): number {
  const p = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
  return p & (PROT_WRITE | PROT_EXEC) ? p | PROT_READ : p;
}

const PROT_VALID = PROT_READ | PROT_WRITE | PROT_EXEC | 0x01000000 | 0x02000000;

function aligned(a: number): boolean {
  return a % PAGE_SIZE === 0;
}

export function doMmap(t: Task, addr: number, len: number, prot: number, flags: number, fd: number, off: number): number {
  const mm = t.mm;
  if (len <= 0) return -EINVAL;
  if (prot & ~PROT_VALID) return -EINVAL;
  const type = flags & MAP_TYPE;
  if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) return -EINVAL;
  if (!aligned(off) || off < 0) return -EINVAL;
  const size = pageUp(len);
  if (size > TASK_SIZE_MAX) return -ENOMEM;
  const fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) !== 0;
  if (fixed && !aligned(addr)) return -EINVAL;
  let file: HostFile | null = null;
  if (!(flags & MAP_ANONYMOUS)) {
    const f = t.process.fds.get(fd);
    if (!f) return -EBADF;
    if (!(f instanceof HostFile)) return -ENODEV;
    file = f;
  }
  let start: number;
  if (fixed) {
    if (addr + size > TASK_SIZE_MAX || addr < 0) return -ENOMEM;
    if (flags & MAP_FIXED_NOREPLACE && !mm.isFree(addr, addr + size)) return -EEXIST;
    start = addr;
  } else {
    start = mm.findFree(size, aligned(addr) && addr >= 0x10000 ? addr : 0);
    if (start < 0) return -ENOMEM;
  }
  const shared = type !== MAP_PRIVATE;
  let frames: Map<number, Frame> | null = null;
  if (file) {
    // The file's pages are read now; a private mapping copies them on first touch.
    frames = new Map();
    const total = file.stat().size;
    for (let i = 0; i * PAGE_SIZE < size && off + i * PAGE_SIZE < total; i++) {
      const fr = new Frame();
      file.pread!(fr.u8, off + i * PAGE_SIZE);
      frames.set(i, fr);
    }
  }
  mm.insert({ start, end: start + size, prot: normProt(prot), shared, name: file ? file.path : '', growsDown: (flags & MAP_GROWSDOWN) !== 0, frames });
  return start;
}

sys(9, 'mmap', (t, addr, len, prot, flags, fd, off) => doMmap(t, addr, len, prot, flags, fd, off), 'partial',
  'anonymous and file mappings; MAP_SHARED file mappings are not written back to the host file');

sys(11, 'munmap', (t, addr, len) => {
  if (!aligned(addr) || len <= 0 || addr < 0) return -EINVAL;
  t.mm.remove(addr, addr + pageUp(len));
  return 0;
});

sys(10, 'mprotect', (t, addr, len, prot) => {
  if (!aligned(addr) || addr < 0) return -EINVAL;
  if (prot & ~PROT_VALID) return -EINVAL;
  if (len === 0) return 0;
  if (len < 0) return -ENOMEM;
  return t.mm.protect(addr, addr + pageUp(len), normProt(prot)) ? 0 : -ENOMEM;
});

sys(12, 'brk', (t, addr) => {
  const mm = t.mm;
  if (addr < mm.brkStart) return mm.brk;
  const oldEnd = pageUp(mm.brk), newEnd = pageUp(addr);
  if (newEnd > oldEnd) {
    if (!mm.isFree(oldEnd, newEnd)) return mm.brk;
    const heap = mm.find(oldEnd - 1);
    if (heap && heap.name === '[heap]' && heap.end === oldEnd) heap.end = newEnd;
    else mm.insert({ start: mm.brkStart, end: newEnd, prot: PROT_READ | PROT_WRITE, shared: false, name: '[heap]', growsDown: false, frames: null });
  } else if (newEnd < oldEnd) {
    mm.remove(newEnd, oldEnd);
  }
  mm.brk = addr;
  return addr;
});

sys(25, 'mremap', (t, old, oldLen, newLen, flags, newAddr) => {
  const mm = t.mm;
  if (!aligned(old) || flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | 4)) return -EINVAL;
  if (flags & MREMAP_FIXED && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  oldLen = pageUp(oldLen);
  newLen = pageUp(newLen);
  if (newLen === 0) return -EINVAL;
  const vma = mm.find(old);
  if (!vma || old + oldLen > vma.end) return -EFAULT;
  if (newLen <= oldLen && !(flags & MREMAP_FIXED)) {
    if (newLen < oldLen) mm.remove(old + newLen, old + oldLen);
    return old;
  }
  if (!(flags & MREMAP_FIXED) && old + oldLen === vma.end && mm.isFree(vma.end, old + newLen) && old + newLen <= TASK_SIZE_MAX) {
    vma.end = old + newLen;
    return old;
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  const dest = flags & MREMAP_FIXED ? newAddr : mm.findFree(newLen);
  if (dest < 0 || !aligned(dest)) return dest < 0 ? -ENOMEM : -EINVAL;
  // Move the pages: the frames keep their contents at the new address.
  const moved: [number, Frame][] = [];
  const copyLen = Math.min(oldLen, newLen);
  for (let off = 0; off < copyLen; off += PAGE_SIZE) {
    const pte = mm.as.ptes.get((old + off) / PAGE_SIZE);
    if (pte?.frame) moved.push([off, pte.frame]);
  }
  const shared = vma.shared, prot = vma.prot, name = vma.name, frames = vma.frames;
  // The moved pages keep their backing object (a shared mapping stays shared with its other users).
  const pgoff = (vma.pgoff ?? 0) + (old - vma.start) / PAGE_SIZE;
  mm.remove(old, old + oldLen);
  if (flags & MREMAP_FIXED) mm.remove(dest, dest + newLen);
  mm.insert({ start: dest, end: dest + newLen, prot, shared, name, growsDown: false, frames, pgoff });
  for (const [off, frame] of moved) mm.as.mapFrame((dest + off) / PAGE_SIZE, frame, prot);
  return dest;
}, 'partial', 'private and anonymous mappings; MREMAP_DONTUNMAP is not supported');

sys(28, 'madvise', (t, addr, len, advice) => {
  if (!aligned(addr)) return -EINVAL;
  if (advice === 4 /* MADV_DONTNEED */) {
    // Private anonymous pages read back as zero: drop their page-table entries.
    const end = addr + pageUp(len);
    for (let a = addr; a < end; a += PAGE_SIZE) {
      const v = t.mm.find(a);
      if (v && !v.shared && !v.frames) t.mm.as.unmap(a, PAGE_SIZE);
    }
  }
  return 0;
}, 'partial', 'MADV_DONTNEED zeroes private anonymous pages; other advice is accepted and ignored');
