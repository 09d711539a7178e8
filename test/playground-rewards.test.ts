// Points, the red review and rewards through the playground's HTTP API (F22, F23): the day's points told to the
// rep, the review's two slots accepted once, and a reward asked, approved or declined once, never below zero.
import { DateTime } from 'luxon';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import type { LeadEvent } from '../src/kernel/events.ts';
import { runDailyKbi } from '../src/modules/kbi/use-cases/evaluate-kbi.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  title: string;
  level: string;
  body?: string;
  form?: { id: string; context?: string };
  actions?: Array<{ id: string; label: string; value: string }>;
}

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;

beforeEach(async () => {
  env = testEnv({ start: at('2026-11-16T08:00') });
  await seedOrg(env, [], {
    teams: [{ id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} }],
    people: [
      person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
      person('ann', { name: 'Ann', locale: 'en' }),
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

async function inbox(as: string): Promise<Array<{ id: string; card: CardJson }>> {
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ id: string; card: CardJson }> }).messages;
}

/** Ann claims 5 leads on each of three days and touches only 2 of each batch the next morning: 40 % each day. */
async function lowDays(): Promise<void> {
  await env.deps.store.transaction(async (tx) => {
    for (const [claimDay, touchDay, first] of [
      ['2026-11-16', '2026-11-17', 1],
      ['2026-11-17', '2026-11-18', 11],
      ['2026-11-18', '2026-11-19', 21],
    ] as const) {
      for (let i = 0; i < 5; i++) {
        const leadId = first + i;
        const claim: LeadEvent = {
          at: at(`${claimDay}T09:0${i}`),
          leadId,
          actorId: 'ann',
          type: 'lead.claimed',
          by: 'ann',
          via: 'offer',
        };
        await tx.events.append(claim);
        if (i < 2)
          await tx.events.append({
            at: at(`${touchDay}T08:00`),
            leadId,
            actorId: 'ann',
            type: 'lead.touched',
            by: 'ann',
            kind: 'call',
            note: '',
          });
      }
    }
  });
}

/** Ann's ledger: `points` earned once, on a KBI met (as the daily evaluation writes it). */
async function givePoints(points: number, key = 'seed'): Promise<void> {
  await env.deps.store.transaction((tx) =>
    tx.kbi.addPoints(
      {
        key,
        repId: 'ann',
        kbiId: 'firstTouch',
        points,
        at: at('2026-11-16T10:00'),
        reason: {
          code: 'KBI_MET',
          kbiId: 'firstTouch',
          leadId: null,
          dealId: null,
          triggerAt: at('2026-11-16T09:00'),
          deadline: at('2026-11-17T09:00'),
        },
      },
      env.clock(),
    ),
  );
}

const text = (cards: CardJson[]) => cards.map((c) => `${c.title}\n${c.body ?? ''}`).join('\n');
const balance = () =>
  env.deps.store.transaction(
    async (tx) => (await tx.kbi.pointsOf('ann')) - (await tx.kbi.spentPoints('ann')),
  );

describe('points, the red review and rewards in the playground', () => {
  it('tells the rep the day’s points once, listing what earned them', async () => {
    await lowDays();
    await runDailyKbi(env.deps, at('2026-11-17T18:00'));
    await runDailyKbi(env.deps, at('2026-11-17T18:30'));
    const notices = (await inbox('ann')).filter((m) => m.card.title.includes('points'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.card.title).toBe('⭐ +2 points for 2026-11-17');
    expect(notices[0]?.card.body).toContain('• New lead touched within 24 h: +1');
    expect(notices[0]?.card.body).toContain('Balance: 2 points.');
  });

  it('proposes the red review as two slots; the first Accept books it and tells both, a second says booked', async () => {
    await lowDays();
    for (const d of ['2026-11-17', '2026-11-18', '2026-11-19']) {
      env.clock.set(at(`${d}T18:00`));
      await runDailyKbi(env.deps, env.clock());
    }
    // Thursday 18:00: the next working morning and afternoon, Friday 09:00 and 14:00.
    const red = (await inbox('boss')).find((m) => m.card.level === 'red');
    const accepts = red?.card.actions?.filter((a) => a.id === 'kbi.review') ?? [];
    expect(accepts.map((a) => a.label)).toEqual(['Accept Fri 11-20 09:00', 'Accept Fri 11-20 14:00']);
    expect(red?.card.body).toContain('Proposed 15-minute review: Fri 11-20 09:00 or Fri 11-20 14:00.');
    // Ann cannot book her manager's review.
    expect(
      text(await post('click', { as: 'ann', actionId: 'kbi.review', value: accepts[1]?.value })),
    ).toContain('Only the manager');
    const booked = await post('click', { as: 'boss', actionId: 'kbi.review', value: accepts[1]?.value });
    expect(text(booked)).toContain('Booked for Fri 11-20 14:00; Ann and you have been told.');
    const again = await post('click', { as: 'boss', actionId: 'kbi.review', value: accepts[0]?.value });
    expect(text(again)).toContain('already booked for Fri 11-20 14:00');
    for (const who of ['ann', 'boss'])
      expect((await inbox(who)).filter((m) => m.card.title.startsWith('📅 Review booked'))).toHaveLength(1);
    const w = await env.deps.store.transaction(
      async (tx) => (await tx.kbi.warnings({ repId: 'ann', limit: 1 }))[0],
    );
    expect([w?.reviewAt, w?.reviewBookedBy, w?.reason.tier]).toEqual([at('2026-11-20T14:00'), 'boss', 'red']);
  });

  it('lists the rewards with the balance, and an approval deducts once', async () => {
    await givePoints(60);
    const list = text(await post('say', { as: 'ann', text: 'redeem' }));
    expect(list).toContain('Rewards · your balance: 60 points');
    expect(list).toContain('• Half-day leave voucher — 50 points (`halfDayOff`)');
    expect(list).toContain('• One-day leave voucher — 90 points (`dayOff`, not enough points yet)');
    expect(text(await post('say', { as: 'ann', text: 'redeem Half-day leave voucher' }))).toContain(
      'Asked for Half-day leave voucher (50 points); Wang will approve or decline it.',
    );
    const request = (await inbox('boss')).find((m) => m.card.title.startsWith('🎁 Ann asks'));
    expect(request?.card.actions?.map((a) => a.id)).toEqual(['kbi.reward.approve', 'kbi.reward.decline']);
    const value = request?.card.actions?.[0]?.value;
    // Only the manager decides; then once.
    expect(text(await post('click', { as: 'ann', actionId: 'kbi.reward.approve', value }))).toContain(
      'for the rep’s manager',
    );
    expect(text(await post('click', { as: 'boss', actionId: 'kbi.reward.approve', value }))).toContain(
      '50 points deducted; Ann has been told.',
    );
    expect(text(await post('click', { as: 'boss', actionId: 'kbi.reward.approve', value }))).toContain(
      'was already approved',
    );
    expect(await balance()).toBe(10);
    const told = (await inbox('ann')).filter((m) => m.card.title.startsWith('🎁 Approved'));
    expect(told.map((m) => m.card.body)).toEqual(['50 points deducted; balance: 10 points.']);
  });

  it('refuses a reward the balance does not cover, and never lets two approvals spend the same points', async () => {
    await givePoints(20);
    expect(text(await post('say', { as: 'ann', text: 'redeem training' }))).toContain(
      'One online training course costs 30 points; your balance is 20.',
    );
    await givePoints(40, 'more');
    // 60 points, two requests of 50 made while both fit: the second approval finds 10 left and declines.
    await post('say', { as: 'ann', text: 'redeem halfDayOff' });
    await post('say', { as: 'ann', text: 'redeem halfDayOff' });
    const ids = (await inbox('boss'))
      .filter((m) => m.card.title.startsWith('🎁'))
      .map((m) => m.card.actions?.[0]?.value);
    const [a, b] = await Promise.all(
      ids.map((value) => post('click', { as: 'boss', actionId: 'kbi.reward.approve', value })),
    );
    expect([text(a ?? []), text(b ?? [])].join('\n')).toContain('cannot be approved: Ann has 10 points');
    expect(await balance()).toBe(10);
  });

  it('a decline asks why in a form and tells the rep the reason, deducting nothing', async () => {
    await givePoints(60);
    await post('say', { as: 'ann', text: '兑换 training' });
    const value = (await inbox('boss')).find((m) => m.card.title.startsWith('🎁'))?.card.actions?.[1]?.value;
    const form = (await post('click', { as: 'boss', actionId: 'kbi.reward.decline', value }))[0];
    expect(form?.form?.id).toBe('kbi.reward.decline');
    const done = await post('submit', {
      as: 'boss',
      formId: 'kbi.reward.decline',
      context: form?.form?.context,
      values: { note: 'after the quarter closes' },
    });
    expect(text(done)).toContain('Ann has been told why');
    const told = (await inbox('ann')).find((m) => m.card.title.startsWith('Not approved'));
    expect(told?.card.body).toBe(
      'Your manager’s reason: after the quarter closes. No points were deducted (balance: 60).',
    );
    expect(await balance()).toBe(60);
  });
});
