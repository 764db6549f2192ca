// Worker threads start without the TypeScript loader the main thread has:
// register tsx here, then load the import worker named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
