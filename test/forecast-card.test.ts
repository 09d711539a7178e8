// The forecast card draws the open deals from their month groups (issue 23: a worker's answer no longer carries
// one line a deal onto the server's thread). The card must read as it did when drawn from every line: the
// oracle below is the card's former month section, kept verbatim over the lines.
import { describe, expect, it } from 'vitest';
import { forecastCard, type Names } from '../src/modules/kbi/cards/forecast-cards.ts';
import { yuan } from '../src/modules/kbi/cards/kbi-cards.ts';
import { monthGroups, type WeightedLine } from '../src/modules/kbi/rules/forecast.ts';
import { t, type Locale } from '../src/modules/i18n.ts';

const names: Names = {
  person: (id) => `P ${id}`,
  team: (id) => `T ${id}`,
  pipeline: (id) => id,
  stage: (_p, s) => s,
};

const sorted = (r: Record<string, number>) =>
  Object.entries(r).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
const monthPlus = (month: string, n: number) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

/** The former month section, from every line. */
function fromLines(lines: WeightedLine[], first: string, locale: Locale): string[] {
  const out: string[] = [t(locale, 'kbi.fc.byMonthHead')];
  const scheduled = lines.filter((l) => l.month !== 'unscheduled');
  const last = scheduled.reduce((m, l) => (l.month > m ? l.month : m), first);
  for (let i = 0; i < 6; i++) {
    const month = monthPlus(first, i);
    if (month > last && i > 0) break;
    const inMonth = scheduled.filter((l) => l.month === month);
    if (inMonth.length === 0) {
      out.push(t(locale, 'kbi.fc.monthEmpty', { month }));
      continue;
    }
    const total = inMonth.reduce((s, l) => s + l.weightedCents, 0);
    out.push(t(locale, 'kbi.fc.month', { month, amount: yuan(total, locale), count: inMonth.length }));
    const teams = new Map<string, typeof inMonth>();
    for (const l of inMonth) teams.set(l.teamId ?? '', [...(teams.get(l.teamId ?? '') ?? []), l]);
    const teamSums = [...teams.entries()]
      .map(([id, ls]) => [id, ls, ls.reduce((s, l) => s + l.weightedCents, 0)] as const)
      .sort((a, b) => b[2] - a[2] || a[0].localeCompare(b[0]));
    for (const [teamId, ls, sum] of teamSums) {
      const reps: Record<string, number> = {};
      for (const l of ls) reps[l.repId] = (reps[l.repId] ?? 0) + l.weightedCents;
      out.push(
        t(locale, 'kbi.fc.teamLine', {
          team: teamId === '' ? t(locale, 'kbi.fc.noTeam') : names.team(teamId),
          amount: yuan(sum, locale),
          reps: sorted(reps)
            .map(([id, c]) =>
              t(locale, 'kbi.fc.repPart', { name: names.person(id), amount: yuan(c, locale) }),
            )
            .join(locale === 'en' ? ', ' : '、'),
        }),
      );
    }
  }
  const later = scheduled.filter((l) => l.month >= monthPlus(first, 6));
  if (later.length > 0)
    out.push(
      t(locale, 'kbi.fc.later', {
        month: monthPlus(first, 6),
        amount: yuan(
          later.reduce((s, l) => s + l.weightedCents, 0),
          locale,
        ),
        count: later.length,
      }),
    );
  const unscheduled = lines.filter((l) => l.month === 'unscheduled');
  if (unscheduled.length > 0)
    out.push(
      t(locale, 'kbi.fc.line', {
        name: t(locale, 'kbi.fc.unscheduled'),
        amount: yuan(
          unscheduled.reduce((s, l) => s + l.weightedCents, 0),
          locale,
        ),
      }),
    );
  const defaulted = lines.filter((l) => l.closeSource === 'default').length;
  const overdue = lines.filter((l) => l.overdue).length;
  if (defaulted > 0) out.push(t(locale, 'kbi.fc.defaulted', { count: defaulted }));
  if (overdue > 0) out.push(t(locale, 'kbi.fc.overdue', { count: overdue, month: first }));
  return out;
}

/** Deterministic lines over ten months (one skipped) and unscheduled, six teams (one none), 23 reps. */
function lines(n: number): WeightedLine[] {
  const months = ['2026-11', '2026-12', '2027-01', '2027-03', '2027-04', '2027-05', '2027-06', '2027-08'];
  return Array.from({ length: n }, (_, i) => {
    const rep = (i * 7) % 23;
    const team = rep % 6 === 5 ? null : `t${rep % 6}`;
    const month = i % 13 === 0 ? 'unscheduled' : (months[(i * 5) % months.length] as string);
    const amountCents = 100_000 + ((i * 7919) % 900_000);
    const probability = [0.1, 0.25, 0.4, 0.6][i % 4] as number;
    return {
      dealId: i + 1,
      repId: `r${rep}`,
      teamId: team,
      month,
      closeSource: month === 'unscheduled' ? 'none' : i % 3 === 0 ? 'default' : 'given',
      overdue: month === '2026-11' && i % 4 === 0,
      amountCents,
      probability,
      weightedCents: Math.round(amountCents * probability),
    };
  });
}

describe('the forecast card’s open deals by month', () => {
  it.each(['en', 'zh-CN'] as const)('read as drawn from every line (%s)', (locale) => {
    const all = lines(5_000);
    const period = { kind: 'month' as const, key: '2026-11', start: 0, end: 1 };
    const groups = monthGroups(all);
    expect(groups.reduce((s, g) => s + g.deals, 0)).toBe(all.length);
    expect(groups.length).toBeLessThan(300);
    const card = forecastCard(
      {
        probabilities: {},
        monthGroups: groups,
        periods: [{ period, wonCents: 0, weightedCents: 1, totalCents: 1, byRep: {}, byTeam: {} }],
        accuracy: [],
      },
      locale,
      names,
    );
    const expected = fromLines(all, '2026-11', locale).join('\n');
    expect(expected).toContain(t(locale, 'kbi.fc.monthEmpty', { month: '2027-02' }));
    expect(card.body).toContain(`\n\n${expected}\n\n`);
  });
});
