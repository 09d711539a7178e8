// Issue 23, item 4: CSV import in batches and group commit for concurrent API intake give exactly what one-by-one
// intake gives — the same answers, owners, merges, routing decisions and events — on SQLite and PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { explainLead } from '../src/modules/leads/use-cases/explain-lead.ts';
import { importLeads, type ImportRow } from '../src/modules/leads/use-cases/import-leads.ts';
import { groupIntake } from '../src/modules/leads/use-cases/group-intake.ts';
import { submitLead, type SubmitLeadResult } from '../src/modules/leads/use-cases/submit-lead.ts';
import { leadFingerprint } from '../src/modules/leads/intake/csv.ts';
import type { LeadFields, Person } from '../src/kernel/types.ts';
import type { Store } from '../src/modules/ports.ts';
import {
  createPgSchema,
  DATABASES,
  leadFields,
  person,
  pgTestEnv,
  readRawSql,
  seedOrg,
  testEnv,
  type PgTestSchema,
  type TestDb,
  type TestEnv,
} from './helpers.ts';

const REPS = ['amy', 'ben', 'cai', 'dan'].map((id, i) => person(id, { capacity: 6 + i }));

/** 60 rows: new customers, the same row again (fingerprint), the same phone with other content (merge), urgent ones. */
function generatedFields(): LeadFields[] {
  const out: LeadFields[] = [];
  for (let i = 0; i < 60; i++) {
    if (i % 7 === 3 && i > 3)
      out.push({ ...(out[i - 3] as LeadFields) }); // the same row again
    else if (i % 5 === 4)
      out.push(leadFields({ phone: (out[i - 2] as LeadFields).phone, need: `加购 ${i}` })); // merge
    else if (i % 11 === 5) out.push(leadFields({ urgency: 'competitor' }));
    else out.push(leadFields({ budget: 10_000 * (i % 9) }));
  }
  return out;
}

/** Every row intake writes, ids included, as stored (a group writes its events, notices and decisions at its end). */
const STORED = [
  'select * from leads order by id',
  'select * from inquiries order by id',
  'select * from events order by id',
  'select * from outbox order by id',
  'select * from routing_decisions order by id',
  'select * from org_snapshots order by hash',
  'select * from rep_loads order by person_id',
  'select id, last_assigned_at from people order by id',
];

async function snapshot(env: TestEnv, results: unknown) {
  const stories = [];
  for (let id = 1; ; id++) {
    const story = await explainLead(env.deps, id);
    if (story === null) break;
    stories.push({ lead: story.lead, decisions: story.decisions, events: story.events });
  }
  const rows = [];
  for (const sql of STORED) rows.push(await readRawSql(env, schemaOf.get(env), sql));
  return { results, stories, rows };
}

/** The PostgreSQL schema of each PostgreSQL test env. */
const schemaOf = new Map<TestEnv, PgTestSchema>();

/** The store, counting the transactions opened through it. */
function counting(store: Store): { store: Store; count: () => number } {
  let n = 0;
  return {
    store: { ...store, transaction: (fn) => (n++, store.transaction(fn)) },
    count: () => n,
  };
}

/** A store whose insert of the lead from company `bad` throws, as a broken row or a lost connection would. */
function failingOn(store: Store, bad: string): Store {
  return {
    ...store,
    transaction: (fn) =>
      store.transaction((tx) =>
        fn({
          ...tx,
          leads: {
            ...tx.leads,
            insert: (row) =>
              row.company === bad ? Promise.reject(new Error(`boom ${bad}`)) : tx.leads.insert(row),
          },
        }),
      ),
  };
}

describe.each(DATABASES)('batched and grouped intake on %s', (db: TestDb) => {
  const envs: TestEnv[] = [];
  const schemas: PgTestSchema[] = [];
  const freshEnv = async () => {
    let env: TestEnv;
    if (db === 'sqlite') env = testEnv();
    else {
      const schema = await createPgSchema();
      schemas.push(schema);
      env = await pgTestEnv(schema);
      schemaOf.set(env, schema);
    }
    envs.push(env);
    await seedOrg(env, REPS);
    return env;
  };
  afterEach(async () => {
    for (const env of envs.splice(0)) await env.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });

  it('a CSV import in batches gives the same answers, owners, merges and events as one lead per transaction', async () => {
    const fields = generatedFields();
    const rows: ImportRow[] = fields.map((f, i) => ({
      line: i + 2,
      fields: f,
      fingerprint: leadFingerprint(f),
    }));
    const one = await freshEnv();
    const batched = await freshEnv();
    const a = await importLeads(one.deps, rows, { batchSize: 1 });
    const txs = counting(batched.deps.store);
    const b = await importLeads({ ...batched.deps, store: txs.store }, rows, { batchSize: 7 });
    expect(txs.count()).toBe(Math.ceil(rows.length / 7));
    // The generated file does hold every kind of answer.
    expect(a.imported).toBeGreaterThan(30);
    expect(a.merged).toBeGreaterThan(5);
    expect(a.duplicates).toBeGreaterThan(3);
    expect(await snapshot(batched, b)).toEqual(await snapshot(one, a));
    // Importing the file again adds nothing, batched as one by one.
    const again = await importLeads(batched.deps, rows, { batchSize: 7 });
    expect(again.duplicates).toBe(rows.length);
  });

  it('a lead that throws inside a batch leaves the batch unapplied, then the leads before it are kept one by one', async () => {
    const fields = Array.from({ length: 10 }, (_, i) => leadFields({ company: `批次公司${i}` }));
    const rows: ImportRow[] = fields.map((f, i) => ({
      line: i + 2,
      fields: f,
      fingerprint: leadFingerprint(f),
    }));
    const env = await freshEnv();
    const deps = { ...env.deps, store: failingOn(env.deps.store, '批次公司6') };
    await expect(importLeads(deps, rows, { batchSize: 4 })).rejects.toThrow('boom 批次公司6');
    // Batch 1 (rows 0–3) committed together; batch 2 rolled back, replayed one by one: rows 4 and 5 kept.
    const kept = await importLeads(env.deps, rows, { batchSize: 4 });
    expect(kept.leadIds.map((l) => l.status)).toEqual([
      ...Array<string>(6).fill('duplicate'),
      ...Array<string>(4).fill('created'),
    ]);
    // (PostgreSQL does not give back the ids a rolled-back batch drew, so ids are compared by order only.)
    const ids = kept.leadIds.map((l) => l.id as number);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    const companies = [];
    for (const id of ids) companies.push((await explainLead(env.deps, id))?.lead.company);
    expect(companies).toEqual(fields.map((f) => f.company));
  });

  it('concurrent submissions committed as a group answer as sequential ones, and a failure fails only its own', async () => {
    const fields = generatedFields();
    const inputs = fields.map((f, i) => ({
      fields: f,
      via: 'api' as const,
      // A lead a rep entered stays theirs (routing.ownLeads = keep): one more open lead for the next routings.
      ...(i % 13 === 6 ? { enteredBy: (REPS[i % REPS.length] as Person).id } : {}),
      // A client retrying with the same Idempotency-Key: the second answer is the first lead's.
      ...(i % 9 === 8
        ? { fingerprint: `api:web:${i - 1}` }
        : i % 9 === 7
          ? { fingerprint: `api:web:${i}` }
          : {}),
    }));
    const one = await freshEnv();
    const grouped = await freshEnv();
    const sequential: SubmitLeadResult[] = [];
    for (const input of inputs) sequential.push(await submitLead(one.deps, input));
    const txs = counting(grouped.deps.store);
    const intake = groupIntake({ ...grouped.deps, store: txs.store }, { maxGroup: 16 });
    const together = await Promise.all(inputs.map((input) => intake.submit(input)));
    expect(txs.count()).toBe(Math.ceil(inputs.length / 16));
    expect(sequential.filter((r) => r.kind === 'duplicate').length).toBeGreaterThan(3);
    expect(sequential.filter((r) => r.kind === 'merged').length).toBeGreaterThan(5);
    expect(sequential.filter((r) => r.kind === 'kept').length).toBeGreaterThan(1);
    expect(await snapshot(grouped, together)).toEqual(await snapshot(one, sequential));

    const env = await freshEnv();
    const failing = groupIntake({ ...env.deps, store: failingOn(env.deps.store, '坏公司') });
    const answers = await Promise.allSettled(
      ['好公司1', '坏公司', '好公司2'].map((company) =>
        failing.submit({ fields: leadFields({ company }), via: 'api' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(
      answers.map((a) =>
        a.status === 'fulfilled' && a.value.kind === 'created' ? a.value.lead.company : null,
      ),
    ).toEqual(['好公司1', null, '好公司2']);
    expect(answers[1]?.status === 'rejected' && String(answers[1].reason)).toContain('boom 坏公司');
  });

  it("a new lead's answer is the lead as stored, field for field and in the same order", async () => {
    const env = await freshEnv();
    const intake = groupIntake(env.deps, { maxGroup: 4 });
    const stored = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
    const { trialEndsAt: _t, urgency: _u, ...withoutOptional } = leadFields({ company: '缺省字段' });
    const inputs: LeadFields[] = [
      leadFields({ urgency: 'competitor', tags: ['VIP', '复购'] }),
      leadFields({ urgency: 'trial', trialEndsAt: env.clock() + 3_600_000, budget: 1234.5 }),
      // Fields in another order, and the optional ones left out, as a hand-written client may send them.
      Object.fromEntries(Object.entries(leadFields({ need: '竞品对比' })).reverse()) as unknown as LeadFields,
      withoutOptional as LeadFields,
      // More leads than the reps' capacity (6 + 7 + 8 + 9): the last ones go to the pool.
      ...Array.from({ length: 30 }, (_, i) => leadFields({ industry: i % 2 === 0 ? '教育' : '家装' })),
    ];
    const answers = [];
    for (let i = 0; i < inputs.length; i += 3) {
      const group = await Promise.all(
        inputs.slice(i, i + 3).map((fields) => intake.submit({ fields, via: 'api' })),
      );
      for (const a of group) {
        if (a.kind !== 'created') throw new Error(`expected a new lead, got ${a.kind}`);
        // Read right after its group, before any later lead could change it.
        const row = await stored(a.lead.id);
        expect(a.lead).toStrictEqual(row);
        expect(JSON.stringify(a.lead)).toBe(JSON.stringify(row));
        answers.push(a);
      }
    }
    expect(new Set(answers.map((a) => a.lead.status))).toEqual(new Set(['offered', 'pool']));
    // Leads inserted already offered count in the reps' loads (rep_loads' insert trigger) as updated ones did.
    const held = new Map<string, number>();
    for (const a of answers)
      if (a.lead.ownerId !== null) held.set(a.lead.ownerId, (held.get(a.lead.ownerId) ?? 0) + 1);
    const loads = await env.deps.store.transaction((tx) => tx.leads.openCounts());
    expect(new Map([...loads].filter(([, n]) => n > 0))).toEqual(held);
    expect([...held.values()].reduce((x, y) => x + y, 0)).toBe(6 + 7 + 8 + 9);
  });

  it('a batch reads the org once for all its leads, a lead on its own once for itself', async () => {
    const rows: ImportRow[] = Array.from({ length: 12 }, (_, i) => leadFields({ company: `读一次${i}` })).map(
      (f, i) => ({ line: i + 2, fields: f, fingerprint: leadFingerprint(f) }),
    );
    const reads = (env: TestEnv) => {
      let n = 0;
      const store: Store = {
        ...env.deps.store,
        transaction: (fn) =>
          env.deps.store.transaction((tx) =>
            fn({ ...tx, org: { ...tx.org, people: () => (n++, tx.org.people()) } }),
          ),
      };
      return { deps: { ...env.deps, store }, count: () => n };
    };
    const batched = reads(await freshEnv());
    await importLeads(batched.deps, rows, { batchSize: 5 });
    expect(batched.count()).toBe(3);
    const single = reads(await freshEnv());
    await importLeads(single.deps, rows, { batchSize: 1 });
    expect(single.count()).toBe(12);
  });
});
