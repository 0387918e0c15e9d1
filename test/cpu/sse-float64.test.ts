import { describe } from 'vitest';
import { runAll } from './sse-run.js';
import { scalarSnippets } from './sse-scalar.js';
import type { PairInfo } from './sse-util.js';

const info = new Map<string, PairInfo>();
const snips = scalarSnippets(64, info);

describe('scalar float64 arithmetic, comparisons and COMIS match the real CPU', () => {
  runAll(snips, info);
});
