// The conversation layer behind the mobile form pages and behind evidence sent as its own message, on both
// databases: a link is used up only by a submission that did something, answers are queued for the link's
// messenger only, and `evidence D12` with nothing attached files the person's next uncaptioned file on D12, once.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import { openFormPage, submitFormPage, type FormRequest } from '../src/conversation/form-page.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { CARD_NOTICE, cardNoticeData } from '../src/kernel/card-json.ts';
import { t } from '../src/modules/i18n.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { DATABASES, leadFields, MINUTE, person, seedOrg, useTestEnv } from './helpers.ts';
import { notice } from '../src/modules/notice-data.ts';

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { wecom: 'Alice' } });
const LEAD = { company: 'Acme Medical', contact: 'Wang', source: 'chat', campaign: 'EXPO' };

describe.each(DATABASES)('form pages and announced evidence on %s', (kind) => {
  const current = useTestEnv(kind);
  const chat = (): ChatDeps => ({ engine: current().deps, defaultLocale: 'zh-CN' });
  const request = (linkId: string): FormRequest => ({
    personId: 'alice',
    formId: 'lead.new',
    platform: 'wecom',
    linkId,
  });
  const outbox = () => current().deps.store.transaction((tx) => tx.outbox.list({ limit: 100 }));

  async function deal(): Promise<number> {
    const env = current();
    const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id });
    const d = await createDeal(env.deps, { personId: 'alice', leadId: r.lead.id, amount: 300_000 });
    if (d.kind !== 'created') throw new Error('expected a deal');
    return d.deal.id;
  }

  it('uses a link up only when the submission did something, and queues the answer for its messenger', async () => {
    await seedOrg(current(), [alice]);
    expect(await openFormPage(chat(), request('L1'))).toMatchObject({ kind: 'form', locale: 'en' });

    const invalid = await submitFormPage(chat(), request('L1'), { ...LEAD, company: '' });
    expect(invalid).toMatchObject({ kind: 'invalid', problems: ['Company is required'] });
    // The lead schema's own refusal (a bad email) also leaves the link usable.
    const refused = await submitFormPage(chat(), request('L1'), { ...LEAD, email: 'not-an-email' });
    expect(refused.kind).toBe('invalid');
    expect(await outbox()).toEqual([]);

    const done = await submitFormPage(chat(), request('L1'), LEAD);
    expect(done).toMatchObject({
      kind: 'done',
      replies: [{ card: { title: expect.stringContaining('#1') } }],
    });
    const queued = (await outbox()).filter((n) => n.template === CARD_NOTICE);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ to: { kind: 'person', id: 'alice' }, data: { platform: 'wecom' } });

    expect(await submitFormPage(chat(), request('L1'), LEAD)).toMatchObject({
      kind: 'refused',
      reason: 'USED',
    });
    expect(await openFormPage(chat(), request('L1'))).toMatchObject({ kind: 'refused', reason: 'USED' });
    expect(await current().deps.store.transaction((tx) => tx.leads.get(1))).toMatchObject({
      company: 'Acme Medical',
    });
    expect(await current().deps.store.transaction((tx) => tx.leads.get(2))).toBeNull();
  });

  it('refuses a form it does not know and a person who left', async () => {
    await seedOrg(current(), [alice, person('gone', { active: false })]);
    expect(
      await openFormPage(chat(), { ...request('L2'), formId: 'deal.evidence', context: '999' }),
    ).toMatchObject({
      kind: 'refused',
      reason: 'UNKNOWN_FORM',
    });
    expect(await openFormPage(chat(), { ...request('L3'), personId: 'gone' })).toMatchObject({
      kind: 'refused',
      reason: 'UNLINKED',
    });
  });

  it('delivers a card notice meant for one messenger only there', async () => {
    await seedOrg(current(), [alice]);
    const env = current();
    await env.deps.store.transaction(async (tx) => {
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'alice' },
          template: CARD_NOTICE,
          data: cardNoticeData({ title: 'A', level: 'info' }, 'wecom'),
        }),
        env.clock(),
      );
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'alice' },
          template: CARD_NOTICE,
          data: cardNoticeData({ title: 'B', level: 'info' }),
        }),
        env.clock(),
      );
    });
    await deliverOutbox({ ...chat(), deliverers: [playgroundDeliverer] }, { now: env.clock() });
    const deliveries = await env.deps.store.transaction((tx) => tx.deliveries.list({ limit: 10 }));
    expect(deliveries.map((d) => d.noticeId)).toEqual([2]);
  });

  it('files the next uncaptioned file on the deal announced with `evidence D1`, once, within 10 minutes', async () => {
    await seedOrg(current(), [alice]);
    const id = await deal();
    const file = { kind: 'file' as const, text: '', file: { name: 'site.png', bytes: PNG_1X1 } };
    const [asked] = await handleInbound(chat(), alice, {
      kind: 'command',
      text: `evidence D${id} sitePhoto`,
    });
    expect(asked?.card.title).toBe(t('en', 'evidence.sendNow', { id, req: ' (Site photo)', minutes: 10 }));

    const [filed] = await handleInbound(chat(), alice, file);
    expect(filed?.card.title).toContain(t('en', 'evidence.added', { id, label: 'Site photo' }));
    const [again] = await handleInbound(chat(), alice, file);
    expect(again?.card.title).toBe(t('en', 'file.hint'));

    // Two files at once (a multi-select in the phone's gallery): one is filed, the other gets the hint. (Another
    // photo: the same file never counts twice on a deal, issue 25.)
    await handleInbound(chat(), alice, { kind: 'command', text: `evidence D${id}` });
    const other = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const file2 = { kind: 'file' as const, text: '', file: { name: 'site2.png', bytes: other } };
    const both = await Promise.all([
      handleInbound(chat(), alice, file2),
      handleInbound(chat(), alice, file2),
    ]);
    expect(both.map((r) => r[0]?.card.title === t('en', 'file.hint')).sort()).toEqual([false, true]);
    expect(await current().deps.store.transaction((tx) => tx.deals.evidence(id))).toHaveLength(2);

    await handleInbound(chat(), alice, { kind: 'command', text: `evidence D${id}` });
    current().clock.advance(10 * MINUTE + 1);
    const [late] = await handleInbound(chat(), alice, file);
    expect(late?.card.title).toBe(t('en', 'file.hint'));
    expect(await current().deps.store.transaction((tx) => tx.deals.evidence(id))).toHaveLength(2);
  });

  it('keeps `evidence D1 note …` and a note item without text on the typed path, not waiting for a file', async () => {
    await seedOrg(current(), [alice]);
    const id = await deal();
    const [typed] = await handleInbound(chat(), alice, {
      kind: 'command',
      text: `evidence D${id} painPoints`,
    });
    expect(typed?.card.title).not.toContain(
      t('en', 'evidence.sendNow', { id, req: '', minutes: 10 }).slice(0, 12),
    );
    const [noted] = await handleInbound(chat(), alice, {
      kind: 'command',
      text: `evidence D${id} note old kit`,
    });
    expect(noted?.card.title).toContain(`D${id}`);
    const [file] = await handleInbound(chat(), alice, {
      kind: 'file',
      text: '',
      file: { name: 'a.png', bytes: PNG_1X1 },
    });
    expect(file?.card.title).toBe(t('en', 'file.hint'));
  });
});
