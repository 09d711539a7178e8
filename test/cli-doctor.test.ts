// `npx leadline doctor` as the admin runs it: a child process against the local fakes of Slack, WeCom and DingTalk,
// with PUBLIC_URL an HTTPS server on 127.0.0.1 (a certificate made for the test, trusted through
// NODE_EXTRA_CA_CERTS) that serves the real Slack events route and WeCom callback route. A correct tenant passes;
// a broken one gets one ✗ line naming each broken item, and exit 1.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackAdapter } from '../adapters/slack/index.ts';
import { mountCallback } from '../adapters/wecom/routes.ts';
import { startFakeDingtalk, type FakeDingtalk } from './fixtures/fake-dingtalk.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { startFakeWecom, type FakeWecom } from './fixtures/fake-wecom.ts';
import { testEnv, type TestEnv } from './helpers.ts';
import { leadlineArgs } from './fixtures/compiled.ts';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CORP = 'wwcorp';
const WECOM_TOKEN = 'callback-token';
const AES_KEY = randomBytes(32).toString('base64').slice(0, 43);
const SIGNING_SECRET = 'slack-signing-secret';

let env: TestEnv;
let slack: FakeSlack;
let wecom: FakeWecom;
let dingtalk: FakeDingtalk;
let https: Server;
/** The same routes over plain HTTP on 127.0.0.1 (the one http:// PUBLIC_URL the server accepts). */
let plain: ReturnType<typeof createHttpServer>;
let plainUrl: string;
let publicUrl: string;
let caFile: string;

function goodEnv(): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: `file:${env.dbPath}`,
    PUBLIC_URL: publicUrl,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    WECOM_CORP_ID: CORP,
    WECOM_AGENT_ID: '1000002',
    WECOM_SECRET: 'app-secret',
    WECOM_CONTACT_SECRET: 'contact-secret',
    WECOM_TOKEN,
    WECOM_ENCODING_AES_KEY: AES_KEY,
    WECOM_API_BASE: wecom.apiBase,
    DINGTALK_CLIENT_ID: 'ding-app',
    DINGTALK_CLIENT_SECRET: 'ding-secret',
    DINGTALK_ROBOT_CODE: 'ding-robot',
    DINGTALK_CARD_TEMPLATE_ID: 'tpl-lead',
    DINGTALK_MODE: 'stream',
    DINGTALK_API_BASE: dingtalk.apiBase,
  };
}

function doctor(
  vars: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: caFile };
  for (const name of Object.keys(childEnv))
    if (/^(SLACK|WECOM|DINGTALK)_|^(RULES_FILE|LOCALE|NODE_OPTIONS|PLAYGROUND|PUBLIC_URL)$/.test(name))
      delete childEnv[name];
  for (const [k, v] of Object.entries(vars)) if (v !== undefined) childEnv[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, leadlineArgs('doctor', ...args), {
      cwd: ROOT,
      env: childEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const failures = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('✗'));

beforeAll(async () => {
  env = testEnv();
  caFile = join(env.dir, 'cert.pem');
  const keyFile = join(env.dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', caFile,
  ], { stdio: 'ignore' }); // prettier-ignore
  [slack, wecom, dingtalk] = await Promise.all([
    startFakeSlack(),
    startFakeWecom({ corpId: CORP, secret: 'app-secret', contactSecret: 'contact-secret' }),
    startFakeDingtalk(),
  ]);
  // One team whose chat `wecom create-team-chats` made (the chat id stored and remembered as made by the app).
  wecom.chats.set('chatsales', { name: 'Sales', owner: 'wang', userlist: ['wang', 'li'] });
  await env.deps.store.transaction(async (tx) => {
    await tx.org.upsertTeam(
      { id: 'sales', name: 'Sales', managerId: null, channels: { wecom: 'chatsales' } },
      env.clock(),
    );
    await tx.settings.set('wecom.appchat.sales', 'chatsales');
  });
  // This server as the platforms reach it: the real Slack events route and WeCom callback route, over HTTPS.
  const app = express();
  slackAdapter({
    chat: { engine: env.deps, defaultLocale: 'en' },
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-test',
    apiUrl: slack.apiUrl,
    clock: Date.now,
  }).mount(app);
  mountCallback(app, { token: WECOM_TOKEN, encodingAesKey: AES_KEY, receiveId: CORP }, () => undefined);
  https = createServer({ key: readFileSync(keyFile), cert: readFileSync(caFile) }, app);
  await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
  publicUrl = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
  wecom.range.redirectDomain = new URL(publicUrl).host; // 可信域名, as the admin set it
  plain = createHttpServer(app);
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
});

afterAll(async () => {
  https.closeAllConnections();
  plain.closeAllConnections();
  await Promise.all([new Promise((r) => https.close(r)), new Promise((r) => plain.close(r))]);
  await Promise.all([slack.close(), wecom.close(), dingtalk.close()]);
  await env.close();
});

describe('leadline doctor', () => {
  it('passes on a correct tenant, one ✓ line per check', async () => {
    const r = await doctor(goodEnv(), '--locale', 'en');
    expect(failures(r.stdout)).toEqual([]);
    expect(r.code).toBe(0);
    for (const line of [
      `✓ PUBLIC_URL is ${publicUrl} (HTTPS)`,
      '✓ The playground is off',
      '✓ Slack: bot token valid',
      '✓ Slack: the 11 bot scopes of manifest.yaml are granted',
      `✓ Slack: ${publicUrl}/slack/events answers the platform’s verification`,
      '✓ WeCom: gettoken works',
      '✓ WeCom: the visible range includes the root department',
      `✓ WeCom: the app’s trusted domain (\`可信域名\`) is ${new URL(publicUrl).host}, PUBLIC_URL’s host`,
      '! DingTalk: DINGTALK_CORP_ID and DINGTALK_AGENT_ID are not both set',
      '✓ WeCom: the contact-sync secret works (user/list_id)',
      '✓ WeCom: 1 team chats exist',
      `✓ WeCom: ${publicUrl}/wecom/callback answers the platform’s verification`,
      '✓ DingTalk: access token works',
      '✓ DingTalk: permission qyapi_get_department_list granted',
      '✓ DingTalk: permission qyapi_get_department_member granted',
      '✓ DingTalk: card template tpl-lead',
      '✓ Database ',
    ])
      expect(r.stdout).toContain(line);
    // Every call the doctor made was a read: nothing was sent.
    expect(wecom.ok('message/send')).toEqual([]);
    expect(dingtalk.messages).toEqual([]);
  });

  it('names each broken item on a broken tenant and exits 1', async () => {
    slack.scopes.delete('files:read');
    wecom.range.partyids = [2];
    dingtalk.permissions.delete('qyapi_get_department_list');
    await env.deps.store.transaction((tx) =>
      tx.org.upsertTeam({ id: 'north', name: 'North', managerId: null, channels: {} }, env.clock()),
    );
    try {
      const r = await doctor(
        {
          ...goodEnv(),
          PUBLIC_URL: undefined,
          PLAYGROUND: 'on',
          WECOM_CONTACT_SECRET: 'app-secret',
          SLACK_BOT_TOKEN: 'xoxb-test',
        },
        '--locale',
        'en',
      );
      expect(r.code).toBe(1);
      const bad = failures(r.stdout);
      expect(bad).toEqual([
        '✗ PUBLIC_URL is not set: form pages, DingTalk card clicks and callback URLs need it',
        '✗ The playground is on (PLAYGROUND=on) next to Slack, WeCom, DingTalk: it has no login and shows everyone’s chats',
        '✗ Slack: bot scopes missing: files:read',
        expect.stringMatching(/^✗ WeCom: the contact-sync secret does not work: .*48002/),
        '✗ WeCom: teams without a group chat made by the app: north',
        expect.stringMatching(
          /^✗ DingTalk: permission qyapi_get_department_list not granted \(topapi\/v2\/department\/listsub answered .*60011/,
        ),
      ]);
      expect(r.stdout).toContain('! WeCom: the app’s visible range is not the root department');
      expect(r.stdout).toContain('what to do: Run `npx leadline wecom create-team-chats`');
      expect(r.stdout).toContain('6 of ');
    } finally {
      slack.scopes.add('files:read');
      wecom.range.partyids = [1];
      dingtalk.permissions.add('qyapi_get_department_list');
    }
  });

  it('names wrong secrets, an http PUBLIC_URL and a missing callback route, in Chinese with --locale zh-CN', async () => {
    const r = await doctor(
      {
        ...goodEnv(),
        PUBLIC_URL: plainUrl,
        SLACK_BOT_TOKEN: 'xoxb-revoked',
        WECOM_SECRET: 'wrong-secret',
        DINGTALK_CLIENT_SECRET: 'wrong-secret',
        DINGTALK_MODE: 'http',
        DINGTALK_CARD_TEMPLATE_ID: undefined,
      },
      '--locale',
      'zh-CN',
    );
    expect(r.code).toBe(1);
    const bad = failures(r.stdout).join('\n');
    expect(bad).toContain(`✗ PUBLIC_URL ${plainUrl} 不是 HTTPS`);
    // HTTP mode: the callback route must be there (this server has no DingTalk route).
    expect(bad).toContain(`✗ DingTalk：${plainUrl}/dingtalk/callback 未正确响应平台的校验（HTTP 404）`);
    expect(bad).toContain('✗ Slack：auth.test 拒绝了机器人令牌（invalid_auth）');
    expect(bad).toMatch(/✗ 企业微信：gettoken 失败：.*40001/);
    expect(bad).toMatch(/✗ 钉钉：\/v1\.0\/oauth2\/accessToken 失败：.*invalidClientId/);
    expect(r.stdout).toContain('! 钉钉：未设置 DINGTALK_CARD_TEMPLATE_ID');
    expect(r.stdout).toContain('处理方法：');
  });
});
