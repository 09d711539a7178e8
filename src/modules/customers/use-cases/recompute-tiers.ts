// Customer tiers (F24): recomputed daily from customers.recomputeAt and on every won deal, stored with their
// reason. A customer that becomes C gets its rep the product pack to send; B customers get their rep a
// repurchase reminder once a quarter. Each notice is queued in the transaction that takes its `job` key, so it
// goes once across restarts and instances (the same key refused a second time writes nothing).
import { DateTime } from 'luxon';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { notice } from '../../notice-data.ts';
import type { Tx } from '../../ports.ts';
import type { StoredCustomerTier } from '../ports.ts';
import {
  becameC,
  customerKey,
  lookbackStart,
  quarterKey,
  recomputeDue,
  tierCustomers,
  type CustomerTier,
  type WonDealFact,
} from '../rules/customer-tiers.ts';

export interface TierRun {
  /** Customers whose row was written (new or changed tier, or a new value). */
  saved: number;
  changed: number;
  productPacks: number;
  reminders: number;
}

async function wonFacts(tx: Tx, from: number, now: number): Promise<WonDealFact[]> {
  return (await tx.deals.wonBetween(from, now + 1)).map((d) => ({
    dealId: d.id,
    leadId: d.leadId,
    customer: d.customer,
    ownerId: d.ownerId,
    amount: d.amount,
    closedAt: d.closedAt ?? d.stageEnteredAt,
  }));
}

/**
 * Recomputes every customer's tier (or, with `onlyCustomer`, that one's: a deal was just won) and stores it with
 * its reason; offers the product pack to the rep of a customer that became C.
 */
export async function retierIn(
  tx: Tx,
  deps: EngineDeps,
  now: number,
  onlyCustomer?: string,
): Promise<TierRun & { tiers: CustomerTier[] }> {
  const zone = await orgTimezone(tx, deps);
  const { customers, deals } = deps.rules;
  const from = lookbackStart(now, zone, customers.lookbackMonths);
  const only = onlyCustomer === undefined ? null : customerKey(onlyCustomer);
  const rows = only === null ? await tx.customers.all() : [await tx.customers.get(only)];
  const stored = new Map(rows.flatMap((c) => (c === null ? [] : [[c.key, c] as const])));
  const facts = (await wonFacts(tx, from, now)).filter(
    (d) => only === null || customerKey(d.customer) === only,
  );
  const known = [...stored.values()].filter((c) => only === null || c.key === only);
  const tiers = tierCustomers(facts, known, now, zone, deals.tiers, customers.lookbackMonths);
  const day = DateTime.fromMillis(now, { zone }).toISODate() as string;
  const run = { saved: 0, changed: 0, productPacks: 0, reminders: 0 };
  for (const c of tiers) {
    const before = stored.get(c.key) ?? null;
    const changed = before === null || before.tier !== c.tier;
    const row: StoredCustomerTier = {
      key: c.key,
      customer: c.customer,
      tier: c.tier,
      ownerId: c.ownerId,
      yearlyValue: c.yearlyValue,
      lastDealId: c.lastDealId ?? before?.lastDealId ?? null,
      leadIds: c.leadIds.length > 0 ? c.leadIds : (before?.leadIds ?? []),
      reason: c.reason,
      computedAt: now,
      changedAt: changed ? now : (before?.changedAt ?? now),
    };
    await tx.customers.save(row);
    run.saved++;
    if (changed) run.changed++;
    if (
      becameC(before?.tier ?? null, c, now) &&
      (await tx.inbound.firstTime('job', `tier-c:${c.key}:${day}`, now))
    ) {
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: c.ownerId },
          template: 'customers.product_pack',
          data: { customer: c.customer, yearlyValue: c.yearlyValue, b: deals.tiers.b },
          ...(row.leadIds[0] === undefined ? {} : { leadId: row.leadIds[0] }),
        }),
        now,
      );
      run.productPacks++;
    }
  }
  return { ...run, tiers };
}

/** Queues the quarter's repurchase reminder for each B customer that has not had it yet. */
async function remindB(
  tx: Tx,
  deps: EngineDeps,
  tiers: readonly CustomerTier[],
  now: number,
): Promise<number> {
  if (!deps.rules.customers.repurchaseReminder) return 0;
  const quarter = quarterKey(now, await orgTimezone(tx, deps));
  let n = 0;
  for (const c of tiers) {
    if (c.tier !== 'B') continue;
    if (!(await tx.inbound.firstTime('job', `tier-b:${quarter}:${c.key}`, now))) continue;
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: c.ownerId },
        template: 'customers.repurchase',
        data: { customer: c.customer, yearlyValue: c.yearlyValue, quarter, lastDealId: c.lastDealId },
        ...(c.leadIds.at(-1) === undefined ? {} : { leadId: c.leadIds.at(-1) as number }),
      }),
      now,
    );
    n++;
  }
  return n;
}

/**
 * The daily run: from customers.recomputeAt (org timezone), once a day across instances (or when back, if the
 * time passed while the bot was down). Safe to call every minute; null when nothing was due.
 */
export async function runDailyTiers(
  deps: EngineDeps,
  now: number = deps.clock(),
): Promise<(TierRun & { day: string }) | null> {
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    const { due, day } = recomputeDue(now, zone, deps.rules.customers.recomputeAt);
    if (!due) return null;
    if (!(await tx.inbound.firstTime('job', `tiers:${day}`, now))) return null;
    const r = await retierIn(tx, deps, now);
    const reminders = await remindB(tx, deps, r.tiers, now);
    return { day, saved: r.saved, changed: r.changed, productPacks: r.productPacks, reminders };
  });
}
