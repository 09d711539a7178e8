// Neutral replies → Slack: forms open as modals (first, while the trigger is fresh), `in_place` replaces the
// clicked message, `ephemeral` goes back through the response_url (only the speaker sees it). Without a
// response_url (a modal submission, a Home tab click) the answer goes to the person's DM with the app.
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Card, Reply } from '../../src/kernel/card.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { shareCardFiles } from './files.ts';
import { isPageForm, renderPageLink, type SlackPages } from './pages.ts';
import {
  renderAnswerModal,
  renderLoadingModal,
  renderMessage,
  renderMessages,
  renderModal,
} from './render.ts';
import { log } from '../../src/log.ts';

export interface ReplyTarget {
  client: WebClient;
  userId: string;
  respond?: RespondFn;
  triggerId?: string;
  /** A placeholder modal opened at the click (openPlaceholder): the answer fills it. */
  viewId?: string;
  /** The speaker's language, for the words we add around the answer (the placeholder's close button). */
  locale?: Locale;
  /** Forms opened as the phone page (pages.ts), when this server has the pages: a link instead of a modal. */
  pages?: SlackPages;
}

/**
 * Opens the placeholder modal for a click or command whose answer is a form, before anything slow: Slack's
 * trigger_id "expires in three seconds" and is exchanged once (views.open errors `expired_trigger_id`,
 * `exchanged_trigger_id`, https://docs.slack.dev/reference/methods/views.open; the documented way out is a loading
 * view updated later with views.update). Undefined when Slack refused: the answer then goes the usual way.
 */
export async function openPlaceholder(client: WebClient, triggerId: string): Promise<string | undefined> {
  try {
    return (await client.views.open({ trigger_id: triggerId, view: renderLoadingModal() })).view?.id;
  } catch (err) {
    log({ platform: 'slack' }).error({ err }, 'slack: opening a modal failed');
    return undefined;
  }
}

/** Fills the placeholder: with the form, or (a refusal, a note) with the answer itself; the replies it shows.
 * Null when there is none or it is gone. */
async function fillPlaceholder(target: ReplyTarget, replies: Reply[]): Promise<Set<Reply> | null> {
  if (target.viewId === undefined) return null;
  const form = replies.find((r) => r.mode === 'open_form' && r.card.form !== undefined);
  const shown =
    form === undefined
      ? replies.filter((r) => r.card.image === undefined && r.card.file === undefined)
      : [form];
  if (shown.length === 0) return null;
  const view =
    form?.card.form !== undefined
      ? renderModal(form.card.form, form.card.title === form.card.form.title ? undefined : form.card.title)
      : renderAnswerModal(
          shown.map((r) => r.card),
          t(target.locale ?? 'zh-CN', 'modal.close'),
        );
  try {
    await target.client.views.update({ view_id: target.viewId, view });
    return new Set(shown);
  } catch (err) {
    // Closed by the person before we were done: the answer goes to them the usual way.
    log({ platform: 'slack' }).error({ err }, 'slack: filling a modal failed');
    return null;
  }
}

/** A response_url takes at most 5 posts: keep one spare. */
const MAX_RESPONSES = 4;

export async function sendReplies(target: ReplyTarget, all: Reply[]): Promise<void> {
  const pages = target.pages;
  const pageForms = pages === undefined ? [] : all.filter(isPageForm);
  // The daily report's page: a link button for the speaker alone, before anything else.
  for (const r of pageForms) {
    if (pages === undefined || r.card.form === undefined) continue;
    const m = renderPageLink(r.card, pages.link(r.card.form), pages.locale, pages.ttlMinutes);
    if (target.respond !== undefined)
      await target.respond({ response_type: 'ephemeral', replace_original: false, ...m });
    else await target.client.chat.postMessage({ channel: target.userId, ...m });
  }
  const replies = all.filter((r) => !pageForms.includes(r));
  // A trigger_id lives about 3 s: the modal opens before anything slow (opening the DM, uploading a chart).
  const opened = (await fillPlaceholder(target, replies)) ?? new Set<Reply>();
  for (const r of replies) {
    // The placeholder took the trigger (exchanged once): no second views.open with it.
    if (target.viewId !== undefined) break;
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

/** Where a mention in a channel is answered: that message's thread. */
export interface ThreadTarget {
  client: WebClient;
  userId: string;
  channel: string;
  threadTs: string;
}

/**
 * Answers to an @mention in a channel. What the channel may see (a reply marked `shared`: a claim done) goes in the
 * thread; everything meant for the speaker alone (errors, refusals, their KBIs, lists, help, forms) goes to
 * them only, as an ephemeral message in the same thread; files always go to their DM.
 */
export async function sendThreadReplies(target: ThreadTarget, replies: Reply[]): Promise<void> {
  const { client, userId, channel, threadTs } = target;
  if (replies.some((r) => r.card.image !== undefined || r.card.file !== undefined)) {
    const dm = (await client.conversations.open({ users: userId })).channel?.id ?? userId;
    for (const r of replies) await shareCardFiles(client, dm, r.card);
  }
  for (const m of renderMessages(replies.filter((r) => r.shared === true).map((r) => r.card)))
    await client.chat.postMessage({ channel, thread_ts: threadTs, ...m });
  for (const m of renderMessages(replies.filter((r) => r.shared !== true).map((r) => r.card)))
    await client.chat.postEphemeral({ channel, user: userId, thread_ts: threadTs, ...m });
}
