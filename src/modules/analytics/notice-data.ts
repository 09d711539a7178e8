// The data of the weekly digest's notices (F30–F33): the figures behind each card (the engine's reports, as
// JSON), drawn into charts when the outbox delivers them (analytics/notices.ts), not in the use case. See
// leads/notice-data.ts for why the schemas live apart from the renderers.
import { z } from 'zod';
import type { TeamBoard } from '../kbi/use-cases/team-board.ts';
import type { FunnelReport } from './use-cases/funnel-report.ts';
import type { JourneyReport } from './use-cases/journey-report.ts';
import type { RadarReport } from './use-cases/radar-report.ts';

// The reports are the engine's own records, typed in their use cases: checked here by the keys the cards read
// first, not field by field (a second description of each would drift from the first).
const record = <T>(what: string, keys: readonly string[]) =>
  z.custom<T>(
    (v) => typeof v === 'object' && v !== null && keys.every((k) => k in v),
    `${what} (${keys.join(', ')})`,
  );

const funnel = record<FunnelReport>('a funnel report', ['month', 'pipeline', 'scope', 'stages', 'dwell']);
const radar = record<RadarReport>('a radar report', ['month', 'team', 'reps', 'radar', 'red']);
const journey = record<JourneyReport>('a journey report', ['from', 'to', 'deals', 'requests', 'summary']);

export const ANALYTICS_NOTICE_DATA = {
  /** The digest's first card: what the charts after it say, a line each. */
  'digest.summary': z.object({
    scope: z.object({ id: z.string(), name: z.string() }).nullable(),
    period: z.string(),
    month: z.string(),
    funnels: z.array(funnel),
    radars: z.array(radar),
    journey: journey.nullable(),
  }),
  /** A pipeline's funnel, with its CSV button repeating its chat command. */
  'digest.funnel': z.object({ report: funnel, csv: z.string() }),
  /** The same pipeline's dwell heat map. */
  'digest.dwell': z.object({ report: funnel }),
  'digest.radar': z.object({ report: radar, csv: z.string() }),
  'digest.journey': z.object({ report: journey, period: z.string() }),
  /** The target board as the reader sees it with `team board`. */
  'digest.board': z.object({ board: record<TeamBoard>('a team board', ['periods', 'rows', 'visitGaps']) }),
} as const;

type DigestTemplate = keyof typeof ANALYTICS_NOTICE_DATA;

/** One card of the digest as data: a notice's template and data, without its recipient. */
export type DigestPart = {
  [K in DigestTemplate]: { template: K; data: z.infer<(typeof ANALYTICS_NOTICE_DATA)[K]> };
}[DigestTemplate];
