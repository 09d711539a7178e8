// F1 per business line (issue 24 item 3), end to end: a rules file with a line, a declared dimension and industry
// synonyms; a lead entered through the playground's JSON API over real HTTP is scored by its line, the reason is
// stored, and `why` shows the line and the synonym in Chinese and English — on SQLite and PostgreSQL.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { parseRules } from '../src/config.ts';
import { t } from '../src/modules/i18n.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { DATABASES, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';

const RULES_FILE = `
scoring:
  industrySynonyms:
    医疗: [医疗基建, 医院]
  lines:
    b2b:
      match: { industry: [医疗] }
      industries: { 医疗基建: 30 }
      dimensions:
        - { name: 区域, field: region, points: { 华东: 10, 华南: 5 }, otherPoints: 0 }
      weights: { budget: 2 }
`;

interface Reply {
  title: string;
  body?: string;
  leadId?: number;
}

const b2b = DEFAULT_RULES.deals.pipelines.find((p) => p.id === 'b2b');

describe.each(DATABASES)('a lead in a business line, on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let base: string;

  beforeEach(async () => {
    env = current();
    env.deps.rules = { ...env.deps.rules, scoring: parseRules(RULES_FILE).scoring };
    await seedOrg(env, [
      person('alice', { name: '李敏', locale: 'zh-CN' }),
      person('dora', { name: 'Dora', role: 'director', locale: 'en' }),
    ]);
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return () => new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function post(path: string, body: unknown): Promise<Reply[]> {
    const res = await fetch(`${base}/playground/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { replies: Reply[] }).replies;
  }

  const enter = (values: Record<string, string>) =>
    post('submit', {
      as: 'alice',
      formId: 'lead.new',
      values: { source: 'chat', campaign: 'WALK-IN', need: '门诊楼改造', ...values },
    });

  it('scores a 医院 lead by the b2b line, keeps the line and the synonym, and `why` says both', async () => {
    const [created] = await enter({
      company: '南京市第三人民医院',
      phone: '13912345678',
      industry: '医院',
      region: '华东',
      budget: '300000',
    });
    // 医院 ≈ 医疗基建 (the line's 30) + budget 20万+ 60 (×2) + no second contact + 3 of 4 fields (no contact) 15 + 华东 10.
    const total = 30 + 60 + 0 + 15 + 10;
    expect(created?.title).toBe(t('zh-CN', 'reply.created', { id: 1, score: total }));
    const stored = await env.deps.store.transaction((tx) => tx.leads.get(1));
    expect(stored?.score).toBe(total);
    expect(stored?.scoreBreakdown).toStrictEqual({
      total,
      line: 'b2b',
      parts: [
        {
          dimension: 'industry',
          points: 30,
          detail: 'synonym:医院=医疗基建',
          synonym: { word: '医院', of: '医疗基建' },
        },
        { dimension: 'budget', points: 60, detail: '20万+', weight: 2 },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        { dimension: 'completeness', points: 15, detail: 'missing:contact' },
        { dimension: 'field', name: '区域', points: 10, detail: '华东' },
      ],
    });

    const [zh] = await post('say', { as: 'alice', text: '为什么 1' });
    expect(zh?.body?.split('\n').slice(0, 2)).toEqual([
      '评分 115（行业 医疗基建（由“医院”匹配）30，预算 20万+ 60（×2），联系频次 0，完整度 15，区域 华东 10）。',
      t('zh-CN', 'why.line', { line: b2b?.name ?? '' }),
    ]);
    const [en] = await post('say', { as: 'dora', text: 'why 1' });
    expect(en?.body?.split('\n').slice(0, 2)).toEqual([
      'Score 115 (industry 医疗基建 (as “医院”) 30, budget ¥300,000 60 (×2), contact frequency 0, completeness 15, 区域 华东 10).',
      `Scored by the rules of business line ${b2b?.nameEn ?? ''}.`,
    ]);
  });

  it('scores a lead outside every line by the default rules, and `why` names no line', async () => {
    await enter({
      company: '金陵饭店',
      contact: '王芳',
      phone: '13912345679',
      industry: '餐饮',
      budget: '30000',
    });
    const stored = await env.deps.store.transaction((tx) => tx.leads.get(1));
    expect(stored?.scoreBreakdown).toStrictEqual({
      total: 8 + 10 + 0 + 20,
      parts: [
        { dimension: 'industry', points: 8, detail: 'other:餐饮' },
        { dimension: 'budget', points: 10, detail: '<5万' },
        { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
        { dimension: 'completeness', points: 20, detail: 'complete' },
      ],
    });
    const [zh] = await post('say', { as: 'alice', text: '为什么 1' });
    expect(zh?.body?.split('\n')[0]).toBe('评分 38（行业 8，预算 <5万 10，联系频次 0，完整度 20）。');
    expect(zh?.body).not.toContain(t('zh-CN', 'why.line', { line: '' }).slice(0, 4));
  });
});
