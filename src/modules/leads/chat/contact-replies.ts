// The rep's tap on "link this WeChat customer to lead N" (issue 24 item 8): the card it was on is replaced by what
// happened.
import type { Person } from '../../../kernel/types.ts';
import type { Reply } from '../../../kernel/card.ts';
import type { Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { contactName, linkContact } from '../use-cases/contact-added.ts';

/** `LEAD|EXTERNAL_USERID|NAME` (the name may hold `|` itself) → its parts, or null. */
export function linkValueOf(value: string): { leadId: number; externalUserId: string; name: string } | null {
  const m = /^(\d{1,15})\|([^|]{1,64})\|(.*)$/s.exec(value.slice(0, 300));
  if (m === null) return null;
  return { leadId: Number(m[1]), externalUserId: m[2] as string, name: contactName(m[3] as string) };
}

export async function linkContactReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const link = linkValueOf(value);
  if (link === null) return [note(locale, 'refuse.BAD_CONTACT', {}, 'yellow')];
  const r = await linkContact(deps.engine, { personId: actor.id, ...link });
  if (r.kind === 'rejected') return [note(locale, `refuse.${r.reason}`, { id: link.leadId }, 'yellow')];
  const key = r.kind === 'linked' ? 'reply.contactLinked' : 'reply.contactAlready';
  const reply = note(
    locale,
    key,
    { id: link.leadId, name: link.name },
    r.kind === 'linked' ? 'green' : 'info',
  );
  return [{ ...reply, mode: 'in_place' }];
}
