// Small reads of the organisation for the conversation layer and the HTTP side, each in a transaction of its own
// (conversation code calls use cases; it opens no transactions).
import type { Person, Platform } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { controlCharIn } from '../../../kernel/control-chars.ts';

export function findPerson(deps: EngineDeps, personId: string): Promise<Person | null> {
  return deps.store.transaction((tx) => tx.org.person(personId));
}

/**
 * Who is speaking: by their id on the platform (person_identities), or else by email (Slack's users.lookupByEmail);
 * in the playground the id is the person's own. An inactive person is nobody (issue 22, finding 14): they see no
 * market, read no deal and create no lead. The email is used only for people whose id on that platform the org
 * file does not give (finding 15): anyone can put a colleague's address on their own profile.
 */
export function identifyPerson(
  deps: EngineDeps,
  platform: Platform | 'playground',
  platformUserId: string,
  email?: string,
): Promise<Person | null> {
  // No id holds a control character; PostgreSQL would refuse a NUL in the query (a 500).
  if (controlCharIn(platformUserId, false) !== null) return Promise.resolve(null);
  return deps.store.transaction(async (tx) => {
    if (platform === 'playground') return tx.org.person(platformUserId);
    const byId = await tx.org.personByIdentity(platform, platformUserId);
    if (byId !== null) return byId.active ? byId : null;
    if (email === undefined || email === '') return null;
    const lower = email.toLowerCase();
    const byEmail = (await tx.org.people()).find(
      (p) => p.email?.toLowerCase() === lower && p.identities[platform] === undefined,
    );
    return byEmail?.active === true ? byEmail : null;
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
