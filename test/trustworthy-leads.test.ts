// Numbers a manager can trust (issue 25), the lead clocks: a lead under an open deal is the deal owner's until the
// deal closes — its no-follow-up clock stops, the sweep never takes it back, nobody else can claim it, and the
// owner cannot drop it to the pool while the deal is open.
import { beforeEach, describe, expect, it } from 'vitest';
import { leadInputSchema, toLeadFields } from '../src/modules/leads/intake/lead-schema.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { releaseLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { DATABASES, HOUR, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;

describe.each(DATABASES)('a lead under an open deal on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice'), person('bob')]);
  });

  async function dealOfAlice() {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    if (r.lead.ownerId !== 'alice') {
      // Routing may offer it to bob: alice takes it from the pool instead.
      await releaseLead(env.deps, { personId: r.lead.ownerId ?? '', leadId: r.lead.id });
    }
    const claimed = await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id });
    expect(claimed.kind).toBe('claimed');
    const d = await createDeal(env.deps, { personId: 'alice', leadId: r.lead.id, amount: 200_000 });
    if (d.kind !== 'created') throw new Error(`expected a deal, got ${JSON.stringify(d)}`);
    return { leadId: r.lead.id, dealId: d.deal.id, claimedAt: env.clock() };
  }
  const leadOf = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));

  it('is not taken back to the pool at +25 h, and nobody else can claim it', async () => {
    const { leadId, claimedAt } = await dealOfAlice();
    expect(await leadOf(leadId)).toMatchObject({ status: 'owned', ownerId: 'alice', followUpDueAt: null });
    env.clock.set(claimedAt + 25 * HOUR);
    expect(await sweep(env.deps, claimedAt + 25 * HOUR)).toMatchObject({ reverted: 0, warned: 0 });
    expect(await leadOf(leadId)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    expect((await claimLead(env.deps, { personId: 'bob', leadId })).kind).toBe('rejected');
  });

  it('cannot be released while the deal is open, and the answer names the deal', async () => {
    const { leadId, dealId } = await dealOfAlice();
    expect(await releaseLead(env.deps, { personId: 'alice', leadId })).toEqual({
      kind: 'rejected',
      reason: 'HAS_DEAL',
      dealId,
    });
    expect(await leadOf(leadId)).toMatchObject({ status: 'owned', ownerId: 'alice' });
  });

  it('clears a clock an older version left running under an open deal, instead of taking the lead back', async () => {
    const { leadId, claimedAt } = await dealOfAlice();
    // As an older version left it: the deal open and the lead's 24-hour clock still running.
    await env.deps.store.transaction((tx) =>
      tx.leads.update(leadId, { status: 'owned' }, { followUpDueAt: claimedAt + 24 * HOUR }, claimedAt),
    );
    expect(await sweep(env.deps, claimedAt + 25 * HOUR)).toMatchObject({ reverted: 0 });
    expect(await leadOf(leadId)).toMatchObject({ status: 'owned', ownerId: 'alice', followUpDueAt: null });
  });
});

describe.each(DATABASES)('duplicates on %s (issue 25, item 5)', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice')]);
  });

  it('matches an email with spaces around it, as typed into a form or a spreadsheet, instead of refusing it', async () => {
    const input = (email: string, company: string) =>
      toLeadFields(
        leadInputSchema.parse({
          company,
          email,
          phone: '',
          source: 'web',
          campaign: 'WEB-1',
          need: '门店翻新',
        }),
      );
    const first = await submitLead(env.deps, { fields: input('buyer@huaxin.cn', '华信科技'), via: 'api' });
    expect(first.kind).toBe('created');
    const parsed = leadInputSchema.safeParse({
      company: '华信',
      email: '  buyer@huaxin.cn ',
      source: 'web',
      campaign: 'W',
    });
    expect(parsed.success).toBe(true);
    const second = await submitLead(env.deps, { fields: input('  buyer@huaxin.cn ', '华信'), via: 'api' });
    expect(second.kind).toBe('merged');
    // The merge event keeps the duplicate's own values: its company, contact, need and budget.
    if (first.kind !== 'created') return;
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(first.lead.id));
    expect(events.find((e) => e.type === 'lead.inquiry_merged')).toMatchObject({
      company: '华信',
      email: 'buyer@huaxin.cn',
      need: '门店翻新',
      source: 'web',
    });
  });
});
