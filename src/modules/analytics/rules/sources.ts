// F7 channel ROI (issue 24 item 1): per source and campaign code — the leads that arrived in the period, how
// many a rep followed up within the activation window (seed 004's 线索7日激活率), how many became won deals
// and for how much, and, where the campaign's cost covers the period, cost per lead and ROI. Pure: the
// arrivals, follow-ups, wins and costs come in; nothing is read here.
import type { SourceRules } from '../../rules.ts';

const DAY = 86_400_000;

export interface SourceArrival {
  leadId: number;
  at: number;
  source: string;
  campaign: string;
}

export interface SourceInput {
  /** `YYYY-MM`, or null for all time. */
  month: string | null;
  arrivals: readonly SourceArrival[];
  /** The first follow-up of each lead (a rep's touch), when there was one. */
  firstTouch: ReadonlyMap<number, number>;
  /** Won deals' amounts, by lead. */
  won: ReadonlyMap<number, number>;
  now: number;
}

export interface SourceRow {
  source: string;
  campaign: string;
  leads: number;
  /** Leads whose activation window has closed (or that were followed up already): the rate's denominator. */
  judged: number;
  activated: number;
  /** Share of judged leads activated, 0–100; null when none is judged yet. */
  activationPct: number | null;
  wonDeals: number;
  conversionPct: number;
  wonAmount: number;
  /** The campaign's cost for the period; null when none is given for it. */
  cost: number | null;
  costPerLead: number | null;
  /** (won amount − cost) / cost × 100; null without a cost, or a cost of 0. */
  roiPct: number | null;
  /** Why cost is null although the campaign has costs (a flat cost in a month's report, or no cost for it). */
  costNote: 'WHOLE_CAMPAIGN' | 'OTHER_MONTHS' | null;
}

export interface SourceReport {
  month: string | null;
  activationDays: number;
  rows: SourceRow[];
  total: Omit<SourceRow, 'source' | 'campaign' | 'cost' | 'costPerLead' | 'roiPct' | 'costNote'>;
}

const pct = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 1000) / 10);

function costOf(
  rules: SourceRules,
  campaign: string,
  month: string | null,
): { cost: number | null; note: SourceRow['costNote'] } {
  const given = rules.campaignCosts[campaign];
  if (given === undefined) return { cost: null, note: null };
  if (typeof given === 'number')
    // A campaign's whole cost is set against its leads of all time, never against one month's share.
    return month === null ? { cost: given, note: null } : { cost: null, note: 'WHOLE_CAMPAIGN' };
  if (month !== null) {
    const m = given[month];
    return m === undefined ? { cost: null, note: 'OTHER_MONTHS' } : { cost: m, note: null };
  }
  return { cost: Object.values(given).reduce((s, c) => s + c, 0), note: null };
}

export function sourceReport(input: SourceInput, rules: SourceRules): SourceReport {
  const window = rules.activationDays * DAY;
  const groups = new Map<string, SourceArrival[]>();
  for (const a of input.arrivals) {
    const key = `${a.source}\u0000${a.campaign}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const figures = (list: readonly SourceArrival[]) => {
    let judged = 0;
    let activated = 0;
    let wonDeals = 0;
    let wonAmount = 0;
    for (const a of list) {
      const touch = input.firstTouch.get(a.leadId);
      const inTime = touch !== undefined && touch - a.at <= window;
      if (inTime) activated++;
      // A lead still inside its window and not yet followed up is not judged: it may still be activated.
      if (inTime || input.now - a.at > window) judged++;
      const amount = input.won.get(a.leadId);
      if (amount !== undefined) {
        wonDeals++;
        wonAmount += amount;
      }
    }
    return {
      leads: list.length,
      judged,
      activated,
      activationPct: judged === 0 ? null : pct(activated, judged),
      wonDeals,
      conversionPct: pct(wonDeals, list.length),
      wonAmount,
    };
  };
  const rows = [...groups.values()]
    .map((list): SourceRow => {
      const first = list[0] as SourceArrival;
      const f = figures(list);
      const { cost, note } = costOf(rules, first.campaign, input.month);
      return {
        source: first.source,
        campaign: first.campaign,
        ...f,
        cost,
        costPerLead: cost === null || f.leads === 0 ? null : Math.round(cost / f.leads),
        roiPct: cost === null || cost === 0 ? null : Math.round(((f.wonAmount - cost) / cost) * 1000) / 10,
        costNote: note,
      };
    })
    .sort(
      (a, b) => b.leads - a.leads || a.source.localeCompare(b.source) || a.campaign.localeCompare(b.campaign),
    );
  return {
    month: input.month,
    activationDays: rules.activationDays,
    rows,
    total: figures(input.arrivals),
  };
}
