import { describe, expect, it } from 'vitest';
import { BUILD, binaries, fixture, runEmulated, runNative } from './corpus.js';

/** defineCorpusSuite registers one test per corpus program of `variant`. */
export function defineCorpusSuite(variant: string): void {
  const names = binaries(variant);
  describe(`corpus ${variant}: output under enclu is identical to native`, () => {
    it.skipIf(names.length > 0)(`no ${variant} binaries were built`, () => {});
    for (const name of names) {
      it(name, () => {
        const path = `${BUILD}/${name}.${variant}`;
        const fx = fixture(name, variant);
        expect(fx, `fixture for ${name}.${variant} exists (guest/record-fixtures.sh)`).not.toBeNull();
        const argv = [path, ...fx!.args];
        const native = runNative(path, argv);
        if (native) {
          expect(native.stdout.toString('latin1'), 'fixture stdout matches a fresh native run').toBe(fx!.stdout.toString('latin1'));
          expect(native.status, 'fixture status matches a fresh native run').toBe(fx!.status);
        }
        const emu = runEmulated(path, argv);
        expect(emu.stderr.toString('latin1'), 'stderr').toBe(fx!.stderr.toString('latin1'));
        expect(emu.stdout.toString('latin1'), 'stdout').toBe(fx!.stdout.toString('latin1'));
        expect(emu.status, 'exit status').toBe(fx!.status);
      });
    }
  });
}
