// F39: the part of the org routing read for a decision, stored once per distinct org (org_snapshots) so the
// what-if can replay each lead against the org of its time. Hashing needs node:crypto, so this sits beside the
// pure rules rather than among them.
import { createHash } from 'node:crypto';
import type { Person } from '../../../kernel/types.ts';

/** One person as routing reads them from the org: [id, role, team, capacity, skills]. */
export type OrgEntry = [string, string, string | null, number, string[]];

/**
 * The part of the org routeLead reads (who exists, their role, team, capacity and skills; availability is kept per
 * decision in RoutingInputs), encoded compactly, with a hash that names it: an org that did not change between two
 * leads is stored once.
 */
export function orgSnapshotOf(people: readonly Person[]): { hash: string; text: string } {
  const entries: OrgEntry[] = [...people]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => [p.id, p.role, p.teamId, p.capacity, p.skills]);
  const text = JSON.stringify(entries);
  return { hash: createHash('sha256').update(text).digest('hex').slice(0, 16), text };
}

/** The people of a stored snapshot, as routing saw them (names and contacts are not kept: routing does not read them). */
export function orgOfSnapshot(text: string): Person[] {
  return (JSON.parse(text) as OrgEntry[]).map(([id, role, teamId, capacity, skills]) => ({
    id,
    name: id,
    teamId,
    role: role as Person['role'],
    skills,
    capacity,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
  }));
}
