import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../../kernel/calendar.ts';
import type { LeadEvent, LeadEventData } from '../../../kernel/events.ts';
import { DEFAULT_KBI_RULES } from './kbi-rules.ts';
import { findOpportunities, kbiDayFinder, kbiDayOf, kbiDays, workingDaysFrom } from './kbi.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const ev = (iso: string, leadId: number, actorId: string | null, data: LeadEventData): LeadEvent => ({
  at: at(iso),
  leadId,
  actorId,
  ...data,
});
const claim = (iso: string, lead: number, by = 'li') =>
  ev(iso, lead, by, { type: 'lead.claimed', by, via: 'offer' });
const touch = (iso: string, lead: number, by = 'li') =>
  ev(iso, lead, by, { type: 'lead.touched', by, kind: 'call', note: '' });
const evidence = (iso: string, lead: number, requirement: string, by: string | null = 'li') =>
  ev(iso, lead, by, {
    type: 'deal.evidence_added',
    dealId: lead,
    stage: 'quote',
    requirement,
    evidenceId: 1,
  });

// Week of Mon 2026-11-16 … Mon 2026-11-23 (Asia/Shanghai), evaluation at 18:00.
const events: LeadEvent[] = [
  claim('2026-11-16T09:00', 1),
  touch('2026-11-16T15:00', 1), // met Mon 16
  claim('2026-11-16T10:00', 2), // never touched: due Tue 10:00 → missed on Tue 17
  claim('2026-11-16T20:00', 6), // due Tue 20:00 (after Tue's 18:00) → counts on Wed 18
  touch('2026-11-18T09:00', 6), // late: still a miss, on Wed 18
  ev('2026-11-17T10:00', 7, 'li', {
    type: 'deal.kp_added',
    dealId: 7,
    name: '张',
    title: '院长',
    influence: 5,
    concern: '',
  }),
  evidence('2026-11-17T11:00', 7, 'sitePhoto'), // not a proposal
  evidence('2026-11-18T11:00', 7, 'quote'), // proposal within 48 h → met on Wed 18
  claim('2026-11-19T09:00', 8),
  touch('2026-11-19T09:30', 8, 'wang'), // someone else's touch does not count for li …
  touch('2026-11-19T09:40', 8), // … li's does: met Thu 19
  ev('2026-11-19T10:00', 8, null, {
    type: 'deal.risk',
    dealId: 8,
    signal: 'price',
    phrase: '太贵',
    excerpt: '',
  }), // system-detected: the lead's owner li; due Tue 24 10:00 → open
  claim('2026-11-20T17:00', 3), // Friday 17:00 + 24 working hours = Monday 17:00
  touch('2026-11-23T16:00', 3), // met on Mon 23
  claim('2026-11-20T19:00', 4),
  touch('2026-11-21T10:00', 4), // Saturday: counts on Mon 23
  claim('2026-11-23T12:00', 5), // due Tue 24 12:00 → open at Mon 18:00
];
const until = at('2026-11-23T18:00');
const input = { rules: DEFAULT_KBI_RULES, events, repIds: ['li'], until, zone, calendar: DEFAULT_CALENDAR };

describe('KBI opportunities', () => {
  const opps = findOpportunities(input);
  const show = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('ccc dd HH:mm');

  it.each([
    // kbi, lead, status, day it counts on, deadline
    ['firstTouch', 1, 'met', '2026-11-16', 'Tue 17 09:00'],
    ['firstTouch', 2, 'missed', '2026-11-17', 'Tue 17 10:00'],
    ['firstTouch', 6, 'missed', '2026-11-18', 'Tue 17 20:00'],
    ['proposalAfterKp', 7, 'met', '2026-11-18', 'Thu 19 10:00'],
    ['firstTouch', 8, 'met', '2026-11-19', 'Fri 20 09:00'],
    ['evidenceAfterObjection', 8, 'open', null, 'Tue 24 10:00'],
    ['firstTouch', 3, 'met', '2026-11-23', 'Mon 23 17:00'],
    ['firstTouch', 4, 'met', '2026-11-23', 'Mon 23 19:00'],
    ['firstTouch', 5, 'open', null, 'Tue 24 12:00'],
  ])('%s on lead %d is %s (counts on %s, due %s)', (kbiId, lead, status, day, deadline) => {
    const o = opps.find((x) => x.kbiId === kbiId && x.leadId === lead);
    expect(o).toMatchObject({ repId: 'li', status, day });
    expect(show(o?.deadline ?? 0)).toBe(deadline);
  });

  it('ends a to-do when the lead leaves the rep undone, and counts a lead taken back as missed then', () => {
    const from = (iso: string, lead: number, type: 'lead.released' | 'lead.passed', by = 'li') =>
      ev(iso, lead, by, type === 'lead.released' ? { type, by, note: '' } : { type, by });
    const leaving: LeadEvent[] = [
      claim('2026-11-16T09:00', 21),
      from('2026-11-16T15:00', 21, 'lead.released'),
      claim('2026-11-16T09:30', 22),
      claim('2026-11-16T16:00', 22, 'zhang'),
      claim('2026-11-16T10:00', 23),
      ev('2026-11-16T20:00', 23, null, {
        type: 'lead.reverted',
        from: 'li',
        dueAt: at('2026-11-16T20:00'),
        reason: 'NO_FOLLOW_UP',
      }),
    ];
    const found = findOpportunities({ ...input, events: leaving, until: at('2026-11-16T21:00') });
    const of = (lead: number) => found.find((o) => o.leadId === lead && o.kbiId === 'firstTouch');
    expect(of(21)).toMatchObject({ status: 'ended', day: null });
    expect(of(22)).toMatchObject({ status: 'ended', day: null });
    // Taken back at 20:00, after the 18:00 evaluation: it counts on the next working day.
    expect(of(23)).toMatchObject({ status: 'missed', day: '2026-11-17' });
    // Only what the rep still holds is a to-do.
    expect(found.filter((o) => o.repId === 'li' && o.status === 'open')).toEqual([]);
  });

  it('opens nothing for people who are not reps, and nothing twice', () => {
    expect(opps).toHaveLength(9);
    expect(findOpportunities({ ...input, repIds: ['wang'] })).toEqual([]);
  });

  it.each([
    ['2026-11-20T18:00', '2026-11-20'], // at the evaluation: still Friday
    ['2026-11-20T18:01', '2026-11-23'], // after it: Monday
    ['2026-11-22T12:00', '2026-11-23'], // Sunday
    ['2026-11-23T07:00', '2026-11-23'],
  ])('a moment at %s counts on %s', (moment, day) => {
    expect(kbiDayOf(at(moment), '18:00', zone, DEFAULT_CALENDAR)).toBe(day);
  });
});

describe('the working day a moment counts on, remembered', () => {
  // A holiday, a worked Saturday, and the autumn and spring clock changes of two zones.
  const cal = { weekend: [6, 7], holidays: ['2026-10-26', '2027-03-29'], workdays: ['2026-10-31'] };
  it.each([
    ['Asia/Shanghai', '18:00'],
    ['Europe/London', '00:30'],
    ['America/New_York', '01:30'],
    ['America/New_York', '23:59'],
  ])('is the day kbiDayOf gives, in %s evaluating at %s', (z, evaluateAt) => {
    const dayOf = kbiDayFinder(evaluateAt, z, cal);
    const start = DateTime.fromISO('2026-10-20', { zone: z }).toMillis();
    const moments: number[] = [];
    for (let t = start; t < start + 170 * 86_400_000; t += 187 * 60_000) moments.push(t);
    // Every evaluation moment and the minute either side of it too.
    for (let d = 0; d < 170; d++) {
      const [h, m] = evaluateAt.split(':').map(Number);
      const e = DateTime.fromMillis(start, { zone: z })
        .plus({ days: d })
        .set({ hour: h ?? 0, minute: m ?? 0 })
        .toMillis();
      moments.push(e - 60_000, e - 1, e, e + 1, e + 60_000);
    }
    const shuffled = moments.map((t, i) => moments[(i * 7_919) % moments.length] ?? t);
    for (const t of [...moments, ...shuffled]) expect(dayOf(t)).toBe(kbiDayOf(t, evaluateAt, z, cal));
    // Latest first, on a fresh finder: each span is known before the one ending where it starts.
    const backwards = kbiDayFinder(evaluateAt, z, cal);
    for (const t of moments.sort((x, y) => y - x)) expect(backwards(t)).toBe(kbiDayOf(t, evaluateAt, z, cal));
  });
});

describe('KBI days', () => {
  const days = workingDaysFrom('2026-11-16', '2026-11-23', zone, DEFAULT_CALENDAR);
  const rows = kbiDays(DEFAULT_KBI_RULES, findOpportunities(input), ['li'], days);

  it('has a row for each working day only (no weekend)', () => {
    expect(rows.map((r) => r.day)).toEqual([
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-23',
    ]);
  });

  it.each([
    // day, due, met, rate (hand-counted from the table above)
    ['2026-11-16', 1, 1, 1], // lead 1
    ['2026-11-17', 1, 0, 0], // lead 2 missed
    ['2026-11-18', 2, 1, 0.5], // lead 6 missed, deal 7 proposal met
    ['2026-11-19', 1, 1, 1], // lead 8
    ['2026-11-20', 0, 0, null], // nothing due: no rate, not a bad day
    ['2026-11-23', 2, 2, 1], // leads 3 and 4
  ])('%s: %d due, %d met, rate %s', (day, due, met, rate) => {
    expect(rows.find((r) => r.day === day)).toMatchObject({ due, met, rate });
  });

  it('lists each miss with its lead, trigger time and deadline', () => {
    const wed = rows.find((r) => r.day === '2026-11-18');
    expect(wed?.byKbi).toEqual({
      firstTouch: { due: 1, met: 0, missed: 1 },
      proposalAfterKp: { due: 1, met: 1, missed: 0 },
      evidenceAfterObjection: { due: 0, met: 0, missed: 0 },
    });
    expect(wed?.misses).toEqual([
      {
        code: 'KBI_MISSED',
        kbiId: 'firstTouch',
        leadId: 6,
        dealId: null,
        triggerAt: at('2026-11-16T20:00'),
        deadline: at('2026-11-17T20:00'),
        lateAt: at('2026-11-18T09:00'),
      },
    ]);
  });
});

// Issue 23: the daily job reads every rep's weeks at once. 200 leads of 5 reps, their events interleaved in
// time; each lead's fate by construction: touched by its rep (met), touched by someone else only (missed),
// released by its rep before the deadline (ended), or left alone (missed).
describe('KBI for many reps at once', () => {
  const reps = ['r1', 'r2', 'r3', 'r4', 'r5'];
  const fates = ['met', 'missed', 'ended', 'missed'] as const;
  const log: LeadEvent[] = [];
  for (let lead = 1; lead <= 200; lead++) {
    const rep = reps[lead % reps.length] ?? 'r1';
    const claimed = at('2026-11-16T09:00') + lead * 60_000; // Mon 09:01 … 12:20, a minute apart
    log.push({ ...claim('2026-11-16T09:00', lead, rep), at: claimed });
    const later = claimed + 4 * 3_600_000; // after every other claim: the leads' events interleave
    const fate = lead % 4;
    if (fate === 0) log.push({ ...touch('2026-11-16T09:00', lead, rep), at: later });
    if (fate === 1) log.push({ ...touch('2026-11-16T09:00', lead, 'wang'), at: later });
    if (fate === 2)
      log.push({
        ...ev('2026-11-16T09:00', lead, rep, { type: 'lead.released', by: rep, note: '' }),
        at: later,
      });
  }
  const many = { ...input, events: log, repIds: reps, until: at('2026-11-18T18:00') };
  const all = findOpportunities(many);
  const days = workingDaysFrom('2026-11-16', '2026-11-18', zone, DEFAULT_CALENDAR);

  it('settles each lead by its own events, however the leads’ events interleave', () => {
    expect(all).toHaveLength(200);
    for (const o of all) expect(o.status).toBe(fates[(o.leadId ?? 0) % 4]);
    expect(all.filter((o) => o.status === 'met').map((o) => o.day)).toEqual(Array(50).fill('2026-11-16'));
    expect(all.filter((o) => o.status === 'missed').every((o) => o.day === '2026-11-17')).toBe(true);
  });

  it('gives each rep what they get read alone, in the same order', () => {
    for (const rep of reps)
      expect(all.filter((o) => o.repId === rep)).toEqual(findOpportunities({ ...many, repIds: [rep] }));
  });

  it('tallies each rep’s days as for that rep alone, and as counted one by one', () => {
    const rows = kbiDays(DEFAULT_KBI_RULES, all, reps, days);
    expect(rows).toEqual(reps.flatMap((rep) => kbiDays(DEFAULT_KBI_RULES, all, [rep], days)));
    for (const r of rows) {
      const settled = all.filter((o) => o.repId === r.repId && o.day === r.day);
      expect([r.due, r.met]).toEqual([settled.length, settled.filter((o) => o.status === 'met').length]);
      expect(r.misses.map((m) => m.leadId)).toEqual(
        settled.filter((o) => o.status === 'missed').map((o) => o.leadId),
      );
    }
    expect(rows.find((r) => r.repId === 'r1' && r.day === '2026-11-17')).toMatchObject({ due: 20, met: 0 });
  });
});
