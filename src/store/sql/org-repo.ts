import { randomUUID } from 'node:crypto';
import type { Person } from '../../kernel/types.ts';
import type { OrgRepo, RepStats } from '../../modules/ports.ts';
import { people, personIdentities, repStats, settings } from '../schema/index.ts';
import { columnNames, type RowOf } from './columns.ts';
import { forUpdate, type Executor } from './executor.ts';
import { personFromRow, teamFromRow, type IdentityRow, type PersonRow, type TeamRow } from './rows.ts';

/**
 * Routing reads everyone for every lead; the org changes rarely. People are cached under a version token that
 * every org change (in any process, e.g. `leadline org import` beside a running server) replaces — a random
 * token, not a counter, so a rolled-back change is never mistaken for a later one. One cache per store.
 */
export interface OrgCache {
  people: { version: string; people: Person[] } | null;
}

/** PersonRow's columns: all of `people` but the assignment time and `updated_at`, read and written apart. */
const PERSON_COLUMNS = Object.values(columnNames(people))
  .filter((c) => c !== 'last_assigned_at' && c !== 'updated_at')
  .join(', ');
const IDENTITY_COLUMNS = Object.values(columnNames(personIdentities)).join(', ');

export function orgRepo(db: Executor, cache: OrgCache): OrgRepo {
  const orgChanged = () =>
    db.run(
      `insert into settings (key, value) values ('org_version', ?) on conflict (key) do update set value = excluded.value`,
      [randomUUID()],
    );

  const identitiesOf = (personId: string) =>
    db.all<IdentityRow>(`select ${IDENTITY_COLUMNS} from person_identities where person_id = ?`, [personId]);

  /**
   * Replaces a person's identities. An id another person holds moves to this one: the org file, which lists
   * each id once, is the truth, and the table allows an id to one person only.
   */
  const setIdentities = async (personId: string, identities: Array<[string, string]>) => {
    await db.run(`delete from person_identities where person_id = ?`, [personId]);
    for (const [platform, externalId] of identities) {
      await db.run(`delete from person_identities where platform = ? and external_id = ?`, [
        platform,
        externalId,
      ]);
      await db.run(`insert into person_identities (${IDENTITY_COLUMNS}) values (?, ?, ?)`, [
        personId,
        platform,
        externalId,
      ]);
    }
  };

  return {
    async upsertTeam(team, now) {
      const existing = await db.get<TeamRow>(
        `select id, name, manager_id, channels from teams where id = ?`,
        [team.id],
      );
      const channels = JSON.stringify(team.channels);
      if (existing === undefined) {
        await db.run(
          `insert into teams (id, name, manager_id, channels, updated_at) values (?, ?, ?, ?, ?)`,
          [team.id, team.name, team.managerId, channels, now],
        );
        await orgChanged();
        return 'created';
      }
      if (
        existing.name === team.name &&
        existing.manager_id === team.managerId &&
        existing.channels === channels
      )
        return 'unchanged';
      await db.run(`update teams set name = ?, manager_id = ?, channels = ?, updated_at = ? where id = ?`, [
        team.name,
        team.managerId,
        channels,
        now,
        team.id,
      ]);
      await orgChanged();
      return 'updated';
    },

    async upsertPerson(p, now) {
      const existing = await db.get<PersonRow>(`select ${PERSON_COLUMNS} from people where id = ?`, [p.id]);
      const row: PersonRow = {
        id: p.id,
        name: p.name,
        team_id: p.teamId,
        role: p.role,
        skills: JSON.stringify(p.skills),
        capacity: p.capacity,
        email: p.email,
        locale: p.locale,
        active: p.active ? 1 : 0,
        out_of_office: p.outOfOffice ? 1 : 0,
      };
      const cols = Object.keys(row) as Array<keyof PersonRow>;
      const wanted = Object.entries(p.identities).filter((e): e is [string, string] => e[1] !== undefined);
      if (existing === undefined) {
        await db.run(
          `insert into people (${cols.join(', ')}, updated_at) values (${cols.map(() => '?').join(', ')}, ?)`,
          [...cols.map((c) => row[c]), now],
        );
        await setIdentities(p.id, wanted);
        await orgChanged();
        return 'created';
      }
      const had = await identitiesOf(p.id);
      const sameIdentities =
        had.length === wanted.length &&
        wanted.every(([platform, id]) => had.some((i) => i.platform === platform && i.external_id === id));
      if (sameIdentities && cols.every((c) => existing[c] === row[c])) return 'unchanged';
      const sets = cols.filter((c) => c !== 'id');
      await db.run(
        `update people set ${sets.map((c) => `${c} = ?`).join(', ')}, updated_at = ? where id = ?`,
        [...sets.map((c) => row[c]), now, p.id],
      );
      if (!sameIdentities) await setIdentities(p.id, wanted);
      await orgChanged();
      return 'updated';
    },

    async team(id) {
      const r = await db.get<TeamRow>(`select id, name, manager_id, channels from teams where id = ?`, [id]);
      return r === undefined ? null : teamFromRow(r);
    },

    async teams() {
      return (await db.all<TeamRow>(`select id, name, manager_id, channels from teams order by id`)).map(
        teamFromRow,
      );
    },

    async person(id) {
      const r = await db.get<PersonRow>(`select ${PERSON_COLUMNS} from people where id = ?`, [id]);
      return r === undefined ? null : personFromRow(r, await identitiesOf(r.id));
    },

    async lockPerson(id) {
      // Serialises one person's claims across instances (the daily cap and capacity are read, then written).
      await db.get(`select id from people where id = ?${forUpdate(db.dialect)}`, [id]);
    },

    async people() {
      const version =
        (
          await db.get<Pick<RowOf<typeof settings>, 'value'>>(
            `select value from settings where key = 'org_version'`,
          )
        )?.value ?? '';
      if (cache.people?.version !== version) {
        const rows = await db.all<PersonRow>(`select ${PERSON_COLUMNS} from people order by id`);
        const identities = new Map<string, IdentityRow[]>();
        for (const i of await db.all<IdentityRow>(`select ${IDENTITY_COLUMNS} from person_identities`)) {
          identities.set(i.person_id, [...(identities.get(i.person_id) ?? []), i]);
        }
        cache.people = {
          version,
          people: rows.map((r) => personFromRow(r, identities.get(r.id) ?? [])),
        };
      }
      // Copies, so a caller that changes what it got cannot change the cache.
      return cache.people.people.map((p) => ({
        ...p,
        skills: [...p.skills],
        identities: { ...p.identities },
      }));
    },

    async personByIdentity(platform, externalId) {
      const r = await db.get<PersonRow>(
        `select ${PERSON_COLUMNS} from people where id =
           (select person_id from person_identities where platform = ? and external_id = ?)`,
        [platform, externalId],
      );
      return r === undefined ? null : personFromRow(r, await identitiesOf(r.id));
    },

    async lastAssigned() {
      // `at` is last_assigned_at under another name, nullable in the schema but not null here (the where clause).
      const rows = await db.all<Pick<RowOf<typeof people>, 'id'> & { at: number }>(
        `select id, last_assigned_at as at from people where last_assigned_at is not null`,
      );
      return new Map(rows.map((r) => [r.id, Number(r.at)]));
    },

    async setLastAssigned(personId, at) {
      await db.run(`update people set last_assigned_at = ? where id = ?`, [at, personId]);
    },

    async repStats() {
      const rows = await db.all<
        Pick<RowOf<typeof repStats>, 'person_id' | 'win_rate_30d' | 'avg_follow_up_minutes'>
      >(`select person_id, win_rate_30d, avg_follow_up_minutes from rep_stats`);
      return new Map(
        rows.map((r): [string, RepStats] => [
          r.person_id,
          { winRate30d: r.win_rate_30d, avgFollowUpMinutes: r.avg_follow_up_minutes },
        ]),
      );
    },

    async refreshRepStats(since, now) {
      const closed = await db.all<{ owner_id: string; won: number; n: number }>(
        `select owner_id, sum(case when status = 'won' then 1 else 0 end) as won, count(*) as n from leads
         where closed_at is not null and closed_at >= ? and closed_at <= ? and owner_id is not null group by owner_id`,
        [since, now],
      );
      const speed = await db.all<{ owner_id: string; avg: number }>(
        `select owner_id, cast(avg((first_touch_at - claimed_at) / 60000.0) as double precision) as avg from leads
         where first_touch_at is not null and claimed_at is not null and claimed_at >= ? and owner_id is not null group by owner_id`,
        [since],
      );
      const byPerson = new Map<string, RepStats>();
      for (const r of closed) {
        const n = Number(r.n);
        byPerson.set(r.owner_id, { winRate30d: n > 0 ? Number(r.won) / n : null, avgFollowUpMinutes: null });
      }
      for (const r of speed) {
        const s = byPerson.get(r.owner_id) ?? { winRate30d: null, avgFollowUpMinutes: null };
        byPerson.set(r.owner_id, { ...s, avgFollowUpMinutes: Number(r.avg) });
      }
      await db.run(`delete from rep_stats`);
      for (const [personId, s] of byPerson) {
        await db.run(
          `insert into rep_stats (person_id, win_rate_30d, avg_follow_up_minutes, computed_at) values (?, ?, ?, ?)`,
          [personId, s.winRate30d, s.avgFollowUpMinutes, now],
        );
      }
      return byPerson.size;
    },
  };
}
