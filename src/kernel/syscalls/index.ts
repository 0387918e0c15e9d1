/** Loads every syscall family so that its entries register themselves in the table. */
import './io.js';
import './fs.js';
import './mem.js';
import './misc.js';
import './info.js';
import './proc.js';
import './sched.js';
import './fd.js';
import '../signals/syscalls.js';
export { dispatchIa32Syscall, dispatchSyscall, syscallEntries } from './table.js';
