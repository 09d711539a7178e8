// A chart asked for with a Slack slash command, over real HTTP: signed `/report distribution 2026-11` → the chart
// uploaded to the manager's DM with the app (a response_url takes no files) → the card with its reading and CSV
// button through the response_url; the CSV button → the CSV file in the DM.
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { type FakeSlack } from './fixtures/fake-slack.ts';
import { eventually, type SlackSender } from './fixtures/slack-sender.ts';
import { startSlackApp } from './fixtures/slack-app.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';
import { readWorkbook } from './fixtures/workbook.ts';

let env: TestEnv;
let fake: FakeSlack;
let server: Server;
let slack: SlackSender;

beforeEach(async () => {
  env = testEnv({ start: '2026-11-10T02:00:00Z' });
  await seedOrg(env, [person('alice', { name: '李敏', identities: { slack: 'UALICE' } })], {
    people: [
      person('boss', { role: 'manager', name: '王强', identities: { slack: 'UBOSS' } }),
      person('alice', { name: '李敏', identities: { slack: 'UALICE' } }),
    ],
  });
  await submitLead(env.deps, { fields: leadFields(), via: 'api' });
  ({ fake, server, slack } = await startSlackApp(env, 'zh-CN'));
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fake.close();
  await env.close();
});

describe('charts in Slack', () => {
  it('uploads the chart to the manager’s DM and answers with its reading and a CSV button', async () => {
    const res = await slack.command('UBOSS', '/report', 'distribution 2026-11', 'chart');
    expect(res.status).toBe(200);
    const answer = await eventually(() => fake.responses.find((r) => r.id === 'chart'));
    const file = fake.files[0];
    expect(file).toMatchObject({ filename: 'chart.png', channel: 'DUBOSS', altText: '线索分配 2026-11' });
    expect(file?.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(file?.initialComment).toMatch(/^\*线索分配 2026-11\*\n1 条线索分给 1 名销售/);
    expect(JSON.stringify(answer.body)).toContain('"action_id":"chart.csv"');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral' });
  });

  it('sends the CSV and its Excel workbook when the table button is clicked', async () => {
    await slack.click('UBOSS', { actionId: 'chart.csv', value: 'distribution 2026-11', responseId: 'csv' });
    const file = await eventually(() => fake.files.find((f) => f.filename === 'distribution-2026-11.csv'));
    expect(file.channel).toBe('DUBOSS');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.bytes.toString('utf8')).toContain('alice,李敏');
    const workbook = fake.files.find((f) => f.filename === 'distribution-2026-11.xlsx');
    expect(workbook?.channel).toBe('DUBOSS');
    const { rows } = await readWorkbook(workbook?.bytes ?? new Uint8Array());
    expect(rows[0]?.slice(0, 3)).toEqual(['销售编号', '姓名', '团队']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([['alice', '李敏', 1]]);
    // Both in one share: one completeUploadExternal with the two files.
    expect(fake.ok('files.completeUploadExternal').map((b) => (b.files as unknown[]).length)).toEqual([2]);
    // The card saying so follows through the response_url, after the file.
    const answer = await eventually(() => fake.responses.find((r) => r.id === 'csv'));
    expect(JSON.stringify(answer.body)).toContain('distribution-2026-11');
  });

  it('shows a rep no chart', async () => {
    await slack.command('UALICE', '/lead', 'distribution', 'rep');
    const answer = await eventually(() => fake.responses.find((r) => r.id === 'rep'));
    expect(JSON.stringify(answer.body)).toContain('图表仅对经理和管理员开放');
    expect(fake.files).toHaveLength(0);
  });
});
