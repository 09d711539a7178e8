// DingTalk 日志 (the report app) read for the import of issue 24 item 9, on the old host (http.ts `oapi`):
//  POST topapi/report/list {start_time, end_time, template_name, cursor, size ≤ 20} (ms) → {result: {data_list:
//  [{report_id, creator_id, creator_name, create_time, template_name, contents: [{key, value, sort, type}],
//  remark}], has_more, next_cursor}} ("获取用户日志数据", https://open-doc.dingtalk.com/microapp/serverapi2/uoufgd):
//  "size … 每页数据量, 最大值是20"; the span from start_time to end_time may not pass 180 days (the proof
//  list; the doc page does not say what the API answers past it). DingTalk's report statistics
//  (topapi/report/statistics, statistics/listbytype) count readers, comments and likes of one report, not who did
//  not file: DingTalk gives no list of non-filers, so this source has no `unfiled`.
import type { JournalSource } from '../../src/modules/reports/use-cases/import-journals.ts';
import { boundFields } from '../../src/modules/reports/rules/journal-import.ts';
import { DeliveryError } from '../../src/conversation/delivery.ts';
import type { DingtalkHttp } from './http.ts';

const DAY_MS = 86_400_000;
/** topapi/report/list: at most 20 a page. */
export const REPORTS_PER_PAGE = 20;
/** topapi/report/list: at most 180 days from start_time to end_time. */
export const REPORT_WINDOW_MS = 180 * DAY_MS;

interface Listed {
  report_id?: unknown;
  creator_id?: unknown;
  create_time?: unknown;
  template_name?: unknown;
  contents?: Array<{ key?: unknown; value?: unknown }>;
  remark?: unknown;
}

export function dingtalkJournals(http: Pick<DingtalkHttp, 'oapi'>): JournalSource {
  return {
    platform: 'dingtalk',
    maxWindowMs: REPORT_WINDOW_MS,
    async page(template, from, to, cursor) {
      const res = await http.oapi.post<{
        result?: { data_list?: unknown; has_more?: unknown; next_cursor?: unknown };
      }>('/topapi/report/list', {
        start_time: from,
        end_time: to,
        template_name: template,
        cursor: cursor === '' ? 0 : Number(cursor),
        size: REPORTS_PER_PAGE,
      });
      const result = res.data.result ?? {};
      const list = Array.isArray(result.data_list) ? (result.data_list as Listed[]) : [];
      if (list.length > REPORTS_PER_PAGE)
        throw new DeliveryError('dingtalk topapi/report/list: more than a page', { permanent: true });
      const items = list.map((r) => {
        if (typeof r.report_id !== 'string' || typeof r.creator_id !== 'string')
          throw new DeliveryError('dingtalk topapi/report/list: a report without report_id or creator_id', {
            permanent: true,
          });
        const record = {
          id: r.report_id,
          userId: r.creator_id,
          template: typeof r.template_name === 'string' ? r.template_name : template,
          reportedAt: Number(r.create_time ?? 0),
          fields: boundFields([
            ...(Array.isArray(r.contents) ? r.contents : [])
              .slice(0, 200)
              .map((c) => ({ title: c.key, text: c.value })),
            ...(typeof r.remark === 'string' && r.remark !== '' ? [{ title: '备注', text: r.remark }] : []),
          ]),
        };
        return { id: record.id, load: () => Promise.resolve(record) };
      });
      return { items, next: result.has_more === true ? cursorText(result.next_cursor) : null };
    },
  };
}

/** A cursor as DingTalk gives it (a number) as text; anything else ends the paging. */
function cursorText(v: unknown): string | null {
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? String(v) : null;
}
