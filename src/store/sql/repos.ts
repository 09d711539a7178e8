import type { Tx } from '../../modules/ports.ts';
import { apiKeyRepo, inboundRepo, outboxRepo, settingsRepo } from './admin-repos.ts';
import { customerRepo } from './customers-repo.ts';
import { dealRepo } from './deals-repo.ts';
import { deliveryRepo } from './deliveries-repo.ts';
import { eventRepo } from './events-repo.ts';
import { kbiRepo, targetRepo } from './feedback-repo.ts';
import type { Executor } from './executor.ts';
import { platformReportRepo } from './journals-repo.ts';
import { leadRepo } from './leads-repo.ts';
import { orgRepo, type OrgCache } from './org-repo.ts';
import { reportRepo, type PhotoHashCache } from './reports-repo.ts';
import { riskRepo } from './risks-repo.ts';
import { sendBudgetRepo } from './send-budget-repo.ts';
import type { StageLogCache } from './stage-log.ts';

/** What a store keeps in memory across its transactions (one per store, so per process). */
export interface StoreCache extends OrgCache {
  /** The reuse check's settled photo hashes. */
  photos?: PhotoHashCache;
  /** A report worker's months of the deal stage log (only on a SQLite reader: src/store/sql/stage-log.ts). */
  stageLogs?: StageLogCache;
}

/** Every repository over one executor (one connection in one transaction). */
export function repositories(db: Executor, cache: StoreCache): Tx {
  return {
    leads: leadRepo(db),
    org: orgRepo(db, cache),
    events: eventRepo(db, cache.stageLogs),
    outbox: outboxRepo(db),
    deliveries: deliveryRepo(db),
    apiKeys: apiKeyRepo(db),
    settings: settingsRepo(db),
    inbound: inboundRepo(db),
    deals: dealRepo(db),
    reports: reportRepo(db, cache),
    platformReports: platformReportRepo(db),
    kbi: kbiRepo(db),
    targets: targetRepo(db),
    sendBudget: sendBudgetRepo(db),
    customers: customerRepo(db),
    risks: riskRepo(db),
  };
}
