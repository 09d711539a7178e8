// Slack's daily report as the phone page (issue 20 §2). A modal has no position and takes no photos, so when the
// form pages are on (PUBLIC_URL set) the report's form is answered with a link button to the same page WeCom,
// DingTalk and the playground open (/m/form/<token>): the browser's geolocation, the camera through a file input.
// Slack has no page sign-in here: the link is signed for the person who clicked, for Slack, expires with the other
// form links (30 minutes) and works once; it is shown to that person only (an ephemeral answer or their DM).
// Without PUBLIC_URL the report stays a modal (summary and key actions; photos can still be sent to the DM).
import type { types } from '@slack/bolt';
import { ACTIONS, FORMS, type Card, type Form, type Reply } from '../../src/kernel/card.ts';
import { localeFor, type ChatDeps } from '../../src/conversation/conversation.ts';
import type { Person } from '../../src/kernel/types.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import type { FormLinks } from '../mobile-forms/index.ts';
import { clip, LIMITS, renderCard, type SlackMessage } from './render.ts';

/** The forms Slack opens as the page instead of a modal: those with a position or files worth having. */
// A voice clip's ticks too: a clip's event brings no trigger_id to open a modal with (issue 24 item 6).
export const PAGE_FORMS: ReadonlySet<string> = new Set<string>([FORMS.reportDaily, FORMS.reportSpoken]);
/** The buttons whose answer is one of those forms: no placeholder modal is opened for them. */
export const PAGE_ACTIONS: ReadonlySet<string> = new Set<string>([ACTIONS.reportForm]);
/** The link button's action_id. Slack still sends a block_actions payload when a link button is clicked, and wants
 * it acknowledged (the SDK maintainers in slackapi/node-slack-sdk#869: "these buttons actually dispatch a request to
 * your app when a user clicks on them, and Slack expects you to respond"): acked, nothing else. */
export const OPEN_PAGE_ACTION = 'mform.open';
/** A button's url: at most 3000 characters (block-kit.ts, BUTTON). A signed link is a few hundred. */
const MAX_URL = 3000;

/** How the speaker's page forms are answered: a link signed for them, in their language. */
export interface SlackPages {
  link(form: Form): string;
  ttlMinutes: number;
  locale: Locale;
}

/** The speaker's page links for these replies; undefined when none opens a page form, this server has no form
 * pages (no PUBLIC_URL) or nobody is known (then nothing more is read). */
export async function pagesFor(
  chat: ChatDeps,
  forms: FormLinks | undefined,
  actor: Person | null,
  replies: readonly Reply[],
): Promise<SlackPages | undefined> {
  if (forms === undefined || actor === null || !replies.some(isPageForm)) return undefined;
  return {
    link: (form) => forms.url(actor.id, 'slack', form),
    ttlMinutes: forms.ttlMinutes,
    locale: await localeFor(chat, actor),
  };
}

/** Whether this reply is a form Slack opens as the page (when it can). */
export function isPageForm(reply: Reply): boolean {
  return reply.mode === 'open_form' && reply.card.form !== undefined && PAGE_FORMS.has(reply.card.form.id);
}

/** The form's card with a primary link button to its page, and how long the link works. */
export function renderPageLink(card: Card, url: string, locale: Locale, ttlMinutes: number): SlackMessage {
  if (url.length > MAX_URL)
    throw new Error(`a form link of ${url.length} characters is over Slack's ${MAX_URL}`);
  const button: types.Button = {
    type: 'button',
    action_id: OPEN_PAGE_ACTION,
    text: { type: 'plain_text', text: clip(t(locale, 'mform.open'), LIMITS.buttonText), emoji: true },
    url,
    style: 'primary',
  };
  const shown: Card = {
    title: card.form?.title ?? card.title,
    level: card.level,
    body: [
      card.title === card.form?.title ? '' : card.title,
      t(locale, 'mform.openHint.browser', { minutes: ttlMinutes }),
    ]
      .filter((line) => line !== '')
      .join('\n'),
  };
  return {
    text: clip(shown.title, LIMITS.fallbackText),
    blocks: [...renderCard(shown), { type: 'actions', elements: [button] }],
  };
}
