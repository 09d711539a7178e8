import type { Person, Platform, Team } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { OVERLAY_KEY, type Overlay, type OverlayValues } from '../rules/directory.ts';
import { releaseLeadsOfInactive } from './deactivate-person.ts';

/**
 * An org file entry's say about one person, found by id, a messenger id, email or name: what no directory knows.
 * Entries with an id and a name are also whole people (companies without a messenger); entries without are only
 * this, laid over people a directory sync brought in.
 */
export interface OverlayEntry {
  /** Where it is in the file, for messages (`people[3]`). */
  at: string;
  key: { id?: string; name?: string; email?: string; identities: Partial<Record<Platform, string>> };
  values: OverlayValues;
}

export interface Org {
  timezone: string | null;
  locale: string | null;
  teams: Team[];
  people: Person[];
  /** What each entry set explicitly (role, skills, capacity, out of office, locale, active). */
  overlay?: OverlayEntry[];
}

export interface ImportOrgResult {
  teams: Record<'created' | 'updated' | 'unchanged', number>;
  people: Record<'created' | 'updated' | 'unchanged', number>;
  /** People now inactive whose open leads went back through routing. */
  deactivated: Array<{ personId: string; rerouted: number[] }>;
  /** People in the database but not in the file: left as they are. */
  notInFile: string[];
  /** Overlay entries that match nobody (`people[3]: no one with email …`). */
  unmatched: string[];
}

/** The person an entry means: by id, then by a messenger id, then by email, then by a name only one person has. */
function findPerson(people: readonly Person[], key: OverlayEntry['key']): Person | null {
  if (key.id !== undefined) {
    const p = people.find((x) => x.id === key.id);
    if (p !== undefined) return p;
  }
  for (const [platform, ext] of Object.entries(key.identities)) {
    const p = people.find((x) => x.identities[platform as Platform] === ext);
    if (p !== undefined) return p;
  }
  if (key.email !== undefined) {
    const email = key.email.toLowerCase();
    const p = people.find((x) => x.email?.toLowerCase() === email);
    if (p !== undefined) return p;
  }
  if (key.name !== undefined) {
    const named = people.filter((x) => x.name === key.name);
    if (named.length === 1) return named[0] as Person;
  }
  return null;
}

function withOverlay(p: Person, v: OverlayValues): Person {
  return {
    ...p,
    role: v.role ?? p.role,
    skills: v.skills ?? p.skills,
    capacity: v.capacity ?? p.capacity,
    outOfOffice: v.outOfOffice ?? p.outOfOffice,
    locale: v.locale !== undefined ? v.locale : p.locale,
    active: v.active ?? p.active,
  };
}

/**
 * Loads the org file into the database; a re-import updates, never duplicates. A person made inactive
 * keeps nothing open: their leads are routed again with the reason, and their manager is told. The file's
 * explicit values are kept as the overlay a directory sync never overwrites.
 */
export async function importOrg(deps: EngineDeps, org: Org): Promise<ImportOrgResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const result: ImportOrgResult = {
      teams: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 0, updated: 0, unchanged: 0 },
      deactivated: [],
      notInFile: [],
      unmatched: [],
    };
    if (org.timezone !== null) await tx.settings.set('timezone', org.timezone);
    if (org.locale !== null) await tx.settings.set('locale', org.locale);
    const before = await tx.org.people();
    // A whole person in the file whom a directory sync already brought in under another id (found by a messenger
    // id or email) is that person: the file does not make a second one.
    const idOf = new Map<string, string>();
    for (const p of org.people) {
      if (before.some((x) => x.id === p.id)) continue;
      const synced = findPerson(before, { identities: p.identities, ...(p.email ? { email: p.email } : {}) });
      if (synced !== null && !org.people.some((x) => x.id === synced.id)) idOf.set(p.id, synced.id);
    }
    const mapped = (id: string | null) => (id === null ? null : (idOf.get(id) ?? id));
    for (const team of org.teams)
      result.teams[await tx.org.upsertTeam({ ...team, managerId: mapped(team.managerId) }, now)]++;
    const people = org.people.map((p) => ({ ...p, id: mapped(p.id) as string }));
    const inFile = new Set(people.map((p) => p.id));
    for (const person of people) result.people[await tx.org.upsertPerson(person, now)]++;

    // The overlay: each entry's explicit values, on the person it means.
    const overlay: Overlay = {};
    const inactive = new Map(people.filter((p) => !p.active).map((p) => [p.id, p]));
    const all = await tx.org.people();
    for (const entry of org.overlay ?? []) {
      const key =
        entry.key.id === undefined ? entry.key : { ...entry.key, id: mapped(entry.key.id) as string };
      const target = findPerson(all, key);
      if (target === null) {
        result.unmatched.push(`${entry.at}: ${describeKey(entry.key)} matches nobody`);
        continue;
      }
      inFile.add(target.id);
      overlay[target.id] = { ...overlay[target.id], ...entry.values };
      const next = withOverlay(target, entry.values);
      if (!inactive.has(target.id) && !next.active) inactive.set(target.id, next);
      if (!people.some((p) => p.id === target.id)) result.people[await tx.org.upsertPerson(next, now)]++;
    }
    await tx.settings.set(OVERLAY_KEY, JSON.stringify(overlay));
    result.notInFile = before.map((p) => p.id).filter((id) => !inFile.has(id));

    for (const person of inactive.values()) {
      const rerouted = await releaseLeadsOfInactive(tx, deps, person, now);
      if (rerouted.length > 0) result.deactivated.push({ personId: person.id, rerouted });
    }
    await tx.settings.set('org_imported_at', String(now));
    return result;
  });
}

function describeKey(key: OverlayEntry['key']): string {
  const parts = [
    ...(key.id === undefined ? [] : [`id ${key.id}`]),
    ...Object.entries(key.identities).map(([p, v]) => `${p} ${v}`),
    ...(key.email === undefined ? [] : [`email ${key.email}`]),
    ...(key.name === undefined ? [] : [`name ${key.name}`]),
  ];
  return parts.join(', ');
}
