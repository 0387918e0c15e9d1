import { defineCorpusSuite } from './corpus-variant.js';

defineCorpusSuite('O0');
