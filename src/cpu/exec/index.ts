/** Loads every instruction family so that its handlers register themselves. */
import './alu.js';
import './move.js';
import './control.js';
