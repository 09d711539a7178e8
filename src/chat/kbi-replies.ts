// Performance feedback in chat (F21–F23): the Acknowledge button on a KBI warning, my indicators and points.
import type { Person } from '../domain/types.ts';
import { acknowledgeWarning } from '../engine/acknowledge-warning.ts';
import { lookupNames } from '../engine/my-leads.ts';
import { myKbi } from '../engine/my-kbi.ts';
import { myKbiCard, teamBoardCard } from '../messages/kbi-cards.ts';
import { teamBoard } from '../engine/team-board.ts';
import type { Reply } from '../messages/card.ts';
import type { Locale } from '../messages/catalog.ts';
import { warningCard } from '../messages/kbi-notices.ts';
import type { ChatDeps } from './conversation.ts';
import { note } from './note.ts';

/** An Acknowledge click: recorded once per rep and per manager; the clicked card shows the record. */
export async function acknowledgeReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const warningId = Number(value);
  if (!Number.isInteger(warningId) || warningId <= 0)
    return [note(locale, 'kbi.ack.NOT_FOUND', { id: value }, 'yellow')];
  const r = await acknowledgeWarning(deps.engine, { personId: actor.id, warningId });
  if (r.kind === 'rejected' && r.reason !== 'ALREADY')
    return [note(locale, `kbi.ack.${r.reason}`, { id: warningId }, 'yellow')];
  const { names, timezone } = await lookupNames(deps.engine);
  const ctx = { nameOf: (id: string) => names.get(id) ?? id, timezone };
  const key = r.kind === 'acknowledged' ? 'kbi.ack.done' : 'kbi.ack.already';
  const card = warningCard({ ...r.view }, r.as, ctx, locale, { key, minutes: r.minutes });
  // A click replaces the clicked card; a typed `ack W12` gets the card as an answer.
  return [{ mode: clicked ? 'in_place' : 'ephemeral', card }];
}

/** `kbi` / `/kbi` / `我的指标`: my indicators on the KBI day in progress, what is open, my points. */
export async function myKbiReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const view = await myKbi(deps.engine, actor.id);
  const { timezone } = await lookupNames(deps.engine);
  const green = deps.engine.rules.kbi.warnings.green.below;
  return [{ mode: 'ephemeral', card: myKbiCard(view, locale, timezone, green) }];
}

/** `team board` / `团队看板` / `/team board`: targets of this month and quarter against the pace. */
export async function teamBoardReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const board = await teamBoard(deps.engine, actor.id);
  if (board === null) return [];
  const { names } = await lookupNames(deps.engine);
  return [{ mode: 'ephemeral', card: teamBoardCard(board, locale, (id) => names.get(id) ?? id) }];
}
