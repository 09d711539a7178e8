// The morning patrol through the playground's HTTP API (issue 21 item 1, issue 25 item 2): a stalled deal, a red
// KBI warning and a missing report are listed once each, most urgent first, and nothing else; Got it takes a line
// off; the 08:30 push goes once on a working day and not at all on a weekend or holiday; a notice at 23:00 is
// held and shows in the next patrol instead of reaching the manager at night.
import { DateTime } from 'luxon';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { isWorkingDay } from '../src/kernel/calendar.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { notice } from '../src/modules/notice-data.ts';
import { sendMorningPatrol } from '../src/modules/patrol/use-cases/send-patrol.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  actions?: Array<{ id: string; label: string; value: string }>;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const cal = DEFAULT_RULES.deals.calendar;
/** The first working day after `day`. */
function nextWorkingDay(day: DateTime): DateTime {
  let d = day.plus({ days: 1 });
  while (!isWorkingDay(d, cal)) d = d.plus({ days: 1 });
  return d;
}

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;

beforeEach(async () => {
  env = testEnv({
    start: at('2026-11-16T10:00'),
    rules: { patrol: { ...DEFAULT_RULES.patrol, quietHours: true } },
  });
  await seedOrg(env, [], {
    teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
    people: [
      person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
      person('alice', { name: 'Alice', locale: 'en' }),
      // Takes no new leads (capacity 0), so the one lead of the test is Alice's.
      person('bob', { name: 'Bob', locale: 'en', capacity: 0 }),
    ],
  });
  chat = { engine: env.deps, defaultLocale: 'en' };
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<CardJson[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: CardJson[] }).replies;
}
const say = (as: string, text: string) => post('say', { as, text });

async function inbox(as: string): Promise<CardJson[]> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
}
const patrolCards = async (as: string) =>
  (await inbox(as)).filter((c) => c.title.startsWith('Morning patrol')).reverse();
const text = (cards: CardJson[]) => cards.map((c) => `${c.title}\n${c.body ?? ''}`).join('\n');

/** Alice's stalled deal, Bob's red warning and his missing report of the working day before `day`. */
async function scenario(): Promise<{ dealId: number; day: DateTime; yesterday: string }> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Mingyuan Tech' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await say('alice', `claim ${r.lead.id}`);
  const created = await say('alice', `deal new ${r.lead.id} 30万`);
  const dealId = Number(/Deal D(\d+)/.exec(created[0]?.title ?? '')?.[1]);
  const due = (await env.deps.store.transaction((tx) => tx.deals.get(dealId)))!.stageDueAt;
  env.clock.set(due);
  expect(await sweepDeals(env.deps)).toMatchObject({ stalled: 1 });
  await inbox('boss');
  const dueDay = DateTime.fromMillis(due, { zone }).startOf('day');
  const yesterday = dueDay.toISODate() as string;
  await env.deps.store.transaction(async (tx) => {
    const report = await tx.reports.openDraft({
      repId: 'alice',
      teamId: 'east-1',
      date: yesterday,
      openedAt: due,
    });
    await tx.reports.update(report.id, {
      status: 'filed',
      submittedAt: due + 3_600_000,
      late: false,
      score: 90,
    });
    await tx.kbi.addWarning({
      repId: 'bob',
      day: yesterday,
      tier: 'red',
      managerId: 'boss',
      reason: { code: 'KBI_RATE_LOW', tier: 'red', below: 0.5, days: 3, run: [] },
      deviations: [],
      todo: [],
      reviewMinutes: 15,
      sentAt: due,
    });
  });
  return { dealId, day: nextWorkingDay(dueDay), yesterday };
}

describe('the morning patrol in the playground', () => {
  it('lists the red warning, the stalled deal and the missing report once each, most urgent first, and nothing else', async () => {
    const { dealId, day, yesterday } = await scenario();
    env.clock.set(day.plus({ hours: 8, minutes: 30 }).toMillis());
    expect(await sendMorningPatrol(env.deps)).toMatchObject({ readers: 1, cards: 2 });
    env.clock.set(env.clock() + 60_000);
    expect(await sendMorningPatrol(env.deps)).toMatchObject({ readers: 0, cards: 0 });

    const cards = await patrolCards('boss');
    expect(cards.map((c) => c.title)).toEqual([
      'Morning patrol · East 1: 3 to look at (1/2)',
      'Morning patrol · East 1: 3 to look at (2/2)',
    ]);
    const lines = text(cards)
      .split('\n')
      .filter((l) => /^[①-⑳]/.test(l));
    expect(lines).toEqual([
      `① Bob: red KBI warning (${yesterday})`,
      // The deal's SOP actions of its stage were due by the time it stalled: the same line says so.
      '② Mingyuan Tech · Alice · ¥300,000: stalled in its stage; 2 SOP tasks overdue',
      `③ Bob: no daily report for ${yesterday}`,
    ]);
    expect(cards[0]?.actions?.map((a) => [a.id, a.label, a.value])).toEqual([
      ['patrol.nudge', '① Nudge', 'kbi:bob'],
      ['patrol.ack', '① Got it', 'kbi:bob'],
      ['deal.open', '② Open', String(dealId)],
      ['patrol.nudge', '② Nudge', `deal:${dealId}`],
      ['patrol.ack', '② Got it', `deal:${dealId}`],
    ]);

    // `today` says the same; Got it on the report takes it off until something new happens.
    expect(text(await say('boss', 'today'))).toBe(text(cards));
    const acked = await post('click', {
      as: 'boss',
      actionId: 'patrol.ack',
      value: `report:bob:${yesterday}`,
    });
    expect(acked[0]?.title).toBe(
      `✓ Got it: Bob (no daily report for ${yesterday}). It comes back when something new happens.`,
    );
    const after = await say('boss', 'today');
    expect(after.map((c) => c.title)).toEqual(['Morning patrol · East 1: 2 to look at']);
    expect(after[0]?.body).not.toContain('no daily report');
    const again = await post('click', {
      as: 'boss',
      actionId: 'patrol.ack',
      value: `report:bob:${yesterday}`,
    });
    expect(again[0]?.title).toBe('That line is no longer on the patrol (done, or acknowledged already).');
  });

  it('nudges the rep once a day, naming what the manager asked for', async () => {
    const { dealId, day } = await scenario();
    env.clock.set(day.plus({ hours: 9, minutes: 5 }).toMillis());
    const first = await post('click', { as: 'boss', actionId: 'patrol.nudge', value: `deal:${dealId}` });
    expect(first[0]?.title).toBe(
      '✓ Alice was nudged about Mingyuan Tech (stalled in its stage; 2 SOP tasks overdue).',
    );
    const second = await post('click', { as: 'boss', actionId: 'patrol.nudge', value: `deal:${dealId}` });
    expect(second[0]?.title).toBe('Alice was already nudged about this today.');
    const nudges = (await inbox('alice')).filter((c) => c.title.startsWith('👉'));
    expect(nudges.map((c) => [c.title, c.body])).toEqual([
      [
        '👉 Wang asks you to look at Mingyuan Tech',
        'From the morning patrol: stalled in its stage; 2 SOP tasks overdue.',
      ],
    ]);
    // A rep's `today` is their own to-do, without the manager's buttons.
    const mine = await say('alice', 'today');
    expect(mine[0]?.title).toBe('My to-do today: 1');
    expect(mine[0]?.actions?.map((a) => a.id)).toEqual(['deal.open']);
  });

  it('is pushed on working days only, from 08:30', async () => {
    // 2026-11-21 is a Saturday; 2026-11-18 a Wednesday made a holiday.
    expect(await sendMorningPatrol(env.deps, at('2026-11-21T08:30'))).toMatchObject({
      day: null,
      readers: 0,
    });
    expect(await sendMorningPatrol(env.deps, at('2026-11-18T08:29'))).toMatchObject({
      day: null,
      readers: 0,
    });
    const holiday = {
      ...env.deps,
      rules: {
        ...env.deps.rules,
        deals: { ...env.deps.rules.deals, calendar: { ...cal, holidays: ['2026-11-18'] } },
      },
    };
    expect(await sendMorningPatrol(holiday, at('2026-11-18T08:30'))).toMatchObject({ day: null, readers: 0 });
    expect(await sendMorningPatrol(env.deps, at('2026-11-18T08:30'))).toMatchObject({
      day: '2026-11-18',
      readers: 1,
    });
  });

  it('holds a notice of 23:00: the manager sees it in the next patrol, the rep at the next working moment', async () => {
    const { dealId, day } = await scenario();
    const night = day.plus({ hours: 23 }).toMillis();
    env.clock.set(night);
    const before = { boss: (await inbox('boss')).length, alice: (await inbox('alice')).length };
    const data = {
      dealId,
      customer: 'Mingyuan Tech',
      ownerId: 'alice',
      from: 'green' as const,
      to: 'yellow' as const,
      reason: 'KP_SILENT',
      evidence: '',
    };
    await env.deps.store.transaction(async (tx) => {
      await tx.outbox.enqueue(
        notice({ to: { kind: 'person', id: 'boss' }, template: 'deal.health', data }),
        night,
      );
      await tx.outbox.enqueue(
        notice({ to: { kind: 'person', id: 'alice' }, template: 'deal.health', data }),
        night,
      );
    });
    expect((await inbox('boss')).length).toBe(before.boss);
    expect((await inbox('alice')).length).toBe(before.alice);
    const held = await env.deps.store.transaction((tx) => tx.outbox.list({ status: 'held', limit: 10 }));
    expect(held.map((n) => n.to.id)).toEqual(['boss', 'alice']);

    const next = nextWorkingDay(day);
    env.clock.set(next.plus({ hours: 8, minutes: 30 }).toMillis());
    await sendMorningPatrol(env.deps);
    const patrol = await patrolCards('boss');
    const time = DateTime.fromMillis(night, { zone }).toFormat('MM-dd HH:mm');
    expect(text(patrol)).toContain(
      `② Mingyuan Tech · Alice · ¥300,000: stalled in its stage; 2 SOP tasks overdue; deal alert overnight (${time})`,
    );
    expect(text(patrol).match(/Mingyuan Tech/g)).toHaveLength(1);

    env.clock.set(next.plus({ hours: 9, minutes: 1 }).toMillis());
    const boss = await inbox('boss');
    const alice = await inbox('alice');
    // The manager got the patrol and nothing else: the night alert was folded into it, not sent at 09:00.
    expect(boss.length).toBe(before.boss + patrol.length);
    expect(alice.length).toBe(before.alice + 1);
    const rows = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 100 }));
    expect(rows.filter((n) => n.template === 'deal.health').map((n) => [n.to.id, n.status])).toEqual([
      ['boss', 'folded'],
      ['alice', 'dispatched'],
    ]);
  });
});
