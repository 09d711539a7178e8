// The playground's inbox: what the outbox worker delivered to a person's DMs and their teams' channels.
import type { Card } from '../../../kernel/card.ts';
import { cardFromJson } from '../../../kernel/card-json.ts';
import type { EngineDeps } from '../../deps.ts';

export interface InboxMessage {
  id: number;
  /** `dm`, or `team:<id>` for a team channel. */
  where: string;
  card: Card;
  at: number;
}

/**
 * What a person sees in the playground: their DMs and their team's channel (managers and above see every
 * team's), as delivered by the outbox worker, newest first. Cards that were updated show their latest state.
 */
export async function playgroundInbox(
  deps: EngineDeps,
  personId: string,
  limit = 100,
): Promise<InboxMessage[] | null> {
  return deps.store.transaction(async (tx) => {
    const person = await tx.org.person(personId);
    if (person === null) return null;
    const seesAll = person.role === 'manager' || person.role === 'director' || person.role === 'admin';
    const teams = seesAll
      ? (await tx.org.teams()).map((t) => t.id)
      : person.teamId === null
        ? []
        : [person.teamId];
    // DMs and channels each get their share, so busy channels never push someone's DMs out of view.
    const dms = await tx.deliveries.inbox('playground', [{ kind: 'person', id: personId }], limit);
    const channels = await tx.deliveries.inbox(
      'playground',
      teams.map((id) => ({ kind: 'team' as const, id })),
      limit,
    );
    const rows = [...dms, ...channels].sort((a, b) => b.id - a.id);
    return rows.map((r) => ({
      id: r.id,
      where: r.recipient.kind === 'person' ? 'dm' : `team:${r.recipient.id}`,
      card: cardFromJson(r.card ?? '{}'),
      at: r.sentAt ?? r.createdAt,
    }));
  });
}
