/**
 * Signal delivery. The guest programs of guest/signals (built by its build.sh for glibc and musl)
 * run natively and under enclu and must print the same thing and end the same way as recorded in
 * test/fixtures/signals (guest/signals/record.sh); a fresh native run checks each fixture first.
 * Then what cannot be observed natively: deadlock detection, kernel events, and the syscall-restart
 * rules of handle_signal()/arch_do_signal_or_restart() driven directly.
 */
import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EINTR, SIGCHLD, SIGUSR1, SIGUSR2, SI_TKILL } from '../../src/abi/linux.js';
import { RT_SIGFRAME, SA_RESTART, SA_RESTORER, SIGCONTEXT, UCONTEXT, sigmask } from '../../src/abi/signal.js';
import { RAX, RSP } from '../../src/cpu/state.js';
import type { KernelEvent } from '../../src/kernel/kernel.js';
import type { Process } from '../../src/kernel/process.js';
import {
  ERESTARTNOHAND, ERESTARTNOINTR, ERESTARTSYS, ERESTART_RESTARTBLOCK, NR_IA32_RESTART_SYSCALL, NR_RESTART_SYSCALL,
  exitToUserMode, sendSignal,
  setAction,
} from '../../src/kernel/signals/delivery.js';
import { Machine } from '../../src/machine/machine.js';
import { ROOT, readFixture, runEmulated, runNative } from '../corpus/run.js';

const BUILD = `${ROOT}/guest/build/signals`;
const FIXTURES = `${ROOT}/test/fixtures/signals`;

function programs(): string[] {
  if (!existsSync(BUILD)) return [];
  return readdirSync(BUILD).filter((f) => !f.endsWith('.tmp') && !f.startsWith('deadlock')).sort();
}

describe('signal programs: output under enclu is identical to native', () => {
  const names = programs();
  it.skipIf(names.length > 0)('no signal programs were built (guest/signals/build.sh)', () => {});
  for (const name of names) {
    it(name, () => {
      const path = `${BUILD}/${name}`;
      const fx = readFixture(`${FIXTURES}/${name}.json`);
      expect(fx, `fixture for ${name} exists (guest/signals/record.sh)`).not.toBeNull();
      const native = runNative(path, [path]);
      if (native) {
        expect(native.stdout.toString('latin1'), 'fixture stdout matches a fresh native run').toBe(fx!.stdout.toString('latin1'));
        expect(native.status, 'fixture status matches a fresh native run').toBe(fx!.status);
      }
      const emu = runEmulated(path, [path]);
      expect(emu.stderr.toString('latin1'), 'stderr').toBe(fx!.stderr.toString('latin1'));
      expect(emu.stdout.toString('latin1'), 'stdout').toBe(fx!.stdout.toString('latin1'));
      expect(emu.status, 'status (128 + signal when killed)').toBe(fx!.status);
    });
  }
});

describe('waiting for a signal nothing can send', () => {
  for (const how of ['pause', 'sigsuspend']) {
    it(`${how}() is reported as a deadlock and killed with SIGKILL`, () => {
      const path = `${BUILD}/deadlock`;
      if (!existsSync(path)) return;
      const r = runEmulated(path, [path, how]);
      expect(r.stdout.toString(), 'the program got as far as the wait').toBe(`waiting in ${how}\n`);
      expect(r.stderr.toString(), 'one diagnostic line naming the call').toMatch(new RegExp(`^enclu: deadlock: (rt_)?${how}\\(\\) waits for a signal.*SIGKILL\\n$`));
      expect(r.status, 'killed by SIGKILL').toBe(128 + 9);
    });
  }
});

describe('kernel events', () => {
  it("a handled fault emits 'signal' (handler) and a 'sigreturn' for the handler's return", () => {
    const path = `${BUILD}/repair`;
    if (!existsSync(path)) return;
    const events: KernelEvent[] = [];
    runEmulated(path, [path], { onEvent: (e) => events.push(e) });
    const sigs = events.filter((e) => e.type === 'signal');
    expect(sigs.length, 'one signal event per delivery').toBe(5);
    expect(sigs.slice(0, 4).every((e) => e.type === 'signal' && e.action === 'handler' && e.signo === 11)).toBe(true);
    const last = sigs[4];
    expect(last.type === 'signal' && last.action, 'the last SIGSEGV kills (SA_RESETHAND)').toBe('kill');
    const rets = events.filter((e) => e.type === 'sigreturn');
    expect(rets.length, 'every handler returned through rt_sigreturn').toBe(4);
    expect(rets.every((e) => e.type === 'sigreturn' && e.ok)).toBe(true);
  });

  it("raise(SIGTERM) with the default action emits a 'signal' event with action 'kill'", () => {
    const path = `${BUILD}/term`;
    if (!existsSync(path)) return;
    const events: KernelEvent[] = [];
    runEmulated(path, [path], { onEvent: (e) => events.push(e) });
    const s = events.find((e) => e.type === 'signal');
    expect(s).toMatchObject({ type: 'signal', signo: 15, code: SI_TKILL, action: 'kill' });
    expect(events.at(-1)).toMatchObject({ type: 'exit', signal: 15 });
  });
});

// ---------------------------------------------------------------------------------------------
// Syscall restart, driven directly on a loaded (not yet running) process

const HANDLER = 0x401000, RESTORER = 0x401100, SYSCALL_RIP = 0x402002, NR = 7;

function sigcontextField(p: Process, field: 'rip' | 'rax'): number {
  const c = p.mainTask.cpu;
  const sc = c.getRegNum(RSP) + RT_SIGFRAME.off.uc + UCONTEXT.off.uc_mcontext;
  return Number(new DataView(c.mem.readBytes(sc + SIGCONTEXT.off[field], 8).buffer).getBigInt64(0, true));
}

describe('syscall restart (handle_signal, arch_do_signal_or_restart)', () => {
  const path = `${BUILD}/term`;

  /** interrupted sets up a task returning from syscall NR with `err` while `sig` is pending. */
  function interrupted(err: number, opts: { sig?: number; flags?: number; handler?: boolean; block?: boolean } = {}): Process {
    const m = new Machine({ stdout: () => {}, stderr: () => {}, diag: () => {} });
    const p = m.exec(path, [path]);
    const t = p.mainTask;
    const sig = opts.sig ?? SIGUSR1;
    if (opts.handler !== false) setAction(p, sig, { handler: HANDLER, flags: SA_RESTORER | (opts.flags ?? 0), restorer: RESTORER, mask: 0n });
    if (opts.block) t.sigmask = sigmask(sig);
    sendSignal(t, { signo: sig, code: SI_TKILL, pid: p.pid, uid: 0 }, false);
    if (opts.block) t.sigmask = 0n;
    t.cpu.rip = SYSCALL_RIP;
    t.origRax = NR;
    t.cpu.setRegNum(RAX, -err);
    return p;
  }

  it.skipIf(!existsSync(`${BUILD}/term`))('ERESTARTSYS with SA_RESTART: the handler returns onto the SYSCALL again', () => {
    const p = interrupted(ERESTARTSYS, { flags: SA_RESTART });
    exitToUserMode(p.mainTask, false);
    expect(p.mainTask.cpu.rip, 'the handler runs').toBe(HANDLER);
    expect(sigcontextField(p, 'rip'), 'saved RIP is the SYSCALL instruction').toBe(SYSCALL_RIP - 2);
    expect(sigcontextField(p, 'rax'), 'saved RAX is the syscall number').toBe(NR);
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('ERESTARTSYS without SA_RESTART, ERESTARTNOHAND and ERESTART_RESTARTBLOCK fail with EINTR', () => {
    for (const [err, flags] of [[ERESTARTSYS, 0], [ERESTARTNOHAND, SA_RESTART], [ERESTART_RESTARTBLOCK, SA_RESTART]]) {
      const p = interrupted(err, { flags });
      exitToUserMode(p.mainTask, false);
      expect(sigcontextField(p, 'rip'), `-${err}: saved RIP after the SYSCALL`).toBe(SYSCALL_RIP);
      expect(sigcontextField(p, 'rax'), `-${err}: saved RAX`).toBe(-EINTR);
    }
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('ERESTARTNOINTR restarts even without SA_RESTART', () => {
    const p = interrupted(ERESTARTNOINTR);
    exitToUserMode(p.mainTask, false);
    expect(sigcontextField(p, 'rip')).toBe(SYSCALL_RIP - 2);
    expect(sigcontextField(p, 'rax')).toBe(NR);
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('without a handler every restart code restarts; RESTARTBLOCK through restart_syscall', () => {
    for (const err of [ERESTARTSYS, ERESTARTNOHAND, ERESTARTNOINTR, ERESTART_RESTARTBLOCK]) {
      // SIGCHLD's default action is to ignore it: it was queued while blocked and is dropped now.
      const p = interrupted(err, { sig: SIGCHLD, handler: false, block: true });
      const t = p.mainTask;
      exitToUserMode(t, false);
      expect(p.exitStatus, 'still running').toBeNull();
      expect(t.cpu.rip, `-${err}: RIP back on the SYSCALL`).toBe(SYSCALL_RIP - 2);
      expect(t.cpu.getRegNum(RAX), `-${err}: RAX`).toBe(err === ERESTART_RESTARTBLOCK ? NR_RESTART_SYSCALL : NR);
    }
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('an INT 0x80 caller restarts through the i386 restart_syscall (0)', () => {
    const p = interrupted(ERESTART_RESTARTBLOCK, { sig: SIGCHLD, handler: false, block: true });
    const t = p.mainTask;
    t.ia32Syscall = true;
    exitToUserMode(t, false);
    expect(t.cpu.rip, 'RIP back on the INT 0x80').toBe(SYSCALL_RIP - 2);
    expect(t.cpu.getRegNum(RAX), 'RAX = __NR_ia32_restart_syscall').toBe(NR_IA32_RESTART_SYSCALL);
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('a mask saved by rt_sigsuspend goes back when no handler consumed it', () => {
    const p = interrupted(ERESTARTNOHAND, { sig: SIGCHLD, handler: false, block: true });
    const t = p.mainTask;
    t.savedSigmask = sigmask(SIGUSR2);
    exitToUserMode(t, false);
    expect(t.sigmask).toBe(sigmask(SIGUSR2));
    expect(t.savedSigmask).toBeNull();
  });

  it.skipIf(!existsSync(`${BUILD}/term`))('a mask saved by rt_sigsuspend is what the handler frame records', () => {
    const p = interrupted(ERESTARTNOHAND);
    const t = p.mainTask;
    t.savedSigmask = sigmask(SIGUSR2);
    exitToUserMode(t, false);
    const uc = t.cpu.getRegNum(RSP) + RT_SIGFRAME.off.uc;
    const saved = new DataView(t.cpu.mem.readBytes(uc + UCONTEXT.off.uc_sigmask, 8).buffer).getBigUint64(0, true);
    expect(saved, 'uc_sigmask is the mask from before rt_sigsuspend').toBe(sigmask(SIGUSR2));
    expect(t.sigmask, 'in the handler: the mask rt_sigsuspend set (empty here) plus the signal').toBe(sigmask(SIGUSR1));
    expect(t.savedSigmask).toBeNull();
  });
});
