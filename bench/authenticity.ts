// The authenticity part of `npm run bench` (F29): score one daily report with a photo against 100 000 stored
// photo hashes, and what reading one uploaded photo costs (sniff + pHash + EXIF). No database: the index is
// built in memory from the stored hashes, as the report flow will build it from the team's recent photos.
import { loadavg } from 'node:os';
import sharp from 'sharp';
import {
  scoreReport,
  type CustomerFacts,
  type DailyReport,
} from '../src/modules/reports/rules/authenticity.ts';
import { toWgs84 } from '../src/kernel/geo.ts';
import { buildPhotoIndex, type PhotoRecord } from '../src/modules/reports/rules/photo-hash.ts';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import { analysePhoto } from '../src/media/photo.ts';
import { BENCH_EPOCH, DAY, MINUTE, round } from './common.ts';

export interface AuthenticityBenchOptions {
  storedHashes: number;
  warmup: number;
  runs: number;
  photoRuns: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export interface AuthenticityBench {
  storedHashes: number;
  inLookback: number;
  runs: number;
  photoRuns: number;
  indexBuildMs: number;
  score: Percentiles;
  /** CPU time of the process during each call: what the code costs, without the waits for a core. */
  scoreCpu: Percentiles;
  photo: Percentiles;
  photoBytes: number;
  photoSize: string;
  /** The benched report's result, to show it really did the work (it must find the planted reuse). */
  flags: string[];
  /** The machine's 1-minute load average when the timing ended: the p99 follows it on 2 shared cores. */
  loadAverage: number;
}

export const SCORE_P99_AIM_MS = 5;

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

export function authenticityOptions(): AuthenticityBenchOptions {
  return {
    storedHashes: envInt('BENCH_AUTH_HASHES', 100_000),
    warmup: envInt('BENCH_AUTH_WARMUP', 200),
    runs: envInt('BENCH_AUTH_RUNS', 2_000),
    photoRuns: envInt('BENCH_AUTH_PHOTO_RUNS', 50),
  };
}

/** Nearest-rank percentiles. */
function percentiles(xs: readonly number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/** A deterministic stream of 32-bit values (xorshift32), so every run stores the same hashes. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

/** A 1600×1200 photo-like JPEG (sky, wall, door, sign, texture) with camera time and GPS, as a phone sends it. */
async function phonePhoto(): Promise<Buffer> {
  const w = 1600;
  const h = 1200;
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const t = 12 * Math.sin(x / 9) * Math.cos(y / 13);
      let rgb = [120 + y / 12 + t, 160 + y / 20 + t, 230 - y / 10 + t];
      if (y > 450) rgb = [150 + t, 110 + t, 80 + t];
      if (y > 650 && x > 650 && x < 950) rgb = [40, 35, 30];
      if (y > 500 && y < 600 && x > 300 && x < 1300) rgb = [230, 40, 40];
      for (let c = 0; c < 3; c++) px[i + c] = Math.max(0, Math.min(255, rgb[c]!));
    }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 88 })
    .withExif({
      IFD2: { DateTimeOriginal: '2026:11:23 10:05:30', OffsetTimeOriginal: '+08:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 13/1 4404/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 28/1 1/1',
      },
    })
    .toBuffer();
}

export async function benchAuthenticity(
  opts: AuthenticityBenchOptions,
  log: (msg: string) => void = () => {},
): Promise<AuthenticityBench> {
  const now = BENCH_EPOCH + 8 * 60 * MINUTE; // 18:00 Beijing time on the bench's Monday
  const lookbackDays = DEFAULT_RULES.authenticity.photo.lookbackDays;

  // Read one uploaded photo, many times: sniff + pHash + EXIF.
  const photo = await phonePhoto();
  const photoTimes: number[] = [];
  let analysed = await analysePhoto(photo, 'Asia/Shanghai');
  for (let i = 0; i < opts.photoRuns; i++) {
    const t0 = performance.now();
    analysed = await analysePhoto(photo, 'Asia/Shanghai');
    photoTimes.push(performance.now() - t0);
  }
  if (analysed.kind !== 'photo') throw new Error('the bench photo was not read as a photo');
  log(`  photo read (sniff + pHash + EXIF): p99 ${round(percentiles(photoTimes).p99, 1)} ms`);

  // 100 000 stored hashes sent over the last 45 days by 50 reps; one of them is this photo, 12 days ago.
  const next = xorshift(20261123);
  const records: PhotoRecord[] = [];
  for (let i = 0; i < opts.storedHashes; i++) {
    const hash = next().toString(16).padStart(8, '0') + next().toString(16).padStart(8, '0');
    records.push({
      photoId: `p${i}`,
      reportId: `r${Math.floor(i / 3)}`,
      repId: `rep-${String((i % 50) + 1).padStart(3, '0')}`,
      customerId: `c${i % 5_000}`,
      sentAt: now - ((i * 45 * DAY) / opts.storedHashes + MINUTE),
      hash,
    });
  }
  records[Math.floor(opts.storedHashes / 2)] = {
    ...records[Math.floor(opts.storedHashes / 2)]!,
    sentAt: now - 12 * DAY,
    hash: analysed.hash,
  };
  const t0 = performance.now();
  const photos = buildPhotoIndex(records);
  const indexBuildMs = performance.now() - t0;
  const inLookback = records.filter((r) => r.sentAt >= now - lookbackDays * DAY).length;

  const place = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' as const };
  const customers = new Map<string, CustomerFacts>(
    ['c-a', 'c-b', 'c-c'].map((id, i) => [
      id,
      {
        id,
        name: `客户${i}`,
        industry: '便利店',
        place: { ...place, lat: place.lat + i * 0.01 },
        leads: 1,
        deals: 0,
      },
    ]),
  );
  const report: DailyReport = {
    id: 'bench-report',
    repId: 'rep-001',
    date: '2026-11-23',
    submittedAt: now,
    summary: '',
    visits: ['c-a', 'c-b', 'c-c'].map((customerId, i) => ({
      id: `v${i}`,
      customerId,
      claimedAt: now - (8 - 2 * i) * 60 * MINUTE,
      loggedAt: now - (7.5 - 2 * i) * 60 * MINUTE,
      checkIn: toWgs84(customers.get(customerId)!.place!),
      photo: i === 0 ? { photoId: 'new', hash: analysed.hash, exif: analysed.exif } : null,
      summary: '和店长确认了货架陈列和补货周期',
    })),
  };
  const context = { timezone: 'Asia/Shanghai', customers, photos };

  let result = scoreReport(report, context, DEFAULT_RULES, now);
  for (let i = 0; i < opts.warmup; i++) result = scoreReport(report, context, DEFAULT_RULES, now);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const c = process.cpuUsage();
    const s = performance.now();
    result = scoreReport(report, context, DEFAULT_RULES, now);
    times.push(performance.now() - s);
    const used = process.cpuUsage(c);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const flags = result.flags.map((f) => f.kind);
  if (!flags.includes('PHOTO_REUSED'))
    throw new Error(`the planted reuse was not found: ${flags.join(', ')}`);
  const score = percentiles(times);
  log(
    `  score against ${opts.storedHashes} hashes: p50 ${round(score.p50, 2)} ms, p99 ${round(score.p99, 2)} ms`,
  );

  return {
    storedHashes: opts.storedHashes,
    inLookback,
    runs: opts.runs,
    photoRuns: opts.photoRuns,
    indexBuildMs,
    score,
    scoreCpu: percentiles(cpuTimes),
    photo: percentiles(photoTimes),
    photoBytes: photo.byteLength,
    photoSize: `${analysed.width}×${analysed.height}`,
    flags,
    loadAverage: loadavg()[0] ?? NaN,
  };
}

// Figures, aims, table rows and details, shared by run.ts and authenticity-run.ts.

export function authenticityFigures(b: AuthenticityBench) {
  return {
    authenticity_score_100k_p50_ms: round(b.score.p50, 3),
    authenticity_score_100k_p99_ms: round(b.score.p99, 3),
    authenticity_score_100k_cpu_p99_ms: round(b.scoreCpu.p99, 3),
    authenticity_index_build_100k_ms: round(b.indexBuildMs, 1),
    authenticity_photo_read_p99_ms: round(b.photo.p99, 1),
  };
}

export function authenticityAims(b: AuthenticityBench) {
  return {
    authenticity_score_100k_p99_ms: { aim: `<= ${SCORE_P99_AIM_MS}`, met: b.score.p99 <= SCORE_P99_AIM_MS },
  };
}

export function authenticityTable(b: AuthenticityBench): Record<string, { value: number; note: string }> {
  const f = authenticityFigures(b);
  const met = authenticityAims(b).authenticity_score_100k_p99_ms.met;
  return {
    authenticity_score_100k_p50_ms: {
      value: f.authenticity_score_100k_p50_ms,
      note: `scoreReport, 3 visits + 1 photo, ${b.storedHashes} stored hashes (${b.inLookback} in lookback), ${b.runs} runs`,
    },
    authenticity_score_100k_p99_ms: {
      value: f.authenticity_score_100k_p99_ms,
      note: `aim <= ${SCORE_P99_AIM_MS}: ${met ? 'met' : 'NOT met'}`,
    },
    authenticity_score_100k_cpu_p99_ms: {
      value: f.authenticity_score_100k_cpu_p99_ms,
      note: 'process CPU time per call (no waiting for a core; includes GC threads)',
    },
    authenticity_index_build_100k_ms: {
      value: f.authenticity_index_build_100k_ms,
      note: `buildPhotoIndex over ${b.storedHashes} hashes (once per load)`,
    },
    authenticity_photo_read_p99_ms: {
      value: f.authenticity_photo_read_p99_ms,
      note: `analysePhoto (sniff + pHash + EXIF), ${b.photoSize} JPEG, ${b.photoRuns} runs`,
    },
  };
}

export function authenticityDetails(b: AuthenticityBench) {
  const ms = (p: Percentiles, d: number) => ({
    p50: round(p.p50, d),
    p99: round(p.p99, d),
    max: round(p.max, d),
    mean: round(p.mean, d),
  });
  return {
    stored_hashes: b.storedHashes,
    in_lookback: b.inLookback,
    runs: b.runs,
    score_ms: ms(b.score, 3),
    score_cpu_ms: ms(b.scoreCpu, 3),
    photo_runs: b.photoRuns,
    photo_read_ms: ms(b.photo, 1),
    photo_bytes: b.photoBytes,
    photo_size: b.photoSize,
    flags: b.flags,
    load_average_1m: round(b.loadAverage, 2),
  };
}
