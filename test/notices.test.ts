// The notice registry: every template renders in both languages from a payload its schema accepts; the outbox
// refuses, when it is written, a payload its schema refuses and a template nobody renders (both are compile
// errors too); a notice an older version wrote that no longer fits still shows what it has.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Card } from '../src/kernel/card.ts';
import { cardNoticeData } from '../src/kernel/card-json.ts';
import { createDeal } from '../src/modules/deals/use-cases/create-deal.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { importTargets } from '../src/modules/kbi/use-cases/import-targets.ts';
import { digestNow } from '../src/modules/analytics/use-cases/weekly-digest.ts';
import { journeyReport } from '../src/modules/analytics/use-cases/journey-report.ts';
import type { DigestPart } from '../src/modules/analytics/notice-data.ts';
import type { Locale } from '../src/modules/i18n.ts';
import {
  NOTICE_DATA,
  NoticeDataError,
  notice,
  type NoticeData,
  type NoticeTemplate,
} from '../src/modules/notice-data.ts';
import { NOTICES, noticeCard, type NoticeContext } from '../src/modules/notices.ts';
import { checkBlocks } from '../adapters/slack/block-kit.ts';
import { renderMessages as renderSlack } from '../adapters/slack/render.ts';
import { wecomMessageProblems } from '../adapters/wecom/message-check.ts';
import { renderMessage as renderWecom } from '../adapters/wecom/render.ts';
import { robotMessageProblems } from '../adapters/dingtalk/message-check.ts';
import { renderMessage as renderDingtalk } from '../adapters/dingtalk/render.ts';
import { DAY, leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { captureLog } from './log-capture.ts';

const AT = Date.parse('2026-11-23T02:00:00Z');
const deal = { dealId: 7, customer: '华信科技' };
const risk = { ...deal, signal: 'price', phrase: '太贵', excerpt: '客户说太贵了', response: '强调总成本' };
const stalled = {
  ...deal,
  taskId: 3,
  ownerId: 'alice',
  stage: '需求诊断',
  stageEn: 'Diagnosis',
  limitDays: 7,
  enteredAt: AT - 9 * DAY,
  checklist: ['确认预算', '约见决策人'],
  analysisDueAt: AT + DAY,
};
const escalated = {
  ...deal,
  taskId: 4,
  assigneeId: 'bob',
  requesterId: 'alice',
  text: '能否本周给报价?',
  askedAt: AT - DAY,
  dueAt: AT,
};
const overdue = {
  ...deal,
  taskId: 5,
  assigneeId: 'alice',
  title: '发送方案',
  actionEn: 'Send the proposal',
  dueAt: AT,
  kind: 'sop' as const,
};
const warning = {
  warningId: 1,
  repId: 'alice',
  managerId: 'boss',
  day: '2026-11-20',
  tier: 'yellow' as const,
  rate: 0.6,
  below: 0.8,
  days: 2,
  run: [
    { day: '2026-11-19', rate: 0.7 },
    { day: '2026-11-20', rate: 0.6 },
  ],
  reviewMinutes: 15,
  todo: [],
  deviations: [
    {
      kbiId: 'followUp24h',
      kbi: { 'zh-CN': '24 小时跟进', en: 'Follow-up in 24 h' },
      leadId: 12,
      dealId: null,
      company: '华信科技',
      deadline: AT - DAY,
      triggerAt: AT - 2 * DAY,
      lateAt: null,
    },
  ],
  sentAt: AT,
  acknowledgedAt: null,
  managerAcknowledgedAt: null,
};

type StaticTemplate = Exclude<NoticeTemplate, `digest.${string}`>;

/** A payload per template (a template added without one here does not compile). */
const SAMPLES: { [K in StaticTemplate]: NoticeData<K> } = {
  'lead.offered': {
    leadId: 12,
    company: '华信科技',
    score: 80,
    urgent: false,
    urgentReason: null,
    expiresAt: AT + DAY,
  },
  'lead.pooled': { leadId: 12, company: '华信科技', urgentReason: null },
  'lead.urgent_in_pool': { leadId: 12, company: '华信科技', urgentReason: 'TRIAL_ENDING' },
  'lead.offer_expiring': { leadId: 12, dueAt: AT + DAY },
  'lead.follow_up_due': { leadId: 12, dueAt: AT + DAY },
  'lead.offer_lapsed': { leadId: 12, dueAt: AT },
  'lead.reverted': { leadId: 12, dueAt: AT },
  'lead.reverted.manager': { leadId: 12, dueAt: AT, ownerId: 'alice' },
  'lead.customer_again': { leadId: 12, company: '华信科技', source: 'web' },
  'lead.cards': { leadId: 12 },
  'lead.contact_linked': { leadId: 12, name: '王总', reason: 'remark_mobiles 138…', phone: '138…' },
  'lead.contact_elsewhere': {
    leadId: 12,
    name: '王总',
    adderId: 'alice',
    ownerId: 'bob',
    reason: 'remark_mobiles 138…',
    phone: '138…',
    part: 'owner',
  },
  'lead.contact_unlinked': {
    externalUserId: 'wmAAAA',
    name: '王总',
    reason: 'no remark_mobiles',
    phones: [],
    leads: [{ id: 12, company: '华信科技' }],
  },
  'person.deactivated': { personId: 'alice', leadIds: [12, 13] },
  'deal.risk': risk,
  'deal.risk.manager': { ...risk, responseEn: 'Stress the total cost', ownerId: 'alice' },
  'deal.skipped': { ...deal, ownerId: 'alice', skipped: ['方案比对'], to: '商务谈判', reason: '客户急' },
  'deal.stalled': stalled,
  'deal.stalled.manager': stalled,
  'deal.stall_escalated': { ...deal, taskId: 3, ownerId: 'alice', dueAt: AT },
  'deal.stall_overdue': { ...deal, taskId: 3, ownerId: 'alice', dueAt: AT },
  'deal.stall_analysis': {
    ...deal,
    ownerId: 'alice',
    late: true,
    news: '换了采购',
    pending: '',
    way: '约 CTO',
  },
  'deal.request': { ...deal, taskId: 4, ownerId: 'alice', text: '能否本周给报价?', dueAt: AT },
  'deal.request_reminder': { ...deal, taskId: 4, text: '能否本周给报价?', dueAt: AT },
  'deal.request_answered': {
    ...deal,
    taskId: 4,
    by: 'bob',
    question: '能否本周给报价?',
    answer: '周四给',
    late: false,
  },
  'deal.request_escalated': escalated,
  'deal.request_holding': {
    ...escalated,
    team: '售前组',
    promiseBy: AT + DAY,
    holding: '{team} 正在准备,{until} 前回复',
    holdingEn: '{team} is on it; an answer by {until}',
  },
  'deal.handover': {
    ...deal,
    amount: 300_000,
    ownerId: 'alice',
    scope: '设备 20 台',
    contacts: ['王工 (IT)'],
    promises: ['三天部署'],
    signedAt: AT,
    expectedCloseAt: null,
    taskId: 6,
    dueAt: AT + DAY,
  },
  'deal.handover_acked': { ...deal, by: 'bob', taskId: 6 },
  'deal.task_overdue': overdue,
  'deal.task_overdue.manager': overdue,
  'deal.kp_changed': {
    ...deal,
    ownerId: 'alice',
    name: '王工',
    changes: ['职位:工程师 → 总监'],
    diff: [{ field: 'title', from: '工程师', to: '总监' }],
  },
  'deal.health': {
    ...deal,
    ownerId: 'alice',
    from: 'green',
    to: 'yellow',
    reason: 'KEY_PEOPLE_SILENT',
    evidence: '王工: 2026-11-01',
  },
  'deal.won.announce': {
    ...deal,
    ownerId: 'alice',
    industry: '制造',
    need: '产线监控',
    amount: 300_000,
    tier: 'A',
    pipeline: 'B2B设备销售',
    pipelineEn: 'B2B equipment',
  },
  'report.reminder': { date: '2026-11-20' },
  'report.read': { date: '2026-11-20', by: 'boss' },
  'report.commented': { date: '2026-11-20', by: 'boss', text: '明天补上照片', reportId: 7 },
  'report.replied': { date: '2026-11-20', by: 'alice', text: '已补拍门头照片', reportId: 7 },
  'report.digest': {
    date: '2026-11-20',
    teamId: 'east-1',
    teamName: '华东一组',
    onTime: ['alice'],
    late: [],
    missing: ['bob'],
    averageScore: 85,
    flagged: [
      {
        reportId: 9,
        repId: 'alice',
        score: 70,
        confirmed: false,
        flags: [
          {
            kind: 'UNBACKED_CLAIM',
            visitLog: false,
            leads: 0,
            deals: 0,
            visitId: 'v1',
            customerId: 'c1',
            points: 30,
            vars: { customer: '华信科技' },
          },
        ],
      },
    ],
  },
  'kbi.warning': warning,
  'kbi.warning.manager': { ...warning, tier: 'red', reviewSlots: [AT + 86_400_000, AT + 104_400_000] },
  'kbi.points': {
    repId: 'alice',
    day: '2026-11-20',
    entries: [
      {
        kbi: { 'zh-CN': '新线索24小时内首次触达', en: 'New lead touched within 24 h' },
        points: 1,
        leadId: 12,
        company: '华东建设',
      },
    ],
    total: 1,
    balance: 41,
  },
  'kbi.review.booked': {
    warningId: 3,
    repId: 'alice',
    managerId: 'boss',
    day: '2026-11-20',
    at: AT + 86_400_000,
    minutes: 15,
  },
  'kbi.reward.request': {
    requestId: 4,
    repId: 'alice',
    reward: { 'zh-CN': '半天休假券', en: 'Half-day leave voucher' },
    cost: 50,
    balance: 61,
  },
  'kbi.reward.decided': {
    requestId: 4,
    repId: 'alice',
    reward: { 'zh-CN': '半天休假券', en: 'Half-day leave voucher' },
    cost: 50,
    outcome: 'declined',
    note: '本季度暂不安排',
    balance: 61,
  },
  'patrol.card': {
    team: '华东一组',
    date: '2026-11-17',
    items: [
      {
        key: 'deal:7',
        kind: 'deal',
        repId: 'ann',
        subject: '华信科技',
        dealId: 7,
        leadId: 3,
        warningId: null,
        amount: 300000,
        reasons: [{ code: 'dealRed' }, { code: 'stalled' }],
        fingerprint: 'x',
      },
    ],
    first: 1,
    total: 1,
    page: 1,
    pages: 1,
    manage: true,
  },
  'patrol.nudge': { managerId: 'boss', subject: '华信科技', reasons: [{ code: 'stalled' }], dealId: 7 },
  'customers.repurchase': { customer: '华信科技', yearlyValue: 230_000, quarter: '2026-Q4', lastDealId: 7 },
  'customers.product_pack': { customer: '小店', yearlyValue: 20_000, b: 100_000 },
  card: cardNoticeData({ title: '图表', level: 'info', body: '见附件' }),
};

/** The digest's figures as the engine gathers them: two B2B deals of east-1, stalled, and a target. */
async function digestSamples(env: TestEnv): Promise<DigestPart[]> {
  env.clock.set('2026-11-09T02:00:00Z');
  await seedOrg(env, [person('alice', { name: '李敏' }), person('bob', { name: '张伟' })]);
  for (let i = 0; i < 2; i++) {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    if (r.kind !== 'created' || r.lead.ownerId === null) throw new Error('expected a routed lead');
    await claimLead(env.deps, { personId: r.lead.ownerId, leadId: r.lead.id });
    await createDeal(env.deps, { personId: r.lead.ownerId, leadId: r.lead.id, amount: 300_000 });
  }
  env.clock.set(AT);
  await importTargets(env.deps, [
    { scope: 'team', scopeId: 'east-1', period: '2026-11', amountCents: 100_000_000 },
  ]);
  const boss = person('boss', { role: 'manager', name: '王强' });
  const r = await digestNow(env.deps, boss, null);
  if (r.kind !== 'digest') throw new Error(`expected a digest, got ${r.kind}`);
  const journey = await journeyReport(env.deps, AT - 7 * DAY, AT, []);
  if (journey.kind !== 'report') throw new Error('expected a journey report');
  // Through JSON, as the outbox keeps them.
  return JSON.parse(
    JSON.stringify([
      ...r.parts,
      { template: 'digest.journey', data: { report: journey.report, period: '11-16–11-22' } },
    ]),
  ) as DigestPart[];
}

const UNKNOWN_TITLES = ['Notice', '通知'];

describe('the notice registry', () => {
  let env: TestEnv | undefined;
  afterEach(async () => {
    await env?.close();
    env = undefined;
    vi.restoreAllMocks();
  });

  it('renders every template in zh-CN and en from a payload its schema accepts, as every platform accepts it', async () => {
    env = testEnv();
    const samples = new Map<string, unknown>(Object.entries(SAMPLES));
    for (const part of await digestSamples(env)) samples.set(part.template, part.data);
    const names: Record<string, string> = { alice: '李敏', bob: '张伟', boss: '王强' };
    const ctx: NoticeContext = {
      lead: null,
      nameOf: (id) => names[id] ?? id,
      timezone: 'Asia/Shanghai',
      rules: env.deps.rules,
    };
    const warn = captureLog();
    expect(Object.keys(NOTICES).sort()).toEqual(Object.keys(NOTICE_DATA).sort());
    for (const template of Object.keys(NOTICES) as NoticeTemplate[]) {
      const data = samples.get(template);
      expect(data, `a sample for ${template}`).toBeDefined();
      expect(NOTICE_DATA[template].safeParse(data).success, `${template}'s sample fits its schema`).toBe(
        true,
      );
      const titles: Record<Locale, string> = { 'zh-CN': '', en: '' };
      for (const locale of ['zh-CN', 'en'] as const) {
        const card: Card = await noticeCard({ template, data }, ctx, locale);
        const text = [card.title, card.body ?? '', ...(card.fields ?? []).map((f) => f.value)].join('\n');
        expect(card.title, `${template} in ${locale}`).not.toBe('');
        // A catalog key shown as text, a placeholder left unfilled or an "undefined" is a renderer reading the
        // wrong field.
        expect(text, `${template} in ${locale}`).not.toMatch(
          /\{\w+\}|undefined|NaN|Invalid|^[a-z]+\.[a-zA-Z.]+$/m,
        );
        titles[locale] = card.title;
        // … and it passes each platform's checks (the ones the test fakes refuse with).
        for (const m of renderSlack([card])) expect(checkBlocks(m.blocks, 'message'), template).toEqual([]);
        for (const chat of [false, true]) {
          const w = renderWecom(card, { chat, taskId: 'leadline-d1-0', locale });
          expect(wecomMessageProblems(w, chat ? 'appchat' : 'send'), template).toEqual([]);
        }
        const d = renderDingtalk(card, { locale, interactive: false });
        if (d.kind === 'robot')
          expect(robotMessageProblems(d.msgKey, JSON.stringify(d.msgParam)), template).toEqual([]);
      }
      if (template !== 'card' && template !== 'lead.cards') {
        expect(UNKNOWN_TITLES, template).not.toContain(titles.en);
        expect(titles['zh-CN'], `${template} differs by language`).not.toBe(titles.en);
      }
    }
    warn.restore();
    expect(warn.entries().filter((e) => e.level === 'warn')).toEqual([]);
  }, 60_000);

  it('refuses at enqueue a payload its schema refuses, naming the template and the path', async () => {
    env = testEnv();
    const { store } = env.deps;
    const bad = {
      to: { kind: 'person', id: 'alice' },
      template: 'deal.risk',
      data: { ...risk, dealId: '7' },
    };
    const write = store.transaction((tx) =>
      tx.outbox.enqueue(notice(bad as unknown as Parameters<typeof notice>[0]), AT),
    );
    await expect(write).rejects.toBeInstanceOf(NoticeDataError);
    await expect(write).rejects.toMatchObject({ code: 'BAD_NOTICE_DATA', template: 'deal.risk' });
    await expect(write).rejects.toThrow(/^notice deal\.risk: dealId: /);
    const missing = store.transaction((tx) =>
      tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'alice' },
          template: 'report.read',
          data: { date: '2026-11-20' } as never,
        }),
        AT,
      ),
    );
    await expect(missing).rejects.toThrow(/^notice report\.read: by: /);
    // Nothing was written, and a good one still is.
    expect(await store.transaction((tx) => tx.outbox.list({ limit: 5 }))).toEqual([]);
    await store.transaction((tx) =>
      tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: 'alice' },
          template: 'report.read',
          data: { date: '2026-11-20', by: 'boss' },
        }),
        AT,
      ),
    );
    expect(await store.transaction((tx) => tx.outbox.list({ limit: 5 }))).toHaveLength(1);
  });

  it('refuses a template nobody renders: a type error, and at enqueue', async () => {
    env = testEnv();
    const to = { kind: 'person', id: 'alice' } as const;
    // @ts-expect-error: no such template in the registry
    const teleported = notice({ to, template: 'lead.teleported', data: {} });
    const write = env.deps.store.transaction((tx) => tx.outbox.enqueue(teleported, AT));
    await expect(write).rejects.toMatchObject({ code: 'UNKNOWN_NOTICE', template: 'lead.teleported' });
    // A plain object is not a notice either: only notice() makes one.
    const plain = {
      to: { kind: 'person' as const, id: 'alice' },
      template: 'report.reminder',
      data: { date: 'x' },
    };
    // @ts-expect-error: not made by notice()
    await env.deps.store.transaction((tx) => tx.outbox.enqueue(plain, AT));
  });

  it('shows what an older notice has when it no longer fits its schema, logging once', async () => {
    env = testEnv();
    const ctx: NoticeContext = {
      lead: null,
      nameOf: (id) => id,
      timezone: 'Asia/Shanghai',
      rules: env.deps.rules,
    };
    const warn = captureLog();
    // Written before `tier` existed: the card still reads, industry and all.
    const { tier: _tier, ...old } = SAMPLES['deal.won.announce'];
    const card = await noticeCard({ template: 'deal.won.announce', data: old }, ctx, 'zh-CN');
    expect(card.fields?.[0]).toEqual({ label: '客户行业', value: '制造' });
    await noticeCard({ template: 'deal.won.announce', data: old }, ctx, 'en');
    warn.restore();
    const warnings = warn.entries().filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/deal\.won\.announce.*tier/);
    // Beyond reading (the renderer throws on it): a plain notice title rather than nothing.
    const broken = await noticeCard({ template: 'deal.skipped', data: { dealId: 7 } }, ctx, 'en');
    expect(UNKNOWN_TITLES).toContain(broken.title);
  });
});
