// Preloaded into a hub process (`node --import`) to skew its clock the way a host whose NTP is off
// would: Date.now() runs ahead or behind by the milliseconds written in PSYNC_CHAOS_SKEW_FILE,
// read again every 100 ms, so that a run can move an instance's clock while it runs.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const file = process.env.PSYNC_CHAOS_SKEW_FILE;
if (file) {
  const realNow = Date.now.bind(Date);
  let skew = 0;
  const read = () => {
    try {
      skew = Number(readFileSync(file, 'utf8')) || 0;
    } catch {
      skew = 0;
    }
  };
  read();
  setInterval(read, 100).unref();
  Date.now = () => realNow() + skew;
}
