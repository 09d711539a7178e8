// `org sync dingtalk` and `org sync slack` against local fakes with the platforms' own answers, on SQLite and
// PostgreSQL: DingTalk's address-book range as the root (not department 1), 100-a-page cursors, a person in two
// departments, a leaver, a missing permission mid-way (nothing changes); Slack's cursor paging, a 429, deleted
// members and matching by email.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dingtalkDirectory } from '../adapters/dingtalk/directory.ts';
import { slackDirectory } from '../adapters/slack/directory.ts';
import { DirectoryError } from '../src/modules/org/rules/directory.ts';
import { directoryFailureText } from '../src/modules/org/directory-text.ts';
import { syncDirectory } from '../src/modules/org/use-cases/sync-directory.ts';
import {
  startFakeDingtalkDirectory,
  type FakeDingtalkDirectory,
} from './fixtures/fake-directory-dingtalk.ts';
import { startFakeSlackDirectory, type FakeSlackDirectory } from './fixtures/fake-directory-slack.ts';
import { DATABASES, useTestEnv, type TestEnv } from './helpers.ts';

const people = (e: TestEnv) => e.deps.store.transaction((tx) => tx.org.people());
const teams = (e: TestEnv) => e.deps.store.transaction((tx) => tx.org.teams());

describe.each(DATABASES)('org sync dingtalk (%s)', (db) => {
  const env = useTestEnv(db);
  let fake: FakeDingtalkDirectory;
  beforeEach(async () => {
    fake = await startFakeDingtalkDirectory();
    fake.departments.set(1, { id: 1, name: '总公司', parentId: 0 });
    fake.departments.set(20, { id: 20, name: '销售中心', parentId: 1, managers: ['boss'] });
    fake.departments.set(21, { id: 21, name: '直销一部', parentId: 20, managers: ['lead21'] });
    fake.departments.set(22, { id: 22, name: '渠道部', parentId: 20 });
    fake.departments.set(30, { id: 30, name: '财务部', parentId: 1 });
    fake.users.set('boss', { userid: 'boss', name: '老板', deptIds: [20], email: 'boss@example.com' });
    fake.users.set('lead21', { userid: 'lead21', name: '组长', deptIds: [21] });
    fake.users.set('both', { userid: 'both', name: '双部门', deptIds: [22, 21] });
    for (let i = 0; i < 150; i++)
      fake.users.set(`rep${i}`, { userid: `rep${i}`, name: `销售${i}`, deptIds: [21] });
    fake.users.set('cfo', { userid: 'cfo', name: '财务', deptIds: [30] });
    fake.range = [20]; // the app's address-book range is 销售中心 only
  });
  afterEach(() => fake.close());
  const directory = () =>
    dingtalkDirectory({ clientId: 'dingapp', clientSecret: 'dingsecret', apiBase: fake.apiBase });

  it('starts from the app’s range, pages 100 at a time, and puts a person in two departments in the first one', async () => {
    const snapshot = await directory().snapshot();
    expect(fake.calls.filter((c) => c === 'user/list').length).toBe(1 + 2 + 1); // 20, 21 (151 people), 22
    expect(snapshot.users.map((u) => u.externalId)).not.toContain('cfo');
    fake.rangeUsers = ['cfo']; // named in the range on their own: read with user/get
    expect((await directory().snapshot()).users.find((u) => u.externalId === 'cfo')).toMatchObject({
      name: '财务',
      mainDepartment: '30',
    });
    fake.rangeUsers = [];
    expect(snapshot.departments.find((d) => d.id === '20')?.parentId).toBeNull();
    await syncDirectory(env().deps, snapshot);
    const t = await teams(env());
    expect(t.map((x) => x.name).sort()).toEqual(['渠道部', '直销一部', '销售中心']);
    const all = await people(env());
    expect(all).toHaveLength(153);
    const of = (ext: string) => all.find((p) => p.identities.dingtalk === ext)!;
    expect(of('both').teamId).toBe(t.find((x) => x.name === '渠道部')!.id);
    expect(t.find((x) => x.name === '直销一部')!.managerId).toBe(of('lead21').id);
    expect(t.find((x) => x.name === '渠道部')!.managerId).toBe(of('boss').id);
    expect(of('boss').id).toBe('boss');
  });

  it('makes a leaver inactive on the next sync', async () => {
    await syncDirectory(env().deps, await directory().snapshot());
    fake.users.delete('rep7');
    const r = await syncDirectory(env().deps, await directory().snapshot());
    expect(r.plan.deactivated).toHaveLength(1);
    expect((await people(env())).find((p) => p.identities.dingtalk === 'rep7')!.active).toBe(false);
  });

  it('changes nothing when a permission is missing, and names the permission to request', async () => {
    await syncDirectory(env().deps, await directory().snapshot());
    const before = await people(env());
    fake.users.get('rep1')!.name = '改名';
    fake.permissions.delete('qyapi_get_department_member');
    const err = (await directory()
      .snapshot()
      .catch((e: unknown) => e)) as DirectoryError;
    expect(err).toBeInstanceOf(DirectoryError);
    expect(err.failure).toMatchObject({
      call: 'topapi/v2/user/list',
      code: '88',
      permission: 'qyapi_get_department_member',
    });
    expect(await people(env())).toEqual(before);
    expect(directoryFailureText(err.failure, 'zh-CN')[1]).toContain('qyapi_get_department_member');
    expect(directoryFailureText(err.failure, 'en')[1]).toContain('request it in the developer console');
  });
});

describe.each(DATABASES)('org sync slack (%s)', (db) => {
  const env = useTestEnv(db);
  let fake: FakeSlackDirectory;
  beforeEach(async () => {
    fake = await startFakeSlackDirectory();
    for (let i = 0; i < 450; i++)
      fake.members.push({
        id: `U${i}`,
        name: `u${i}`,
        profile: { real_name: `User ${i}`, email: `u${i}@example.com` },
      });
    fake.members.push({ id: 'UBOT', name: 'bot', is_bot: true, profile: {} });
    fake.members.push({ id: 'UGONE', name: 'gone', deleted: true, profile: { real_name: 'Gone' } });
  });
  afterEach(() => fake.close());
  const directory = () =>
    slackDirectory({ token: 'xoxb-test', apiUrl: fake.apiUrl, sleep: () => Promise.resolve() });

  it('follows the cursor, waits out a 429, leaves bots out and keeps deleted members inactive', async () => {
    fake.throttleNext(1);
    await syncDirectory(env().deps, await directory().snapshot());
    expect(fake.calls).toBe(1 + 3); // the 429, then 200 + 200 + 52
    const all = await people(env());
    expect(all).toHaveLength(451);
    expect(all.find((p) => p.identities.slack === 'UGONE')!.active).toBe(false);
    expect(all.find((p) => p.identities.slack === 'U3')).toMatchObject({
      id: 'u3',
      name: 'User 3',
      teamId: null,
    });
  });

  it('says which scope is missing', async () => {
    fake.scopes.delete('users:read');
    const err = (await directory()
      .snapshot()
      .catch((e: unknown) => e)) as DirectoryError;
    expect(err.failure).toMatchObject({ platform: 'slack', code: 'missing_scope', permission: 'users:read' });
    expect(directoryFailureText(err.failure, 'en')[1]).toContain('users:read');
  });
});
