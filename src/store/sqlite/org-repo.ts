import { randomUUID } from 'node:crypto';
import { and, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { Person, Platform, Role, Team } from '../../domain/types.ts';
import type { OrgRepo, RepStats } from '../../engine/ports.ts';
import { leads } from '../schema/leads.ts';
import { settings } from '../schema/admin.ts';
import { people, repStats, teams } from '../schema/org.ts';
import type { Db } from './connection.ts';
import { parseJson } from './json.ts';

type PersonRow = typeof people.$inferSelect;

function personFromRow(r: PersonRow): Person {
  const identities: Partial<Record<Platform, string>> = {};
  if (r.slackId !== null) identities.slack = r.slackId;
  if (r.wecomId !== null) identities.wecom = r.wecomId;
  if (r.dingtalkId !== null) identities.dingtalk = r.dingtalkId;
  return {
    id: r.id,
    name: r.name,
    teamId: r.teamId,
    role: r.role as Role,
    skills: parseJson<string[]>(r.skills, []),
    capacity: r.capacity,
    email: r.email,
    locale: r.locale,
    active: r.active === 1,
    outOfOffice: r.outOfOffice === 1,
    identities,
  };
}

function teamFromRow(r: typeof teams.$inferSelect): Team {
  return { id: r.id, name: r.name, managerId: r.managerId, channels: parseJson(r.channels, {}) };
}

export function sqliteOrgRepo(db: Db): OrgRepo {
  const peopleStmt = db.select().from(people).orderBy(people.id).prepare();
  const lastAssignedStmt = db
    .select({ id: people.id, at: people.lastAssignedAt })
    .from(people)
    .where(isNotNull(people.lastAssignedAt))
    .prepare();
  const statsStmt = db.select().from(repStats).prepare();
  const setLastStmt = db
    .update(people)
    .set({ lastAssignedAt: sql.placeholder('at') as unknown as number })
    .where(eq(people.id, sql.placeholder('id')))
    .prepare();

  // Routing reads everyone for every lead; the org changes rarely. People are cached under a version token
  // that every org change (in any process, e.g. `leadline org import` beside a running server) replaces.
  // A random token, not a counter: a rolled-back change must never be mistaken for a later one.
  const versionStmt = db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, 'org_version'))
    .prepare();
  let cache: { version: string; people: Person[] } | null = null;
  const orgChanged = () => {
    db.insert(settings)
      .values({ key: 'org_version', value: randomUUID() })
      .onConflictDoUpdate({ target: settings.key, set: { value: randomUUID() } })
      .run();
  };

  return {
    async upsertTeam(team, now) {
      const existing = db.select().from(teams).where(eq(teams.id, team.id)).get();
      const values = {
        id: team.id,
        name: team.name,
        managerId: team.managerId,
        channels: JSON.stringify(team.channels),
      };
      if (existing === undefined) {
        db.insert(teams)
          .values({ ...values, updatedAt: now })
          .run();
        orgChanged();
        return 'created';
      }
      const same =
        existing.name === values.name &&
        existing.managerId === values.managerId &&
        existing.channels === values.channels;
      if (same) return 'unchanged';
      db.update(teams)
        .set({ ...values, updatedAt: now })
        .where(eq(teams.id, team.id))
        .run();
      orgChanged();
      return 'updated';
    },

    async upsertPerson(p, now) {
      const existing = db.select().from(people).where(eq(people.id, p.id)).get();
      const values = {
        id: p.id,
        name: p.name,
        teamId: p.teamId,
        role: p.role,
        skills: JSON.stringify(p.skills),
        capacity: p.capacity,
        email: p.email,
        locale: p.locale,
        active: p.active ? 1 : 0,
        outOfOffice: p.outOfOffice ? 1 : 0,
        slackId: p.identities.slack ?? null,
        wecomId: p.identities.wecom ?? null,
        dingtalkId: p.identities.dingtalk ?? null,
      };
      if (existing === undefined) {
        db.insert(people)
          .values({ ...values, updatedAt: now })
          .run();
        orgChanged();
        return 'created';
      }
      const same = (Object.keys(values) as Array<keyof typeof values>).every(
        (k) => existing[k] === values[k],
      );
      if (same) return 'unchanged';
      db.update(people)
        .set({ ...values, updatedAt: now })
        .where(eq(people.id, p.id))
        .run();
      orgChanged();
      return 'updated';
    },

    async team(id) {
      const r = db.select().from(teams).where(eq(teams.id, id)).get();
      return r === undefined ? null : teamFromRow(r);
    },

    async teams() {
      return db.select().from(teams).orderBy(teams.id).all().map(teamFromRow);
    },

    async person(id) {
      const r = db.select().from(people).where(eq(people.id, id)).get();
      return r === undefined ? null : personFromRow(r);
    },

    async people() {
      const version = versionStmt.get()?.value ?? '';
      if (cache?.version !== version) cache = { version, people: peopleStmt.all().map(personFromRow) };
      // Copies, so a caller that changes what it got cannot change the cache.
      return cache.people.map((p) => ({ ...p, skills: [...p.skills], identities: { ...p.identities } }));
    },

    async personByIdentity(platform, platformId) {
      const col =
        platform === 'slack' ? people.slackId : platform === 'wecom' ? people.wecomId : people.dingtalkId;
      const r = db.select().from(people).where(eq(col, platformId)).get();
      return r === undefined ? null : personFromRow(r);
    },

    async lastAssigned() {
      return new Map(lastAssignedStmt.all().map((r) => [r.id, r.at as number]));
    },

    async setLastAssigned(personId, at) {
      setLastStmt.run({ id: personId, at });
    },

    async repStats() {
      return new Map(
        statsStmt
          .all()
          .map((r): [string, RepStats] => [
            r.personId,
            { winRate30d: r.winRate30d, avgFollowUpMinutes: r.avgFollowUpMinutes },
          ]),
      );
    },

    async refreshRepStats(since, now) {
      const closed = db
        .select({
          ownerId: leads.ownerId,
          won: sql<number>`sum(case when ${leads.status} = 'won' then 1 else 0 end)`,
          n: sql<number>`count(*)`,
        })
        .from(leads)
        .where(
          and(
            isNotNull(leads.closedAt),
            gte(leads.closedAt, since),
            lte(leads.closedAt, now),
            isNotNull(leads.ownerId),
          ),
        )
        .groupBy(leads.ownerId)
        .all();
      const speed = db
        .select({
          ownerId: leads.ownerId,
          avg: sql<number>`avg((${leads.firstTouchAt} - ${leads.claimedAt}) / 60000.0)`,
        })
        .from(leads)
        .where(
          and(
            isNotNull(leads.firstTouchAt),
            isNotNull(leads.claimedAt),
            gte(leads.claimedAt, since),
            isNotNull(leads.ownerId),
          ),
        )
        .groupBy(leads.ownerId)
        .all();
      const byPerson = new Map<string, RepStats>();
      for (const r of closed) {
        byPerson.set(r.ownerId as string, {
          winRate30d: r.n > 0 ? r.won / r.n : null,
          avgFollowUpMinutes: null,
        });
      }
      for (const r of speed) {
        const s = byPerson.get(r.ownerId as string) ?? { winRate30d: null, avgFollowUpMinutes: null };
        byPerson.set(r.ownerId as string, { ...s, avgFollowUpMinutes: r.avg });
      }
      db.delete(repStats).run();
      for (const [personId, s] of byPerson) {
        db.insert(repStats)
          .values({ personId, ...s, computedAt: now })
          .run();
      }
      return byPerson.size;
    },
  };
}
