// Every outbox notice template and the zod schema of its data, gathered from the modules' notice-data.ts files.
// The outbox checks a notice's data against its schema when the notice is written (outboxRepo.enqueue), so a
// payload the renderer could not read fails the use case that wrote it instead of reaching someone as a blank
// card. Only schemas here (no cards, no catalog): use cases and the store may import it.
import { z } from 'zod';
import { CARD_NOTICE } from '../kernel/card-json.ts';
import type { Notice, Recipient } from './ports.ts';
import { ANALYTICS_NOTICE_DATA } from './analytics/notice-data.ts';
import { DEAL_NOTICE_DATA } from './deals/notice-data.ts';
import { KBI_NOTICE_DATA } from './kbi/notice-data.ts';
import { LEAD_NOTICE_DATA } from './leads/notice-data.ts';
import { ORG_NOTICE_DATA } from './org/notice-data.ts';
import { REPORT_NOTICE_DATA } from './reports/notice-data.ts';
import { PATROL_NOTICE_DATA } from './patrol/notice-data.ts';
import { CUSTOMER_NOTICE_DATA } from './customers/notice-data.ts';
import { CodedError } from '../kernel/errors.ts';

export const NOTICE_DATA = {
  ...LEAD_NOTICE_DATA,
  ...ORG_NOTICE_DATA,
  ...DEAL_NOTICE_DATA,
  ...REPORT_NOTICE_DATA,
  ...KBI_NOTICE_DATA,
  ...ANALYTICS_NOTICE_DATA,
  ...PATROL_NOTICE_DATA,
  ...CUSTOMER_NOTICE_DATA,
  // A ready-made card (card-json.ts), its bytes inline; with `platform`, for that messenger only.
  [CARD_NOTICE]: z.object({
    card: z
      .record(z.string(), z.unknown())
      .refine((card) => typeof card.title === 'string', 'a card with a title'),
    platform: z.string().optional(),
  }),
} as const;

export type NoticeTemplate = keyof typeof NOTICE_DATA;

export type NoticeData<K extends NoticeTemplate> = z.infer<(typeof NOTICE_DATA)[K]>;

/** A notice of one template, its data typed by the template's schema. */
export type TypedNotice = {
  [K in NoticeTemplate]: { to: Recipient; template: K; data: NoticeData<K>; leadId?: number };
}[NoticeTemplate];

/** The notice for `tx.outbox.enqueue`; the outbox checks its data against the schema when it writes it. */
export function notice(n: TypedNotice): Notice {
  return n as unknown as Notice;
}

/** A notice whose data does not fit its template: a bug in the code that queued it, not a user error. */
export class NoticeDataError extends CodedError<'UNKNOWN_NOTICE' | 'BAD_NOTICE_DATA'> {
  constructor(
    code: 'UNKNOWN_NOTICE' | 'BAD_NOTICE_DATA',
    readonly template: string,
    detail: string,
  ) {
    super(code, `notice ${template}: ${detail}`);
  }
}

export function isNoticeTemplate(template: string): template is NoticeTemplate {
  return Object.hasOwn(NOTICE_DATA, template);
}

/** Throws NoticeDataError when the template is unknown or the data does not fit its schema. */
export function checkNoticeData(template: string, data: unknown): void {
  if (!isNoticeTemplate(template))
    throw new NoticeDataError('UNKNOWN_NOTICE', template, 'no such notice template');
  const parsed = NOTICE_DATA[template].safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? '(data)' : issue.path.join('.');
    throw new NoticeDataError('BAD_NOTICE_DATA', template, `${path}: ${issue?.message ?? 'invalid'}`);
  }
}
