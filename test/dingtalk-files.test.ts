// Pictures, files, rich text and voice sent to the DingTalk robot, over real signed HTTP callbacks: the file is
// fetched through messageFiles/download (the local fake DingTalk API) and its short-lived link, then handed to the
// conversation layer with the words that came with it, as Slack's DM files are.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkAdapter, type DingtalkAdapter } from '../adapters/dingtalk/index.ts';
import { signDingtalkCallback } from '../adapters/dingtalk/verify.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { openReport } from '../src/modules/reports/use-cases/report-draft.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const SECRET = 'ding-secret';
const alice = person('alice', { name: 'Alice', identities: { dingtalk: '0211' } });

let env: TestEnv;
let fake: FakeDingtalk;
let server: Server;
let base: string;
let msgSeq = 0;
let adapter: DingtalkAdapter;

let signed = 0;
/** Each callback signed a millisecond apart: a timestamp + sign pair is accepted with one body only. */
function callback(body: object, sign?: string) {
  signed += 1;
  const timestamp = String(env.clock() - signed);
  return fetch(`${base}/dingtalk/callback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      timestamp,
      sign: sign ?? signDingtalkCallback(SECRET, timestamp),
    },
    body: JSON.stringify(body),
  });
}

/** A single-chat robot message from Alice (or `staffId`) of the given msgtype and content. */
function robot(msgtype: string, content: object, options: { msgId?: string; staffId?: string } = {}) {
  msgSeq += 1;
  return {
    msgId: options.msgId ?? `fmsg${msgSeq}`,
    msgtype,
    content,
    conversationType: '1',
    conversationId: 'cidSINGLE',
    senderStaffId: options.staffId ?? '0211',
    senderNick: 'Alice',
    robotCode: 'ding-app',
  };
}

async function deal(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Mingyuan Tech' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id });
  const d = await createDeal(env.deps, { personId: 'alice', leadId: r.lead.id, amount: 300_000 });
  if (d.kind !== 'created') throw new Error('expected a deal');
  return d.deal.id;
}
const evidenceOf = (id: number) => env.deps.store.transaction((tx) => tx.deals.evidence(id));
const sent = () => fake.messages.map((m) => `${m.msgParam.title ?? ''}\n${m.msgParam.text ?? ''}`).join('\n');

describe.each(DATABASES)('DingTalk files on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    fake = await startFakeDingtalk();
    adapter = dingtalkAdapter({
      chat: { engine: env.deps, defaultLocale: 'zh-CN' },
      clientId: 'ding-app',
      clientSecret: SECRET,
      robotCode: 'ding-app',
      apiBase: fake.apiBase,
      clock: env.clock,
    });
    server = await new Promise<Server>((resolve) => {
      const s = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [adapter] }).listen(
        0,
        '127.0.0.1',
        () => resolve(s),
      );
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await seedOrg(env, [alice]);
  });

  afterEach(async () => {
    await adapter.stop(); // its sweep of kept messages
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('adds a picture sent in rich text with 证据 D12 to the deal as evidence, fetched without our token', async () => {
    const id = await deal();
    fake.hostFile('dc-photo', PNG_1X1, 'image/png');
    const message = robot('richText', {
      richText: [
        { text: `证据 D${id}` },
        { type: 'picture', downloadCode: 'dc-photo', pictureDownloadCode: 'pdc' },
      ],
    });
    expect((await callback(message)).status).toBe(200);

    const evidence = await evidenceOf(id);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ kind: 'photo', by: 'alice', fileName: 'picture-2.jpg' });
    const download = fake.calls.find((c) => c.path === '/v1.0/robot/messageFiles/download');
    expect(download?.body).toEqual({ downloadCode: 'dc-photo', robotCode: 'ding-app' });
    expect(fake.downloads).toEqual([
      { downloadCode: 'dc-photo', token: undefined, authorization: undefined },
    ]);
    expect(fake.messages).toMatchObject([{ kind: 'o2o', to: '0211' }]);
    expect(sent()).toContain(`已添加到 D${id}`);

    // DingTalk redelivers what it saw no answer to: the same msgId adds nothing and downloads nothing more.
    expect((await callback(message)).status).toBe(200);
    expect(await evidenceOf(id)).toHaveLength(1);
    expect(fake.downloads).toHaveLength(1);
    expect(fake.messages).toHaveLength(1);
  });

  it('hands a bare picture to the conversation, which says how to attach it to a deal', async () => {
    const id = await deal();
    fake.hostFile('dc-bare', PNG_1X1, 'image/png');
    expect(
      (await callback(robot('picture', { downloadCode: 'dc-bare', pictureDownloadCode: 'x' }))).status,
    ).toBe(200);
    expect(fake.downloads.map((d) => d.downloadCode)).toEqual(['dc-bare']);
    expect(await evidenceOf(id)).toEqual([]);
    expect(fake.messages).toHaveLength(1);
    // The hint, shortened to fit a DingTalk title when it is long.
    const title = fake.messages[0]?.msgParam.title ?? '';
    expect(title.length).toBeGreaterThan(10);
    expect(t('zh-CN', 'file.hint').startsWith(title.replace(/…$/, ''))).toBe(true);
  });

  it('adds a picture sent on its own after 证据 D12 to that deal', async () => {
    const id = await deal();
    const announce = { ...robot('text', {}), text: { content: `证据 D${id}` } };
    expect((await callback(announce)).status).toBe(200);
    fake.hostFile('dc-later', PNG_1X1, 'image/png');
    expect(
      (await callback(robot('picture', { downloadCode: 'dc-later', pictureDownloadCode: 'x' }))).status,
    ).toBe(200);
    const evidence = await evidenceOf(id);
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ kind: 'photo', by: 'alice' });
    expect(sent()).toContain(`已添加到 D${id}`);
  });

  it('acts on a voice message by its transcript, as if the rep had typed it', async () => {
    const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    const voice = robot('audio', { recognition: `领取 ${r.lead.id}`, downloadCode: 'dc-voice', duration: 2 });
    expect((await callback(voice)).status).toBe(200);
    expect(await env.deps.store.transaction((tx) => tx.leads.get(r.lead.id))).toMatchObject({
      status: 'owned',
      ownerId: 'alice',
    });
    // The transcript is the message: the recording itself is never fetched.
    expect(fake.downloads).toEqual([]);
    expect(fake.calls.some((c) => c.path === '/v1.0/robot/messageFiles/download')).toBe(false);
  });

  it('takes a voice message that is not a command as the daily report’s summary, and a picture as its photo', async () => {
    const said = '今天拜访了两家客户，客户对报价比较满意';
    expect(
      (await callback(robot('audio', { recognition: said, downloadCode: 'dc-v', duration: 5 }))).status,
    ).toBe(200);
    const alice = await env.deps.store.transaction((tx) => tx.org.person('alice'));
    expect((await openReport(env.deps, alice!)).report.summary).toBe(said);
    expect(fake.downloads).toEqual([]);
    expect(sent()).toContain(said);

    fake.hostFile('dc-day', PNG_1X1, 'image/png');
    expect(
      (await callback(robot('picture', { downloadCode: 'dc-day', pictureDownloadCode: 'x' }))).status,
    ).toBe(200);
    expect((await openReport(env.deps, alice!)).photoSent).toBe(true);
  });

  it('offers a voice message’s objections, promised dates and new decision makers as ticks (issue 24 item 6)', async () => {
    const r = await submitLead(env.deps, { fields: leadFields({ company: '华东医院' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await callback({ ...robot('text', {}), text: { content: `领取 ${r.lead.id}` } });
    // DingTalk's own transcript in `recognition` (single chats), as its robot callback sends an audio message.
    const said = '客户觉得价格太高。新上任的装备处主任也要参与评审。';
    expect(
      (await callback(robot('audio', { recognition: said, downloadCode: 'dc-t', duration: 6 }))).status,
    ).toBe(200);
    expect(sent()).toContain(t('zh-CN', 'spoken.title'));
    // Offered, not kept: nothing is on the lead until the rep confirms.
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
    expect(events.filter((e) => e.type === 'lead.spoken')).toEqual([]);
    expect(fake.downloads).toEqual([]);
  });

  it('downloads nothing for someone not in the org file and tells them they are not linked', async () => {
    fake.hostFile('dc-stranger', PNG_1X1, 'image/png');
    expect(
      (await callback(robot('picture', { downloadCode: 'dc-stranger' }, { staffId: '9999' }))).status,
    ).toBe(200);
    expect(fake.downloads).toEqual([]);
    expect(fake.messages).toMatchObject([{ to: '9999', msgParam: { title: t('zh-CN', 'unlinked.title') } }]);
  });

  it('answers "nothing was changed" when the file cannot be fetched, and stores nothing', async () => {
    const id = await deal();
    const message = robot('file', { downloadCode: 'dc-missing', fileName: 'quote.pdf' });
    expect((await callback(message)).status).toBe(200);
    expect(await evidenceOf(id)).toEqual([]);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]?.msgParam.title).toBe(t('zh-CN', 'error.title'));
  });

  it('refuses a badly signed picture message with 401: nothing is downloaded, stored or sent', async () => {
    const id = await deal();
    fake.hostFile('dc-forged', PNG_1X1, 'image/png');
    const forged = robot('richText', {
      richText: [{ text: `证据 D${id}` }, { type: 'picture', downloadCode: 'dc-forged' }],
    });
    expect((await callback(forged, signDingtalkCallback('wrong', env.clock()))).status).toBe(401);
    expect(await evidenceOf(id)).toEqual([]);
    expect(fake.calls).toEqual([]);
    expect(fake.downloads).toEqual([]);
  });
});
