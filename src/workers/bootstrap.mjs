// The first file a worker thread runs: the project runs its TypeScript through tsx with no build step
// (package.json "start", bin/leadline.mjs), and a worker thread starts without the parent's loader (under vitest
// there is none to inherit), so it registers tsx itself before loading its entry. A .js entry loads as it is.
import { workerData } from 'node:worker_threads';

const entry = /** @type {{ entry: string }} */ (workerData).entry;
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
