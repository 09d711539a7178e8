import { describe, expect, it } from 'vitest';
import type { Person, Team } from '../../../kernel/types.ts';
import type { DirectorySnapshot, DirectoryUser } from './directory.ts';
import { planDirectorySync, type CurrentOrg } from './directory-plan.ts';

const user = (
  externalId: string,
  mainDepartment: string | null,
  extra: Partial<DirectoryUser> = {},
): DirectoryUser => ({
  externalId,
  name: externalId.toUpperCase(),
  email: null,
  mainDepartment,
  active: true,
  ...extra,
});

const person = (id: string, extra: Partial<Person> = {}): Person => ({
  id,
  name: id,
  teamId: null,
  role: 'rep',
  skills: [],
  capacity: 8,
  email: null,
  locale: null,
  active: true,
  outOfOffice: false,
  identities: {},
  ...extra,
});

const empty: CurrentOrg = { people: [], teams: [], teamMap: {}, overlay: {} };

/** Root 10 (its parent 1 is outside the range) → 11 (leader b) → 12 (no leader). */
const snapshot: DirectorySnapshot = {
  platform: 'wecom',
  departments: [
    { id: '10', name: 'Sales', parentId: null, leaders: ['a'] },
    { id: '11', name: 'East', parentId: '10', leaders: ['b'] },
    { id: '12', name: 'South', parentId: '11', leaders: [] },
  ],
  users: [user('a', '10'), user('b', '11'), user('c', '12'), user('d', '12', { active: false })],
};

describe('planDirectorySync', () => {
  it('makes a team per department, managed by its leader or the nearest one above', () => {
    const plan = planDirectorySync(snapshot, empty, { mode: 'full' });
    expect(plan.teams.map((t) => [t.team.id, t.team.managerId])).toEqual([
      ['wecom-10', 'wecom-a'],
      ['wecom-11', 'wecom-b'],
      ['wecom-12', 'wecom-b'],
    ]);
    expect(plan.people.map((p) => [p.person.id, p.person.teamId, p.person.role, p.person.active])).toEqual([
      ['wecom-a', 'wecom-10', 'manager', true],
      ['wecom-b', 'wecom-11', 'manager', true],
      ['wecom-c', 'wecom-12', 'rep', true],
      ['wecom-d', 'wecom-12', 'rep', false],
    ]);
  });

  it('skips a leader who left when choosing the manager', () => {
    const s = {
      ...snapshot,
      users: snapshot.users.map((u) => (u.externalId === 'b' ? { ...u, active: false } : u)),
    };
    const plan = planDirectorySync(s, empty, { mode: 'full' });
    expect(plan.teams.find((t) => t.departmentId === '11')?.team.managerId).toBe('wecom-a');
  });

  it('lets the overlay win and never demotes, and makes a person missing from a full read inactive', () => {
    const current: CurrentOrg = {
      people: [
        person('alice', { identities: { wecom: 'a' }, role: 'director' }),
        person('carl', { identities: { wecom: 'c' }, skills: ['x'] }),
        person('gone', { identities: { wecom: 'z' } }),
        person('file-only'),
      ],
      teams: [],
      teamMap: {},
      overlay: { carl: { role: 'presales', capacity: 2 } },
    };
    const plan = planDirectorySync(snapshot, current, { mode: 'full' });
    const of = (id: string) => plan.people.find((p) => p.person.id === id)?.person;
    expect(of('alice')?.role).toBe('director');
    expect(of('carl')).toMatchObject({ role: 'presales', capacity: 2, skills: ['x'] });
    expect(of('gone')?.active).toBe(false);
    expect(of('file-only')).toBeUndefined();
    expect(plan.deactivated).toEqual(['gone']);
  });

  it('in partial mode changes only what it names, keeps a team’s manager it cannot work out, and follows a rename', () => {
    const current: CurrentOrg = {
      people: [person('bob', { identities: { wecom: 'b' } }), person('zed', { identities: { wecom: 'z' } })],
      teams: [{ id: 'east', name: 'East', managerId: 'bob', channels: {} } satisfies Team],
      teamMap: { '11': 'east' },
      overlay: {},
    };
    const plan = planDirectorySync(
      {
        platform: 'wecom',
        departments: [{ id: '11', name: 'East 2', parentId: '10', leaders: [] }],
        users: [user('b2', '11')],
      },
      current,
      { mode: 'partial', renamed: { b: 'b2' } },
    );
    expect(plan.teams).toEqual([
      {
        departmentId: '11',
        team: { id: 'east', name: 'East 2', managerId: 'bob', channels: {} },
        change: 'update',
      },
    ]);
    expect(plan.people.map((p) => [p.person.id, p.person.identities.wecom, p.fields])).toEqual([
      ['bob', 'b2', ['name', 'teamId', 'identities']],
    ]);
    expect(plan.deactivated).toEqual([]); // zed is not named: untouched
  });

  it('gives a new person their email’s name when free, else platform-id, never a taken id', () => {
    const current: CurrentOrg = {
      ...empty,
      people: [person('li')],
      teams: [{ id: 'wecom-10', name: 'Other', managerId: null, channels: {} }],
    };
    const plan = planDirectorySync(
      {
        platform: 'wecom',
        departments: [{ id: '10', name: 'Sales', parentId: null, leaders: [] }],
        users: [
          user('LiMin', '10', { email: 'li@example.com' }),
          user('Wang', '10', { email: 'wang@example.com' }),
        ],
      },
      current,
      { mode: 'full' },
    );
    expect(plan.people.map((p) => p.person.id)).toEqual(['wecom-limin', 'wang']);
    expect(plan.teams[0]?.team.id).toBe('wecom-10-2');
  });
});
