// Importing the reports people already write in WeCom 汇报 / DingTalk 日志 (issue 24 item 9): each platform record
// of the chosen template becomes the rep's daily report for its day, filed and scored by the same authenticity
// checks as a report filed in Leadline (file-report.ts `fileIn`), and is kept once in platform_reports. Who did not
// file comes from the platform's own statistics when it has them (WeCom get_stat_list).
//
// Exactly once: a record is imported in one transaction with its platform_reports row, whose unique (platform,
// record_id) index refuses a second; the checkpoint (a setting per platform) is saved after each page, so a run
// that stopped half-way starts again at the page it was reading, and a page read twice imports nothing twice.
import { DateTime } from 'luxon';
import type { Person } from '../../../kernel/types.ts';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import type { PlatformReport, ReportSource, StoredReport, Tx } from '../../ports.ts';
import {
  joinSummaries,
  parseCheckpoint,
  reportDay,
  summaryOf,
  windows,
  type JournalCheckpoint,
  type JournalRecord,
  type JournalTemplateRules,
} from '../rules/journal-import.ts';
import { fileIn } from './file-report.ts';
import { localDate } from './report-draft.ts';

const DAY_MS = 86_400_000;

/** One listed record: its id, and how to read it in full (WeCom needs a call per record, DingTalk lists them whole). */
export interface JournalItem {
  id: string;
  load(): Promise<JournalRecord>;
}

/** A platform's report app, as an adapter reads it (adapters/wecom/journals.ts, adapters/dingtalk/journals.ts). */
export interface JournalSource {
  readonly platform: ReportSource;
  /** The longest span one list call may cover (WeCom: a month; DingTalk: 180 days), ms. */
  readonly maxWindowMs: number;
  /** Records of the template submitted within [from, to] (epoch ms), one page from `cursor` ('' = the first). */
  page(
    template: string,
    from: number,
    to: number,
    cursor: string,
  ): Promise<{ items: JournalItem[]; next: string | null }>;
  /** Members the platform's statistics name as not having filed, per reporting day (absent: it has none). */
  unfiled?(
    template: string,
    from: number,
    to: number,
  ): Promise<Array<{ userId: string; dayStart: number; key: string }>>;
}

export interface ImportOptions {
  /** Read from the start of this day (yyyy-MM-dd, the org's timezone); without it, from the checkpoint. */
  since?: string;
  /** Read and count, write nothing (no report, no checkpoint). */
  dryRun?: boolean;
}

export interface ImportResult {
  platform: ReportSource;
  template: string;
  from: number;
  to: number;
  windows: number;
  /** Records listed (a record listed twice at a window's edge counts twice). */
  listed: number;
  /** Imported as the rep's daily report (or, in a dry run, would be). */
  filed: number;
  /** Kept as read only: the rep had filed that day in Leadline already. */
  keptNative: number;
  /** Kept as read only: nobody here has that platform id (`org sync` links people). */
  unknownPerson: number;
  /** Already imported by an earlier run. */
  seen: number;
  /** Members the platform's statistics name as not having filed (new this run). */
  missing: number;
  dryRun: boolean;
}

export class JournalImportError extends Error {
  constructor(readonly reason: 'NOT_CONFIGURED' | 'BAD_SINCE') {
    super(
      reason === 'NOT_CONFIGURED'
        ? 'no template chosen in the rules file (journals.<platform>)'
        : 'bad --since',
    );
  }
}

const checkpointKey = (platform: ReportSource) => `journals.checkpoint.${platform}`;

/** Reads the platform's reports since the checkpoint (or `since`) up to now, importing each new record once. */
export async function importJournals(
  deps: EngineDeps,
  source: JournalSource,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const rules = deps.rules.journals[source.platform];
  if (rules === null) throw new JournalImportError('NOT_CONFIGURED');
  const dryRun = options.dryRun === true;
  const to = deps.clock();
  const { zone, saved } = await deps.store.transaction(async (tx) => ({
    zone: await orgTimezone(tx, deps),
    saved: parseCheckpoint(await tx.settings.get(checkpointKey(source.platform))),
  }));
  const resume = saved !== null && saved.template === rules.template ? saved : null;
  let from: number;
  if (options.since !== undefined) {
    from = dayStart(options.since, zone);
    if (!Number.isFinite(from) || from > to) throw new JournalImportError('BAD_SINCE');
  } else from = resume?.from ?? to - deps.rules.journals.backfillDays * DAY_MS;
  const result: ImportResult = {
    platform: source.platform,
    template: rules.template,
    from,
    to,
    windows: 0,
    listed: 0,
    filed: 0,
    keptNative: 0,
    unknownPerson: 0,
    seen: 0,
    missing: 0,
    dryRun,
  };
  // A run from a chosen day keeps that day as its starting point at once: stopped before its first page was
  // done, the next run (without --since) still starts there.
  if (options.since !== undefined && !dryRun)
    await saveCheckpoint(deps, source.platform, { template: rules.template, from, cursor: '' });
  const spans = windows(from, to, source.maxWindowMs);
  result.windows = spans.length;
  for (const w of spans) {
    // The checkpoint's cursor belongs to the window it was saved in.
    let cursor =
      resume !== null && resume.from === w.from && options.since === undefined ? resume.cursor : '';
    for (;;) {
      const page = await source.page(rules.template, w.from, w.to, cursor);
      for (const item of page.items) {
        result.listed++;
        const outcome = await importOne(deps, source.platform, rules, item, zone, dryRun);
        result[outcome]++;
      }
      const next: JournalCheckpoint =
        page.next === null
          ? { template: rules.template, from: w.to, cursor: '' }
          : { template: rules.template, from: w.from, cursor: page.next };
      if (!dryRun)
        await deps.store.transaction((tx) =>
          tx.settings.set(checkpointKey(source.platform), JSON.stringify(next)),
        );
      if (page.next === null) break;
      cursor = page.next;
    }
  }
  if (source.unfiled !== undefined && spans.length > 0)
    result.missing = await keepUnfiled(deps, source, rules, from, to, zone, dryRun);
  return result;
}

async function saveCheckpoint(deps: EngineDeps, platform: ReportSource, c: JournalCheckpoint): Promise<void> {
  await deps.store.transaction((tx) => tx.settings.set(checkpointKey(platform), JSON.stringify(c)));
}

type Outcome = 'filed' | 'keptNative' | 'unknownPerson' | 'seen';

async function importOne(
  deps: EngineDeps,
  platform: ReportSource,
  rules: JournalTemplateRules,
  item: JournalItem,
  zone: string,
  dryRun: boolean,
): Promise<Outcome> {
  const known = await deps.store.transaction((tx) => tx.platformReports.has(platform, item.id));
  if (known) return 'seen';
  // Read in full outside the transaction: no database connection waits on the platform.
  const record = await item.load();
  return deps.store.transaction(async (tx) => {
    if (await tx.platformReports.has(platform, item.id)) return 'seen';
    const date = reportDay(record.reportedAt, zone);
    const person = await tx.org.personByIdentity(platform, record.userId);
    const row = (repId: string | null, reportId: number | null, outcome: PlatformReport['outcome']) =>
      keep(tx, {
        platform,
        recordId: item.id,
        kind: 'report',
        externalUser: record.userId,
        repId,
        date,
        reportId,
        template: record.template,
        fields: record.fields,
        reportedAt: record.reportedAt,
        importedAt: deps.clock(),
        outcome,
      });
    if (person === null) {
      if (!dryRun) await row(null, null, 'unknown_person');
      return 'unknownPerson';
    }
    const existing = await tx.reports.of(person.id, date);
    // A report the rep filed in Leadline stays theirs: the platform's record is kept beside it, not over it.
    if (existing !== null && existing.status === 'filed' && (existing.source ?? null) !== platform) {
      if (!dryRun) await row(person.id, existing.id, 'kept_native');
      return 'keptNative';
    }
    if (dryRun) return 'filed';
    const report = await fileRecord(tx, deps, person, existing, record, rules, platform, date, zone);
    await row(person.id, report.id, 'filed');
    return 'filed';
  });
}

/** The record as the rep's report of that day: its text as the summary (added to a draft or an earlier import). */
async function fileRecord(
  tx: Tx,
  deps: EngineDeps,
  person: Person,
  existing: StoredReport | null,
  record: JournalRecord,
  rules: JournalTemplateRules,
  platform: ReportSource,
  date: string,
  zone: string,
): Promise<StoredReport> {
  const draft =
    existing ??
    (await tx.reports.openDraft({
      repId: person.id,
      teamId: person.teamId,
      date,
      openedAt: record.reportedAt,
    }));
  const summary = joinSummaries(draft.summary, summaryOf(record, rules));
  await tx.reports.update(draft.id, { summary, source: platform });
  // Scored as of the moment the rep submitted it on the platform: on time or late by the same due time.
  const filed = await fileIn(
    tx,
    deps,
    person,
    { ...draft, summary, source: platform },
    zone,
    record.reportedAt,
    draft.status === 'filed',
  );
  return filed.report;
}

/** Keeps the row; a second one for the same record (another instance got there first) undoes this transaction. */
async function keep(tx: Tx, r: PlatformReport): Promise<void> {
  if (!(await tx.platformReports.add(r)))
    throw new Error(`platform record ${r.platform}:${r.recordId} already kept`);
}

async function keepUnfiled(
  deps: EngineDeps,
  source: JournalSource,
  rules: JournalTemplateRules,
  from: number,
  to: number,
  zone: string,
  dryRun: boolean,
): Promise<number> {
  const list = await (source.unfiled as NonNullable<JournalSource['unfiled']>)(rules.template, from, to);
  let added = 0;
  for (const u of list)
    added += await deps.store.transaction(async (tx) => {
      if (await tx.platformReports.has(source.platform, u.key)) return 0;
      if (dryRun) return 1;
      const person = await tx.org.personByIdentity(source.platform, u.userId);
      const kept = await tx.platformReports.add({
        platform: source.platform,
        recordId: u.key,
        kind: 'missing',
        externalUser: u.userId,
        repId: person?.id ?? null,
        date: localDate(u.dayStart, zone),
        reportId: null,
        template: rules.template,
        fields: [],
        reportedAt: u.dayStart,
        importedAt: deps.clock(),
        outcome: 'missing',
      });
      return kept ? 1 : 0;
    });
  return added;
}

/** The start of a yyyy-MM-dd day in the zone (NaN when it is not a day). */
function dayStart(day: string, zone: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return Number.NaN;
  const d = DateTime.fromISO(day, { zone });
  return d.isValid ? d.startOf('day').toMillis() : Number.NaN;
}
