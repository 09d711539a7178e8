// Daily report commands, buttons, photos and check-ins (F28–F29) → engine calls → neutral replies.
import { DateTime } from 'luxon';
import type { GeoPoint } from '../../../kernel/geo.ts';
import type { Person } from '../../../kernel/types.ts';
import {
  checkIn,
  confirmPlace,
  notePlace,
  takePendingPlace,
  type CheckInResult,
} from '../use-cases/check-in.ts';
import { distanceMeters } from '../../../kernel/geo.ts';
import { confirmReport, submitReport, type FiledReport } from '../use-cases/file-report.ts';
import { fillReport, openReport, type ReportView } from '../use-cases/report-draft.ts';
import { addReportPhoto } from '../use-cases/report-photo.ts';
import { lookupNames } from '../../leads/use-cases/my-leads.ts';
import { readReport } from '../use-cases/report-digest.ts';
import { commentReplies, openReportButtonReplies, teamPageReplies } from './team-report-replies.ts';
import type { KeyAction } from '../../ports.ts';
import { renderAuthenticity } from '../cards/authenticity.ts';
import { ACTIONS, FORMS, type Card, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { stageName } from '../../deals/cards/deal-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { timezoneOf } from '../../org/use-cases/read-org.ts';

export function actionLabel(deps: ChatDeps, a: KeyAction, locale: Locale): string {
  const stage =
    a.stage === null
      ? null
      : deps.engine.rules.deals.pipelines.flatMap((p) => p.stages).find((s) => s.id === a.stage);
  return t(locale, `report.action.${a.kind}`, {
    customer: a.customer,
    lead: a.leadId,
    deal: a.dealId ?? '',
    stage: stage === undefined || stage === null ? (a.stage ?? '') : stageName(stage, locale),
  });
}

const sameAction = (a: KeyAction, b: KeyAction) =>
  a.kind === b.kind && a.leadId === b.leadId && a.dealId === b.dealId;

export function draftCard(deps: ChatDeps, v: ReportView, zone: string, locale: Locale): Card {
  const { facts, report } = v;
  const lines = [
    t(locale, 'report.facts', {
      visits: facts.visits.length,
      calls: facts.calls,
      claims: facts.claims,
      advances: facts.advances,
      evidence: facts.evidence,
    }),
    ...(facts.visits.length === 0
      ? [t(locale, 'report.noVisits')]
      : facts.visits.map((visit) =>
          t(locale, 'report.visit', {
            time: DateTime.fromMillis(visit.at, { zone }).toFormat('HH:mm'),
            customer: visit.customer,
            checkedIn: visit.checkIn === null ? '' : t(locale, 'report.visit.checkedIn'),
            note: visit.note === '' ? '' : ` — ${visit.note}`,
          }),
        )),
    '',
    facts.candidates.length === 0 ? t(locale, 'report.noActions') : t(locale, 'report.actions'),
    ...facts.candidates.map(
      (a, i) =>
        `${v.ticked.some((x) => sameAction(x, a)) ? '✓' : '○'} ${i + 1}. ${actionLabel(deps, a, locale)}`,
    ),
    '',
    report.summary === ''
      ? t(locale, 'report.summary.none')
      : t(locale, 'report.summary', { summary: report.summary }),
    t(locale, v.photoSent ? 'report.photo.yes' : 'report.photo.no'),
    '',
    t(locale, 'report.how'),
  ];
  return {
    title: t(locale, 'report.draft.title', { date: report.date }),
    level: 'info',
    body: lines.join('\n'),
    actions: [
      { id: ACTIONS.reportSubmit, label: t(locale, 'report.submit'), value: report.date, style: 'primary' },
      { id: ACTIONS.reportForm, label: t(locale, 'report.form.open'), value: report.date },
    ],
  };
}

/** The filed report: its health score, and for a low score one confirm-or-correct question per flag. */
export function filedCard(filed: FiledReport, refiled: boolean, locale: Locale): Card {
  const { header, lines } = renderAuthenticity(filed.result, locale);
  const low = filed.result.needsConfirmation;
  return {
    title: t(locale, refiled ? 'report.refiled.title' : 'report.filed.title', {
      date: filed.report.date,
      score: filed.result.score,
    }),
    level: low ? 'yellow' : 'green',
    body: [header, ...lines, ...(low ? ['', t(locale, 'report.correctHow')] : [])].join('\n'),
    ...(low
      ? {
          actions: [
            { id: ACTIONS.reportConfirm, label: t(locale, 'report.confirmButton'), value: filed.report.date },
          ],
        }
      : {}),
  };
}

async function zoneOf(deps: ChatDeps): Promise<string> {
  return timezoneOf(deps.engine);
}

/** `report` / `日报`: today's report, opened (created) as a draft. */
export async function openReportReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const zone = await zoneOf(deps);
  return [{ mode: 'ephemeral', card: draftCard(deps, await openReport(deps.engine, actor), zone, locale) }];
}

/** `report 1 2 4 SUMMARY`: ticks key actions and/or sets the summary (a spoken message sets the summary). */
export async function fillReportReplies(
  deps: ChatDeps,
  actor: Person,
  ticks: number[],
  summary: string,
  locale: Locale,
): Promise<Reply[]> {
  const zone = await zoneOf(deps);
  const r = await fillReport(deps.engine, actor, { ticks, summary });
  if (r.kind === 'rejected')
    return [
      note(
        locale,
        r.max === 0 ? 'report.refuse.NO_ACTIONS' : 'report.refuse.BAD_TICK',
        { max: r.max },
        'yellow',
      ),
    ];
  return [{ mode: 'ephemeral', card: draftCard(deps, r.view, zone, locale) }];
}

export async function submitReplies(
  deps: ChatDeps,
  actor: Person,
  date: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const before = await openReport(deps.engine, actor, date);
  const filed = await submitReport(deps.engine, actor, date);
  return [{ mode: 'ephemeral', card: filedCard(filed, before.report.status === 'filed', locale) }];
}

export async function confirmReplies(
  deps: ChatDeps,
  actor: Person,
  date: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const r = await confirmReport(deps.engine, actor, date);
  if (r.kind === 'rejected') return [note(locale, `report.refuse.${r.reason}`, {}, 'yellow')];
  return [note(locale, 'report.confirmed', { date: r.report.date }, 'green')];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function reportActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  if (actionId === ACTIONS.reportRead) return readReplies(deps, actor, Number(value), locale);
  if (actionId === ACTIONS.reportOpen) return openReportButtonReplies(deps, actor, Number(value), locale);
  if (actionId === ACTIONS.reportTeam) return teamPageReplies(deps, actor, value, locale);
  if (actionId === ACTIONS.reportComment)
    return [
      {
        mode: 'open_form',
        card: {
          title: t(locale, 'report.comment.form'),
          level: 'info',
          form: {
            id: FORMS.reportComment,
            title: t(locale, 'report.comment.form'),
            submitLabel: t(locale, 'report.comment.submit'),
            context: value,
            fields: [
              { name: 'text', label: t(locale, 'report.comment.field'), kind: 'textarea', required: true },
            ],
          },
        },
      },
    ];
  if (actionId === ACTIONS.reportPlace) return confirmPlaceReplies(deps, actor, Number(value), locale);
  const date = DATE.test(value) ? value : undefined;
  if (actionId === ACTIONS.reportConfirm) return confirmReplies(deps, actor, date, locale);
  return submitReplies(deps, actor, date, locale);
}

/** A photo sent for the day's report (a caption naming a lead ties it to that visit). */
export async function reportPhotoReplies(
  deps: ChatDeps,
  actor: Person,
  bytes: Uint8Array,
  leadId: number | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const r = await addReportPhoto(deps.engine, actor, { bytes, ...(leadId === undefined ? {} : { leadId }) });
  if (r.kind === 'rejected') return [note(locale, `report.refuse.${r.reason}`, {}, 'yellow')];
  if (r.result !== null)
    return [
      {
        mode: 'ephemeral',
        card: filedCard({ report: r.view.report, facts: r.view.facts, result: r.result }, true, locale),
      },
    ];
  const zone = await zoneOf(deps);
  return [
    note(locale, 'report.photo.added', { date: r.view.report.date }, 'green'),
    { mode: 'ephemeral', card: draftCard(deps, r.view, zone, locale) },
  ];
}

export async function checkInReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  typed: GeoPoint | null,
  locale: Locale,
): Promise<Reply[]> {
  const place = typed ?? (await takePendingPlace(deps.engine, actor.id));
  if (place === null) return [note(locale, 'checkin.needPlace', { id: leadId }, 'info')];
  const r = await checkIn(deps.engine, { personId: actor.id, leadId, place });
  if (r.kind === 'rejected') return [note(locale, `checkin.refuse.${r.reason}`, { id: leadId }, 'yellow')];
  return checkedInReplies(deps, r, locale);
}

/**
 * A check-in done: measured against the customer's address on file when there is one (the same distance and
 * words as the report's CHECKIN_FAR flag); else the rep is offered to make this place the address (issue 20: a
 * check-in never becomes it by itself).
 */
export function checkedInReplies(
  deps: ChatDeps,
  r: Extract<CheckInResult, { kind: 'checked_in' }>,
  locale: Locale,
): Reply[] {
  const done = t(locale, 'checkin.done', { id: r.leadId, customer: r.customer, learnt: '' });
  if (r.reference === null)
    return [
      {
        mode: 'ephemeral',
        card: {
          title: done,
          level: 'green',
          body: t(locale, 'checkin.noReference'),
          actions: [
            { id: ACTIONS.reportPlace, label: t(locale, 'checkin.isAddress'), value: String(r.checkInId) },
          ],
        },
      },
    ];
  const meters = Math.round(distanceMeters(r.place, r.reference));
  const maxMeters = deps.engine.rules.authenticity.checkIn.maxMeters;
  if (meters <= maxMeters) return [{ mode: 'ephemeral', card: { title: done, level: 'green' } }];
  return [
    {
      mode: 'ephemeral',
      card: {
        title: done,
        level: 'yellow',
        body: t(locale, 'authenticity.explain.CHECKIN_FAR', { customer: r.customer, meters, maxMeters }),
      },
    },
  ];
}

async function confirmPlaceReplies(
  deps: ChatDeps,
  actor: Person,
  checkInId: number,
  locale: Locale,
): Promise<Reply[]> {
  const r = await confirmPlace(deps.engine, { personId: actor.id, checkInId });
  if (r.kind === 'rejected') return [note(locale, `checkin.place.${r.reason}`, {}, 'yellow')];
  return [note(locale, 'checkin.place.confirmed', { id: r.leadId }, 'green')];
}

/** A location sent on its own (a WeCom location message or event): kept until the rep names the customer. */
export async function locationReplies(
  deps: ChatDeps,
  actor: Person,
  place: GeoPoint,
  locale: Locale,
): Promise<Reply[]> {
  const ok = await notePlace(deps.engine, actor.id, place);
  return [note(locale, ok ? 'checkin.placeNoted' : 'checkin.refuse.BAD_PLACE', { id: '' }, 'info')];
}

/** A reviewer's Read (the digest's button) on one report. */
async function readReplies(
  deps: ChatDeps,
  actor: Person,
  reportId: number,
  locale: Locale,
): Promise<Reply[]> {
  const r = await readReport(deps.engine, actor, reportId);
  if (r.kind === 'rejected') return [note(locale, `report.review.${r.reason}`, {}, 'yellow')];
  const name = (await lookupNames(deps.engine)).names.get(r.repId) ?? r.repId;
  return [note(locale, 'report.review.read', { name }, 'green')];
}

/** The Comment form's answer: a reviewer's comment, or the rep's answer in their report's thread. */
export async function submitReportForm(
  deps: ChatDeps,
  actor: Person,
  values: Record<string, string>,
  context: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  return commentReplies(deps, actor, Number(context), values.text ?? '', locale);
}
