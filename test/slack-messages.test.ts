// Text typed to the Slack bot, over real HTTP with signed events: in its Messages tab (message.im) and as an
// @mention in a channel (app_mention). Both are the same command language as the slash commands.
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withoutMention } from '../adapters/slack/listeners/messages.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { type FakeSlack } from './fixtures/fake-slack.ts';
import { eventually, type SlackSender } from './fixtures/slack-sender.ts';
import { startSlackApp } from './fixtures/slack-app.ts';
import { leadFields, person, seedOrg, DATABASES, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeSlack;
let server: Server;
let slack: SlackSender;

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });
const bob = person('bob', { name: 'Bob', locale: 'en', identities: { slack: 'UBOB' } });

async function offeredLead(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  return r.lead.id;
}

const lead = (id: number) => env.deps.store.transaction((tx) => tx.leads.get(id));
const eventCount = () => env.deps.store.transaction((tx) => tx.events.count());
/** Bodies of successful calls of `method`, as JSON text, that match `where`. */
const sent = (method: string, where: (b: Record<string, unknown>) => boolean) =>
  fake
    .ok(method)
    .filter(where)
    .map((b) => JSON.stringify(b));
const settle = () => new Promise((r) => setTimeout(r, 200));

const dm = (user: string, text: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: `D${user}`,
  channel_type: 'im',
  user,
  text,
  ts,
  event_ts: ts,
  ...extra,
});
const mention = (user: string, text: string, ts: string) => ({
  type: 'app_mention',
  channel: 'CSALES',
  user,
  text,
  ts,
  event_ts: ts,
});

describe('withoutMention', () => {
  it('strips only a leading mention of the bot', () => {
    expect(withoutMention('<@UBOT> claim 12', 'UBOT')).toBe('claim 12');
    expect(withoutMention('  <@UBOT|leadline>   claim 12 ', 'UBOT')).toBe('claim 12');
    expect(withoutMention('<@UBOTX> claim 12', 'UBOT')).toBe('<@UBOTX> claim 12');
    expect(withoutMention('claim 12 <@UBOT>', 'UBOT')).toBe('claim 12 <@UBOT>');
    expect(withoutMention('<@UBOT', 'UBOT')).toBe('<@UBOT');
  });

  it('stays fast on a hostile mention (no backtracking)', () => {
    const hostile = `<@UBOT|${'|'.repeat(200_000)}`;
    const started = performance.now();
    expect(withoutMention(hostile, 'UBOT')).toBe(hostile);
    expect(withoutMention(`${' '.repeat(200_000)}claim 1`, 'UBOT')).toBe('claim 1');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe.each(DATABASES)('Slack typed messages on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    ({ fake, server, slack } = await startSlackApp(env));
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('claims a lead typed as `claim N` in the Messages tab, answering in the DM', async () => {
    await seedOrg(env, [alice]);
    const id = await offeredLead();
    expect((await slack.event(dm('UALICE', `claim ${id}`, '1700000200.000001'))).status).toBe(200);
    const replies = await eventually(() => {
      const r = sent('chat.postMessage', (b) => b.channel === 'UALICE');
      return r.length > 0 && r;
    });
    expect(replies.join('\n')).toContain(`You claimed lead #${id} Acme`);
    expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });
    expect(fake.refused).toEqual([]);
  });

  it('claims on `@Leadline claim N` in a channel, answering in the thread; a refusal goes only to the speaker', async () => {
    await seedOrg(env, [alice, bob]);
    const id = await offeredLead();
    await slack.event(mention('UALICE', `<@UBOT> claim ${id}`, '1700000300.000001'));
    const inThread = await eventually(() => {
      const r = sent('chat.postMessage', (b) => b.channel === 'CSALES');
      return r.length > 0 && r;
    });
    expect(inThread).toHaveLength(1);
    expect(inThread[0]).toContain(`You claimed lead #${id} Acme`);
    expect(JSON.parse(inThread[0] ?? '{}')).toMatchObject({ thread_ts: '1700000300.000001' });
    expect(await lead(id)).toMatchObject({ status: 'owned', ownerId: 'alice' });

    // Bob is too late: the refusal is his alone (ephemeral, in the thread), not a post the channel sees.
    await slack.event(mention('UBOB', `<@UBOT|leadline> claim ${id}`, '1700000300.000002'));
    const refusal = await eventually(() => fake.ok('chat.postEphemeral')[0]);
    expect(refusal).toMatchObject({ channel: 'CSALES', user: 'UBOB', thread_ts: '1700000300.000002' });
    await settle();
    expect(sent('chat.postMessage', (b) => b.channel === 'CSALES')).toHaveLength(1);
    expect(await lead(id)).toMatchObject({ ownerId: 'alice' });
    expect(fake.refused).toEqual([]);
  });

  it('keeps a green answer about the speaker’s own work out of the channel: only a claim is shared there', async () => {
    await seedOrg(env, [alice]);
    const id = await offeredLead();
    await slack.event(mention('UALICE', `<@UBOT> claim ${id}`, '1700000400.000001'));
    await eventually(() => sent('chat.postMessage', (b) => b.channel === 'CSALES')[0]);
    // Logging a follow-up answers green (“logged”), and is still Alice's business alone.
    await slack.event(mention('UALICE', `<@UBOT> touch ${id} call asked for a quote`, '1700000400.000002'));
    const privately = await eventually(() => fake.ok('chat.postEphemeral')[0]);
    expect(privately).toMatchObject({ channel: 'CSALES', user: 'UALICE', thread_ts: '1700000400.000002' });
    await settle();
    expect(sent('chat.postMessage', (b) => b.channel === 'CSALES')).toHaveLength(1);
    expect(fake.refused).toEqual([]);
  });

  it("acts once on Slack's redeliveries of the same message", async () => {
    await seedOrg(env, [alice]);
    const id = await offeredLead();
    const event = dm('UALICE', `claim ${id}`, '1700000400.000001');
    await slack.event(event);
    await eventually(() => fake.ok('chat.postMessage').length > 0);
    const events = await eventCount();
    await slack.event(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    await slack.event(event, { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'connection_failed' });
    await settle();
    expect(fake.ok('chat.postMessage')).toHaveLength(1);
    expect(await eventCount()).toBe(events);
  });

  it('ignores the bot’s own messages, other bots, edits and joins', async () => {
    await seedOrg(env, [alice]);
    const id = await offeredLead();
    await slack.event(dm('UBOT', `claim ${id}`, '1700000500.000001', { bot_id: 'BBOT' }));
    await slack.event(
      dm('UALICE', `claim ${id}`, '1700000500.000002', { subtype: 'bot_message', bot_id: 'B2' }),
    );
    await slack.event(dm('UALICE', `claim ${id}`, '1700000500.000003', { subtype: 'message_changed' }));
    await slack.event(dm('UALICE', `claim ${id}`, '1700000500.000004', { subtype: 'channel_join' }));
    await slack.event(mention('UBOT', `<@UBOT> claim ${id}`, '1700000500.000005'));
    await settle();
    expect(await lead(id)).toMatchObject({ status: 'offered', claimedAt: null });
    expect(fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });
});
