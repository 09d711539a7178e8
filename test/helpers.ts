// Shared test fixtures: a real SQLite file per test (migrated with the real migrations), a controllable clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RULES, type Rules } from '../src/domain/rules.ts';
import type { LeadFields, Person } from '../src/domain/types.ts';
import type { EngineDeps } from '../src/engine/deps.ts';
import { importOrg, type Org } from '../src/engine/import-org.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export interface TestClock {
  (): number;
  set(ms: number | string): void;
  advance(ms: number): void;
}

export function testClock(start: number | string = '2026-11-23T02:00:00Z'): TestClock {
  let now = typeof start === 'string' ? Date.parse(start) : start;
  const clock = (() => now) as TestClock;
  clock.set = (ms) => {
    now = typeof ms === 'string' ? Date.parse(ms) : ms;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface TestEnv {
  deps: EngineDeps;
  clock: TestClock;
  dir: string;
  dbPath: string;
  close(): Promise<void>;
}

/** A fresh database file in a temp folder, with the engine wired to it. Call close() in afterEach. */
export function testEnv(
  options: { rules?: Partial<Rules>; start?: number | string; timezone?: string } = {},
): TestEnv {
  const dir = mkdtempSync(join(tmpdir(), 'leadline-test-'));
  const dbPath = join(dir, 'leadline.db');
  const store = openSqliteStore(`file:${dbPath}`);
  const clock = testClock(options.start);
  const rules: Rules = { ...DEFAULT_RULES, ...options.rules };
  const deps: EngineDeps = { store, rules, clock, defaultTimezone: options.timezone ?? 'Asia/Shanghai' };
  return {
    deps,
    clock,
    dir,
    dbPath,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function person(id: string, overrides: Partial<Person> = {}): Person {
  return {
    id,
    name: id,
    teamId: 'east-1',
    role: 'rep',
    skills: [],
    capacity: 8,
    email: null,
    locale: null,
    active: true,
    outOfOffice: false,
    identities: {},
    ...overrides,
  };
}

/** An org with one team (east-1, manager boss) and the given reps. */
export function org(reps: Person[], extra: Partial<Org> = {}): Org {
  return {
    timezone: 'Asia/Shanghai',
    locale: 'zh-CN',
    teams: [{ id: 'east-1', name: '华东一组', managerId: 'boss', channels: {} }],
    people: [person('boss', { role: 'manager', name: '王强' }), ...reps],
    ...extra,
  };
}

export async function seedOrg(env: TestEnv, reps: Person[], extra: Partial<Org> = {}): Promise<void> {
  await importOrg(env.deps, org(reps, extra));
}

let seq = 0;
/** A complete, valid lead; each call a different customer unless overridden. */
export function leadFields(overrides: Partial<LeadFields> = {}): LeadFields {
  seq += 1;
  return {
    company: `测试公司${seq}`,
    contact: `联系人${seq}`,
    phone: `1380000${String(seq).padStart(4, '0')}`,
    email: `c${seq}@example.com`,
    industry: '家装',
    budget: 80_000,
    need: '门店翻新',
    region: '华东',
    source: 'web',
    campaign: 'WEB-1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    ...overrides,
  };
}
