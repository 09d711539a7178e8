// Defect 10 of issue 19: appchat/send reaches only group chats the app created (path/90244). The admin command's
// work (createTeamChats) against the strict fake over real HTTP, then the outbox posting to the chats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomApi, type WecomApi } from '../adapters/wecom/api.ts';
import { wecomDeliverer } from '../adapters/wecom/deliverer.ts';
import { storedResponseCodes } from '../adapters/wecom/response-codes.ts';
import { createTeamChats, describeOutcome } from '../adapters/wecom/team-chats.ts';
import { deliverOutbox, type OutboxWorkerDeps } from '../src/jobs/outbox-worker.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { releaseLead } from '../src/modules/leads/use-cases/give-back-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeWecom;
let api: WecomApi;
let worker: OutboxWorkerDeps;

const teams = [
  { id: 'east-1', name: '华东一组', managerId: 'boss', channels: { wecom: 'wrTYPED' } },
  { id: 'west', name: '华西组', managerId: 'lonely', channels: {} },
];
const people = [
  person('boss', { role: 'manager', identities: { wecom: 'Boss' } }),
  person('li.min', { identities: { wecom: 'LiMin' } }),
  person('wang', { identities: {} }),
  person('lonely', { teamId: 'west', role: 'manager', identities: { wecom: 'Lonely' } }),
];

/** A lead back in the pool: the team hears of it in its group chat (the pool post). */
async function poolPost(): Promise<void> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  await claimLead(env.deps, { personId: 'li.min', leadId: r.lead.id });
  const back = await releaseLead(env.deps, { personId: 'li.min', leadId: r.lead.id });
  if (back.kind === 'rejected') throw new Error(`release refused: ${back.reason}`);
}
const deliveries = (status: 'parked' | 'sent') =>
  env.deps.store.transaction((tx) => tx.deliveries.list({ status, limit: 10 }));

async function drain() {
  for (let i = 0; i < 30; i++) {
    await deliverOutbox(worker, { now: env.clock() });
    env.clock.advance(5000);
  }
}

describe('WeCom team chats', () => {
  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeWecom({ clock: env.clock });
    api = wecomApi({
      corpId: 'corp',
      secret: 'secret',
      agentId: 1000002,
      apiBase: fake.apiBase,
      clock: env.clock,
    });
    const codes = storedResponseCodes(env.deps.store, env.clock);
    worker = {
      engine: env.deps,
      defaultLocale: 'zh-CN',
      deliverers: [wecomDeliverer({ api, agentId: 1000002, codes })],
    };
    await seedOrg(env, people, { teams });
  });

  afterEach(async () => {
    await fake.close();
    await env.close();
  });

  it('refuses a post to a hand-typed chat id and parks it with WeCom’s words, without retrying', async () => {
    await poolPost();
    await drain();
    const toChats = fake.calls.filter((c) => c.method.startsWith('appchat/'));
    expect(toChats.map((c) => [c.method, c.outcome])).toEqual([['appchat/send', 86003]]);
    expect(JSON.stringify(toChats[0]?.body)).toContain('Acme');
    const [parked] = (await deliveries('parked')).filter((d) => d.address.kind === 'channel');
    expect(parked?.lastError).toContain('86003 chatid not exist: wrTYPED');
    expect(parked?.attempts).toBe(1);
  });

  it('creates each team’s chat (manager as owner, members with a WeCom identity); a pool post then arrives', async () => {
    const dry = await createTeamChats({ store: env.deps.store, api, clock: env.clock }, { dryRun: true });
    expect(dry.map(describeOutcome)).toEqual([
      'east-1: would create a group chat with 2 members (replaces wrTYPED, which the app did not create)',
      'west: skipped: a WeCom group chat takes 2 to 2000 members; this team has 1 with a WeCom identity',
    ]);
    expect(fake.ok('appchat/create')).toEqual([]);

    const done = await createTeamChats({ store: env.deps.store, api, clock: env.clock }, { dryRun: false });
    const chatid = done[0]?.chatid ?? '';
    expect(done[0]).toMatchObject({ team: 'east-1', action: 'created', members: 2 });
    expect(fake.ok('appchat/create')).toEqual([
      { name: '华东一组', owner: 'Boss', userlist: ['Boss', 'LiMin'] },
    ]);
    const team = await env.deps.store.transaction((tx) => tx.org.team('east-1'));
    expect(team?.channels.wecom).toBe(chatid);

    // A second run keeps the chat it made.
    const again = await createTeamChats({ store: env.deps.store, api, clock: env.clock }, { dryRun: false });
    expect(again[0]).toMatchObject({ action: 'kept', chatid });
    expect(fake.ok('appchat/create')).toHaveLength(1);

    await poolPost();
    await drain();
    const posts = fake.ok('appchat/send');
    expect(posts.map((b) => b.chatid)).toEqual([chatid]);
    expect(JSON.stringify(posts[0])).toContain('Acme');
    expect(await deliveries('parked')).toEqual([]);
  });

  it('refuses an appchat/create WeCom would refuse: one member, an owner outside the list', async () => {
    await expect(api.post('appchat/create', { owner: 'Boss', userlist: ['Boss'] })).rejects.toThrow(/86006/);
    await expect(api.post('appchat/create', { owner: 'Boss', userlist: ['LiMin', 'Wang'] })).rejects.toThrow(
      /86005/,
    );
  });
});
