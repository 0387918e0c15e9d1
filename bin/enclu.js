#!/usr/bin/env node
// The enclu command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('enclu: not built yet: run `npm run build` (npm ci does it) first\n');
  process.exit(1);
}
await import(main);
