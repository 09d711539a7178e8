// Charts in chat end to end (issue 11, F8 first): `distribution` / `分配` typed in the playground over real HTTP,
// on a real SQLite file → the chart as an inline PNG with its one-line reading and a table button → the CSV file and its
// Excel workbook.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { claimBoard } from '../src/modules/leads/use-cases/market.ts';
import { leadFields, MINUTE, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { readWorkbook } from './fixtures/workbook.ts';
import { XLSX_MIME } from '../src/modules/analytics/charts/xlsx.ts';

interface Reply {
  title: string;
  level: string;
  body?: string;
  image?: { src: string; alt: string; reading?: string };
  file?: { name: string; mime: string; href: string; size: number };
  workbook?: { name: string; mime: string; href: string; size: number };
  actions?: Array<{ id: string; label: string; value: string }>;
}

let env: TestEnv;
let server: Server;
let base: string;

beforeEach(async () => {
  env = testEnv({ start: '2026-11-10T02:00:00Z' });
  await seedOrg(env, [person('alice', { name: '李敏' }), person('bob', { name: '张伟' })]);
  // Three leads: routed by the engine, two of them claimed after 10 minutes.
  for (let i = 0; i < 3; i++) {
    const r = await submitLead(env.deps, { fields: leadFields(), via: 'api' });
    env.clock.advance(10 * MINUTE);
    if (r.kind !== 'created') throw new Error(`expected a new lead, got ${r.kind}`);
    if (i < 2 && r.lead.ownerId !== null)
      await claimLead(env.deps, { leadId: r.lead.id, personId: r.lead.ownerId });
  }
  const chat = { engine: env.deps, defaultLocale: 'en' as const };
  const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

async function post(path: string, body: object): Promise<Reply[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: Reply[] }).replies;
}

function dataUrlBytes(href: string): Buffer {
  return Buffer.from(href.slice(href.indexOf(',') + 1), 'base64');
}

describe('the distribution chart in chat', () => {
  it('answers a manager with the month’s chart, its reading and a CSV button', async () => {
    const [card] = await post('say', { as: 'boss', text: '分配 2026-11' });
    expect(card?.title).toBe('线索分配 2026-11');
    const png = dataUrlBytes(card?.image?.src ?? '');
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(card?.image?.reading).toMatch(/^3 条线索分给 2 名销售/);
    expect(card?.actions).toEqual([{ id: 'chart.csv', label: 'Excel / CSV', value: 'distribution 2026-11' }]);
  });

  it('takes the current month when none is named', async () => {
    const [card] = await post('say', { as: 'boss', text: 'distribution' });
    expect(card?.title).toBe('线索分配 2026-11');
  });

  it('hands over the table as UTF-8 CSV with a byte-order mark when the CSV button is clicked', async () => {
    const [card] = await post('click', { as: 'boss', actionId: 'chart.csv', value: 'distribution 2026-11' });
    expect(card?.file?.name).toBe('distribution-2026-11.csv');
    const bytes = dataUrlBytes(card?.file?.href ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe(
      // A Chinese reader gets the columns in Chinese (the command line keeps the codes).
      '销售编号,姓名,团队,收到线索,响应中位数（分钟）,首次跟进及时率 %,转化率 %,与团队均值差（百分点）,标记',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['alice,李敏', 'bob,张伟']);
    const received = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(received.reduce((a, b) => a + b, 0)).toBe(3);
    // The same rows as an Excel workbook, offered beside the CSV.
    expect(card?.workbook).toMatchObject({ name: 'distribution-2026-11.xlsx', mime: XLSX_MIME });
    const { rows } = await readWorkbook(dataUrlBytes(card?.workbook?.href ?? ''));
    expect(rows[0]).toEqual(lines[0]?.split(','));
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['alice', '李敏'],
      ['bob', '张伟'],
    ]);
    expect(rows.slice(1).reduce((n, r) => n + Number(r[3]), 0)).toBe(3);
  });

  it('gives the same files for `分配 2026-11 csv` and `distribution 2026-11 excel` typed', async () => {
    const [card] = await post('say', { as: 'boss', text: '分配 2026年11月 CSV' });
    expect(card?.file?.mime).toBe('text/csv; charset=utf-8');
    const [excel] = await post('say', { as: 'boss', text: 'distribution 2026-11 excel' });
    expect([excel?.file?.name, excel?.workbook?.name]).toEqual([
      'distribution-2026-11.csv',
      'distribution-2026-11.xlsx',
    ]);
  });

  it('keeps the charts from reps', async () => {
    const [card] = await post('say', { as: 'alice', text: 'distribution 2026-11' });
    expect(card?.title).toBe('图表仅对经理和管理员开放。');
    expect(card?.body).toBe(
      '这些图表会把销售彼此比较。查看你自己的：发送 `雷达`（你的过程雷达）、`我的指标`（你的指标和积分）。',
    );
    expect(card?.image).toBeUndefined();
  });

  it('explains a month it cannot read', async () => {
    const [card] = await post('say', { as: 'boss', text: 'distribution november' });
    expect(card?.body).toContain('2026-11');
  });
});

describe('the claim heat map in chat (F5: visible to all)', () => {
  it('shows a rep who claimed leads on which day, as a chart with its reading', async () => {
    // A lead a rep enters herself is hers, not a claim on the shared flow: it does not count.
    const entered = await post('submit', {
      as: 'alice',
      formId: 'lead.new',
      values: {
        company: '南京市第三人民医院',
        phone: '13912345678',
        industry: '医疗基建',
        need: '门诊楼改造',
        source: 'chat',
        campaign: 'WALK-IN',
      },
    });
    expect(entered[0]?.level).toBe('green');
    const board = await claimBoard(env.deps);
    const claimed = board.rows.filter((r) => r.week > 0);
    expect(claimed.reduce((n, r) => n + r.week, 0)).toBe(2);

    const [card] = await post('say', { as: 'alice', text: '热力图' });
    expect(card?.title).toBe(t('zh-CN', 'heat.title.day'));
    const png = dataUrlBytes(card?.image?.src ?? '');
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const top = claimed
      .sort((a, b) => b.week - a.week || a.personId.localeCompare(b.personId))
      .map((r) => t('zh-CN', 'heat.top', { name: r.name, count: r.week }))
      .join('、');
    expect(card?.image?.reading).toBe(t('zh-CN', 'heat.reading', { total: 2, top }));
  });

  it('shows the hours of the day on `heatmap hours`, and answers a slip with its one usage', async () => {
    const [hours] = await post('say', { as: 'bob', text: 'heatmap hours' });
    expect(hours?.title).toBe(t('zh-CN', 'heat.title.hour'));
    expect(hours?.image?.alt).toBe(t('zh-CN', 'heat.title.hour'));
    const [slip] = await post('say', { as: 'bob', text: '热力图 本周' });
    expect(slip?.image).toBeUndefined();
    expect(slip?.body).toContain('`热力图 [小时]`');
  });
});

describe('channel ROI in chat (F7)', () => {
  it('answers a manager with a line per source and campaign and its table as a file; refuses a rep', async () => {
    // Eight days on, a lead from the expo arrives and is followed up at once: the three web leads' window has
    // closed without a follow-up, the expo lead is activated.
    env.clock.advance(8 * 86_400_000);
    const expo = await submitLead(env.deps, {
      fields: leadFields({ source: 'expo', campaign: 'EXPO-26' }),
      via: 'api',
    });
    if (expo.kind !== 'created' || expo.lead.ownerId === null) throw new Error('expected an offered lead');
    await claimLead(env.deps, { leadId: expo.lead.id, personId: expo.lead.ownerId });
    await post('say', { as: expo.lead.ownerId, text: `跟进 ${expo.lead.id} 电话 约了下周拜访` });

    const [card] = await post('say', { as: 'boss', text: '来源' });
    expect(card?.title).toBe(t('zh-CN', 'sources.title.all'));
    const lines = (card?.body ?? '').split('\n');
    expect(lines[0]).toBe(
      t('zh-CN', 'sources.line', {
        channel: 'web · WEB-1',
        leads: 3,
        activation: '0%',
        won: 0,
        conversion: '0%',
        amount: '0',
        money: '',
      }),
    );
    expect(lines[1]).toContain('expo · EXPO-26：线索 1 条，激活 100%');
    expect(card?.image?.src).toMatch(/^data:image\/png;base64,/);
    expect(card?.actions).toEqual([{ id: 'chart.csv', label: t('zh-CN', 'sources.csv'), value: 'sources' }]);

    const [file] = await post('click', { as: 'boss', actionId: 'chart.csv', value: 'sources' });
    const csv = dataUrlBytes(file?.file?.href ?? '').toString('utf8');
    expect(csv.startsWith('\uFEFF来源,活动编码,线索数')).toBe(true);
    expect(csv).toContain('expo,EXPO-26,1,1,1,100,0,0,0,,,');

    const [refused] = await post('say', { as: 'alice', text: 'sources' });
    expect(refused?.title).toBe(t('zh-CN', 'charts.managersOnly'));
  });
});
