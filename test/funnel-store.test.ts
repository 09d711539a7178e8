// F30's store query on SQLite and PostgreSQL: the deals of a pipeline that entered a stage in a window, with
// all their stage events before a moment (even those outside the window) and their owners.
import { describe, expect, it } from 'vitest';
import { dealCreated, dealRow, DATABASES, useTestEnv } from './helpers.ts';

const TYPES = ['deal.created', 'deal.advanced', 'deal.won', 'deal.stall_analysis', 'deal.risk'];

describe.each(DATABASES)('events.dealStageLog on %s', (kind) => {
  const current = useTestEnv(kind);

  it('returns the entrants of the window with their whole log before `before`, oldest first', async () => {
    const { store } = current().deps;
    const out = await store.transaction(async (tx) => {
      const a = await tx.deals.insert(dealRow(101, 'p1', 'rep-a')); // created before the window, advanced in it
      const b = await tx.deals.insert(dealRow(102, 'p1', 'rep-b')); // created in the window
      const c = await tx.deals.insert(dealRow(103, 'p2', 'rep-c')); // other pipeline
      const d = await tx.deals.insert(dealRow(104, 'p1', 'rep-d')); // only a risk in the window: no entry
      const e = await tx.deals.insert(dealRow(105, 'p1', 'rep-e')); // advanced after the window only
      const ev = (at: number, leadId: number, data: Record<string, unknown>) =>
        tx.events.append({ at, leadId, actorId: 'x', ...data } as never);
      await tx.events.append(dealCreated(10, 101, a, 'p1'));
      await ev(150, 101, { type: 'deal.advanced', dealId: a, from: 's1', to: 's2', skipped: [], reason: '' });
      await ev(150, 101, {
        type: 'deal.evidence_added',
        dealId: a,
        stage: 's2',
        requirement: 'r',
        evidenceId: 1,
      });
      await ev(250, 101, { type: 'deal.won', dealId: a, stage: 's2' });
      await ev(900, 101, { type: 'deal.risk', dealId: a, signal: 'late', phrase: '', excerpt: '' }); // after `before`
      await tx.events.append(dealCreated(120, 102, b, 'p1'));
      await tx.events.append(dealCreated(130, 103, c, 'p2'));
      await tx.events.append(dealCreated(20, 104, d, 'p1'));
      await ev(140, 104, { type: 'deal.risk', dealId: d, signal: 'price', phrase: '', excerpt: '' });
      await tx.events.append(dealCreated(30, 105, e, 'p1'));
      await ev(300, 105, { type: 'deal.advanced', dealId: e, from: 's1', to: 's2', skipped: [], reason: '' });
      const log = await tx.events.dealStageLog({
        pipeline: 'p1',
        from: 100,
        to: 200,
        before: 500,
        types: TYPES,
      });
      return { ...log, a, b };
    });
    expect(out.events.map((e) => [e.type, e.at, 'dealId' in e ? e.dealId : null])).toEqual([
      ['deal.created', 10, out.a],
      ['deal.created', 120, out.b],
      ['deal.advanced', 150, out.a],
      ['deal.won', 250, out.a],
    ]);
    expect([...out.owners.entries()].sort()).toEqual(
      [
        [out.a, 'rep-a'],
        [out.b, 'rep-b'],
      ].sort(),
    );
  });

  it('counts nothing at or after `before`, even inside the window', async () => {
    const { store } = current().deps;
    const out = await store.transaction(async (tx) => {
      const a = await tx.deals.insert(dealRow(201, 'p1', 'rep-a'));
      await tx.events.append(dealCreated(180, 201, a, 'p1'));
      return tx.events.dealStageLog({ pipeline: 'p1', from: 100, to: 200, before: 150, types: TYPES });
    });
    expect(out.events).toEqual([]);
    expect(out.owners.size).toBe(0);
  });

  it('gives each event exactly as forLead reads it (quotes, unicode, nulls), of the types asked for', async () => {
    const { store } = current().deps;
    const out = await store.transaction(async (tx) => {
      const a = await tx.deals.insert(dealRow(301, 'p1', 'rep-"a"\\'));
      const append = (e: Record<string, unknown>) => tx.events.append({ leadId: 301, ...e } as never);
      await append({
        at: 120,
        actorId: null,
        type: 'deal.created',
        dealId: a,
        pipeline: 'p1',
        stage: 's1',
        amount: 1.5,
        tier: 'C',
      });
      await append({ at: 130, actorId: 'x', type: 'lead.note', text: 'not a stage event' });
      await append({
        at: 140,
        actorId: 'rep "a" \\ 张',
        type: 'deal.stall_analysis',
        dealId: a,
        stage: 's1',
        taskId: 1,
        news: '客户说 "再等等" \\ 😀\n第二行',
        pending: '',
        way: '',
        extra: { nested: [1, null, true, 'x'] },
      });
      // Another deal's id in this lead's log is not this deal's.
      await append({
        at: 150,
        actorId: 'x',
        type: 'deal.risk',
        dealId: a + 1000,
        signal: 'price',
        phrase: '',
        excerpt: '',
      });
      await append({
        at: 160,
        actorId: 'x',
        type: 'deal.risk',
        dealId: a,
        signal: 'price',
        phrase: '',
        excerpt: '',
      });
      const log = await tx.events.dealStageLog({
        pipeline: 'p1',
        from: 100,
        to: 200,
        before: 500,
        types: TYPES,
      });
      // Without deal.created among the types, the deal still entered in the window (by its deal.created).
      const risks = await tx.events.dealStageLog({
        pipeline: 'p1',
        from: 100,
        to: 200,
        before: 500,
        types: ['deal.risk'],
      });
      return { log, risks, all: await tx.events.forLead(301), a };
    });
    const expected = out.all.filter((e) => TYPES.includes(e.type) && 'dealId' in e && e.dealId === out.a);
    expect(expected.map((e) => e.at)).toEqual([120, 140, 160]);
    // The same objects, keys in the same order.
    expect(JSON.stringify(out.log.events)).toBe(JSON.stringify(expected));
    expect([...out.log.owners.entries()]).toEqual([[out.a, 'rep-"a"\\']]);
    expect(out.risks.events.map((e) => [e.type, e.at])).toEqual([['deal.risk', 160]]);
    expect([...out.risks.owners.keys()]).toEqual([out.a]);
  });
});
