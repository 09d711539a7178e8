// Neutral replies → Slack: forms open as modals (first, while the trigger is fresh), `in_place` replaces the
// clicked message, `ephemeral` goes back through the response_url (only the speaker sees it). Without a
// response_url (a modal submission, a Home tab click) the answer goes to the person's DM with the app.
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Card, Reply } from '../../src/kernel/card.ts';
import { shareCardFiles } from './files.ts';
import { renderMessage, renderMessages, renderModal } from './render.ts';

export interface ReplyTarget {
  client: WebClient;
  userId: string;
  respond?: RespondFn;
  triggerId?: string;
}

/** A response_url takes at most 5 posts: keep one spare. */
const MAX_RESPONSES = 4;

export async function sendReplies(target: ReplyTarget, replies: Reply[]): Promise<void> {
  // A trigger_id lives about 3 s: the modal opens before anything slow (opening the DM, uploading a chart).
  const opened = new Set<Reply>();
  for (const r of replies) {
    if (r.mode !== 'open_form' || r.card.form === undefined || target.triggerId === undefined) continue;
    const note = r.card.title === r.card.form.title ? undefined : r.card.title;
    await target.client.views.open({ trigger_id: target.triggerId, view: renderModal(r.card.form, note) });
    opened.add(r);
  }
  const rest: Card[] = [];
  // A response_url takes no files: a chart or a CSV goes to the person's DM with the app.
  if (replies.some((r) => r.card.image !== undefined || r.card.file !== undefined)) {
    const dm =
      (await target.client.conversations.open({ users: target.userId })).channel?.id ?? target.userId;
    for (const r of replies) await shareCardFiles(target.client, dm, r.card);
  }
  for (const r of replies) {
    if (opened.has(r)) continue;
    if (r.mode === 'in_place' && target.respond !== undefined) {
      await target.respond({ replace_original: true, ...renderMessage(r.card) });
    } else rest.push(r.card);
  }
  const messages = renderMessages(rest);
  for (const [i, m] of messages.entries()) {
    if (target.respond !== undefined && i < MAX_RESPONSES)
      await target.respond({ response_type: 'ephemeral', replace_original: false, ...m });
    else await target.client.chat.postMessage({ channel: target.userId, ...m });
  }
}
