// F39 rule what-if, the comparison: who would have received what under the rules in force and under a new
// file, how fair and how complete each spread is, and the warnings a manager must read before going live.
import type { LeadMatch, Rules } from '../../rules.ts';
import { blockingRule, type RoutingExplanation } from '../../leads/rules/routing.ts';
import { scoreLead } from '../../leads/rules/scoring.ts';
import type { LeadFields, Person, Team } from '../../../kernel/types.ts';
import type { Replayed } from './whatif.ts';
import {
  conversionRates,
  figures,
  finish,
  round4,
  side,
  STEP,
  tallies,
  type Row,
  type Side,
  type Steps,
} from './whatif-figures.ts';
import { sourceRowsSteps, type SourceRow } from './whatif-sources.ts';

export type { Blocked, Figures, Row, Side, Steps } from './whatif-figures.ts';
export type { SourceFigures, SourceRow } from './whatif-sources.ts';
import { isSeller } from '../../leads/rules/routing.ts';

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
  /** Per lead source: coverage and expected conversion on both sides, the largest change first. */
  sources: SourceRow[];
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
  /**
   * The warning thresholds: the rules in force's. Defaults to oldRules' — when two files are compared (neither
   * in force), the caller passes the rules in force, so neither file can loosen the checks.
   */
  checks?: Rules['whatif'];
}

function isHigh(fields: LeadFields, at: number, rules: Rules): boolean {
  return scoreLead(fields, [at], rules).total >= rules.scoring.highScore;
}

function ruleAt(rules: Rules, path: string): RuleMatch | null {
  const m = /^routing\.rules\[(\d+)\]$/.exec(path);
  const rule = m === null ? undefined : rules.routing.rules[Number(m[1])];
  if (rule === undefined) return null;
  if (rule.exclude !== undefined) return { mode: 'exclude', match: rule.exclude };
  if (rule.only !== undefined) return { mode: 'only', match: rule.only };
  return null;
}

/** Whether each lead scores high under these rules, in steps. */
function* highs(replayed: readonly Replayed[], rules: Rules): Steps<boolean[]> {
  const out = new Array<boolean>(replayed.length);
  for (let i = 0; i < replayed.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const r = replayed[i] as Replayed;
    out[i] = isHigh(r.fields, r.at, rules);
  }
  return out;
}

/** Thresholds come from the rules in force, so a candidate file cannot loosen its own checks. */
export function summarizeWhatIf(input: SummaryInput): WhatIfSummary {
  return finish(summarizeWhatIfSteps(input));
}

/**
 * summarizeWhatIf in steps: it yields every STEP leads of each pass, so the what-if inside the server lets the event
 * loop run in between (the use case's inSlices decides when).
 */
export function* summarizeWhatIfSteps(input: SummaryInput): Steps<WhatIfSummary> {
  const { people, teams, oldRules, newRules } = input;
  const checks = input.checks ?? oldRules.whatif;
  const winners = new Set<string | null>();
  for (const side of [input.old, input.new])
    for (let i = 0; i < side.length; i++) {
      if (i % STEP === STEP - 1) yield;
      winners.add((side[i] as Replayed).winnerId);
    }
  const routed = (rules: Rules) =>
    people.filter((p) => isSeller(p, rules) && (p.active || winners.has(p.id)));
  // The reps of the comparison: anyone either set of rules routes to, plus everyone either could.
  const reps = [...new Map([...routed(oldRules), ...routed(newRules)].map((p) => [p.id, p])).values()].sort(
    (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const highOld = yield* highs(input.old, oldRules);
  // Both sides are the same leads: where the two files score alike (scoreLead reads only these), once is enough.
  const sameScoring =
    JSON.stringify([oldRules.scoring, oldRules.urgency]) ===
    JSON.stringify([newRules.scoring, newRules.urgency]);
  const highNew = sameScoring ? highOld : yield* highs(input.new, newRules);
  const conversion = conversionRates(reps, input.history);
  const oldSide = yield* side(input.old, highOld, reps, teams, oldRules);
  const newSide = yield* side(input.new, highNew, reps, teams, newRules);

  const tallyOld = yield* tallies(input.old, highOld, conversion);
  const tallyNew = yield* tallies(input.new, highNew, conversion);
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
  for (let i = 0; i < input.old.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const o = input.old[i] as Replayed;
    const n = input.new[i];
    if (n === undefined || n.winnerId === o.winnerId) continue;
    changed.push({
      leadId: o.leadId,
      at: o.at,
      company: o.fields.company,
      from: o.winnerId,
      to: n.winnerId,
      old: o.explanation,
      new: n.explanation,
    });
  }

  const warnings: Warning[] = [];
  const teamOfRep = new Map(reps.map((p) => [p.id, p.teamId]));
  for (const b of newSide.blocked) {
    const before = oldSide.blocked.find((x) => x.teamId === b.teamId && x.rule === b.rule);
    if (before !== undefined && before.leads >= b.leads) continue;
    // Of the team's high-score leads under the rules in force, how many does this rule now keep away?
    let teamHigh = 0;
    let kept = 0;
    const members = membersOf.get(b.teamId) ?? [];
    for (let i = 0; i < input.old.length; i++) {
      if (i % STEP === STEP - 1) yield;
      const o = input.old[i] as Replayed;
      const w = o.winnerId;
      if (w === null || teamOfRep.get(w) !== b.teamId || highOld[i] !== true) continue;
      teamHigh += 1;
      if (members.every((p) => blockingRule(o.fields, p.id, p.teamId, newRules.routing.rules) !== null))
        kept += 1;
    }
    const share = teamHigh === 0 ? 0 : round4(kept / teamHigh);
    warnings.push({
      kind: 'TEAM_BLOCKED',
      blocking: share > 0 && share >= checks.starveShare,
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
  warnings.push(...(yield* starvedSkillsSteps(reps, input.old, input.new)));
  const drop = (newSide.pooled - oldSide.pooled) / Math.max(1, input.old.length);
  if (drop > checks.maxCoverageDrop)
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
    sources: yield* sourceRowsSteps(input.old, input.new, conversion),
    changed,
    warnings,
  };
}

/**
 * Skills whose leads reached a rep with that skill under the rules in force and would reach none now. One pass over
 * the leads for every skill at once (a pass per skill was ≈230 ms of a 100,000-lead what-if, in one piece).
 */
export function starvedSkills(
  reps: readonly Person[],
  oldR: readonly Replayed[],
  newR: readonly Replayed[],
): Warning[] {
  return finish(starvedSkillsSteps(reps, oldR, newR));
}

function* starvedSkillsSteps(
  reps: readonly Person[],
  oldR: readonly Replayed[],
  newR: readonly Replayed[],
): Steps<Warning[]> {
  const skills = [...new Set(reps.flatMap((p) => p.skills))].sort();
  const indexOf = new Map(skills.map((s, k) => [s, k]));
  const skillsOf = new Map(reps.map((p) => [p.id, new Set(p.skills)]));
  const leads = new Array<number>(skills.length).fill(0);
  const oldToSkilled = new Array<number>(skills.length).fill(0);
  const newToSkilled = new Array<number>(skills.length).fill(0);
  const about: number[] = [];
  for (let i = 0; i < oldR.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const o = oldR[i] as Replayed;
    // The skills this lead is about (its tags and its industry), each once.
    about.length = 0;
    for (const word of [...o.fields.tags, o.fields.industry]) {
      const k = indexOf.get(word);
      if (k !== undefined && !about.includes(k)) about.push(k);
    }
    if (about.length === 0) continue;
    const ow = o.winnerId === null ? undefined : skillsOf.get(o.winnerId);
    const nwId = newR[i]?.winnerId ?? null;
    const nw = nwId === null ? undefined : skillsOf.get(nwId);
    for (const k of about) {
      const skill = skills[k] as string;
      leads[k] = (leads[k] as number) + 1;
      if (ow?.has(skill) === true) oldToSkilled[k] = (oldToSkilled[k] as number) + 1;
      if (nw?.has(skill) === true) newToSkilled[k] = (newToSkilled[k] as number) + 1;
    }
  }
  const out: Warning[] = [];
  skills.forEach((skill, k) => {
    if ((oldToSkilled[k] as number) > 0 && newToSkilled[k] === 0)
      out.push({
        kind: 'SKILL_STARVED',
        blocking: true,
        skill,
        leads: leads[k] as number,
        oldToSkilled: oldToSkilled[k] as number,
      });
  });
  return out;
}
