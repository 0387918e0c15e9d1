import { defineCorpusSuite } from './corpus-variant.js';

defineCorpusSuite('musl.O2');
