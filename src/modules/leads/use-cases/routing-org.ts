import type { Person } from '../../../kernel/types.ts';
import type { WorkTime } from '../../../kernel/work-clock.ts';
import { orgSnapshotOf } from '../../whatif/use-cases/org-snapshot.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import type { RepStats, Tx } from '../../ports.ts';

/** What routing reads of the org for a lead, besides the reps' loads (loads(): they change as leads are taken). */
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
  /** Open leads (offered + owned) per person, as `tx.leads.openCounts()` would read them now. */
  loads(tx: Tx): Promise<Map<string, number>>;
  /** Records an offer made in the transaction (setLastAssigned), so later reads see it. */
  assigned(personId: string, at: number): void;
  /** Records a lead moving between holders (null: nobody holds it open), as the rep_loads triggers count it. */
  moved(from: string | null, to: string | null): void;
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
  return {
    read: (tx) => readOrg(tx, deps),
    loads: (tx) => tx.leads.openCounts(),
    assigned: () => undefined,
    moved: () => undefined,
    snapshotSaved: () => false,
  };
}

/**
 * The org read once for all the leads of one group or batch transaction (issue 23, item 4): taking a lead in
 * changes no person, team or setting, and the two things it changes that routing reads — when a rep was last
 * offered a lead, and each rep's open leads — are recorded here as they are written (the group's leads are new:
 * taking one only ever adds a lead to its rep; a merge changes no status or owner). Use a new reader for each
 * transaction (a rolled-back group is replayed with fresh ones).
 */
export function routingOrgOnce(deps: EngineDeps): RoutingOrgReader {
  let org: Promise<RoutingOrg> | null = null;
  let read: RoutingOrg | null = null;
  let loads: Promise<Map<string, number>> | null = null;
  let counts: Map<string, number> | null = null;
  const saved = new Set<string>();
  return {
    read(tx) {
      org ??= readOrg(tx, deps).then((o) => (read = o));
      return org;
    },
    loads(tx) {
      loads ??= tx.leads.openCounts().then((c) => (counts = c));
      return loads;
    },
    assigned(personId, at) {
      read?.lastAssigned.set(personId, at);
    },
    moved(from, to) {
      if (counts === null) return;
      if (from !== null) counts.set(from, (counts.get(from) ?? 0) - 1);
      if (to !== null) counts.set(to, (counts.get(to) ?? 0) + 1);
    },
    snapshotSaved(hash) {
      if (saved.has(hash)) return true;
      saved.add(hash);
      return false;
    },
  };
}
