// The red tier's review (F22): the manager accepts one of the two proposed slots; both people are told the
// slot, once. The warning row keeps the booking next to its reason (the run of low days behind it).
import type { EngineDeps } from '../../deps.ts';
import type { StoredWarning } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

export type BookReviewResult =
  | { kind: 'booked'; warning: StoredWarning; at: number }
  | { kind: 'already'; warning: StoredWarning; at: number }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NO_SUCH_SLOT' };

export async function bookReview(
  deps: EngineDeps,
  input: { personId: string; warningId: number; slot: number },
): Promise<BookReviewResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<BookReviewResult> => {
    const w = await tx.kbi.warning(input.warningId);
    if (w === null || w.tier !== 'red') return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (w.managerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (w.reviewAt !== null) return { kind: 'already', warning: w, at: w.reviewAt };
    const at = w.reviewSlots[input.slot];
    if (at === undefined) return { kind: 'rejected', reason: 'NO_SUCH_SLOT' };
    if (!(await tx.kbi.bookReview(w.id, at, input.personId, now))) {
      const again = (await tx.kbi.warning(w.id)) ?? w;
      return { kind: 'already', warning: again, at: again.reviewAt ?? at };
    }
    const data = {
      warningId: w.id,
      repId: w.repId,
      managerId: w.managerId,
      day: w.day,
      at,
      minutes: w.reviewMinutes ?? deps.rules.kbi.warnings.reviewMinutes,
    };
    for (const id of [w.repId, w.managerId])
      await tx.outbox.enqueue(
        notice({ to: { kind: 'person', id }, template: 'kbi.review.booked', data }),
        now,
      );
    return {
      kind: 'booked',
      warning: { ...w, reviewAt: at, reviewBookedAt: now, reviewBookedBy: input.personId },
      at,
    };
  });
}
