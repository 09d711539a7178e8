// Reports people already write in their platform's own app (issue 24 item 9: WeCom 汇报, DingTalk 日志), read
// into Leadline's daily report: the rules-file section choosing the template and the fields, the time windows a
// platform lets one list call cover, and the record → summary mapping. Pure: no I/O, no clock.
import { DateTime } from 'luxon';

/** Which template to read on one platform, and which of its fields make up the report's summary. */
export interface JournalTemplateRules {
  /** WeCom: the template id (汇报表单ID, from the admin console); DingTalk: the template name (e.g. 日报). */
  template: string;
  /** Field titles whose text becomes the summary, in this order; empty: every text field, in the record's order. */
  summary: string[];
}

export interface JournalRules {
  wecom: JournalTemplateRules | null;
  dingtalk: JournalTemplateRules | null;
  /** With no checkpoint yet (the first run), reading starts this many days back. */
  backfillDays: number;
}

export const DEFAULT_JOURNAL_RULES: JournalRules = { wecom: null, dingtalk: null, backfillDays: 7 };

/** One field of a platform record: its title and its text, both bounded. */
export interface JournalField {
  title: string;
  text: string;
}

/** A platform report record, as the adapters hand it over (already bounded by boundFields). */
export interface JournalRecord {
  /** The platform's own id (WeCom journaluuid, DingTalk report_id): unique per platform. */
  id: string;
  /** The submitter's platform user id. */
  userId: string;
  template: string;
  /** When it was submitted, epoch ms. */
  reportedAt: number;
  fields: JournalField[];
}

/** Untrusted text is bounded before anything reads it: at most this many fields, titles and texts this long. */
export const MAX_FIELDS = 50;
export const MAX_TITLE_CHARS = 100;
export const MAX_FIELD_CHARS = 4000;
/** The summary built from them (the authenticity checks read it) stays under this many characters. */
export const MAX_SUMMARY_CHARS = 8000;

const cut = (s: string, n: number): string => {
  const chars = [...s];
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
};

/** Bounds a record's fields: the first MAX_FIELDS, each title and text cut to its limit, control characters out. */
export function boundFields(raw: ReadonlyArray<{ title: unknown; text: unknown }>): JournalField[] {
  const clean = (v: unknown, n: number) =>
    cut(typeof v === 'string' ? v.slice(0, n * 4) : '', n)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .trim();
  return raw
    .slice(0, MAX_FIELDS)
    .map((f) => ({ title: clean(f.title, MAX_TITLE_CHARS), text: clean(f.text, MAX_FIELD_CHARS) }));
}

/**
 * The report's summary: each chosen field (by title, in the rules' order) as `title：text`, the empty ones left
 * out. When none of the chosen titles is in the record (a renamed template field), every field is used instead:
 * the checks then still read what the rep wrote.
 */
export function summaryOf(record: Pick<JournalRecord, 'fields'>, rules: JournalTemplateRules): string {
  const filled = record.fields.filter((f) => f.text !== '');
  const chosen = rules.summary.flatMap((title) => filled.filter((f) => f.title === title));
  const used = chosen.length > 0 ? chosen : filled;
  return cut(
    used.map((f) => (f.title === '' ? f.text : `${f.title}：${f.text}`)).join('\n'),
    MAX_SUMMARY_CHARS,
  );
}

/** Two summaries of one day (a second record from the same platform) as one, still bounded. */
export function joinSummaries(before: string, added: string): string {
  return cut([before, added].filter((s) => s.trim() !== '').join('\n\n'), MAX_SUMMARY_CHARS);
}

/** The day a record reports on: its submission day in the organisation's timezone. */
export function reportDay(reportedAt: number, zone: string): string {
  return DateTime.fromMillis(reportedAt, { zone }).toFormat('yyyy-MM-dd');
}

export interface TimeWindow {
  from: number;
  to: number;
}

/**
 * [from, to] cut into windows no longer than `maxMs`, oldest first. Each window starts where the last one ended:
 * a record submitted at that very moment may be listed twice (it is imported once), never missed.
 */
export function windows(from: number, to: number, maxMs: number): TimeWindow[] {
  if (!(maxMs > 0)) throw new Error('windows: maxMs must be > 0');
  const out: TimeWindow[] = [];
  for (let start = from; start < to; start += maxMs)
    out.push({ from: start, to: Math.min(to, start + maxMs) });
  return out;
}

/** Where an import stopped: the window being read and the cursor of its next page ('' = its first). */
export interface JournalCheckpoint {
  template: string;
  from: number;
  cursor: string;
}

/** The checkpoint as kept (a setting), or null when the text is not one (never written, or damaged). */
export function parseCheckpoint(text: string | null): JournalCheckpoint | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<JournalCheckpoint>;
    return typeof v.template === 'string' && typeof v.from === 'number' && typeof v.cursor === 'string'
      ? { template: v.template, from: v.from, cursor: v.cursor }
      : null;
  } catch {
    return null;
  }
}
