// Deals through Slack over real HTTP (F10–F16): `/deal` commands, the Advance button, and evidence files sent to
// the bot's DM, downloaded from the (fake) file host with the bot token and checked at once.
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackAdapter } from '../adapters/slack/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { openReport } from '../src/modules/reports/use-cases/report-draft.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { notice } from '../src/modules/notice-data.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { eventually, type SlackSender } from './fixtures/slack-sender.ts';
import { startSlackApp } from './fixtures/slack-app.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

let env: TestEnv;
let fake: FakeSlack;
let server: Server;
let slack: SlackSender;
let adapter: ReturnType<typeof slackAdapter>;

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });

const responseText = (id: string) =>
  fake.responses
    .filter((r) => r.id === id)
    .map((r) => JSON.stringify(r.body))
    .join('\n');
const answered = (id: string, needle: string) =>
  eventually(() => responseText(id).includes(needle) || undefined);
const dmText = () =>
  fake
    .ok('chat.postMessage')
    .filter((b) => b.channel === 'UALICE')
    .map((b) => JSON.stringify(b))
    .join('\n');

async function deal(company = 'Mingyuan Tech'): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id });
  const d = await createDeal(env.deps, { personId: 'alice', leadId: r.lead.id, amount: 300_000 });
  if (d.kind !== 'created') throw new Error('expected a deal');
  return d.deal.id;
}

let fileSeq = 0;
/** Alice sends a file to the bot's DM with a caption, as Slack delivers it (message.im, subtype file_share). */
function sendFile(caption: string, name: string, bytes: Uint8Array, mimetype: string, user = 'UALICE') {
  const id = `F${++fileSeq}`;
  const url = fake.hostFile(id, bytes);
  return slack.event({
    type: 'message',
    subtype: 'file_share',
    channel: `D${user}`,
    channel_type: 'im',
    user,
    text: caption,
    ts: `1700000100.00000${fileSeq}`,
    files: [{ id, name, mimetype, size: bytes.byteLength, url_private_download: url, url_private: url }],
  });
}

describe.each(DATABASES)('Slack deals on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    ({ fake, server, slack, adapter } = await startSlackApp(env));
    await seedOrg(env, [alice], {
      teams: [
        { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
        { id: 'presales', name: 'Presales', managerId: 'pm', channels: {} },
      ],
      people: [
        person('boss', { name: 'Wang', role: 'manager', locale: 'en', identities: { slack: 'UBOSS' } }),
        alice,
        person('pat', {
          name: 'Pat',
          role: 'presales',
          teamId: 'presales',
          locale: 'en',
          identities: { slack: 'UPAT' },
        }),
        person('pm', {
          name: 'Qian',
          role: 'manager',
          teamId: 'presales',
          locale: 'en',
          identities: { slack: 'UPM' },
        }),
        person('dir', {
          name: 'Sun',
          role: 'director',
          teamId: null,
          locale: 'en',
          identities: { slack: 'UDIR' },
        }),
      ],
    });
  });

  /** Delivers every pending notice through the Slack deliverer to the fake. */
  async function deliverAll() {
    const worker = { engine: env.deps, defaultLocale: 'en' as const, deliverers: [adapter.deliverer] };
    for (let i = 0; i < 30; i++) {
      const r = await deliverOutbox(worker, { now: env.clock() });
      if (r.sent === 0 && r.dispatched === 0) break;
      env.clock.set(env.clock() + 2000);
    }
  }
  const postedTo = (user: string) =>
    fake
      .ok('chat.postMessage')
      .filter((b) => b.channel === user || b.channel === `D${user}`)
      .map((b) => JSON.stringify(b))
      .join('\n');

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await fake.close();
  });

  it('answers `deal` with two deals, one Open button each, and a click on the second opens that deal', async () => {
    const first = await deal();
    const second = await deal('Lawson Pudong');
    await slack.command('UALICE', '/deal', '', 'l1');
    // Slack refuses (invalid_blocks) an actions block whose buttons repeat an action_id: the strict fake too.
    await answered('l1', `D${second}`);
    expect(fake.refused).toEqual([]);
    const reply = fake.responses.find((r) => r.id === 'l1')!.body as {
      blocks: Array<Record<string, unknown>>;
    };
    const buttons = reply.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Array<{ action_id: string; value: string }>);
    expect(buttons.map((b) => b.value)).toEqual([String(first), String(second)]);
    await slack.click('UALICE', {
      actionId: buttons[1]!.action_id,
      value: buttons[1]!.value,
      responseId: 'l2',
    });
    await answered('l2', t('en', 'deal.title', { id: second, customer: 'Lawson Pudong' }));
  });

  it('posts the manager’s daily-report digest with two flagged reps, a Read and a Comment for each', async () => {
    const flagged = (reportId: number, repId: string) => ({
      reportId,
      repId,
      score: 40,
      confirmed: false,
      flags: [],
    });
    await env.deps.store.transaction((tx) =>
      tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'boss' },
          template: 'report.digest',
          data: {
            date: '2026-11-23',
            teamId: 'east-1',
            teamName: 'East 1',
            onTime: ['alice', 'pat'],
            late: [],
            missing: [],
            averageScore: 40,
            flagged: [flagged(1, 'alice'), flagged(2, 'pat')],
          },
        }),
        env.clock(),
      ),
    );
    await deliverAll();
    expect(fake.refused).toEqual([]);
    const digest = fake.ok('chat.postMessage').find((b) => JSON.stringify(b).includes('East 1'));
    expect(digest).toBeDefined();
    const ids = (digest!.blocks as Array<Record<string, unknown>>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as Array<{ action_id: string }>).map((e) => e.action_id));
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('advance refused → evidence (a note by command, a photo sent as a file) → advance accepted by the button', async () => {
    const id = await deal();
    await slack.command('UALICE', '/deal', `advance D${id}`, 'a1');
    await answered('a1', t('en', 'advance.missing.title', { id, stage: 'Needs diagnosis' }));
    expect(responseText('a1')).toContain('Site photo (0/1)');

    await slack.command('UALICE', '/deal', `evidence D${id} note footfall counted by hand`, 'a2');
    await answered('a2', 'Added to D');

    await sendFile(`evidence D${id}`, 'site.png', PNG_1X1, 'image/png');
    await eventually(() => dmText().includes(t('en', 'evidence.doubtCleared')) || undefined);
    // The file was fetched with the bot token, from the file host only.
    expect(fake.downloads).toEqual([{ id: `F${fileSeq}`, authorization: 'Bearer xoxb-test' }]);

    await slack.click('UALICE', { actionId: 'deal.advance', value: String(id), responseId: 'a3' });
    await answered('a3', t('en', 'advance.done', { id, stage: 'Solution comparison' }));
  });

  it('a file for someone else’s deal, or no deal, is refused before it is downloaded', async () => {
    const id = await deal();
    await sendFile(`evidence D${id}`, 'site.png', PNG_1X1, 'image/png', 'UBOSS');
    await eventually(() => postedTo('UBOSS').includes(t('en', 'deal.refuse.NOT_YOURS', { id })) || undefined);
    await sendFile('evidence D999', 'site.png', PNG_1X1, 'image/png');
    await eventually(() => dmText().includes(t('en', 'deal.refuse.NOT_FOUND', { id: 999 })) || undefined);
    expect(fake.downloads).toEqual([]);
    expect(await env.deps.store.transaction((tx) => tx.deals.evidence(id))).toEqual([]);
  });

  it('refuses a PDF with too few pages, with the reason, and acts once when Slack redelivers the event', async () => {
    const id = await deal();
    await slack.command('UALICE', '/deal', `evidence D${id} note pains`, 'b1');
    await answered('b1', 'Added to D');
    await sendFile(`evidence D${id}`, 'site.png', PNG_1X1, 'image/png');
    await eventually(() => dmText().includes('Added to D') || undefined);
    await slack.command('UALICE', '/deal', `advance D${id} negotiate framework renewal`, 'b2');
    await answered('b2', 'skipping');

    const pdf = await pdfWithPages(1);
    await sendFile(`evidence D${id}`, 'Mingyuan_contract_2026-11-23_v1.pdf', pdf, 'application/pdf');
    const refusal = t('en', 'evidence.problem.TOO_FEW_PAGES', { pages: 1, minPages: 2 });
    await eventually(() => dmText().includes(refusal) || undefined);
    // The same event again (Slack's retry): no second download, no second answer.
    const downloads = fake.downloads.length;
    const url = fake.hostFile(`F${fileSeq}`, pdf);
    await slack.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DUALICE',
        channel_type: 'im',
        user: 'UALICE',
        text: `evidence D${id}`,
        ts: `1700000100.00000${fileSeq}`,
        files: [
          {
            id: `F${fileSeq}`,
            name: 'x.pdf',
            mimetype: 'application/pdf',
            size: pdf.byteLength,
            url_private_download: url,
          },
        ],
      },
      { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.downloads.length).toBe(downloads);
    expect(dmText().split(refusal).length - 1).toBe(1);
  });

  /** Alice shares files in the bot's DM (one message, one ts), as Slack delivers it. */
  const shareFiles = (text: string, ts: string, files: Array<Record<string, unknown>>) =>
    slack.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'DUALICE',
      channel_type: 'im',
      user: 'UALICE',
      text,
      ts,
      files,
    });

  it('answers plainly for a file over 20 MB, one without a URL and a Slack Connect file closed to apps', async () => {
    const id = await deal();
    await shareFiles(`evidence D${id}`, '1700000300.000001', [
      {
        id: 'FBIG',
        name: 'huge.pdf',
        mimetype: 'application/pdf',
        size: 25 * 1024 * 1024,
        url_private_download: fake.hostFile('FBIG', PNG_1X1),
      },
      { id: 'FNOURL', name: 'nourl.png', mimetype: 'image/png', size: 10 },
      {
        id: 'FCONNECT',
        mode: 'file_access',
        file_access: 'check_file_info',
        created: 0,
        timestamp: 0,
        user: '',
      },
    ]);
    await eventually(
      () => dmText().includes(t('en', 'file.tooBig', { name: 'huge.pdf', mb: 20 })) || undefined,
    );
    await eventually(() => dmText().includes(t('en', 'file.unreadable', { name: 'nourl.png' })) || undefined);
    await eventually(() => dmText().includes(t('en', 'file.unreadable', { name: 'file' })) || undefined);
    expect(fake.downloads).toEqual([]);
  });

  it('looks a Slack Connect file up with files.info and reads it', async () => {
    const id = await deal();
    const url = fake.hostFile('FSHARED', PNG_1X1);
    fake.fileInfos.set('FSHARED', {
      id: 'FSHARED',
      name: 'site.png',
      mimetype: 'image/png',
      size: PNG_1X1.byteLength,
      url_private_download: url,
    });
    await shareFiles(`evidence D${id}`, '1700000300.000002', [
      { id: 'FSHARED', mode: 'file_access', file_access: 'check_file_info' },
    ]);
    await eventually(() => dmText().includes('Added to D') || undefined);
    expect(fake.downloads).toEqual([{ id: 'FSHARED', authorization: 'Bearer xoxb-test' }]);
  });

  it('says so when a download fails, and reads the file when the same event comes again', async () => {
    const id = await deal();
    // Not hosted yet: the file host answers 404.
    const url = fake.apiUrl.replace(/\/api\/$/, '/files/FLATE');
    const file = {
      id: 'FLATE',
      name: 'site.png',
      mimetype: 'image/png',
      size: PNG_1X1.byteLength,
      url_private_download: url,
    };
    await shareFiles(`evidence D${id}`, '1700000300.000003', [file]);
    await eventually(
      () => dmText().includes(t('en', 'file.downloadFailed', { name: 'site.png' })) || undefined,
    );
    fake.hostFile('FLATE', PNG_1X1);
    await slack.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'DUALICE',
        channel_type: 'im',
        user: 'UALICE',
        text: `evidence D${id}`,
        ts: '1700000300.000003',
        files: [file],
      },
      { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' },
    );
    await eventually(() => dmText().includes('Added to D') || undefined);
  });

  it('never sends the bot token to a host that is not Slack’s', async () => {
    const id = await deal();
    const other = await startFakeSlack();
    try {
      const url = other.hostFile('FX', PNG_1X1);
      await slack.event({
        type: 'message',
        subtype: 'file_share',
        channel: 'DUALICE',
        channel_type: 'im',
        user: 'UALICE',
        text: `evidence D${id}`,
        ts: '1700000200.000001',
        files: [{ id: 'FX', name: 'a.png', mimetype: 'image/png', size: 10, url_private_download: url }],
      });
      await sendFile(`evidence D${id} sitePhoto`, 'site.png', PNG_1X1, 'image/png');
      await eventually(() => dmText().includes('Added to D') || undefined);
      expect(other.downloads).toEqual([]);
      expect(fake.downloads).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('a cross-team request asked with /deal escalates at 48 h: the supervisor and the director hear, the rep gets a holding message', async () => {
    const id = await deal();
    await slack.command('UALICE', '/deal', `ask <@UPAT> D${id} can we connect to their ERP?`, 'r1');
    await answered('r1', 'Request R');
    await deliverAll();
    expect(postedTo('UPAT')).toContain('can we connect to their ERP?');
    const asked = env.clock();
    env.clock.set(asked + 48 * 3_600_000);
    expect(await sweepDeals(env.deps)).toMatchObject({ escalated: 1 });
    await deliverAll();
    expect(postedTo('UPM')).toContain('has not answered R');
    expect(postedTo('UDIR')).toContain('has not answered R');
    expect(postedTo('UALICE')).toContain('checking this for you');
  });

  it('a risk phrase in a /lead touch note reaches the manager; a stall alert and its escalation reach rep and manager', async () => {
    const id = await deal();
    const leadId = (await env.deps.store.transaction((tx) => tx.deals.get(id)))!.leadId;
    await slack.command(
      'UALICE',
      '/lead',
      `touch ${leadId} call their budget freeze lasts until March`,
      's1',
    );
    await answered('s1', 'ollow-up logged');
    await deliverAll();
    expect(postedTo('UBOSS')).toContain('budget freeze');
    expect(postedTo('UALICE')).toContain('how long the freeze lasts');

    const due = (await env.deps.store.transaction((tx) => tx.deals.get(id)))!.stageDueAt;
    env.clock.set(due);
    expect(await sweepDeals(env.deps)).toMatchObject({ stalled: 1 });
    await deliverAll();
    expect(postedTo('UALICE')).toContain('File stall analysis');
    expect(postedTo('UBOSS')).toContain('is stalled in');
    env.clock.set(due + 24 * 3_600_000);
    expect(await sweepDeals(env.deps)).toMatchObject({ escalated: 1 });
    await deliverAll();
    expect(postedTo('UBOSS')).toContain('has not filed the stall analysis');
  });

  it('shows the rep’s open deals on the App Home, with what each still needs', async () => {
    const id = await deal();
    await slack.event({
      type: 'app_home_opened',
      user: 'UALICE',
      channel: 'DUALICE',
      tab: 'home',
      event_ts: '2.1',
    });
    const home = JSON.stringify(await eventually(() => fake.ok('views.publish')[0]));
    expect(home).toContain(t('en', 'deal.title', { id, customer: 'Mingyuan Tech' }));
    expect(home).toContain('List of customer pain points (0/1)');
  });

  it('reads an audio clip by Slack’s transcript: the day’s report summary, never downloaded', async () => {
    const said = 'Visited two stores today, both asked for the new price list';
    await slack.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'DUALICE',
      channel_type: 'im',
      user: 'UALICE',
      text: '',
      ts: '1700000200.000001',
      files: [
        {
          id: 'FAUDIO',
          name: 'audio_message.m4a',
          mimetype: 'audio/mp4',
          subtype: 'slack_audio',
          size: 12_000,
          url_private_download: fake.hostFile('FAUDIO', new Uint8Array(12)),
          transcription: { status: 'complete', preview: { content: said } },
        },
      ],
    });
    await eventually(() => dmText().includes(said) || undefined);
    const alice = await env.deps.store.transaction((tx) => tx.org.person('alice'));
    expect((await openReport(env.deps, alice!)).report.summary).toBe(said);
    expect(fake.downloads).toEqual([]);
  });
});
