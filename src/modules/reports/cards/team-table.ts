// The manager's table of a team's daily reports (issue 21, item 2) → one card per page of reps: the four states
// (to check, not filed, late, on time) problems first, each filed report's figures, flags and summary, a button to
// open it and Next.
import { ACTIONS, type Card, type CardAction } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { tableState, type DailyRow, type TableState } from '../use-cases/daily-table.ts';
import type { TeamTable } from '../use-cases/team-reports.ts';

export const list = (items: string[], locale: Locale) => items.join(locale === 'zh-CN' ? '、' : ', ');

/** Reps per card: with the Next button, six buttons at most, WeCom's template-card limit (path/90236). */
export const TEAM_PAGE = 5;
const SNIPPET = 40;
const MARK: Record<TableState, string> = { flagged: '⚠', missing: '✗', late: '◔', on_time: '✓' };

function snippet(text: string): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= SNIPPET ? chars.join('') : `${chars.slice(0, SNIPPET - 1).join('')}…`;
}

function rowLines(row: DailyRow, locale: Locale): string[] {
  const state = tableState(row);
  const lines = [
    t(locale, 'teamreport.row', {
      mark: MARK[state],
      name: row.name,
      state:
        state === 'flagged' && row.status === 'late'
          ? `${t(locale, 'teamreport.state.flagged')} · ${t(locale, 'teamreport.state.late')}`
          : t(locale, `teamreport.state.${state}`),
      time:
        (row.filedAt === null ? '' : t(locale, 'teamreport.row.time', { time: row.filedAt })) +
        (row.source ? t(locale, `teamreport.row.source.${row.source}`) : '') +
        (row.missingPer ? t(locale, `teamreport.row.missingPer.${row.missingPer}`) : ''),
    }),
  ];
  if (row.report === null) return lines;
  const flags = [...new Set(row.flags)].map((k) => t(locale, `teamreport.flag.${k}`));
  lines.push(
    t(locale, 'teamreport.row.figures', {
      score: row.score ?? '-',
      visits: row.visits,
      photos: row.photos,
      flags:
        (flags.length === 0 ? '' : ` · ${list(flags, locale)}`) +
        (row.confirmed && row.needsConfirmation ? t(locale, 'teamreport.row.confirmed') : ''),
    }),
  );
  if (row.report.summary.trim() !== '')
    lines.push(t(locale, 'teamreport.row.summary', { summary: snippet(row.report.summary) }));
  return lines;
}

/** One page of one team's table. */
export function teamTableCard(tt: TeamTable, page: number, locale: Locale): Card {
  const { table, team } = tt;
  const pages = Math.max(1, Math.ceil(table.rows.length / TEAM_PAGE));
  const at = Math.min(Math.max(1, page), pages);
  const rows = table.rows.slice((at - 1) * TEAM_PAGE, at * TEAM_PAGE);
  const count = (s: TableState) => table.rows.filter((r) => tableState(r) === s).length;
  const body = [
    t(locale, 'teamreport.counts', {
      onTime: count('on_time'),
      late: count('late'),
      missing: count('missing'),
      flagged: count('flagged'),
      average: table.averageScore ?? '-',
    }),
    ...rows.flatMap((r) => ['', ...rowLines(r, locale)]),
    '',
    t(locale, 'teamreport.howOpen'),
  ];
  const actions: CardAction[] = rows.flatMap((r) =>
    r.report === null
      ? []
      : [
          {
            id: ACTIONS.reportOpen,
            label: t(locale, 'teamreport.open', { name: r.name }),
            value: String(r.report.id),
          },
        ],
  );
  if (at < pages)
    actions.push({
      id: ACTIONS.reportTeam,
      label: t(locale, 'teamreport.next'),
      value: `${table.date}|${team.id}|${at + 1}`,
    });
  const problems = count('flagged') + count('missing') > 0;
  return {
    title:
      t(locale, 'teamreport.title', { date: table.date, team: team.name }) +
      (pages > 1 ? t(locale, 'teamreport.page', { page: at, pages }) : ''),
    level: problems ? 'yellow' : 'green',
    body: body.join('\n'),
    ...(actions.length === 0 ? {} : { actions }),
  };
}
