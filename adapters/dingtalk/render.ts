// Neutral cards → DingTalk messages. Pure: no I/O, no clock.
//
// Two shapes, because the robot API has no message whose buttons call back:
// - `robot`: `sampleMarkdown` through oToMessages/batchSend or groupMessages/send. Used for cards without
//   buttons, and for cards with buttons when no interactive card template is configured; each button then becomes
//   a line saying which text command does the same (`领取 12`), which the robot understands in single chats and,
//   @-mentioned, in groups. (`sampleActionCard*` buttons only open URLs, they never call back.)
// - `card`: an interactive card (card/instances/createAndDeliver) from the template we ship
//   (adapters/dingtalk/card-template/leadline-card.json, imported in DingTalk's card platform), whose variables are
//   the strings of CARD_VARIABLES: `title`, `level`, `markdown` and `btns`, a JSON array the template's Loop renders
//   as buttons. Each button is a "dynamic event" (动态事件, variable type dynamicEvent) of type `sendCardRequest`
//   whose params come back in the click's `cardPrivateData.params`: `{ action: "${actionId}:${value}" }`
//   (the btns shape of open-dingtalk/dingtalk-card-examples, app/card_templates). Cards can be updated in place.
import { typedCommand } from '../../src/conversation/typed-command.ts';
import type { Card, Level } from '../../src/kernel/card.ts';
import type { Locale } from '../../src/modules/i18n.ts';

/** Our own caps (DingTalk documents none per field for sampleMarkdown; long messages are cut by the client). */
export const LIMITS = {
  title: 64,
  markdown: 5000,
  fieldValue: 500,
  buttons: 6,
  buttonText: 20,
} as const;

const LEVEL_MARK: Record<Level, string> = {
  info: '🔵',
  green: '🟢',
  yellow: '🟡',
  red: '🔴',
  win: '🏆',
};

export type DingtalkMessage =
  | { kind: 'robot'; msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } }
  | { kind: 'card'; cardParamMap: Record<string, string> };

export interface RenderOptions {
  locale: Locale;
  /** True when an interactive card template is configured: cards with buttons become interactive cards. */
  interactive: boolean;
}

/** Cuts `text` to at most `max` UTF-16 units, ending in an ellipsis, without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A card's texts carry what people typed (a lead's company, need and notes come from web forms and chats): as
 * DingTalk markdown (https://open.dingtalk.com/document/orgapp/message-types-and-data-format: links, images,
 * quotes) `[x](url)` would be a live link, `![](url)` a tracking image and `<font>` styling (issue 22, finding 9).
 * Brackets become their full-width forms, which read the same and are no markup; our own markup (bold labels, the
 * heading, the form link) is added around the escaped text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[<>[\]]/g, (c) => FULL_WIDTH[c] ?? c);
}
const FULL_WIDTH: Record<string, string> = { '<': '＜', '>': '＞', '[': '［', ']': '］' };

/** A form page link added by withFormLink: kept apart from the card's text so that escaping leaves it live. */
const FORM_LINK = Symbol('dingtalk.formLink');
type LinkedCard = Card & { [FORM_LINK]?: { open: string; url: string; hint: string } };

/** The card's content as DingTalk markdown (without buttons). */
function contentMarkdown(card: LinkedCard): string {
  const parts: string[] = [];
  const fields = card.fields ?? [];
  if (fields.length > 0)
    parts.push(
      fields
        .map((f) => `**${escapeMarkdown(f.label)}**：${escapeMarkdown(clip(f.value, LIMITS.fieldValue))}`)
        .join('  \n'),
    );
  if (card.body !== undefined && card.body !== '')
    parts.push(escapeMarkdown(card.body).replace(/\n/g, '  \n'));
  // The PNG goes as an image message of its own (deliverer.ts); the card carries the line that reads it.
  if (card.image !== undefined) parts.push(`> ${escapeMarkdown(card.image.reading ?? card.image.alt)}`);
  const link = card[FORM_LINK];
  if (link !== undefined)
    parts.push(`[${link.open.replace(/[[\]]/g, '')}](${link.url})  \n${escapeMarkdown(link.hint)}`);
  return parts.join('\n\n');
}

export function renderMarkdown(card: Card, locale: Locale): { title: string; text: string } {
  const title = clip(card.title, LIMITS.title);
  const content = contentMarkdown(card);
  const hints = (card.actions ?? []).flatMap((a) => {
    const typed = typedCommand(a, locale);
    return typed === null ? [] : [`- ${a.label}：\`${typed}\``];
  });
  const text = [`#### ${LEVEL_MARK[card.level]} ${escapeMarkdown(title)}`, content, hints.join('\n')]
    .filter((s) => s !== '')
    .join('\n\n');
  return { title, text: clip(text, LIMITS.markdown) };
}

/** The variables of the shipped card template, in order (card-template/leadline-card.json declares the same). */
export const CARD_VARIABLES = ['title', 'level', 'markdown', 'btns'] as const;
/** The actionId every button sends (cardPrivateData.actionIds); what was clicked is in params.action. */
export const CARD_ACTION_ID = 'leadline';

/** One button of the `btns` loop: text, colour, and the callback it sends. */
export interface CardButton {
  text: string;
  color: 'blue' | 'red' | 'gray';
  status: 'normal' | 'disabled';
  action: { type: 'sendCardRequest'; params: { actionId: string; params: { action: string } } };
}

export function renderCardParams(card: Card): Record<(typeof CARD_VARIABLES)[number], string> {
  const btns: CardButton[] = (card.actions ?? []).slice(0, LIMITS.buttons).map((a) => ({
    text: clip(a.label, LIMITS.buttonText),
    color: a.style === 'danger' ? 'red' : a.style === 'primary' ? 'blue' : 'gray',
    status: 'normal',
    action: {
      type: 'sendCardRequest',
      params: { actionId: CARD_ACTION_ID, params: { action: `${a.id}:${a.value}` } },
    },
  }));
  return {
    title: clip(card.title, LIMITS.title),
    level: card.level,
    markdown: clip(contentMarkdown(card), LIMITS.markdown),
    // Updates replace it whole (updateCardDataByKey): a card whose buttons are gone shows none.
    btns: JSON.stringify(btns),
  };
}

export function renderMessage(card: Card, options: RenderOptions): DingtalkMessage {
  if (options.interactive && (card.actions ?? []).length > 0)
    return { kind: 'card', cardParamMap: renderCardParams(card) };
  return { kind: 'robot', msgKey: 'sampleMarkdown', msgParam: renderMarkdown(card, options.locale) };
}

/** A button's callback parameter `lead.claim:12` → the action; null when it is not one of ours. */
export function parseAction(param: string): { actionId: string; value: string } | null {
  const at = param.indexOf(':');
  if (at <= 0) return null;
  return { actionId: param.slice(0, at), value: param.slice(at + 1) };
}

/**
 * A card that opens a form (DingTalk has no modals): the same card, its form replaced by a markdown link to the
 * signed mobile page (`${PUBLIC_URL}/m/form/<token>`), which both the robot's markdown and the card's show.
 */
export function withFormLink(card: Card, url: string, words: { open: string; hint: string }): Card {
  const { form: _form, ...rest } = card;
  const linked: LinkedCard = { ...rest, [FORM_LINK]: { open: words.open, url, hint: words.hint } };
  return linked;
}
