// `team board` / `团队看板` (F24): each region, team and rep target of this month and quarter against the
// pace of the period (working days gone ÷ working days in it), red when more than 15 % behind; the target's
// A/B/C split against what was won per tier; per rep a score where process KPIs (the month's KBI rate) weigh
// rules.kbi.targets.processKpiWeight; and the A accounts short of their deep visits this month.
import { DateTime } from 'luxon';
import type { Deal } from '../../deals/rules/deals.ts';
import type { CustomerTier } from '../rules/kbi-rules.ts';
import {
  blendedScore,
  paceOf,
  periodOf,
  splitByTier,
  targetProgress,
  visitGaps,
  wonCents,
  type Pace,
  type Period,
  type PeriodKind,
  type TargetProgress,
  type VisitGap,
} from '../rules/targets.ts';
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { quotasIn } from '../../customers/use-cases/tier-view.ts';
import type { Target, TargetScope, Tx } from '../../ports.ts';

export interface BoardRow {
  scope: TargetScope;
  scopeId: string;
  /** The team's or rep's name; a region is its own name. */
  name: string;
  kind: PeriodKind;
  period: string;
  progress: TargetProgress;
  /** The target split A/B/C by the tier weights, and the cents won per tier. */
  tiers: Record<CustomerTier, { targetCents: number; wonCents: number }>;
  /** Rep rows: the month's KBI rate (null: nothing was due) and the blended score. */
  process: { share: number | null; score: number | null; weight: number } | null;
}

export interface TeamBoard {
  at: number;
  periods: Array<{ period: Period; pace: Pace }>;
  rows: BoardRow[];
  /** A customers in view short of their deep visits (visits with a check-in or evidence) this month. */
  visitGaps: Array<VisitGap & { ownerId: string; dealId: number }>;
}

const SCOPE_ORDER: Record<TargetScope, number> = { region: 0, team: 1, rep: 2 };

/** What a person may see: reps their own rows, their team's and the regions; managers and up, everything. */
function visible(viewer: Person, t: Target): boolean {
  if (viewer.role !== 'rep') return true;
  if (t.scope === 'rep') return t.scopeId === viewer.id;
  if (t.scope === 'team') return t.scopeId === viewer.teamId;
  return true;
}

export async function teamBoard(deps: EngineDeps, viewerId: string): Promise<TeamBoard | null> {
  const now = deps.clock();
  const { kbi } = deps.rules;
  const calendar = deps.rules.deals.calendar;
  return deps.store.transaction(async (tx) => {
    const viewer = await tx.org.person(viewerId);
    if (viewer === null) return null;
    const zone = await orgTimezone(tx, deps);
    const periods = (['month', 'quarter'] as const).map((kind) => {
      const period = periodOf(kind, now, zone);
      return { period, pace: paceOf(period, now, zone, calendar) };
    });
    const people = await tx.org.people();
    const teams = await tx.org.teams();
    const targets = (await tx.targets.list(periods.map((p) => p.period.key))).filter((t) =>
      visible(viewer, t),
    );
    const quarter = periods[1]?.period ?? periodOf('quarter', now, zone);
    const won = await tx.deals.wonBetween(quarter.start, quarter.end);
    const regions = await regionsOf(tx, won);
    const teamOf = new Map(people.map((p) => [p.id, p.teamId]));
    const dealsOf = (t: Target): Deal[] =>
      won.filter((d) =>
        t.scope === 'rep'
          ? d.ownerId === t.scopeId
          : t.scope === 'team'
            ? teamOf.get(d.ownerId) === t.scopeId
            : regions.get(d.leadId) === t.scopeId,
      );
    const rows: BoardRow[] = [];
    for (const t of targets) {
      const p = periods.find((x) => x.period.key === t.period);
      if (p === undefined) continue;
      const deals = dealsOf(t);
      const progress = targetProgress(
        kbi,
        t.amountCents,
        wonCents(deals, p.period.start, p.period.end),
        p.pace,
      );
      const split = splitByTier(kbi, t.amountCents);
      const tierWon = (tier: CustomerTier) =>
        wonCents(
          deals.filter((d) => d.tier === tier),
          p.period.start,
          p.period.end,
        );
      const name =
        t.scope === 'rep'
          ? (people.find((x) => x.id === t.scopeId)?.name ?? t.scopeId)
          : t.scope === 'team'
            ? (teams.find((x) => x.id === t.scopeId)?.name ?? t.scopeId)
            : t.scopeId;
      rows.push({
        scope: t.scope,
        scopeId: t.scopeId,
        name,
        kind: p.period.kind,
        period: t.period,
        progress,
        tiers: {
          A: { targetCents: split.A, wonCents: tierWon('A') },
          B: { targetCents: split.B, wonCents: tierWon('B') },
          C: { targetCents: split.C, wonCents: tierWon('C') },
        },
        process:
          t.scope === 'rep' ? await processOf(tx, deps, t.scopeId, p.period, now, zone, progress) : null,
      });
    }
    rows.sort(
      (a, b) =>
        (a.kind === b.kind ? 0 : a.kind === 'month' ? -1 : 1) ||
        SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] ||
        a.scopeId.localeCompare(b.scopeId),
    );
    const inView = (ownerId: string) =>
      viewer.role === 'rep'
        ? ownerId === viewer.id
        : viewer.role === 'manager' && viewer.teamId !== null
          ? teamOf.get(ownerId) === viewer.teamId
          : true;
    return { at: now, periods, rows, visitGaps: await gapsOf(tx, deps, now, inView) };
  });
}

/** The region each won deal's lead came from. */
async function regionsOf(tx: Tx, deals: readonly Deal[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const d of deals) out.set(d.leadId, (await tx.leads.get(d.leadId))?.region ?? '');
  return out;
}

/** The month's KBI rate from the evaluated days, and the score where it weighs processKpiWeight. */
async function processOf(
  tx: Tx,
  deps: EngineDeps,
  repId: string,
  period: Period,
  now: number,
  zone: string,
  progress: TargetProgress,
): Promise<BoardRow['process']> {
  const from = DateTime.fromMillis(period.start, { zone }).toISODate() ?? '';
  const to = DateTime.fromMillis(Math.min(now, period.end - 1), { zone }).toISODate() ?? '';
  const days = await tx.kbi.days(repId, from, to);
  const due = days.reduce((s, d) => s + d.due, 0);
  const share = due === 0 ? null : days.reduce((s, d) => s + d.met, 0) / due;
  const result = progress.expectedCents === 0 ? 1 : Math.min(1, progress.wonCents / progress.expectedCents);
  const weight = deps.rules.kbi.targets.processKpiWeight;
  return { share, score: share === null ? null : blendedScore(deps.rules.kbi, result, share), weight };
}

/**
 * A customers (their stored tier, F24) in view short of their deep visits this month: a visit by their rep with a
 * check-in or evidence on the customer's deal the same day (customers/rules/customer-tiers.ts).
 */
async function gapsOf(
  tx: Tx,
  deps: EngineDeps,
  now: number,
  inView: (ownerId: string) => boolean,
): Promise<TeamBoard['visitGaps']> {
  const accounts = (await tx.customers.all()).filter((c) => c.tier === 'A' && inView(c.ownerId));
  if (accounts.length === 0 || deps.rules.kbi.targets.tiers.A.deepVisitsPerMonth === 0) return [];
  const quotas = await quotasIn(tx, deps, accounts, now);
  const byCustomer = new Map(quotas.map((q) => [q.customer, q]));
  return visitGaps(
    deps.rules.kbi,
    quotas.map((q) => ({ customer: q.customer, tier: 'A' as const, deepVisits: q.done })),
  ).map((g) => {
    const q = byCustomer.get(g.customer) as (typeof quotas)[number];
    return { ...g, ownerId: q.ownerId, dealId: q.lastDealId ?? 0 };
  });
}
