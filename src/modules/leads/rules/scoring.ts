import type { BudgetBand, FieldDimension, Rules, ScoringCore, ScoringLine } from '../../rules.ts';
import { looseWord, matchesLead, matchIndustry } from './industry-match.ts';
import type { LeadFields, ScoreBreakdown, ScorePart, UrgentReason } from '../../../kernel/types.ts';

const DAY_MS = 86_400_000;

/**
 * F1: score a lead. `inquiryTimes` are the moments the customer reached us about this lead
 * (the first submission and every merged duplicate); two within the window earn the frequency bonus.
 * A lead in a business line (scoring.lines) is scored by that line's rules, and the breakdown names the line.
 */
export function scoreLead(fields: LeadFields, inquiryTimes: readonly number[], rules: Rules): ScoreBreakdown {
  const line = lineOf(fields, rules);
  const s = line === null ? rules.scoring : lineScoring(rules.scoring, line.rules);
  const synonyms = rules.scoring.industrySynonyms;
  const parts: ScorePart[] = [];

  const hit = matchIndustry(fields.industry, Object.keys(s.industries), synonyms);
  parts.push(
    hit === null
      ? { dimension: 'industry', points: s.otherIndustryPoints, detail: `other:${fields.industry || '-'}` }
      : hit.synonymOf === undefined
        ? { dimension: 'industry', points: s.industries[hit.key] as number, detail: hit.key }
        : {
            dimension: 'industry',
            points: s.industries[hit.key] as number,
            detail: `synonym:${hit.synonymOf}=${hit.key}`,
            synonym: { word: hit.synonymOf, of: hit.key },
          },
  );

  const band = bandOf(fields.budget, s.budgetBands);
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

  for (const d of s.dimensions) parts.push(fieldPart(d, fields, synonyms));

  const weighted = parts.map((p) =>
    weigh(p, s.weights[p.dimension === 'field' ? (p.name ?? '') : p.dimension]),
  );
  const total = weighted.reduce((sum, p) => sum + p.points, 0);
  return line === null ? { total, parts: weighted } : { total, parts: weighted, line: line.id };
}

/** The business line a lead belongs to: the first of scoring.lines whose `match` it meets, in the file's order. */
export function lineOf(fields: LeadFields, rules: Rules): { id: string; rules: ScoringLine } | null {
  for (const [id, line] of Object.entries(rules.scoring.lines)) {
    if (matchesLead(fields, line.match, rules.scoring.industrySynonyms)) return { id, rules: line };
  }
  return null;
}

/** The default scoring with a line's overrides (see ScoringLine for what merges and what replaces). */
export function lineScoring(base: ScoringCore, line: ScoringLine): ScoringCore {
  const own = line.dimensions ?? [];
  return {
    industries: { ...base.industries, ...line.industries },
    otherIndustryPoints: line.otherIndustryPoints ?? base.otherIndustryPoints,
    budgetBands: line.budgetBands ?? base.budgetBands,
    contactFrequency: { ...base.contactFrequency, ...line.contactFrequency },
    completeness: { ...base.completeness, ...line.completeness },
    dimensions: [...base.dimensions.filter((d) => !own.some((o) => o.name === d.name)), ...own],
    weights: { ...base.weights, ...line.weights },
  };
}

/** A declared dimension: the points of the lead's value in `field` (for tags, its best-scoring tag). */
function fieldPart(d: FieldDimension, fields: LeadFields, synonyms: Record<string, string[]>): ScorePart {
  const listed = Object.keys(d.points);
  const values = d.field === 'tags' ? fields.tags : [String(fields[d.field] ?? '')];
  let best: { key: string; points: number } | null = null;
  for (const value of values) {
    const key =
      d.field === 'industry'
        ? (matchIndustry(value, listed, synonyms)?.key ?? null)
        : (listed.find((k) => k === value.trim()) ??
          listed.find((k) => looseWord(k) === looseWord(value)) ??
          null);
    if (key !== null && value.trim() !== '' && (best === null || (d.points[key] as number) > best.points))
      best = { key, points: d.points[key] as number };
  }
  const shown = values.filter((v) => v.trim() !== '').join(',') || '-';
  return best === null
    ? { dimension: 'field', name: d.name, points: d.otherPoints, detail: `other:${shown}` }
    : { dimension: 'field', name: d.name, points: best.points, detail: best.key };
}

/** A part times its line's weight, rounded to whole points; the weight is kept when it changed anything. */
function weigh(part: ScorePart, weight: number | undefined): ScorePart {
  if (weight === undefined || weight === 1) return part;
  return { ...part, points: Math.round(part.points * weight), weight };
}

export function budgetBand(budget: number, rules: Rules): { points: number; label: string } {
  return bandOf(budget, rules.scoring.budgetBands);
}

function bandOf(budget: number, budgetBands: readonly BudgetBand[]): { points: number; label: string } {
  // Bands are checked in order of their upper bound; the open band (below: null) catches the rest.
  const bands = [...budgetBands].sort((a, b) => (a.below ?? Infinity) - (b.below ?? Infinity));
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
