// Copies the WAL of one SQLite database back into the database file, from a
// worker thread with its own connection. SQLite would otherwise do it inside
// the COMMIT that takes the WAL past 1,000 pages, on the thread that commits:
// after a 100,000-message import that is most of a second of I/O in the
// request (and the event loop) that made the commit. A PASSIVE checkpoint
// never waits for readers or writers; what it cannot copy yet is copied on a
// later round.
//
// Plain JavaScript: worker threads start without the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs } = workerData;
const db = new Database(file);
db.pragma('busy_timeout = 1000');

let timer = null;
const round = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next round tries again.
  }
  timer = setTimeout(round, intervalMs);
};
timer = setTimeout(round, intervalMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
