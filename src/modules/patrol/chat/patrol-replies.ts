// The morning patrol in chat (issue 21): `today` / `今日`, and its Nudge and Got it buttons.
import type { Reply } from '../../../kernel/card.ts';
import type { Person } from '../../../kernel/types.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { t, type Locale } from '../../i18n.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { patrolCard, reasonsText, subjectOf } from '../cards/patrol-card.ts';
import { acknowledgeItem, nudgeItem, patrolNow } from '../use-cases/send-patrol.ts';
import { ACTIONS } from '../../../kernel/card.ts';

async function names(deps: ChatDeps): Promise<{ nameOf: (id: string) => string; timezone: string }> {
  const { names, timezone } = await lookupNames(deps.engine);
  return { nameOf: (id: string) => names.get(id) ?? id, timezone };
}

export async function patrolReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const r = await patrolNow(deps.engine, actor);
  if (r.kind === 'rejected') return [note(locale, 'patrol.notYours', {})];
  const ctx = await names(deps);
  return r.pages.map((page) => ({ mode: 'ephemeral', card: patrolCard(page, ctx, locale) }));
}

/** A patrol button: the value is the item's key. */
export async function patrolActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  key: string,
  locale: Locale,
): Promise<Reply[]> {
  const ctx = await names(deps);
  if (actionId === ACTIONS.patrolAck) {
    const r = await acknowledgeItem(deps.engine, actor, key);
    if (r.kind === 'gone') return [note(locale, 'patrol.gone', {})];
    return [note(locale, 'patrol.acked', { subject: label(r.item, ctx, locale) }, 'green')];
  }
  const r = await nudgeItem(deps.engine, actor, key);
  if (r.kind === 'gone') return [note(locale, 'patrol.gone', {})];
  const vars = { name: ctx.nameOf(r.repId), subject: label(r.item, ctx, locale) };
  return [note(locale, r.kind === 'nudged' ? 'patrol.nudged' : 'patrol.nudgedAlready', vars, 'green')];
}

/** An item in a sentence: its customer (or the rep) and why it is listed. */
function label(
  item: Parameters<typeof subjectOf>[0],
  ctx: { nameOf: (id: string) => string; timezone: string },
  locale: Locale,
): string {
  const reasons = reasonsText(item.reasons, ctx.timezone, locale);
  // A line about a rep (a warning, a report) is named by the rep; one about a customer by the customer.
  const subject =
    item.subject === ''
      ? item.repId === null
        ? ''
        : ctx.nameOf(item.repId)
      : subjectOf({ ...item, repId: null, amount: 0 }, ctx, locale);
  return subject === '' ? reasons : t(locale, 'patrol.about', { subject, reasons });
}
