// F39 rule what-if, the comparison: who would have received what under the rules in force and under a new
// file, how fair and how complete each spread is, and the warnings a manager must read before going live.
import { gini } from '../../analytics/rules/distribution.ts';
import type { LeadMatch, Rules } from '../../rules.ts';
import { blockingRule, type RoutingExplanation } from '../../leads/rules/routing.ts';
import { scoreLead } from '../../leads/rules/scoring.ts';
import type { LeadFields, Person, Team } from '../../../kernel/types.ts';
import type { Replayed } from './whatif.ts';
import { isSeller } from '../../leads/rules/routing.ts';

export interface Figures {
  received: number;
  /** High-score leads received. */
  high: number;
  /** Share of all high-score leads of the period (0–1). */
  highShare: number;
  /** Expected won share of what was received, from each rep's conversion history (null: no history at all). */
  expectedConversion: number | null;
}

export interface Row {
  id: string;
  name: string;
  teamId: string | null;
  old: Figures;
  new: Figures;
}

export interface Blocked {
  teamId: string;
  /** The rule's path in the rules file, e.g. `routing.rules[2]`. */
  rule: string;
  leads: number;
}

export interface Side {
  leads: number;
  highLeads: number;
  offered: number;
  /** Leads that would go to no rep (the pool). */
  pooled: number;
  gini: number;
  /** Largest share of the offered leads held by any 3 reps. */
  top3Share: number;
  /** Leads a rule keeps from every rep of a team, per team and rule. */
  blocked: Blocked[];
}

export interface RuleMatch {
  mode: 'exclude' | 'only';
  match: LeadMatch;
}

export type Warning =
  | {
      kind: 'TEAM_BLOCKED';
      blocking: boolean;
      teamId: string;
      rule: string;
      match: RuleMatch | null;
      leads: number;
      /** Share of the team's high-score leads (under the rules in force) that these leads were. */
      shareOfTeamHigh: number;
    }
  | { kind: 'TEAM_STARVED'; blocking: true; teamId: string; oldReceived: number }
  | { kind: 'SKILL_STARVED'; blocking: true; skill: string; leads: number; oldToSkilled: number }
  | {
      kind: 'COVERAGE_DROP';
      blocking: true;
      oldPooled: number;
      newPooled: number;
      leads: number;
    }
  | {
      kind: 'FAIRNESS_WORSE';
      blocking: false;
      oldGini: number;
      newGini: number;
      oldTop3: number;
      newTop3: number;
    };

export interface Change {
  leadId: number;
  at: number;
  company: string;
  from: string | null;
  to: string | null;
  /** Both explanations, where the caller kept them (a long period may explain only the first changes). */
  old: RoutingExplanation | null;
  new: RoutingExplanation | null;
}

export interface WhatIfSummary {
  from: number;
  to: number;
  leads: number;
  old: Side;
  new: Side;
  reps: Row[];
  teams: Row[];
  changed: Change[];
  warnings: Warning[];
}

export interface SummaryInput {
  from: number;
  to: number;
  people: readonly Person[];
  teams: readonly Team[];
  oldRules: Rules;
  newRules: Rules;
  old: readonly Replayed[];
  new: readonly Replayed[];
  /** Closed leads per owner: [won, closed]. */
  history: ReadonlyMap<string, [number, number]>;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function isHigh(fields: LeadFields, at: number, rules: Rules): boolean {
  return scoreLead(fields, [at], rules).total >= rules.scoring.highScore;
}

function side(
  replayed: readonly Replayed[],
  high: readonly boolean[],
  reps: readonly Person[],
  teams: readonly Team[],
  rules: Rules,
): Side {
  const received = new Map(reps.map((p) => [p.id, 0]));
  let pooled = 0;
  for (const r of replayed) {
    const w = r.winnerId;
    if (w === null) pooled += 1;
    else received.set(w, (received.get(w) ?? 0) + 1);
  }
  const counts = [...received.values()];
  const offered = replayed.length - pooled;
  const top3 = [...counts]
    .sort((a, b) => b - a)
    .slice(0, 3)
    .reduce((s, v) => s + v, 0);
  return {
    leads: replayed.length,
    highLeads: high.filter(Boolean).length,
    offered,
    pooled,
    gini: round4(gini(counts)),
    top3Share: offered === 0 ? 0 : round4(top3 / offered),
    blocked: blockedByTeam(replayed, reps, teams, rules),
  };
}

/** Per team: leads for which every routed rep of the team is kept away by a rule, named by the first such rule. */
function blockedByTeam(
  replayed: readonly Replayed[],
  reps: readonly Person[],
  teams: readonly Team[],
  rules: Rules,
): Blocked[] {
  if (rules.routing.rules.length === 0) return [];
  const out = new Map<string, Blocked>();
  for (const team of teams) {
    const members = reps.filter((p) => p.teamId === team.id);
    if (members.length === 0) continue;
    for (const r of replayed) {
      let first: string | null = null;
      let all = true;
      for (const p of members) {
        const rule = blockingRule(r.fields, p.id, p.teamId, rules.routing.rules);
        if (rule === null) {
          all = false;
          break;
        }
        first ??= rule;
      }
      if (!all || first === null) continue;
      const key = `${team.id} ${first}`;
      const b = out.get(key) ?? { teamId: team.id, rule: first, leads: 0 };
      b.leads += 1;
      out.set(key, b);
    }
  }
  return [...out.values()];
}

interface Tally {
  received: number;
  high: number;
  expected: number;
  known: number;
}

/** One pass over a side: what each rep received. */
function tallies(
  replayed: readonly Replayed[],
  high: readonly boolean[],
  conversion: ReadonlyMap<string, number | null>,
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  replayed.forEach((r, i) => {
    const w = r.winnerId;
    if (w === null) return;
    let t = out.get(w);
    if (t === undefined) out.set(w, (t = { received: 0, high: 0, expected: 0, known: 0 }));
    t.received += 1;
    if (high[i] === true) t.high += 1;
    const c = conversion.get(w) ?? null;
    if (c !== null) {
      t.expected += c;
      t.known += 1;
    }
  });
  return out;
}

function figures(ids: readonly string[], tally: ReadonlyMap<string, Tally>, totalHigh: number): Figures {
  const sum: Tally = { received: 0, high: 0, expected: 0, known: 0 };
  for (const id of ids) {
    const t = tally.get(id);
    if (t === undefined) continue;
    sum.received += t.received;
    sum.high += t.high;
    sum.expected += t.expected;
    sum.known += t.known;
  }
  return {
    received: sum.received,
    high: sum.high,
    highShare: totalHigh === 0 ? 0 : round4(sum.high / totalHigh),
    expectedConversion: sum.known === 0 ? null : round4(sum.expected / sum.known),
  };
}

/** Each rep's won share of closed leads; reps with none get the organisation's (null when nobody has closed any). */
function conversionRates(
  reps: readonly Person[],
  history: ReadonlyMap<string, [number, number]>,
): Map<string, number | null> {
  let won = 0;
  let closed = 0;
  for (const [w, n] of history.values()) {
    won += w;
    closed += n;
  }
  const overall = closed === 0 ? null : won / closed;
  return new Map(
    reps.map((p) => {
      const h = history.get(p.id);
      return [p.id, h !== undefined && h[1] > 0 ? h[0] / h[1] : overall];
    }),
  );
}

function ruleAt(rules: Rules, path: string): RuleMatch | null {
  const m = /^routing\.rules\[(\d+)\]$/.exec(path);
  const rule = m === null ? undefined : rules.routing.rules[Number(m[1])];
  if (rule === undefined) return null;
  if (rule.exclude !== undefined) return { mode: 'exclude', match: rule.exclude };
  if (rule.only !== undefined) return { mode: 'only', match: rule.only };
  return null;
}

/** Thresholds come from the rules in force, so a candidate file cannot loosen its own checks. */
export function summarizeWhatIf(input: SummaryInput): WhatIfSummary {
  const { people, teams, oldRules, newRules } = input;
  const winners = new Set([...input.old, ...input.new].map((r) => r.winnerId));
  const routed = (rules: Rules) =>
    people.filter((p) => isSeller(p, rules) && (p.active || winners.has(p.id)));
  // The reps of the comparison: anyone either set of rules routes to, plus everyone either could.
  const reps = [...new Map([...routed(oldRules), ...routed(newRules)].map((p) => [p.id, p])).values()].sort(
    (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const highOld = input.old.map((r) => isHigh(r.fields, r.at, oldRules));
  const highNew = input.new.map((r) => isHigh(r.fields, r.at, newRules));
  const conversion = conversionRates(reps, input.history);
  const oldSide = side(input.old, highOld, reps, teams, oldRules);
  const newSide = side(input.new, highNew, reps, teams, newRules);

  const tallyOld = tallies(input.old, highOld, conversion);
  const tallyNew = tallies(input.new, highNew, conversion);
  const row = (id: string, name: string, teamId: string | null, ids: readonly string[]): Row => ({
    id,
    name,
    teamId,
    old: figures(ids, tallyOld, oldSide.highLeads),
    new: figures(ids, tallyNew, newSide.highLeads),
  });
  const membersOf = new Map(teams.map((t) => [t.id, reps.filter((p) => p.teamId === t.id)]));
  const repRows = reps.map((p) => row(p.id, p.name, p.teamId, [p.id]));
  const teamRows = teams.map((t) =>
    row(
      t.id,
      t.name,
      t.id,
      (membersOf.get(t.id) ?? []).map((p) => p.id),
    ),
  );

  const changed: Change[] = [];
  input.old.forEach((o, i) => {
    const n = input.new[i];
    if (n === undefined || n.winnerId === o.winnerId) return;
    changed.push({
      leadId: o.leadId,
      at: o.at,
      company: o.fields.company,
      from: o.winnerId,
      to: n.winnerId,
      old: o.explanation,
      new: n.explanation,
    });
  });

  const warnings: Warning[] = [];
  const teamOfRep = new Map(reps.map((p) => [p.id, p.teamId]));
  for (const b of newSide.blocked) {
    const before = oldSide.blocked.find((x) => x.teamId === b.teamId && x.rule === b.rule);
    if (before !== undefined && before.leads >= b.leads) continue;
    // Of the team's high-score leads under the rules in force, how many does this rule now keep away?
    let teamHigh = 0;
    let kept = 0;
    input.old.forEach((o, i) => {
      const w = o.winnerId;
      if (w === null || teamOfRep.get(w) !== b.teamId || highOld[i] !== true) return;
      teamHigh += 1;
      const members = membersOf.get(b.teamId) ?? [];
      if (members.every((p) => blockingRule(o.fields, p.id, p.teamId, newRules.routing.rules) !== null))
        kept += 1;
    });
    const share = teamHigh === 0 ? 0 : round4(kept / teamHigh);
    warnings.push({
      kind: 'TEAM_BLOCKED',
      blocking: share > 0 && share >= oldRules.whatif.starveShare,
      teamId: b.teamId,
      rule: b.rule,
      match: ruleAt(newRules, b.rule),
      leads: b.leads,
      shareOfTeamHigh: share,
    });
  }
  for (const row of teamRows) {
    if (row.old.received > 0 && row.new.received === 0)
      warnings.push({ kind: 'TEAM_STARVED', blocking: true, teamId: row.id, oldReceived: row.old.received });
  }
  warnings.push(...starvedSkills(reps, input.old, input.new));
  const drop = (newSide.pooled - oldSide.pooled) / Math.max(1, input.old.length);
  if (drop > oldRules.whatif.maxCoverageDrop)
    warnings.push({
      kind: 'COVERAGE_DROP',
      blocking: true,
      oldPooled: oldSide.pooled,
      newPooled: newSide.pooled,
      leads: input.old.length,
    });
  if (newSide.gini > oldSide.gini + 0.05 || newSide.top3Share > oldSide.top3Share + 0.1)
    warnings.push({
      kind: 'FAIRNESS_WORSE',
      blocking: false,
      oldGini: oldSide.gini,
      newGini: newSide.gini,
      oldTop3: oldSide.top3Share,
      newTop3: newSide.top3Share,
    });

  return {
    from: input.from,
    to: input.to,
    leads: input.old.length,
    old: oldSide,
    new: newSide,
    reps: repRows,
    teams: teamRows,
    changed,
    warnings,
  };
}

/** Skills whose leads reached a rep with that skill under the rules in force and would reach none now. */
function starvedSkills(
  reps: readonly Person[],
  oldR: readonly Replayed[],
  newR: readonly Replayed[],
): Warning[] {
  const skillsOf = new Map(reps.map((p) => [p.id, new Set(p.skills)]));
  const skills = [...new Set(reps.flatMap((p) => p.skills))].sort();
  const out: Warning[] = [];
  for (const skill of skills) {
    let leads = 0;
    let oldToSkilled = 0;
    let newToSkilled = 0;
    oldR.forEach((o, i) => {
      if (!o.fields.tags.includes(skill) && o.fields.industry !== skill) return;
      leads += 1;
      const ow = o.winnerId;
      const nw = newR[i]?.winnerId ?? null;
      if (ow !== null && (skillsOf.get(ow)?.has(skill) ?? false)) oldToSkilled += 1;
      if (nw !== null && (skillsOf.get(nw)?.has(skill) ?? false)) newToSkilled += 1;
    });
    if (oldToSkilled > 0 && newToSkilled === 0)
      out.push({ kind: 'SKILL_STARVED', blocking: true, skill, leads, oldToSkilled });
  }
  return out;
}
