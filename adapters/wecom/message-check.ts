// What WeCom refuses (or silently cuts) in an app message, written from its documentation, so that the test fake
// refuses it too and a property test can run every card the product renders through it. Pure.
// - 发送应用消息 (message/send): https://developer.work.weixin.qq.com/document/path/90236 — message types; text
//   "最长不超过2048个字节，超过将截断"; markdown "最长不超过2048个字节"; textcard title ≤ 128 bytes, description
//   ≤ 512 bytes, url ≤ 2048 bytes, btntxt ≤ 4 characters.
// - 模板卡片 (template_card), same page and 模板卡片类型 https://developer.work.weixin.qq.com/document/path/101032:
//   card_type one of five; task_id "只能由数字、字母和“_-@”组成，最长128字节" and "同一个应用任务id不能重复";
//   horizontal_content_list "列表长度不超过6"; jump_list "列表长度不超过3"; button_list "列表长度不超过6";
//   a button key "最长支持1024字节，不可重复"; text_notice: "不可本字段(main_title.title)和sub_title_text都不填",
//   card_action required for text_notice. Lengths WeCom only recommends ("建议不超过") are not refusals: our
//   renderer clips to them (render.ts LIMITS).
// - 应用推送消息到群聊 (appchat/send): https://developer.work.weixin.qq.com/document/path/90248 — text, image, voice,
//   video, file, textcard, news, mpnews, markdown; no template cards.
// Where WeCom cuts instead of refusing (text over 2,048 bytes), the check refuses: a cut message loses words.

export type WecomMessageProblem = string;

const SEND_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]);
const APPCHAT_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
]);
const CARD_TYPES = new Set([
  'text_notice',
  'news_notice',
  'button_interaction',
  'vote_interaction',
  'multiple_interaction',
]);
const TASK_ID = /^[0-9A-Za-z_@-]{1,128}$/;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const chars = (s: string) => [...s].length;
type Body = Record<string, unknown>;
const obj = (v: unknown): Body | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The problems of a message/send or appchat/send body (empty: WeCom takes it). */
export function wecomMessageProblems(message: object, to: 'send' | 'appchat'): WecomMessageProblem[] {
  const body = message as Body;
  const type = str(body.msgtype) ?? '';
  const allowed = to === 'send' ? SEND_TYPES : APPCHAT_TYPES;
  if (!allowed.has(type)) return [`msgtype ${JSON.stringify(type)} is not accepted by ${to}`];
  const part = obj(body[type]);
  if (part === undefined) return [`${type}: missing`];
  const problems: string[] = [];
  if (type === 'text' || type === 'markdown') {
    const content = str(part.content) ?? '';
    if (content === '') problems.push(`${type}.content is empty`);
    if (bytes(content) > 2048) problems.push(`${type}.content is ${bytes(content)} bytes (at most 2048)`);
  }
  if (type === 'textcard') {
    if (bytes(str(part.title) ?? '') > 128) problems.push('textcard.title over 128 bytes');
    if (bytes(str(part.description) ?? '') > 512) problems.push('textcard.description over 512 bytes');
    if (bytes(str(part.url) ?? '') > 2048) problems.push('textcard.url over 2048 bytes');
    if (chars(str(part.btntxt) ?? '') > 4) problems.push('textcard.btntxt over 4 characters');
  }
  if (type === 'template_card') problems.push(...templateCardProblems(part));
  return problems;
}

/** The problems of a template card (also the `template_card` of an update_template_card). */
export function templateCardProblems(template: object): WecomMessageProblem[] {
  const card = template as Body;
  const problems: string[] = [];
  const cardType = str(card.card_type) ?? '';
  if (!CARD_TYPES.has(cardType)) return [`card_type ${JSON.stringify(cardType)} is unknown`];
  const task = str(card.task_id);
  const interactive = cardType.endsWith('_interaction');
  if (interactive && task === undefined) problems.push(`${cardType} needs a task_id`);
  if (task !== undefined && !TASK_ID.test(task))
    problems.push(`task_id ${JSON.stringify(task)}: only 0-9 A-Z a-z _ - @, at most 128 bytes`);
  const mainTitle = obj(card.main_title);
  if (cardType === 'text_notice') {
    if ((str(mainTitle?.title) ?? '') === '' && (str(card.sub_title_text) ?? '') === '')
      problems.push('text_notice needs main_title.title or sub_title_text');
    if (obj(card.card_action) === undefined) problems.push('text_notice needs card_action');
  } else if ((str(mainTitle?.title) ?? '') === '') problems.push(`${cardType} needs main_title.title`);
  if (list(card.horizontal_content_list).length > 6) problems.push('horizontal_content_list: more than 6');
  if (list(card.jump_list).length > 3) problems.push('jump_list: more than 3');
  for (const [i, item] of list(card.horizontal_content_list).entries())
    if ((str(obj(item)?.keyname) ?? '') === '')
      problems.push(`horizontal_content_list[${i}].keyname is empty`);
  for (const [i, item] of list(card.jump_list).entries()) {
    const j = obj(item);
    if ((str(j?.title) ?? '') === '') problems.push(`jump_list[${i}].title is empty`);
    if (j?.type === 1 && (str(j.url) ?? '') === '') problems.push(`jump_list[${i}] of type 1 needs a url`);
  }
  const buttons = list(card.button_list);
  if (cardType === 'button_interaction' && (buttons.length < 1 || buttons.length > 6))
    problems.push(`button_list: ${buttons.length} buttons (1 to 6)`);
  const keys = new Set<string>();
  for (const [i, b] of buttons.entries()) {
    const button = obj(b);
    const text = str(button?.text) ?? '';
    if (text === '') problems.push(`button_list[${i}].text is empty`);
    const callback = (button?.type ?? 0) === 0;
    const key = str(button?.key) ?? '';
    if (callback && key === '') problems.push(`button_list[${i}] needs a key`);
    if (bytes(key) > 1024) problems.push(`button_list[${i}].key over 1024 bytes`);
    if (key !== '' && keys.has(key)) problems.push(`button_list[${i}].key ${JSON.stringify(key)} repeats`);
    keys.add(key);
  }
  return problems;
}
