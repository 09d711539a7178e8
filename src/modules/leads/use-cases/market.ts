import { startOfLocalDay, startOfLocalWeek } from '../rules/pool.ts';
import type { Lead } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { isSeller } from '../rules/routing.ts';

/** F5: a page of the pool, urgent leads first, then by score, and how many it holds in all; optionally only
 * leads with a tag (or industry) containing a word (医疗 finds 医疗基建). */
export async function listMarket(
  deps: EngineDeps,
  input: { tag?: string; limit?: number; offset?: number } = {},
): Promise<{ leads: Lead[]; total: number; offset: number }> {
  const offset = Math.max(0, Math.floor(input.offset ?? 0));
  const tag = input.tag === undefined ? {} : { tag: input.tag };
  return deps.store.transaction(async (tx) => ({
    leads: await tx.leads.pool({ ...tag, limit: input.limit ?? 50, offset }),
    total: await tx.leads.poolCount(tag),
    offset,
  }));
}

export interface BoardRow {
  personId: string;
  name: string;
  teamId: string | null;
  today: number;
  week: number;
  claims: Array<{ leadId: number; at: number; via: 'offer' | 'market' }>;
}

/** F5: who claimed what and when, today and this week — visible to everyone so fairness can be seen. */
export async function claimBoard(
  deps: EngineDeps,
): Promise<{ dayStart: number; weekStart: number; rows: BoardRow[] }> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const tz = await orgTimezone(tx, deps);
    const dayStart = startOfLocalDay(now, tz);
    const weekStart = startOfLocalWeek(now, tz);
    const claims = await tx.events.between(weekStart, now + 1, ['lead.claimed']);
    const people = await tx.org.people();
    const rows: BoardRow[] = people
      .filter((p) => isSeller(p, deps.rules) || claims.some((c) => c.actorId === p.id))
      .map((p) => {
        // A lead a rep entered themselves is not a claim on the shared flow of leads.
        const mine = claims.filter((c) => c.type === 'lead.claimed' && c.by === p.id && c.via !== 'entered');
        return {
          personId: p.id,
          name: p.name,
          teamId: p.teamId,
          today: mine.filter((c) => c.at >= dayStart).length,
          week: mine.length,
          claims: mine.map((c) => ({
            leadId: c.leadId as number,
            at: c.at,
            via: c.type === 'lead.claimed' && c.via === 'offer' ? ('offer' as const) : ('market' as const),
          })),
        };
      })
      .sort((a, b) => b.week - a.week || a.personId.localeCompare(b.personId));
    return { dayStart, weekStart, rows };
  });
}
