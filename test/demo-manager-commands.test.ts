// Issue 21 item 11: the demo org, seeded into a temporary SQLite file, has something real behind every manager
// command on first run, for the demo's manager and its director, in Chinese (the demo's language) and English.
// The commands come from the command registry (the help card's "managers" group), so a new one is covered too.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { COMMANDS } from '../src/conversation/commands.ts';
import { parseCommand } from '../src/conversation/parse-command.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { t, type Locale } from '../src/modules/i18n.ts';
import { testEnv, type TestEnv } from './helpers.ts';

/** The words of each manager command as a user types them, placeholders dropped (`plan TARGET` gets a target). */
function managerCommands(locale: Locale): string[] {
  const lang = locale === 'en' ? 'en' : 'zh';
  return COMMANDS.flatMap((c) => c.usage.filter((u) => u.group === 'managers'))
    .map((u) => /`([^`]*)`/.exec(u[lang])?.[1] ?? '')
    .filter((text) => !/FILE|文件/.test(text))
    .map((text) =>
      text
        .split(' ')
        .filter((w) => !w.startsWith('[') && !/^(TARGET|目标)$/.test(w))
        .concat(/^(plan|规划)(\s|$)/.test(text) ? ['3000000'] : [])
        .join(' '),
    );
}

/** What a command says when it has nothing to show (the catalog's empty states), up to their first figure. */
function emptyStates(locale: Locale): string[] {
  const keys = [
    'kbi.board.none',
    'kbi.fc.periodEmpty',
    'kbi.fc.monthEmpty',
    'kbi.attribution.none',
    'chart.attribution.tooLittle',
    'digest.nothing',
    'reading.funnel.empty',
    'reading.journey.empty',
    'reading.distribution.empty',
    'chart.dwell.none',
    'teamreport.none',
    'deals.empty',
    'charts.noTeam',
  ];
  return keys
    .map((k) => t(locale, k as Parameters<typeof t>[1]).split('{')[0] ?? '')
    .filter((s) => s.length > 4);
}

describe('the demo on first run', () => {
  let env: TestEnv;
  let chat: ChatDeps;
  beforeAll(async () => {
    // A Thursday morning in Shanghai, a few days into the month.
    env = testEnv({ start: '2026-12-03T02:00:00Z' });
    const r = await seedDemo(env.deps);
    expect(r.kind).toBe('seeded');
    chat = { engine: env.deps, defaultLocale: 'zh-CN' };
  }, 240_000);
  afterAll(async () => {
    await env.close();
  });

  it('has a director, presales, finance and delivery people, targets, won and lost deals and a month of reports', async () => {
    const facts = await env.deps.store.transaction(async (tx) => {
      const people = await tx.org.people();
      const since = env.clock() - 120 * 86_400_000;
      return {
        roles: new Set(people.map((p) => p.role)),
        targets: await tx.targets.list(),
        won: await tx.deals.wonBetween(since, env.clock() + 1),
        thisMonth: await tx.deals.wonBetween(
          DateTime.fromMillis(env.clock(), { zone: 'Asia/Shanghai' }).startOf('month').toMillis(),
          env.clock() + 1,
        ),
      };
    });
    for (const role of ['rep', 'manager', 'director', 'presales', 'finance', 'delivery'] as const)
      expect(facts.roles.has(role), role).toBe(true);
    expect(facts.targets.map((x) => x.scope).sort()).toEqual(
      expect.arrayContaining(['region', 'rep', 'team']),
    );
    expect(facts.won.length).toBeGreaterThanOrEqual(8);
    expect(facts.thisMonth.length).toBeGreaterThanOrEqual(1);
    // Lost deals with their history: lead closed as lost after a deal was opened.
    const lost = await env.deps.store.transaction(async (tx) => {
      let n = 0;
      for (let id = 1; id < 400; id++) {
        const d = await tx.deals.byLead(id);
        if (d?.status === 'lost') n++;
      }
      return n;
    });
    expect(lost).toBeGreaterThanOrEqual(4);
    // A month of reports: the manager reads a report table for a day four weeks ago with reports in it.
    const monthAgo = DateTime.fromMillis(env.clock(), { zone: 'Asia/Shanghai' }).minus({ days: 27 });
    const day = (
      monthAgo.weekday > 5 ? monthAgo.minus({ days: monthAgo.weekday - 5 }) : monthAgo
    ).toISODate();
    const wang = await identify(chat, 'playground', 'wang.qiang');
    const [table] = await handleInbound(chat, wang, { kind: 'command', text: `团队日报 ${day}` });
    expect(table?.card.title).toContain(day);
    expect(table?.card.body).toMatch(/按时 [1-9]/);
  });

  describe.each([
    ['wang.qiang', 'zh-CN'],
    ['sun.hua', 'zh-CN'],
    ['wang.qiang', 'en'],
    ['sun.hua', 'en'],
  ] as const)('as %s in %s', (id, locale) => {
    it.each(managerCommands(locale))('`%s` shows something real', async (text) => {
      const person = await identify(chat, 'playground', id);
      if (person === null || person === undefined) throw new Error(`no ${id} in the demo`);
      const actor = { ...person, locale };
      // The registry's usage, as typed, is a command (not a usage hint).
      expect(parseCommand(text).verb, text).not.toBe('invalid');
      const replies = await handleInbound(chat, actor, { kind: 'command', text });
      expect(replies.length, text).toBeGreaterThan(0);
      const all = JSON.stringify(replies.map((r) => r.card));
      for (const empty of emptyStates(locale)) expect(all, `${text}: ${empty}`).not.toContain(empty);
      // Not a refusal or a usage hint: a card with a title and something in it.
      for (const r of replies) expect(r.card.title.length, text).toBeGreaterThan(0);
    });
  });
});
