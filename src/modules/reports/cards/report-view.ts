// One filed report as its reader sees it (issue 21, item 2; issue 25, item 16) → a card: the summary, the visits
// and where they were checked in, each flag with what it compared (the photos, the two places and times), the
// read receipts and the comment thread.
import { DateTime } from 'luxon';
import type { GeoPoint } from '../../../kernel/geo.ts';
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { renderFlag } from './authenticity.ts';
import { list } from './team-table.ts';
import type { AuthenticityFlag } from '../rules/authenticity.ts';
import type { OpenedReport } from '../use-cases/team-reports.ts';

const coords = (p: GeoPoint) => `${p.lat.toFixed(4)}, ${p.lng.toFixed(4)}`;

export interface ViewContext {
  o: OpenedReport;
  zone: string;
  nameOf: (id: string) => string;
  locale: Locale;
}

function time(v: ViewContext, ms: number, withDay: boolean): string {
  const at = DateTime.fromMillis(ms, { zone: v.zone });
  return at.toFormat(withDay || at.toISODate() !== v.o.report.date ? 'MM-dd HH:mm' : 'HH:mm');
}

function customerOf(v: ViewContext, id: string | null): { name: string; place: GeoPoint | null } {
  return (id === null ? undefined : v.o.customers.get(id)) ?? { name: id ?? '-', place: null };
}

function placeLine(
  v: ViewContext,
  what: 'checkIn' | 'customer' | 'camera',
  place: GeoPoint | null,
  who = '',
) {
  return t(v.locale, 'viewreport.evidence.place', {
    what: t(v.locale, `viewreport.evidence.${what}`),
    place: `${who === '' ? '' : `${who} `}${place === null ? t(v.locale, 'viewreport.place.unknown') : coords(place)}`,
  });
}

/** What one flag compared, beneath its sentence: the photos, the places, the times. */
function evidenceLines(v: ViewContext, f: AuthenticityFlag): string[] {
  const { locale, o } = v;
  const visit = o.report.visits.find((x) => x.id === f.visitId) ?? null;
  const customer = customerOf(v, f.customerId ?? visit?.customerId ?? null);
  switch (f.kind) {
    case 'PHOTO_REUSED': {
      const own = o.photos.get(Number(f.photoId));
      const match = o.photos.get(Number(f.match.photoId));
      return [
        t(locale, 'viewreport.evidence.photos', {
          who: v.nameOf(o.rep.id),
          sent: own === undefined ? '-' : time(v, own.sentAt, true),
          matchWho: v.nameOf(f.match.repId),
          matchSent: time(v, f.match.sentAt, true),
        }),
        ...((match === undefined || (match.purgedAt ?? null) !== null) &&
        (o.evidencePhotos.get(f.match.photoId)?.sha256 ?? null) === null
          ? [t(locale, 'viewreport.evidence.photoGone')]
          : []),
      ];
    }
    case 'CHECKIN_FAR':
      return [
        placeLine(v, 'checkIn', f.checkIn, customer.name),
        placeLine(v, 'customer', f.customerPlace, customer.name),
      ];
    case 'EXIF_PLACE_FAR':
      return [
        placeLine(v, 'camera', f.exifPlace, customer.name),
        placeLine(v, 'customer', f.customerPlace, customer.name),
      ];
    case 'IMPOSSIBLE_TRAVEL': {
      const from = o.report.visits.find((x) => x.id === f.fromVisitId);
      const to = o.report.visits.find((x) => x.id === f.toVisitId);
      if (from === undefined || to === undefined) return [];
      const [a, b] = [customerOf(v, from.customerId), customerOf(v, to.customerId)];
      const placeOf = (x: typeof from, c: typeof a, kind: 'checkIn' | 'customer') =>
        kind === 'checkIn' ? x.checkIn : c.place;
      return [
        t(locale, 'viewreport.evidence.travel', {
          fromTime: time(v, from.claimedAt, false),
          from: a.name,
          toTime: time(v, to.claimedAt, false),
          to: b.name,
          km: Math.round(f.km * 10) / 10,
          minutes: Math.round(f.minutes),
        }),
        placeLine(v, f.fromPlace, placeOf(from, a, f.fromPlace), a.name),
        placeLine(v, f.toPlace, placeOf(to, b, f.toPlace), b.name),
      ];
    }
    default:
      // The sentence already carries the times and words compared (late filing, burst, trade words, no record).
      return [];
  }
}

function readLine(v: ViewContext): string | null {
  const reads = v.o.notes.filter((n) => n.kind === 'read');
  if (reads.length === 0) return v.o.own ? t(v.locale, 'viewreport.read.none') : null;
  return t(v.locale, 'viewreport.read.by', {
    readers: list(
      reads.map((n) =>
        t(v.locale, 'viewreport.read.one', { name: v.nameOf(n.authorId), time: time(v, n.at, false) }),
      ),
      v.locale,
    ),
  });
}

export function reportViewCard(v: ViewContext): Card {
  const { o, locale } = v;
  const r = o.report;
  const result = r.result;
  const flags = result?.flags ?? [];
  const photoCount = r.photoId === null ? 0 : 1;
  const ownPhoto = r.photoId === null ? undefined : o.photos.get(r.photoId);
  const lines = [
    t(locale, 'viewreport.filed', {
      id: r.id,
      time: r.submittedAt === null ? '-' : time(v, r.submittedAt, false),
      late: r.late ? t(locale, 'viewreport.late') : '',
    }),
    r.summary.trim() === ''
      ? t(locale, 'viewreport.summary.none')
      : t(locale, 'viewreport.summary', { summary: r.summary.trim() }),
    '',
    ...(r.visits.length === 0
      ? [t(locale, 'viewreport.visits.none')]
      : [
          t(locale, 'viewreport.visits', { count: r.visits.length }),
          ...r.visits.map((visit) =>
            t(locale, 'viewreport.visit', {
              time: time(v, visit.claimedAt, false),
              customer: customerOf(v, visit.customerId).name,
              place:
                visit.checkIn === null
                  ? t(locale, 'viewreport.visit.noCheckIn')
                  : t(locale, 'viewreport.visit.checkIn', { place: coords(visit.checkIn) }),
            }),
          ),
        ]),
    t(
      locale,
      ownPhoto !== undefined && (ownPhoto.purgedAt ?? null) !== null
        ? 'viewreport.photo.purged'
        : 'viewreport.photo.count',
      { count: photoCount },
    ),
    '',
    ...(flags.length === 0
      ? [t(locale, 'viewreport.allClear')]
      : [
          t(locale, 'viewreport.flags', { count: flags.length }),
          ...flags.flatMap((f) => [
            t(locale, 'viewreport.flag', {
              explain: renderFlag(f, locale, v.nameOf).explain,
              points: f.points,
            }),
            ...evidenceLines(v, f),
          ]),
        ]),
    ...(r.confirmedAt === null
      ? []
      : [t(locale, 'viewreport.confirmed', { time: time(v, r.confirmedAt, true) })]),
  ];
  const read = readLine(v);
  if (read !== null) lines.push('', read);
  const comments = o.notes.filter((n) => n.kind === 'comment');
  if (comments.length > 0)
    lines.push(
      '',
      t(locale, 'viewreport.comments'),
      ...comments.map((n) =>
        t(locale, 'viewreport.comment', {
          name: v.nameOf(n.authorId),
          time: time(v, n.at, true),
          text: n.text,
        }),
      ),
    );
  lines.push('', t(locale, 'viewreport.howComment', { id: r.id }));
  return {
    title: t(locale, 'viewreport.title', {
      name: o.rep.name,
      date: r.date,
      score: result?.score ?? r.score ?? '-',
    }),
    level: result?.needsConfirmation === true && r.confirmedAt === null ? 'yellow' : 'green',
    body: lines.join('\n'),
    actions: [
      { id: ACTIONS.reportComment, label: t(locale, 'viewreport.comment.button'), value: String(r.id) },
    ],
  };
}
