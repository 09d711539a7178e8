// The demo's daily-report history (F28–F29): reports over the demo's working days, a few fake ones flagged.
import { afterEach, describe, expect, it } from 'vitest';
import { dailyReportTable } from '../src/engine/daily-table.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('demo daily reports', () => {
  it('files reports on the working days before today, every third one fake; the fakes are flagged', async () => {
    // Monday 14:00 in Shanghai: the demo's four days reach back to Thursday (Thu, Fri are working days).
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    const r = await seedDemo(env.deps);
    if (r.kind !== 'seeded') throw new Error('expected a seeded demo');
    expect(r.activity.reports).toBeGreaterThan(0);
    expect(r.activity.fakeReports).toBeGreaterThan(0);
    const tables = [
      await dailyReportTable(env.deps, { date: '2026-11-19' }),
      await dailyReportTable(env.deps, { date: '2026-11-20' }),
    ];
    const filed = tables.flatMap((t) => t.rows.filter((row) => row.status !== 'missing'));
    expect(filed.length).toBe(r.activity.reports);
    // No reports on the weekend.
    expect((await dailyReportTable(env.deps, { date: '2026-11-21' })).filed).toBe(0);
    const low = filed.filter((row) => (row.score ?? 100) < 100);
    expect(low.length).toBeGreaterThan(0);
    expect(low.length).toBeLessThanOrEqual(r.activity.fakeReports + 1);
    // The first fake is a day typed in at 23:00.
    expect(low.flatMap((row) => row.flags)).toContain('LATE_REPORT');
  });
});
