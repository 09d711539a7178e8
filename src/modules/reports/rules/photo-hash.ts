// Reused photos: a 64-bit perceptual hash (DCT pHash, made in src/media) per photo, compared by Hamming
// distance against every photo the team sent in the lookback window. Hashes travel as 16 hex digits and
// are searched as two 32-bit halves in typed arrays, so 100 000 comparisons are a tight loop with no BigInt.

/** A stored photo as the scorer needs it. `hash` is 16 hex digits. */
export interface PhotoRecord {
  photoId: string;
  reportId: string;
  repId: string;
  customerId: string | null;
  /** When the rep sent it (epoch ms). */
  sentAt: number;
  hash: string;
  /** Set when the photo is a deal's evidence (then `photoId` is `e<evidence id>` and `reportId` empty). */
  dealId?: string;
}

export interface PhotoIndex {
  readonly size: number;
  readonly hi: Uint32Array;
  readonly lo: Uint32Array;
  readonly sentAt: Float64Array;
  readonly records: readonly PhotoRecord[];
}

export interface PhotoMatch {
  record: PhotoRecord;
  distance: number;
}

const HEX16 = /^[0-9a-f]{16}$/i;

export function isPhotoHash(hash: string): boolean {
  return HEX16.test(hash);
}

/** The two 32-bit halves of a 16-hex-digit hash; throws on anything else (a broken invariant upstream). */
export function hashHalves(hash: string): [number, number] {
  if (!HEX16.test(hash)) throw new Error(`not a 64-bit photo hash: ${hash}`);
  return [Number.parseInt(hash.slice(0, 8), 16) >>> 0, Number.parseInt(hash.slice(8), 16) >>> 0];
}

/** Set bits in a 32-bit integer (SWAR popcount). */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function hammingDistance(a: string, b: string): number {
  const [ah, al] = hashHalves(a);
  const [bh, bl] = hashHalves(b);
  return popcount32((ah ^ bh) >>> 0) + popcount32((al ^ bl) >>> 0);
}

/**
 * The records whose hash is within `maxDistance` of `hash` (the only ones a reuse check can match), in their
 * order; malformed hashes are left out. One pass with no regular expression per record: a filing sifts the
 * team's ~100 000 stored hashes with it before anything else is read about them.
 */
export function photosWithin<T extends { hash: string }>(
  records: readonly T[],
  hash: string,
  maxDistance: number,
): T[] {
  const [qh, ql] = hashHalves(hash);
  const out: T[] = [];
  for (const r of records) {
    const h = r.hash;
    if (h.length !== 16) continue;
    const hi = Number.parseInt(h.slice(0, 8), 16);
    if (Number.isNaN(hi)) continue;
    const dh = popcount32((hi ^ qh) >>> 0);
    if (dh > maxDistance) continue;
    const lo = Number.parseInt(h.slice(8), 16);
    // parseInt stops at the first non-hex digit: the few near ones get the exact check.
    if (Number.isNaN(lo) || dh + popcount32((lo ^ ql) >>> 0) > maxDistance || !HEX16.test(h)) continue;
    out.push(r);
  }
  return out;
}

/** Pack stored photos for searching, oldest first; records with a malformed hash are left out. */
export function buildPhotoIndex(records: readonly PhotoRecord[]): PhotoIndex {
  const kept = records.filter((r) => isPhotoHash(r.hash)).sort((a, b) => a.sentAt - b.sentAt);
  const hi = new Uint32Array(kept.length);
  const lo = new Uint32Array(kept.length);
  const sentAt = new Float64Array(kept.length);
  kept.forEach((r, i) => {
    hi[i] = Number.parseInt(r.hash.slice(0, 8), 16) >>> 0;
    lo[i] = Number.parseInt(r.hash.slice(8), 16) >>> 0;
    sentAt[i] = r.sentAt;
  });
  return { size: kept.length, hi, lo, sentAt, records: kept };
}

export interface NearestQuery {
  hash: string;
  /** Only photos sent at or after this moment count. */
  since: number;
  /** Photos of this report are not compared with it (the same upload stored twice is no reuse). */
  excludeReportId?: string;
  maxDistance: number;
}

/** The first position whose photo was sent at or after `since` (the index is sorted by sentAt). */
function firstSince(sentAt: Float64Array, since: number): number {
  let lo = 0;
  let hi = sentAt.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sentAt[mid]! < since) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The closest stored photo within `maxDistance`, ties to the most recent one; null when none is that close.
 * One pass over the photos sent since `q.since`.
 */
export function nearestPhoto(index: PhotoIndex, q: NearestQuery): PhotoMatch | null {
  const [qh, ql] = hashHalves(q.hash);
  const { hi, lo } = index;
  let best = -1;
  let bestDistance = q.maxDistance;
  for (let i = firstSince(index.sentAt, q.since); i < index.size; i++) {
    // Most stored photos are already too far on the first half: skip the second for them.
    const dh = popcount32((hi[i]! ^ qh) >>> 0);
    if (dh > bestDistance) continue;
    const d = dh + popcount32((lo[i]! ^ ql) >>> 0);
    // Oldest first, so an equally close photo met later is the more recent one.
    if (d > bestDistance) continue;
    if (q.excludeReportId !== undefined && index.records[i]!.reportId === q.excludeReportId) continue;
    best = i;
    bestDistance = d;
  }
  return best < 0 ? null : { record: index.records[best]!, distance: bestDistance };
}
