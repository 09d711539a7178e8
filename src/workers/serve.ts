// The worker side of the off-loop pools (issue 23): answers chart renders and heavy reads, one at a time.
// Reads use a read-only store of the worker's own (SQLite: a read-only connection to the same WAL file;
// PostgreSQL: a small pool), opened on the first read; { kind: 'close' } closes it and lets the thread end.
import { parentPort, workerData } from 'node:worker_threads';
import type { Transferable } from 'node:worker_threads';
import type { EngineDeps, OffLoopReadName } from '../modules/deps.ts';
import type { Rules } from '../modules/rules.ts';
import type { Store } from '../modules/ports.ts';
import type { Person, Team } from '../kernel/types.ts';
import type { ChartSpec, RenderOptions } from '../modules/analytics/charts/render.ts';
import type { WorkerReply } from './pool.ts';
import type { KbiFactsInput } from '../modules/kbi/use-cases/kbi-facts.ts';
import type { ForecastOptions } from '../modules/kbi/use-cases/team-forecast.ts';
import type { InForceTask } from '../modules/whatif/use-cases/replay-apart.ts';

export interface WorkerConfig {
  databaseUrl: string | null;
  /** PostgreSQL schema (tests use one per file). */
  schema?: string;
}

export type WorkerTask =
  | { kind: 'render'; chart: ChartSpec; options: RenderOptions }
  | {
      kind: 'read';
      name: OffLoopReadName;
      args: unknown[];
      now: number;
      rules: Rules;
      defaultTimezone: string;
    }
  /** Loads what the worker's tasks need (tsx, vega, the font; the database connection) before the first one. */
  | { kind: 'warm' }
  | { kind: 'close' };

const config = (workerData as { data: WorkerConfig }).data;
let store: Promise<Store> | null = null;

async function openStore(): Promise<Store> {
  if (config.databaseUrl === null) throw new Error('this worker has no database to read');
  const { openReadStore } = await import('../store/index.ts');
  return openReadStore(config.databaseUrl, config.schema === undefined ? {} : { schema: config.schema });
}

/** One task's answer, and the buffers to move rather than copy. */
export async function handle(task: WorkerTask): Promise<{ value: unknown; transfer: Transferable[] }> {
  if (task.kind === 'warm') {
    if (config.databaseUrl === null) {
      const { warmCharts } = await import('../modules/analytics/charts/render.ts');
      await warmCharts();
    } else {
      store ??= openStore().catch((err: unknown) => {
        store = null;
        throw err;
      });
      await store;
      await import('../modules/analytics/use-cases/funnel-report.ts');
    }
    return { value: null, transfer: [] };
  }
  if (task.kind === 'render') {
    const { renderChartHere } = await import('../modules/analytics/charts/render.ts');
    const chart = await renderChartHere(task.chart, task.options);
    const transfer = [chart.png.buffer as ArrayBuffer];
    if (chart.pixels !== undefined) transfer.push(chart.pixels.buffer as ArrayBuffer);
    return { value: chart, transfer };
  }
  if (task.kind === 'read') {
    store ??= openStore().catch((err: unknown) => {
      store = null; // tried again on the next read
      throw err;
    });
    const deps: EngineDeps = {
      store: await store,
      rules: task.rules,
      clock: () => task.now,
      defaultTimezone: task.defaultTimezone,
    };
    if (task.name === 'funnelReports') {
      const { funnelReportsHere } = await import('../modules/analytics/use-cases/funnel-report.ts');
      const [month, scopes] = task.args as [string, string[][]];
      return { value: await funnelReportsHere(deps, month, scopes), transfer: [] };
    }
    if (task.name === 'journeyReports') {
      const { journeyReportsHere } = await import('../modules/analytics/use-cases/journey-report.ts');
      const [from, to, scopes] = task.args as [number, number, string[][]];
      return { value: await journeyReportsHere(deps, from, to, scopes), transfer: [] };
    }
    if (task.name === 'radarReport') {
      const { radarReportHere } = await import('../modules/analytics/use-cases/radar-report.ts');
      const [month, asker, word] = task.args as [string, Person, string | null];
      return { value: await radarReportHere(deps, month, asker, word), transfer: [] };
    }
    if (task.name === 'radarReports') {
      const { radarReportsHere } = await import('../modules/analytics/use-cases/radar-report.ts');
      const [month, asker, words] = task.args as [string, Person, Array<string | null>];
      return { value: await radarReportsHere(deps, month, asker, words), transfer: [] };
    }
    if (task.name === 'forecast') {
      const { forecastHere } = await import('../modules/kbi/use-cases/team-forecast.ts');
      const [options] = task.args as [ForecastOptions | undefined];
      return { value: await forecastHere(deps, options), transfer: [] };
    }
    if (task.name === 'kbiOpportunities') {
      const { kbiOpportunitiesHere } = await import('../modules/kbi/use-cases/kbi-facts.ts');
      const [input] = task.args as [KbiFactsInput];
      return { value: await kbiOpportunitiesHere(deps, input), transfer: [] };
    }
    if (task.name === 'patrolFacts') {
      const { teamFactsForWire } = await import('../modules/patrol/use-cases/team-patrol.ts');
      const [team, repId] = task.args as [Team | null, string | null];
      return { value: await teamFactsForWire(deps, team, repId), transfer: [] };
    }
    if (task.name === 'whatifInForce') {
      const { replayInForceHere } = await import('../modules/whatif/use-cases/replay-apart.ts');
      const [replay] = task.args as [InForceTask];
      const value = await replayInForceHere(deps, replay);
      return { value, transfer: [value.exact.buffer as ArrayBuffer] };
    }
    throw new Error(`no such read: ${String(task.name)}`);
  }
  throw new Error(`no such task: ${(task as { kind: string }).kind}`);
}

/** Wires handle() to the parent; `before` may look at each task first (a test's fixture crashes on one). */
export function serve(before: (task: WorkerTask) => void = () => undefined): void {
  const port = parentPort;
  if (port === null) throw new Error('src/workers/serve.ts runs in a worker thread');
  port.on('message', ({ id, message }: { id: number; message: WorkerTask }) => {
    if (message.kind === 'close') {
      void (store ?? Promise.resolve(null))
        .then((s) => s?.close())
        .catch(() => undefined)
        .finally(() => port.close());
      return;
    }
    before(message);
    handle(message).then(
      ({ value, transfer }) => port.postMessage({ id, ok: true, value } satisfies WorkerReply, transfer),
      (err: unknown) => {
        const e = err instanceof Error ? err : new Error(String(err));
        const code = (e as { code?: unknown }).code;
        port.postMessage({
          id,
          ok: false,
          error: { name: e.name, code: typeof code === 'string' ? code : null, message: e.message },
        } satisfies WorkerReply);
      },
    );
  });
}
