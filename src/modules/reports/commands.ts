// The daily report commands (F28–F29), declared once: `report` opens today's report, `report 1 2 4 SUMMARY` ticks
// key actions and/or sets the summary, `report submit`, `report confirm`; `checkin LEAD [LAT,LNG] [wgs84]` checks
// in at a customer.
import { ACTIONS } from '../../kernel/card.ts';
import type { GeoPoint } from '../../kernel/geo.ts';
import { leadIdOf } from '../../kernel/command-words.ts';
import { defineCommand, invalid, type ModuleCommands } from '../../conversation/command.ts';
import { note } from '../../conversation/note.ts';
import {
  checkInReplies,
  confirmReplies,
  fillReportReplies,
  openReportReplies,
  submitReplies,
} from './chat/report-replies.ts';
import { commentReplies, openReportCommandReplies, teamReportsReplies } from './chat/team-report-replies.ts';

export type ReportCommand =
  | { verb: 'report'; action: 'open' | 'submit' | 'confirm' }
  | { verb: 'report'; action: 'fill'; ticks: number[]; summary: string }
  /** `日报 2026-12-04`: a date, never a summary (it would overwrite the day's summary with the date). */
  | { verb: 'report'; action: 'date'; day: string }
  /** `report view [REP|ID] [date]`: one filed report (one's own without a rep). */
  | { verb: 'report'; action: 'view'; reportId: number | null; rep: string | null; day: string | null }
  | { verb: 'teamReports'; day: string | null; team: string | null; page: number }
  | { verb: 'comment'; reportId: number; text: string }
  | { verb: 'checkin'; leadId: number; place: GeoPoint | null };

const SUBMIT_WORDS = new Set(['submit', 'send', '提交', '发送']);
const CONFIRM_WORDS = new Set(['confirm', 'ok', '确认', '无误']);
const VIEW_WORDS = new Set(['view', 'open', '查看', '打开']);
const REPORT_ID = /^[#＃]?(\d{1,9})$/;
/** 2026-12-04, 2026/12/4, 12-04, 12月4日, 12.4, yesterday, 昨天, 今天. */
const DATE_LIKE =
  /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}|(?:\d{4}年)?\d{1,2}月\d{1,2}[日号]?|yesterday|today|昨天|今天|前天)$/;

/** `report`, `report submit`, `report confirm`, `report 1 2 4 SUMMARY` (also `1,2,4` or `1、2、4`). */
function parseReport(args: readonly string[]): Extract<ReportCommand, { verb: 'report' }> {
  if (args.length === 0) return { verb: 'report', action: 'open' };
  const head = (args[0] ?? '').toLowerCase();
  if (args.length === 1 && SUBMIT_WORDS.has(head)) return { verb: 'report', action: 'submit' };
  if (args.length === 1 && CONFIRM_WORDS.has(head)) return { verb: 'report', action: 'confirm' };
  if (args.length === 1 && DATE_LIKE.test(head)) return { verb: 'report', action: 'date', day: head };
  if (VIEW_WORDS.has(head)) {
    const view = {
      verb: 'report' as const,
      action: 'view' as const,
      reportId: null as number | null,
      rep: null as string | null,
      day: null as string | null,
    };
    for (const w of args.slice(1)) {
      const id = REPORT_ID.exec(w);
      if (DATE_LIKE.test(w.toLowerCase())) view.day = w.toLowerCase();
      else if (id !== null) view.reportId = Number(id[1]);
      else view.rep = w;
    }
    return view;
  }
  const ticks: number[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const parts = (args[i] as string).split(/[,、，]/).filter(Boolean);
    if (parts.length === 0 || !parts.every((p) => /^\d{1,2}$/.test(p))) break;
    ticks.push(...parts.map(Number));
  }
  return { verb: 'report', action: 'fill', ticks, summary: args.slice(i).join(' ') };
}

/** `31.2304,121.4737` or `31.2304 121.4737`, then optionally `wgs84` (a GPS reading); map coordinates are GCJ-02. */
function parsePlace(words: readonly string[]): GeoPoint | null {
  const text = words.join(' ');
  const m = /^(-?\d{1,2}(?:\.\d+)?)\s*[, ]\s*(-?\d{1,3}(?:\.\d+)?)(?:\s+(wgs84|gps|gcj02|bd09))?$/i.exec(
    text.trim(),
  );
  if (m === null) return null;
  const datumWord = (m[3] ?? 'gcj02').toLowerCase();
  const datum =
    datumWord === 'wgs84' || datumWord === 'gps' ? 'WGS84' : datumWord === 'bd09' ? 'BD09' : 'GCJ02';
  return { lat: Number(m[1]), lng: Number(m[2]), datum };
}

const report = defineCommand<Extract<ReportCommand, { verb: 'report' }>>({
  verb: 'report',
  aliases: { en: [], zh: ['日报'] },
  usage: [
    { group: 'report', en: '`report`', zh: '`日报`' },
    { group: 'report', en: '`report 1 2 4 SUMMARY`', zh: '`日报 1 2 4 总结`' },
    { group: 'report', en: 'send a photo', zh: '直接发照片' },
    { group: 'report', en: '`report submit`', zh: '`日报 提交`' },
    { group: 'report', en: '`report view [NAME|ID] [date]`', zh: '`日报 查看 [姓名|编号] [日期]`' },
  ],
  parse: (args) => parseReport(args),
  handle: (deps, actor, c, locale) => {
    switch (c.action) {
      case 'open':
        return openReportReplies(deps, actor, locale);
      case 'fill':
        return fillReportReplies(deps, actor, c.ticks, c.summary, locale);
      case 'submit':
        return submitReplies(deps, actor, undefined, locale);
      case 'confirm':
        return confirmReplies(deps, actor, undefined, locale);
      case 'date':
        return Promise.resolve([note(locale, 'report.dateNotSummary', { day: c.day }, 'yellow')]);
      case 'view':
        return openReportCommandReplies(deps, actor, c, locale);
    }
  },
  typed: {
    [ACTIONS.reportOpen]: (value, word, locale) => `${word} ${locale === 'zh-CN' ? '查看' : 'view'} ${value}`,
    [ACTIONS.reportSubmit]: (_value, word, locale) => `${word} ${locale === 'zh-CN' ? '提交' : 'submit'}`,
    [ACTIONS.reportConfirm]: (_value, word, locale) => `${word} ${locale === 'zh-CN' ? '确认' : 'confirm'}`,
  },
});

const checkin = defineCommand<Extract<ReportCommand, { verb: 'checkin' }>>({
  verb: 'checkin',
  aliases: { en: [], zh: ['签到', '打卡'] },
  usage: [
    { group: 'report', en: '`checkin LEAD [LAT,LNG]`', zh: '`签到 线索号 [纬度,经度]`' },
    // A visit logged after it happened counts for the day's report: the `touch` command with a time.
    { group: 'report', en: '`touch ID visit HH:MM NOTE`', zh: '`跟进 ID 拜访 时:分 备注`' },
  ],
  parse: (args, word) => {
    const id = leadIdOf(args[0]);
    if (id === null) return invalid('MISSING_ID', word);
    return { verb: 'checkin', leadId: id, place: parsePlace(args.slice(1)) };
  },
  handle: (deps, actor, c, locale) => checkInReplies(deps, actor, c.leadId, c.place, locale),
});

const teamReports = defineCommand<Extract<ReportCommand, { verb: 'teamReports' }>>({
  verb: 'team reports',
  aliases: { en: [], zh: ['团队日报', '团队 日报'] },
  usage: [{ group: 'managers', en: '`team reports [date]`', zh: '`团队日报 [日期]`' }],
  // `团队日报 昨天`, `team reports 2026-12-04 east-1 2`: a day, a team, a page, in any order.
  parse: (args) => {
    const c = {
      verb: 'teamReports' as const,
      day: null as string | null,
      team: null as string | null,
      page: 1,
    };
    for (const w of args) {
      if (DATE_LIKE.test(w.toLowerCase())) c.day = w.toLowerCase();
      else if (/^\d{1,3}$/.test(w)) c.page = Math.max(1, Number(w));
      else c.team = w;
    }
    return c;
  },
  handle: (deps, actor, c, locale) => teamReportsReplies(deps, actor, c, locale),
  typed: {
    [ACTIONS.reportTeam]: (value, word) => {
      const [day = '', team = '', page = ''] = value.split('|');
      return [word, day, team, page].filter((w) => w !== '').join(' ');
    },
  },
});

const comment = defineCommand<Extract<ReportCommand, { verb: 'comment' }>>({
  verb: 'comment',
  aliases: { en: [], zh: ['评论'] },
  usage: [{ group: 'report', en: '`comment REPORT TEXT`', zh: '`评论 日报编号 内容`' }],
  parse: (args, word) => {
    const id = REPORT_ID.exec(args[0] ?? '');
    if (id === null) return invalid('MISSING_ID', word);
    return { verb: 'comment', reportId: Number(id[1]), text: args.slice(1).join(' ') };
  },
  handle: (deps, actor, c, locale) => commentReplies(deps, actor, c.reportId, c.text, locale),
});

export const reportCommands: ModuleCommands = {
  commands: [report, comment, checkin, teamReports],
  // A manager's review of one report: buttons and forms only.
  // reportSpoken carries the items heard in a voice message, which nobody types.
  buttonsOnly: [
    ACTIONS.reportRead,
    ACTIONS.reportComment,
    ACTIONS.reportForm,
    ACTIONS.reportPlace,
    ACTIONS.reportSpoken,
  ],
};
