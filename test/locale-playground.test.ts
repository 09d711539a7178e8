// Whose language a reply is in (issue 21, item 9), through the playground's JSON API over real HTTP on a real
// SQLite file: a person's `locale` in the org file wins, then the org file's, then LOCALE, then zh-CN. The demo
// org takes an explicit LOCALE (`LOCALE=en npx leadline demo`, `LOCALE=en npm start`) as its language.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import type { ChatDeps } from '../src/conversation/conversation.ts';
import { helpBody } from '../src/conversation/help.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { createApp } from '../src/http/app.ts';
import type { Locale } from '../src/kernel/i18n.ts';
import { parseOrgFile } from '../src/modules/org/org-file.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { leadFields, testEnv, type TestEnv } from './helpers.ts';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
// Words that leaked into Chinese replies before (issue 21): placeholders of missing data, internal names, codes.
const ENGLISH_LEAKS = /\b(unknown|undefined|null|NaN|competitorTables|pipelineId|leadId)\b/i;
// Keys whose values are ids, styles or data URLs rather than words to read.
const NOT_WORDS = new Set(['id', 'value', 'src', 'href', 'mime', 'mode', 'level', 'style', 'name', 'formId']);

/** Every word a reply shows: titles, bodies, button labels, form labels, chart readings. */
function words(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(words);
  if (node !== null && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => (NOT_WORDS.has(k) ? [] : words(v)));
  return [];
}

let env: TestEnv | undefined;
let server: Server | undefined;
let base = '';

afterEach(async () => {
  if (server !== undefined) await new Promise<void>((resolve) => server?.close(() => resolve()));
  await env?.close();
  server = undefined;
  env = undefined;
});

/** The playground on `env`, as a server started with LOCALE = `defaultLocale` would run it. */
async function start(e: TestEnv, defaultLocale: Locale): Promise<void> {
  const chat: ChatDeps = { engine: e.deps, defaultLocale };
  const app = createApp({ deps: e.deps, locale: defaultLocale, adapters: [playgroundAdapter({ chat })] });
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server?.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Said {
  status: number;
  replies: Array<{ title: string; body?: string }>;
  text: string;
}

async function say(as: string, text: string): Promise<Said> {
  const res = await fetch(`${base}/playground/api/say`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as, text }),
  });
  const json = (await res.json()) as { replies: Said['replies'] };
  return { status: res.status, replies: json.replies, text: words(json.replies).join('\n') };
}

async function pageLocale(): Promise<string> {
  const res = await fetch(`${base}/playground/api/people`);
  return ((await res.json()) as { locale: string }).locale;
}

// English names, so an English reply can be checked for any Chinese at all; the org file's own language is Chinese.
const ORG_FILE = `
locale: zh-CN
teams:
  - id: east
    name: East One
    manager: grace
people:
  - id: grace
    name: Grace Lin
    team: east
    role: manager
  - id: alice
    name: Alice Wu
    team: east
    role: rep
    skills: [retail]
    locale: en
  - id: bob
    name: Bob Chen
    team: east
    role: rep
    skills: [retail]
  - id: carol
    name: Carol Xu
    team: east
    role: rep
    skills: [retail]
`;
// A later file that only sets Carol's language: an overlay entry, found by her id.
const CAROL_OVERLAY = `
people:
  - id: carol
    locale: en
`;

// What a rep and a manager type on a first morning, in both languages' spellings.
const REP_COMMANDS = [
  'help',
  'mine',
  'market',
  'board',
  'why 1',
  'today',
  'my kbi',
  'deals',
  '帮助',
  '我的线索',
];
const MANAGER_COMMANDS = ['today', 'board', 'team reports', 'forecast', 'help'];

async function seedOrgFile(e: TestEnv): Promise<void> {
  await importOrg(e.deps, parseOrgFile(ORG_FILE));
  for (const company of ['Harbor Retail', 'Lakeside Stores'])
    await submitLead(e.deps, {
      fields: leadFields({
        company,
        contact: 'Dana',
        industry: 'retail',
        need: 'new shelves',
        region: 'East',
        tags: ['retail'],
      }),
      via: 'api',
    });
}

describe('a person’s language in the playground', () => {
  it('answers a person whose org-file entry says `locale: en` in English, with no Chinese at all', async () => {
    env = testEnv();
    await seedOrgFile(env);
    await start(env, 'zh-CN');
    for (const command of REP_COMMANDS) {
      const r = await say('alice', command);
      expect(r.status, command).toBe(200);
      expect(r.replies.length, command).toBeGreaterThan(0);
      expect(r.text.match(CJK), `${command}: ${r.text}`).toBeNull();
    }
    expect((await say('alice', 'help')).text).toContain(helpBody('en').split('\n')[0] ?? 'missing');
  });

  it('takes `locale` from an overlay entry (found by messenger id) over the org file’s language', async () => {
    env = testEnv();
    await seedOrgFile(env);
    await start(env, 'zh-CN');
    expect((await say('carol', 'mine')).text).toMatch(/^我的线索/);
    await importOrg(env.deps, parseOrgFile(CAROL_OVERLAY));
    const r = await say('carol', 'mine');
    expect(r.text).toMatch(/^Your leads/);
    expect(r.text.match(CJK)).toBeNull();
  });

  it('answers everyone else in the org file’s Chinese, with none of the English that leaked before', async () => {
    env = testEnv();
    await seedOrgFile(env);
    await start(env, 'en'); // LOCALE=en loses to the org file's own `locale: zh-CN`
    for (const [who, commands] of [
      ['bob', REP_COMMANDS],
      ['grace', MANAGER_COMMANDS],
    ] as const)
      for (const command of commands) {
        const r = await say(who, command);
        expect(r.status, command).toBe(200);
        expect(r.text, `${who} ${command}`).toMatch(CJK);
        expect(r.text.match(ENGLISH_LEAKS), `${who} ${command}: ${r.text}`).toBeNull();
      }
    expect((await say('bob', 'help')).text).toContain(helpBody('zh-CN').split('\n')[0] ?? 'missing');
  });

  it('falls back to LOCALE when neither the person nor the org file names a language', async () => {
    env = testEnv();
    await importOrg(env.deps, parseOrgFile(ORG_FILE.replace('locale: zh-CN\n', '')));
    await start(env, 'en');
    expect((await say('bob', 'mine')).text).toMatch(/^Your leads/);
    expect(await pageLocale()).toBe('en');
  });
});

describe('the demo’s language', () => {
  it('answers in English when the demo was seeded with LOCALE=en, whatever LOCALE the server starts with', async () => {
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    await seedDemo(env.deps, { leads: 12, days: 2, reportDays: 2, locale: 'en' });
    await start(env, 'zh-CN');
    expect(await pageLocale()).toBe('en');
    expect((await say('li.min', 'help')).text).toContain(helpBody('en').split('\n')[0] ?? 'missing');
    expect((await say('li.min', 'mine')).text).toMatch(/^Your leads/);
    expect((await say('wang.qiang', 'today')).text).toMatch(/Morning patrol|My to-do/);
  });

  it('answers in English when the server starts with LOCALE=en on a demo seeded without it (every start re-imports the demo org)', async () => {
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    await seedDemo(env.deps, { leads: 12, days: 2, reportDays: 2 });
    await seedDemo(env.deps, { leads: 12, days: 2, reportDays: 2 }); // the next `npm start`
    await start(env, 'en');
    expect(await pageLocale()).toBe('en');
    expect((await say('li.min', 'mine')).text).toMatch(/^Your leads/);
  });

  it('stays Chinese by default', async () => {
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    await seedDemo(env.deps, { leads: 12, days: 2, reportDays: 2 });
    await start(env, 'zh-CN');
    expect((await say('li.min', 'mine')).text).toMatch(/^我的线索/);
  });
});
