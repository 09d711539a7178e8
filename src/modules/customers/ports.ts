// The customers module's slice of the store (F24): each customer's stored tier and its reason.
import type { Tier } from '../deals/rules/deals.ts';
import type { TierReason } from './rules/customer-tiers.ts';

export interface StoredCustomerTier {
  key: string;
  customer: string;
  tier: Tier;
  ownerId: string;
  yearlyValue: number;
  lastDealId: number | null;
  leadIds: number[];
  reason: TierReason;
  computedAt: number;
  changedAt: number;
}

export interface CustomerRepo {
  /** Every tiered customer, by key. */
  all(): Promise<StoredCustomerTier[]>;
  get(key: string): Promise<StoredCustomerTier | null>;
  /** Inserts or replaces the customer's row. */
  save(row: StoredCustomerTier): Promise<void>;
}
