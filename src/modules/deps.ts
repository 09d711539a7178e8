import type { Rules } from './rules.ts';
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
