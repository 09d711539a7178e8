// The nightly reconcile (DIRECTORY_SYNC): a full sync of each configured directory, logged; a refused call is
// logged with the platform's code and what to do, and changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directorySourcesFromEnv } from '../adapters/directory-env.ts';
import { reconcileDirectories } from '../src/jobs/directory-reconcile.ts';
import { startFakeWecomDirectory, type FakeWecomDirectory } from './fixtures/fake-directory-wecom.ts';
import { testEnv, type TestEnv } from './helpers.ts';

describe('nightly directory reconcile', () => {
  let env: TestEnv;
  let fake: FakeWecomDirectory;
  beforeEach(async () => {
    env = testEnv();
    fake = await startFakeWecomDirectory();
    fake.departments.set(7, { id: 7, name: '销售', parentid: 1 });
    fake.members.set('a', { userid: 'a', name: '甲', department: [7] });
    fake.visible.add(7);
  });
  afterEach(async () => {
    await fake.close();
    await env.close();
  });
  const sources = () =>
    directorySourcesFromEnv({
      DIRECTORY_SYNC: 'wecom',
      WECOM_CORP_ID: 'wwcorp',
      WECOM_SECRET: 'app-secret',
      WECOM_API_BASE: fake.apiBase,
    });

  it('syncs each configured directory and logs what changed', async () => {
    const lines: string[] = [];
    await reconcileDirectories(env.deps, sources(), (l) => lines.push(l), 'en');
    expect(lines).toEqual(['directory wecom: 1 teams and 1 people changed, 0 made inactive']);
    const people = await env.deps.store.transaction((tx) => tx.org.people());
    expect(people.map((p) => p.identities.wecom)).toEqual(['a']);
  });

  it('logs a refused call with its errcode and what to do, and changes nothing', async () => {
    fake.trustedIp = false;
    const lines: string[] = [];
    await reconcileDirectories(env.deps, sources(), (l) => lines.push(l), 'zh-CN');
    expect(lines[0]).toContain('60020');
    expect(lines[0]).toContain('企业可信IP');
    expect(await env.deps.store.transaction((tx) => tx.org.people())).toEqual([]);
  });

  it('refuses an unknown platform or missing credentials at start-up', () => {
    expect(() => directorySourcesFromEnv({ DIRECTORY_SYNC: 'lark' })).toThrow(
      /directory sync is misconfigured/,
    );
    expect(() => directorySourcesFromEnv({ DIRECTORY_SYNC: 'dingtalk' })).toThrow(
      /dingtalk directory cannot be read/,
    );
    expect(directorySourcesFromEnv({})).toEqual([]);
  });
});
