// The notice registry: every outbox template with the schema of its data and its renderer, gathered from the
// modules' notices.ts. Notices are rendered when they are delivered, so a card shows the lead as it is then.
import type { Card } from '../kernel/card.ts';
import { cardFromJsonValue, CARD_NOTICE } from '../kernel/card-json.ts';
import { ANALYTICS_NOTICES } from './analytics/notices.ts';
import { DEAL_NOTICES } from './deals/notices.ts';
import { t, type Locale } from './i18n.ts';
import { KBI_NOTICES } from './kbi/notices.ts';
import { leadCard } from './leads/cards/lead-card.ts';
import { LEAD_NOTICES } from './leads/notices.ts';
import { NOTICE_DATA, isNoticeTemplate, type NoticeTemplate } from './notice-data.ts';
import { defineNotices, type NoticeContext, type NoticeDef } from './notice-kit.ts';
import { ORG_NOTICES } from './org/notices.ts';
import { REPORT_NOTICES } from './reports/notices.ts';
import { PATROL_NOTICES } from './patrol/notices.ts';
import { CUSTOMER_NOTICES } from './customers/notices.ts';
import { log } from '../log.ts';

export type { NoticeContext } from './notice-kit.ts';

const CARD_NOTICES = defineNotices(
  { [CARD_NOTICE]: NOTICE_DATA[CARD_NOTICE] },
  // A ready-made card (a chart, the answer to a form), its bytes inline (card-json.ts).
  { [CARD_NOTICE]: (d) => cardFromJsonValue(d.card) },
);

/** Every template's schema and renderer; a template of NOTICE_DATA without one here does not compile. */
export const NOTICES: { readonly [K in NoticeTemplate]: NoticeDef<(typeof NOTICE_DATA)[K]> } = {
  ...LEAD_NOTICES,
  ...ORG_NOTICES,
  ...DEAL_NOTICES,
  ...REPORT_NOTICES,
  ...KBI_NOTICES,
  ...ANALYTICS_NOTICES,
  ...PATROL_NOTICES,
  ...CUSTOMER_NOTICES,
  ...CARD_NOTICES,
};

export interface NoticeInput {
  template: string;
  data: unknown;
}

// Each problem is logged once per template and process, not once per delivery of every such notice.
const logged = new Set<string>();
function logOnce(key: string, line: string): void {
  if (logged.has(key)) return;
  logged.add(key);
  log().warn({ notice: key }, line);
}

/** What is left to show of a notice that cannot be read: the lead's card when there is one, else a title. */
function fallbackCard(ctx: NoticeContext, locale: Locale): Card {
  const title = t(locale, 'notice.unknown.title');
  return ctx.lead === null ? { title, level: 'info' } : leadCard(ctx.lead, locale, { title });
}

/**
 * The card of a notice. Notices written by an older version may not fit today's schema (the outbox keeps what
 * it was given): such data is still handed to the renderer as it is, since most of it usually still reads
 * (a renamed field shows blank, the rest as it was), and only when the renderer cannot cope at all (it throws)
 * does the notice fall back to the lead's card. Either way the mismatch is logged once per template.
 */
export async function noticeCard(notice: NoticeInput, ctx: NoticeContext, locale: Locale): Promise<Card> {
  const { template } = notice;
  if (!isNoticeTemplate(template)) {
    logOnce(
      `unknown:${template}`,
      `notices: no renderer for template "${template}"; showing the lead's card`,
    );
    return fallbackCard(ctx, locale);
  }
  const def = NOTICES[template] as unknown as NoticeDef;
  const parsed = def.data.safeParse(notice.data);
  if (parsed.success) return def.render(parsed.data, ctx, locale);
  const issue = parsed.error.issues[0];
  logOnce(
    `bad:${template}`,
    `notices: a "${template}" notice does not fit its schema (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}); rendering what it has`,
  );
  try {
    return await def.render(notice.data, ctx, locale);
  } catch {
    return fallbackCard(ctx, locale);
  }
}
