// The demo's daily-report history (F28–F29): a month of working days, independent of the leads' four-day
// span, a few fake ones flagged.
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import { dailyReportTable } from '../src/modules/reports/use-cases/daily-table.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { testEnv, type TestEnv } from './helpers.ts';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('demo daily reports', () => {
  it('files a month of reports on working days before today, every third one fake; the fakes are flagged', async () => {
    // Monday 14:00 in Shanghai: the leads' four days reach back to Thursday, the reports a month, to Mon 26 Oct.
    env = testEnv({ start: '2026-11-23T06:00:00Z' });
    const r = await seedDemo(env.deps);
    if (r.kind !== 'seeded') throw new Error('expected a seeded demo');
    expect(r.activity.reports).toBeGreaterThan(0);
    expect(r.activity.fakeReports).toBeGreaterThan(0);
    const dates: string[] = [];
    for (let d = DateTime.fromISO('2026-10-20'); d < DateTime.fromISO('2026-11-24'); d = d.plus({ days: 1 }))
      dates.push(d.toFormat('yyyy-MM-dd'));
    const tables = await Promise.all(dates.map((date) => dailyReportTable(env!.deps, { date })));
    const filed = tables.flatMap((t) => t.rows.filter((row) => row.status !== 'missing'));
    expect(filed.length).toBe(r.activity.reports);
    const days = tables.filter((t) => t.filed > 0).map((t) => t.date);
    // At least twenty working days (Mon 26 Oct – Fri 20 Nov), none on a weekend, none today.
    expect(days.length).toBeGreaterThanOrEqual(20);
    for (const date of days) expect([6, 7]).not.toContain(DateTime.fromISO(date).weekday);
    expect(days).not.toContain('2026-11-23');
    expect(days[0]).toBe('2026-10-26');
    // Days before the leads' span have reports too (the regular customers).
    expect(days.filter((d) => d < '2026-11-19').length).toBeGreaterThanOrEqual(18);
    const low = filed.filter((row) => (row.score ?? 100) < 100);
    expect(low.length).toBeGreaterThan(2);
    expect(low.length).toBeLessThanOrEqual(r.activity.fakeReports + 1);
    expect(r.activity.fakeReports).toBeLessThan(r.activity.reports / 2);
    // The fakes are caught by what they fake: late typing, another industry's words, a far check-in.
    const flags = new Set(low.flatMap((row) => row.flags));
    expect(flags).toContain('LATE_REPORT');
    expect(flags).toContain('INDUSTRY_MISMATCH');
    expect(flags).toContain('CHECKIN_FAR');
  });
});
