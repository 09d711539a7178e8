// `org sync wecom`: the WeCom address book (a local fake with WeCom's own answers) into people and teams, on SQLite
// and PostgreSQL. A sub-department visible range, a person in two departments, a leaver holding a lead, paging,
// an errcode mid-way (nothing changes), the org file's overlay surviving a re-sync, and --dry-run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { wecomDirectory } from '../adapters/wecom/directory.ts';
import { DirectoryError } from '../src/modules/org/rules/directory.ts';
import { directoryFailureText } from '../src/modules/org/directory-text.ts';
import { parseOrgFile } from '../src/modules/org/org-file.ts';
import { importOrg } from '../src/modules/org/use-cases/import-org.ts';
import { syncDirectory } from '../src/modules/org/use-cases/sync-directory.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { startFakeWecomDirectory, type FakeWecomDirectory } from './fixtures/fake-directory-wecom.ts';
import { DATABASES, leadFields, person, useTestEnv, type TestEnv } from './helpers.ts';

/** 公司 (1) → 销售部 (2, leader wangqiang) → 华东组 (3, leader limin), 华南组 (4, no leader); 研发部 (5) elsewhere. */
function seedCompany(fake: FakeWecomDirectory): void {
  for (const d of [
    { id: 1, name: '公司', parentid: 0 },
    { id: 2, name: '销售部', parentid: 1, leaders: ['wangqiang'] },
    { id: 3, name: '华东组', parentid: 2, leaders: ['limin'] },
    { id: 4, name: '华南组', parentid: 2 },
    { id: 5, name: '研发部', parentid: 1, leaders: ['dev1'] },
  ])
    fake.departments.set(d.id, d);
  for (const m of [
    { userid: 'wangqiang', name: '王强', department: [2], email: 'wang.qiang@example.com' },
    { userid: 'limin', name: '李敏', department: [3] },
    // In two departments; WeCom's main_department says 华南组.
    { userid: 'zhaolei', name: '赵磊', department: [3, 4], main_department: 4 },
    { userid: 'chenjing', name: '陈静', department: [4], status: 2 as const },
    { userid: 'dev1', name: '开发一', department: [5] },
  ])
    fake.members.set(m.userid, m);
  // The app sees 销售部 and below: its root is department 2, whose parent (1) it cannot see.
  fake.visible.add(2);
}

describe.each(DATABASES)('org sync wecom (%s)', (db) => {
  const env = useTestEnv(db);
  let fake: FakeWecomDirectory;
  beforeEach(async () => {
    fake = await startFakeWecomDirectory();
    seedCompany(fake);
  });
  afterEach(() => fake.close());

  const directory = (contact = true) =>
    wecomDirectory({
      corpId: 'wwcorp',
      secret: 'app-secret',
      apiBase: fake.apiBase,
      ...(contact ? { contactSecret: 'contact-secret' } : {}),
      sleep: (ms: number) => {
        waited.push(ms);
        return Promise.resolve();
      },
    });
  const waited: number[] = [];
  const people = (e: TestEnv) => e.deps.store.transaction((tx) => tx.org.people());
  const teams = (e: TestEnv) => e.deps.store.transaction((tx) => tx.org.teams());
  const byWecom = async (e: TestEnv, id: string) =>
    (await people(e)).find((p) => p.identities.wecom === id) ?? null;

  it('makes teams of the visible departments, managers of their leaders, and each person a member of their main department', async () => {
    fake.listIdPage = 2; // user/list_id answers in pages of 2 rows: the client follows next_cursor
    const snapshot = await directory().snapshot();
    expect(fake.calls.filter((c) => c === 'user/list_id').length).toBeGreaterThan(2);
    const r = await syncDirectory(env().deps, snapshot);
    expect(r.applied).toBe(true);

    const t = await teams(env());
    expect(t.map((x) => x.name).sort()).toEqual(['华东组', '华南组', '销售部']);
    const team = (name: string) => t.find((x) => x.name === name)!;
    const wang = (await byWecom(env(), 'wangqiang'))!;
    const li = (await byWecom(env(), 'limin'))!;
    expect(team('销售部').managerId).toBe(wang.id);
    expect(team('华东组').managerId).toBe(li.id);
    // No leader of its own: the nearest one above manages it.
    expect(team('华南组').managerId).toBe(wang.id);
    expect(wang).toMatchObject({ id: 'wang.qiang', role: 'manager', teamId: team('销售部').id });
    expect(li.role).toBe('manager');
    const zhao = (await byWecom(env(), 'zhaolei'))!;
    expect(zhao).toMatchObject({ teamId: team('华南组').id, role: 'rep', active: true, capacity: 8 });
    expect((await byWecom(env(), 'chenjing'))!.active).toBe(false); // disabled in WeCom
    // 研发部 is outside the visible range: user/list_id (contact-sync secret) names its member, who is left out.
    expect(await byWecom(env(), 'dev1')).toBeNull();
  });

  it('waits and tries again when WeCom says the call frequency is over its limit (45009)', async () => {
    waited.length = 0;
    fake.failAt('user/get', 2, 45009);
    fake.failAt('user/get', 3, 45009);
    const snapshot = await directory().snapshot();
    expect(snapshot.users).toHaveLength(4);
    // Two refusals, each followed by a wait (1 s, or 2 s when the same call was refused twice), then success.
    expect(waited).toHaveLength(2);
    expect(waited.every((ms) => ms === 1000 || ms === 2000)).toBe(true);
  });

  it('reads each department with user/simplelist when there is no contact-sync secret, and sees only the visible range', async () => {
    const snapshot = await directory(false).snapshot();
    expect(fake.calls).not.toContain('user/list_id');
    expect(snapshot.users.map((u) => u.externalId).sort()).toEqual([
      'chenjing',
      'limin',
      'wangqiang',
      'zhaolei',
    ]);
    expect(snapshot.departments.find((d) => d.id === '2')?.parentId).toBeNull();
  });

  it('makes a leaver inactive and routes their lead again with the reason', async () => {
    await syncDirectory(env().deps, await directory().snapshot());
    const submitted = await submitLead(env().deps, { fields: leadFields(), via: 'api' });
    if (submitted.kind === 'duplicate') throw new Error('a fresh lead');
    const lead = submitted;
    const owner = (await people(env())).find((p) => p.id === lead.lead.ownerId)!;
    expect(owner.identities.wecom).toBeDefined(); // routed to someone from the directory

    fake.members.delete(owner.identities.wecom!); // left the company: WeCom no longer lists them
    const r = await syncDirectory(env().deps, await directory().snapshot());
    expect(r.plan.deactivated).toEqual([owner.id]);
    expect(r.rerouted).toEqual([{ personId: owner.id, leads: [lead.lead.id] }]);
    expect((await byWecom(env(), owner.identities.wecom!))!.active).toBe(false);
    const held = await env().deps.store.transaction((tx) => tx.leads.heldBy(owner.id));
    expect(held).toEqual([]);
    const events = await env().deps.store.transaction((tx) => tx.events.forLead(lead.lead.id));
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'lead.rerouted', reason: 'OWNER_INACTIVE', from: owner.id }),
    );
  });

  it('changes nothing when a call fails mid-way, and says which call, with WeCom’s errcode and what to do', async () => {
    await syncDirectory(env().deps, await directory().snapshot());
    const before = { people: await people(env()), teams: await teams(env()) };
    fake.members.set('newbie', { userid: 'newbie', name: '新人', department: [3] });
    fake.members.get('limin')!.name = '李敏敏';
    fake.failAt('user/get', 3, 60011);
    const err = await directory()
      .snapshot()
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(DirectoryError);
    expect((err as DirectoryError).failure).toMatchObject({
      platform: 'wecom',
      call: 'user/get',
      code: '60011',
    });
    expect(await people(env())).toEqual(before.people);
    expect(await teams(env())).toEqual(before.teams);

    fake.trustedIp = false;
    const ip = (await directory()
      .snapshot()
      .catch((e: unknown) => e)) as DirectoryError;
    expect(ip.failure.code).toBe('60020');
    const [zh, zhHint] = directoryFailureText(ip.failure, 'zh-CN');
    expect(zh).toContain('60020');
    expect(zh).toContain('未做任何更改');
    expect(zhHint).toContain('企业可信IP');
    expect(directoryFailureText(ip.failure, 'en')[1]).toContain('trusted IPs');
  });

  it('keeps the org file’s overlay (role, skills, capacity, out of office) through a re-sync, and the directory’s name changes', async () => {
    await syncDirectory(env().deps, await directory().snapshot());
    const overlay = parseOrgFile(
      [
        'people:',
        '  - wecom: zhaolei',
        '    role: presales',
        '    skills: [医疗基建]',
        '    capacity: 3',
        '  - email: wang.qiang@example.com',
        '    outOfOffice: true',
        '  - name: 李敏',
        '    locale: en',
        '  - email: nobody@example.com',
        '    capacity: 1',
      ].join('\n'),
    );
    const imported = await importOrg(env().deps, overlay);
    expect(imported.unmatched).toEqual(['people[3]: email nobody@example.com matches nobody']);
    fake.members.get('zhaolei')!.name = '赵磊磊';
    fake.members.get('zhaolei')!.main_department = 3;
    const r = await syncDirectory(env().deps, await directory().snapshot());
    const zhao = (await byWecom(env(), 'zhaolei'))!;
    expect(zhao).toMatchObject({ name: '赵磊磊', role: 'presales', skills: ['医疗基建'], capacity: 3 });
    expect(zhao.teamId).toBe((await teams(env())).find((t) => t.name === '华东组')!.id);
    expect((await byWecom(env(), 'wangqiang'))!.outOfOffice).toBe(true);
    expect((await byWecom(env(), 'limin'))!.locale).toBe('en');
    expect(r.plan.people.find((p) => p.externalId === 'zhaolei')?.fields.sort()).toEqual(['name', 'teamId']);
  });

  it('on --dry-run plans the changes and writes nothing', async () => {
    const r = await syncDirectory(env().deps, await directory().snapshot(), { dryRun: true });
    expect(r.applied).toBe(false);
    expect(r.plan.people.filter((p) => p.change === 'create')).toHaveLength(4);
    expect(await people(env())).toEqual([]);
    expect(await teams(env())).toEqual([]);
  });

  it('matches a person the org file already has by email and adds the WeCom id to them', async () => {
    await importOrg(env().deps, {
      timezone: null,
      locale: null,
      teams: [{ id: 'east-1', name: '华东组', managerId: null, channels: { wecom: 'wrChat' } }],
      people: [person('wq', { email: 'Wang.Qiang@example.com', teamId: 'east-1', skills: ['教育'] })],
    });
    await syncDirectory(env().deps, await directory().snapshot());
    const wang = (await byWecom(env(), 'wangqiang'))!;
    expect(wang.id).toBe('wq');
    expect(wang.skills).toEqual(['教育']);
    // The department of the same name became that team (its chat kept), not a second one.
    const t = await teams(env());
    expect(t.filter((x) => x.name === '华东组')).toEqual([
      expect.objectContaining({ id: 'east-1', channels: { wecom: 'wrChat' } }),
    ]);
  });
});
