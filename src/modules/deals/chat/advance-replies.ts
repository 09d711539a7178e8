// Advancing a deal to its next (or a named) stage (F11), typed or clicked: the gate's verdict as replies.
import type { Stage } from '../rules/deal-rules.ts';
import type { MissingEvidence } from '../rules/deals.ts';
import type { Person } from '../../../kernel/types.ts';
import { advanceDeal } from '../use-cases/advance-deal.ts';
import type { Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { dealCard, requirementLabel, stageList, stageName } from '../cards/deal-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';

export async function advanceReplies(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  target: string | null,
  reason: string,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const r = await advanceDeal(deps.engine, { personId: actor.id, dealId, target, reason });
  const now = deps.engine.clock();
  if (r.kind === 'rejected') {
    if (r.reason === 'NO_SUCH_STAGE')
      return [
        note(
          locale,
          'deal.refuse.NO_SUCH_STAGE',
          { word: r.word, list: stageList(r.pipeline, locale) },
          'yellow',
        ),
      ];
    return [note(locale, `deal.refuse.${r.reason}`, { id: dealId }, 'yellow')];
  }
  const card = dealCard(r.view, locale, now);
  const cardReplyOf: Reply = { mode: clicked ? 'in_place' : 'ephemeral', card };
  if (r.kind === 'advanced') {
    const stage = stageName(r.view.stage, locale);
    const head = r.won
      ? note(locale, 'advance.won', { id: dealId, customer: r.view.deal.customer }, 'win')
      : r.skipped.length > 0
        ? note(
            locale,
            'advance.doneSkipped',
            { id: dealId, stage, skipped: names(r.skipped, locale), reason },
            'green',
          )
        : note(locale, 'advance.done', { id: dealId, stage }, 'green');
    // At the last stage but not won: what winning still needs.
    const last = r.view.pipeline.stages.at(-1)?.id === r.view.stage.id;
    if (!r.won && last && r.view.missing.length > 0)
      return [
        cardReplyOf,
        head,
        note(locale, 'advance.winNeeds', { id: dealId, list: missingList(r.view.missing, locale) }, 'info'),
      ];
    return [cardReplyOf, head];
  }
  const stage = stageName(r.view.stage, locale);
  switch (r.reason) {
    case 'WIN_NEEDS_EVIDENCE':
      return [
        cardReplyOf,
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'advance.winMissing.title', { id: dealId }),
            body: t(locale, 'advance.winMissing.body', { id: dealId, list: missingList(r.missing, locale) }),
            level: 'yellow',
          },
        },
      ];
    case 'MISSING_EVIDENCE': {
      const list = r.missing
        .map((m) =>
          t(locale, 'deal.evidence.missing', {
            label: requirementLabel(m.requirement, locale),
            have: m.have,
            count: m.requirement.count,
          }),
        )
        .join('\n');
      return [
        cardReplyOf,
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'advance.missing.title', { id: dealId, stage }),
            body: t(locale, 'advance.missing.body', { list }),
            level: 'yellow',
          },
        },
      ];
    }
    case 'SKIP_NEEDS_REASON':
      return [
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'advance.skip.title', {
              to: stageName(r.to, locale),
              skipped: names(r.skipped, locale),
            }),
            body: t(locale, 'advance.skip.body', { id: dealId, toId: r.to.id }),
            level: 'yellow',
          },
        },
      ];
    default:
      return [note(locale, `advance.${r.reason}`, { id: dealId, stage }, 'yellow')];
  }
}

function missingList(missing: readonly MissingEvidence[], locale: Locale): string {
  return missing
    .map((m) =>
      t(locale, 'deal.evidence.missing', {
        label: requirementLabel(m.requirement, locale),
        have: m.have,
        count: m.requirement.count,
      }),
    )
    .join('\n');
}

function names(stages: readonly Stage[], locale: Locale): string {
  return stages.map((s) => stageName(s, locale)).join('、');
}
