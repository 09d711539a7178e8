// Read receipts and the comment thread of a daily report (issue 21, item 2), on both databases: a reviewer's first
// reading is kept once and told to the rep at most once a day (a second reader the same day is folded into the
// report's view), comments go both ways, and another team's rep or manager can neither read, comment nor list.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { COMMENT_MAX } from '../src/modules/reports/use-cases/team-reports.ts';
import { DATABASES, HOUR, MINUTE, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

describe.each(DATABASES)('report read receipts and comments, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;
  let id: number;

  const say = async (as: string, text: string) => {
    const actor = await identify(chat, 'playground', as);
    return handleInbound(chat, actor, { kind: 'command', text });
  };
  const text = async (as: string, words: string) =>
    (await say(as, words)).map((r) => `${r.card.title}\n${r.card.body ?? ''}`).join('\n');
  /** The notices queued for a person, by template, oldest first. */
  const queued = async (to: string) =>
    (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 })))
      .filter((n) => n.to.kind === 'person' && n.to.id === to && n.template.startsWith('report.'))
      .sort((a, b) => a.id - b.id)
      .map((n) => n.template);

  beforeEach(async () => {
    env = current();
    chat = { engine: env.deps, defaultLocale: 'en' };
    await seedOrg(env, [], {
      teams: [
        { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
        { id: 'west', name: 'West', managerId: 'wboss', channels: {} },
      ],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('alice', { name: 'Alice', locale: 'en' }),
        person('carol', { name: 'Carol', teamId: 'west', locale: 'en' }),
        person('wboss', { role: 'manager', name: 'Zhao', teamId: 'west', locale: 'en' }),
        person('dir', { name: 'Sun', role: 'director', teamId: null, locale: 'zh-CN' }),
      ],
    });
    // 10:00: Alice files a short report.
    await say('alice', 'report Visited two shops');
    await say('alice', 'report submit');
    id = (await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23')))!.id;
  });

  it('keeps a reading once per reader and tells the rep once a day, folding the second reader into the view', async () => {
    env.clock.advance(HOUR); // 11:00
    expect(await text('boss', `report view alice`)).toContain("Alice's daily report 2026-11-23");
    env.clock.advance(MINUTE);
    await say('boss', `report view ${id}`);
    env.clock.advance(HOUR); // 12:01
    expect(await text('dir', `日报 查看 ${id}`)).toContain('Alice 的日报 2026-11-23');
    const notes = await env.deps.store.transaction((tx) => tx.reports.notes(id));
    expect(notes.map((n) => [n.authorId, n.kind])).toEqual([
      ['boss', 'read'],
      ['dir', 'read'],
    ]);
    expect(await queued('alice')).toEqual(['report.read']);
    expect(await text('alice', 'report view')).toContain('Read by Wang at 11:00, Sun at 12:01');
    // The rep's own opening is no reading.
    expect((await env.deps.store.transaction((tx) => tx.reports.notes(id))).length).toBe(2);
    // The next day a new reader is told again.
    await seedOrg(env, [], {
      teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
      people: [
        person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
        person('alice', { name: 'Alice', locale: 'en' }),
        person('dir', { name: 'Sun', role: 'director', teamId: null, locale: 'zh-CN' }),
        person('dir2', { name: 'Qian', role: 'director', teamId: null, locale: 'en' }),
      ],
    });
    env.clock.advance(24 * HOUR);
    await say('dir2', `report view ${id}`);
    expect(await queued('alice')).toEqual(['report.read', 'report.read']);
  });

  it('keeps one receipt when the same reader opens the report twice at once', async () => {
    env.clock.advance(HOUR);
    await Promise.all([
      say('boss', `report view ${id}`),
      say('boss', `report view ${id}`),
      say('boss', `report view ${id}`),
    ]);
    const reads = (await env.deps.store.transaction((tx) => tx.reports.notes(id))).filter(
      (n) => n.kind === 'read',
    );
    expect(reads.map((n) => n.authorId)).toEqual(['boss']);
    expect(await queued('alice')).toEqual(['report.read']);
    // The store refuses a second receipt of the same reader outright (the race the index closes on PostgreSQL).
    const again = await env.deps.store.transaction((tx) =>
      tx.reports.addNote({ reportId: id, authorId: 'boss', kind: 'read', text: '', at: env.clock() }),
    );
    expect(again).toBe(0);
  });

  it('carries a thread both ways: the manager comments, the rep answers, both see it on the report', async () => {
    env.clock.advance(HOUR);
    expect(await text('boss', `comment ${id} Which two shops?`)).toContain('Comment sent to Alice.');
    expect(await queued('alice')).toEqual(['report.read', 'report.commented']);
    env.clock.advance(10 * MINUTE);
    expect(await text('alice', `评论 #${id} FamilyMart and Lawson`)).toContain('Comment sent to Wang.');
    expect(await queued('boss')).toEqual(['report.replied']);
    const view = await text('boss', `report view ${id}`);
    expect(view).toContain(
      'Comments:\n• Wang 11-23 11:00: Which two shops?\n• Alice 11-23 11:10: FamilyMart and Lawson',
    );
    const notes = await env.deps.store.transaction((tx) => tx.reports.notes(id));
    expect(notes.map((n) => [n.authorId, n.kind, n.text])).toEqual([
      ['boss', 'read', ''],
      ['boss', 'comment', 'Which two shops?'],
      ['alice', 'comment', 'FamilyMart and Lawson'],
    ]);
  });

  it('refuses an empty or over-long comment, and writes nothing', async () => {
    expect(await text('boss', `comment ${id}`)).toContain('Write a comment first');
    expect(await text('boss', `comment ${id} ${'好'.repeat(COMMENT_MAX + 1)}`)).toContain(
      `A comment is at most ${COMMENT_MAX} characters`,
    );
    expect(await env.deps.store.transaction((tx) => tx.reports.notes(id))).toEqual([]);
  });

  it("refuses another team's rep and manager: no reading, no comment, no table of the other team", async () => {
    for (const who of ['carol', 'wboss']) {
      expect(await text(who, `report view ${id}`)).toContain(
        "Only the rep, the rep's manager or a director can read this report.",
      );
      expect(await text(who, 'report view alice')).toContain("Only the rep, the rep's manager or a director");
      expect(await text(who, `comment ${id} hello`)).toContain(
        "Only the rep, the rep's manager or a director can comment on this report.",
      );
    }
    expect(await text('carol', 'team reports')).toContain('Team reports are for managers and directors.');
    const west = await say('wboss', 'team reports');
    expect(west.map((r) => r.card.title)).toEqual(['Team reports 2026-11-23 — West']);
    expect(west[0]!.card.body).toContain('✗ Carol — not filed');
    expect(west[0]!.card.body).not.toContain('Alice');
    expect(await env.deps.store.transaction((tx) => tx.reports.notes(id))).toEqual([]);
    expect(await queued('alice')).toEqual([]);
  });

  it('reads a day as a date, never as a summary, and a bad one is said so', async () => {
    expect(await text('boss', 'team reports 2026-13-45')).toContain('That is not a day');
    const before = (await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23')))!.summary;
    expect(await text('alice', 'report 2026-11-23')).toContain('looks like a date');
    expect((await env.deps.store.transaction((tx) => tx.reports.of('alice', '2026-11-23')))!.summary).toBe(
      before,
    );
    expect(await text('boss', 'team reports yesterday')).toContain('✗ Alice — not filed');
  });
});
