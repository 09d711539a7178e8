// Env and rules file → one typed Config. zod validates here, at the edge; the domain owns the types.
import { DEFAULT_AUTHENTICITY_RULES } from './modules/reports/rules/authenticity-rules.ts';
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { count, nonNeg, positive } from './modules/config-numbers.ts';
import { dealRulesSchema } from './modules/deals/config.ts';
import { kbiRulesSchema } from './modules/kbi/config.ts';
import { customerRulesSchema } from './modules/customers/config.ts';
import { checkScoringLines, scoringSchema, tagRulesSchema } from './modules/leads/config.ts';
import { journalRulesSchema } from './modules/reports/config.ts';
import { DEFAULT_RULES, type Rules } from './modules/rules.ts';
import { CodedError } from './kernel/errors.ts';
import { minutesOf } from './kernel/work-clock.ts';

const str = z.string({ error: 'expected text' });
/** A time of day, `09:00`; `24:00` is the end of the day. */
const hhmm = z
  .string({ error: 'expected a time like 09:00' })
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time like 09:00');
const strList = z.array(str, { error: 'expected a list of text' });
const match = z.strictObject({
  tags: strList.optional(),
  industry: strList.optional(),
  region: strList.optional(),
  source: strList.optional(),
});

// --- authenticity (F29): the daily report's authenticity index. Kept as one block: others edit this file too.
const points = z
  .number({ error: 'expected points between 0 and 100' })
  .min(0, 'expected points between 0 and 100')
  .max(100, 'expected points between 0 and 100');
const localized = z.strictObject({ 'zh-CN': str, en: str });
const authenticitySchema = z.strictObject({
  confirmBelow: points,
  weights: z.strictObject({
    checkInFar: points,
    impossibleTravel: points,
    lateReport: points,
    burstEntry: points,
    photoReused: points,
    exifTimeFar: points,
    exifPlaceFar: points,
    industryMismatch: points,
    unbackedClaim: points,
  }),
  checkIn: z.strictObject({ maxMeters: positive }),
  travel: z.strictObject({
    maxKmh: positive,
    ignoreBelowKm: nonNeg,
    // Rules files written before rail and air were known get the realistic defaults.
    rail: z
      .strictObject({ kmh: positive, overheadMinutes: nonNeg, minKm: nonNeg })
      .default({ ...DEFAULT_AUTHENTICITY_RULES.travel.rail! }),
    air: z
      .strictObject({ kmh: positive, overheadMinutes: nonNeg, minKm: nonNeg })
      .default({ ...DEFAULT_AUTHENTICITY_RULES.travel.air! }),
  }),
  backfill: z.strictObject({
    lateAfter: z
      .string({ error: 'expected a time of day such as 22:00' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 22:00'),
    windowHours: nonNeg,
  }),
  burst: z.strictObject({
    minLogs: count.min(2, 'expected a whole number ≥ 2'),
    withinMinutes: positive,
    claimedSpanHours: nonNeg,
  }),
  photo: z.strictObject({
    maxDistance: count.max(64, 'expected a whole number of bits between 0 and 64'),
    lookbackDays: positive,
  }),
  exif: z.strictObject({ toleranceMinutes: nonNeg, maxMeters: positive }),
  filing: z.strictObject({
    dueBy: z
      .string({ error: 'expected a time of day such as 20:00' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 20:00'),
    remindAt: z
      .string({ error: 'expected a time of day such as 18:30' })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 18:30'),
    photoKeepDays: positive,
  }),
  industries: z.strictObject({
    minWords: count.min(1, 'expected a whole number ≥ 1'),
    dictionary: z.record(
      str,
      z.strictObject({
        label: localized,
        names: strList.min(1, 'expected at least one industry name'),
        words: z.strictObject({ 'zh-CN': strList, en: strList }),
      }),
      { error: 'expected entries of label, names and words' },
    ),
  }),
});
// --- end authenticity

const share = z
  .number({ error: 'expected a share between 0 and 1' })
  .min(0, 'expected a share between 0 and 1')
  .max(1, 'expected a share between 0 and 1');
const timeOfDay = z
  .string({ error: 'expected a time of day such as 09:00' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 09:00');

const rulesObject = z.strictObject({
  scoring: scoringSchema,
  routing: z.strictObject({
    weights: z.strictObject({
      skill: nonNeg,
      roundRobin: nonNeg,
      load: nonNeg,
      winRate: nonNeg,
      followUp: nonNeg,
    }),
    roles: strList.min(1, 'expected at least one role'),
    rules: z.array(
      z
        .strictObject({
          team: str.optional(),
          rep: str.optional(),
          only: match.optional(),
          exclude: match.optional(),
          note: str.optional(),
        })
        .refine(
          (r) => r.only !== undefined || r.exclude !== undefined,
          'a routing rule needs `only` or `exclude`',
        ),
      { error: 'expected a list of rules' },
    ),
    ownLeads: z.enum(['keep', 'route']),
  }),
  urgency: z.strictObject({ trialEndsWithinHours: nonNeg, competitorKeywords: strList }),
  clocks: z.strictObject({
    workingHours: z
      .strictObject({ start: hhmm, end: hhmm })
      .refine((h) => minutesOf(h.end) > minutesOf(h.start), '`end` must be after `start` (same day)'),
    offer: z.enum(['working_hours', 'wall'], { error: 'expected working_hours or wall' }),
    followUp: z.enum(['working_days', 'wall'], { error: 'expected working_days or wall' }),
    sop: z.enum(['working_days', 'wall'], { error: 'expected working_days or wall' }),
  }),
  pool: z.strictObject({
    offerTimeoutMinutes: positive,
    followUpTimeoutHours: positive,
    warnBeforeMinutes: nonNeg,
    cooldownHours: nonNeg,
    claimCapPerDay: count,
    capExemptRoles: strList,
    protectionDays: nonNeg,
    pauseFollowUpWhenOutOfOffice: z.boolean({ error: 'expected true or false' }),
  }),
  health: z.strictObject({
    underperformShare: share,
    underperformWeeks: count.min(1, 'expected a whole number ≥ 1'),
  }),
  deals: dealRulesSchema,
  authenticity: authenticitySchema,
  whatif: z.strictObject({
    starveShare: share,
    maxCoverageDrop: share,
    days: positive,
  }),
  kbi: kbiRulesSchema,
  patrol: z.strictObject({
    enabled: z.boolean({ error: 'expected true or false' }),
    at: timeOfDay,
    quietHours: z.boolean({ error: 'expected true or false' }),
    urgentAmount: nonNeg,
    takeBackWithinHours: nonNeg,
  }),
  tags: tagRulesSchema,
  customers: customerRulesSchema,
  journals: journalRulesSchema,
  sources: z.strictObject({
    activationDays: positive,
    campaignCosts: z.record(
      z.string(),
      z.union(
        [
          nonNeg,
          z.record(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM'), nonNeg),
        ],
        {
          error: 'expected a cost in yuan, or costs by month (2026-11: 12000)',
        },
      ),
    ),
  }),
});

/** The rules file, with the checks across its sections (a business line must name a pipeline). */
export const rulesSchema = rulesObject.superRefine(checkScoringLines) satisfies z.ZodType<Rules>;

export class ConfigError extends CodedError<
  'RULES_INVALID' | 'RULES_UNREADABLE' | 'ENV_INVALID' | 'ORG_INVALID'
> {
  constructor(
    code: 'RULES_INVALID' | 'RULES_UNREADABLE' | 'ENV_INVALID' | 'ORG_INVALID',
    readonly problems: string[],
    message: string,
  ) {
    super(code, message);
  }
}

/** `pool.claimCapPerDay: expected a number ≥ 0` — one line per problem, with its path. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path =
      i.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '') || '(top)';
    if (i.code === 'unrecognized_keys') {
      return i.keys
        .map((k) => `${path === '(top)' ? '' : `${path}.`}${k}: unknown setting (check its spelling)`)
        .join('\n');
    }
    return `${path}: ${i.message}`;
  });
}

function deepMerge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse rules YAML text. Settings left out keep the brief's defaults; anything wrong is listed, not guessed. */
export function parseRules(text: string): Rules {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const problems = doc.errors.map(
      (e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`,
    );
    throw new ConfigError('RULES_INVALID', problems, 'the rules file is not valid YAML');
  }
  const raw: unknown = doc.toJS() ?? {};
  if (!isPlainObject(raw))
    throw new ConfigError(
      'RULES_INVALID',
      ['(top): expected settings (key: value)'],
      'the rules file is not a map',
    );
  const result = rulesSchema.safeParse(deepMerge(DEFAULT_RULES, raw));
  if (!result.success)
    throw new ConfigError('RULES_INVALID', formatIssues(result.error), 'the rules file has problems');
  return result.data;
}

export function loadRulesFile(path: string | undefined): Rules {
  if (path === undefined || path === '') return DEFAULT_RULES;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'RULES_UNREADABLE',
      [`${path}: ${(err as Error).message}`],
      `cannot read the rules file ${path}`,
    );
  }
  return parseRules(text);
}

const onOff = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(['on', 'off'], { error: 'expected on or off' }),
);

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535).default(3000),
  // Loopback by default: behind a reverse proxy nothing else needs to reach the port (0.0.0.0 or :: for all).
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PLAYGROUND: onOff.optional(),
  PLAYGROUND_REMOTE: onOff.optional(),
  DATABASE_URL: z.string().default('file:./data/leadline.db'),
  RULES_FILE: z.string().optional(),
  FILES_DIR: z.string().default('./data/files'),
  TIMEZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimezone, 'expected an IANA timezone such as Asia/Shanghai'),
  LOCALE: z.enum(['zh-CN', 'en'], { error: 'expected zh-CN or en' }).default('zh-CN'),
  // Form links carry a signed token that works once: over http:// anyone on the way could read and use it (issue
  // 22, finding 17). http:// only for this machine, while trying things out.
  PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'expected the address phones reach this server at, e.g. https://leadline.example.com',
    })
    .refine(
      (url) =>
        /^https:\/\//i.test(url) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(url),
      'expected https:// (phones send signed form links over it); http:// only for localhost or 127.0.0.1',
    )
    .optional(),
  API_RATE_LIMIT: z.coerce
    .number({ error: 'expected a number of requests per minute' })
    .int('expected a whole number of requests per minute')
    .min(1, 'expected at least 1 request per minute')
    .default(60),
  FORM_SECRET: z.string().min(16, 'expected at least 16 characters').optional(),
});

function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export interface Config {
  port: number;
  /** HOST: the address the server listens on. */
  host: string;
  /** PLAYGROUND: on, off, or null (unset: on for the demo organisation only; adapters/web/access.ts). */
  playground: 'on' | 'off' | null;
  /** PLAYGROUND_REMOTE=on: a real organisation's playground answers other machines too. */
  playgroundRemote: boolean;
  databaseUrl: string;
  /** True when DATABASE_URL was not set (the default embedded file is used). */
  databaseUrlDefaulted: boolean;
  rulesFile: string | null;
  /** Evidence files (photos, PDFs) are kept here. */
  filesDir: string;
  rules: Rules;
  timezone: string;
  locale: 'zh-CN' | 'en';
  /** True when LOCALE was set, not defaulted: the demo org then takes it as its language (src/demo/seed-demo.ts). */
  localeSet: boolean;
  /** PUBLIC_URL: where phones reach this server; WeCom/DingTalk forms are links under it (/m/form/…). */
  publicUrl: string | null;
  /** FORM_SECRET: signs those links; unset, a key is derived from the messenger's app secret. */
  formSecret: string | null;
  /** API_RATE_LIMIT: requests per minute per API key. */
  apiRateLimit: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success)
    throw new ConfigError('ENV_INVALID', formatIssues(parsed.error), 'the environment has problems');
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    playground: e.PLAYGROUND ?? null,
    playgroundRemote: e.PLAYGROUND_REMOTE === 'on',
    databaseUrl: e.DATABASE_URL,
    databaseUrlDefaulted: env.DATABASE_URL === undefined || env.DATABASE_URL === '',
    rulesFile: e.RULES_FILE ?? null,
    filesDir: e.FILES_DIR,
    rules: loadRulesFile(e.RULES_FILE),
    timezone: e.TIMEZONE,
    locale: e.LOCALE,
    localeSet: (env.LOCALE ?? '') !== '',
    publicUrl: e.PUBLIC_URL ?? null,
    formSecret: e.FORM_SECRET ?? null,
    apiRateLimit: e.API_RATE_LIMIT,
  };
}
