// Evidence that cannot be faked (issue 25, items 7–11), through the chat layer (handleInbound) and the use cases,
// on SQLite and PostgreSQL: items named loosely, never a note under another item, risk phrases only in what
// people wrote.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { handleInbound, type ChatDeps } from '../src/conversation/conversation.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import { dealView } from '../src/modules/deals/use-cases/deal-view.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import type { Reply } from '../src/kernel/card.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import { t } from '../src/modules/i18n.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv } from './helpers.ts';

const alice = person('alice', { name: '李敏', locale: 'zh-CN' });
const text = (replies: Reply[]) =>
  replies.map((r) => ('card' in r ? `${r.card.title}\n${r.card.body ?? ''}` : '')).join('\n');

describe.each(DATABASES)('evidence that cannot be faked on %s', (kind) => {
  const current = useTestEnv(kind);
  const deps = (): EngineDeps => current().deps;
  const chat = (engine = deps()): ChatDeps => ({ engine, defaultLocale: 'zh-CN' });
  const say = (line: string, engine = deps()) =>
    handleInbound(chat(engine), alice, { kind: 'command', text: line });
  const send = (caption: string, name: string, bytes: Uint8Array, engine = deps()) =>
    handleInbound(chat(engine), alice, { kind: 'file', text: caption, file: { name, bytes } });
  const evidence = async (id: number) => (await dealView(deps(), id))!.evidence;
  const events = async (id: number) => {
    const leadId = (await dealView(deps(), id))!.deal.leadId;
    return deps().store.transaction((tx) => tx.events.forLead(leadId));
  };

  /** A deal of alice's at 方案比对 (competitor tables ×3, our advantages as a note), or at `target`. */
  async function atCompare(engine = deps(), target: string | null = null): Promise<number> {
    const r = await submitLead(engine, {
      fields: leadFields({ company: '杭州明远科技有限公司' }),
      via: 'api',
    });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await claimLead(engine, { personId: 'alice', leadId: r.lead.id });
    const d = await createDeal(engine, { personId: 'alice', leadId: r.lead.id, amount: 300_000 });
    if (d.kind !== 'created') throw new Error('expected a deal');
    const id = d.deal.id;
    await addEvidence(engine, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'note',
      text: '库存对不上',
    });
    await addEvidence(engine, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'photo',
      text: '',
      file: { name: 'site.png', bytes: PNG_1X1 },
    });
    const reason = target === null ? '' : '老客户复购';
    expect(await advanceDeal(engine, { personId: 'alice', dealId: id, target, reason })).toMatchObject({
      kind: 'advanced',
    });
    return id;
  }

  it('item 9: `证据 D1 竞品参数表` finds 竞品参数表（3家） and waits for the file; never a note under another item', async () => {
    await seedOrg(current(), [alice]);
    const id = await atCompare();
    const waiting = await say(`证据 D${id} 竞品参数表`);
    expect(text(waiting)).toContain(t('zh-CN', 'evidence.sendNow.req', { label: '竞品参数表（3家）' }));
    // The file sent next goes to the competitor tables, and nothing went to 我方优势标注.
    const filed = await send('', '竞品A参数.pdf', await pdfWithPages(1));
    expect(text(filed)).toContain(t('zh-CN', 'evidence.added', { id, label: '竞品参数表（3家）' }));
    expect((await evidence(id)).map((e) => [e.requirement, e.kind])).toEqual([
      ['painPoints', 'note'],
      ['sitePhoto', 'photo'],
      ['competitorTables', 'file'],
    ]);

    // A plain note never fills a file item: named, with words and no file, it is refused and says why.
    const noted = await say(`证据 D${id} 竞品参数 已经发给客户了`);
    expect(text(noted)).toContain(t('zh-CN', 'evidence.refused.title', { label: '竞品参数表（3家）' }));
    // A lone word that names no item is asked about, not filed as a note.
    const unknown = await say(`证据 D${id} 竞品表`);
    expect(text(unknown)).toContain('“竞品表”');
    expect((await evidence(id)).filter((e) => e.stage === 'compare')).toHaveLength(1);

    // Two items fitting the word: which one? Both are listed.
    const rules = structuredClone(deps().rules);
    const compare = rules.deals.pipelines.find((p) => p.id === 'b2b')!.stages[1]!;
    compare.evidence.push({
      id: 'competitorQuotes',
      label: '竞品报价单',
      labelEn: 'Competitor quotes',
      kind: 'file',
      count: 1,
    });
    const ambiguous = await say(`证据 D${id} 竞品`, { ...deps(), rules });
    expect(text(ambiguous)).toContain('竞品参数表（3家）、竞品报价单');
    expect(text(ambiguous)).not.toMatch(/competitor/i);
    // English, loosely and in any case.
    const en = person('alice', { name: 'Alice', locale: 'en' });
    const english = await handleInbound(chat(), en, { kind: 'command', text: `evidence D${id} competitor` });
    expect(text(english)).toContain('Competitor parameter tables (3)');
  });

  it('item 11: an item’s own name raises no risk; a customer’s words do, and turn the deal yellow with the reason', async () => {
    await seedOrg(current(), [alice]);
    const id = await atCompare();
    await say(`证据 D${id} 竞品参数表`);
    await send('', '参数.pdf', await pdfWithPages(1));
    // Our own words quoted in a note are not the customer's: the checklist line and the item's name.
    await say(`证据 D${id} 我方优势标注 已补齐竞品参数对比并标注我方优势，竞品参数表（3家）见附件`);
    expect((await events(id)).filter((e) => e.type === 'deal.risk')).toEqual([]);
    expect((await dealView(deps(), id))!.deal.health).toBe('green');

    const leadId = (await dealView(deps(), id))!.deal.leadId;
    await touchLead(deps(), { personId: 'alice', leadId, kind: 'call', note: '客户说已经在用竞品的系统' });
    const risks = (await events(id)).filter((e) => e.type === 'deal.risk');
    expect(risks).toMatchObject([{ signal: 'competitorIn', phrase: '竞品' }]);
    const view = (await dealView(deps(), id))!;
    expect(view.deal.health).toBe('yellow');
    expect(view.healthNote).toMatchObject({
      reason: 'RISK_SIGNAL',
      evidence: expect.stringContaining('竞品'),
    });
    const card = text(await say(`商机 D${id}`));
    expect(card).toContain(
      t('zh-CN', 'deal.healthNote', {
        evidence: t('zh-CN', 'health.reason.RISK_SIGNAL', { evidence: '“竞品” — 客户说已经在用竞品的系统' }),
      }),
    );
  });

  it('item 8: a text file renamed .pdf is not the quote, and the reply says what it is (never "unknown")', async () => {
    await seedOrg(current(), [alice]);
    const id = await atCompare(deps(), 'quote');
    const fake = new TextEncoder().encode('报价：10 万元，含安装。\n');
    const zh = await send(`证据 D${id} 报价单`, '明远科技_报价单_2026-11-23_v1.pdf', fake);
    expect(text(zh)).toContain(
      t('zh-CN', 'evidence.problem.WRONG_TYPE', { extension: 'pdf', found: '一个纯文本文件' }),
    );
    expect(text(zh)).not.toMatch(/unknown/i);
    const en = person('alice', { name: 'Alice', locale: 'en' });
    const english = await handleInbound(chat(), en, {
      kind: 'file',
      text: `evidence D${id} quote`,
      file: { name: '明远科技_报价单_2026-11-23_v1.pdf', bytes: fake },
    });
    expect(text(english)).toContain('the file is named .pdf but it is a plain text file');
    expect((await evidence(id)).filter((e) => e.stage === 'quote')).toEqual([]);
    // The real PDF under the same name is taken.
    const real = await send(`证据 D${id} 报价单`, '明远科技_报价单_2026-11-23_v1.pdf', await pdfWithPages(1));
    expect(text(real)).toContain(
      t('zh-CN', 'evidence.added', { id, label: '报价单（文件名含客户+日期+版本）' }),
    );
  });

  it('item 7: the same file never counts twice on a deal, and a daily-report photo is no deal evidence', async () => {
    await seedOrg(current(), [alice]);
    const id = await atCompare();
    const table = await pdfWithPages(2);
    const first = await send(`证据 D${id} 竞品参数表`, '竞品A.pdf', table);
    expect(text(first)).toContain(t('zh-CN', 'evidence.added', { id, label: '竞品参数表（3家）' }));
    // The same PDF again, under another name: refused, naming the item it already fills; still 1 of 3.
    for (const name of ['竞品B.pdf', '竞品C.pdf']) {
      const again = await send(`证据 D${id} 竞品参数表`, name, table);
      expect(text(again)).toContain(
        t('zh-CN', 'evidence.problem.DUPLICATE_FILE', { id, label: '竞品参数表（3家）' }),
      );
    }
    const tables = (await evidence(id)).filter((e) => e.requirement === 'competitorTables');
    expect(tables).toHaveLength(1);
    const refused = (await events(id)).filter((e) => e.type === 'deal.evidence_refused');
    expect(refused.map((e) => (e.type === 'deal.evidence_refused' ? e.problems : []))).toEqual([
      ['DUPLICATE_FILE:competitorTables'],
      ['DUPLICATE_FILE:competitorTables'],
    ]);
    // The site photo filed at 需求诊断 is not a competitor table either.
    const photo = await send(`证据 D${id} 竞品参数表`, 'table.png', PNG_1X1);
    expect(text(photo)).toContain(t('zh-CN', 'evidence.problem.DUPLICATE_FILE', { id, label: '现场照片' }));

    // A photo sent with the daily report is refused as a deal's site photo.
    const other = await submitLead(deps(), { fields: leadFields({ company: '宁波远景贸易' }), via: 'api' });
    if (other.kind !== 'created') throw new Error('expected a lead');
    await claimLead(deps(), { personId: 'alice', leadId: other.lead.id });
    const d2 = await createDeal(deps(), { personId: 'alice', leadId: other.lead.id, amount: 100_000 });
    if (d2.kind !== 'created') throw new Error('expected a deal');
    const daily = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    const reported = await send('日报', 'visit.png', daily);
    expect(text(reported)).not.toContain(t('zh-CN', 'evidence.refused.hint'));
    const reused = await send(`证据 D${d2.deal.id} 现场照片`, 'site.png', daily);
    expect(text(reused)).toContain(t('zh-CN', 'evidence.problem.REPORT_PHOTO', { id: d2.deal.id }));
    expect((await evidence(d2.deal.id)).filter((e) => e.requirement === 'sitePhoto')).toEqual([]);
  });

  it('item 10: no win without the last stage’s evidence; skipped stages’ missing evidence on the card and to the manager', async () => {
    await seedOrg(current(), [alice]);
    const r = await submitLead(deps(), {
      fields: leadFields({ company: '杭州明远科技有限公司' }),
      via: 'api',
    });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await claimLead(deps(), { personId: 'alice', leadId: r.lead.id });
    const d = await createDeal(deps(), { personId: 'alice', leadId: r.lead.id, amount: 300_000 });
    if (d.kind !== 'created') throw new Error('expected a deal');
    const id = d.deal.id;
    await say(`证据 D${id} 备注 门店客流统计靠人工`);
    await send(`证据 D${id} 现场照片`, 'site.png', PNG_1X1);

    // Skipping straight to 签约 with a reason is allowed, but does not win the deal.
    const skipped = await say(`推进 D${id} 签约 客户直接签了框架协议`);
    expect(text(skipped)).toContain('客户签字确认函');
    expect(text(skipped)).not.toContain(t('zh-CN', 'advance.won', { id, customer: '杭州明远科技有限公司' }));
    expect((await dealView(deps(), id))!.deal).toMatchObject({ stage: 'signed', status: 'open' });
    // The card lists what the skipped stages never got.
    const card = text(await say(`商机 D${id}`));
    expect(card).toContain(
      t('zh-CN', 'deal.skippedMissing', { stage: '方案比对', list: '竞品参数表（3家）、我方优势标注' }),
    );
    expect(card).toContain(
      t('zh-CN', 'deal.skippedMissing', { stage: '报价', list: '报价单（文件名含客户+日期+版本）' }),
    );
    // So does the manager's copy.
    const copy = (await deps().store.transaction((tx) => tx.outbox.list({ limit: 100 }))).find(
      (n) => n.template === 'deal.skipped',
    );
    expect(copy?.to.id).toBe('boss');
    expect(copy?.data.missing).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stage: '方案比对', items: ['竞品参数表（3家）', '我方优势标注'] }),
        expect.objectContaining({ stage: '合同谈判', items: ['合同草案（≥2页）'] }),
      ]),
    );

    // Marking it won without the signed confirmation is refused, naming it.
    const refused = await say(`推进 D${id}`);
    expect(text(refused)).toContain(t('zh-CN', 'advance.winMissing.title', { id }));
    expect(text(refused)).toContain('⬜ 客户签字确认函');
    expect((await dealView(deps(), id))!.deal.status).toBe('open');
    expect(await deps().store.transaction((tx) => tx.leads.get(r.lead.id))).toMatchObject({
      status: 'owned',
    });

    // The confirmation in: won, and so is the lead.
    const signed = await send(`证据 D${id} 签字确认函`, '确认函.pdf', await pdfWithPages(1));
    expect(text(signed)).toContain(t('zh-CN', 'advance.won', { id, customer: '杭州明远科技有限公司' }));
    expect((await dealView(deps(), id))!.deal.status).toBe('won');
    expect(await deps().store.transaction((tx) => tx.leads.get(r.lead.id))).toMatchObject({ status: 'won' });
  });
});
