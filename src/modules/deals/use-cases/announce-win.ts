// F23: a won deal is announced in its rep's team channel as a structured card — industry, need, value of the
// proposal — through the outbox, in the same transaction as the win. rules.kbi.winAnnouncement turns it off or
// keeps small deals out, so the channel stays welcome rather than noisy.
import { pipelineOf, type Deal } from '../rules/deals.ts';
import type { EngineDeps } from '../../deps.ts';
import type { Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

export async function announceWin(tx: Tx, deps: EngineDeps, deal: Deal, now: number): Promise<boolean> {
  const rule = deps.rules.kbi.winAnnouncement;
  if (!rule.enabled || deal.amount < rule.minAmount) return false;
  const owner = await tx.org.person(deal.ownerId);
  if (owner?.teamId == null) return false;
  const lead = await tx.leads.get(deal.leadId);
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline);
  await tx.outbox.enqueue(
    notice({
      to: { kind: 'team', id: owner.teamId },
      template: 'deal.won.announce',
      data: {
        dealId: deal.id,
        customer: deal.customer,
        ownerId: deal.ownerId,
        industry: lead?.industry ?? '',
        need: lead?.need ?? '',
        amount: deal.amount,
        tier: deal.tier,
        pipeline: pipeline?.name ?? deal.pipeline,
        pipelineEn: pipeline?.nameEn ?? pipeline?.name ?? deal.pipeline,
      },
    }),
    now,
  );
  return true;
}
