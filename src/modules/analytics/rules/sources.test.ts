// F7 channel ROI (issue 24 item 1): activation within the window (a lead still inside it and not yet followed
// up is not judged), conversion to won deals, and cost only where it covers the report's period.
import { describe, expect, it } from 'vitest';
import { sourceReport, type SourceArrival } from './sources.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30);
const rules = {
  activationDays: 7,
  campaignCosts: { EXPO: 50_000, SEM: { '2026-11': 12_000 }, FREE: 0 },
};
const arrival = (leadId: number, daysAgo: number, source: string, campaign: string): SourceArrival => ({
  leadId,
  at: NOW - daysAgo * DAY,
  source,
  campaign,
});

describe('sourceReport', () => {
  const arrivals = [
    arrival(1, 20, 'expo', 'EXPO'),
    arrival(2, 20, 'expo', 'EXPO'),
    arrival(3, 20, 'expo', 'EXPO'),
    arrival(4, 2, 'expo', 'EXPO'), // inside its window, not yet followed up: not judged
    arrival(5, 10, 'web', 'SEM'),
    arrival(6, 10, 'web', 'FREE'),
  ];
  const firstTouch = new Map([
    [1, NOW - 19 * DAY], // a day after arrival: activated
    [2, NOW - 5 * DAY], // 15 days after: too late
    [5, NOW - 9 * DAY],
  ]);
  const won = new Map([
    [1, 200_000],
    [5, 30_000],
  ]);

  it('counts activation among judged leads, conversion among all, and ROI over all time', () => {
    const r = sourceReport({ month: null, arrivals, firstTouch, won, now: NOW }, rules);
    const expo = r.rows.find((x) => x.campaign === 'EXPO');
    expect(expo).toMatchObject({
      leads: 4,
      judged: 3,
      activated: 1,
      activationPct: 33.3,
      wonDeals: 1,
      conversionPct: 25,
      wonAmount: 200_000,
      cost: 50_000,
      costPerLead: 12_500,
      roiPct: 300,
      costNote: null,
    });
    // Costs by month add up over all time; a cost of 0 has no ROI.
    expect(r.rows.find((x) => x.campaign === 'SEM')).toMatchObject({ cost: 12_000, roiPct: 150 });
    expect(r.rows.find((x) => x.campaign === 'FREE')).toMatchObject({
      cost: 0,
      costPerLead: 0,
      roiPct: null,
    });
    expect(r.total).toMatchObject({ leads: 6, judged: 5, activated: 2, wonDeals: 2, wonAmount: 230_000 });
    expect(r.rows[0]?.campaign).toBe('EXPO'); // most leads first
  });

  it("sets a month's cost against that month only, and never a whole campaign's cost against one month", () => {
    const nov = sourceReport({ month: '2026-11', arrivals, firstTouch, won, now: NOW }, rules);
    expect(nov.rows.find((x) => x.campaign === 'EXPO')).toMatchObject({
      cost: null,
      roiPct: null,
      costNote: 'WHOLE_CAMPAIGN',
    });
    expect(nov.rows.find((x) => x.campaign === 'SEM')).toMatchObject({ cost: 12_000 });
    const dec = sourceReport({ month: '2026-12', arrivals, firstTouch, won, now: NOW }, rules);
    expect(dec.rows.find((x) => x.campaign === 'SEM')).toMatchObject({
      cost: null,
      costNote: 'OTHER_MONTHS',
    });
  });

  it('has no activation rate while no lead is judged yet, and a campaign without a cost shows none', () => {
    const r = sourceReport(
      {
        month: null,
        arrivals: [arrival(9, 1, 'web', 'NEW')],
        firstTouch: new Map(),
        won: new Map(),
        now: NOW,
      },
      rules,
    );
    expect(r.rows[0]).toMatchObject({ judged: 0, activationPct: null, cost: null, costNote: null });
  });
});
