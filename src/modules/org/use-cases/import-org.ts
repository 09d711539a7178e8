import type { Person, Team } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { offerOrPool } from '../../leads/use-cases/route-lead.ts';
import { notice } from '../../notice-data.ts';

export interface Org {
  timezone: string | null;
  locale: string | null;
  teams: Team[];
  people: Person[];
}

export interface ImportOrgResult {
  teams: Record<'created' | 'updated' | 'unchanged', number>;
  people: Record<'created' | 'updated' | 'unchanged', number>;
  /** People now inactive whose open leads went back through routing. */
  deactivated: Array<{ personId: string; rerouted: number[] }>;
  /** People in the database but not in the file: left as they are. */
  notInFile: string[];
}

/**
 * Loads the org file into the database; a re-import updates, never duplicates. A person made inactive
 * keeps nothing open: their leads are routed again with the reason, and their manager is told.
 */
export async function importOrg(deps: EngineDeps, org: Org): Promise<ImportOrgResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const result: ImportOrgResult = {
      teams: { created: 0, updated: 0, unchanged: 0 },
      people: { created: 0, updated: 0, unchanged: 0 },
      deactivated: [],
      notInFile: [],
    };
    if (org.timezone !== null) await tx.settings.set('timezone', org.timezone);
    if (org.locale !== null) await tx.settings.set('locale', org.locale);
    for (const team of org.teams) result.teams[await tx.org.upsertTeam(team, now)]++;
    const inFile = new Set(org.people.map((p) => p.id));
    result.notInFile = (await tx.org.people()).map((p) => p.id).filter((id) => !inFile.has(id));
    for (const person of org.people) result.people[await tx.org.upsertPerson(person, now)]++;

    for (const person of org.people.filter((p) => !p.active)) {
      const held = await tx.leads.heldBy(person.id);
      if (held.length === 0) continue;
      const rerouted: number[] = [];
      for (const lead of held) {
        await tx.leads.update(
          lead.id,
          { status: lead.status, ownerId: person.id },
          { status: 'pool', ownerId: null, offerExpiresAt: null, followUpDueAt: null, warnAt: null },
          now,
        );
        await tx.events.append({
          type: 'lead.rerouted',
          at: now,
          leadId: lead.id,
          actorId: null,
          from: person.id,
          reason: 'OWNER_INACTIVE',
        });
        await offerOrPool(tx, deps, { ...lead, status: 'pool', ownerId: null }, now, { isNew: false });
        rerouted.push(lead.id);
      }
      result.deactivated.push({ personId: person.id, rerouted });
      const managerId = person.teamId === null ? null : (await tx.org.team(person.teamId))?.managerId;
      if (managerId) {
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: managerId },
            template: 'person.deactivated',
            data: { personId: person.id, leadIds: rerouted },
          }),
          now,
        );
      }
    }
    await tx.settings.set('org_imported_at', String(now));
    return result;
  });
}
