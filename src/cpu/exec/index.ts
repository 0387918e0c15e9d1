/** Loads every instruction family so that its handlers register themselves. */
import './alu.js';
import './move.js';
import './control.js';
import './muldiv.js';
import './shift.js';
import './bits.js';
import './atomic.js';
import './string.js';
import './system.js';
import './sse-move.js';
import './sse-int.js';
import './sse-float.js';
import './sse-convert.js';
import './x87.js';
import './sse-string.js';
