// Issue 23, item 3: a Claim click is acknowledged before any of the work behind it, its own or an earlier
// click's. Observed over real HTTP with signed clicks: the fake holds auth.test, the first step of Bolt's work
// for every click (authorize), unanswered; every click must still be acked, and nothing claimed, until it is let
// go. Then the claim is decided once: one winner, the others told who won.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sweep } from '../src/modules/leads/use-cases/sweep.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { t } from '../src/modules/i18n.ts';
import { eventually } from './fixtures/slack-sender.ts';
import { startSlackApp, type SlackApp } from './fixtures/slack-app.ts';
import { DATABASES, leadFields, MINUTE, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let app: SlackApp;

const reps = Array.from({ length: 6 }, (_, i) =>
  person(`rep${i}`, { name: `Rep ${i}`, locale: 'en', identities: { slack: `UREP${i}` } }),
);

/** A lead in the pool, and the reps who may claim it (not the one who let its offer lapse). */
async function poolLead(): Promise<{ id: number; clickers: typeof reps }> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  env.clock.advance(121 * MINUTE);
  await sweep(env.deps, env.clock());
  const lead = await env.deps.store.transaction((tx) => tx.leads.get(r.lead.id));
  expect(lead).toMatchObject({ status: 'pool' });
  return { id: r.lead.id, clickers: reps.filter((p) => p.id !== r.lead.ownerId).slice(0, 5) };
}

const claimedEvents = (id: number) =>
  env.deps.store.transaction(async (tx) =>
    (await tx.events.forLeads([id])).filter((e) => e.type === 'lead.claimed'),
  );

describe.each(DATABASES)('Slack click acks on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    app = await startSlackApp(env);
    await seedOrg(env, reps);
  });

  afterEach(async () => {
    await app.close();
  });

  it('acks every one of simultaneous Claim clicks before the work of any of them starts, then claims once', async () => {
    const { id, clickers } = await poolLead();
    const release = app.fake.hold('auth.test');
    const acks = await Promise.all(
      clickers.map((r) =>
        app.slack.click(r.identities.slack ?? '', {
          actionId: 'lead.claim',
          value: String(id),
          responseId: r.id,
        }),
      ),
    );
    expect(acks.map((r) => r.status)).toEqual(clickers.map(() => 200));
    expect(await Promise.all(acks.map((r) => r.text()))).toEqual(clickers.map(() => ''));
    // No click's work has got past its first step: nothing claimed, nobody answered.
    expect(await claimedEvents(id)).toEqual([]);
    expect(app.fake.responses).toEqual([]);

    release();
    await eventually(() => new Set(app.fake.responses.map((r) => r.id)).size === clickers.length);
    expect(await claimedEvents(id)).toHaveLength(1);
    const owner = (await env.deps.store.transaction((tx) => tx.leads.get(id)))?.ownerId;
    const winner = clickers.find((r) => r.id === owner);
    expect(winner).toBeDefined();
    expect(app.fake.responses.filter((r) => r.body.replace_original === true).map((r) => r.id)).toEqual([
      winner?.id,
    ]);
    const told = t('en', 'refuse.ALREADY_CLAIMED', { id, owner: winner?.name ?? '' });
    for (const r of clickers.filter((c) => c !== winner))
      expect(app.fake.responses.filter((x) => x.id === r.id).map((x) => JSON.stringify(x.body))).toEqual([
        expect.stringContaining(told),
      ]);
  });

  it('waits, when stopped, for the clicks it acknowledged to be worked on', async () => {
    const { id, clickers } = await poolLead();
    const release = app.fake.hold('auth.test');
    const [first] = clickers;
    const ack = await app.slack.click(first?.identities.slack ?? '', {
      actionId: 'lead.claim',
      value: String(id),
      responseId: 'stopping',
    });
    expect(ack.status).toBe(200);
    let stopped = false;
    const stopping = app.adapter.stop().then(() => {
      stopped = true;
    });
    // The click is stuck at its first step: stop() cannot have finished.
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await claimedEvents(id)).toHaveLength(1);
    expect(app.fake.responses.filter((r) => r.id === 'stopping')).not.toEqual([]);
  });

  it('answers 400 to a signed body that is JSON but not an object, and to one that is not JSON', async () => {
    for (const body of ['null', '5', '[]', '{"type":'])
      expect((await app.slack.raw(body, 'application/json')).status).toBe(400);
  });
});
