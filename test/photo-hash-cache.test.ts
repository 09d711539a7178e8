// The reuse check's photo hashes are kept in memory once settled (sent over an hour ago) and only newer ones are
// read at each filing. On SQLite and PostgreSQL: what comes back is always exactly what the table holds for the
// window, the whole organisation's (a photo reused across teams is caught, issue 25 item 13) — photos sent since
// the last call, photos written later with an older time (another process, `leadline demo`), the window moving on,
// the clock going back — and a photo's
// report and customer are read fresh, since they are linked only when a report is filed.
import { describe, expect, it } from 'vitest';
import type { StoredPhoto, Store } from '../src/modules/ports.ts';
import { DATABASES, DAY, HOUR, useTestEnv } from './helpers.ts';

const NOW = Date.parse('2026-11-23T10:00:00Z');

function photo(repId: string, teamId: string | null, sentAt: number, n: number): Omit<StoredPhoto, 'id'> {
  return {
    repId,
    teamId,
    reportId: null,
    leadId: null,
    sha256: `sha-${n}`,
    hash: n.toString(16).padStart(16, '0'),
    exifTakenAt: null,
    exifPlace: null,
    sentAt,
  };
}

const add = (store: Store, p: Omit<StoredPhoto, 'id'>) => store.transaction((tx) => tx.reports.addPhoto(p));
const hashes = async (store: Store, since: number, now: number) =>
  (await store.transaction((tx) => tx.reports.photoHashesSince(since, now))).map((p) => p.hash).sort();
const hex = (n: number) => n.toString(16).padStart(16, '0');

describe.each(DATABASES)('the photo hashes of the reuse check on %s', (kind) => {
  const current = useTestEnv(kind);

  it('returns exactly the window’s photos of every team, however they were written', async () => {
    const env = current();
    const store = env.deps.store;
    const since = NOW - 30 * DAY;
    await add(store, photo('bob', 'east-1', NOW - 40 * DAY, 1)); // before the window
    await add(store, photo('bob', 'east-1', NOW - 10 * DAY, 2));
    await add(store, photo('carol', 'east-2', NOW - 10 * DAY, 3)); // another team: compared too
    await add(store, photo('alice', 'east-2', NOW - 9 * DAY, 4));
    await add(store, photo('bob', 'east-1', NOW - 10 * 60_000, 5)); // ten minutes ago: not settled yet
    expect(await hashes(store, since, NOW)).toEqual([hex(2), hex(3), hex(4), hex(5)]);

    // New photos, and one written later with an older time by another process: all seen.
    const other = await env.openAnother();
    try {
      await add(other, photo('bob', 'east-1', NOW + 60_000, 6));
      await add(other, photo('bob', 'east-1', NOW - 5 * DAY, 7));
    } finally {
      await other.close();
    }
    const all = [hex(2), hex(3), hex(4), hex(5), hex(6), hex(7)];
    expect(await hashes(store, since, NOW + 2 * 60_000)).toEqual(all);

    // Two hours on, the recent ones are settled and still there.
    expect(await hashes(store, since, NOW + 2 * HOUR)).toEqual(all);

    // The window moves on: photos 2 and 3 fall out; the clock going back brings them back.
    expect(await hashes(store, NOW - 9.5 * DAY, NOW + 21 * DAY)).toEqual([hex(4), hex(5), hex(6), hex(7)]);
    expect(await hashes(store, since, NOW)).toEqual(all);
  });

  it('reads a photo’s report and customer as they are now', async () => {
    const env = current();
    const store = env.deps.store;
    const id = await add(store, photo('bob', 'east-1', NOW - 3 * DAY, 9));
    expect(await store.transaction((tx) => tx.reports.photoLinks([id]))).toEqual(
      new Map([[id, { reportId: null, leadId: null }]]),
    );
    await store.transaction((tx) => tx.reports.setPhotoReport(id, 42, 7));
    expect(await store.transaction((tx) => tx.reports.photoLinks([id, id + 1000]))).toEqual(
      new Map([[id, { reportId: 42, leadId: 7 }]]),
    );
  });
});
