// Smart tags (issue 24 item 4) through the playground API: a rep enters seed 001's lead with the new-lead form,
// the tags come with it, and she corrects them with `标签`.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { ORG_TAGS } from './fixtures/tag-cases.ts';

let env: TestEnv;
let server: Server;
let base: string;

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env.close();
});

async function post(path: string, body: unknown): Promise<{ title: string; body?: string }[]> {
  const res = await fetch(`${base}/playground/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { replies: { title: string; body?: string }[] }).replies;
}

describe('smart tags in the playground', () => {
  it('a lead entered with the form is tagged from its company; the rep reads the sources and corrects', async () => {
    env = testEnv({ rules: { tags: { ...ORG_TAGS, applyAt: DEFAULT_RULES.tags.applyAt } } });
    await seedOrg(env, [person('alice', { name: '李敏' })]);
    const chat = { engine: env.deps, defaultLocale: 'zh-CN' as const };
    const app = createApp({ deps: env.deps, locale: 'zh-CN', adapters: [playgroundAdapter({ chat })] });
    server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const values = {
      company: '新能源汽车电池pack厂',
      phone: '13912345678',
      source: 'chat',
      campaign: 'WALK-IN',
    };
    await post('submit', { as: 'alice', formId: 'lead.new', values });
    const stored = await env.deps.store.transaction((tx) => tx.leads.get(1));
    expect([...(stored?.tags ?? [])].sort()).toEqual(['新能源', '汽车', '电池'].sort());

    const [shown] = await post('say', { as: 'alice', text: '标签 1' });
    expect(shown?.title).toBe(
      '线索 #1 的标签：电池（据公司名推荐）、新能源（据公司名推荐）、汽车（据公司名推荐）',
    );
    const [changed] = await post('say', { as: 'alice', text: '标签 1 -汽车 +大客户' });
    expect(changed?.title).toBe(
      '线索 #1 的标签：电池（据公司名推荐）、新能源（据公司名推荐）、大客户（销售添加）',
    );
  });
});
