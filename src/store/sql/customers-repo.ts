// Customer tiers (F24): one row per customer, its reason and lead ids as JSON text, read back through zod.
import { z } from 'zod';
import type { CustomerRepo, StoredCustomerTier } from '../../modules/customers/ports.ts';
import type { Executor } from './executor.ts';

const reasonSchema = z.object({
  code: z.literal('YEARLY_VALUE'),
  value: z.number(),
  deals: z.number(),
  a: z.number(),
  b: z.number(),
  from: z.number(),
  to: z.number(),
});
const leadIdsSchema = z.array(z.number());
const tierSchema = z.enum(['A', 'B', 'C']);

interface Row {
  key: string;
  customer: string;
  tier: string;
  owner_id: string;
  yearly_value: number;
  last_deal_id: number | null;
  lead_ids: string;
  reason: string;
  computed_at: number;
  changed_at: number;
}

const COLUMNS =
  'key, customer, tier, owner_id, yearly_value, last_deal_id, lead_ids, reason, computed_at, changed_at';

function fromRow(r: Row): StoredCustomerTier {
  return {
    key: r.key,
    customer: r.customer,
    tier: tierSchema.parse(r.tier),
    ownerId: r.owner_id,
    yearlyValue: Number(r.yearly_value),
    lastDealId: r.last_deal_id === null ? null : Number(r.last_deal_id),
    leadIds: leadIdsSchema.parse(JSON.parse(r.lead_ids)),
    reason: reasonSchema.parse(JSON.parse(r.reason)),
    computedAt: Number(r.computed_at),
    changedAt: Number(r.changed_at),
  };
}

export function customerRepo(db: Executor): CustomerRepo {
  return {
    async all() {
      return (await db.all<Row>(`select ${COLUMNS} from customer_tiers order by key`)).map(fromRow);
    },
    async get(key) {
      const row = await db.get<Row>(`select ${COLUMNS} from customer_tiers where key = ?`, [key]);
      return row === undefined ? null : fromRow(row);
    },
    async save(c) {
      await db.run(
        `insert into customer_tiers (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         on conflict (key) do update set customer = excluded.customer, tier = excluded.tier,
           owner_id = excluded.owner_id, yearly_value = excluded.yearly_value, last_deal_id = excluded.last_deal_id,
           lead_ids = excluded.lead_ids, reason = excluded.reason, computed_at = excluded.computed_at,
           changed_at = excluded.changed_at`,
        [
          c.key,
          c.customer,
          c.tier,
          c.ownerId,
          c.yearlyValue,
          c.lastDealId,
          JSON.stringify(c.leadIds),
          JSON.stringify(c.reason),
          c.computedAt,
          c.changedAt,
        ],
      );
    },
  };
}
