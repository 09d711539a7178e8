// F40: several instances on one PostgreSQL database, each correct without knowing the others.
// Each instance is its own process with its own connection pool.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { startFakeSlack } from './fixtures/fake-slack.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import {
  createPgSchema,
  leadFields,
  person,
  pgTestEnv,
  seedOrg,
  TEST_DATABASE_URL,
  type PgTestSchema,
  HOUR,
} from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';
import { nodeArgsFor } from './fixtures/compiled.ts';

const root = join(import.meta.dirname, '..');
let schema: PgTestSchema;
beforeAll(async () => {
  schema = await createPgSchema();
});
afterAll(async () => {
  await schema.drop();
});

interface InstanceOptions {
  /** Polled every 10 ms; the instance is killed (SIGKILL) the first time it returns true. */
  killWhen?: () => Promise<boolean>;
}

function instance(
  job: object,
  options: InstanceOptions = {},
): Promise<{ code: number | null; killed: boolean; lines: Array<Record<string, unknown>> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...nodeArgsFor('test/fixtures/instance-worker.ts'),
        JSON.stringify({ url: TEST_DATABASE_URL, schema: schema.name, ...job }),
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    let killed = false;
    const killWhen = options.killWhen;
    if (killWhen !== undefined) {
      const poll = setInterval(() => {
        void killWhen().then((yes) => {
          if (yes && !killed) {
            killed = true;
            clearInterval(poll);
            child.kill('SIGKILL');
          }
        });
      }, 10);
      child.on('exit', () => clearInterval(poll));
    }
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null) reject(new Error(`instance exited ${code}: ${err}`));
      else
        resolve({
          code,
          killed,
          lines:
            out.trim() === ''
              ? []
              : out
                  .trim()
                  .split('\n')
                  .map((l) => JSON.parse(l) as Record<string, unknown>),
        });
    });
  });
}

// Three processes start through tsx: on 2 shared cores that alone takes seconds, hence the longer limit.
describe('three instances on one PostgreSQL database', () => {
  it('gives one pool lead to exactly one of 200 simultaneous claims spread over 3 processes; the others learn who won', async () => {
    const env = await pgTestEnv(schema);
    try {
      const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' }); // no org yet: it pools
      const reps = Array.from({ length: 200 }, (_, i) => person(`r${String(i).padStart(3, '0')}`));
      await seedOrg(env, reps);
      const leadId = r.kind === 'created' ? r.lead.id : -1;
      const now = env.clock();
      const jobs = [0, 1, 2].map((k) => ({
        now,
        claims: reps.filter((_, i) => i % 3 === k).map((p) => ({ personId: p.id, leadId })),
      }));
      const results = (await Promise.all(jobs.map((j) => instance(j)))).flatMap(
        (x) => (x.lines[0]?.claims ?? []) as Array<{ kind: string; reason?: string; ownerId?: string }>,
      );
      expect(results).toHaveLength(200);
      const winners = results.filter((x) => x.kind === 'claimed');
      expect(winners).toHaveLength(1);
      const lead = await env.deps.store.transaction((tx) => tx.leads.get(leadId));
      expect(lead).toMatchObject({ status: 'owned' });
      const losers = results.filter((x) => x.kind === 'rejected');
      expect(losers).toHaveLength(199);
      for (const l of losers) expect(l).toMatchObject({ reason: 'ALREADY_CLAIMED', ownerId: lead?.ownerId });
      const claimed = await env.deps.store.transaction((tx) =>
        tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.claimed']),
      );
      expect(claimed).toHaveLength(1);
    } finally {
      await env.close();
    }
  }, 60_000);

  it('acts once on each due lead when 3 instances sweep at the same time, even if one is killed mid-sweep', async () => {
    const env = await pgTestEnv(schema);
    try {
      await seedOrg(env, [person('alice', { capacity: 1000 }), person('bob', { capacity: 1000 })]);
      for (let i = 0; i < 300; i++) await submitLead(env.deps, { fields: leadFields(), via: 'api' });
      const lead1 = await env.deps.store.transaction((tx) => tx.leads.get(1));
      await claimLead(env.deps, { personId: lead1?.ownerId as string, leadId: 1 });
      const at = env.clock() + 25 * HOUR;
      // One instance is killed as soon as the sweep has begun (some offers released, most not yet); the other
      // two, and one more afterwards, finish the work.
      let doneAtKill = -1;
      const begun = async () => {
        const n = await env.deps.store.transaction((tx) =>
          tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.offer_lapsed']),
        );
        if (n.length > 0 && doneAtKill < 0) doneAtKill = n.length;
        return n.length > 0;
      };
      const runs = await Promise.all([
        instance({ now: at, sweepAt: at }),
        instance({ now: at, sweepAt: at }, { killWhen: begun }),
        instance({ now: at, sweepAt: at }),
      ]);
      expect(runs[1]?.killed).toBe(true);
      expect(runs[1]?.lines).toEqual([]); // it never finished its sweep
      expect(doneAtKill).toBeGreaterThan(0);
      expect(doneAtKill).toBeLessThan(299);
      const after = await instance({ now: at, sweepAt: at });
      const totals = [...runs, after].flatMap((x) =>
        x.lines.map((l) => l.sweep as { lapsed: number; reverted: number }),
      );
      const lapsed = totals.reduce((s, t) => s + t.lapsed, 0);
      const reverted = totals.reduce((s, t) => s + t.reverted, 0);
      const events = await env.deps.store.transaction((tx) =>
        tx.events.between(0, Number.MAX_SAFE_INTEGER, ['lead.offer_lapsed', 'lead.reverted']),
      );
      // 299 offers lapsed and 1 claimed lead taken back: each exactly once, none lost (a killed instance's open transaction rolls back).
      expect(events.filter((e) => e.type === 'lead.offer_lapsed')).toHaveLength(299);
      expect(events.filter((e) => e.type === 'lead.reverted')).toHaveLength(1);
      expect(new Set(events.map((e) => e.leadId)).size).toBe(300);
      expect(lapsed).toBeLessThanOrEqual(299);
      expect(reverted).toBeLessThanOrEqual(1);
      const counts = await env.deps.store.transaction((tx) => tx.leads.countByStatus());
      expect(counts).toEqual({ pool: 300 });
      const notices = await env.deps.store.transaction((tx) => tx.outbox.list({ limit: 2000 }));
      expect(notices.filter((n) => n.template === 'lead.offer_lapsed')).toHaveLength(299);
    } finally {
      await env.close();
    }
  }, 60_000);

  it('delivers 1,000 notices once each to the platform with 3 instances draining, one of them killed mid-delivery', async () => {
    const env = await pgTestEnv(schema);
    const slack = await startFakeSlack();
    try {
      const people = Array.from({ length: 200 }, (_, i) =>
        person(`p${String(i).padStart(3, '0')}`, { identities: { slack: `U${i}` } }),
      );
      await seedOrg(env, people);
      await env.deps.store.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          await tx.outbox.enqueue(
            notice({
              to: { kind: 'person', id: people[i % 200]?.id as string },
              template: 'person.deactivated',
              data: { personId: 'x', leadIds: [i] },
            }),
            env.clock(),
          );
        }
      });
      const posted = () => slack.ok('chat.postMessage').length;
      const job = { now: env.clock(), deliver: { apiUrl: slack.apiUrl, leaseMs: 2000, timeoutMs: 45_000 } };
      const runs = await Promise.all([
        instance(job),
        // Killed once the platform has taken a good part of the messages (so it dies with work in hand).
        instance(job, { killWhen: () => Promise.resolve(posted() >= 150) }),
        instance(job),
      ]);
      expect(runs[1]?.killed).toBe(true);
      const ids = slack
        .ok('chat.postMessage')
        .map((b) =>
          String((b.metadata as { event_payload: { delivery_id: unknown } }).event_payload.delivery_id),
        );
      expect(new Set(ids).size).toBe(1000);
      expect(ids).toHaveLength(1000);
      const sent = await env.deps.store.transaction((tx) =>
        tx.deliveries.list({ status: 'sent', limit: 2000 }),
      );
      expect(sent).toHaveLength(1000);
    } finally {
      await slack.close();
      await env.close();
    }
  }, 60_000);
});
