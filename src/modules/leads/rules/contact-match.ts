// Issue 24 item 8: a customer a rep added on WeChat (WeCom 客户联系) → the rep's lead, by the phones the rep wrote
// in the contact's remark (remark_mobiles). Pure: the leads that share a phone are read by the caller.
import type { Lead } from '../../../kernel/types.ts';
import { normalizePhone } from './normalize.ts';

/** WeCom keeps at most 5 remark phones per contact; more than that is not a remark, it is input to bound. */
export const MAX_REMARK_MOBILES = 5;
/** A phone is at most 20 digits (E.164 is 15, plus an extension); shorter than 7 names no one. */
const PHONE_DIGITS = { min: 7, max: 20 };

/** The remark phones as lead intake normalises them, each once, bounded; unusable ones dropped. */
export function remarkPhones(mobiles: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of mobiles.slice(0, MAX_REMARK_MOBILES)) {
    const phone = normalizePhone(raw.slice(0, 40));
    if (phone.length < PHONE_DIGITS.min || phone.length > PHONE_DIGITS.max) continue;
    if (!out.includes(phone)) out.push(phone);
  }
  return out;
}

/** "138…": enough for the rep to recognise the number, without writing the whole of it into logs and cards. */
export function phoneHint(phone: string): string {
  return `${phone.slice(0, 3)}…`;
}

export type ContactMatch =
  /** The rep's own claimed lead has this phone: link it. */
  | { kind: 'own'; lead: Lead; phone: string; reason: string }
  /** Another rep's lead (offered, claimed or won) has it: tell them both and their managers, link nothing. */
  | { kind: 'elsewhere'; lead: Lead; phone: string; reason: string }
  /** No lead of anyone's: the rep may link one of theirs by hand. */
  | { kind: 'none'; reason: string };

const HELD: ReadonlySet<string> = new Set(['offered', 'owned', 'won']);

/**
 * Which lead the contact is, given the leads that share one of its phones (`candidates`, any order). The rep's
 * own claimed lead wins over another's (a customer both reps know is the adder's to follow up); among several,
 * the most recently created. A pool or lost lead is nobody's: no match.
 */
export function matchContact(
  personId: string,
  phones: readonly string[],
  candidates: readonly Lead[],
): ContactMatch {
  if (phones.length === 0) return { kind: 'none', reason: 'no remark_mobiles' };
  const phoneOf = (l: Lead) => normalizePhone(l.phone);
  const sharing = candidates
    .filter((l) => l.mergedInto === null && phones.includes(phoneOf(l)))
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id);
  const own = sharing.find((l) => l.status === 'owned' && l.ownerId === personId);
  if (own !== undefined)
    return {
      kind: 'own',
      lead: own,
      phone: phoneOf(own),
      reason: `remark_mobiles ${phoneHint(phoneOf(own))}`,
    };
  const other = sharing.find((l) => HELD.has(l.status) && l.ownerId !== null && l.ownerId !== personId);
  if (other !== undefined)
    return {
      kind: 'elsewhere',
      lead: other,
      phone: phoneOf(other),
      reason: `remark_mobiles ${phoneHint(phoneOf(other))}`,
    };
  return { kind: 'none', reason: `no lead held with remark_mobiles ${phones.map(phoneHint).join(', ')}` };
}
