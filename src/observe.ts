// What the process observes for /metrics (issue 22, item 18) where no app is at hand: the messengers' HTTP
// clients count the platform errors they map, the scheduler notes how late its minute sweep ran. Process-wide
// on purpose: every app instance's /metrics (src/http/metrics.ts) reads the same tallies at scrape time.

/** Distinct platform/code pairs kept; beyond, codes are counted as `other` so a metric's labels stay bounded. */
const MAX_ERROR_KEYS = 500;

const platformErrors = new Map<string, { platform: string; code: string; count: number }>();

/** One failed call to a platform's API, by the platform's own code (errcode, `invalid_auth`, `http_503`, `network`). */
export function countPlatformError(platform: string, code: string | number): void {
  let label = String(code).slice(0, 64) || 'unknown';
  if (!platformErrors.has(`${platform}\u0000${label}`) && platformErrors.size >= MAX_ERROR_KEYS)
    label = 'other';
  const key = `${platform}\u0000${label}`;
  const entry = platformErrors.get(key) ?? { platform, code: label, count: 0 };
  entry.count++;
  platformErrors.set(key, entry);
}

export function platformErrorCounts(): ReadonlyArray<{ platform: string; code: string; count: number }> {
  return [...platformErrors.values()];
}

let lastSweep: { dueAt: number; startedAt: number } | null = null;

/** The minute sweep started at `startedAt` (ms) for the tick due at `dueAt`. */
export function recordSweepStart(dueAt: number, startedAt: number): void {
  lastSweep = { dueAt, startedAt };
}

/** The last sweep's start and due time, or null before the first scheduled one. */
export function lastSweepTimes(): { dueAt: number; startedAt: number } | null {
  return lastSweep;
}
