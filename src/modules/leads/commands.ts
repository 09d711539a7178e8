// The lead commands (F1–F7): browse the pool, claim or pass an offer, my leads, why, follow up, give back, a new
// lead, the claim board. Declared once here: words, usage, parser, handler and the buttons they type for.
import { ACTIONS } from '../../kernel/card.ts';
import { leadIdOf } from '../../kernel/command-words.ts';
import type { TouchKind } from '../../kernel/types.ts';
import { defineCommand, invalid, type ModuleCommands } from '../../conversation/command.ts';
import {
  boardReplies,
  claimReplies,
  marketPageOf,
  marketReplies,
  mineReplies,
  newLeadReplies,
  passReplies,
  releaseReplies,
  touchReplies,
  whyReplies,
} from './chat/lead-replies.ts';
import { tagsReplies } from './chat/tag-replies.ts';

export type LeadCommand =
  | { verb: 'new' }
  | { verb: 'market'; tag: string | null; page: number }
  | { verb: 'claim'; leadId: number }
  | { verb: 'pass'; leadId: number }
  | { verb: 'mine' }
  | { verb: 'why'; leadId: number }
  /** `at`: HH:mm today, when the visit or call happened earlier than it is logged. */
  | { verb: 'touch'; leadId: number; kind: TouchKind; note: string; at?: string }
  | { verb: 'release'; leadId: number; note: string }
  | { verb: 'board' }
  /** Smart tags (issue 24 item 4): show, or add (`+x`, or a bare word) and remove (`-x`). */
  | { verb: 'tags'; leadId: number; add: string[]; remove: string[] };

const TOUCH_KINDS = new Map<string, TouchKind>([
  ['call', 'call'],
  ['电话', 'call'],
  ['visit', 'visit'],
  ['拜访', 'visit'],
  ['message', 'message'],
  ['msg', 'message'],
  ['消息', 'message'],
]);

const market = defineCommand<{ verb: 'market'; tag: string | null; page: number }>({
  verb: 'market',
  aliases: { en: [], zh: ['集市', '线索集市'] },
  usage: [
    { group: 'leads', en: '`market [tag] [page]` browse the pool', zh: '`集市 [标签] [页码]` 浏览线索池' },
  ],
  // `集市 医疗 2`: a last word that is a number is the page.
  parse: (args) => {
    const last = args.at(-1) ?? '';
    const page = /^\d{1,4}$/.test(last) ? Number(last) : null;
    const words = page === null ? args : args.slice(0, -1);
    return { verb: 'market', tag: words.length > 0 ? words.join(' ') : null, page: page ?? 1 };
  },
  handle: (deps, _actor, c, locale) => marketReplies(deps, c.tag, locale, c.page),
  typed: {
    [ACTIONS.marketOpen]: (value, word) => {
      const { page, tag } = marketPageOf(value);
      return [word, tag ?? '', page > 1 ? String(page) : ''].filter((w) => w !== '').join(' ');
    },
  },
});

const claim = defineCommand<{ verb: 'claim'; leadId: number }>({
  verb: 'claim',
  aliases: { en: [], zh: ['领取'] },
  usage: [{ group: 'leads', en: '`claim ID`', zh: '`领取 ID`' }],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    return id === null ? invalid('MISSING_ID', word) : { verb: 'claim', leadId: id };
  },
  handle: (deps, actor, c, locale) => claimReplies(deps, actor, c.leadId, locale, false),
  typed: { [ACTIONS.leadClaim]: (value, word) => `${word} ${value}` },
});

const pass = defineCommand<{ verb: 'pass'; leadId: number }>({
  verb: 'pass',
  aliases: { en: [], zh: ['放弃'] },
  usage: [{ group: 'leads', en: '`pass ID`', zh: '`放弃 ID`' }],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    return id === null ? invalid('MISSING_ID', word) : { verb: 'pass', leadId: id };
  },
  handle: (deps, actor, c, locale) => passReplies(deps, actor, c.leadId, locale),
  typed: { [ACTIONS.leadPass]: (value, word) => `${word} ${value}` },
});

const mine = defineCommand<{ verb: 'mine' }>({
  verb: 'mine',
  aliases: { en: [], zh: ['我的线索', '我的'] },
  usage: [{ group: 'leads', en: '`mine`', zh: '`我的线索`' }],
  parse: () => ({ verb: 'mine' }),
  handle: (deps, actor, _c, locale) => mineReplies(deps, actor, locale),
});

const why = defineCommand<{ verb: 'why'; leadId: number }>({
  verb: 'why',
  aliases: { en: [], zh: ['为什么'] },
  usage: [{ group: 'leads', en: '`why ID`', zh: '`为什么 ID`' }],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    return id === null ? invalid('MISSING_ID', word) : { verb: 'why', leadId: id };
  },
  handle: (deps, actor, c, locale) => whyReplies(deps, actor, c.leadId, locale),
  typed: { [ACTIONS.leadWhy]: (value, word) => `${word} ${value}` },
});

type Touch = Extract<LeadCommand, { verb: 'touch' }>;
const touch = defineCommand<Touch>({
  verb: 'touch',
  aliases: { en: [], zh: ['跟进'] },
  usage: [
    {
      group: 'leads',
      en: '`touch ID call|visit|message NOTE`',
      zh: '`跟进 ID 电话|拜访|消息 备注`',
    },
  ],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    if (id === null) return invalid('MISSING_ID', word);
    const kind = TOUCH_KINDS.get((args[1] ?? '').toLowerCase());
    if (kind === undefined) return invalid('BAD_TOUCH_KIND', word);
    const time = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/.exec(args[2] ?? '');
    if (time !== null)
      return {
        verb: 'touch',
        leadId: id,
        kind,
        note: args.slice(3).join(' '),
        at: `${time[1]!.padStart(2, '0')}:${time[2]}`,
      };
    return { verb: 'touch', leadId: id, kind, note: args.slice(2).join(' ') };
  },
  handle: (deps, actor, c, locale) => touchReplies(deps, actor, c, locale),
  hints: ['电话', '打电话', '拜访', '消息', '微信', 'phone', 'call', 'visit', 'message'],
  // The button opens a form; typed, a call is the commonest follow-up.
  typed: {
    [ACTIONS.leadTouch]: (value, word, locale) => `${word} ${value} ${locale === 'zh-CN' ? '电话' : 'call'}`,
  },
});

const release = defineCommand<{ verb: 'release'; leadId: number; note: string }>({
  verb: 'release',
  aliases: { en: [], zh: ['释放'] },
  usage: [{ group: 'leads', en: '`release ID [note]`', zh: '`释放 ID [备注]`' }],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    return id === null
      ? invalid('MISSING_ID', word)
      : { verb: 'release', leadId: id, note: args.slice(1).join(' ') };
  },
  handle: (deps, actor, c, locale) => releaseReplies(deps, actor, c.leadId, c.note, locale),
  typed: { [ACTIONS.leadRelease]: (value, word) => `${word} ${value}` },
});

const newLead = defineCommand<{ verb: 'new' }>({
  verb: 'new',
  opensForm: true,
  aliases: { en: [], zh: ['新线索'] },
  usage: [{ group: 'leads', en: '`new`', zh: '`新线索`' }],
  parse: () => ({ verb: 'new' }),
  handle: (_deps, _actor, _c, locale) => Promise.resolve(newLeadReplies(locale)),
});

const board = defineCommand<{ verb: 'board' }>({
  verb: 'board',
  aliases: { en: [], zh: ['看板', '领取榜'] },
  usage: [{ group: 'leads', en: '`board`', zh: '`看板`' }],
  parse: () => ({ verb: 'board' }),
  handle: (deps, _actor, _c, locale) => boardReplies(deps, locale),
});

type Tags = Extract<LeadCommand, { verb: 'tags' }>;
const tags = defineCommand<Tags>({
  verb: 'tags',
  aliases: { en: ['tag'], zh: ['标签'] },
  usage: [{ group: 'leads', en: '`tags ID [+TAG] [-TAG]`', zh: '`标签 ID [+标签] [-标签]`' }],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    if (id === null) return invalid('MISSING_ID', word);
    const add: string[] = [];
    const remove: string[] = [];
    for (const a of args.slice(1)) {
      const sign = a[0];
      const tag = sign === '+' || sign === '＋' || sign === '-' || sign === '－' ? a.slice(1) : a;
      if (tag.trim() === '') continue;
      (sign === '-' || sign === '－' ? remove : add).push(tag);
    }
    return { verb: 'tags', leadId: id, add, remove };
  },
  handle: (deps, actor, c, locale) => tagsReplies(deps, actor, c.leadId, c.add, c.remove, locale),
});

/** In the order of the help card. */
export const leadCommands: ModuleCommands = {
  commands: [market, claim, pass, mine, why, touch, release, newLead, board, tags],
  // Linking a WeChat customer names it by WeCom's external_userid, which nobody types: the card's tap only.
  buttonsOnly: [ACTIONS.leadLink],
};
