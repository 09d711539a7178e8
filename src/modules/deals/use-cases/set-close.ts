// `deal D12 close 2027-01-15` / `商机 D12 成交日 2027-01-15`: the rep (or their manager) moves a deal's expected
// close date (F26); it is `given` from then on, and the forecast places the deal in that month.
import type { Deal } from '../rules/deals.ts';
import { closeAtOf, type CloseWord } from '../rules/close-date.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';

export type SetCloseResult =
  | { kind: 'set'; deal: Deal; from: number | null }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'BAD_CLOSE_DATE' };

export async function setExpectedClose(
  deps: EngineDeps,
  input: { personId: string; dealId: number; close: CloseWord },
): Promise<SetCloseResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<SetCloseResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId && (await managerOf(tx, deal.ownerId)) !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.status !== 'open') return { kind: 'rejected', reason: 'NOT_OPEN' };
    const at = closeAtOf(input.close, now, await orgTimezone(tx, deps));
    if (at === null) return { kind: 'rejected', reason: 'BAD_CLOSE_DATE' };
    await tx.deals.update(deal.id, { status: 'open' }, { expectedCloseAt: at, expectedCloseSource: 'given' });
    return {
      kind: 'set',
      deal: { ...deal, expectedCloseAt: at, expectedCloseSource: 'given' },
      from: deal.expectedCloseAt,
    };
  });
}
