// Funnels asked while another for the same month waits for the read worker are read with it (issue 23). Over a
// million stage events one funnel holds the worker for about a second, and at 09:00 on a Monday managers ask
// for last month's funnel together: each waited behind all the others. A funnel that finds one for its month
// still queued (not yet taken by the worker) joins it: the worker reads the month once and measures every scope
// (funnelReports, as the weekly digest does), and each asker gets its own scopes' answers. The clock is read
// when the worker takes the task, after every asker arrived, so no answer is older than its question. Asks with
// other rules or another default timezone (a reload in between) are not joined.
import type { EngineDeps } from '../modules/deps.ts';
import type { FunnelReportResult } from '../modules/analytics/use-cases/funnel-report.ts';
import type { WorkerTask } from './serve.ts';

interface Waiting {
  month: string;
  deps: EngineDeps;
  scopes: string[][];
  /** Taken by the worker: no more joins. */
  taken: boolean;
  answers: Promise<FunnelReportResult[]>;
}

/** `send` runs a task in the worker, making its message when the worker takes it. */
export function funnelsTogether(
  send: (made: () => WorkerTask) => Promise<FunnelReportResult[]>,
): (args: readonly [string, string[][]], deps: EngineDeps) => Promise<FunnelReportResult[]> {
  const waiting = new Map<string, Waiting>();
  return async ([month, scopes], deps) => {
    const mine = scopes.map((words) => [...words]);
    const w = waiting.get(month);
    if (w !== undefined && !w.taken && sameSetting(w.deps, deps)) {
      const start = w.scopes.length;
      w.scopes.push(...mine);
      return (await w.answers).slice(start, start + mine.length);
    }
    // Registered before it is sent: an idle worker takes the task (and makes its message) at once.
    const fresh = { month, deps, scopes: mine, taken: false } as Waiting;
    waiting.set(month, fresh);
    fresh.answers = send(() => {
      fresh.taken = true;
      if (waiting.get(month) === fresh) waiting.delete(month);
      return {
        kind: 'read',
        name: 'funnelReports',
        args: [month, fresh.scopes],
        now: fresh.deps.clock(),
        rules: fresh.deps.rules,
        defaultTimezone: fresh.deps.defaultTimezone,
      };
    });
    return (await fresh.answers).slice(0, mine.length);
  };
}

function sameSetting(a: EngineDeps, b: EngineDeps): boolean {
  return a.rules === b.rules && a.defaultTimezone === b.defaultTimezone && a.clock === b.clock;
}
