// Issue 23: the morning patrol reads a team's lines once (in the jobs' read worker when there is one), lists them
// before the readers' night alerts and acknowledgements, and queues its cards a slice per statement. The cards
// each manager gets are the same as before, in the same order, on SQLite and PostgreSQL.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isWorkingDay } from '../src/kernel/calendar.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { acknowledgeItem, sendMorningPatrol } from '../src/modules/patrol/use-cases/send-patrol.ts';
import type { PatrolPage } from '../src/modules/patrol/rules/patrol.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { DATABASES, DAY, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

const zone = 'Asia/Shanghai';

/** 08:30 on the first working day after `t`, and the working day before it (whose reports the patrol reads). */
function patrolDay(t: number): { at: number; yesterday: string } {
  const working = (d: DateTime) => isWorkingDay(d, DEFAULT_RULES.deals.calendar);
  let day = DateTime.fromMillis(t, { zone }).startOf('day').plus({ days: 1 });
  while (!working(day)) day = day.plus({ days: 1 });
  let before = day.minus({ days: 1 });
  while (!working(before)) before = before.minus({ days: 1 });
  return { at: day.plus({ hours: 8, minutes: 30 }).toMillis(), yesterday: before.toISODate() as string };
}

describe.each(DATABASES)('the morning patrol’s cards on %s', (kind) => {
  const current = useTestEnv(kind);

  it('queues each line once, most urgent first, two a card; an acknowledged line stays off', async () => {
    const env = current();
    await seedOrg(env, [person('alice', { capacity: 20 }), person('carol', { capacity: 20 })]);
    const dealOf = async (personId: string) => {
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
      if (r.kind !== 'created') throw new Error('expected a new lead');
      const c = await claimLead(env.deps, { personId, leadId: r.lead.id });
      if (c.kind !== 'claimed') throw new Error(`${personId} could not claim: ${c.reason}`);
      const d = await createDeal(env.deps, { personId, leadId: r.lead.id, amount: 300_000 });
      if (d.kind !== 'created') throw new Error(`expected a deal, got ${d.reason}`);
      return d.deal.id;
    };
    const ids = [await dealOf('alice'), await dealOf('carol'), await dealOf('alice')];
    const stalledAt = env.clock() + 30 * DAY;
    expect(await sweepDeals(env.deps, stalledAt)).toMatchObject({ stalled: 3 });

    const cardsSince = async (seen: number) =>
      (await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 })))
        .filter((n) => n.id > seen && n.template === 'patrol.card')
        .map((n) => {
          const page = n.data as unknown as PatrolPage;
          const lines = page.items.map((i) => `${i.key} ${i.reasons.map((r) => r.code).join('+')}`);
          return {
            to: n.to.id,
            page: `${page.page}/${page.pages} from ${page.first} of ${page.total}`,
            lines,
          };
        });
    const lastId = async () =>
      Math.max(
        0,
        ...(await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }))).map((n) => n.id),
      );

    const first = patrolDay(stalledAt);
    env.clock.set(first.at);
    let seen = await lastId();
    expect(await sendMorningPatrol(env.deps)).toEqual({ day: expect.any(String), readers: 1, cards: 3 });
    // Each deal is stalled with its first stage's two SOP tasks overdue; nobody filed yesterday's report.
    const deal = (id: number | undefined) => `deal:${id} stalled+taskOverdue`;
    expect(await cardsSince(seen)).toEqual([
      { to: 'boss', page: '1/3 from 1 of 5', lines: [deal(ids[0]), deal(ids[1])] },
      {
        to: 'boss',
        page: '2/3 from 3 of 5',
        lines: [deal(ids[2]), `report:alice:${first.yesterday} reportMissing`],
      },
      { to: 'boss', page: '3/3 from 5 of 5', lines: [`report:carol:${first.yesterday} reportMissing`] },
    ]);
    env.clock.set(first.at + 60_000);
    expect(await sendMorningPatrol(env.deps)).toMatchObject({ readers: 0, cards: 0 });

    const boss = (await env.deps.store.transaction((tx) => tx.org.person('boss')))!;
    expect(await acknowledgeItem(env.deps, boss, `deal:${ids[1]}`)).toMatchObject({ kind: 'acknowledged' });
    const next = patrolDay(first.at);
    env.clock.set(next.at);
    seen = await lastId();
    expect(await sendMorningPatrol(env.deps)).toMatchObject({ readers: 1, cards: 2 });
    expect(await cardsSince(seen)).toEqual([
      { to: 'boss', page: '1/2 from 1 of 4', lines: [deal(ids[0]), deal(ids[2])] },
      {
        to: 'boss',
        page: '2/2 from 3 of 4',
        lines: [
          `report:alice:${next.yesterday} reportMissing`,
          `report:carol:${next.yesterday} reportMissing`,
        ],
      },
    ]);
  });
});
