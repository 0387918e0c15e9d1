import { describe } from 'vitest';
import { runAll } from './sse-run.js';
import { scalarSnippets } from './sse-scalar.js';
import type { PairInfo } from './sse-util.js';

const info = new Map<string, PairInfo>();
const snips = scalarSnippets(32, info);

describe('scalar float32 arithmetic, comparisons and COMIS match the real CPU', () => {
  runAll(snips, info);
});
