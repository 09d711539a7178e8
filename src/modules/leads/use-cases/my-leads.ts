import { startOfLocalDay } from '../rules/pool.ts';
import type { Lead } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';

export interface MyLeads {
  leads: Lead[];
  claimsToday: number;
  cap: number;
  /** Leads whose clock (offer or first follow-up) is running. */
  clocksRunning: number;
  timezone: string;
}

/** A rep's leads, market claims left today and running clocks (`mine`, Slack App Home). */
export async function myLeads(deps: EngineDeps, personId: string): Promise<MyLeads> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const timezone = await orgTimezone(tx, deps);
    const leads = await tx.leads.heldBy(personId);
    const claimsToday = await tx.events.countMarketClaims(personId, startOfLocalDay(now, timezone));
    const clocksRunning = leads.filter(
      (l) => l.status === 'offered' || (l.status === 'owned' && l.followUpDueAt !== null),
    ).length;
    return { leads, claimsToday, cap: deps.rules.pool.claimCapPerDay, clocksRunning, timezone };
  });
}

/** Names of people by id, and the org's timezone: what cards need to show a lead. */
export async function lookupNames(
  deps: EngineDeps,
): Promise<{ names: Map<string, string>; timezone: string }> {
  return deps.store.transaction(async (tx) => ({
    names: new Map((await tx.org.people()).map((p) => [p.id, p.name])),
    timezone: await orgTimezone(tx, deps),
  }));
}
