/** runAll: one vitest case per snippet, comparing the emulator with the native run. */
import { expect, it } from 'vitest';
import { type Snippet, type SnippetState, DATA_SIZE, describeDiff, runEmulated, runNative } from './snippet.js';
import type { PairInfo } from './sse-util.js';

/** recordDiff names the records of a pair snippet whose bytes differ (up to `max`). */
function recordDiff(a: SnippetState, b: SnippetState, info: PairInfo, max = 8): string[] {
  const out: string[] = [];
  const n = Math.floor((DATA_SIZE - 512) / info.recSize);
  for (let i = 0; i < n && out.length < max; i++) {
    const s = 2 * i * info.recSize, e = s + 2 * info.recSize;
    const x = a.data.slice(s, e), y = b.data.slice(s, e);
    if (x !== y) out.push(`record ${i} (${info.describe(i)}): native ${x} emulated ${y}`);
  }
  return out;
}

/** runAll registers one vitest case per snippet, comparing the emulator with the native run. */
export function runAll(snips: Snippet[], info?: Map<string, PairInfo>): void {
  const native = runNative(snips);
  snips.forEach((s, k) => {
    it(s.name, () => {
      const emu = runEmulated(s);
      const diff = describeDiff(native[k], emu);
      const pi = info?.get(s.name);
      if (diff.length && pi) diff.push(...recordDiff(native[k], emu, pi));
      expect(diff, s.asm.length > 2000 ? s.name : s.asm).toEqual([]);
    });
  });
}
