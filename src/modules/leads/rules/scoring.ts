import type { Rules } from '../../rules.ts';
import type { LeadFields, ScoreBreakdown, ScorePart, UrgentReason } from '../../../kernel/types.ts';

const DAY_MS = 86_400_000;

/**
 * F1: score a lead. `inquiryTimes` are the moments the customer reached us about this lead
 * (the first submission and every merged duplicate); two within the window earn the frequency bonus.
 */
export function scoreLead(fields: LeadFields, inquiryTimes: readonly number[], rules: Rules): ScoreBreakdown {
  const s = rules.scoring;
  const parts: ScorePart[] = [];

  const industryPoints = s.industries[fields.industry.trim()];
  parts.push(
    industryPoints === undefined
      ? { dimension: 'industry', points: s.otherIndustryPoints, detail: `other:${fields.industry || '-'}` }
      : { dimension: 'industry', points: industryPoints, detail: fields.industry.trim() },
  );

  const band = budgetBand(fields.budget, rules);
  parts.push({ dimension: 'budget', points: band.points, detail: band.label });

  const calls = maxInWindow(inquiryTimes, s.contactFrequency.withinDays * DAY_MS);
  parts.push({
    dimension: 'contactFrequency',
    points: calls >= s.contactFrequency.calls ? s.contactFrequency.points : 0,
    detail: `${calls} in ${s.contactFrequency.withinDays}d`,
  });

  const missing = s.completeness.fields.filter((f) => String(fields[f] ?? '').trim() === '');
  const present = s.completeness.fields.length - missing.length;
  const completenessPoints =
    s.completeness.fields.length === 0
      ? 0
      : Math.round((s.completeness.points * present) / s.completeness.fields.length);
  parts.push({
    dimension: 'completeness',
    points: completenessPoints,
    detail: missing.length === 0 ? 'complete' : `missing:${missing.join(',')}`,
  });

  return { total: parts.reduce((sum, p) => sum + p.points, 0), parts };
}

export function budgetBand(budget: number, rules: Rules): { points: number; label: string } {
  // Bands are checked in order of their upper bound; the open band (below: null) catches the rest.
  const bands = [...rules.scoring.budgetBands].sort((a, b) => (a.below ?? Infinity) - (b.below ?? Infinity));
  for (const band of bands) {
    if (band.below === null || budget < band.below) return band;
  }
  return { points: 0, label: 'none' };
}

/** The largest number of times that fall within any window of the given length. */
function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] as number) - (sorted[start] as number) > windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** F3: urgent leads jump the queue: a trial ending soon, or a competitor comparison. */
export function urgencyOf(fields: LeadFields, now: number, rules: Rules): UrgentReason | null {
  if (fields.trialEndsAt !== null) {
    const left = fields.trialEndsAt - now;
    if (left <= rules.urgency.trialEndsWithinHours * 3_600_000) return 'TRIAL_ENDING';
  }
  if (fields.urgency === 'trial' && fields.trialEndsAt === null) return 'TRIAL_ENDING';
  if (fields.urgency === 'competitor') return 'COMPETITOR_COMPARISON';
  const text = [fields.need, ...fields.tags].join(' ').toLowerCase();
  if (rules.urgency.competitorKeywords.some((k) => k.trim() !== '' && text.includes(k.toLowerCase()))) {
    return 'COMPETITOR_COMPARISON';
  }
  return null;
}
