// F39: the rule what-if in words — warnings, the chat summary card, and the rows of the CSV.
import { DateTime } from 'luxon';
import type { RoutingExplanation } from '../../leads/rules/routing.ts';
import type { Figures, RuleMatch, SourceRow, Warning, WhatIfSummary } from '../rules/whatif-summary.ts';
import type { Person, Team } from '../../../kernel/types.ts';
import type { Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { explainDecision } from '../../leads/cards/explain.ts';

export interface WhatIfNames {
  people: Map<string, Person>;
  teamsById: Map<string, Team>;
  timezone: string;
}

const pct = (x: number) => Math.round(x * 100);
/** Sources named on the chat card (the largest changes; the CSV has them all). */
const CARD_SOURCES = 8;

/** A source as a reader reads it: leads that came without one are said so. */
export function sourceName(source: string, locale: Locale): string {
  return source === '' ? t(locale, 'whatif.source.none') : source;
}

/** One source's line: coverage and expected conversion on both sides, with the change in points. */
export function sourceLine(x: SourceRow, locale: Locale): string {
  const percent = (v: number | null) => (v === null ? '-' : locale === 'en' ? `${pct(v)} %` : `${pct(v)}%`);
  const pts = (v: number | null) => {
    if (v === null) return '-';
    const p = Math.round(v * 100);
    return p > 0 ? `+${p}` : String(p);
  };
  return t(locale, 'whatif.card.source', {
    source: sourceName(x.source, locale),
    leads: x.leads,
    oldCov: percent(x.old.coverage),
    newCov: percent(x.new.coverage),
    covChange: pts(x.coverageChange),
    oldConv: percent(x.old.expectedConversion),
    newConv: percent(x.new.expectedConversion),
    convChange: pts(x.conversionChange),
  });
}

function matchWords(m: RuleMatch | null, locale: Locale): string {
  if (m === null) return '';
  const sep = locale === 'en' ? ', ' : '、';
  const what = (Object.entries(m.match) as Array<[keyof RuleMatch['match'], string[] | undefined]>)
    .filter(([, v]) => v !== undefined && v.length > 0)
    .map(([field, v]) => t(locale, `whatif.match.${field}`, { values: (v ?? []).join('/') }).trim())
    .join(sep);
  return t(locale, `whatif.match.${m.mode}`, { what });
}

export function warningText(w: Warning, locale: Locale, names: WhatIfNames): string {
  const team = (id: string) => names.teamsById.get(id)?.name ?? id;
  let text: string;
  switch (w.kind) {
    case 'TEAM_BLOCKED':
      text = t(locale, 'whatif.warn.TEAM_BLOCKED', {
        team: team(w.teamId),
        leads: w.leads,
        what: matchWords(w.match, locale),
        rule: w.rule,
        share: pct(w.shareOfTeamHigh),
      });
      break;
    case 'TEAM_STARVED':
      text = t(locale, 'whatif.warn.TEAM_STARVED', { team: team(w.teamId), received: w.oldReceived });
      break;
    case 'SKILL_STARVED':
      text = t(locale, 'whatif.warn.SKILL_STARVED', {
        skill: w.skill,
        leads: w.leads,
        received: w.oldToSkilled,
      });
      break;
    case 'COVERAGE_DROP':
      text = t(locale, 'whatif.warn.COVERAGE_DROP', {
        leads: w.leads,
        oldPooled: w.oldPooled,
        newPooled: w.newPooled,
      });
      break;
    case 'FAIRNESS_WORSE':
      text = t(locale, 'whatif.warn.FAIRNESS_WORSE', {
        oldGini: w.oldGini.toFixed(2),
        newGini: w.newGini.toFixed(2),
        oldTop3: pct(w.oldTop3),
        newTop3: pct(w.newTop3),
      });
      break;
  }
  return w.blocking ? `${text}${t(locale, 'whatif.blocking')}` : text;
}

export function periodText(from: number, to: number, timezone: string): string {
  const d = (ms: number) => DateTime.fromMillis(ms, { zone: timezone }).toFormat('yyyy-MM-dd');
  return `${d(from)} – ${d(to - 1)}`;
}

/** The chat answer: the headline figures, each team's change and every warning. The CSV stays on the server. */
/** What the replay could not reconstruct (F39): said apart from the changes, which it never counts in. */
export interface ReplayFidelity {
  leads: number;
  notReconstructable: number;
  unreproduced: number | null;
}

export function fidelityLines(r: ReplayFidelity, locale: Locale): string[] {
  const out: string[] = [];
  if (r.notReconstructable > 0)
    out.push(t(locale, 'whatif.history.notReconstructable', { n: r.notReconstructable, leads: r.leads }));
  if (r.unreproduced !== null && r.unreproduced > 0)
    out.push(t(locale, 'whatif.history.unreproduced', { n: r.unreproduced }));
  return out;
}

export function whatifCard(
  r: WhatIfSummary & Partial<ReplayFidelity>,
  file: string,
  locale: Locale,
  names: WhatIfNames,
): Card {
  const both = (a: string | number, b: string | number) => `${a} → ${b}`;
  const warnings = r.warnings.map((w) => `• ${warningText(w, locale, names)}`);
  const teams = r.teams.map((x) =>
    t(locale, 'whatif.card.teams', {
      team: x.name,
      old: x.old.received,
      new: x.new.received,
      oldHigh: pct(x.old.highShare),
      newHigh: pct(x.new.highShare),
    }),
  );
  const fidelity =
    r.notReconstructable === undefined
      ? []
      : fidelityLines(
          { leads: r.leads, notReconstructable: r.notReconstructable, unreproduced: r.unreproduced ?? null },
          locale,
        );
  const sources = r.sources.slice(0, CARD_SOURCES).map((x) => `• ${sourceLine(x, locale)}`);
  const more = r.sources.length - sources.length;
  const body = [
    ...teams,
    '',
    ...(sources.length === 0
      ? []
      : [
          t(locale, 'whatif.card.sources'),
          ...sources,
          ...(more > 0 ? [t(locale, 'whatif.card.moreSources', { n: more })] : []),
          '',
        ]),
    ...(fidelity.length === 0 ? [] : [...fidelity, '']),
    ...(warnings.length === 0
      ? [t(locale, 'whatif.card.noWarnings')]
      : [t(locale, 'whatif.card.warnings'), ...warnings]),
    '',
    t(locale, 'whatif.card.csv', { file }),
  ];
  return {
    title: t(locale, 'whatif.card.title', { file }),
    level: r.warnings.some((w) => w.blocking) ? 'red' : r.warnings.length > 0 ? 'yellow' : 'green',
    fields: [
      { label: t(locale, 'whatif.card.period'), value: periodText(r.from, r.to, names.timezone) },
      { label: t(locale, 'whatif.card.leads'), value: String(r.leads) },
      { label: t(locale, 'whatif.card.changed'), value: String(r.changed.length) },
      { label: t(locale, 'whatif.card.pooled'), value: both(r.old.pooled, r.new.pooled) },
      { label: t(locale, 'whatif.card.gini'), value: both(r.old.gini.toFixed(2), r.new.gini.toFixed(2)) },
      {
        label: t(locale, 'whatif.card.top3'),
        value: both(`${pct(r.old.top3Share)} %`, `${pct(r.new.top3Share)} %`),
      },
    ],
    body: body.join('\n'),
  };
}

export const CSV_HEADER = [
  'section',
  'id',
  'name',
  'team',
  'received_old',
  'received_new',
  'received_change',
  'high_share_old_pct',
  'high_share_new_pct',
  'expected_conversion_old_pct',
  'expected_conversion_new_pct',
  'lead',
  'from',
  'to',
  'why_old',
  'why_new',
  'leads',
  'coverage_old_pct',
  'coverage_new_pct',
  'coverage_change_pts',
  'expected_conversion_change_pts',
];

const pctOrBlank = (x: number | null) => (x === null ? '' : Math.round(x * 1000) / 10);

function figureCells(o: Figures, n: Figures): Array<string | number> {
  return [
    o.received,
    n.received,
    n.received - o.received,
    pctOrBlank(o.highShare),
    pctOrBlank(n.highShare),
    pctOrBlank(o.expectedConversion),
    pctOrBlank(n.expectedConversion),
  ];
}

/** A source's row: received_* are its leads that went to a rep; then its leads and coverage, and the changes. */
function sourceCells(x: SourceRow, locale: Locale): Array<string | number> {
  return [
    'source',
    x.source,
    sourceName(x.source, locale),
    '',
    x.old.covered,
    x.new.covered,
    x.new.covered - x.old.covered,
    '',
    '',
    pctOrBlank(x.old.expectedConversion),
    pctOrBlank(x.new.expectedConversion),
    '',
    '',
    '',
    '',
    '',
    x.leads,
    pctOrBlank(x.old.coverage),
    pctOrBlank(x.new.coverage),
    pctOrBlank(x.coverageChange),
    pctOrBlank(x.conversionChange),
  ];
}

/**
 * One table for a spreadsheet: a row per team, per rep, per lead source (largest change first) and per changed
 * lead (with both explanations).
 */
export function whatifCsvRows(
  r: WhatIfSummary,
  locale: Locale,
  names: WhatIfNames,
): Array<Array<string | number>> {
  const why = (e: RoutingExplanation | null) =>
    e === null ? '' : explainDecision(e, locale, names).replace(/\n/g, ' / ');
  const name = (id: string | null) => (id === null ? '' : (names.people.get(id)?.name ?? id));
  const full = (row: Array<string | number>) => [
    ...row,
    ...Array.from({ length: CSV_HEADER.length - row.length }, () => ''),
  ];
  return [
    ...r.teams.map((x) => ['team', x.id, x.name, x.id, ...figureCells(x.old, x.new), '', '', '', '', '']),
    ...r.reps.map((x) => [
      'rep',
      x.id,
      x.name,
      x.teamId ?? '',
      ...figureCells(x.old, x.new),
      '',
      '',
      '',
      '',
      '',
    ]),
    ...r.sources.map((x) => sourceCells(x, locale)),
    ...r.changed.map((c) => [
      'changed',
      '',
      c.company,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      c.leadId,
      name(c.from),
      name(c.to),
      why(c.old),
      why(c.new),
    ]),
  ].map(full);
}
