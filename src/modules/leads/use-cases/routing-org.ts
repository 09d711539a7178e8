import type { Person } from '../../../kernel/types.ts';
import type { WorkTime } from '../../../kernel/work-clock.ts';
import { orgSnapshotOf } from '../../whatif/use-cases/org-snapshot.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import type { RepStats, Tx } from '../../ports.ts';

/** What routing reads of the org for a lead, besides the reps' loads (read for every lead: they change). */
export interface RoutingOrg {
  people: Person[];
  /** The org as stored with each decision (F39). */
  snapshot: { hash: string; text: string };
  workTime: WorkTime;
  stats: Map<string, RepStats>;
  /** When each rep was last offered a lead; the reader keeps it current as leads are offered. */
  lastAssigned: Map<string, number>;
}

/** Reads the org for routing: once per lead, or once per transaction for the leads of a group (routingOrgOnce). */
export interface RoutingOrgReader {
  read(tx: Tx): Promise<RoutingOrg>;
  /** Records an offer made in the transaction (setLastAssigned), so later reads see it. */
  assigned(personId: string, at: number): void;
  /** Whether the snapshot was already saved in this transaction. */
  snapshotSaved(hash: string): boolean;
}

async function readOrg(tx: Tx, deps: EngineDeps): Promise<RoutingOrg> {
  const [people, lastAssigned, stats, workTime] = await Promise.all([
    tx.org.people(),
    tx.org.lastAssigned(),
    tx.org.repStats(),
    orgWorkTime(tx, deps),
  ]);
  return { people, snapshot: orgSnapshotOf(people), workTime, stats, lastAssigned };
}

/** The org read afresh for every lead (a lead routed on its own). */
export function routingOrgEachTime(deps: EngineDeps): RoutingOrgReader {
  return { read: (tx) => readOrg(tx, deps), assigned: () => undefined, snapshotSaved: () => false };
}

/**
 * The org read once for all the leads of one group or batch transaction (issue 23, item 4): taking a lead in
 * changes no person, team or setting, and the one thing it changes that routing reads besides the loads — when a
 * rep was last offered a lead — is recorded here as it is written. Use a new reader for each transaction (a
 * rolled-back group is replayed with fresh ones).
 */
export function routingOrgOnce(deps: EngineDeps): RoutingOrgReader {
  let org: Promise<RoutingOrg> | null = null;
  let read: RoutingOrg | null = null;
  const saved = new Set<string>();
  return {
    read(tx) {
      org ??= readOrg(tx, deps).then((o) => (read = o));
      return org;
    },
    assigned(personId, at) {
      read?.lastAssigned.set(personId, at);
    },
    snapshotSaved(hash) {
      if (saved.has(hash)) return true;
      saved.add(hash);
      return false;
    },
  };
}
