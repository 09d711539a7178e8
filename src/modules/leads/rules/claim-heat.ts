// The claim heat map (F5, issue 24 item 2): who claimed from the shared flow of leads, and when, counted per rep
// and day (the last seven days) or per rep and hour of the day (over the same seven days). Visible to everyone,
// so fairness can be seen: the brief's 系统实时公示申领热力图. Pure: the claims, people and clock come in.
import { DateTime } from 'luxon';

export type HeatBy = 'day' | 'hour';

export interface HeatClaim {
  by: string;
  at: number;
}

export interface ClaimHeat {
  by: HeatBy;
  /** Column keys in order: local dates (yyyy-MM-dd) or hours ("09"…); the first and last hour with a claim. */
  columns: string[];
  /** Rows in order: the people who may claim, then anyone else who claimed; most claims first. */
  rows: Array<{ personId: string; name: string; total: number }>;
  /** One cell per row and column (zeros included, so the map has no holes). */
  cells: Array<{ personId: string; name: string; column: string; claims: number }>;
  /** The busiest cell's count (0: no claim at all in the span). */
  max: number;
  /** The span's first local day and last (today). */
  from: string;
  to: string;
}

export const HEAT_DAYS = 7;

/** Working hours always shown on the hour map, so a quiet morning reads as empty rather than cut off. */
const HOURS_SHOWN = { from: 9, to: 18 };

export function claimHeat(input: {
  claims: readonly HeatClaim[];
  people: ReadonlyArray<{ id: string; name: string }>;
  now: number;
  zone: string;
  by: HeatBy;
}): ClaimHeat {
  const today = DateTime.fromMillis(input.now, { zone: input.zone }).startOf('day');
  const first = today.minus({ days: HEAT_DAYS - 1 });
  const local = (at: number) => DateTime.fromMillis(at, { zone: input.zone });
  const inSpan = input.claims.filter((c) => c.at >= first.toMillis() && c.at <= input.now);
  const key = (at: number) => (input.by === 'day' ? local(at).toISODate() : local(at).toFormat('HH'));

  let columns: string[];
  if (input.by === 'day') {
    columns = Array.from({ length: HEAT_DAYS }, (_, i) => first.plus({ days: i }).toISODate() ?? '');
  } else {
    const hours = inSpan.map((c) => local(c.at).hour);
    const from = Math.min(HOURS_SHOWN.from, ...hours);
    const to = Math.max(HOURS_SHOWN.to - 1, ...hours);
    columns = Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
  }

  const names = new Map(input.people.map((p) => [p.id, p.name]));
  const count = new Map<string, number>();
  for (const c of inSpan) {
    const k = `${c.by}\u0000${key(c.at)}`;
    count.set(k, (count.get(k) ?? 0) + 1);
  }
  const ids = [...input.people.map((p) => p.id)];
  for (const c of inSpan) if (!ids.includes(c.by)) ids.push(c.by);
  const totals = new Map(ids.map((id) => [id, inSpan.filter((c) => c.by === id).length]));
  // Two people of one name stay two rows: the second and later are told apart by their id.
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(names.get(id) ?? id, (seen.get(names.get(id) ?? id) ?? 0) + 1);
  const shown = (id: string) => {
    const name = names.get(id) ?? id;
    return (seen.get(name) ?? 0) > 1 ? `${name} (${id})` : name;
  };
  const rows = ids
    .map((id) => ({ personId: id, name: shown(id), total: totals.get(id) ?? 0 }))
    .sort((a, b) => b.total - a.total || a.personId.localeCompare(b.personId));
  const cells = rows.flatMap((r) =>
    columns.map((column) => ({
      personId: r.personId,
      name: r.name,
      column,
      claims: count.get(`${r.personId}\u0000${column}`) ?? 0,
    })),
  );
  return {
    by: input.by,
    columns,
    rows,
    cells,
    max: Math.max(0, ...cells.map((c) => c.claims)),
    from: first.toISODate() ?? '',
    to: today.toISODate() ?? '',
  };
}
