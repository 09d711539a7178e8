// Renders the machine-readable reasons of routing decisions and a lead's history into words (F9).
import { DateTime } from 'luxon';
import type { LeadEvent } from '../../../kernel/events.ts';
import { isPoolReason, type RoutingExplanation, type Skipped } from '../rules/routing.ts';
import type { Lead, Person } from '../../../kernel/types.ts';
import { t, type Locale } from '../../i18n.ts';

export interface Names {
  people: Map<string, Person>;
  timezone: string;
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

/** "routed to Alice: skill 医疗基建 matched, load 3/8, round-robin turn; Bob skipped: daily cap reached" */
export function explainDecision(e: RoutingExplanation, locale: Locale, names: Names): string {
  const sep = locale === 'en' ? '; ' : ';';
  const lines: string[] = [];
  if (e.outcome === 'offered' && e.winnerId !== null) {
    const w = e.considered.find((c) => c.personId === e.winnerId);
    const reasons: string[] = [];
    if (w !== undefined) {
      reasons.push(
        w.matchedSkills.length > 0
          ? t(locale, 'why.reason.skill', { skills: w.matchedSkills.join('/') })
          : t(locale, 'why.reason.noskill'),
      );
      reasons.push(t(locale, 'why.reason.load', { open: w.openLeads, capacity: w.capacity }));
      if (w.factors.roundRobin === 1) reasons.push(t(locale, 'why.reason.turn'));
      reasons.push(t(locale, 'why.reason.total', { total: w.total }));
    }
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
        total: c.total,
        open: c.openLeads,
        capacity: c.capacity,
      }),
    );
  const others = [
    ...detailed,
    ...(e.others ?? [])
      .filter((c) => c.personId !== e.winnerId)
      .map((c) => t(locale, 'why.runnerUp', { name: nameOf(c.personId, names), total: c.total })),
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

export function describeLead(lead: Lead, locale: Locale, names: Names): string {
  const parts = lead.scoreBreakdown.parts
    .map((p) => t(locale, `score.${p.dimension}`, { points: p.points, detail: p.detail }))
    .join(locale === 'en' ? ', ' : ',');
  const owner = lead.ownerId === null ? '' : ` (${nameOf(lead.ownerId, names)})`;
  const header = t(locale, 'why.header', {
    id: lead.id,
    company: lead.company,
    score: lead.score,
    parts,
    status: t(locale, `status.${lead.status}`),
    owner,
  });
  return lead.urgentReason === null
    ? header
    : `${header}\n${t(locale, 'why.urgent', { reason: t(locale, `urgent.${lead.urgentReason}`) })}`;
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
