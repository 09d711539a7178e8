import { DateTime } from 'luxon';
import type { Lead, Person, TouchKind } from '../../../kernel/types.ts';
import { claimLead, type ClaimLeadResult } from '../use-cases/claim-lead.ts';
import { explainLeadFor } from '../use-cases/explain-lead.ts';
import { passLead, releaseLead } from '../use-cases/give-back-lead.ts';
import { claimBoard, listMarket } from '../use-cases/market.ts';
import { lookupNames, myLeads } from '../use-cases/my-leads.ts';
import { touchLead } from '../use-cases/touch-lead.ts';
import { ACTIONS, type Card, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { explainDecision, lineText, scoreParts } from '../cards/explain.ts';
import { formatTime, leadCard } from '../cards/lead-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { newLeadForm, touchForm } from './forms.ts';
import { linkContactReplies } from './contact-replies.ts';
import { riskMarkLines, signalResponse } from '../../deals/cards/past-cases.ts';
import { timezoneOf } from '../../org/use-cases/read-org.ts';

const MARKET_CARDS = 10;

async function cardFor(
  deps: ChatDeps,
  lead: Lead,
  locale: Locale,
  viewerId: string | null = null,
): Promise<Card> {
  const { names, timezone } = await lookupNames(deps.engine);
  return leadCard(
    {
      lead,
      ownerName: lead.ownerId === null ? null : (names.get(lead.ownerId) ?? lead.ownerId),
      timezone,
      viewerId,
    },
    locale,
  );
}

export async function claimReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const r: ClaimLeadResult = await claimLead(deps.engine, { personId: actor.id, leadId });
  // The claim's own transaction read the org's timezone: a burst of 50 claims on one lead is 50 units of work on
  // the store, not 100 (each reading every person's name besides; issue 23, item 1).
  const { timezone } = r;
  if (r.kind === 'claimed') {
    // The deadline itself, not "within 24 h": on the working-day clock a Friday claim is due on Monday.
    const due = r.lead.followUpDueAt;
    const done: Reply = {
      ...note(
        locale,
        'reply.claimed',
        { id: leadId, company: r.lead.company, until: due === null ? '-' : formatTime(due, timezone) },
        'green',
      ),
      shared: true,
    };
    // A click replaces the clicked card with its new state; the other copies are updated through the outbox.
    return clicked
      ? [{ mode: 'in_place', card: await cardFor(deps, r.lead, locale, actor.id) }, done]
      : [done];
  }
  const vars: Record<string, string | number> = {
    id: leadId,
    owner: r.ownerName ?? ('ownerId' in r ? (r.ownerId ?? '-') : '-'),
  };
  if (r.reason === 'AT_CAPACITY') Object.assign(vars, { open: r.open, capacity: r.capacity });
  if (r.reason === 'DAILY_CAP') Object.assign(vars, { claimed: r.claimedToday, cap: r.cap });
  if (r.reason === 'COOLDOWN') vars.until = formatTime(r.until, timezone);
  if (r.reason === 'OFFER_EXPIRED') vars.until = formatTime(r.expiredAt, timezone);
  if (r.reason === 'CLOSED') vars.status = t(locale, `status.${r.status}`);
  return [note(locale, `refuse.${r.reason}`, vars, 'yellow')];
}

export function newLeadReplies(locale: Locale): Reply[] {
  return [
    {
      mode: 'open_form',
      card: { title: t(locale, 'form.new.title'), level: 'info', form: newLeadForm(locale) },
    },
  ];
}

export async function passReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  locale: Locale,
): Promise<Reply[]> {
  const r = await passLead(deps.engine, { personId: actor.id, leadId });
  return [
    r.kind === 'rejected'
      ? note(locale, `refuse.${r.reason}`, { id: leadId }, 'yellow')
      : note(locale, 'reply.passed', { id: leadId }),
  ];
}

export async function releaseReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  text: string,
  locale: Locale,
): Promise<Reply[]> {
  const r = await releaseLead(deps.engine, { personId: actor.id, leadId, note: text });
  return [
    r.kind === 'rejected'
      ? note(locale, `refuse.${r.reason}`, { id: leadId, deal: 'dealId' in r ? r.dealId : '' }, 'yellow')
      : note(locale, 'reply.released', { id: leadId }),
  ];
}

/** `at`: HH:mm today, when the visit or call happened earlier than it is logged. */
export async function touchReplies(
  deps: ChatDeps,
  actor: Person,
  command: { leadId: number; kind: TouchKind; note: string; at?: string },
  locale: Locale,
): Promise<Reply[]> {
  const doneAt = command.at === undefined ? undefined : await todayAt(deps, command.at);
  const r = await touchLead(deps.engine, {
    personId: actor.id,
    leadId: command.leadId,
    kind: command.kind,
    note: command.note,
    ...(doneAt === undefined ? {} : { doneAt }),
  });
  if (r.kind === 'rejected') return [note(locale, `refuse.${r.reason}`, { id: command.leadId }, 'yellow')];
  return [note(locale, r.first ? 'reply.touchedFirst' : 'reply.touched', { id: command.leadId }, 'green')];
}

export async function whyReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  locale: Locale,
): Promise<Reply[]> {
  const story = await explainLeadFor(deps.engine, leadId, actor);
  if (story === null) return [note(locale, 'refuse.NOT_FOUND', { id: leadId }, 'yellow')];
  if (story === 'forbidden') return [note(locale, 'why.refuse.NOT_READER', { id: leadId }, 'yellow')];
  const { timezone } = await lookupNames(deps.engine);
  const names = { people: story.people, timezone };
  const nameOf = (id: string) => story.people.get(id)?.name ?? id;
  // A rep reads their own part of each decision; their manager, directors and admins read everyone's.
  const viewer = story.seesAll ? undefined : actor.id;
  // Routing's decisions, and the ways a lead reached someone without one: entered by the rep, taken from the market.
  const lines = [
    ...story.decisions.map((d) => ({
      at: d.at,
      text: explainDecision(d.explanation, locale, names, viewer),
    })),
    // WeChat customers linked to the lead, or added by another rep (issue 24 item 8).
    ...story.events.flatMap((e) => {
      const words = (contact: string, phone: string) => ({ name: nameOf(e.actorId ?? ''), contact, phone });
      if (e.type === 'lead.contact_linked')
        return [
          {
            at: e.at,
            text: t(
              locale,
              e.via === 'tap' ? 'why.contact.tapped' : 'why.contact.linked',
              words(e.name, e.phone),
            ),
          },
        ];
      if (e.type === 'lead.contact_elsewhere')
        return [
          {
            at: e.at,
            text: t(locale, 'why.contact.elsewhere', { ...words(e.name, e.phone), owner: nameOf(e.owner) }),
          },
        ];
      return [];
    }),
    ...story.events.flatMap((e) =>
      e.type === 'lead.claimed' && e.via !== 'offer'
        ? [
            {
              at: e.at,
              text:
                e.by === actor.id
                  ? t(locale, e.via === 'entered' ? 'why.entered.you' : 'why.market.you')
                  : t(locale, e.via === 'entered' ? 'why.entered' : 'why.market', { name: nameOf(e.by) }),
            },
          ]
        : [],
    ),
  ].sort((a, b) => a.at - b.at);
  // The lead's score first (F1): its parts as stored, and the business line whose rules gave them.
  const { scoreBreakdown } = story.lead;
  const line = lineText(scoreBreakdown, locale, deps.engine.rules.deals.pipelines);
  const score = [
    t(locale, 'why.score', {
      score: story.lead.score,
      parts: scoreParts(scoreBreakdown, locale, story.lead.budget),
    }),
    ...(line === null ? [] : [line]),
  ];
  // The risk signals heard about the lead, where, the suggested response and their past cases (issue 24 item 5).
  const risks = story.risks.flatMap((m) =>
    riskMarkLines(
      m,
      m.actorId === null ? '-' : nameOf(m.actorId),
      locale,
      signalResponse(deps.engine.rules.deals, m.signal, locale),
    ),
  );
  const body = [
    ...score,
    ...lines.map((l) => `[${formatTime(l.at, timezone)}] ${l.text}`),
    ...(risks.length === 0 ? [] : [t(locale, 'risk.marks'), ...risks]),
  ].join('\n');
  return [
    {
      mode: 'ephemeral',
      card: { title: t(locale, 'why.title', { id: leadId }), level: 'info', body, leadId },
    },
  ];
}

export async function mineReplies(deps: ChatDeps, actor: Person, locale: Locale): Promise<Reply[]> {
  const mine = await myLeads(deps.engine, actor.id);
  const lines = mine.leads.map((l) =>
    t(locale, 'mine.line', {
      id: l.id,
      company: l.company,
      status: t(locale, `status.${l.status}`),
      due:
        l.followUpDueAt !== null
          ? t(locale, 'mine.due', { until: formatTime(l.followUpDueAt, mine.timezone) })
          : l.status === 'offered' && l.offerExpiresAt !== null
            ? t(locale, 'mine.due', { until: formatTime(l.offerExpiresAt, mine.timezone) })
            : '',
    }),
  );
  const left = t(locale, 'mine.claimsLeft', {
    left: Math.max(0, mine.cap - mine.claimsToday),
    cap: mine.cap,
  });
  const shown = mine.leads.slice(0, MARKET_CARDS);
  const more =
    mine.leads.length > shown.length
      ? [t(locale, 'mine.more', { shown: shown.length, total: mine.leads.length })]
      : [];
  // The list, then each lead as its card with its next steps (follow up, release; claim or pass an offer).
  const { names, timezone } = await lookupNames(deps.engine);
  const cards = shown.map((lead): Reply => ({
    mode: 'ephemeral',
    card: leadCard(
      {
        lead,
        ownerName: lead.ownerId === null ? null : (names.get(lead.ownerId) ?? lead.ownerId),
        timezone,
        viewerId: actor.id,
      },
      locale,
      lead.status === 'owned' && lead.followUpDueAt !== null
        ? { body: t(locale, 'mine.dueLine', { until: formatTime(lead.followUpDueAt, timezone) }) }
        : {},
    ),
  }));
  return [
    {
      mode: 'ephemeral',
      card: {
        title: t(locale, 'mine.title', { count: mine.leads.length }),
        level: 'info',
        body: [...(lines.length > 0 ? lines : [t(locale, 'mine.empty')]), left, ...more].join('\n'),
      },
    },
    ...cards,
  ];
}

export async function marketReplies(
  deps: ChatDeps,
  tag: string | null,
  locale: Locale,
  page = 1,
): Promise<Reply[]> {
  const offset = (Math.max(1, page) - 1) * MARKET_CARDS;
  const { leads, total } = await listMarket(deps.engine, {
    ...(tag === null ? {} : { tag }),
    limit: MARKET_CARDS,
    offset,
  });
  // The count is the whole pool's, not this page's (it said 10 while the pool held 108).
  const title =
    tag === null
      ? t(locale, 'market.title', { count: total })
      : t(locale, 'market.titleTag', { tag, count: total });
  const pages = Math.max(1, Math.ceil(total / MARKET_CARDS));
  const shown =
    leads.length === 0
      ? t(locale, total === 0 ? 'market.empty' : 'market.pastEnd', { pages })
      : t(locale, 'market.page', { from: offset + 1, to: offset + leads.length, total, page, pages });
  const more = offset + leads.length < total;
  const head: Reply = {
    mode: 'ephemeral',
    card: {
      title,
      level: 'info',
      body: shown,
      ...(more
        ? {
            actions: [
              { id: ACTIONS.marketOpen, label: t(locale, 'market.next'), value: `${page + 1}|${tag ?? ''}` },
            ],
          }
        : {}),
    },
  };
  const cards = await Promise.all(leads.map((l) => cardFor(deps, l, locale)));
  return [head, ...cards.map((card): Reply => ({ mode: 'ephemeral', card }))];
}

export async function boardReplies(deps: ChatDeps, locale: Locale): Promise<Reply[]> {
  const board = await claimBoard(deps.engine);
  const lines = board.rows.map((r) =>
    t(locale, 'board.line', { name: r.name, today: r.today, week: r.week }),
  );
  return [
    { mode: 'ephemeral', card: { title: t(locale, 'board.title'), level: 'info', body: lines.join('\n') } },
  ];
}

/** Button clicks: the same engine calls as the commands, answered in place where that makes sense. */
export async function leadActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  if (actionId === ACTIONS.marketOpen) {
    const { page, tag } = marketPageOf(value);
    return marketReplies(deps, tag, locale, page);
  }
  if (actionId === ACTIONS.leadLink) return linkContactReplies(deps, actor, value, locale);
  const leadId = Number(value);
  if (!Number.isInteger(leadId) || leadId <= 0)
    return [note(locale, 'refuse.NOT_FOUND', { id: value }, 'yellow')];
  switch (actionId) {
    case ACTIONS.leadClaim:
      return claimReplies(deps, actor, leadId, locale, true);
    case ACTIONS.leadTouch:
      return [
        {
          mode: 'open_form',
          card: { title: t(locale, 'form.touch.title'), level: 'info', form: touchForm(locale, leadId) },
        },
      ];
    case ACTIONS.leadPass:
      return passReplies(deps, actor, leadId, locale);
    case ACTIONS.leadRelease:
      return releaseReplies(deps, actor, leadId, '', locale);
    case ACTIONS.leadWhy:
      return whyReplies(deps, actor, leadId, locale);
    default:
      return marketReplies(deps, null, locale);
  }
}

/** The market's "next page" button: its value is `PAGE|TAG`. */
export function marketPageOf(value: string): { page: number; tag: string | null } {
  const [page, ...tag] = value.split('|');
  const n = Number(page);
  const word = tag.join('|').trim();
  return { page: Number.isInteger(n) && n > 0 ? n : 1, tag: word === '' ? null : word };
}

/** `HH:mm` today in the org's timezone, as epoch ms (a visit logged after it happened). */
async function todayAt(deps: ChatDeps, hhmm: string): Promise<number> {
  const zone = await timezoneOf(deps.engine);
  const [h, m] = hhmm.split(':').map(Number);
  return DateTime.fromMillis(deps.engine.clock(), { zone })
    .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 })
    .toMillis();
}
