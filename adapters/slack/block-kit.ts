// Block Kit as Slack checks it, from Slack's published limits: what chat.postMessage, chat.update,
// chat.postEphemeral, views.open/update/publish and a response_url refuse with `invalid_blocks` (or
// `invalid_arguments` for a view). Pure. The test fake of the Web API (test/fixtures/fake-slack.ts) refuses what
// this refuses, so a card Slack would reject fails our tests instead of failing in a customer's workspace.
// Each rule cites the page it comes from; where render.ts clips to a limit, LIMITS holds the same number.

/** A problem found, as a path and the rule it breaks (`blocks[3].elements[1].action_id: repeated in its block`). */
export type BlockKitProblem = string;

export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  isObject(v) && typeof v.text === 'string' ? v.text : typeof v === 'string' ? v : undefined;
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * The limits. Sources:
 * - BLOCKS: "You can include up to 50 blocks in each message, and 100 blocks in modals or Home tabs."
 *   https://docs.slack.dev/reference/block-kit/blocks
 * - ID: block_id "Maximum length for this field is 255 characters. block_id should be unique for each message";
 *   action_id "Should be unique among all other action_ids in the containing block. Maximum length for this field
 *   is 255 characters." https://docs.slack.dev/tools/node-slack-sdk/reference/types/interfaces/Block and
 *   .../interfaces/Actionable
 * - ACTIONS: "There is a maximum of 25 elements in each action block."
 *   https://docs.slack.dev/reference/block-kit/blocks/actions-block
 * - SECTION: text "Maximum length for the text in this field is 3000 characters"; fields "Maximum number of items
 *   is 10. Maximum length for the text in each item is 2000 characters."
 *   https://docs.slack.dev/reference/block-kit/blocks/section-block
 * - HEADER: plain_text, at most 150 characters. https://docs.slack.dev/reference/block-kit/blocks/header-block
 * - CONTEXT: at most 10 elements. https://docs.slack.dev/reference/block-kit/blocks/context-block
 * - BUTTON: text plain_text, 75 characters; value 2000; url 3000.
 *   https://docs.slack.dev/reference/block-kit/block-elements/button-element
 * - INPUT: label 2000, placeholder 150; static_select at most 100 options, option text 75, value 150.
 *   https://docs.slack.dev/reference/block-kit/blocks/input-block,
 *   https://docs.slack.dev/reference/block-kit/composition-objects/option-object
 * - VIEW: title, submit and close 24 characters; private_metadata 3000; callback_id 255.
 *   https://docs.slack.dev/reference/views/modal-views
 */
export const BLOCK_KIT = {
  messageBlocks: 50,
  viewBlocks: 100,
  id: 255,
  actionsElements: 25,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  inputLabel: 2000,
  placeholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
} as const;

function tooLong(out: BlockKitProblem[], path: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) out.push(`${path}: ${value.length} characters, over ${max}`);
}

function checkElement(out: BlockKitProblem[], path: string, el: unknown): void {
  if (!isObject(el)) {
    out.push(`${path}: not an object`);
    return;
  }
  if (typeof el.action_id === 'string') tooLong(out, `${path}.action_id`, el.action_id, BLOCK_KIT.id);
  tooLong(out, `${path}.placeholder`, text(el.placeholder), BLOCK_KIT.placeholder);
  if (el.type === 'button') {
    const label = text(el.text);
    if (label === undefined || label === '') out.push(`${path}.text: missing`);
    if (isObject(el.text) && el.text.type !== 'plain_text') out.push(`${path}.text: must be plain_text`);
    tooLong(out, `${path}.text`, label, BLOCK_KIT.buttonText);
    if (typeof el.value === 'string') tooLong(out, `${path}.value`, el.value, BLOCK_KIT.buttonValue);
    if (typeof el.url === 'string') tooLong(out, `${path}.url`, el.url, BLOCK_KIT.buttonUrl);
  }
  if (el.type === 'static_select') {
    const options = array(el.options);
    if (options.length > BLOCK_KIT.selectOptions)
      out.push(`${path}.options: ${options.length}, over ${BLOCK_KIT.selectOptions}`);
    options.forEach((o, i) => {
      tooLong(
        out,
        `${path}.options[${i}].text`,
        text(isObject(o) ? o.text : undefined),
        BLOCK_KIT.optionText,
      );
      const value = isObject(o) && typeof o.value === 'string' ? o.value : undefined;
      tooLong(out, `${path}.options[${i}].value`, value, BLOCK_KIT.optionValue);
    });
  }
}

function checkBlock(out: BlockKitProblem[], path: string, block: Json): void {
  switch (block.type) {
    case 'header':
      tooLong(out, `${path}.text`, text(block.text), BLOCK_KIT.headerText);
      break;
    case 'section': {
      const fields = array(block.fields);
      if (block.text === undefined && fields.length === 0)
        out.push(`${path}: a section needs text or fields`);
      tooLong(out, `${path}.text`, text(block.text), BLOCK_KIT.sectionText);
      if (fields.length > BLOCK_KIT.sectionFields)
        out.push(`${path}.fields: ${fields.length}, over ${BLOCK_KIT.sectionFields}`);
      fields.forEach((f, i) => tooLong(out, `${path}.fields[${i}]`, text(f), BLOCK_KIT.fieldText));
      break;
    }
    case 'context': {
      const elements = array(block.elements);
      if (elements.length === 0 || elements.length > BLOCK_KIT.contextElements)
        out.push(`${path}.elements: ${elements.length}, not 1 to ${BLOCK_KIT.contextElements}`);
      break;
    }
    case 'actions': {
      const elements = array(block.elements);
      if (elements.length === 0 || elements.length > BLOCK_KIT.actionsElements)
        out.push(`${path}.elements: ${elements.length}, not 1 to ${BLOCK_KIT.actionsElements}`);
      // Slack answers invalid_blocks for two elements with one action_id in the same block.
      const seen = new Set<string>();
      elements.forEach((el, i) => {
        checkElement(out, `${path}.elements[${i}]`, el);
        const id = isObject(el) && typeof el.action_id === 'string' ? el.action_id : undefined;
        if (id === undefined) return;
        if (seen.has(id)) out.push(`${path}.elements[${i}].action_id: ${id} repeated in its block`);
        seen.add(id);
      });
      break;
    }
    case 'input':
      tooLong(out, `${path}.label`, text(block.label), BLOCK_KIT.inputLabel);
      checkElement(out, `${path}.element`, block.element);
      break;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'file':
    case 'video':
      break;
    default:
      out.push(`${path}.type: unknown block type ${String(block.type)}`);
  }
}

/** The problems of a `blocks` array on a surface; an empty list means Slack takes it. */
export function checkBlocks(blocks: unknown, surface: Surface): BlockKitProblem[] {
  const out: BlockKitProblem[] = [];
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return ['blocks: not an array'];
  const max = surface === 'message' ? BLOCK_KIT.messageBlocks : BLOCK_KIT.viewBlocks;
  if (blocks.length > max) out.push(`blocks: ${blocks.length}, over ${max} for a ${surface}`);
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const path = `blocks[${i}]`;
    if (!isObject(block)) {
      out.push(`${path}: not an object`);
      return;
    }
    if (typeof block.block_id === 'string') {
      tooLong(out, `${path}.block_id`, block.block_id, BLOCK_KIT.id);
      if (blockIds.has(block.block_id))
        out.push(`${path}.block_id: ${block.block_id} repeated in the ${surface}`);
      blockIds.add(block.block_id);
    }
    checkBlock(out, path, block);
  });
  return out;
}

/** The problems of a view object (views.open, views.update, views.publish). */
export function checkView(view: unknown): BlockKitProblem[] {
  if (!isObject(view)) return ['view: not an object'];
  const surface: Surface = view.type === 'home' ? 'home' : 'modal';
  const out = checkBlocks(view.blocks ?? [], surface);
  if (surface === 'modal') {
    const title = text(view.title);
    if (title === undefined || title === '') out.push('view.title: missing');
    tooLong(out, 'view.title', title, BLOCK_KIT.viewTitle);
    tooLong(out, 'view.submit', text(view.submit), BLOCK_KIT.viewButton);
    tooLong(out, 'view.close', text(view.close), BLOCK_KIT.viewButton);
  }
  if (typeof view.private_metadata === 'string')
    tooLong(out, 'view.private_metadata', view.private_metadata, BLOCK_KIT.privateMetadata);
  if (typeof view.callback_id === 'string') tooLong(out, 'view.callback_id', view.callback_id, BLOCK_KIT.id);
  return out;
}
