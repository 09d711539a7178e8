// Deals through the playground's HTTP API (F10–F16): the same engine every messenger uses.
import { DateTime } from 'luxon';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { sweepDeals } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { t } from '../src/modules/i18n.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { HOUR, leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface CardJson {
  image?: { src: string; alt: string; reading?: string };
  title: string;
  level: string;
  body?: string;
  actions?: Array<{ id: string; label: string; value: string }>;
  form?: { id: string; context?: string; fields: Array<{ name: string }> };
}

let env: TestEnv;
let server: Server;
let base: string;
let chat: ChatDeps;

beforeEach(async () => {
  env = testEnv();
  await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en' })], {
    teams: [
      { id: 'east-1', name: 'East 1', managerId: 'boss', channels: {} },
      { id: 'presales', name: 'Presales', managerId: 'pm', channels: {} },
    ],
    people: [
      person('boss', { role: 'manager', name: 'Wang', locale: 'en' }),
      person('alice', { name: 'Alice', locale: 'en' }),
      person('pat', { name: 'Pat', role: 'presales', teamId: 'presales', locale: 'en' }),
      person('pm', { name: 'Qian', role: 'manager', teamId: 'presales', locale: 'en' }),
      person('dir', { name: 'Sun', role: 'director', teamId: null, locale: 'en' }),
    ],
  });
  chat = { engine: env.deps, defaultLocale: 'en' };
  const app = createApp({ deps: env.deps, locale: 'en', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<CardJson[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: CardJson[] }).replies;
}

const say = (text: string) => post('say', { as: 'alice', text });
const upload = (text: string, fileName: string, bytes: Uint8Array) =>
  post('upload', { as: 'alice', text, fileName, data: Buffer.from(bytes).toString('base64') });
const all = (replies: CardJson[]) => replies.map((r) => `${r.title}\n${r.body ?? ''}`).join('\n');

async function inbox(as: string): Promise<CardJson[]> {
  // Each run sends one message per address (in order): run until all are out.
  for (let i = 0; i < 20; i++) {
    const r = await deliverOutbox({ ...chat, deliverers: [playgroundDeliverer] }, { now: env.clock() });
    if (r.sent === 0 && r.dispatched === 0) break;
  }
  const res = await fetch(`${base}/playground/api/inbox?as=${as}`);
  return ((await res.json()) as { messages: Array<{ card: CardJson }> }).messages.map((m) => m.card);
}

async function claimedDeal(): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company: 'Mingyuan Tech' }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a lead');
  await say(`claim ${r.lead.id}`);
  const created = await say(`deal new ${r.lead.id} 30万`);
  expect(created[0]?.title).toContain('Deal D');
  return Number(/Deal D(\d+)/.exec(created[0]?.title ?? '')?.[1]);
}

describe('deals in the playground', () => {
  it('advance refused → evidence added (note, then a photo upload) → advance accepted', async () => {
    const id = await claimedDeal();
    const card = (await say(`deal D${id}`))[0] as CardJson;
    expect(card.body).toContain('⬜ List of customer pain points (0/1)');
    expect(card.actions?.map((a) => a.id)).toEqual(['deal.advance', 'deal.evidence', 'deal.done']);

    // The Advance button: refused, with what is missing; the card now says 过程存疑.
    const refused = await post('click', { as: 'alice', actionId: 'deal.advance', value: String(id) });
    expect(all(refused)).toContain(t('en', 'advance.missing.title', { id, stage: 'Needs diagnosis' }));
    expect(all(refused)).toContain('⬜ Site photo (0/1)');
    expect(refused[0]?.body).toContain('过程存疑');

    // A note through the evidence form, a photo as an upload with its caption.
    const form = (
      await post('click', { as: 'alice', actionId: 'deal.evidence', value: String(id) })
    )[0] as CardJson;
    expect(form.form?.id).toBe('deal.evidence');
    const added = await post('submit', {
      as: 'alice',
      formId: 'deal.evidence',
      context: form.form?.context,
      values: { requirement: 'painPoints', text: 'Footfall counted by hand; stock never matches' },
    });
    expect(all(added)).toContain('Added to D');
    const photo = await upload(`evidence D${id}`, 'site.png', PNG_1X1);
    expect(all(photo)).toContain(t('en', 'evidence.doubtCleared'));

    const ok = await say(`advance D${id}`);
    expect(all(ok)).toContain(t('en', 'advance.done', { id, stage: 'Solution comparison' }));
  });

  it('refuses a PDF with too few pages, and a "photo" that is not an image, saying why', async () => {
    const id = await claimedDeal();
    const notPhoto = await upload(`evidence D${id} sitePhoto`, 'site.jpg', await pdfWithPages(1));
    expect(all(notPhoto)).toContain(t('en', 'evidence.problem.NOT_AN_IMAGE', { found: 'a PDF' }));

    await say(`evidence D${id} note pains`);
    await upload(`evidence D${id}`, 'site.png', PNG_1X1);
    const skipped = await say(`advance D${id} negotiate repeat customer, framework renewal`);
    expect(all(skipped)).toContain('skipping');
    const short = await upload(
      `evidence D${id}`,
      'Mingyuan_contract_2026-11-23_v1.pdf',
      await pdfWithPages(1),
    );
    expect(all(short)).toContain(t('en', 'evidence.problem.TOO_FEW_PAGES', { pages: 1, minPages: 2 }));
    // The manager was told about the skip.
    expect((await inbox('boss')).map((c) => c.title)).toContain(
      t('en', 'notice.deal.skipped.title', { id, customer: 'Mingyuan Tech', owner: 'Alice' }),
    );
  });

  it('a risk phrase in a follow-up reaches the manager; a stall alert brings the analysis form; unfiled it escalates', async () => {
    const id = await claimedDeal();
    const leadId = (await env.deps.store.transaction((tx) => tx.deals.get(id)))!.leadId;
    await say(`touch ${leadId} call their legal review starts next week`);
    const boss = await inbox('boss');
    expect(boss.map((c) => c.title)).toContain(
      t('en', 'notice.deal.riskManager.title', {
        id,
        customer: 'Mingyuan Tech',
        owner: 'Alice',
        phrase: 'legal review',
      }),
    );

    const risk = (await inbox('alice')).find((c) => c.title.includes('legal review'));
    expect(risk?.body).toContain('Send the standard contract and clause notes early');

    const due = (await env.deps.store.transaction((tx) => tx.deals.get(id)))!.stageDueAt;
    env.clock.set(due);
    expect(await sweepDeals(env.deps)).toMatchObject({ stalled: 1 });
    const alert = (await inbox('alice')).find((c) => c.actions?.some((a) => a.id === 'deal.stall'));
    expect(alert?.body).toContain('确认预算、决策人、使用场景三项信息');
    env.clock.set(due + 24 * HOUR);
    expect(await sweepDeals(env.deps)).toMatchObject({ escalated: 1 });
    expect((await inbox('boss')).map((c) => c.title)).toContain(
      t('en', 'notice.deal.stallEscalated.title', { id, customer: 'Mingyuan Tech', owner: 'Alice' }),
    );

    const stallButton = alert?.actions?.find((a) => a.id === 'deal.stall');
    const form = (
      await post('click', { as: 'alice', actionId: 'deal.stall', value: stallButton?.value })
    )[0] as CardJson;
    expect(form.form?.fields.map((f) => f.name)).toEqual(['news', 'pending', 'way']);
    const filed = await post('submit', {
      as: 'alice',
      formId: 'deal.stall',
      context: form.form?.context,
      values: { news: 'test environment not ready', pending: 'parameter table', way: 'tech Q&A on Tuesday' },
    });
    expect(all(filed)).toContain(t('en', 'stall.filed', { id }));
  });

  it('a cross-team request: the colleague gets an Answer button; unanswered at 48 h it escalates, the rep gets a holding message', async () => {
    const id = await claimedDeal();
    const asked = await say(`ask @Pat D${id} can we connect to their ERP?`);
    expect(all(asked)).toContain('Request R');
    const taskId = Number(/Request R(\d+)/.exec(all(asked))?.[1]);

    const request = (await inbox('pat')).find((c) => c.actions?.some((a) => a.id === 'deal.answer'));
    expect(request?.body).toContain('can we connect to their ERP?');

    env.clock.set(env.clock() + 48 * HOUR);
    expect(await sweepDeals(env.deps)).toMatchObject({ escalated: 1 });
    const supervisor = await inbox('pm');
    const title = t('en', 'notice.deal.requestEscalated.title', {
      id,
      customer: 'Mingyuan Tech',
      task: taskId,
      name: 'Pat',
    });
    expect(supervisor.map((c) => c.title)).toContain(title);
    expect((await inbox('dir')).map((c) => c.title)).toContain(title);
    const aliceCards = await inbox('alice');
    const holding = aliceCards.find((c) => c.title.includes(`R${taskId}`) && c.title.includes('late'));
    expect(holding?.body).toContain('our Presales colleagues are checking this for you');

    // Pat answers with the button's form; Alice hears.
    const button = request?.actions?.find((a) => a.id === 'deal.answer');
    const form = (
      await post('click', { as: 'pat', actionId: 'deal.answer', value: button?.value })
    )[0] as CardJson;
    const sent = await post('submit', {
      as: 'pat',
      formId: 'deal.answer',
      context: form.form?.context,
      values: { text: 'Yes, standard interface' },
    });
    expect(all(sent)).toContain(t('en', 'answer.sent', { id: taskId, deal: id }));
    const answered = (await inbox('alice')).find((c) => c.title.includes('answered your request'));
    expect(answered?.body).toContain('Yes, standard interface');
  });

  it('a manager asks for the funnel: the chart with its reading (the bottleneck and why), the dwell heat map, and the CSV', async () => {
    const id = await claimedDeal();
    // The deal sits in 需求诊断 past its 7 working days, and a stall analysis says why.
    const due = (await env.deps.store.transaction((tx) => tx.deals.get(id)))!.stageDueAt;
    env.clock.set(due);
    await sweepDeals(env.deps);
    const taskId = Number(
      (await inbox('alice'))
        .find((c) => c.actions?.some((a) => a.id === 'deal.stall'))
        ?.actions?.find((a) => a.id === 'deal.stall')?.value,
    );
    await post('submit', {
      as: 'alice',
      formId: 'deal.stall',
      context: String(taskId),
      values: { news: 'test environment not ready', pending: '', way: '' },
    });
    env.clock.set(due + 3 * 24 * HOUR);

    expect((await post('say', { as: 'alice', text: 'funnel' }))[0]?.title).toBe(
      t('en', 'charts.managersOnly'),
    );
    const month = DateTime.fromMillis(due - 7 * 24 * HOUR, { zone: 'Asia/Shanghai' }).toFormat('yyyy-MM');
    const replies = await post('say', { as: 'boss', text: `funnel ${month}` });
    const chart = replies[0] as CardJson;
    expect(chart.image?.src).toMatch(/^data:image\/png;base64,/);
    expect(chart.image?.reading).toContain('Needs diagnosis is the bottleneck');
    expect(chart.image?.reading).toContain('“test environment not ready”');
    // The heat map names its pipeline.
    expect(replies[1]?.title).toMatch(/^Days in stage \(median\) · \S/);
    const csvButton = chart.actions?.find((a) => a.id === 'chart.csv');
    const csv = (
      await post('click', { as: 'boss', actionId: 'chart.csv', value: csvButton?.value })
    )[0] as CardJson & {
      file?: { name: string; href: string };
    };
    expect(csv.file?.name).toMatch(/^funnel-b2b-\d{4}-\d{2}\.csv$/);
    const text = Buffer.from(csv.file?.href.split(',')[1] ?? '', 'base64').toString('utf8');
    expect(text.split('\r\n')[1]).toMatch(/^diagnose,需求诊断,1,0,/);
  });
});
