// Heavy work runs off the event loop (issue 23): chart rendering and the large reads go to worker threads
// (src/workers). What the analytics code needs to know of that: the error a failed worker gives.

import { CodedError } from '../../kernel/errors.ts';

/**
 * A worker stopped (crashed, ran out of memory) while doing a task, or the workers were shut down: the task
 * did not run to the end and nothing was changed. The next task gets a fresh worker.
 */
export class OffLoopError extends CodedError<'WORKER_FAILED' | 'WORKERS_CLOSED'> {}
