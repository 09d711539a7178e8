// Source and rule experiments (issue 24 item 10): per lead source, how coverage and expected conversion change
// from one side of the what-if to the other. Coverage is the summary's own: the share of leads that went to a rep
// rather than only to the pool (Side.offered / Side.leads). Expected conversion is Figures.expectedConversion: the
// mean conversion of the reps who received the source's leads, from their closed history.
import type { Replayed } from './whatif.ts';
import { finish, round4, STEP, type Steps } from './whatif-figures.ts';

export interface SourceFigures {
  /** Leads of the source that went to a rep (not only the pool). */
  covered: number;
  /** covered / leads (0–1). */
  coverage: number;
  /** Expected won share of the covered leads (null: none went to a rep with any history). */
  expectedConversion: number | null;
}

export interface SourceRow {
  /** As the lead carries it ('' for leads without one). */
  source: string;
  leads: number;
  old: SourceFigures;
  new: SourceFigures;
  /** new − old coverage (−1…1). */
  coverageChange: number;
  /** new − old expected conversion; null when either side has none. */
  conversionChange: number | null;
}

interface Tally {
  leads: number;
  covered: number;
  expected: number;
  known: number;
}

function* tally(
  replayed: readonly Replayed[],
  conversion: ReadonlyMap<string, number | null>,
): Steps<Map<string, Tally>> {
  const out = new Map<string, Tally>();
  for (let i = 0; i < replayed.length; i++) {
    if (i % STEP === STEP - 1) yield;
    const r = replayed[i] as Replayed;
    const source = r.fields.source;
    let t = out.get(source);
    if (t === undefined) out.set(source, (t = { leads: 0, covered: 0, expected: 0, known: 0 }));
    t.leads += 1;
    const w = r.winnerId;
    if (w === null) continue;
    t.covered += 1;
    const c = conversion.get(w) ?? null;
    if (c !== null) {
      t.expected += c;
      t.known += 1;
    }
  }
  return out;
}

function figuresOf(t: Tally | undefined): SourceFigures {
  if (t === undefined) return { covered: 0, coverage: 0, expectedConversion: null };
  return {
    covered: t.covered,
    coverage: t.leads === 0 ? 0 : round4(t.covered / t.leads),
    expectedConversion: t.known === 0 ? null : round4(t.expected / t.known),
  };
}

/** The size of a row's change: the larger of its two moves (both are shares of 0–1). */
export function changeSize(row: SourceRow): number {
  return Math.max(Math.abs(row.coverageChange), Math.abs(row.conversionChange ?? 0));
}

/**
 * One row per source of the period's leads, the largest change first (then the source with more leads, then
 * by name), so a manager reads first the source the new rules move most. Both sides are the same leads, in the
 * same order; `conversion` is each rep's expected conversion (conversionRates).
 */
export function sourceRows(
  oldSide: readonly Replayed[],
  newSide: readonly Replayed[],
  conversion: ReadonlyMap<string, number | null>,
): SourceRow[] {
  return finish(sourceRowsSteps(oldSide, newSide, conversion));
}

/** sourceRows in steps (see Steps). */
export function* sourceRowsSteps(
  oldSide: readonly Replayed[],
  newSide: readonly Replayed[],
  conversion: ReadonlyMap<string, number | null>,
): Steps<SourceRow[]> {
  const before = yield* tally(oldSide, conversion);
  const after = yield* tally(newSide, conversion);
  const rows: SourceRow[] = [];
  for (const [source, t] of before) {
    const o = figuresOf(t);
    const n = figuresOf(after.get(source));
    rows.push({
      source,
      leads: t.leads,
      old: o,
      new: n,
      coverageChange: round4(n.coverage - o.coverage),
      conversionChange:
        o.expectedConversion === null || n.expectedConversion === null
          ? null
          : round4(n.expectedConversion - o.expectedConversion),
    });
  }
  return rows.sort(
    (a, b) =>
      changeSize(b) - changeSize(a) ||
      b.leads - a.leads ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0),
  );
}
