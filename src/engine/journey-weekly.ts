// F32's weekly note: every Monday, last week's journey completeness per team goes to the team's managers when
// a figure is under its target (and the whole org's to the directors), as the chart with its reading. A week
// with every figure on target (or nothing to count) sends nothing: a note that comes every week is not read.
import { DateTime } from 'luxon';
import { journeyCard } from '../charts/journey-card.ts';
import { CARD_NOTICE, cardNoticeData } from '../messages/card-json.ts';
import { localeOf, t, type Locale } from '../messages/catalog.ts';
import type { Person } from '../domain/types.ts';
import { orgTimezone, type EngineDeps } from './deps.ts';
import { journeyReport, type JourneyReport } from './journey-report.ts';

export interface JourneyWeeklyResult {
  /** Monday of the week looked at (`YYYY-MM-DD`). */
  week: string;
  /** False when another run (instance, restart) already sent this week's notes. */
  ran: boolean;
  /** Notes queued, one per manager or director. */
  sent: number;
}

export async function sendJourneyWeekly(deps: EngineDeps): Promise<JourneyWeeklyResult> {
  const now = deps.clock();
  const { zone, people, teams, orgLocale } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    people: await tx.org.people(),
    teams: await tx.org.teams(),
    orgLocale: await tx.settings.get('locale'),
  }));
  const monday = DateTime.fromMillis(now, { zone }).startOf('week');
  const from = monday.minus({ weeks: 1 });
  const week = from.toISODate() as string;
  const first = await deps.store.transaction((tx) =>
    tx.inbound.firstTime('job', `journey-weekly:${week}`, now),
  );
  if (!first) return { week, ran: false, sent: 0 };
  const period = `${from.toFormat('MM-dd')}–${monday.minus({ days: 1 }).toFormat('MM-dd')}`;
  const localeOfPerson = (p: Person): Locale => localeOf(p.locale ?? orgLocale, 'zh-CN');
  const targets: Array<{ words: string[]; readers: Person[] }> = [
    ...teams.map((team) => ({
      words: [team.id],
      readers: people.filter((p) => p.active && p.role === 'manager' && p.teamId === team.id),
    })),
    { words: [], readers: people.filter((p) => p.active && p.role === 'director') },
  ];
  let sent = 0;
  for (const { words, readers } of targets) {
    if (readers.length === 0) continue;
    const r = await journeyReport(deps, from.toMillis(), monday.toMillis(), words);
    if (r.kind !== 'report' || r.report.summary.below.length === 0) continue;
    for (const reader of readers) {
      // Drawn before the transaction: a chart takes tens of milliseconds, the write lock should not wait on it.
      const card = await weeklyCard(deps, r.report, period, localeOfPerson(reader));
      await deps.store.transaction((tx) =>
        tx.outbox.enqueue(
          { to: { kind: 'person', id: reader.id }, template: CARD_NOTICE, data: cardNoticeData(card) },
          now,
        ),
      );
      sent++;
    }
  }
  return { week, ran: true, sent };
}

async function weeklyCard(deps: EngineDeps, report: JourneyReport, period: string, locale: Locale) {
  const card = await journeyCard(deps.rules, report, period, locale, null);
  return {
    ...card,
    title: `${t(locale, 'journey.weekly.title')} · ${card.title}`,
    body: t(locale, 'journey.weekly.body'),
  };
}
