// Who is speaking: the Slack id from the org file, or else the email on their Slack profile (users.info, scope
// users:read.email) matched against the org file's emails. Anyone else gets the polite "not linked" card.
import type { WebClient } from '@slack/web-api';
import { identify, type ChatDeps } from '../../src/conversation/conversation.ts';
import type { Person } from '../../src/kernel/types.ts';

export async function whoIs(chat: ChatDeps, client: WebClient, slackUserId: string): Promise<Person | null> {
  const known = await identify(chat, 'slack', slackUserId);
  if (known !== null) return known;
  const email = await profileEmail(client, slackUserId);
  return email === undefined ? null : identify(chat, 'slack', slackUserId, email);
}

async function profileEmail(client: WebClient, user: string): Promise<string | undefined> {
  try {
    const info = await client.users.info({ user });
    return info.user?.profile?.email ?? undefined;
  } catch {
    // No scope, a deleted user, Slack unreachable: treat as unlinked rather than fail the request.
    return undefined;
  }
}
