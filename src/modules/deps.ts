import type { Rules } from './rules.ts';
import type { Segmenter, TagVocabulary } from './leads/rules/tags.ts';
import type { FileStore, Store, Tx } from './ports.ts';
import { CodedError } from '../kernel/errors.ts';
import type { WorkTime } from '../kernel/work-clock.ts';

/** What every use case gets: the store, the rules in force, the clock and org defaults. Wired in main.ts / cli.ts. */
export interface EngineDeps {
  store: Store;
  rules: Rules;
  /** Epoch ms; injected so tests and `sweep --at` run at any time. */
  clock: () => number;
  /** Used until an org file sets its own timezone. */
  defaultTimezone: string;
  /** Where evidence files go; without it, file evidence is refused with a clear reason. */
  files?: FileStore;
  /**
   * Heavy reads answered off the event loop (issue 23): by a worker with its own read-only connection
   * (src/workers). Absent (tests, the CLI): they run here. Either way the same use case computes the answer.
   */
  reads?: OffLoopReads;
  /**
   * Smart tags: a Chinese word segmenter for the org's tag list (src/modules/leads/segmenter.ts). Absent, no tags
   * are suggested.
   */
  segmenter?: (vocabulary: TagVocabulary) => Segmenter;
}

/** The read use cases a worker can answer; their arguments and answers are plain data. */
export type OffLoopReadName =
  | 'funnelReports'
  | 'journeyReports'
  | 'radarReport'
  | 'radarReports'
  | 'forecast'
  | 'kbiOpportunities'
  | 'patrolFacts'
  /** The what-if's replay of the rules in force for --verify (whatif/use-cases/replay-apart.ts). */
  | 'whatifInForce';

export interface OffLoopReads {
  /** Runs `name(deps, ...args)` in a worker, at deps.clock() now and with deps.rules. */
  run(name: OffLoopReadName, args: readonly unknown[], deps: EngineDeps): Promise<unknown>;
}

export async function orgTimezone(tx: Tx, deps: EngineDeps): Promise<string> {
  return (await tx.settings.get('timezone')) ?? deps.defaultTimezone;
}

/** The org's working time: its timezone, the holiday calendar (deals.calendar) and the working hours. */
export async function orgWorkTime(tx: Tx, deps: EngineDeps): Promise<WorkTime> {
  return {
    zone: await orgTimezone(tx, deps),
    calendar: deps.rules.deals.calendar,
    hours: deps.rules.clocks.workingHours,
  };
}

export class EngineError extends CodedError<'LEAD_NOT_FOUND' | 'INVALID_ORG' | 'INVARIANT'> {}
