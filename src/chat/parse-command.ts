// The one command language (DESIGN.md, "One command language"), parsed once for every messenger: Slack's
// slash-command text, WeCom/DingTalk/playground plain text, in English or Chinese.
import type { TouchKind } from '../domain/types.ts';

export type Command =
  | { verb: 'help' }
  | { verb: 'new' }
  | { verb: 'market'; tag: string | null }
  | { verb: 'claim'; leadId: number }
  | { verb: 'pass'; leadId: number }
  | { verb: 'mine' }
  | { verb: 'why'; leadId: number }
  | { verb: 'touch'; leadId: number; kind: TouchKind; note: string }
  | { verb: 'release'; leadId: number; note: string }
  | { verb: 'board' }
  // F39: a manager tries a candidate rules file from the rules folder.
  | { verb: 'whatif'; file: string | null }
  | { verb: 'invalid'; problem: 'UNKNOWN' | 'MISSING_ID' | 'BAD_TOUCH_KIND'; word: string };

const VERBS: Record<string, Exclude<Command['verb'], 'invalid'>> = {
  help: 'help',
  '?': 'help',
  帮助: 'help',
  new: 'new',
  新线索: 'new',
  market: 'market',
  集市: 'market',
  线索集市: 'market',
  claim: 'claim',
  领取: 'claim',
  pass: 'pass',
  放弃: 'pass',
  mine: 'mine',
  我的线索: 'mine',
  我的: 'mine',
  why: 'why',
  为什么: 'why',
  touch: 'touch',
  跟进: 'touch',
  release: 'release',
  释放: 'release',
  board: 'board',
  看板: 'board',
  领取榜: 'board',
  whatif: 'whatif',
  规则预演: 'whatif',
  预演: 'whatif',
};

const TOUCH_KINDS: Record<string, TouchKind> = {
  call: 'call',
  电话: 'call',
  visit: 'visit',
  拜访: 'visit',
  message: 'message',
  msg: 'message',
  消息: 'message',
};

/** `123`, `#123`, `＃123` → 123. */
function leadId(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^[#＃]?(\d+)$/.exec(word.normalize('NFKC'));
  return m === null ? null : Number(m[1]);
}

export function parseCommand(text: string): Command {
  // Full-width spaces and a leading slash or mention are common when typing on a phone.
  const words = text.normalize('NFKC').trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  if (words[0]?.toLowerCase() === 'lead' || words[0] === '线索') words.shift();
  const first = words[0];
  if (first === undefined) return { verb: 'help' };
  const verb = VERBS[first.toLowerCase()];
  if (verb === undefined) return { verb: 'invalid', problem: 'UNKNOWN', word: first };
  const rest = words.slice(1);
  switch (verb) {
    case 'help':
    case 'new':
    case 'mine':
    case 'board':
      return { verb };
    case 'market':
      return { verb, tag: rest.length > 0 ? rest.join(' ') : null };
    case 'claim':
    case 'pass':
    case 'why': {
      const id = leadId(rest[0]);
      return id === null ? { verb: 'invalid', problem: 'MISSING_ID', word: first } : { verb, leadId: id };
    }
    case 'release': {
      const id = leadId(rest[0]);
      return id === null
        ? { verb: 'invalid', problem: 'MISSING_ID', word: first }
        : { verb, leadId: id, note: rest.slice(1).join(' ') };
    }
    case 'whatif':
      return { verb, file: rest.length > 0 ? rest.join(' ') : null };
    case 'touch': {
      const id = leadId(rest[0]);
      if (id === null) return { verb: 'invalid', problem: 'MISSING_ID', word: first };
      const kind = TOUCH_KINDS[(rest[1] ?? '').toLowerCase()];
      if (kind === undefined) return { verb: 'invalid', problem: 'BAD_TOUCH_KIND', word: first };
      return { verb, leadId: id, kind, note: rest.slice(2).join(' ') };
    }
  }
}
