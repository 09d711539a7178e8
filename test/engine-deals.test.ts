import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it } from 'vitest';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { sweepDeals, fileStallAnalysis } from '../src/modules/deals/use-cases/deal-sweep.ts';
import { addEvidence } from '../src/modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../src/modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { dealView, myDealList, myDeals } from '../src/modules/deals/use-cases/deal-view.ts';
import { dealsReplies } from '../src/modules/deals/chat/deal-replies.ts';
import { answerRequest, askTeam } from '../src/modules/deals/use-cases/team-requests.ts';
import { setHealth } from '../src/modules/deals/use-cases/customer-health.ts';
import { setKeyPerson } from '../src/modules/deals/use-cases/key-persons.ts';
import { completeTask, recordPromise } from '../src/modules/deals/use-cases/deal-tasks.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { touchLead } from '../src/modules/leads/use-cases/touch-lead.ts';
import { PNG_1X1, pdfWithPages } from './fixtures/files.ts';
import { DATABASES, DAY, HOUR, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

let env: TestEnv;
const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

async function ownedLead(company = '杭州明远科技有限公司'): Promise<number> {
  const r = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
  if (r.kind !== 'created') throw new Error('expected a new lead');
  const c = await claimLead(env.deps, { personId: 'alice', leadId: r.lead.id });
  expect(c.kind).toBe('claimed');
  return r.lead.id;
}

async function newDeal(amount = 300_000): Promise<number> {
  const r = await createDeal(env.deps, { personId: 'alice', leadId: await ownedLead(), amount });
  if (r.kind !== 'created') throw new Error(`expected a deal, got ${r.reason}`);
  return r.deal.id;
}

async function outbox() {
  return env.deps.store.transaction((tx) => tx.outbox.list({ limit: 1000 }));
}

async function events(dealId: number) {
  const view = await dealView(env.deps, dealId);
  return env.deps.store.transaction((tx) => tx.events.forLead(view!.deal.leadId));
}

const note = (dealId: number, text: string, requirement: string | null = null) =>
  addEvidence(env.deps, { personId: 'alice', dealId, requirement, kind: 'note', text });
const photo = (dealId: number) =>
  addEvidence(env.deps, {
    personId: 'alice',
    dealId,
    requirement: null,
    kind: 'photo',
    text: '',
    file: { name: 'site.png', bytes: PNG_1X1 },
  });

describe.each(DATABASES)('deals on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(env, [person('alice'), person('bob')]);
  });

  it('lists a rep’s open deals with their stage in one read: the same deals and stages as their whole views', async () => {
    const owners = new Map<string, number[]>();
    for (const [company, amount] of [
      ['杭州明远科技有限公司', 100_000],
      ['宁波海川贸易有限公司', 200_000],
      ['苏州恒泰制造有限公司', 300_000],
      ['温州瑞丰电器有限公司', 400_000],
    ] as const) {
      const lead = await submitLead(env.deps, { fields: leadFields({ company }), via: 'api' });
      if (lead.kind !== 'created') throw new Error('expected a new lead');
      // Claimed by whom routing offered it to (alice when it went to the pool).
      const personId = lead.lead.ownerId ?? 'alice';
      expect((await claimLead(env.deps, { personId, leadId: lead.lead.id })).kind).toBe('claimed');
      const r = await createDeal(env.deps, { personId, leadId: lead.lead.id, amount });
      if (r.kind !== 'created') throw new Error(`expected a deal, got ${r.reason}`);
      owners.set(personId, [...(owners.get(personId) ?? []), r.deal.id]);
    }
    const [busiest, ids] = [...owners].sort((a, b) => b[1].length - a[1].length)[0] as [string, number[]];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(await note(ids[0] as number, '客户确认了需求')).toMatchObject({ kind: 'added' });
    for (const personId of ['alice', 'bob']) {
      const { deals: list, total } = await myDealList(env.deps, personId);
      const views = await myDeals(env.deps, personId);
      expect(list.map((v) => v.deal.id).sort()).toEqual([...(owners.get(personId) ?? [])].sort());
      expect(list).toEqual(views.map((v) => ({ deal: v.deal, stage: v.stage })));
      expect(total).toBe(list.length);
    }
    // The first of the list only, and still the count of all; the whole view of the first only (the Slack App
    // Home shows a few).
    const first = await myDealList(env.deps, busiest, 1);
    expect(first.total).toBe(ids.length);
    expect(first.deals.map((v) => v.deal.id)).toEqual([Math.min(...ids)]);
    expect((await myDeals(env.deps, busiest, 1)).map((v) => v.deal.id)).toEqual([Math.min(...ids)]);
  });

  it('lists the first 20 open deals a line each and counts the rest, in English and Chinese', async () => {
    await env.deps.store.transaction(async (tx) => {
      for (let i = 1; i <= 23; i++)
        await tx.deals.insert({
          leadId: 1000 + i,
          customer: `客户${i}`,
          amount: 10_000 * i,
          yearlyValue: 10_000 * i,
          tier: 'B',
          pipeline: 'b2b',
          stage: 'diagnose',
          stageEnteredAt: env.clock(),
          stageDueAt: env.clock() + 7 * DAY,
          ownerId: 'alice',
          status: 'open',
          expectedCloseAt: null,
          expectedCloseSource: null,
          doubtful: i === 2,
          health: 'green',
          stallAlertedAt: null,
          createdAt: env.clock(),
          closedAt: null,
        });
    });
    const alice = await env.deps.store.transaction((tx) => tx.org.person('alice'));
    if (alice === null) throw new Error('no alice');
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const [en] = await dealsReplies(chat, alice, 'en');
    const enLines = (en?.card.body ?? '').split('\n');
    expect(en?.card.title).toBe('Your open deals (23)');
    expect(enLines).toHaveLength(21);
    expect(enLines[0]).toMatch(/^D\d+ 客户1 · /);
    expect(enLines[1]).toContain('⚠️ process in doubt');
    expect(enLines[20]).toBe(
      '…and 3 more. Open one with `deal D12` (its number); the buttons open the first five.',
    );
    expect(en?.card.actions).toHaveLength(5);
    const [zh] = await dealsReplies(chat, alice, 'zh-CN');
    const zhLines = (zh?.card.body ?? '').split('\n');
    expect(zh?.card.title).toBe('我的进行中商机（23）');
    expect(zhLines[1]).toContain('⚠️ 过程存疑');
    expect(zhLines[20]).toBe('……另有 3 个。查看其中一个：`商机 D12`（换成它的编号）；按钮打开前五个。');
  });

  it('a claimed lead becomes a deal at the first stage, with its tier; only its owner may do it, once', async () => {
    const leadId = await ownedLead();
    expect(await createDeal(env.deps, { personId: 'bob', leadId, amount: 1000 })).toEqual({
      kind: 'rejected',
      reason: 'NOT_YOURS',
    });
    const r = await createDeal(env.deps, { personId: 'alice', leadId, amount: 600_000 });
    expect(r).toMatchObject({
      kind: 'created',
      deal: {
        customer: '杭州明远科技有限公司',
        stage: 'diagnose',
        tier: 'A',
        pipeline: 'b2b',
        status: 'open',
      },
    });
    if (r.kind !== 'created') return;
    // 7 working days from Monday 10:00 → the Wednesday after next, 10:00.
    expect(DateTime.fromMillis(r.deal.stageDueAt, { zone }).toFormat('ccc yyyy-MM-dd HH:mm')).toBe(
      'Wed 2026-12-02 10:00',
    );
    expect(await createDeal(env.deps, { personId: 'alice', leadId, amount: 1 })).toEqual({
      kind: 'rejected',
      reason: 'ALREADY_A_DEAL',
      dealId: r.deal.id,
    });
  });

  it('advance refused without evidence → marked 过程存疑 → evidence added → advance accepted', async () => {
    const id = await newDeal();
    const refused = await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: null, reason: '' });
    expect(refused).toMatchObject({ kind: 'refused', reason: 'MISSING_EVIDENCE' });
    if (refused.kind === 'refused' && refused.reason === 'MISSING_EVIDENCE')
      expect(refused.missing.map((m) => m.requirement.id)).toEqual(['painPoints', 'sitePhoto']);
    expect((await dealView(env.deps, id))?.deal.doubtful).toBe(true);
    expect((await events(id)).filter((e) => e.type === 'deal.advance_refused')).toHaveLength(1);

    expect(await note(id, '1. 门店客流统计靠人工 2. 库存对不上')).toMatchObject({
      kind: 'added',
      complete: false,
    });
    const done = await photo(id);
    expect(done).toMatchObject({
      kind: 'added',
      complete: true,
      doubtCleared: true,
      requirement: { id: 'sitePhoto' },
    });
    expect((await dealView(env.deps, id))?.deal.doubtful).toBe(false);

    const ok = await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: null, reason: '' });
    expect(ok).toMatchObject({ kind: 'advanced', view: { deal: { stage: 'compare' } }, won: false });
  });

  it('a skip needs a reason; with one, the manager is told what was skipped and why', async () => {
    const id = await newDeal();
    await note(id, '痛点清单');
    await photo(id);
    expect(
      await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: '报价', reason: '' }),
    ).toMatchObject({
      kind: 'refused',
      reason: 'SKIP_NEEDS_REASON',
    });
    const r = await advanceDeal(env.deps, {
      personId: 'alice',
      dealId: id,
      target: '报价',
      reason: '客户直接要报价',
    });
    expect(r).toMatchObject({ kind: 'advanced', view: { deal: { stage: 'quote' } } });
    const told = (await outbox()).find((n) => n.template === 'deal.skipped');
    expect(told).toMatchObject({
      to: { kind: 'person', id: 'boss' },
      data: { skipped: ['方案比对', '决策链穿透'], reason: '客户直接要报价' },
    });
  });

  it('checks files at upload: a "site photo" must really be an image; a short PDF is refused with its page count', async () => {
    const id = await newDeal();
    const fake = await addEvidence(env.deps, {
      personId: 'alice',
      dealId: id,
      requirement: 'sitePhoto',
      kind: 'photo',
      text: '',
      file: { name: 'site.jpg', bytes: await pdfWithPages(1) },
    });
    expect(fake).toMatchObject({
      kind: 'refused',
      problems: [{ code: 'NOT_AN_IMAGE', mime: 'application/pdf' }],
    });

    // Walk the deal to 合同谈判, whose contract draft must be a named PDF of ≥ 2 pages.
    await note(id, '痛点');
    await photo(id);
    await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: 'negotiate', reason: '老客户复购' });
    const short = await addEvidence(env.deps, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: '明远科技_合同_2026-11-23_v1.pdf', bytes: await pdfWithPages(1) },
    });
    expect(short).toMatchObject({
      kind: 'refused',
      problems: [{ code: 'TOO_FEW_PAGES', pages: 1, minPages: 2 }],
    });
    const badName = await addEvidence(env.deps, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: 'contract.pdf', bytes: await pdfWithPages(3) },
    });
    expect(badName).toMatchObject({ kind: 'refused' });
    if (badName.kind === 'refused')
      expect(badName.problems.map((p) => p.code)).toEqual([
        'NAME_WITHOUT_CUSTOMER',
        'NAME_WITHOUT_DATE',
        'NAME_WITHOUT_VERSION',
      ]);
    const good = await addEvidence(env.deps, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: '明远科技_合同_2026-11-23_v1.pdf', bytes: await pdfWithPages(3) },
    });
    expect(good).toMatchObject({ kind: 'added', complete: true });
    const refusals = (await events(id)).filter((e) => e.type === 'deal.evidence_refused');
    expect(refusals).toHaveLength(3);
    // The accepted file is on disk under its hash.
    const item = (await dealView(env.deps, id))!.evidence.find((e) => e.requirement === 'contractDraft');
    expect(item?.fileName).toBe('明远科技_合同_2026-11-23_v1.pdf');
  });

  it('a risk phrase in a follow-up note reaches the rep (with the suggestion) and the manager, once per signal', async () => {
    const id = await newDeal();
    const leadId = (await dealView(env.deps, id))!.deal.leadId;
    await touchLead(env.deps, {
      personId: 'alice',
      leadId,
      kind: 'call',
      note: '不需要法务审核，客户说要再考虑一下',
    });
    await touchLead(env.deps, { personId: 'alice', leadId, kind: 'call', note: '还是要再考虑' });
    const risks = (await events(id)).filter((e) => e.type === 'deal.risk');
    expect(risks.map((e) => (e.type === 'deal.risk' ? e.signal : ''))).toEqual(['reconsider']);
    const notices = (await outbox()).filter((n) => n.template.startsWith('deal.risk'));
    expect(notices.map((n) => [n.template, n.to.id])).toEqual([
      ['deal.risk', 'alice'],
      ['deal.risk.manager', 'boss'],
    ]);
    expect((await dealView(env.deps, id))!.risks).toEqual([
      { signal: 'reconsider', phrase: '再考虑', excerpt: '客户说要再考虑一下' },
    ]);
  });

  it('stall alert after 5 working days in 方案比对 (Friday → weekend not counted), once; unfiled analysis escalates', async () => {
    env.clock.set(at('2026-11-20T10:00')); // a Friday
    const id = await newDeal();
    await note(id, '痛点');
    await photo(id);
    await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: null, reason: '' });
    expect((await dealView(env.deps, id))!.deal.stage).toBe('compare');

    expect(await sweepDeals(env.deps, at('2026-11-27T09:59'))).toMatchObject({ stalled: 0, escalated: 0 });
    expect(await sweepDeals(env.deps, at('2026-11-27T10:00'))).toMatchObject({ stalled: 1, escalated: 0 });
    expect(await sweepDeals(env.deps, at('2026-11-27T11:00'))).toMatchObject({ stalled: 0, escalated: 0 });
    const alerts = (await outbox()).filter((n) => n.template.startsWith('deal.stalled'));
    expect(alerts.map((n) => [n.template, n.to.id])).toEqual([
      ['deal.stalled', 'alice'],
      ['deal.stalled.manager', 'boss'],
    ]);
    expect(alerts[0]?.data).toMatchObject({
      stage: '方案比对',
      checklist: expect.arrayContaining(['确认客户是否已提交内部立项']),
    });

    // 24 h later the analysis is still not filed: the manager hears of it.
    expect(await sweepDeals(env.deps, at('2026-11-28T09:59'))).toMatchObject({ stalled: 0, escalated: 0 });
    expect(await sweepDeals(env.deps, at('2026-11-28T10:00'))).toMatchObject({ stalled: 0, escalated: 1 });
    expect((await outbox()).filter((n) => n.template === 'deal.stall_escalated').map((n) => n.to.id)).toEqual(
      ['boss'],
    );

    const taskId = Number(alerts[0]?.data.taskId);
    env.clock.set(at('2026-11-28T12:00'));
    const filed = await fileStallAnalysis(env.deps, {
      personId: 'alice',
      taskId,
      news: '客户内部测试环境未就绪',
      pending: '补竞品参数表',
      way: '约技术负责人周二答疑',
    });
    expect(filed).toMatchObject({ kind: 'filed' });
    expect((await outbox()).find((n) => n.template === 'deal.stall_analysis')?.data).toMatchObject({
      late: true,
      news: '客户内部测试环境未就绪',
    });
    expect(
      await fileStallAnalysis(env.deps, { personId: 'alice', taskId, news: 'x', pending: '', way: '' }),
    ).toEqual({
      kind: 'rejected',
      reason: 'ALREADY_FILED',
    });
  });

  it('an analysis filed in time is not escalated', async () => {
    const id = await newDeal();
    const due = (await dealView(env.deps, id))!.deal.stageDueAt;
    expect(await sweepDeals(env.deps, due)).toMatchObject({ stalled: 1 });
    const taskId = Number((await outbox()).find((n) => n.template === 'deal.stalled')?.data.taskId);
    env.clock.set(due + HOUR);
    await fileStallAnalysis(env.deps, {
      personId: 'alice',
      taskId,
      news: '客户出差',
      pending: '',
      way: '下周一拜访',
    });
    expect(await sweepDeals(env.deps, due + 48 * HOUR)).toMatchObject({ stalled: 0, escalated: 0 });
  });

  /** Takes a new deal through to signing (with `deps`, e.g. other rules); returns the last advance's result. */
  async function win(deps = env.deps, amount = 300_000) {
    const id = await newDeal(amount);
    await note(id, '痛点');
    await photo(id);
    await advanceDeal(deps, { personId: 'alice', dealId: id, target: 'negotiate', reason: '框架协议续签' });
    await addEvidence(deps, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: '明远科技_合同_20261123_v2.pdf', bytes: await pdfWithPages(2) },
    });
    // Reaching 签约 does not win it yet: its signed confirmation does (issue 25).
    expect(
      await advanceDeal(deps, { personId: 'alice', dealId: id, target: null, reason: '' }),
    ).toMatchObject({ kind: 'advanced', won: false, view: { deal: { status: 'open', stage: 'signed' } } });
    return {
      id,
      result: await addEvidence(deps, {
        personId: 'alice',
        dealId: id,
        requirement: null,
        kind: 'file',
        text: '',
        file: { name: '签字确认函.pdf', bytes: await pdfWithPages(1) },
      }),
    };
  }

  it('the last stage’s evidence wins the deal and its lead, announced in the team channel', async () => {
    const { id, result } = await win();
    expect(result).toMatchObject({
      kind: 'added',
      won: true,
      view: { deal: { status: 'won', stage: 'signed' } },
    });
    const leadId = (await dealView(env.deps, id))!.deal.leadId;
    expect(await env.deps.store.transaction((tx) => tx.leads.get(leadId))).toMatchObject({ status: 'won' });
    // F23: the structured card — industry, need, value of the proposal — to alice's team, once.
    expect((await outbox()).filter((n) => n.template === 'deal.won.announce')).toEqual([
      expect.objectContaining({
        to: { kind: 'team', id: 'east-1' },
        data: expect.objectContaining({
          dealId: id,
          customer: '杭州明远科技有限公司',
          ownerId: 'alice',
          industry: '家装',
          need: '门店翻新',
          amount: 300_000,
          pipeline: 'B2B设备销售',
        }),
      }),
    ]);
  });

  it.each([
    ['turned off', { enabled: false, minAmount: 0 }],
    ['under the minimum amount', { enabled: true, minAmount: 500_000 }],
  ])('announces no win when the announcement is %s', async (_, winAnnouncement) => {
    const rules = { ...env.deps.rules, kbi: { ...env.deps.rules.kbi, winAnnouncement } };
    const { result } = await win({ ...env.deps, rules });
    expect(result).toMatchObject({ won: true });
    expect((await outbox()).filter((n) => n.template === 'deal.won.announce')).toEqual([]);
  });
});

describe.each(DATABASES)('people around a deal on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(
      env,
      [
        person('alice'),
        person('pat', { name: '赵工', role: 'presales', teamId: 'presales' }),
        person('pm', { name: '钱经理', role: 'manager', teamId: 'presales' }),
        person('dir', { name: '孙总监', role: 'director', teamId: null }),
      ],
      {
        teams: [
          { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
          { id: 'presales', name: '售前组', managerId: 'pm', channels: {} },
        ],
      },
    );
  });

  it('a cross-team request: reminded 8 h before, escalated at 48 h to the supervisor with the director copied, holding message to the rep', async () => {
    const id = await newDeal();
    const asked = await askTeam(env.deps, {
      personId: 'alice',
      dealId: id,
      who: '@赵工',
      text: '能否对接客户的 ERP?',
    });
    expect(asked).toMatchObject({ kind: 'asked', assignee: { id: 'pat' } });
    if (asked.kind !== 'asked') return;
    const t0 = env.clock();
    expect(asked.task.dueAt).toBe(t0 + 48 * HOUR);

    expect(await sweepDeals(env.deps, t0 + 40 * HOUR - 1)).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await sweepDeals(env.deps, t0 + 40 * HOUR)).toMatchObject({ reminded: 1, escalated: 0 });
    expect(await sweepDeals(env.deps, t0 + 48 * HOUR - 1)).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await sweepDeals(env.deps, t0 + 48 * HOUR)).toMatchObject({ escalated: 1 });
    expect(await sweepDeals(env.deps, t0 + 49 * HOUR)).toMatchObject({ escalated: 0 });

    const sent = (await outbox()).map((n) => [n.template, n.to.id]);
    expect(sent).toEqual(
      expect.arrayContaining([
        ['deal.request', 'pat'],
        ['deal.request_reminder', 'pat'],
        ['deal.request_escalated', 'pm'],
        ['deal.request_escalated', 'dir'],
        ['deal.request_holding', 'alice'],
      ]),
    );
    const holding = (await outbox()).find((n) => n.template === 'deal.request_holding');
    expect(holding?.data).toMatchObject({ team: '售前组', promiseBy: t0 + 96 * HOUR });

    // A late answer still reaches the rep, marked late.
    env.clock.set(t0 + 50 * HOUR);
    expect(
      await answerRequest(env.deps, { personId: 'pat', taskId: asked.task.id, text: '需要定制开发,约两周' }),
    ).toMatchObject({
      kind: 'answered',
      late: true,
    });
    expect((await outbox()).find((n) => n.template === 'deal.request_answered')).toMatchObject({
      to: { id: 'alice' },
      data: { answer: '需要定制开发,约两周', late: true },
    });
  });

  it('an answer in time stops the clock: no reminder, no escalation', async () => {
    const id = await newDeal();
    const asked = await askTeam(env.deps, { personId: 'alice', dealId: id, who: 'pat', text: 'ERP?' });
    if (asked.kind !== 'asked') throw new Error('expected a request');
    expect(await answerRequest(env.deps, { personId: 'alice', taskId: asked.task.id, text: 'x' })).toEqual({
      kind: 'rejected',
      reason: 'NOT_YOURS',
    });
    await answerRequest(env.deps, { personId: 'pat', taskId: asked.task.id, text: '可以,有标准接口' });
    expect(await sweepDeals(env.deps, env.clock() + 72 * HOUR)).toMatchObject({ reminded: 0, escalated: 0 });
    expect(await askTeam(env.deps, { personId: 'alice', dealId: id, who: '@nobody', text: 'x' })).toEqual({
      kind: 'rejected',
      reason: 'NO_SUCH_PERSON',
    });
  });

  it('a key person changing jobs is a risk signal: kept on the deal, manager told, health yellow with the evidence', async () => {
    const id = await newDeal();
    expect(
      await setKeyPerson(env.deps, {
        personId: 'alice',
        dealId: id,
        name: '张总',
        title: 'CTO',
        influence: 40,
        concern: '交付周期',
      }),
    ).toMatchObject({ kind: 'added' });
    expect(
      await setKeyPerson(env.deps, {
        personId: 'alice',
        dealId: id,
        name: '张总',
        title: 'CTO',
        influence: 60,
      }),
    ).toMatchObject({
      kind: 'changed',
      changes: ['influence: 40 → 60'],
    });
    expect((await dealView(env.deps, id))!.deal.health).toBe('green');
    const left = await setKeyPerson(env.deps, { personId: 'alice', dealId: id, name: '张总', left: true });
    expect(left).toMatchObject({ kind: 'changed', changes: ['status: active → left'] });
    const view = (await dealView(env.deps, id))!;
    expect(view.deal.health).toBe('yellow');
    expect(view.healthNote).toMatchObject({
      reason: 'DECISION_CHAIN_CHANGED',
      evidence: '张总: status: active → left',
    });
    expect(view.risks.map((r) => r.signal)).toEqual(['decisionChainChanged']);
    expect((await outbox()).filter((n) => n.template === 'deal.kp_changed').map((n) => n.to.id)).toEqual([
      'boss',
    ]);
  });

  it('turns a deal yellow when no key person has been in touch for 14 days; a note naming one resets the clock', async () => {
    const id = await newDeal();
    const leadId = (await dealView(env.deps, id))!.deal.leadId;
    await setKeyPerson(env.deps, {
      personId: 'alice',
      dealId: id,
      name: '张总',
      title: 'CTO',
      influence: 50,
    });
    const t0 = env.clock();
    env.clock.set(t0 + 10 * DAY);
    expect(
      await touchLead(env.deps, { personId: 'alice', leadId, kind: 'call', note: '和张总确认了交付时间' }),
    ).toMatchObject({ kind: 'touched' });
    expect(await sweepDeals(env.deps, t0 + 14 * DAY)).toMatchObject({ silent: 0 });
    expect(await sweepDeals(env.deps, t0 + 24 * DAY - 1)).toMatchObject({ silent: 0 });
    expect(await sweepDeals(env.deps, t0 + 24 * DAY)).toMatchObject({ silent: 1 });
    expect(await sweepDeals(env.deps, t0 + 30 * DAY)).toMatchObject({ silent: 0 });
    const view = (await dealView(env.deps, id))!;
    expect(view.deal.health).toBe('yellow');
    expect(view.healthNote).toMatchObject({ reason: 'KEY_PEOPLE_SILENT', evidence: '张总: 2026-12-03' });
  });

  it('a health change needs evidence; the manager may set it too', async () => {
    const id = await newDeal();
    expect(
      await setHealth(env.deps, { personId: 'alice', dealId: id, health: 'red', evidence: ' ' }),
    ).toEqual({
      kind: 'rejected',
      reason: 'NEEDS_EVIDENCE',
    });
    expect(
      await setHealth(env.deps, {
        personId: 'boss',
        dealId: id,
        health: 'red',
        evidence: '客户官网公布与竞品合作',
      }),
    ).toMatchObject({
      kind: 'changed',
      from: 'green',
    });
    expect((await outbox()).filter((n) => n.template === 'deal.health').map((n) => n.to.id)).toEqual([
      'alice',
    ]);
  });
});

describe.each(DATABASES)('follow-up SOP and hand-over on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(async () => {
    env = current();
    await seedOrg(
      env,
      [
        person('alice'),
        person('dora', { name: '交付-周', role: 'delivery', teamId: 'ops' }),
        person('fin', { name: '财务-吴', role: 'finance', teamId: 'ops' }),
        person('ops', { name: '运营经理', role: 'manager', teamId: 'ops' }),
      ],
      {
        teams: [
          { id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} },
          { id: 'ops', name: '交付财务', managerId: 'ops', channels: {} },
        ],
      },
    );
  });

  const tasksOf = async (id: number) => env.deps.store.transaction((tx) => tx.deals.openTasks(id));

  it('entering a stage opens its SOP tasks with their limits; an overdue one goes to the manager; done stops it', async () => {
    const id = await newDeal();
    const t0 = env.clock();
    const open = await tasksOf(id);
    expect(open.map((t) => [t.kind, t.title, t.dueAt - t0])).toEqual([
      ['sop', '电话回访 + 需求问卷发送', 2 * HOUR],
      ['sop', '预约演示 + 方案初稿提交', 24 * HOUR],
    ]);
    const [first, second] = open;
    expect(await completeTask(env.deps, { personId: 'alice', taskId: first!.id })).toMatchObject({
      kind: 'done',
      late: false,
    });
    expect(await sweepDeals(env.deps, t0 + 24 * HOUR - 1)).toMatchObject({ overdue: 0 });
    expect(await sweepDeals(env.deps, t0 + 24 * HOUR)).toMatchObject({ overdue: 1 });
    expect(await sweepDeals(env.deps, t0 + 25 * HOUR)).toMatchObject({ overdue: 0 });
    const overdue = (await outbox()).filter((n) => n.template.startsWith('deal.task_overdue'));
    expect(overdue.map((n) => [n.template, n.to.id, n.data.taskId])).toEqual([
      ['deal.task_overdue', 'alice', second!.id],
      ['deal.task_overdue.manager', 'boss', second!.id],
    ]);
    // Moving on closes the stage's leftovers and opens the next stage's SOP (方案比对: feedback within 48 h).
    await note(id, '痛点');
    await photo(id);
    await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: null, reason: '' });
    expect((await tasksOf(id)).map((t) => [t.stage, t.title])).toEqual([
      ['compare', '修改反馈收集 + 报价单生成'],
    ]);
  });

  it('at signing the hand-over sheet (scope, contacts, promises) goes to delivery and finance; unacknowledged it is chased', async () => {
    const id = await newDeal();
    await setKeyPerson(env.deps, {
      personId: 'alice',
      dealId: id,
      name: '张总',
      title: 'CTO',
      influence: 60,
    });
    expect(
      await recordPromise(env.deps, { personId: 'alice', dealId: id, text: '三天内完成部署' }),
    ).toMatchObject({ kind: 'kept' });
    await note(id, '痛点');
    await photo(id);
    await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: 'negotiate', reason: '老客户续签' });
    await addEvidence(env.deps, {
      personId: 'alice',
      dealId: id,
      requirement: null,
      kind: 'file',
      text: '',
      file: { name: '明远科技_合同_2026-11-23_v1.pdf', bytes: await pdfWithPages(2) },
    });
    const signedAt = env.clock();
    expect(
      await advanceDeal(env.deps, { personId: 'alice', dealId: id, target: null, reason: '' }),
    ).toMatchObject({ won: false });
    expect(
      await addEvidence(env.deps, {
        personId: 'alice',
        dealId: id,
        requirement: 'signedConfirmation',
        kind: 'file',
        text: '',
        file: { name: '签字确认函.pdf', bytes: await pdfWithPages(1) },
      }),
    ).toMatchObject({ won: true });

    const sheets = (await outbox()).filter((n) => n.template === 'deal.handover');
    expect(sheets.map((n) => n.to.id).sort()).toEqual(['dora', 'fin']);
    expect(sheets[0]?.data).toMatchObject({
      customer: '杭州明远科技有限公司',
      scope: '门店翻新',
      contacts: ['张总 (CTO)'],
      promises: ['三天内完成部署'],
      dueAt: signedAt + 24 * HOUR,
    });
    const dora = sheets.find((n) => n.to.id === 'dora')!;
    expect(
      await completeTask(env.deps, { personId: 'dora', taskId: Number(dora.data.taskId) }),
    ).toMatchObject({ kind: 'done' });
    expect((await outbox()).find((n) => n.template === 'deal.handover_acked')).toMatchObject({
      to: { id: 'alice' },
      data: { by: 'dora' },
    });
    // Finance did not acknowledge: chased at 24 h, their manager copied.
    expect(await sweepDeals(env.deps, signedAt + 24 * HOUR)).toMatchObject({ overdue: 1 });
    expect(
      (await outbox()).filter((n) => n.template.startsWith('deal.task_overdue')).map((n) => n.to.id),
    ).toEqual(['fin', 'ops']);
  });
});
