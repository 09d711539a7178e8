import { describe, expect, it } from 'vitest';
import {
  buildPhotoIndex,
  hammingDistance,
  hashHalves,
  nearestPhoto,
  photosWithin,
  type PhotoRecord,
} from './photo-hash.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T02:00:00Z');

/** `hash` with its lowest `bits` bits flipped. */
function flip(hash: string, bits: number): string {
  let v = BigInt(`0x${hash}`);
  for (let i = 0; i < bits; i++) v ^= 1n << BigInt((i * 7) % 64);
  return v.toString(16).padStart(16, '0');
}

function record(photoId: string, hash: string, overrides: Partial<PhotoRecord> = {}): PhotoRecord {
  return {
    photoId,
    reportId: `r-${photoId}`,
    repId: 'bob',
    customerId: 'c1',
    sentAt: NOW - DAY,
    hash,
    ...overrides,
  };
}

const BASE = 'c3a5e1f00f1e5a3c';

describe('hammingDistance', () => {
  it.each([
    ['0000000000000000', '0000000000000000', 0],
    ['0000000000000000', 'ffffffffffffffff', 64],
    ['8000000000000001', '0000000000000000', 2],
    [BASE, flip(BASE, 5), 5],
  ])('%s vs %s differ in %i bits', (a, b, d) => {
    expect(hammingDistance(a, b)).toBe(d);
  });

  it('refuses anything but 16 hex digits', () => {
    expect(() => hashHalves('xyz')).toThrow(/not a 64-bit photo hash/);
    expect(hashHalves('ffffffff00000001')).toEqual([0xffffffff, 1]);
  });
});

describe('photosWithin', () => {
  it('keeps, in order, exactly the hashes within the distance, and leaves malformed ones out', () => {
    const hashes = [
      flip(BASE, 9), // one bit too far
      flip(BASE, 8), // just within
      BASE,
      'ffffffffffffffff',
      `${BASE.slice(0, 8)}zzzzzzzz`, // parseInt would read "0" from it
      'c3a5e1f0', // too short
      flip(BASE, 3).toUpperCase(),
    ].map((hash, i) => ({ id: i, hash }));
    expect(photosWithin(hashes, BASE, 8).map((r) => r.id)).toEqual([1, 2, 6]);
    expect(photosWithin(hashes, BASE, 0).map((r) => r.id)).toEqual([2]);
    // The same answer as comparing every well-formed hash one by one.
    const random = Array.from({ length: 2000 }, (_, i) => ({
      id: i,
      hash: flip(BASE, (i * 7919) % 23),
    }));
    expect(photosWithin(random, BASE, 8)).toEqual(random.filter((r) => hammingDistance(BASE, r.hash) <= 8));
  });
});

describe('nearestPhoto', () => {
  it.each([
    [8, 8, 8],
    [9, 8, null],
    [0, 0, 0],
  ])('a stored photo %i bits away with a limit of %i is found at distance %s', (bits, max, expected) => {
    const index = buildPhotoIndex([record('p1', flip(BASE, bits)), record('far', 'ffffffffffffffff')]);
    const match = nearestPhoto(index, { hash: BASE, since: 0, maxDistance: max });
    expect(match?.distance ?? null).toBe(expected);
  });

  it('leaves out photos sent before the lookback and photos of the same report', () => {
    const index = buildPhotoIndex([
      record('old', BASE, { sentAt: NOW - 31 * DAY }),
      record('mine', BASE, { reportId: 'today' }),
    ]);
    expect(
      nearestPhoto(index, { hash: BASE, since: NOW - 30 * DAY, maxDistance: 8, excludeReportId: 'today' }),
    ).toBeNull();
    expect(
      nearestPhoto(index, { hash: BASE, since: NOW - 32 * DAY, maxDistance: 8, excludeReportId: 'today' })
        ?.record.photoId,
    ).toBe('old');
  });

  it('prefers the closest photo, then the most recent one', () => {
    const index = buildPhotoIndex([
      record('a', flip(BASE, 3), { sentAt: NOW - 5 * DAY }),
      record('b', flip(BASE, 2), { sentAt: NOW - 9 * DAY }),
      record('c', flip(BASE, 2), { sentAt: NOW - 2 * DAY }),
    ]);
    expect(nearestPhoto(index, { hash: BASE, since: 0, maxDistance: 8 })).toMatchObject({
      distance: 2,
      record: { photoId: 'c' },
    });
  });

  it('skips stored records whose hash is malformed', () => {
    const index = buildPhotoIndex([record('bad', 'not-a-hash'), record('ok', BASE)]);
    expect(index.size).toBe(1);
    expect(index.records.map((r) => r.photoId)).toEqual(['ok']);
  });
});
