// Charts in chat end to end (issue 11, F8 first): `distribution` / `分配` typed in the playground over real HTTP,
// on a real SQLite file → the chart as an inline PNG with its one-line reading and a CSV button → the CSV file.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { claimLead } from '../src/modules/leads/use-cases/claim-lead.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { leadFields, MINUTE, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface Reply {
  title: string;
  level: string;
  body?: string;
  image?: { src: string; alt: string; reading?: string };
  file?: { name: string; mime: string; href: string; size: number };
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
    expect(card?.actions).toEqual([{ id: 'chart.csv', label: 'CSV', value: 'distribution 2026-11' }]);
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
      'rep,name,team,received,median_response_min,follow_up_on_time_pct,conversion_pct,deviation_pts,flagged',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['alice,李敏', 'bob,张伟']);
    const received = lines.slice(1).map((l) => Number(l.split(',')[3]));
    expect(received.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('gives the same file for `分配 2026-11 csv` typed', async () => {
    const [card] = await post('say', { as: 'boss', text: '分配 2026年11月 CSV' });
    expect(card?.file?.mime).toBe('text/csv; charset=utf-8');
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
