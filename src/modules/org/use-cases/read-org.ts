// Small reads of the organisation for the conversation layer and the HTTP side, each in a transaction of its own
// (conversation code calls use cases; it opens no transactions).
import type { Person, Platform } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';

export function findPerson(deps: EngineDeps, personId: string): Promise<Person | null> {
  return deps.store.transaction((tx) => tx.org.person(personId));
}

/**
 * Who is speaking: by their id on the platform (person_identities), or else by email (Slack's users.lookupByEmail);
 * in the playground the id is the person's own.
 */
export function identifyPerson(
  deps: EngineDeps,
  platform: Platform | 'playground',
  platformUserId: string,
  email?: string,
): Promise<Person | null> {
  return deps.store.transaction(async (tx) => {
    if (platform === 'playground') return tx.org.person(platformUserId);
    const byId = await tx.org.personByIdentity(platform, platformUserId);
    if (byId !== null || email === undefined || email === '') return byId;
    const lower = email.toLowerCase();
    return (await tx.org.people()).find((p) => p.email?.toLowerCase() === lower) ?? null;
  });
}

/** The organisation's language as the org file set it, or null. */
export function orgLocaleSetting(deps: EngineDeps): Promise<string | null> {
  return deps.store.transaction((tx) => tx.settings.get('locale'));
}

/** The organisation's timezone (the org file's, or the server's default). */
export function timezoneOf(deps: EngineDeps): Promise<string> {
  return deps.store.transaction((tx) => orgTimezone(tx, deps));
}

/** Team id → team name. */
export async function teamNames(deps: EngineDeps): Promise<Map<string, string>> {
  const teams = await deps.store.transaction((tx) => tx.org.teams());
  return new Map(teams.map((x) => [x.id, x.name] as const));
}
