// Renders the machine-readable reasons of routing decisions and a lead's history into words (F9).
import { DateTime } from 'luxon';
import type { LeadEvent } from '../../../kernel/events.ts';
import { isPoolReason, type Considered, type RoutingExplanation, type Skipped } from '../rules/routing.ts';
import type { Lead, Person, ScoreBreakdown, ScorePart } from '../../../kernel/types.ts';
import type { Pipeline } from '../../deals/rules/pipeline.ts';
import { t, type Locale } from '../../i18n.ts';

export interface Names {
  people: Map<string, Person>;
  timezone: string;
  /** The rules' pipelines, to name a score's business line (its id without them). */
  pipelines?: readonly Pipeline[];
}

function nameOf(id: string | null, names: Names): string {
  if (id === null) return '-';
  return names.people.get(id)?.name ?? id;
}

function time(ms: number, names: Names): string {
  return DateTime.fromMillis(ms, { zone: names.timezone }).toFormat('yyyy-MM-dd HH:mm');
}

export function skipReason(s: Skipped, locale: Locale, names: Names): string {
  // "at capacity 8/8": the figures when the decision kept them.
  if (s.reason === 'AT_CAPACITY' && s.open !== undefined && s.capacity !== undefined)
    return t(locale, 'skip.AT_CAPACITY.figures', { open: s.open, capacity: s.capacity });
  return t(locale, `skip.${s.reason}`, {
    rule: s.rule ?? '',
    until: s.until === undefined ? '' : time(s.until, names),
    role: names.people.get(s.personId)?.role ?? '',
  });
}

/** A score as people read it: whole points (the stored totals keep four decimals for replays). */
export function points(x: number): number {
  return Math.round(x);
}

/** The reasons one candidate scored as they did: matched skills, load and turn. */
function reasonsOf(c: Considered, locale: Locale): string[] {
  const reasons = [
    c.matchedSkills.length > 0
      ? t(locale, 'why.reason.skill', { skills: c.matchedSkills.join('/') })
      : t(locale, 'why.reason.noskill'),
    t(locale, 'why.reason.load', { open: c.openLeads, capacity: c.capacity }),
  ];
  if (c.factors.roundRobin === 1) reasons.push(t(locale, 'why.reason.turn'));
  return reasons;
}

/** "skill 40, turn 25, load 13, win rate 5, follow-up speed 3": each weighted part of a score, in whole points. */
function componentsOf(c: Considered, weights: RoutingExplanation['weights'], locale: Locale): string {
  return t(locale, 'why.you.components', {
    skill: points(weights.skill * c.factors.skill),
    turn: points(weights.roundRobin * c.factors.roundRobin),
    load: points(weights.load * c.factors.load),
    winRate: points(weights.winRate * c.factors.winRate),
    followUp: points(weights.followUp * c.factors.followUp),
  });
}

/**
 * One rep's own part of a routing decision (issue 21, item 7): why it reached them or did not, with their own
 * figures rounded, and no colleague's score, load or skip reason. Managers, directors and admins read the whole
 * decision through `explainDecision` without a viewer.
 */
function explainForViewer(e: RoutingExplanation, viewerId: string, locale: Locale, names: Names): string {
  const list = locale === 'en' ? ', ' : '，';
  const mine = e.considered.find((c) => c.personId === viewerId);
  if (e.outcome === 'offered' && e.winnerId === viewerId && mine !== undefined) {
    const reasons = reasonsOf(mine, locale);
    if (e.reason === 'TIE_BROKEN_BY_TURN' || e.reason === 'TIE_BROKEN_BY_ID')
      reasons.push(t(locale, `why.reason.tie.${e.reason}`));
    return [
      t(locale, 'why.you.offered', { reasons: reasons.join(list) }),
      t(locale, 'why.you.score', { total: points(mine.total), parts: componentsOf(mine, e.weights, locale) }),
    ].join('\n');
  }
  // Who got it and whether their skills matched (no colleague's figures).
  const winner = e.considered.find((c) => c.personId === e.winnerId);
  const lines = [
    e.outcome === 'offered' && e.winnerId !== null
      ? t(locale, 'why.you.elsewhere', {
          name: nameOf(e.winnerId, names),
          reason:
            winner === undefined || winner.matchedSkills.length === 0
              ? t(locale, 'why.reason.noskill')
              : t(locale, 'why.reason.skill', { skills: winner.matchedSkills.join('/') }),
        })
      : t(locale, 'why.pool', {
          reason: t(locale, `why.pool.${isPoolReason(e.reason) ? e.reason : 'NO_ELIGIBLE_REP'}`),
        }),
  ];
  const other = (e.others ?? []).find((c) => c.personId === viewerId);
  const skipped = e.skipped.find((s) => s.personId === viewerId && s.reason !== 'NOT_A_ROUTED_ROLE');
  if (mine !== undefined)
    lines.push(
      t(locale, winner?.total === mine.total ? 'why.you.tied' : 'why.you.lower', {
        total: points(mine.total),
        reasons: reasonsOf(mine, locale).join(list),
        parts: componentsOf(mine, e.weights, locale),
      }),
    );
  else if (other !== undefined) lines.push(t(locale, 'why.you.lowerTotal', { total: points(other.total) }));
  else if (skipped !== undefined)
    lines.push(t(locale, 'why.you.skipped', { reason: skipReason(skipped, locale, names) }));
  return lines.join('\n');
}

/**
 * "routed to Alice: skill 医疗基建 matched, load 3/8, round-robin turn; Bob skipped: daily cap reached". With a
 * `viewerId`, only that rep's own part (see explainForViewer).
 */
export function explainDecision(
  e: RoutingExplanation,
  locale: Locale,
  names: Names,
  viewerId?: string,
): string {
  if (viewerId !== undefined) return explainForViewer(e, viewerId, locale, names);
  const sep = locale === 'en' ? '; ' : ';';
  const lines: string[] = [];
  if (e.outcome === 'offered' && e.winnerId !== null) {
    const w = e.considered.find((c) => c.personId === e.winnerId);
    const reasons: string[] = [];
    if (w !== undefined)
      reasons.push(...reasonsOf(w, locale), t(locale, 'why.reason.total', { total: points(w.total) }));
    if (e.reason === 'TIE_BROKEN_BY_TURN' || e.reason === 'TIE_BROKEN_BY_ID')
      reasons.push(t(locale, `why.reason.tie.${e.reason}`));
    lines.push(
      t(locale, 'why.offered', {
        name: nameOf(e.winnerId, names),
        reasons: reasons.join(locale === 'en' ? ', ' : ','),
      }),
    );
  } else {
    // Only the pool reasons reach here (routing offers only with a winner); were a stored decision ever to say
    // otherwise, it reads as "no rep could take it" rather than as a key.
    const reason = isPoolReason(e.reason) ? e.reason : 'NO_ELIGIBLE_REP';
    lines.push(t(locale, 'why.pool', { reason: t(locale, `why.pool.${reason}`) }));
  }
  const detailed = e.considered
    .filter((c) => c.personId !== e.winnerId)
    .map((c) =>
      t(locale, 'why.runnerUp.load', {
        name: nameOf(c.personId, names),
        total: points(c.total),
        open: c.openLeads,
        capacity: c.capacity,
      }),
    );
  const others = [
    ...detailed,
    ...(e.others ?? [])
      .filter((c) => c.personId !== e.winnerId)
      .map((c) => t(locale, 'why.runnerUp', { name: nameOf(c.personId, names), total: points(c.total) })),
  ];
  // People whose role never receives leads (managers, finance…) are in the stored decision but are noise in the text.
  const skipped = e.skipped
    .filter((s) => s.reason !== 'NOT_A_ROUTED_ROLE')
    .map((s) =>
      t(locale, 'why.skipped', { name: nameOf(s.personId, names), reason: skipReason(s, locale, names) }),
    );
  if (others.length + skipped.length > 0) lines.push([...others, ...skipped].join(sep));
  return lines.join('\n');
}

/** One score part in words: `industry 医疗基建 (as “医院”) 20`, `region 华东 10`, with the line's weight if any. */
function scorePart(p: ScorePart, locale: Locale, budget: number): string {
  const text =
    p.dimension === 'field'
      ? p.detail.startsWith('other:')
        ? t(locale, 'score.field.other', { name: p.name ?? '', points: p.points })
        : t(locale, 'score.field', { name: p.name ?? '', detail: p.detail, points: p.points })
      : p.dimension === 'industry' && p.synonym !== undefined
        ? t(locale, 'score.industry.synonym', { of: p.synonym.of, word: p.synonym.word, points: p.points })
        : t(locale, `score.${p.dimension}`, {
            points: p.points,
            // The band's label is the rules file's words (<5万): English readers get the budget itself.
            detail: p.dimension === 'budget' && locale === 'en' ? budgetText(budget) : p.detail,
          });
  return p.weight === undefined ? text : t(locale, 'score.weighted', { part: text, weight: p.weight });
}

function budgetText(budget: number): string {
  return budget > 0 ? `¥${Math.round(budget).toLocaleString('en-US')}` : '-';
}

/** A lead's score parts in words; `budget` is the lead's, for the English budget part. */
export function scoreParts(breakdown: ScoreBreakdown, locale: Locale, budget: number): string {
  return breakdown.parts.map((p) => scorePart(p, locale, budget)).join(locale === 'en' ? ', ' : '，');
}

/** The business line a score came from, by its pipeline's name in the reader's language (its id if gone). */
export function lineText(
  breakdown: ScoreBreakdown,
  locale: Locale,
  pipelines: readonly Pipeline[],
): string | null {
  if (breakdown.line === undefined) return null;
  const p = pipelines.find((x) => x.id === breakdown.line);
  const name = p === undefined ? breakdown.line : locale === 'en' ? (p.nameEn ?? p.name) : p.name;
  return t(locale, 'why.line', { line: name });
}

export function describeLead(lead: Lead, locale: Locale, names: Names): string {
  const parts = scoreParts(lead.scoreBreakdown, locale, lead.budget);
  const owner = lead.ownerId === null ? '' : ` (${nameOf(lead.ownerId, names)})`;
  const header = t(locale, 'why.header', {
    id: lead.id,
    company: lead.company,
    score: lead.score,
    parts,
    status: t(locale, `status.${lead.status}`),
    owner,
  });
  const line = lineText(lead.scoreBreakdown, locale, names.pipelines ?? []);
  const head = line === null ? header : `${header}\n${line}`;
  return lead.urgentReason === null
    ? head
    : `${head}\n${t(locale, 'why.urgent', { reason: t(locale, `urgent.${lead.urgentReason}`) })}`;
}

export function describeEvent(e: LeadEvent, names: Names): string {
  const { type, at, leadId: _l, actorId, ...data } = e;
  const who = actorId === null ? 'system' : nameOf(actorId, names);
  const detail = Object.entries(data)
    .map(([k, v]) => `${k}=${typeof v === 'number' && v > 1e12 ? time(v, names) : String(v)}`)
    .join(' ');
  return `${time(at, names)}  ${type}  ${who}${detail === '' ? '' : `  ${detail}`}`;
}

/** The whole `leadline why ID` text. */
export function renderWhy(
  story: {
    lead: Lead;
    decisions: Array<{ at: number; explanation: RoutingExplanation }>;
    events: LeadEvent[];
  },
  locale: Locale,
  names: Names,
): string {
  const out = [describeLead(story.lead, locale, names)];
  for (const d of story.decisions)
    out.push(`[${time(d.at, names)}] ${explainDecision(d.explanation, locale, names)}`);
  out.push(t(locale, 'history.header'));
  for (const e of story.events) out.push(`  ${describeEvent(e, names)}`);
  return out.join('\n');
}
