// What a directory sync would change: the platform's departments and people against ours, with the org file's
// overlay on top. Pure: the caller loads the current state and applies (or, on --dry-run, only prints) the plan.
import type { Person, Platform, Team } from '../../../kernel/types.ts';
import type { DirectoryDepartment, DirectorySnapshot, DirectoryUser, Overlay, TeamMap } from './directory.ts';

export type Change = 'create' | 'update' | 'unchanged';

export interface PlannedTeam {
  departmentId: string;
  team: Team;
  change: Change;
}

export interface PlannedPerson {
  /** The platform's user id; for a leaver found in our database, the id they had. */
  externalId: string;
  person: Person;
  was: Person | null;
  change: Change;
  /** Fields that differ from what we had (for --dry-run and the log). */
  fields: string[];
}

export interface DirectoryPlan {
  platform: Platform;
  teams: PlannedTeam[];
  people: PlannedPerson[];
  /** People active before and not after: their leads go back through routing. */
  deactivated: string[];
  teamMap: TeamMap;
}

export interface CurrentOrg {
  people: readonly Person[];
  teams: readonly Team[];
  teamMap: TeamMap;
  overlay: Overlay;
}

export interface PlanOptions {
  /**
   * `full`: the snapshot is everything the app can see, so a person we had on this platform who is not in it has
   * left. `partial` (one event): only what the snapshot names changes, plus the ids in `left`.
   */
  mode: 'full' | 'partial';
  left?: readonly string[];
  /** Platform ids that changed (WeCom's NewUserID): old → new; the person keeps everything else. */
  renamed?: Readonly<Record<string, string>>;
}

/** Capacity of a person the directory brings in and the org file says nothing about (the org file's default). */
export const DEFAULT_CAPACITY = 8;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');

export function planDirectorySync(
  snapshot: DirectorySnapshot,
  current: CurrentOrg,
  options: PlanOptions,
): DirectoryPlan {
  const { platform } = snapshot;
  const byIdentity = new Map<string, Person>();
  const byEmail = new Map<string, Person>();
  const takenPeople = new Set(current.people.map((p) => p.id));
  for (const p of current.people) {
    const ext = p.identities[platform];
    if (ext !== undefined) byIdentity.set(ext, p);
    else if (p.email !== null && p.email !== '') byEmail.set(p.email.toLowerCase(), p);
  }

  // 1. Who is who: our person for each directory user (by this platform's id, then by email), or a new id.
  for (const [from, to] of Object.entries(options.renamed ?? {})) {
    const p = byIdentity.get(from);
    if (p === undefined || byIdentity.has(to)) continue;
    byIdentity.delete(from);
    byIdentity.set(to, p);
  }
  const claimed = new Set<string>();
  const personOf = new Map<string, { id: string; was: Person | null }>();
  for (const u of snapshot.users) {
    let was = byIdentity.get(u.externalId) ?? null;
    if (was === null && u.email !== null) {
      const m = byEmail.get(u.email.toLowerCase());
      if (m !== undefined && !claimed.has(m.id)) was = m;
    }
    const id = was?.id ?? newPersonId(u, platform, takenPeople);
    takenPeople.add(id);
    claimed.add(id);
    personOf.set(u.externalId, { id, was });
  }
  const personIdOfExternal = (ext: string): string | null =>
    personOf.get(ext)?.id ?? byIdentity.get(ext)?.id ?? null;

  // 2. Departments → teams (mapped before, else a team of the same name not mapped yet, else a new id).
  const teamMap: TeamMap = { ...current.teamMap };
  const mappedTeams = new Set(Object.values(teamMap));
  const takenTeams = new Set(current.teams.map((t) => t.id));
  const teamsById = new Map(current.teams.map((t) => [t.id, t]));
  for (const d of snapshot.departments) {
    if (teamMap[d.id] !== undefined) continue;
    const sameName = current.teams.find((t) => t.name === d.name && !mappedTeams.has(t.id));
    let id = sameName?.id ?? `${platform}-${slug(d.id) || 'dept'}`;
    for (let n = 2; sameName === undefined && takenTeams.has(id); n++) id = `${platform}-${slug(d.id)}-${n}`;
    teamMap[d.id] = id;
    mappedTeams.add(id);
    takenTeams.add(id);
  }

  const activeUsers = new Map(snapshot.users.filter((u) => u.active).map((u) => [u.externalId, u]));
  const deptById = new Map(snapshot.departments.map((d) => [d.id, d]));
  const leaderOf = (d: DirectoryDepartment): string | null => {
    for (const ext of d.leaders) {
      const id = personIdOfExternal(ext);
      if (id === null) continue;
      // A leader who left is no manager; one we only know from before (partial mode) still is.
      if (activeUsers.has(ext) || (!personOf.has(ext) && byIdentity.get(ext)?.active === true)) return id;
    }
    return null;
  };
  /** The department's own leader, else the nearest leader above it (someone must hear about a rep's leads). */
  const managerOf = (d: DirectoryDepartment): string | null => {
    const seen = new Set<string>();
    for (let at: DirectoryDepartment | undefined = d; at !== undefined && !seen.has(at.id);) {
      seen.add(at.id);
      const m = leaderOf(at);
      if (m !== null) return m;
      at = at.parentId === null ? undefined : deptById.get(at.parentId);
    }
    return null;
  };

  const teams: PlannedTeam[] = snapshot.departments.map((d) => {
    const id = teamMap[d.id] as string;
    const was = teamsById.get(id) ?? null;
    const manager = managerOf(d) ?? (options.mode === 'partial' ? (was?.managerId ?? null) : null);
    const team: Team = { id, name: d.name, managerId: manager, channels: was?.channels ?? {} };
    const change: Change =
      was === null
        ? 'create'
        : was.name === team.name && was.managerId === team.managerId
          ? 'unchanged'
          : 'update';
    return { departmentId: d.id, team, change };
  });

  // 3. People: the directory's fields, then the overlay's, which win.
  const leaders = new Set(snapshot.departments.flatMap((d) => d.leaders));
  const people: PlannedPerson[] = snapshot.users.map((u) => {
    const { id, was } = personOf.get(u.externalId) as { id: string; was: Person | null };
    const o = current.overlay[id] ?? {};
    const base: Person = was ?? {
      id,
      name: u.name,
      teamId: null,
      role: 'rep',
      skills: [],
      capacity: DEFAULT_CAPACITY,
      email: null,
      locale: null,
      active: true,
      outOfOffice: false,
      identities: {},
    };
    const teamId =
      u.mainDepartment !== null && teamMap[u.mainDepartment] !== undefined
        ? (teamMap[u.mainDepartment] as string)
        : base.teamId;
    // Leaders become managers; a sync never demotes (an admin may have made them so on purpose).
    const role = o.role ?? (leaders.has(u.externalId) && base.role === 'rep' ? 'manager' : base.role);
    const person: Person = {
      ...base,
      name: u.name,
      email: u.email ?? base.email,
      teamId,
      role,
      skills: o.skills ?? base.skills,
      capacity: o.capacity ?? base.capacity,
      outOfOffice: o.outOfOffice ?? base.outOfOffice,
      locale: o.locale !== undefined ? o.locale : base.locale,
      active: u.active && o.active !== false,
      identities: { ...base.identities, [platform]: u.externalId },
    };
    return planned(u.externalId, person, was);
  });

  // 4. Leavers: on this platform before, not in the directory now (full), or named by an event (partial).
  const seen = new Set(snapshot.users.map((u) => u.externalId));
  const gone =
    options.mode === 'full'
      ? [...byIdentity.keys()].filter((ext) => !seen.has(ext))
      : (options.left ?? []).filter((ext) => !seen.has(ext) && byIdentity.has(ext));
  for (const ext of gone) {
    const was = byIdentity.get(ext) as Person;
    people.push(planned(ext, { ...was, active: false }, was));
  }
  const deactivated = people
    .filter((p) => p.was?.active === true && !p.person.active)
    .map((p) => p.person.id);
  return { platform, teams, people, deactivated, teamMap };
}

function planned(externalId: string, person: Person, was: Person | null): PlannedPerson {
  const fields = was === null ? [] : changedFields(was, person);
  return {
    externalId,
    person,
    was,
    change: was === null ? 'create' : fields.length === 0 ? 'unchanged' : 'update',
    fields,
  };
}

const COMPARED = ['name', 'email', 'teamId', 'role', 'capacity', 'locale', 'active', 'outOfOffice'] as const;

export function changedFields(a: Person, b: Person): string[] {
  const out: string[] = COMPARED.filter((k) => a[k] !== b[k]);
  if (a.skills.join('\n') !== b.skills.join('\n')) out.push('skills');
  const ids = (p: Person) =>
    Object.entries(p.identities)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => x.localeCompare(y))
      .join(';');
  if (ids(a) !== ids(b)) out.push('identities');
  return out;
}

/** A readable id for someone new: their email's name when free, else platform-userid. */
function newPersonId(u: DirectoryUser, platform: Platform, taken: ReadonlySet<string>): string {
  const local = u.email === null ? '' : slug(u.email.split('@')[0] ?? '');
  if (local !== '' && !taken.has(local)) return local;
  const base = `${platform}-${slug(u.externalId) || 'user'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
