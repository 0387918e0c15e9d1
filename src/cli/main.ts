/**
 * The enclu command.
 */
import { existsSync, statSync } from 'node:fs';
import { disassemble } from '../cpu/decode.js';
import { ElfError } from '../kernel/exec/elf.js';
import { Kernel } from '../kernel/kernel.js';
import { syscallEntries } from '../kernel/syscalls/index.js';
import { Machine, shellStatus } from '../machine/machine.js';

const USAGE = `usage: enclu <command> [options]

commands:
  exec [options] PROGRAM [ARGS...]   run a static x86-64 Linux executable
  syscalls                           print the syscall support matrix
  help                               show this help

exec options:
  --trace            print every instruction, syscall and trap to stderr
  --max-insns N      stop the program after N instructions (killed with SIGXCPU)
  --share DIR        make host directory DIR visible to the program (repeatable)
  --seed S           seed of getrandom() and AT_RANDOM (default "enclu")
  -i, --ignore-environment   start the program with an empty environment
  --env NAME=VALUE   add a variable to the program's environment (repeatable)
`;

function fail(msg: string, code = 2): never {
  process.stderr.write(`enclu: ${msg}\n`);
  process.exit(code);
}

function hex(n: number): string {
  return n < 0 ? '-0x' + (-n).toString(16) : '0x' + n.toString(16);
}

function cmdExec(args: string[]): number {
  let trace = false;
  let maxInsns: number | undefined;
  const share: string[] = [];
  let seed: string | undefined;
  let clearEnv = false;
  const extraEnv: string[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-')) break;
    const val = (): string => {
      if (i + 1 >= args.length) fail(`option ${a} needs a value`);
      return args[++i];
    };
    if (a === '--trace') trace = true;
    else if (a === '--max-insns') {
      const v = Number(val());
      if (!Number.isInteger(v) || v <= 0) fail(`--max-insns needs a positive integer`);
      maxInsns = v;
    } else if (a === '--share') share.push(val());
    else if (a === '--seed') seed = val();
    else if (a === '-i' || a === '--ignore-environment') clearEnv = true;
    else if (a === '--env') {
      const v = val();
      if (!v.includes('=')) fail(`--env needs NAME=VALUE`);
      extraEnv.push(v);
    } else fail(`unknown option ${a} (see enclu help)`);
  }
  const prog = args[i];
  if (!prog) fail('exec: no program given (see enclu help)');
  if (!existsSync(prog)) fail(`${prog}: No such file or directory`, 127);
  if (statSync(prog).isDirectory()) fail(`${prog}: Is a directory`, 126);
  const argv = args.slice(i);
  const env = clearEnv ? [] : Object.entries(process.env).map(([k, v]) => `${k}=${v}`);
  env.push(...extraEnv);
  let machine: Machine;
  try {
    machine = new Machine({ share, seed, maxInsns, tty: process.stdout.isTTY === true });
  } catch (e) {
    fail((e as Error).message, 1);
  }
  if (trace) {
    machine.on((e) => {
      switch (e.type) {
        case 'syscall':
          process.stderr.write(`[${e.tid}] syscall ${e.name}(${e.args.map(hex).join(', ')}) = ${e.ret < 0 && e.ret > -4096 ? `-${Kernel.errnoName(-e.ret)}` : hex(e.ret)}\n`);
          break;
        case 'trap':
          process.stderr.write(`[${e.tid}] trap ${e.name} error_code=${hex(e.errorCode)} cr2=${hex(e.cr2)} rip=${hex(e.rip)}${e.detail ? ` (${e.detail})` : ''}\n`);
          break;
        case 'signal':
          process.stderr.write(`[${e.tid}] signal ${e.name} si_code=${e.code} si_addr=${hex(e.addr)}\n`);
          break;
        case 'exit':
          process.stderr.write(`[${e.pid}] exit ${e.signal !== undefined ? `killed by ${Kernel.signalName(e.signal)}` : `status ${e.code}`}\n`);
          break;
        default:
          break;
      }
    });
  }
  let proc;
  try {
    proc = machine.exec(prog, argv, env);
  } catch (e) {
    if (e instanceof ElfError) fail(`${prog}: ${e.message}`, 126);
    throw e;
  }
  if (trace) {
    proc.engine.trace = (c, insn) => {
      if (insn) process.stderr.write(`  ${hex(insn.ip)}: ${disassemble(insn.bytes, insn.ip)}\n`);
    };
  }
  const status = machine.run();
  return shellStatus(status);
}

function cmdSyscalls(): number {
  const rows = syscallEntries();
  const w = Math.max(...rows.map((r) => r.name.length));
  for (const r of rows) {
    process.stdout.write(`${String(r.nr).padStart(3)}  ${r.name.padEnd(w)}  ${r.support.padEnd(9)}  ${r.note}\n`);
  }
  process.stdout.write(`\nOther syscall numbers return -ENOSYS and are named once on stderr.\n`);
  return 0;
}

export function main(argv: string[]): number {
  // A closed pipe on our own output (enclu syscalls | head) ends quietly, like other tools.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'exec':
      return cmdExec(rest);
    case 'syscalls':
      return cmdSyscalls();
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      fail(`unknown command '${cmd}' (see enclu help)`);
  }
}

const code = main(process.argv.slice(2));
process.exitCode = code;
