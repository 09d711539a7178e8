// `npx leadline demo`, and the first `npm start` with nothing configured: a demo org (3 teams, 15 people) and
// a few days of leads played through the real engine — routed, offered, claimed, followed up, released by the
// sweep — so the playground shows a working sales floor. Deterministic for a given seed and start time.
import { DateTime } from 'luxon';
import type { Locale } from '../kernel/i18n.ts';
import { claimLead } from '../modules/leads/use-cases/claim-lead.ts';
import type { EngineDeps } from '../modules/deps.ts';
import { passLead, releaseLead } from '../modules/leads/use-cases/give-back-lead.ts';
import { importOrg, type ImportOrgResult } from '../modules/org/use-cases/import-org.ts';
import { submitLead } from '../modules/leads/use-cases/submit-lead.ts';
import { sweepDeals } from '../modules/deals/use-cases/deal-sweep.ts';
import { addEvidence } from '../modules/deals/use-cases/add-evidence.ts';
import { advanceDeal } from '../modules/deals/use-cases/advance-deal.ts';
import { createDeal } from '../modules/deals/use-cases/create-deal.ts';
import { setKeyPerson } from '../modules/deals/use-cases/key-persons.ts';
import { sweep } from '../modules/leads/use-cases/sweep.ts';
import { closeLead, touchLead } from '../modules/leads/use-cases/touch-lead.ts';
import { seedDemoReports } from './seed-reports.ts';
import { runDailyKbi } from '../modules/kbi/use-cases/evaluate-kbi.ts';
import { arrivalTimes, newLeadMaker } from './lead-maker.ts';
import { seedDealHistory, seedDemoTargets, winOutright } from './seed-history.ts';
import {
  DEAL_NOTES,
  RELEASE_NOTES,
  DEMO_TEAMS,
  SURNAMES,
  TOUCH_NOTES,
  demoOrg,
  picker,
} from './demo-data.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Set before the demo org is imported: this database holds the demo, never a real organisation. */
export const DEMO_ORG_SETTING = 'demo_org';
/** Set once the demo's leads are in, so a second run adds none. */
export const DEMO_SEEDED_SETTING = 'demo_seeded_at';

export interface SeedDemoOptions {
  /** How many leads arrive (default 200). */
  leads?: number;
  /** The PRNG seed (default 1): the same seed and start time give the same demo. */
  seed?: number;
  /** Over how many days before now the leads arrive (default 4). */
  days?: number;
  /** How many days of won and lost deals before the report history (default 60; 0 for none). */
  historyDays?: number;
  /**
   * How many days of daily-report history (default 30, or `days` when longer). Before the leads' span, reps
   * visit a few regular customers, claimed the day before the history starts.
   */
  reportDays?: number;
  /**
   * The demo org's language, from an explicit LOCALE (`LOCALE=en npx leadline demo`, `LOCALE=en npm start`):
   * stored as the org's locale so the playground answers in it. Unset: the stored one stays, or LOCALE decides.
   */
  locale?: Locale;
}

export interface DemoActivity {
  leads: number;
  merged: number;
  claims: number;
  passes: number;
  released: number;
  touches: number;
  closed: number;
  /** Deals opened, evidence notes added, stages advanced. */
  deals: number;
  evidence: number;
  advanced: number;
  /** Daily reports filed over the demo's working days, and how many of them are fake (F28–F29). */
  reports: number;
  fakeReports: number;
  /** Regular customers claimed before the leads' span, so the report history can reach back a month. */
  regulars: number;
  /** Customers of the months before the report history, each a deal won or lost (issue 21, item 11). */
  history: number;
  /** Deals won and lost, the history's and this month's; targets imported. */
  won: number;
  lost: number;
  targets: number;
}

export type SeedDemoResult =
  | { kind: 'seeded'; org: ImportOrgResult; activity: DemoActivity; byStatus: Record<string, number> }
  | { kind: 'already_seeded'; org: ImportOrgResult; byStatus: Record<string, number> }
  | { kind: 'refused'; reason: 'REAL_ORG' };

interface Step {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

/**
 * Imports the demo org and plays ~200 leads through the engine over the last few days, with a clock of its
 * own that moves from lead to lead (the engine reads `deps.clock`), ending at `deps.clock()`. Refuses a
 * database that holds a real organisation; a second run re-imports the org (no duplicates) and adds no leads.
 */
export async function seedDemo(deps: EngineDeps, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const end = deps.clock();
  const days = options.days ?? 4;
  const start = end - days * DAY;
  const state = await deps.store.transaction(async (tx) => ({
    imported: await tx.settings.get('org_imported_at'),
    demo: await tx.settings.get(DEMO_ORG_SETTING),
    seeded: await tx.settings.get(DEMO_SEEDED_SETTING),
  }));
  if (state.imported !== null && state.demo === null) return { kind: 'refused', reason: 'REAL_ORG' };

  // Report history reaches back before the leads' span; the org is there from its start.
  const reportsFrom = Math.min(start, end - Math.max(options.reportDays ?? 30, days) * DAY);
  const historyFrom = reportsFrom - DAY - (options.historyDays ?? 60) * DAY;
  let now = state.seeded === null ? Math.min(start, historyFrom) : end;
  const local: EngineDeps = { ...deps, clock: () => now };
  await deps.store.transaction((tx) => tx.settings.set(DEMO_ORG_SETTING, '1'));
  const org = await importOrg(local, demoOrg(options.locale ?? null));
  if (state.seeded !== null) return { kind: 'already_seeded', org, byStatus: await byStatus(deps) };

  const p = picker(options.seed ?? 1);
  const timezone = demoOrg().timezone ?? deps.defaultTimezone;
  const arrivals = arrivalTimes(p, options.leads ?? 200, start, end, timezone);
  const reps = demoOrg().people.filter((x) => x.role === 'rep');
  const made = newLeadMaker(p);
  const activity: DemoActivity = {
    leads: 0,
    merged: 0,
    claims: 0,
    passes: 0,
    released: 0,
    touches: 0,
    closed: 0,
    deals: 0,
    evidence: 0,
    advanced: 0,
    reports: 0,
    fakeReports: 0,
    regulars: 0,
    history: 0,
    won: 0,
    lost: 0,
    targets: 0,
  };
  const clock = { set: (at: number) => (now = Math.max(now, at)), now: () => now };
  if (historyFrom < reportsFrom - DAY) {
    const history = await seedDealHistory(local, clock, {
      from: historyFrom,
      until: reportsFrom - 2 * DAY,
      pick: p,
      make: made,
      reps,
    });
    activity.won += history.won;
    activity.lost += history.lost;
    activity.history = history.leads;
  }
  const queue: Step[] = [];
  let seq = 0;
  const later = (at: number, run: () => Promise<void>) => {
    queue.push({ at, seq: seq++, run });
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
  };

  const touch = (leadId: number, personId: string, after: number, chainLeft: number) =>
    later(now + after, async () => {
      const kind = p.one(['call', 'call', 'visit', 'message'] as const);
      const r = await touchLead(local, { personId, leadId, kind, note: p.one(TOUCH_NOTES[kind]) });
      if (r.kind !== 'touched') return;
      activity.touches++;
      const next = p();
      if (next < 0.4) {
        later(now + p.int(6 * 60, 60 * 60) * MINUTE, async () => {
          const outcome = p.chance(0.45) ? 'won' : 'lost';
          const c = await closeLead(local, { leadId, outcome, actorId: personId });
          if (c.kind === 'closed') activity.closed++;
        });
      } else if (next < 0.5) {
        later(now + p.int(2 * 60, 30 * 60) * MINUTE, async () => {
          const note = p.one(RELEASE_NOTES);
          const g = await releaseLead(local, { personId, leadId, note });
          if (g.kind === 'released') activity.released++;
        });
      } else if (next < 0.75) {
        later(now + p.int(30, 6 * 60) * MINUTE, () => workDeal(leadId, personId));
      } else if (chainLeft > 0 && p.chance(0.5)) {
        touch(leadId, personId, p.int(4 * 60, 30 * 60) * MINUTE, chainLeft - 1);
      }
    });

  // Some claimed leads become deals: a first note of pain points, sometimes a key person, sometimes an advance
  // tried too early (the deal is then marked 过程存疑), so the playground shows deals in every state.
  const workDeal = async (leadId: number, personId: string) => {
    const lead = await deps.store.transaction((tx) => tx.leads.get(leadId));
    if (lead === null || lead.status !== 'owned') return;
    const d = await createDeal(local, {
      personId,
      leadId,
      amount: lead.budget > 0 ? lead.budget : p.int(5, 60) * 10_000,
      pipeline: p.one(['b2b', 'b2b', 'retail', 'education', 'local']),
    });
    if (d.kind !== 'created') return;
    activity.deals++;
    const dealId = d.deal.id;
    later(now + p.int(30, 8 * 60) * MINUTE, async () => {
      const e = await addEvidence(local, {
        personId,
        dealId,
        requirement: null,
        kind: 'note',
        text: p.one(DEAL_NOTES),
      });
      if (e.kind === 'added') activity.evidence++;
      if (p.chance(0.5))
        await setKeyPerson(local, {
          personId,
          dealId,
          name: `${p.one(SURNAMES)}总`,
          title: p.one(['采购经理', '总经理', '技术负责人', '财务总监']),
          influence: p.int(2, 8) * 10,
          concern: p.one(['交付周期', '价格', '售后服务', '系统对接']),
        });
      if (p.chance(0.5)) {
        const a = await advanceDeal(local, { personId, dealId, target: null, reason: '' });
        if (a.kind === 'advanced') activity.advanced++;
      }
    });
  };

  const claim = (leadId: number, personId: string, after: number) =>
    later(now + after, async () => {
      const r = await claimLead(local, { personId, leadId });
      if (r.kind !== 'claimed') return;
      activity.claims++;
      // Most reps log a first follow-up within the 24 h; the sweep takes back the others' leads.
      if (p.chance(0.8)) touch(leadId, personId, p.int(20, 20 * 60) * MINUTE, 2);
    });

  // Two weeks of report history, independent of the leads' span: a few regular customers (one per two reps,
  // claimed the day before it starts) give the reps someone to visit on the days before the span. They come first,
  // so the engine's clock only moves forward (the rule what-if replays the decisions in the order they were taken).
  if (reportsFrom < start) {
    now = reportsFrom - DAY;
    for (let i = 0; i < Math.ceil(reps.length / 2); i++) {
      now += 7 * MINUTE;
      const r = await submitLead(local, { fields: made(now), via: 'api' });
      if (r.kind !== 'created') {
        activity.merged++;
        continue;
      }
      activity.regulars++;
      const to = r.lead.ownerId ?? reps[(i * 2) % reps.length]!.id;
      now += 20 * MINUTE;
      if ((await claimLead(local, { personId: to, leadId: r.lead.id })).kind !== 'claimed') continue;
      activity.claims++;
      // A first visit the same day, so the follow-up sweep leaves the regulars with their reps.
      now += 30 * MINUTE;
      const note = TOUCH_NOTES.visit[0] ?? '';
      const v = await touchLead(local, { personId: to, leadId: r.lead.id, kind: 'visit', note });
      if (v.kind === 'touched') activity.touches++;
    }
  }
  // A few deals won this month, in the last hours (never before the month began), so the forecast has wins in it.
  const monthStart = DateTime.fromMillis(end, { zone: timezone }).startOf('month').toMillis();
  for (const [k, team] of DEMO_TEAMS.entries())
    later(Math.max(monthStart, end - (k + 1) * HOUR - 30 * MINUTE), async () => {
      // Each team's biggest open deal.
      const members = new Set(team.reps.map(([id]) => id));
      const open = await deps.store.transaction(async (tx) => tx.deals.openDeals());
      const best = open
        .filter((d) => members.has(d.ownerId))
        .sort((a, b) => b.amount - a.amount || a.id - b.id)[0];
      if (best === undefined) return;
      await winOutright(local, clock, best.id, 0);
      if ((await deps.store.transaction((tx) => tx.deals.get(best.id)))?.status === 'won') activity.won++;
    });
  now = start;
  for (let i = 0; ;) {
    const arrival = arrivals[i];
    const step = queue[0];
    if (arrival === undefined && (step === undefined || step.at > end)) break;
    if (arrival !== undefined && (step === undefined || arrival <= step.at)) {
      now = arrival;
      i++;
      await sweep(local, now);
      const r = await submitLead(local, { fields: made(now), via: 'api' });
      if (r.kind !== 'created') {
        activity.merged++;
        continue;
      }
      activity.leads++;
      const lead = r.lead;
      if (lead.status === 'offered' && lead.ownerId !== null) {
        const roll = p();
        if (roll < 0.6) claim(lead.id, lead.ownerId, p.int(5, 100) * MINUTE);
        else if (roll < 0.66) {
          const personId = lead.ownerId;
          later(now + p.int(5, 60) * MINUTE, async () => {
            if ((await passLead(local, { personId, leadId: lead.id })).kind === 'passed') activity.passes++;
          });
        }
      } else if (lead.status === 'pool' && p.chance(0.35)) {
        claim(lead.id, p.one(reps).id, p.int(10, 360) * MINUTE);
      }
    } else if (step !== undefined) {
      queue.shift();
      now = step.at;
      await sweep(local, now);
      await sweepDeals(local, now);
      await step.run();
    }
  }
  const reports = await seedDemoReports(deps, { from: reportsFrom, to: end, timezone, pick: p });
  activity.reports = reports.filed;
  activity.fakeReports = reports.fake;
  now = end;
  activity.targets = await seedDemoTargets(local, end, timezone);
  // The nightly KBI evaluation of each working day of the report history, once its reports are in: KBI days,
  // warnings and forecast snapshots, as the scheduler leaves them (attribution and the patrol read them).
  for (let day = reportsFrom; day <= end; day += DAY) await runDailyKbi({ ...deps, clock: () => day }, day);
  await sweep(local, end);
  await sweepDeals(local, end);
  await deps.store.transaction((tx) => tx.settings.set(DEMO_SEEDED_SETTING, String(end)));
  return { kind: 'seeded', org, activity, byStatus: await byStatus(deps) };
}

async function byStatus(deps: EngineDeps): Promise<Record<string, number>> {
  return deps.store.transaction((tx) => tx.leads.countByStatus());
}
