// The proof, end to end: from a synthetic event log through KBI days to warning tiers.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../kernel/calendar.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import { DEFAULT_KBI_RULES as rules } from './kbi-rules.ts';
import { findOpportunities, kbiDays, workingDaysFrom } from './kbi.ts';
import { evaluateWarning } from './warnings.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
let nextLead = 1;
/** On `claimDay` the rep claims 5 leads at 09:00–09:04; on `touchDay` 08:00 they touch only 2 of them. */
function fortyPercent(rep: string, claimDay: string, touchDay: string): LeadEvent[] {
  const out: LeadEvent[] = [];
  for (let i = 0; i < 5; i++) {
    const leadId = nextLead++;
    out.push({
      at: at(`${claimDay}T09:0${i}`),
      leadId,
      actorId: rep,
      type: 'lead.claimed',
      by: rep,
      via: 'offer',
    });
    if (i < 2)
      out.push({
        at: at(`${touchDay}T08:00`),
        leadId,
        actorId: rep,
        type: 'lead.touched',
        by: rep,
        kind: 'call',
        note: '',
      });
  }
  return out;
}

// ann: claims Mon–Wed, each batch due 24 h later → settled Tue, Wed, Thu at 2/5 = 40 %.
// bob: claims Wed, Thu, Fri; Friday's batch is due Monday 09:00 (the weekend does not count) → Thu, Fri, Mon.
const events = [
  ...fortyPercent('ann', '2026-11-16', '2026-11-17'),
  ...fortyPercent('ann', '2026-11-17', '2026-11-18'),
  ...fortyPercent('ann', '2026-11-18', '2026-11-19'),
  ...fortyPercent('bob', '2026-11-18', '2026-11-19'),
  ...fortyPercent('bob', '2026-11-19', '2026-11-20'),
  ...fortyPercent('bob', '2026-11-20', '2026-11-23'),
];
const until = at('2026-11-23T18:00');
const opportunities = findOpportunities({
  rules,
  events,
  repIds: ['ann', 'bob'],
  until,
  zone,
  calendar: DEFAULT_CALENDAR,
});
const days = workingDaysFrom('2026-11-16', '2026-11-23', zone, DEFAULT_CALENDAR);
const rows = kbiDays(rules, opportunities, ['ann', 'bob'], days);
const tier = (repId: string, day: string) =>
  evaluateWarning({ rules, rows, opportunities, repId, day, at: at(`${day}T18:00`) })?.tier ?? null;

describe('from the event log to warnings', () => {
  it.each([
    ['ann', '2026-11-16', null, null], // nothing settled yet
    ['ann', '2026-11-17', 0.4, 'green'], // day 1: under 80 %
    ['ann', '2026-11-18', 0.4, 'yellow'], // day 2: 2 days under 65 %
    ['ann', '2026-11-19', 0.4, 'red'], // day 3: 3 days under 50 %
    ['bob', '2026-11-19', 0.4, 'green'],
    ['bob', '2026-11-20', 0.4, 'yellow'],
    ['bob', '2026-11-23', 0.4, 'red'], // Thu, Fri, Mon: the weekend carries no day
  ])('%s on %s: rate %s → %s', (rep, day, rate, expected) => {
    expect(rows.find((r) => r.repId === rep && r.day === day)?.rate ?? null).toBe(rate);
    expect(tier(rep, day)).toBe(expected);
  });

  it("copies the run's 9 misses (3 a day) as the red warning's facts", () => {
    const w = evaluateWarning({ rules, rows, opportunities, repId: 'bob', day: '2026-11-23', at: until });
    expect(w?.deviations).toHaveLength(9);
    // Friday's batch: claimed Fri 09:02, due Mon 09:02
    expect(w?.deviations[6]).toMatchObject({
      kbiId: 'firstTouch',
      triggerAt: at('2026-11-20T09:02'),
      deadline: at('2026-11-23T09:02'),
    });
    expect(w?.reviewMinutes).toBe(15);
  });
});
