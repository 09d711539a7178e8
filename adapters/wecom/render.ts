// Neutral cards → WeCom app messages (https://developer.work.weixin.qq.com/document/path/90236). Pure: no I/O, no
// clock; the task id comes in. A card with buttons to a person becomes a `button_interaction` template card (a
// click comes back as template_card_event with EventKey = `${actionId}:${value}`); anything else, and anything
// for a group chat (appchat/send has no template cards), becomes markdown, where buttons turn into the command to
// type. Every text is clipped to WeCom's limits (documented as "建议不超过" for cards, bytes for markdown).
import { typedCommand } from '../../src/conversation/typed-command.ts';
import type { Card, CardAction, Level } from '../../src/kernel/card.ts';
import type { Locale } from '../../src/modules/i18n.ts';

export const LIMITS = {
  title: 26,
  titleDesc: 30,
  subTitle: 112,
  horizontalItems: 6,
  keyname: 5,
  value: 26,
  buttons: 6,
  buttonText: 10,
  /** Bytes, as are the next two. */
  buttonKey: 1024,
  taskId: 128,
  markdownBytes: 2048,
} as const;

export interface TemplateButton {
  text: string;
  style: number;
  key: string;
}

export interface ButtonInteractionCard {
  card_type: 'button_interaction';
  task_id: string;
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: Array<{ keyname: string; value: string }>;
  button_list: TemplateButton[];
}

export type WecomMessage =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: ButtonInteractionCard };

/**
 * A form to fill in: a text_notice card whose whole area and one jump line open the signed form page
 * (card_action / jump_list type 1 = URL). Not a button_interaction card: those buttons call back, they open no page.
 */
export interface FormLinkCard {
  card_type: 'text_notice';
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  jump_list: Array<{ type: 1; title: string; url: string }>;
  card_action: { type: 1; url: string };
}

export const JUMP_TITLE_MAX = 13;

export function renderFormLink(
  card: Card,
  url: string,
  words: { open: string; hint: string },
): { msgtype: 'template_card'; template_card: FormLinkCard } {
  const body = [card.body?.trim() ?? '', words.hint].filter((s) => s !== '').join('\n');
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      main_title: { title: clip(card.form?.title ?? card.title, LIMITS.title), desc: LEVEL_MARK[card.level] },
      sub_title_text: clip(body, LIMITS.subTitle),
      jump_list: [{ type: 1, title: clip(words.open, JUMP_TITLE_MAX), url }],
      card_action: { type: 1, url },
    },
  };
}

/** What update_template_card gets besides agentid, response_code and recipients. */
export type CardUpdate = { template_card: ButtonInteractionCard };

/** WeCom markdown's three colours: info (green), comment (grey), warning (orange). */
const LEVEL_COLOR: Record<Level, 'info' | 'comment' | 'warning'> = {
  info: 'comment',
  green: 'info',
  yellow: 'warning',
  red: 'warning',
  win: 'info',
};
const LEVEL_MARK: Record<Level, string> = { info: '🔵', green: '🟢', yellow: '🟡', red: '🔴', win: '🏆' };

/** Cuts to at most `max` characters (code points), ending in an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Cuts to at most `max` UTF-8 bytes without splitting a character. */
export function clipBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  let out = '';
  let bytes = Buffer.byteLength('…', 'utf8');
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}

/** A task id WeCom accepts: `[A-Za-z0-9_@-]`, at most 128 bytes. */
export function taskId(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_@-]/g, '_').slice(0, LIMITS.taskId);
}

export function buttonKey(action: Pick<CardAction, 'id' | 'value'>): string {
  return clipBytes(`${action.id}:${action.value}`, LIMITS.buttonKey);
}

/** `lead.claim:12` → the action and its value; null for keys that are not ours (e.g. a menu item). */
export function parseButtonKey(key: string): { actionId: string; value: string } | null {
  const m = /^([a-z]+\.[a-z]+):(.*)$/s.exec(key);
  return m === null ? null : { actionId: m[1] as string, value: m[2] as string };
}

const STYLE: Record<NonNullable<CardAction['style']> | 'default', number> = {
  primary: 1,
  default: 2,
  danger: 3,
};

export function renderTemplateCard(card: Card, task: string): ButtonInteractionCard {
  const fields = (card.fields ?? []).slice(0, LIMITS.horizontalItems).map((f) => ({
    keyname: clip(f.label, LIMITS.keyname),
    value: clip(f.value, LIMITS.value),
  }));
  // A chart card's text is the reading beneath the chart (the image itself is a message of its own).
  const body = (card.body ?? card.image?.reading)?.trim() ?? '';
  return {
    card_type: 'button_interaction',
    task_id: taskId(task),
    main_title: { title: clip(card.title, LIMITS.title), desc: LEVEL_MARK[card.level] },
    ...(body === '' ? {} : { sub_title_text: clip(body, LIMITS.subTitle) }),
    ...(fields.length === 0 ? {} : { horizontal_content_list: fields }),
    // A key may not repeat in one card (path/90236: "不可重复"): two buttons doing the same thing are one.
    button_list: (card.actions ?? [])
      .filter((a, i, all) => all.findIndex((b) => buttonKey(b) === buttonKey(a)) === i)
      .slice(0, LIMITS.buttons)
      .map((a) => ({
        text: clip(a.label, LIMITS.buttonText),
        style: STYLE[a.style ?? 'default'],
        key: buttonKey(a),
      })),
  };
}

/**
 * A card's texts carry what people typed (a lead's company, need and notes come from web forms and chats): in WeCom
 * markdown (https://developer.work.weixin.qq.com/document/path/90236, "markdown消息": links, `<font color>`,
 * quotes) `[x](url)` would be a live link and `<font>` styling (issue 22, finding 9). Brackets become their
 * full-width forms, which read the same and are no markup; our own markup (bold title, colours, quoted fields) is
 * added around the escaped text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[<>[\]]/g, (c) => FULL_WIDTH[c] ?? c);
}
const FULL_WIDTH: Record<string, string> = { '<': '＜', '>': '＞', '[': '［', ']': '］' };

export function renderMarkdown(card: Card, locale: Locale): string {
  const lines = [
    `**${escapeMarkdown(card.title)}**`,
    `<font color="${LEVEL_COLOR[card.level]}">${LEVEL_MARK[card.level]}</font>`,
  ];
  for (const f of card.fields ?? []) lines.push(`> ${escapeMarkdown(f.label)}: ${escapeMarkdown(f.value)}`);
  const body = escapeMarkdown(card.body?.trim() ?? '');
  if (body !== '') lines.push(body);
  if (card.image !== undefined)
    lines.push(`<font color="comment">${escapeMarkdown(card.image.reading ?? card.image.alt)}</font>`);
  const commands = (card.actions ?? []).flatMap((a) => {
    const typed = typedCommand(a, locale);
    return typed === null ? [] : [`${a.label}: \`${typed}\``];
  });
  if (commands.length > 0) lines.push(`<font color="comment">${commands.join('  ')}</font>`);
  return clipBytes(lines.join('\n'), LIMITS.markdownBytes);
}

export interface RenderTarget {
  /** Group chats (appchat) take no template cards. */
  chat: boolean;
  /** Unique per delivery and stable across resends, so WeCom's duplicate check recognises a resend. */
  taskId: string;
  locale: Locale;
}

export function renderMessage(card: Card, target: RenderTarget): WecomMessage {
  if (!target.chat && (card.actions ?? []).length > 0)
    return { msgtype: 'template_card', template_card: renderTemplateCard(card, target.taskId) };
  return { msgtype: 'markdown', markdown: { content: renderMarkdown(card, target.locale) } };
}

/** The key of the one inert button a card without actions keeps (its click is not an action: it is ignored). */
export const INERT_KEY = 'done';

/**
 * A sent button card, replaced whole (same task id) with the card's new state. A whole button card needs a
 * button, so a card that lost its actions (a claimed lead) keeps one inert button showing its status line.
 */
export function renderUpdate(card: Card, task: string): CardUpdate {
  const template = renderTemplateCard(card, task);
  if (template.button_list.length === 0) {
    const status = (card.body ?? '').split('\n').find((l) => l.trim() !== '') ?? card.title;
    template.button_list = [
      { text: clip(status.trim(), LIMITS.buttonText), style: STYLE.default, key: INERT_KEY },
    ];
  }
  return { template_card: template };
}
