// The morning patrol (issue 21 item 1): for one team, everything a manager should look at this morning, one
// line per thing, most urgent first. Pure: the facts and the acknowledgements in, the items out; `now` given.
//
// - Every item once: a deal that is both stalled and red is one line naming both; an alert held overnight about
//   a deal (or a rep) already listed is a reason on that line, not a line of its own.
// - Nothing older than it needs to be: only open deals, the rep's newest KBI warning of the last week that the
//   manager has not acknowledged, the last working day's reports, leads whose follow-up runs out within
//   `takeBackWithinHours`, and alerts held since the last patrol. An item the reader acknowledged stays off
//   until something new happens to it: its fingerprint (what it is listed for) differs from the acknowledged one.

export type ReasonCode =
  | 'dealRed'
  | 'dealYellow'
  | 'stalled'
  | 'taskOverdue'
  | 'requestOpen'
  | 'doubtful'
  | 'kbiRed'
  | 'kbiYellow'
  | 'takeBack'
  | 'reportMissing'
  | 'reportFlagged'
  | 'night';

/** Most urgent first: the rank of a reason; an item ranks by its most urgent reason. */
export const URGENCY: readonly ReasonCode[] = [
  'dealRed',
  'kbiRed',
  'takeBack',
  'stalled',
  'taskOverdue',
  'requestOpen',
  'dealYellow',
  'kbiYellow',
  'doubtful',
  'reportMissing',
  'reportFlagged',
  'night',
];

export interface PatrolReason {
  code: ReasonCode;
  /** What the line says beside the code: a count, a date, a time (epoch ms), the night alert's kind. */
  count?: number;
  date?: string;
  at?: number;
  what?: string;
}

export type ItemKind = 'deal' | 'rep' | 'report' | 'lead' | 'night';

export interface PatrolItem {
  /** Stable across patrols: `deal:12`, `kbi:ann`, `report:ann:2026-11-17`, `lead:5`, `notice:33`. */
  key: string;
  kind: ItemKind;
  /** The rep it is about (the deal's owner, the warned or reporting rep). */
  repId: string | null;
  /** What the line names: the customer, or the lead's company. */
  subject: string;
  dealId: number | null;
  leadId: number | null;
  warningId: number | null;
  amount: number;
  reasons: PatrolReason[];
  /** Changes when something new happens to the item (an acknowledgement holds until then). */
  fingerprint: string;
}

export interface DealFact {
  id: number;
  leadId: number;
  customer: string;
  ownerId: string;
  amount: number;
  health: 'green' | 'yellow' | 'red';
  stage: string;
  /** The stall alert for the current stage went out. */
  stalled: boolean;
  doubtful: boolean;
  overdueTasks: number;
  /** Cross-team requests past their deadline and not answered. */
  openRequests: number;
}

export interface WarningFact {
  id: number;
  repId: string;
  tier: 'green' | 'yellow' | 'red';
  day: string;
  managerAcknowledged: boolean;
}

export interface ReportFact {
  repId: string;
  date: string;
  status: 'missing' | 'flagged';
  flags: number;
}

export interface TakeBackFact {
  leadId: number;
  ownerId: string;
  company: string;
  dueAt: number;
}

/** A notice held overnight, folded into the patrol instead of being sent on its own. */
export interface NightFact {
  noticeId: number;
  /** The notice's family: `deal`, `lead`, `kbi`, `report`, … (its template's first word). */
  family: string;
  dealId: number | null;
  leadId: number | null;
  repId: string | null;
  subject: string;
  at: number;
}

export interface PatrolFacts {
  deals: DealFact[];
  warnings: WarningFact[];
  reports: ReportFact[];
  takeBacks: TakeBackFact[];
  night: NightFact[];
}

export interface Acknowledgement {
  fingerprint: string;
  at: number;
  by: string;
  /** What was listed when it was acknowledged, in words (every automated decision keeps its reason). */
  reason: string;
}

const rank = (code: ReasonCode) => URGENCY.indexOf(code);
/** What `localeCompare` compares with, made once: made for each comparison, it was most of a large patrol's sort. */
const byKey = new Intl.Collator();
const fingerprintOf = (reasons: PatrolReason[], extra: string) =>
  [extra, ...reasons.filter((r) => r.code !== 'night').map((r) => `${r.code}${r.count ?? ''}${r.date ?? ''}`)]
    .sort()
    .join('|');

function dealItem(d: DealFact): PatrolItem | null {
  const reasons: PatrolReason[] = [];
  if (d.health === 'red') reasons.push({ code: 'dealRed' });
  if (d.stalled) reasons.push({ code: 'stalled' });
  if (d.overdueTasks > 0) reasons.push({ code: 'taskOverdue', count: d.overdueTasks });
  if (d.openRequests > 0) reasons.push({ code: 'requestOpen', count: d.openRequests });
  if (d.health === 'yellow') reasons.push({ code: 'dealYellow' });
  if (d.doubtful) reasons.push({ code: 'doubtful' });
  if (reasons.length === 0) return null;
  return {
    key: `deal:${d.id}`,
    kind: 'deal',
    repId: d.ownerId,
    subject: d.customer,
    dealId: d.id,
    leadId: d.leadId,
    warningId: null,
    amount: d.amount,
    reasons,
    fingerprint: fingerprintOf(reasons, d.stage),
  };
}

/** The patrol's items for one team, most urgent first, without those acknowledged since nothing changed. */
export function buildPatrol(facts: PatrolFacts, acks: ReadonlyMap<string, Acknowledgement>): PatrolItem[] {
  return arrangePatrol(withNight(listPatrol(facts), facts.night), acks);
}

/**
 * A team's items before the reader's night alerts are folded in, each item's reasons most urgent first: the part of
 * buildPatrol that grows with the team's deals (the jobs' read worker makes it, issue 23). Not yet in order.
 */
export function listPatrol(facts: Omit<PatrolFacts, 'night'>): PatrolItem[] {
  const items: PatrolItem[] = [];
  for (const d of facts.deals) {
    const item = dealItem(d);
    if (item !== null) items.push(item);
  }
  // A rep's newest warning only: yesterday's red supersedes last week's yellow.
  const newest = new Map<string, WarningFact>();
  for (const w of facts.warnings) {
    if (w.tier === 'green') continue;
    const seen = newest.get(w.repId);
    if (seen === undefined || w.day > seen.day || (w.day === seen.day && w.id > seen.id))
      newest.set(w.repId, w);
  }
  for (const w of newest.values()) {
    if (w.managerAcknowledged) continue;
    const reasons: PatrolReason[] = [{ code: w.tier === 'red' ? 'kbiRed' : 'kbiYellow', date: w.day }];
    items.push({
      key: `kbi:${w.repId}`,
      kind: 'rep',
      repId: w.repId,
      subject: '',
      dealId: null,
      leadId: null,
      warningId: w.id,
      amount: 0,
      reasons,
      fingerprint: fingerprintOf(reasons, String(w.id)),
    });
  }
  for (const r of facts.reports) {
    const reasons: PatrolReason[] = [
      r.status === 'missing'
        ? { code: 'reportMissing', date: r.date }
        : { code: 'reportFlagged', date: r.date, count: r.flags },
    ];
    items.push({
      key: `report:${r.repId}:${r.date}`,
      kind: 'report',
      repId: r.repId,
      subject: '',
      dealId: null,
      leadId: null,
      warningId: null,
      amount: 0,
      reasons,
      fingerprint: fingerprintOf(reasons, r.date),
    });
  }
  // The deal lines by lead (a lookup per take-back: searching the items for each was quadratic, seconds a team
  // with thousands of deals and take-backs, issue 23).
  const dealLines = new Map<number, PatrolItem>();
  for (const i of items)
    if (i.kind === 'deal' && i.leadId !== null && !dealLines.has(i.leadId)) dealLines.set(i.leadId, i);
  for (const l of facts.takeBacks) {
    // A lead with a deal already listed is that line's business; the take-back is said on it.
    const onDeal = dealLines.get(l.leadId);
    const reason: PatrolReason = { code: 'takeBack', at: l.dueAt };
    if (onDeal !== undefined) {
      onDeal.reasons.push(reason);
      onDeal.fingerprint = fingerprintOf(onDeal.reasons, onDeal.fingerprint);
      continue;
    }
    items.push({
      key: `lead:${l.leadId}`,
      kind: 'lead',
      repId: l.ownerId,
      subject: l.company,
      dealId: null,
      leadId: l.leadId,
      warningId: null,
      amount: 0,
      reasons: [reason],
      fingerprint: fingerprintOf([reason], String(l.dueAt)),
    });
  }
  for (const item of items) item.reasons.sort((a, b) => rank(a.code) - rank(b.code));
  return items;
}

/**
 * The items with the night alerts folded in: a reason on the line they are about, else a line of their own. The
 * items given are left as they were (a team's list serves each of its readers).
 */
export function withNight(listed: readonly PatrolItem[], night: readonly NightFact[]): PatrolItem[] {
  const items = [...listed];
  for (const n of night) {
    const reason: PatrolReason = { code: 'night', at: n.at, what: n.family };
    const at = items.findIndex(
      (i) =>
        (n.dealId !== null && i.dealId === n.dealId) ||
        (n.dealId === null && n.leadId !== null && i.leadId === n.leadId) ||
        (n.family === 'kbi' && i.kind === 'rep' && i.repId === n.repId),
    );
    const same = items[at];
    if (same !== undefined) {
      // Several alerts about one thing say so once. A night reason ranks last: appended, the reasons stay in order.
      if (!same.reasons.some((r) => r.code === 'night' && r.what === n.family))
        items[at] = { ...same, reasons: [...same.reasons, reason] };
      continue;
    }
    if (items.some((i) => i.kind === 'night' && i.subject === n.subject && i.reasons[0]?.what === n.family))
      continue;
    items.push({
      key: `notice:${n.noticeId}`,
      kind: 'night',
      repId: n.repId,
      subject: n.subject,
      dealId: n.dealId,
      leadId: n.leadId,
      warningId: null,
      amount: 0,
      reasons: [reason],
      fingerprint: `notice:${n.noticeId}`,
    });
  }
  return items;
}

/** Most urgent first, without those acknowledged since nothing changed. */
export function arrangePatrol(
  items: readonly PatrolItem[],
  acks: ReadonlyMap<string, Acknowledgement>,
): PatrolItem[] {
  return unacknowledged(items, acks).sort(
    (a, b) =>
      rank(a.reasons[0]?.code ?? 'night') - rank(b.reasons[0]?.code ?? 'night') ||
      b.reasons.length - a.reasons.length ||
      b.amount - a.amount ||
      byKey.compare(a.key, b.key),
  );
}

/**
 * The items without those acknowledged since nothing changed, in their order: of buildPatrol's list with no
 * acknowledgements, the list buildPatrol gives with these (its sort is stable and decides every pair alike).
 */
export function unacknowledged(
  items: readonly PatrolItem[],
  acks: ReadonlyMap<string, Acknowledgement>,
): PatrolItem[] {
  return items.filter((i) => acks.get(i.key)?.fingerprint !== i.fingerprint);
}

/** The item a button names, when it is still listed. */
export function itemByKey(items: readonly PatrolItem[], key: string): PatrolItem | null {
  return items.find((i) => i.key === key) ?? null;
}

/** Items a card carries: their three buttons each stay within six a card (WeCom button_list, DingTalk actionCard). */
export const ITEMS_PER_PAGE = 2;

export interface PatrolPage {
  team: string | null;
  date: string;
  items: PatrolItem[];
  first: number;
  total: number;
  page: number;
  pages: number;
  manage: boolean;
}
