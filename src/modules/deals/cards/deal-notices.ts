// Deal alerts (outbox templates `deal.risk*`, `deal.skipped`, `deal.kp_changed`, `deal.health`,
// `deal.won.announce`) → cards. Their data carries what the card needs (customer, the suggested response, the
// decision-chain diff), written when the notice was queued.
import { ACTIONS, type Card } from '../../../kernel/card.ts';
import { codeText, t, type Locale } from '../../i18n.ts';
import type { NoticeContext } from '../../notice-kit.ts';
import type { NoticeData } from '../../notice-data.ts';
import { healthEvidenceText, kpDiffText } from './deal-card.ts';
import { pastCaseLines } from './past-cases.ts';

/** The Deal button every deal notice carries. */
export const openDeal = (locale: Locale, dealId: number): Card['actions'] => [
  { id: ACTIONS.dealOpen, label: t(locale, 'btn.deal'), value: String(dealId) },
];

/** The suggested response in the reader's language (notices from before it had an English one: Chinese). */
const response = (d: { response: string; responseEn?: string | undefined }, locale: Locale) =>
  locale === 'en' ? (d.responseEn ?? d.response) : d.response;

/** "In Pat's answer to R5": which text the phrase was found in (notices from before issue 25 say nothing). */
function sourceLine(d: NoticeData<'deal.risk'>, ctx: NoticeContext, locale: Locale): string[] {
  if (d.source === undefined) return [];
  return [
    t(locale, `notice.deal.risk.source.${d.source}`, {
      who: d.writer === undefined || d.writer === '' ? '-' : ctx.nameOf(d.writer),
      ref: d.sourceRef ?? '',
    }),
  ];
}

export function riskCard(d: NoticeData<'deal.risk'>, ctx: NoticeContext, locale: Locale): Card {
  return {
    title: t(locale, 'notice.deal.risk.title', {
      id: String(d.dealId),
      customer: d.customer,
      phrase: d.phrase,
    }),
    body: [
      ...sourceLine(d, ctx, locale),
      response(d, locale),
      ...(d.past === undefined ? [] : pastCaseLines(d.past, d.phrase, locale)),
    ].join('\n'),
    level: 'yellow',
    actions: openDeal(locale, d.dealId),
  };
}

export function riskManagerCard(
  d: NoticeData<'deal.risk.manager'>,
  ctx: NoticeContext,
  locale: Locale,
): Card {
  return {
    title: t(locale, 'notice.deal.riskManager.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
      phrase: d.phrase,
    }),
    body: [
      ...sourceLine(d, ctx, locale),
      t(locale, 'notice.deal.riskManager.body', { excerpt: d.excerpt, response: response(d, locale) }),
      ...(d.past === undefined ? [] : pastCaseLines(d.past, d.phrase, locale)),
    ].join('\n'),
    level: 'yellow',
    actions: openDeal(locale, d.dealId),
  };
}

export function skippedCard(d: NoticeData<'deal.skipped'>, ctx: NoticeContext, locale: Locale): Card {
  return {
    title: t(locale, 'notice.deal.skipped.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
    }),
    body: [
      t(locale, 'notice.deal.skipped.body', {
        skipped: d.skipped.join('、'),
        to: d.to,
        reason: d.reason,
      }),
      ...(d.missing === undefined || d.missing.length === 0
        ? []
        : [
            t(locale, 'notice.deal.skipped.missing', {
              list: d.missing
                .map((m) =>
                  locale === 'en'
                    ? `${m.stageEn}: ${m.itemsEn.join(', ')}`
                    : `「${m.stage}」${m.items.join('、')}`,
                )
                .join(locale === 'en' ? '; ' : '；'),
            }),
          ]),
    ].join('\n'),
    level: 'info',
    actions: openDeal(locale, d.dealId),
  };
}

export function kpChangedCard(d: NoticeData<'deal.kp_changed'>, ctx: NoticeContext, locale: Locale): Card {
  return {
    title: t(locale, 'notice.deal.kpChanged.title', {
      id: String(d.dealId),
      customer: d.customer,
      owner: ctx.nameOf(d.ownerId),
      name: d.name,
    }),
    // Notices from before the diff was kept carry the changes as sentences.
    body: d.diff === undefined ? d.changes.join('\n') : kpDiffText(d.diff, locale),
    level: 'yellow',
    actions: openDeal(locale, d.dealId),
  };
}

export function healthCard(d: NoticeData<'deal.health'>, _ctx: NoticeContext, locale: Locale): Card {
  const evidence = healthEvidenceText(
    { reason: d.reason, evidence: d.evidence, ...(d.detail === undefined ? {} : { detail: d.detail }) },
    locale,
  );
  return {
    title: t(locale, 'notice.deal.health.title', {
      id: String(d.dealId),
      customer: d.customer,
      health: codeText(locale, 'deal.health', d.to),
    }),
    body: t(locale, 'notice.deal.health.body', { evidence }),
    level: d.to === 'red' ? 'red' : 'yellow',
    actions: openDeal(locale, d.dealId),
  };
}

export function wonCard(d: NoticeData<'deal.won.announce'>, ctx: NoticeContext, locale: Locale): Card {
  const en = locale === 'en';
  const amount = d.amount.toLocaleString(en ? 'en-US' : 'zh-CN');
  return {
    title: t(locale, 'notice.deal.won.title', { owner: ctx.nameOf(d.ownerId), customer: d.customer }),
    level: 'win',
    fields: [
      { label: t(locale, 'notice.deal.won.industry'), value: d.industry || '-' },
      { label: t(locale, 'notice.deal.won.need'), value: d.need || '-' },
      { label: t(locale, 'notice.deal.won.amount'), value: t(locale, 'notice.deal.won.yuan', { amount }) },
      { label: t(locale, 'notice.deal.won.pipeline'), value: en ? (d.pipelineEn ?? d.pipeline) : d.pipeline },
    ],
  };
}
