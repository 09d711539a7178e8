// Quiet hours (issue 25 item 2): outside working hours, a notice to a person that is not urgent is held in the
// outbox (status `held`, in the database: a crash loses nothing) until the next working moment. A manager's held
// notices are folded into their morning patrol before then (send-patrol.ts); what is not folded goes out at the
// working day's start. Cards sent to a team channel and updates of cards already sent are never held.
import { isWorkingMoment, nextWorkingMoment } from '../../../kernel/work-clock.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import type { OutboxRow, Tx } from '../../ports.ts';
import { urgentBecause } from '../rules/patrol-rules.ts';

/** When a notice taken from the outbox at `now` should go instead, and why; null: it goes now. */
export async function quietHold(
  tx: Tx,
  deps: EngineDeps,
  notice: OutboxRow,
  now: number,
): Promise<{ until: number; reason: string } | null> {
  const rules = deps.rules;
  if (!rules.patrol.quietHours || notice.to.kind !== 'person') return null;
  const work = await orgWorkTime(tx, deps);
  if (isWorkingMoment(now, work)) return null;
  const dealId = typeof notice.data.dealId === 'number' ? notice.data.dealId : null;
  const dealAmount =
    notice.template === 'deal.health' && dealId !== null
      ? ((await tx.deals.get(dealId))?.amount ?? null)
      : null;
  const urgent = urgentBecause({ template: notice.template, data: notice.data, dealAmount }, rules.patrol);
  if (urgent !== null) return null;
  // A calendar with no working day ahead at all: the notice goes now rather than never.
  const until = nextWorkingMoment(now, work);
  if (until === null) return null;
  return { until, reason: `held outside working hours until ${new Date(until).toISOString()}` };
}
