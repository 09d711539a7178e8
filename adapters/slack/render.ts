// Neutral cards and forms → Block Kit. Pure: no I/O, no clock; every text is clipped to Slack's limits
// (https://docs.slack.dev/reference/block-kit/blocks, .../views/modal-views) so a long company name or a long
// explanation can never make Slack refuse a message.
import type { types } from '@slack/bolt';
import {
  PAGE_ONLY_KINDS,
  type Card,
  type CardAction,
  type CardField,
  type Form,
  type FormField,
  type Level,
} from '../../src/kernel/card.ts';

export type Block = types.KnownBlock;

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  fallbackText: 3000,
} as const;

/** The colour of a card, as an emoji in a context line: words would need the catalog, an emoji reads everywhere. */
export const LEVEL_EMOJI: Record<Level, string> = {
  info: ':large_blue_circle:',
  green: ':large_green_circle:',
  yellow: ':large_yellow_circle:',
  red: ':red_circle:',
  win: ':trophy:',
};

/** Cuts `text` to at most `max` UTF-16 units, ending in an ellipsis, without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** mrkdwn needs &, < and > escaped (https://docs.slack.dev/messaging/formatting-message-text#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: clip(text, max),
  emoji: true,
});
const mrkdwn = (text: string, max: number) => ({
  type: 'mrkdwn' as const,
  text: clip(escapeMrkdwn(text), max),
});

/** Splits a long body into section-sized pieces at line breaks (a single overlong line is clipped). */
function bodySections(body: string): Block[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of body.split('\n')) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (escapeMrkdwn(next).length <= LIMITS.sectionText) current = next;
    else {
      if (current !== '') pieces.push(current);
      current = line;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces.map((p) => ({ type: 'section', text: mrkdwn(p, LIMITS.sectionText) }));
}

function fieldSections(fields: CardField[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.sectionFields) {
    out.push({
      type: 'section',
      fields: fields
        .slice(i, i + LIMITS.sectionFields)
        .map((f) => mrkdwn(`*${f.label}*\n${f.value}`, LIMITS.fieldText)),
    });
  }
  return out;
}

/**
 * Slack wants every action_id unique within its block (https://docs.slack.dev/reference/block-kit/block-elements/
 * button-element; a repeat is `invalid_blocks`): a list of five "Open D…" buttons shares one neutral id, so a
 * repeated id gets its button's index in the block, `deal.open:1`. The click listener reads the part before the
 * colon (neutralActionId); an id that does not repeat stays as it is.
 */
export const ACTION_ID_SEPARATOR = ':';

export function neutralActionId(actionId: string): string {
  const at = actionId.indexOf(ACTION_ID_SEPARATOR);
  return at < 0 ? actionId : actionId.slice(0, at);
}

function button(action: CardAction, index: number, all: CardAction[]): types.Button {
  const repeated = all.some((other, i) => i !== index && other.id === action.id);
  return {
    type: 'button',
    action_id: repeated ? `${action.id}${ACTION_ID_SEPARATOR}${index}` : action.id,
    text: plain(action.label, LIMITS.buttonText),
    value: clip(action.value, LIMITS.buttonValue),
    ...(action.style === undefined ? {} : { style: action.style }),
  };
}

/** One card as blocks: header, level, fields, body, image caption, buttons. */
export function renderCard(card: Card): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: plain(card.title, LIMITS.headerText) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: LEVEL_EMOJI[card.level] }] },
  ];
  if (card.fields !== undefined && card.fields.length > 0) blocks.push(...fieldSections(card.fields));
  if (card.body !== undefined && card.body !== '') blocks.push(...bodySections(card.body));
  // The PNG (and any file) goes up as a file of its own (files.ts); the card keeps the line that reads it.
  if (card.image !== undefined)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(card.image.reading ?? card.image.alt, LIMITS.sectionText)],
    });
  const actions = card.actions ?? [];
  for (let i = 0; i < actions.length; i += LIMITS.actionsElements)
    blocks.push({ type: 'actions', elements: actions.slice(i, i + LIMITS.actionsElements).map(button) });
  return blocks;
}

export interface SlackMessage {
  /** Notification and screen-reader text; Slack shows blocks when there are any. */
  text: string;
  blocks: Block[];
}

export function renderMessage(card: Card): SlackMessage {
  return {
    text: clip(card.title, LIMITS.fallbackText),
    blocks: renderCard(card).slice(0, LIMITS.messageBlocks),
  };
}

/** Several cards as few messages as possible, each within `maxBlocks`, cards separated by dividers. */
export function renderMessages(cards: Card[], maxBlocks: number = LIMITS.messageBlocks): SlackMessage[] {
  const groups: Array<{ titles: string[]; blocks: Block[] }> = [];
  for (const card of cards) {
    const blocks = renderCard(card).slice(0, maxBlocks);
    const last = groups.at(-1);
    if (last !== undefined && last.blocks.length + 1 + blocks.length <= maxBlocks) {
      last.blocks.push({ type: 'divider' }, ...blocks);
      last.titles.push(card.title);
    } else groups.push({ titles: [card.title], blocks });
  }
  return groups.map((g) => ({ text: clip(g.titles.join('\n'), LIMITS.fallbackText), blocks: g.blocks }));
}

function input(field: FormField): Block {
  const base = {
    type: 'input' as const,
    block_id: field.name,
    optional: !field.required,
    label: plain(field.label, LIMITS.inputLabel),
  };
  const placeholder =
    field.placeholder === undefined ? {} : { placeholder: plain(field.placeholder, LIMITS.placeholder) };
  const initial = field.initial === undefined || field.initial === '' ? {} : { initial_value: field.initial };
  switch (field.kind) {
    case 'select': {
      const options = (field.options ?? []).slice(0, LIMITS.selectOptions).map((o) => ({
        text: plain(o.label, LIMITS.optionText),
        value: clip(o.value, LIMITS.optionValue),
      }));
      const chosen = options.find((o) => o.value === field.initial);
      return {
        ...base,
        element: {
          type: 'static_select',
          action_id: field.name,
          options,
          ...placeholder,
          ...(chosen === undefined ? {} : { initial_option: chosen }),
        },
      };
    }
    case 'number':
      return {
        ...base,
        element: {
          type: 'number_input',
          action_id: field.name,
          is_decimal_allowed: false,
          ...placeholder,
          ...initial,
        },
      };
    default:
      return {
        ...base,
        element: {
          type: 'plain_text_input',
          action_id: field.name,
          multiline: field.kind === 'textarea',
          ...placeholder,
          ...initial,
        },
      };
  }
}

/**
 * A form as a modal: callback_id = the form id, private_metadata = its context. `note` (e.g. what to correct)
 * goes above the inputs; the inputs keep their block ids, so Slack keeps what the user typed on an update.
 */
export function renderModal(form: Form, note?: string): types.ModalView {
  const blocks: Block[] = [];
  if (note !== undefined && note !== '')
    blocks.push({ type: 'section', text: mrkdwn(note, LIMITS.sectionText) });
  // A position and files exist only on the phone page (issue 20); checkboxes are not a Slack input here either.
  blocks.push(...form.fields.filter((f) => !PAGE_ONLY_KINDS.has(f.kind) && f.kind !== 'checks').map(input));
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, LIMITS.viewTitle),
    submit: plain(form.submitLabel, LIMITS.viewButton),
    private_metadata: form.context === undefined ? '' : clip(form.context, LIMITS.privateMetadata),
    blocks: blocks.slice(0, LIMITS.viewBlocks),
  };
}

/** The modal opened at once for a click or command whose answer is a form (the trigger_id lives ~3 s): the form
 * replaces it (views.update) when ready. Before we know who clicked, there is no language: an hourglass. */
export function renderLoadingModal(): types.ModalView {
  return {
    type: 'modal',
    title: plain('Leadline', LIMITS.viewTitle),
    blocks: [{ type: 'section', text: mrkdwn(':hourglass_flowing_sand:', LIMITS.sectionText) }],
  };
}

/** The placeholder modal, when the answer turned out not to be a form (a refusal, say): the answer in it. */
export function renderAnswerModal(cards: Card[], close: string): types.ModalView {
  return {
    type: 'modal',
    title: plain('Leadline', LIMITS.viewTitle),
    close: plain(close, LIMITS.viewButton),
    blocks: renderMessages(cards, LIMITS.viewBlocks)[0]?.blocks ?? [],
  };
}

/** The App Home tab: the given cards one under the other, within the 100 blocks of a view. */
export function renderHome(cards: Card[]): { type: 'home'; blocks: Block[] } {
  const blocks = renderMessages(cards, LIMITS.viewBlocks)[0]?.blocks ?? [];
  return { type: 'home', blocks };
}
