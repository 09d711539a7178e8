// The data of the daily-report notices (see leads/notice-data.ts for why the schemas live apart from the
// renderers).
import { z } from 'zod';
import type { AuthenticityFlag } from './rules/authenticity.ts';

// A flag is the scoring's own record (kind, vars…); its renderer (renderFlag) knows its shape: checked here as
// far as the digest needs it.
const flag = z.custom<AuthenticityFlag>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string',
  'an authenticity flag',
);

export const REPORT_NOTICE_DATA = {
  'report.reminder': z.object({ date: z.string() }),
  // reportId: absent in notices queued before the report could be opened from chat.
  'report.read': z.object({ date: z.string(), by: z.string(), reportId: z.number().optional() }),
  'report.commented': z.object({
    date: z.string(),
    by: z.string(),
    text: z.string(),
    reportId: z.number().optional(),
  }),
  /** The rep answered in their report's comment thread: to their manager and the others who commented. */
  'report.replied': z.object({ date: z.string(), by: z.string(), text: z.string(), reportId: z.number() }),
  'report.digest': z.object({
    date: z.string(),
    teamId: z.string(),
    teamName: z.string(),
    onTime: z.array(z.string()),
    late: z.array(z.string()),
    missing: z.array(z.string()),
    averageScore: z.number().nullable(),
    flagged: z.array(
      z.object({
        reportId: z.number(),
        repId: z.string(),
        score: z.number().nullable(),
        confirmed: z.boolean(),
        flags: z.array(flag),
      }),
    ),
  }),
} as const;
