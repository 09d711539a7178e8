import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type Rules } from '../../rules.ts';
import { routeLead, type RoutingExplanation } from '../../leads/rules/routing.ts';
import type { LeadFields, Person } from '../../../kernel/types.ts';
import {
  namedIn,
  replayArrivals,
  routingFingerprint,
  routingInputsOf,
  sameDecision,
  type Arrival,
} from '../rules/whatif.ts';
import { replayBoth } from './replay-both.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-10-01T01:00:00Z');
const INDUSTRIES = ['家装', '地产', '教育', '零售'];

function person(i: number): Person {
  return {
    id: `r${String(i).padStart(2, '0')}`,
    name: `R${i}`,
    teamId: `t${i % 4}`,
    role: 'rep',
    skills: [INDUSTRIES[i % 4] as string],
    capacity: 6,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
  };
}

function lead(i: number): LeadFields {
  return {
    company: `公司${i}`,
    contact: '张',
    phone: '13800138000',
    email: '',
    industry: INDUSTRIES[(i * 7) % 4] as string,
    budget: 20_000 + ((i * 37) % 10) * 30_000,
    need: '翻新',
    region: '华东',
    source: 'web',
    campaign: 'C1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
  };
}

/** A month as live routing stores it under `rules`: loads rise and fall (leads held 1–9 h), turns move on. */
function month(people: Person[], n: number, rules: Rules): Arrival[] {
  const open = new Map<string, number>();
  const last = new Map<string, number>();
  const ends: Array<[number, string]> = [];
  const out: Arrival[] = [];
  for (let i = 0; i < n; i++) {
    const at = T0 + i * 20 * 60_000;
    for (let k = ends.length - 1; k >= 0; k--) {
      const [end, id] = ends[k] as [number, string];
      if (end <= at) {
        open.set(id, (open.get(id) ?? 1) - 1);
        ends.splice(k, 1);
      }
    }
    const candidates = people.map((p) => ({
      person: p,
      openLeads: open.get(p.id) ?? 0,
      lastAssignedAt: last.get(p.id) ?? null,
      winRate30d: null,
      avgFollowUpMinutes: null,
      cooldownUntil: null,
    }));
    const decision = routeLead(lead(i), candidates, rules);
    const heldFor = (1 + (i % 9)) * HOUR;
    if (decision.winnerId !== null) {
      open.set(decision.winnerId, (open.get(decision.winnerId) ?? 0) + 1);
      last.set(decision.winnerId, at);
      ends.push([at + heldFor, decision.winnerId]);
    }
    out.push({
      leadId: i + 1,
      at,
      fields: lead(i),
      winnerId: decision.winnerId,
      present: namedIn(decision),
      decision,
      inputs: routingInputsOf(candidates, rules),
      org: people,
      heldFor,
    });
  }
  return out;
}

const PEOPLE = Array.from({ length: 30 }, (_, i) => person(i));
const CANDIDATE: Rules = {
  ...DEFAULT_RULES,
  routing: {
    ...DEFAULT_RULES.routing,
    weights: { skill: 5, roundRobin: 60, load: 30, winRate: 0, followUp: 5 },
    rules: [{ team: 't1', exclude: { industry: ['地产'] } }],
  },
};

describe('replayBoth (the what-if replays side by side, in slices)', () => {
  const arrivals = month(PEOPLE, 1_500, DEFAULT_RULES);
  const decisions = new Map(arrivals.map((a) => [a.leadId, a.decision as RoutingExplanation]));
  const plan = {
    print: routingFingerprint(DEFAULT_RULES),
    reproduced: (replayed: ReadonlyMap<number, string>) =>
      Promise.resolve(
        [...replayed].filter(([id, e]) =>
          sameDecision(JSON.parse(e) as RoutingExplanation, decisions.get(id) as RoutingExplanation),
        ).length,
      ),
  };

  it('gives what two whole replays give: winners, the explanations shown, reproduced decisions', async () => {
    const old = replayArrivals(arrivals, PEOPLE, DEFAULT_RULES, new Map());
    let explained = 0;
    const next = replayArrivals(arrivals, PEOPLE, CANDIDATE, new Map(), (i, e) => {
      if (e.winnerId === old[i]?.winnerId || explained >= 25) return false;
      explained += 1;
      return true;
    });
    const r = await replayBoth(arrivals, { people: PEOPLE, stats: new Map() }, DEFAULT_RULES, CANDIDATE, {
      ...plan,
      current: true,
      baseline: 'replayed',
      candidate: true,
      verify: true,
      limit: 25,
    });
    expect(r.next?.map((x) => x.winnerId)).toEqual(next.map((x) => x.winnerId));
    expect(r.old.map((x) => x.winnerId)).toEqual(old.map((x) => x.winnerId));
    expect(r.next?.map((x) => x.explanation)).toEqual(next.map((x) => x.explanation));
    const changed = old.filter((o, i) => o.winnerId !== next[i]?.winnerId);
    expect(changed.length).toBeGreaterThan(100);
    expect(r.explained).toBe(25);
    // The changed leads explained show the old side's explanation too (as a stored baseline does); the others none.
    expect(r.old.filter((x) => x.explanation !== null).map((x) => x.explanation)).toEqual(
      changed.slice(0, 25).map((x) => x.explanation),
    );
    const reproduced = old.filter(
      (o, i) =>
        o.explanation !== null && sameDecision(o.explanation, arrivals[i]?.decision as RoutingExplanation),
    ).length;
    expect(reproduced).toBe(arrivals.length);
    expect(r.reproduced).toBe(reproduced);
    expect(r.unreproduced).toBe(0);
  });

  it('with the stored decisions as the old side, compares the candidate with them', async () => {
    const r = await replayBoth(arrivals, { people: PEOPLE, stats: new Map() }, DEFAULT_RULES, CANDIDATE, {
      ...plan,
      current: false,
      baseline: 'stored',
      candidate: true,
      verify: false,
      limit: Infinity,
    });
    expect(r.old.map((x) => x.winnerId)).toEqual(arrivals.map((a) => a.winnerId));
    expect(r.old.every((x) => x.explanation === null)).toBe(true);
    const changed = (r.next ?? []).filter((x, i) => x.winnerId !== arrivals[i]?.winnerId);
    expect(r.explained).toBe(changed.length);
    expect(changed.every((x) => x.explanation !== null)).toBe(true);
    expect([r.reproduced, r.unreproduced]).toEqual([null, null]);
  });

  it('lets the event loop run while it replays', async () => {
    let turns = 0;
    let running = true;
    const tick = (): void => {
      turns += 1;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const started = performance.now();
    // Three months back to back: long enough (well over one 10 ms slice) to need several.
    const long = [0, 1, 2].flatMap((k) =>
      arrivals.map((a) => ({ ...a, leadId: a.leadId + k * 10_000, at: a.at + k * 1_000 * HOUR })),
    );
    await replayBoth(long, { people: PEOPLE, stats: new Map() }, DEFAULT_RULES, CANDIDATE, {
      ...plan,
      current: true,
      baseline: 'replayed',
      candidate: true,
      verify: false,
      limit: 0,
    });
    running = false;
    expect(performance.now() - started).toBeGreaterThan(30);
    // Run in one go, the replay would let no other turn of the loop happen before it is done.
    expect(turns).toBeGreaterThanOrEqual(2);
  });
});
