// WeCom 汇报 (the report app) read for the import of issue 24 item 9, over the app's API client (api.ts):
//  - POST oa/journal/get_record_list {starttime, endtime, cursor, limit, filters: [{key: template_id, value}]}
//    → {journaluuid_list, next_cursor, endflag} ("批量获取汇报记录单号",
//    https://developer.work.weixin.qq.com/document/path/93393): "一次拉取调用最多拉取100个汇报记录 … 调用频率不可
//    超过600次/分"; "开始时间和结束时间间隔不能超过一个月". Times in seconds.
//  - POST oa/journal/get_record_detail {journaluuid} → {info: {journal_uuid, template_name, report_time, submitter:
//    {userid}, apply_data: {contents: [{control, id, title: [{text, lang}], value: {text, …}}]}}} ("获取汇报记录详情",
//    https://developer.work.weixin.qq.com/document/path/93394).
//  - POST oa/journal/get_stat_list {template_id, starttime, endtime} → {stat_list: [{template_id, cycle_begin_time,
//    report_list, unreport_list: [{user: {userid}, itemlist}]}]} ("获取汇报统计数据",
//    https://developer.work.weixin.qq.com/document/path/93395): "时间区间最大长度为一年"; only finished cycles.
// The app must be listed in 汇报 → 可调用接口的应用. Every call is taken from one limiter of 600 a minute.
import type { JournalSource } from '../../src/modules/reports/use-cases/import-journals.ts';
import { boundFields, windows } from '../../src/modules/reports/rules/journal-import.ts';
import { WecomApiError, type WecomApi } from './api.ts';

const DAY_MS = 86_400_000;
/** get_record_list: at most 100 records a call (path/93393). */
export const RECORDS_PER_CALL = 100;
/** The journal APIs: 600 calls a minute (path/93393). */
export const CALLS_PER_MINUTE = 600;
/**
 * "不能超过一个月": the strictest reading of a month is February's 28 days, so no window is ever refused.
 * get_stat_list takes a year (path/93395); its windows are 365 days.
 */
export const LIST_WINDOW_MS = 28 * DAY_MS;
const STAT_WINDOW_MS = 365 * DAY_MS;
/** A detail answer's contents are bounded before they are read (boundFields cuts them again). */
const MAX_CONTENTS = 200;

export interface Limiter {
  /** Resolves when one more call fits in the window (waiting, if need be, until the oldest one leaves it). */
  take(): Promise<void>;
}

/** At most `count` calls in any `perMs`: a sliding window over the calls' times, waiting with `sleep`. */
export function slidingLimiter(options: {
  count: number;
  perMs: number;
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}): Limiter {
  const times: number[] = [];
  let queue = Promise.resolve();
  const takeOne = async () => {
    for (;;) {
      const now = options.clock();
      while (times.length > 0 && (times[0] as number) <= now - options.perMs) times.shift();
      if (times.length < options.count) {
        times.push(now);
        return;
      }
      await options.sleep((times[0] as number) + options.perMs - now);
    }
  };
  return {
    take() {
      // One at a time, in order: two waiting callers never both take the one free slot.
      const mine = queue.then(takeOne);
      queue = mine.catch(() => undefined);
      return mine;
    },
  };
}

const sleepReal = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Content {
  control?: unknown;
  title?: Array<{ text?: unknown; lang?: unknown }>;
  value?: Record<string, unknown>;
}

/** A control's text: Text/Textarea `text`, Number/Money `new_number`/`new_money`, Selector's chosen options. */
function contentText(c: Content): string {
  const v = c.value ?? {};
  if (typeof v.text === 'string' && v.text !== '') return v.text;
  if (typeof v.new_number === 'string' || typeof v.new_number === 'number') return String(v.new_number);
  if (typeof v.new_money === 'string' || typeof v.new_money === 'number') return String(v.new_money);
  const selector = v.selector as { options?: Array<{ value?: Array<{ text?: unknown }> }> } | undefined;
  const chosen = (selector?.options ?? []).flatMap((o) => (o.value ?? []).map((x) => x.text));
  return chosen.filter((x): x is string => typeof x === 'string').join('、');
}

function titleOf(c: Content): string {
  const titles = Array.isArray(c.title) ? c.title : [];
  const zh = titles.find((t) => t.lang === 'zh_CN') ?? titles[0];
  return typeof zh?.text === 'string' ? zh.text : '';
}

export function wecomJournals(
  api: Pick<WecomApi, 'post'>,
  options: { clock?: () => number; sleep?: (ms: number) => Promise<void>; limiter?: Limiter } = {},
): JournalSource {
  const limiter =
    options.limiter ??
    slidingLimiter({
      count: CALLS_PER_MINUTE,
      perMs: 60_000,
      clock: options.clock ?? Date.now,
      sleep: options.sleep ?? sleepReal,
    });
  const call = async (method: string, body: object) => {
    await limiter.take();
    return api.post(method, body);
  };
  const seconds = (ms: number) => Math.floor(ms / 1000);
  return {
    platform: 'wecom',
    maxWindowMs: LIST_WINDOW_MS,
    async page(template, from, to, cursor) {
      const answer = await call('oa/journal/get_record_list', {
        starttime: seconds(from),
        endtime: seconds(to),
        cursor: cursor === '' ? 0 : Number(cursor),
        limit: RECORDS_PER_CALL,
        filters: [{ key: 'template_id', value: template }],
      });
      const ids = Array.isArray(answer.journaluuid_list) ? answer.journaluuid_list : [];
      if (ids.length > RECORDS_PER_CALL || !ids.every((id) => typeof id === 'string' && id !== ''))
        throw new WecomApiError('BAD_RESPONSE', 'wecom oa/journal/get_record_list: a bad journaluuid_list');
      const ended = Number(answer.endflag) === 1 || ids.length === 0;
      // A page that is not the last without a cursor to go on with: stopping would lose the rest.
      if (!ended && typeof answer.next_cursor !== 'number')
        throw new WecomApiError('BAD_RESPONSE', 'wecom oa/journal/get_record_list: no next_cursor');
      return {
        items: (ids as string[]).map((id) => ({
          id,
          async load() {
            const detail = await call('oa/journal/get_record_detail', { journaluuid: id });
            const info = (detail.info ?? {}) as Record<string, unknown>;
            const submitter = (info.submitter ?? {}) as { userid?: unknown };
            const contents = ((info.apply_data as { contents?: unknown } | undefined)?.contents ??
              []) as Content[];
            if (typeof submitter.userid !== 'string' || !Array.isArray(contents))
              throw new WecomApiError(
                'BAD_RESPONSE',
                `wecom oa/journal/get_record_detail ${id}: no submitter`,
              );
            return {
              id,
              userId: submitter.userid,
              template: typeof info.template_name === 'string' ? info.template_name : template,
              reportedAt: Number(info.report_time ?? 0) * 1000,
              fields: boundFields(
                contents.slice(0, MAX_CONTENTS).map((c) => ({ title: titleOf(c), text: contentText(c) })),
              ),
            };
          },
        })),
        next: ended ? null : String(answer.next_cursor),
      };
    },
    async unfiled(template, from, to) {
      const out: Array<{ userId: string; dayStart: number; key: string }> = [];
      for (const w of windows(from, to, STAT_WINDOW_MS)) {
        const answer = await call('oa/journal/get_stat_list', {
          template_id: template,
          starttime: seconds(w.from),
          endtime: seconds(w.to),
        });
        const stats = Array.isArray(answer.stat_list) ? answer.stat_list : [];
        for (const s of stats as Array<Record<string, unknown>>) {
          const begin = Number(s.cycle_begin_time ?? 0);
          const missing = Array.isArray(s.unreport_list) ? s.unreport_list : [];
          for (const m of missing as Array<{ user?: { userid?: unknown } }>) {
            const userId = m.user?.userid;
            if (typeof userId !== 'string' || userId === '') continue;
            out.push({ userId, dayStart: begin * 1000, key: `unreport:${template}:${userId}:${begin}` });
          }
        }
      }
      return out;
    },
  };
}
