import {
  playgroundInbox as inboxOf,
  type InboxMessage,
} from '../modules/outbox/use-cases/playground-inbox.ts';
import type { ChatDeps } from './context.ts';

export type { InboxMessage } from '../modules/outbox/use-cases/playground-inbox.ts';

/**
 * What a person sees in the playground: their DMs and their team's channel (managers and above see every
 * team's), newest first; null for someone not in the org.
 */
export function playgroundInbox(
  deps: ChatDeps,
  personId: string,
  limit = 100,
): Promise<InboxMessage[] | null> {
  return inboxOf(deps.engine, personId, limit);
}
