import type { Tx } from '../../ports.ts';

/** A person's manager (their team's), or null: nobody is their own manager's notice target. */
export async function managerOf(tx: Tx, personId: string): Promise<string | null> {
  const person = await tx.org.person(personId);
  if (person?.teamId == null) return null;
  const managerId = (await tx.org.team(person.teamId))?.managerId ?? null;
  return managerId === personId ? null : managerId;
}
