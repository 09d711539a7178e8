// Heavy work off the event loop (issue 23, item 2). The server's one Node thread answers every click; a chart
// render (vega → SVG → resvg, 100–300 ms) or a funnel over a million stage events (about a second) held it,
// and every rep's click waited. Here they run in worker threads instead:
//   - charts: one worker draws every chart (renderChart is sent to it process-wide, analytics/charts/render.ts);
//   - reads: one worker answers the heavy read use cases (deps.reads) with its own read-only connection — on
//     SQLite a read-only connection to the same WAL file (it reads a snapshot while the server writes), on
//     PostgreSQL a small pool of its own: the same code path on both;
//   - batch reads: the same reads for the scheduled jobs (the Monday digest of every team, the KBI facts), in a
//     worker of their own, so a manager's `funnel` asked at 09:00 does not queue behind 40 teams' digests.
// One worker each: the machine this runs on has few cores, and the server's thread needs one.
import type { EngineDeps, OffLoopReadName, OffLoopReads } from '../modules/deps.ts';
import {
  ChartError,
  renderChartsWith,
  type ChartRenderer,
  type ChartSpec,
  type RenderedChart,
  type RenderOptions,
} from '../modules/analytics/charts/render.ts';
import { OffLoopError } from '../modules/analytics/off-loop.ts';
import { RemoteError, WorkerPool } from './pool.ts';
import { funnelsTogether } from './funnels-together.ts';
import type { FunnelReportResult } from '../modules/analytics/use-cases/funnel-report.ts';
import type { WorkerConfig, WorkerTask } from './serve.ts';

export interface OffLoop {
  /** For deps.reads; null when the database has no second connection (an in-memory SQLite file). */
  reads: OffLoopReads | null;
  /** The same for the scheduled jobs' deps (their own worker); null when `reads` is. */
  batchReads: OffLoopReads | null;
  /**
   * Starts the workers and loads what they need now (a first chart would otherwise wait 2–4 s for tsx, vega and
   * the font). Never fails: a worker that cannot warm up is started again by the next task. `'reads'`: the read
   * worker only (a CLI command that draws no chart).
   */
  warm(only?: 'reads'): Promise<void>;
  /** Shuts the workers down (each closes its database first) and draws charts here again. */
  close(): Promise<void>;
  /** The pools, for tests. */
  pools: { charts: WorkerPool; reads: WorkerPool; batch: WorkerPool };
}

export interface OffLoopOptions {
  databaseUrl: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  /** The worker entry (tests give one that can be made to crash). */
  entry?: URL;
  /** The read workers' young generation in MB (see readsHeap); V8's default when not given. */
  readsYoungMb?: number;
}

// main.ts under tsx; main.js where the project runs compiled (the CLI tests run it so).
const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './main.ts' : './main.js', import.meta.url);

/**
 * The read workers' young generation (V8's default is 3 × 16 MB semi-spaces): a heavy read (the what-if's
 * --verify replay) makes short-lived objects by the hundred thousand, and with the default each of ≈950
 * collections copied what was still alive; 3 × 64 MB took the collector from ≈13 s to ≈4 s (issue 23, item 5).
 * Only where asked (`readsYoungMb`, or LEADLINE_READS_YOUNG_MB for every read worker): the server's workers keep
 * V8's default, so a heavy report does not leave them holding up to 192 MB more each.
 */
/** The read worker's young generation for the what-if's --verify (the CLI and bench/whatif.ts). */
export const WHATIF_READS_YOUNG_MB = 192;

function readsHeap(asked: number | undefined): { resourceLimits?: { maxYoungGenerationSizeMb: number } } {
  const mb = asked ?? Number(process.env.LEADLINE_READS_YOUNG_MB ?? NaN);
  return Number.isFinite(mb) && mb > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: mb } } : {};
}

/** An error from the worker as the caller would have had it here: a ChartError stays a ChartError. */
function local(err: unknown): unknown {
  if (!(err instanceof RemoteError)) return err;
  if (err.remoteName === 'ChartError' && (err.code === 'SPEC_INVALID' || err.code === 'RENDER_FAILED'))
    return new ChartError(err.code, err.message);
  return err;
}

/**
 * Runs a task, once more in a fresh worker if the first one died under it: a chart or a read changes nothing, so
 * a second try is safe, and it spares a Monday digest (already marked as sent) a crash that was not its own.
 */
async function twice<T>(pool: WorkerPool, task: WorkerTask | (() => WorkerTask), later = false): Promise<T> {
  const made = typeof task === 'function' ? task : () => task;
  try {
    return await pool.runMade<T>(made, [], later);
  } catch (err) {
    if (!(err instanceof OffLoopError) || err.code !== 'WORKER_FAILED') throw local(err);
    return pool.runMade<T>(made, [], later).catch((again: unknown) => {
      throw local(again);
    });
  }
}

function hasSecondConnection(databaseUrl: string): boolean {
  const path = databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
  return path !== ':memory:' && path !== '';
}

/** Starts the pools (their workers start on the first task) and sends every chart to the chart worker. */
export function startOffLoop(options: OffLoopOptions): OffLoop {
  const entry = options.entry ?? ENTRY;
  const data: WorkerConfig = {
    databaseUrl: options.databaseUrl,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  };
  const charts = new WorkerPool({ entry, size: 1, data: { databaseUrl: null }, name: 'charts' });
  // The read workers' young generation only where asked (the what-if's --verify): see readsHeap.
  const heap = readsHeap(options.readsYoungMb);
  const readPool = new WorkerPool({ entry, size: 1, data, name: 'reads', ...heap });
  const batchPool = new WorkerPool({ entry, size: 1, data, name: 'batch', ...heap });
  const renderer: ChartRenderer = async (chart: ChartSpec, opts: RenderOptions, later: boolean) => {
    const task: WorkerTask = { kind: 'render', chart, options: opts };
    return twice<RenderedChart>(charts, task, later);
  };
  renderChartsWith(renderer);
  const readsIn = (pool: WorkerPool): OffLoopReads => {
    const funnels = funnelsTogether((made) => twice<FunnelReportResult[]>(pool, made));
    return {
      async run(name: OffLoopReadName, args: readonly unknown[], deps: EngineDeps) {
        if (name === 'funnelReports') return funnels(args as [string, string[][]], deps);
        const task: WorkerTask = {
          kind: 'read',
          name,
          args: [...args],
          now: deps.clock(),
          rules: deps.rules,
          defaultTimezone: deps.defaultTimezone,
        };
        return twice<unknown>(pool, task);
      },
    };
  };
  const second = hasSecondConnection(options.databaseUrl);
  return {
    reads: second ? readsIn(readPool) : null,
    batchReads: second ? readsIn(batchPool) : null,
    pools: { charts, reads: readPool, batch: batchPool },
    async warm(only?: 'reads') {
      const task: WorkerTask = { kind: 'warm' };
      // The batch worker starts with its first job: the scheduled ones can wait a second, a click cannot.
      await Promise.all([
        only === 'reads' ? null : charts.run(task),
        second ? readPool.run(task) : null,
      ]).catch(() => undefined);
    },
    async close() {
      renderChartsWith(null);
      await Promise.all([charts.close(), readPool.close(), batchPool.close()]);
    },
  };
}
