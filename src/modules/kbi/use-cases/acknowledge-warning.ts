// F22: the Acknowledge button on a KBI warning. The rep's first click and the copied manager's first click are
// each recorded once, with the minutes since the warning was issued (also in the event log).
import { minutesToAcknowledge } from '../rules/warnings.ts';
import type { EngineDeps } from '../../deps.ts';
import { warningView, type WarningView } from './kbi-facts.ts';

export type AcknowledgeResult =
  | { kind: 'acknowledged'; view: WarningView; as: 'rep' | 'manager'; minutes: number }
  | { kind: 'rejected'; reason: 'ALREADY'; view: WarningView; as: 'rep' | 'manager'; minutes: number }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' };

export async function acknowledgeWarning(
  deps: EngineDeps,
  input: { personId: string; warningId: number },
): Promise<AcknowledgeResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<AcknowledgeResult> => {
    const w = await tx.kbi.warning(input.warningId);
    if (w === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    const as = w.repId === input.personId ? 'rep' : w.managerId === input.personId ? 'manager' : null;
    if (as === null) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (!(await tx.kbi.acknowledge(w.id, as, now))) {
      const earlier = (as === 'rep' ? w.acknowledgedAt : w.managerAcknowledgedAt) ?? now;
      return {
        kind: 'rejected',
        reason: 'ALREADY',
        view: await warningView(tx, deps, w),
        as,
        minutes: minutesToAcknowledge(w.sentAt, earlier),
      };
    }
    const minutes = minutesToAcknowledge(w.sentAt, now);
    await tx.events.append({
      type: 'kbi.acknowledged',
      at: now,
      leadId: null,
      actorId: input.personId,
      warningId: w.id,
      repId: w.repId,
      day: w.day,
      tier: w.tier,
      as,
      minutes,
    });
    const after = (await tx.kbi.warning(w.id)) ?? w;
    return { kind: 'acknowledged', view: await warningView(tx, deps, after), as, minutes };
  });
}
