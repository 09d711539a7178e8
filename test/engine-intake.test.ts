import { beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { explainLead } from '../src/modules/leads/use-cases/explain-lead.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { mergeLeads } from '../src/modules/leads/use-cases/merge-leads.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { closeLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { explainDecision } from '../src/modules/leads/cards/explain.ts';
import {
  DAY,
  HOUR,
  leadFields,
  org,
  person,
  seedOrg,
  type TestEnv,
  DATABASES,
  useTestEnv,
} from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';

let env: TestEnv;

async function created(overrides = {}) {
  const r = await submitLead(env.deps, { fields: leadFields(overrides), via: 'api' });
  if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
  return r;
}

describe.each(DATABASES)('on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
  });

  describe('duplicates and ownership (F6)', () => {
    it('merges an inquiry from another branch of the same company into the open lead, keeping both inquiries', async () => {
      await seedOrg(env, [person('alice')]);
      const first = await created({ company: '华东医疗器械有限公司', phone: '13800138000', email: '' });
      env.clock.advance(HOUR);
      const second = await submitLead(env.deps, {
        fields: leadFields({
          company: '华东医疗器械有限公司（上海分公司）',
          phone: '021-5555 0000',
          email: 'sh@hd.cn',
          source: 'branch-sh',
        }),
        via: 'api',
      });
      expect(second).toMatchObject({
        kind: 'merged',
        reason: 'OPEN_LEAD',
        lead: { id: first.lead.id, email: 'sh@hd.cn' },
      });
      // two contacts within 3 days: +5 on the score
      expect(second.kind === 'merged' && second.lead.score).toBe(first.lead.score + 5);
      const story = await explainLead(env.deps, first.lead.id);
      expect(story?.events.map((e) => e.type)).toEqual([
        'lead.created',
        'lead.offered',
        'lead.inquiry_merged',
      ]);
      const times = await env.deps.store.transaction((tx) => tx.leads.inquiryTimes(first.lead.id));
      expect(times).toHaveLength(2);
    });

    it('keeps a won customer with its owner for 30 days, then opens a new linked lead routed normally', async () => {
      await seedOrg(env, [person('alice'), person('bob')]);
      const first = await created({ phone: '13900000001' });
      const owner = first.lead.ownerId as string;
      await claimLead(env.deps, { personId: owner, leadId: first.lead.id });
      await closeLead(env.deps, { leadId: first.lead.id, outcome: 'won', actorId: owner });
      env.clock.advance(29 * DAY);
      expect(
        await submitLead(env.deps, { fields: leadFields({ phone: '13900000001' }), via: 'api' }),
      ).toMatchObject({
        kind: 'merged',
        reason: 'PROTECTED_CUSTOMER',
        lead: { id: first.lead.id },
      });
      env.clock.advance(DAY);
      const later = await submitLead(env.deps, { fields: leadFields({ phone: '13900000001' }), via: 'api' });
      expect(later).toMatchObject({
        kind: 'created',
        previousLeadId: first.lead.id,
        lead: { status: 'offered' },
      });
    });

    it('merges two leads by hand without deleting anything', async () => {
      await seedOrg(env, [person('alice', { capacity: 10 })]);
      const a = await created();
      const b = await created();
      expect(
        await mergeLeads(env.deps, { fromId: b.lead.id, intoId: a.lead.id, actorId: 'boss' }),
      ).toMatchObject({ kind: 'merged' });
      const from = await explainLead(env.deps, b.lead.id);
      expect(from?.lead).toMatchObject({ status: 'merged', mergedInto: a.lead.id, ownerId: null });
      expect(from?.events.map((e) => e.type)).toContain('lead.merged');
      expect(
        await mergeLeads(env.deps, { fromId: b.lead.id, intoId: a.lead.id, actorId: 'boss' }),
      ).toMatchObject({ kind: 'rejected', reason: 'NOT_LIVE' });
    });
  });

  describe('routing through the engine (F2, F3, F9)', () => {
    it('stores who was considered, who was skipped and why, and renders it in words', async () => {
      await seedOrg(env, [
        person('alice', { name: 'Alice', skills: ['医疗基建'] }),
        person('bob', { name: 'Bob', outOfOffice: true }),
        person('carl', { name: 'Carl', active: false }),
        person('dan', { name: 'Dan' }),
      ]);
      const r = await created({ tags: ['医疗基建'] });
      expect(r.lead.ownerId).toBe('alice');
      const story = await explainLead(env.deps, r.lead.id);
      const decision = story?.decisions[0]?.explanation;
      expect(decision?.considered.map((c) => c.personId)).toEqual(['alice', 'dan']);
      expect(decision?.skipped).toEqual(
        expect.arrayContaining([
          { personId: 'bob', reason: 'OUT_OF_OFFICE' },
          { personId: 'carl', reason: 'INACTIVE' },
        ]),
      );
      const text = explainDecision(decision!, 'en', { people: story!.people, timezone: 'Asia/Shanghai' });
      expect(text).toContain('Routed to Alice: skill 医疗基建 matched, load 0/8');
      expect(text).toContain('Bob skipped: out of office');
      expect(text).toContain('Carl skipped: inactive');
      // Figures, not just verdicts (issue 25, item 5): the runner-up's load.
      expect(text).toContain('Dan scored');
      expect(text).toMatch(/Dan scored [\d.]+ \(load 0\/8\)/);
    });

    it('says a skipped rep was at capacity with the figures: "at capacity 2/2"', async () => {
      await seedOrg(env, [
        person('alice', { name: 'Alice', capacity: 2 }),
        person('dan', { name: 'Dan', outOfOffice: true }),
      ]);
      for (let i = 0; i < 2; i++) {
        const r = await created();
        expect(r.lead.ownerId).toBe('alice');
        expect((await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id })).kind).toBe('claimed');
      }
      const r = await created();
      const story = await explainLead(env.deps, r.lead.id);
      const text = explainDecision(story!.decisions[0]!.explanation, 'en', {
        people: story!.people,
        timezone: 'Asia/Shanghai',
      });
      expect(text).toContain('Alice skipped: at capacity 2/2');
    });

    it('spreads equal leads round-robin and is deterministic', async () => {
      await seedOrg(env, [person('alice'), person('bob'), person('carl')]);
      const owners: string[] = [];
      for (let i = 0; i < 6; i++) {
        env.clock.advance(1000);
        owners.push((await created()).lead.ownerId as string);
      }
      expect(owners).toEqual(['alice', 'bob', 'carl', 'alice', 'bob', 'carl']);
    });

    it('marks urgent leads, tells the rep at once, and tells every team when nobody can take one', async () => {
      await seedOrg(env, [person('alice')]);
      const urgent = await created({ trialEndsAt: env.clock() + 47 * HOUR });
      expect(urgent.lead).toMatchObject({ urgent: true, urgentReason: 'TRIAL_ENDING', status: 'offered' });
      const notices = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 10 }));
      expect(notices[0]).toMatchObject({
        template: 'lead.offered',
        data: { urgent: true, urgentReason: 'TRIAL_ENDING' },
      });
      await importOrg(env.deps, org([person('alice', { outOfOffice: true })]));
      await created({ urgency: 'competitor' });
      const after = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 10 }));
      expect(after.map((n) => n.template)).toContain('lead.urgent_in_pool');
    });
  });

  describe('org import', () => {
    it('updates on re-import and never duplicates', async () => {
      await seedOrg(env, [person('alice')]);
      const again = await importOrg(env.deps, org([person('alice', { capacity: 5 })]));
      expect(again.people).toEqual({ created: 0, updated: 1, unchanged: 1 });
      expect(await env.deps.store.transaction((tx) => tx.org.people())).toHaveLength(2);
    });

    it('routes a deactivated rep’s open leads again and tells their manager; an out-of-office rep keeps theirs', async () => {
      await seedOrg(env, [person('alice'), person('bob')]);
      const a = await created();
      const b = await created();
      const alicesLead = a.lead.ownerId === 'alice' ? a.lead.id : b.lead.id;
      await importOrg(env.deps, org([person('alice', { outOfOffice: true }), person('bob')]));
      expect((await explainLead(env.deps, alicesLead))?.lead.ownerId).toBe('alice');
      const r = await importOrg(env.deps, org([person('alice', { active: false }), person('bob')]));
      expect(r.deactivated).toEqual([{ personId: 'alice', rerouted: [alicesLead] }]);
      const story = await explainLead(env.deps, alicesLead);
      expect(story?.lead).toMatchObject({ status: 'offered', ownerId: 'bob' });
      expect(story?.events.map((e) => e.type)).toContain('lead.rerouted');
      const notices = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 20 }));
      expect(notices).toContainEqual(
        expect.objectContaining({ template: 'person.deactivated', to: { kind: 'person', id: 'boss' } }),
      );
    });
  });

  describe('transactions', () => {
    it('writes nothing when a unit of work fails half-way', async () => {
      await seedOrg(env, [person('alice')]);
      await expect(
        env.deps.store.transaction(async (tx) => {
          await tx.events.append({
            type: 'lead.touched',
            at: 1,
            leadId: 1,
            actorId: 'alice',
            by: 'alice',
            kind: 'call',
            note: 'x',
          });
          await tx.outbox.enqueue(
            notice({
              to: { kind: 'person', id: 'alice' },
              template: 'report.reminder',
              data: { date: '2026-11-23' },
            }),
            1,
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await env.deps.store.transaction((tx) => tx.events.count())).toBe(0);
      expect(await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 5 }))).toEqual([]);
    });

    it('writes the lead, its events and its notice together', async () => {
      await seedOrg(env, [person('alice')]);
      const r = await created();
      const [events, notices] = await env.deps.store.transaction(
        async (tx) => [await tx.events.forLead(r.lead.id), await tx.outbox.list({ limit: 5 })] as const,
      );
      expect(events.map((e) => e.type)).toEqual(['lead.created', 'lead.offered']);
      expect(notices).toEqual([
        expect.objectContaining({ template: 'lead.offered', leadId: r.lead.id, status: 'pending' }),
      ]);
    });
  });

  describe('two processes on one database', () => {
    it('routes with the org as another process just imported it (no stale cache)', async () => {
      await seedOrg(env, [person('alice')]);
      expect((await created()).lead.ownerId).toBe('alice');
      // A second connection (as `leadline org import` beside a running server) makes alice inactive and adds bob.
      const other = await env.openAnother();
      try {
        await importOrg(
          { ...env.deps, store: other },
          org([person('alice', { active: false }), person('bob')]),
        );
      } finally {
        await other.close();
      }
      expect((await created()).lead.ownerId).toBe('bob');
    });
  });
});
