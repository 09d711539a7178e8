// The demo's leads: when they arrive and what they say, drawn from the demo data with a seeded PRNG.
import { DateTime } from 'luxon';
import { normalizeCompany } from '../modules/leads/rules/normalize.ts';
import type { LeadFields } from '../kernel/types.ts';
import {
  COMPETITOR_NOTES,
  DEMO_TEAMS,
  GIVEN_NAMES,
  INDUSTRIES,
  INDUSTRY_SPECS,
  OTHER_AREAS,
  SOURCES,
  SURNAMES,
  type Pick,
} from './demo-data.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * When leads arrive: mostly in working hours (08–21 local time), a few at night, sorted; the last few
 * within the last 90 minutes, so some offers are still open when someone opens the playground.
 */
export function arrivalTimes(p: Pick, n: number, start: number, end: number, timezone: string): number[] {
  const times: number[] = [];
  const span = end - start - 10 * MINUTE;
  while (times.length < n) {
    const at = start + Math.floor(p() * span);
    const hour = DateTime.fromMillis(at, { zone: timezone }).hour;
    if ((hour >= 8 && hour < 21) || p.chance(0.1)) times.push(at);
  }
  times.sort((a, b) => a - b);
  const fresh = Math.min(6, Math.floor(n / 20));
  for (let k = 0; k < fresh; k++) times[n - 1 - k] = end - p.int(5, 90) * MINUTE;
  return times.sort((a, b) => a - b);
}

/** A function making the fields of one realistic lead at a time; customers never repeat by accident. */
export function newLeadMaker(p: Pick): (at: number) => LeadFields {
  const companies = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  const unique = (seen: Set<string>, make: () => string): string => {
    for (;;) {
      const v = make();
      if (!seen.has(v)) {
        seen.add(v);
        return v;
      }
    }
  };
  const weighted = SOURCES.flatMap((s) => Array<typeof s>(s.weight).fill(s));

  return (at) => {
    const place = p.chance(0.88) ? p.one(DEMO_TEAMS) : p.one(OTHER_AREAS);
    const city = p.one(place.cities);
    const industry = p.one(INDUSTRIES);
    const spec = INDUSTRY_SPECS[industry];
    // Unique as the engine compares customers (brackets and suffixes ignored), or the lead would be merged.
    let company = spec.company(p, city);
    for (let tries = 0; companies.has(normalizeCompany(company)) && tries < 50; tries++)
      company = spec.company(p, city);
    const base = company;
    while (companies.has(normalizeCompany(company))) company = `${base}${p.int(2, 99)}号店`;
    companies.add(normalizeCompany(company));
    const phone = unique(
      phones,
      () =>
        `1${p.one(['3', '5', '7', '8', '9'])}${p.int(0, 9)}${String(p.int(0, 99_999_999)).padStart(8, '0')}`,
    );
    const email = p.chance(0.7)
      ? unique(
          emails,
          () => `${p.one(['info', 'sales', 'office', 'purchase', 'hr'])}${p.int(10, 9999)}@example.com`,
        )
      : '';
    const [min, max] = spec.budget;
    const budget = p.chance(0.08) ? 0 : Math.round((min + p() * (max - min)) / 1000) * 1000;
    const roll = p();
    const competitor = roll < 0.08;
    const trial = roll >= 0.08 && roll < 0.13;
    const source = p.one(weighted);
    const tags = p.chance(0.4) ? [p.one(spec.tags)] : [];
    if (trial) tags.push('试用到期');
    return {
      company,
      contact: p.chance(0.95) ? `${p.one(SURNAMES)}${p.one(GIVEN_NAMES)}` : '',
      phone,
      email,
      industry,
      budget,
      need: `${p.one(spec.needs)}${competitor ? p.one(COMPETITOR_NOTES) : ''}`,
      region: place.area,
      source: source.source,
      campaign: source.campaign,
      tags,
      urgency: trial ? 'trial' : null,
      trialEndsAt: trial ? at + p.int(6, 40) * HOUR : null,
    };
  };
}
