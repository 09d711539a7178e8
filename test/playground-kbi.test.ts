// KBI warnings through the playground's HTTP API (F22): the daily evaluation's cards reach the rep and the
// copied manager; each clicks Acknowledge and the card answers with the minutes it took.
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
  // The warnings' cards (the day's points notices are tested in playground-rewards.test.ts).
  return ((await res.json()) as { messages: Array<{ id: string; card: CardJson }> }).messages.filter(
    (m) => !m.card.title.startsWith('⭐'),
  );
}

/** Ann claims 5 leads on Monday and Tuesday and touches only 2 of each batch the next morning: 40 % twice. */
async function twoLowDays(): Promise<void> {
  await env.deps.store.transaction(async (tx) => {
    for (const [claimDay, touchDay, first] of [
      ['2026-11-16', '2026-11-17', 1],
      ['2026-11-17', '2026-11-18', 11],
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

describe('KBI warnings in the playground', () => {
  it('the rep and the copied manager each acknowledge the yellow warning; the card records the minutes', async () => {
    await twoLowDays();
    await runDailyKbi(env.deps, at('2026-11-17T18:00'));
    env.clock.set(at('2026-11-18T18:00'));
    await runDailyKbi(env.deps, env.clock());

    const annCards = await inbox('ann');
    // Newest first.
    expect(annCards.map((m) => m.card.title)).toEqual([
      '🟡 Indicators warning: Ann, 2 days under 65 %',
      '🟢 Indicators 2026-11-17: 40 % on time',
    ]);
    expect(annCards[1]?.card.body).toContain("Today's indicators: 40 % met (under 80 %). Your to-do list:");
    const yellow = annCards[0];
    expect(yellow?.card.body).toContain('You have been under 65 % for 2 working days in a row');
    expect(yellow?.card.body).toContain(
      '• New lead touched within 24 h: #13, from 11-17 09:02, due 11-18 09:02',
    );
    expect(yellow?.card.body).toContain('Rates: 11-17 40 % · 11-18 40 %');
    expect(yellow?.card.actions).toEqual([
      { id: 'kbi.ack', label: 'Acknowledge', value: expect.any(String), style: 'primary' },
    ]);
    const bossCards = await inbox('boss');
    expect(bossCards.map((m) => m.card.title)).toEqual(['🟡 Indicators warning: Ann, 2 days under 65 %']);
    expect(bossCards[0]?.card.body).toContain(
      'Ann has been under 65 % for 2 working days in a row. Deviations:',
    );

    // Ann clicks 12 minutes after it went out; the clicked card shows it and loses its button.
    env.clock.set(at('2026-11-18T18:12'));
    const value = yellow?.card.actions?.[0]?.value ?? '';
    const clicked = await post('click', { as: 'ann', messageId: yellow?.id, actionId: 'kbi.ack', value });
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.body).toContain('✓ Acknowledged 12 min after it was sent.');
    expect(clicked[0]?.actions ?? []).toEqual([]);
    // A second click says so; the manager's own click is recorded separately; typing works too.
    expect((await post('click', { as: 'ann', actionId: 'kbi.ack', value }))[0]?.body).toContain(
      'Already acknowledged, 12 min after it was sent.',
    );
    env.clock.set(at('2026-11-19T09:00'));
    expect((await post('say', { as: 'boss', text: `ack W${value}` }))[0]?.body).toContain(
      '✓ Acknowledged 900 min after it was sent.',
    );
  });

  it('`kbi` shows my indicators on the day in progress, what is open and my points', async () => {
    await twoLowDays();
    await runDailyKbi(env.deps, at('2026-11-17T18:00'));
    // Wednesday 12:00: Tuesday's batch settled at 09:00–09:04 (2 of 5 on time); the points of the touches on
    // time are in the ledger (2 credited at Tuesday's evaluation, 2 more now).
    env.clock.set(at('2026-11-18T12:00'));
    const [card] = await post('say', { as: 'ann', text: 'kbi' });
    expect(card?.title).toBe('My indicators · 2026-11-18');
    expect(card?.level).toBe('yellow');
    expect((card as unknown as { fields: unknown }).fields).toEqual([
      { label: 'New lead touched within 24 h', value: '2/5 on time' },
      { label: 'Tailored proposal within 48 h of meeting a key person', value: 'nothing due' },
      { label: 'Evidence within 72 h of an objection', value: 'nothing due' },
    ]);
    expect(card?.body).toBe(
      [
        'So far: 2/5 on time (40 %).',
        'Nothing open.',
        'Points: 4 this month · 4 in all',
        'Warning W1 of 2026-11-17 is waiting for your Acknowledge (`ack W1`).',
      ].join('\n\n'),
    );
    // The Chinese name asks the same (the answer is in the asker's language); the ledger is not credited twice.
    const [zh] = await post('say', { as: 'ann', text: '我的指标' });
    expect(zh?.title).toBe('My indicators · 2026-11-18');
    const again = await post('say', { as: 'ann', text: '/kbi' });
    expect(again[0]?.body).toContain('Points: 4 this month · 4 in all');
  });
});
