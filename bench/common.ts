// Shared bench fixtures: temp folders, the real migration SQL, a 50-rep / 20-team org, distinct leads.
// Deliberately independent of test/ (the bench must not import test helpers).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RULES } from '../src/modules/rules.ts';
import type { LeadFields, Person, Team } from '../src/kernel/types.ts';
import type { EngineDeps } from '../src/modules/deps.ts';
import type { Org } from '../src/modules/org/use-cases/import-org.ts';
import type { Store } from '../src/modules/ports.ts';
import { leads } from '../src/store/schema/index.ts';
import { columnsOf } from '../src/store/sql/columns.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The moment every bench database is "at" (a Monday morning, Beijing time). */
export const BENCH_EPOCH = Date.parse('2026-11-23T02:00:00Z');

const MIGRATIONS = fileURLToPath(new URL('../drizzle/sqlite', import.meta.url));

/** Every statement of every migration, in order, split the way drizzle splits them. */
export function migrationStatements(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => readFileSync(join(MIGRATIONS, f), 'utf8').split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A fresh folder under os.tmpdir(); remove it with the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `leadline-bench-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the bench moves by hand: one second per lead keeps timestamps realistic and deterministic. */
export interface BenchClock {
  (): number;
  advance(ms: number): void;
}

export function benchClock(start = BENCH_EPOCH): BenchClock {
  let now = start;
  const clock = (() => now) as BenchClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export function benchDeps(store: Store, clock: () => number): EngineDeps {
  return { store, rules: DEFAULT_RULES, clock, defaultTimezone: 'Asia/Shanghai' };
}

/** Skill tags: the scored industries plus product / topic tags, 20 in all. */
export const INDUSTRIES = [...Object.keys(DEFAULT_RULES.scoring.industries), '零售', '教育', '物流', '制造'];
export const TOPIC_TAGS = [
  '门店',
  '办公室',
  '厂房',
  '学校',
  '医院',
  '酒店',
  '仓储',
  '展厅',
  '样板间',
  '翻新',
  '新建',
  '智能化',
];
export const SKILLS = [...INDUSTRIES, ...TOPIC_TAGS];
export const REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北'];
export const SOURCES = ['web', 'wechat', 'expo', 'referral', 'ads'];
export const NEEDS = ['门店翻新', '办公室装修', '厂房改造', '新校区建设'];
/** The need of every 25th lead: it mentions a competitor, so the lead is urgent. */
export const COMPETITOR_NEED = '和竞品做对比后再定';

export const TEAM_COUNT = 20;
export const REP_COUNT = 50;

export function teamId(t: number): string {
  return `team-${String(t + 1).padStart(2, '0')}`;
}

export function repId(r: number): string {
  return `rep-${String(r + 1).padStart(3, '0')}`;
}

/**
 * 20 teams, each with a manager (not routed), and 50 reps spread over them, each with 2–3 skills.
 * Capacity is huge so routing never runs out of reps (`capacity` sets it).
 */
export function benchOrg(capacity = 100_000): Org {
  const teams: Team[] = [];
  const people: Person[] = [];
  for (let t = 0; t < TEAM_COUNT; t++) {
    teams.push({ id: teamId(t), name: `销售${t + 1}组`, managerId: `mgr-${t + 1}`, channels: {} });
    people.push(person(`mgr-${t + 1}`, teamId(t), 'manager', [], capacity));
  }
  for (let r = 0; r < REP_COUNT; r++) {
    const skills = [SKILLS[r % SKILLS.length], SKILLS[(r * 7 + 3) % SKILLS.length]];
    if (r % 3 === 0) skills.push(SKILLS[(r * 13 + 5) % SKILLS.length]);
    people.push(person(repId(r), teamId(r % TEAM_COUNT), 'rep', [...new Set(skills as string[])], capacity));
  }
  return { timezone: 'Asia/Shanghai', locale: 'zh-CN', teams, people };
}

function person(id: string, team: string, role: Person['role'], skills: string[], capacity: number): Person {
  return {
    id,
    name: id,
    teamId: team,
    role,
    skills,
    capacity,
    email: `${id}@example.com`,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
  };
}

function pick<T>(xs: readonly T[], i: number): T {
  return xs[i % xs.length] as T;
}

/**
 * Lead number `i`: a distinct customer (own company, phone and email), with industries, tags, budgets,
 * regions and sources varied so routing and scoring see a realistic mix. About 1 in 25 mentions a
 * competitor (urgent).
 */
export function leadFields(i: number): LeadFields {
  const tags: string[] = [];
  if (i % 2 === 0) tags.push(pick(TOPIC_TAGS, i * 7));
  if (i % 5 === 0) tags.push(pick(TOPIC_TAGS, i * 11 + 3));
  return {
    company: `星河${i}装饰工程有限公司`,
    contact: `客户${i}`,
    phone: `+86 139${String(i).padStart(8, '0')}`,
    email: `buyer${i}@example${i % 97}.com`,
    industry: pick(INDUSTRIES, i * 3),
    budget: 20_000 + ((i * 7919) % 400_000),
    need: i % 25 === 0 ? COMPETITOR_NEED : pick(NEEDS, i),
    region: pick(REGIONS, i),
    source: pick(SOURCES, i),
    campaign: `CMP-${i % 12}`,
    tags: [...new Set(tags)],
    urgency: null,
    trialEndsAt: null,
  };
}

/** A score breakdown of the shape the engine stores (for rows written without the engine). */
export const BREAKDOWN_TOTAL = 55;
export const BREAKDOWN = JSON.stringify({
  total: BREAKDOWN_TOTAL,
  parts: [
    { dimension: 'industry', points: 15, detail: '家装' },
    { dimension: 'budget', points: 20, detail: '5–20万' },
    { dimension: 'contactFrequency', points: 0, detail: '1 in 3d' },
    { dimension: 'completeness', points: 20, detail: 'complete' },
  ],
});

export function round(x: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The lead columns the sweep benches fill (SQLite and PostgreSQL alike: the two schemas name them the same), by their
 * schema fields, so a renamed column is a type error here. Left to their NULL default: urgency, trial_ends_at,
 * urgent_reason, merged_into, previous_lead_id.
 */
export const SWEEP_LEAD_COLUMNS = columnsOf(leads, [
  'company',
  'contact',
  'phone',
  'email',
  'industry',
  'budget',
  'need',
  'region',
  'source',
  'campaign',
  'tags',
  'phoneNorm',
  'emailNorm',
  'companyNorm',
  'score',
  'scoreBreakdown',
  'urgent',
  'status',
  'ownerId',
  'createdAt',
  'offeredAt',
  'offerExpiresAt',
  'claimedAt',
  'followUpDueAt',
  'warnAt',
  'firstTouchAt',
  'closedAt',
  'updatedAt',
]);
