// The daily report as a mobile page (issue 20): check in at a customer with the phone's position, photos from the
// camera, the day's key actions and summary, filed in one go. Each part goes through the use case the chat uses
// (check-in.ts, report-photo.ts, report-draft.ts, file-report.ts), so the authenticity score sees the same facts.
import { DateTime } from 'luxon';
import { toGcj02, type GeoPoint } from '../../../kernel/geo.ts';
import type { Person } from '../../../kernel/types.ts';
import { FORMS, type Form, type FormFile, type Reply } from '../../../kernel/card.ts';
import { sniffImage } from '../../../media/photo.ts';
import { t, type Locale } from '../../i18n.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { myLeads } from '../../leads/use-cases/my-leads.ts';
import { touchLead } from '../../leads/use-cases/touch-lead.ts';
import type { KeyAction } from '../../ports.ts';
import { timezoneOf } from '../../org/use-cases/read-org.ts';
import { checkIn, PENDING_PLACE_MS } from '../use-cases/check-in.ts';
import { fillReport, openReport, KEY_ACTIONS } from '../use-cases/report-draft.ts';
import { addReportPhoto } from '../use-cases/report-photo.ts';
import { actionLabel, checkedInReplies, submitReplies } from './report-replies.ts';

/** The field the page's script fills: `lat,lng,accuracy,time,datum` (report.daily's `place`). */
export const PLACE_FIELD = 'place';
export const PHOTOS_FIELD = 'photos';

const keyOf = (a: KeyAction) => `${a.kind}:${a.dealId ?? a.leadId}`;

/** Today's report as a page: the rep's customers to check in at, the position, photos, key actions, summary. */
export async function dailyReportForm(deps: ChatDeps, actor: Person, locale: Locale): Promise<Form> {
  const [v, mine, zone] = await Promise.all([
    openReport(deps.engine, actor),
    myLeads(deps.engine, actor.id),
    timezoneOf(deps.engine),
  ]);
  const { facts, report } = v;
  const intro = [
    t(locale, 'report.facts', {
      visits: facts.visits.length,
      calls: facts.calls,
      claims: facts.claims,
      advances: facts.advances,
      evidence: facts.evidence,
    }),
    ...facts.visits.map((visit) =>
      t(locale, 'report.visit', {
        time: DateTime.fromMillis(visit.at, { zone }).toFormat('HH:mm'),
        customer: visit.customer,
        checkedIn: visit.checkIn === null ? '' : t(locale, 'report.visit.checkedIn'),
        note: visit.note === '' ? '' : ` — ${visit.note}`,
      }),
    ),
  ].join('\n');
  const leads = mine.leads.filter((l) => l.status === 'owned' || l.status === 'offered');
  return {
    id: FORMS.reportDaily,
    title: t(locale, 'report.form.title', { date: report.date }),
    submitLabel: t(locale, 'report.form.submit'),
    context: report.date,
    intro,
    fields: [
      {
        name: 'lead',
        label: t(locale, 'report.form.lead'),
        kind: 'select',
        required: false,
        options: leads.map((l) => ({ value: String(l.id), label: `#${l.id} ${l.company}` })),
        hint: t(locale, 'report.form.leadHint'),
      },
      {
        name: PLACE_FIELD,
        label: t(locale, 'report.form.place'),
        kind: 'place',
        required: false,
        hint: t(locale, 'report.form.placeHint'),
      },
      { name: 'note', label: t(locale, 'report.form.note'), kind: 'text', required: false },
      {
        name: PHOTOS_FIELD,
        label: t(locale, 'report.form.photos'),
        kind: 'files',
        required: false,
        accept: 'image/*',
        capture: true,
        hint: t(locale, 'report.form.photosHint'),
      },
      ...(facts.candidates.length === 0
        ? []
        : [
            {
              name: 'actions',
              label: t(locale, 'report.form.actions', { max: KEY_ACTIONS }),
              kind: 'checks' as const,
              required: false,
              options: facts.candidates.map((a) => ({
                value: keyOf(a),
                label: actionLabel(deps, a, locale),
              })),
              initial: v.ticked.map(keyOf).join(','),
            },
          ]),
      {
        name: 'summary',
        label: t(locale, 'report.form.summary'),
        kind: 'textarea',
        required: false,
        initial: report.summary,
      },
    ],
  };
}

export interface PagePlace {
  place: GeoPoint;
  accuracy: number | null;
  fixedAt: number | null;
}

/**
 * The position the page sent: `lat,lng,accuracy,time,datum` (the browser gives WGS-84; WeCom's JSAPI may give
 * GCJ-02). Empty: no position (no script, or the rep declined). Null: something unreadable.
 */
export function readPagePlace(raw: string): PagePlace | 'none' | null {
  const text = raw.trim();
  if (text === '') return 'none';
  const parts = text.split(',');
  if (parts.length !== 5) return null;
  const [lat, lng, accuracy, time, datumWord] = parts as [string, string, string, string, string];
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  const la = num(lat);
  const ln = num(lng);
  const acc = num(accuracy);
  const at = num(time);
  const datum = datumWord.trim().toLowerCase();
  if (la === null || ln === null || !Number.isFinite(la) || !Number.isFinite(ln)) return null;
  if (Math.abs(la) > 90 || Math.abs(ln) > 180) return null;
  if (acc !== null && !(Number.isFinite(acc) && acc >= 0)) return null;
  if (at !== null && !(Number.isInteger(at) && at > 0)) return null;
  if (datum !== 'wgs84' && datum !== 'gcj02') return null;
  return {
    place: { lat: la, lng: ln, datum: datum === 'wgs84' ? 'WGS84' : 'GCJ02' },
    accuracy: acc,
    fixedAt: at,
  };
}

/** The form again with what to correct: the page shows it and nothing was changed. */
async function again(deps: ChatDeps, actor: Person, locale: Locale, problem: string): Promise<Reply[]> {
  return [
    {
      mode: 'open_form',
      card: { title: problem, level: 'yellow', form: await dailyReportForm(deps, actor, locale) },
    },
  ];
}

/** The page's submission: check-in (or a visit without a position), photos, key actions, summary, filed. */
export async function submitDailyReport(
  deps: ChatDeps,
  actor: Person,
  values: Record<string, string>,
  files: readonly FormFile[],
  locale: Locale,
): Promise<Reply[]> {
  const leadText = (values.lead ?? '').trim();
  const leadId = leadText === '' ? null : Number(leadText);
  if (leadId !== null && !(Number.isInteger(leadId) && leadId > 0))
    return again(deps, actor, locale, t(locale, 'report.form.badLead'));
  const read = readPagePlace(values[PLACE_FIELD] ?? '');
  if (read === null) return again(deps, actor, locale, t(locale, 'report.form.badPlace'));
  const position = read === 'none' ? null : read;
  if (position !== null && leadId === null)
    return again(deps, actor, locale, t(locale, 'report.form.placeWithoutLead'));
  const now = deps.engine.clock();
  // A position fixed long before the submission says where the phone was then, not at this visit.
  if (position?.fixedAt != null && now - position.fixedAt > PENDING_PLACE_MS)
    return again(deps, actor, locale, t(locale, 'report.form.stalePlace'));
  const photos = files.filter((f) => f.field === PHOTOS_FIELD);
  // Every photo is checked to be one (from its bytes) before anything is changed.
  for (const photo of photos) {
    const sniffed = await sniffImage(photo.bytes);
    if (sniffed.kind !== 'image')
      return again(deps, actor, locale, t(locale, 'report.form.notPhoto', { name: photo.name }));
  }
  const replies: Reply[] = [];
  const noteText = (values.note ?? '').trim();
  if (leadId !== null && position !== null) {
    const r = await checkIn(deps.engine, {
      personId: actor.id,
      leadId,
      place: toGcj02(position.place),
      note: noteText,
      accuracy: position.accuracy,
      fixedAt: position.fixedAt,
    });
    if (r.kind === 'rejected')
      return again(deps, actor, locale, t(locale, `checkin.refuse.${r.reason}`, { id: leadId }));
    replies.push(...checkedInReplies(deps, r, locale));
  } else if (leadId !== null) {
    const r = await touchLead(deps.engine, { personId: actor.id, leadId, kind: 'visit', note: noteText });
    if (r.kind === 'rejected')
      return again(deps, actor, locale, t(locale, `checkin.refuse.${r.reason}`, { id: leadId }));
    replies.push(note(locale, 'report.form.noPosition', { id: leadId, customer: r.lead.company }, 'yellow'));
  }
  let added = 0;
  for (const photo of photos) {
    const r = await addReportPhoto(deps.engine, actor, {
      bytes: photo.bytes,
      ...(leadId === null ? {} : { leadId }),
      add: true,
      rescore: false,
    });
    if (r.kind === 'rejected') replies.push(note(locale, `report.refuse.${r.reason}`, {}, 'yellow'));
    else added += 1;
  }
  if (added > 0) replies.push(note(locale, 'report.form.photosAdded', { count: added }, 'green'));
  // The ticks name actions, not numbers: a check-in just made may have moved the list.
  const chosen = new Set((values.actions ?? '').split(',').filter(Boolean));
  const view = await openReport(deps.engine, actor);
  const ticks = view.facts.candidates.flatMap((a, i) => (chosen.has(keyOf(a)) ? [i + 1] : []));
  await fillReport(deps.engine, actor, { ticks, summary: values.summary ?? null });
  replies.push(...(await submitReplies(deps, actor, undefined, locale)));
  return replies;
}

/** The draft's "fill in on the page" button: the form (a page link on WeCom, DingTalk and Slack, the page in the
 * playground; on Slack without PUBLIC_URL a modal, without the position and photos). */
export async function reportFormReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const form = await dailyReportForm(deps, actor, locale);
  return [{ mode: 'open_form', card: { title: form.title, level: 'info', form } }];
}
