import { DateTime } from 'luxon';
import type { Lead, Person } from '../../../kernel/types.ts';
import { claimLead, type ClaimLeadResult } from '../use-cases/claim-lead.ts';
import { explainLead } from '../use-cases/explain-lead.ts';
import { passLead, releaseLead } from '../use-cases/give-back-lead.ts';
import { claimBoard, listMarket } from '../use-cases/market.ts';
import { lookupNames, myLeads } from '../use-cases/my-leads.ts';
import { orgTimezone } from '../../deps.ts';
import { touchLead } from '../use-cases/touch-lead.ts';
import { ACTIONS, type Card, type Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { explainDecision } from '../cards/explain.ts';
import { formatTime, leadCard } from '../cards/lead-card.ts';
import type { ChatDeps } from '../../../conversation/conversation.ts';
import { note } from '../../../conversation/note.ts';
import { newLeadForm, touchForm } from './forms.ts';
import type { Command, DealCommand, FeedbackCommand, ReportCommand } from '../../../conversation/parse-command.ts';

const MARKET_CARDS = 10;

async function cardFor(deps: ChatDeps, lead: Lead, locale: Locale): Promise<Card> {
  const { names, timezone } = await lookupNames(deps.engine);
  return leadCard(
    { lead, ownerName: lead.ownerId === null ? null : (names.get(lead.ownerId) ?? lead.ownerId), timezone },
    locale,
  );
}

async function claimReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  locale: Locale,
  clicked: boolean,
): Promise<Reply[]> {
  const r: ClaimLeadResult = await claimLead(deps.engine, { personId: actor.id, leadId });
  if (r.kind === 'claimed') {
    const done = note(
      locale,
      'reply.claimed',
      { id: leadId, company: r.lead.company, hours: deps.engine.rules.pool.followUpTimeoutHours },
      'green',
    );
    // A click replaces the clicked card with its new state; the other copies are updated through the outbox.
    return clicked ? [{ mode: 'in_place', card: await cardFor(deps, r.lead, locale) }, done] : [done];
  }
  const { timezone } = await lookupNames(deps.engine);
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

export async function leadCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: Exclude<
    Command,
    { verb: 'help' | 'invalid' | 'chart' | 'whatif' } | DealCommand | FeedbackCommand | ReportCommand
  >,
  locale: Locale,
): Promise<Reply[]> {
  const engine = deps.engine;
  switch (command.verb) {
    case 'new':
      return [
        {
          mode: 'open_form',
          card: { title: t(locale, 'form.new.title'), level: 'info', form: newLeadForm(locale) },
        },
      ];
    case 'claim':
      return claimReplies(deps, actor, command.leadId, locale, false);
    case 'pass': {
      const r = await passLead(engine, { personId: actor.id, leadId: command.leadId });
      return [
        r.kind === 'rejected'
          ? note(locale, `refuse.${r.reason}`, { id: command.leadId }, 'yellow')
          : note(locale, 'reply.passed', { id: command.leadId }),
      ];
    }
    case 'release': {
      const r = await releaseLead(engine, { personId: actor.id, leadId: command.leadId, note: command.note });
      return [
        r.kind === 'rejected'
          ? note(locale, `refuse.${r.reason}`, { id: command.leadId }, 'yellow')
          : note(locale, 'reply.released', { id: command.leadId }),
      ];
    }
    case 'touch': {
      const doneAt = command.at === undefined ? undefined : await todayAt(deps, command.at);
      const r = await touchLead(engine, {
        personId: actor.id,
        leadId: command.leadId,
        kind: command.kind,
        note: command.note,
        ...(doneAt === undefined ? {} : { doneAt }),
      });
      if (r.kind === 'rejected')
        return [note(locale, `refuse.${r.reason}`, { id: command.leadId }, 'yellow')];
      return [
        note(locale, r.first ? 'reply.touchedFirst' : 'reply.touched', { id: command.leadId }, 'green'),
      ];
    }
    case 'why': {
      const story = await explainLead(engine, command.leadId);
      if (story === null) return [note(locale, 'refuse.NOT_FOUND', { id: command.leadId }, 'yellow')];
      const { timezone } = await lookupNames(engine);
      const body = story.decisions
        .map(
          (d) =>
            `[${formatTime(d.at, timezone)}] ${explainDecision(d.explanation, locale, { people: story.people, timezone })}`,
        )
        .join('\n');
      return [
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'why.title', { id: command.leadId }),
            level: 'info',
            body,
            leadId: command.leadId,
          },
        },
      ];
    }
    case 'mine': {
      const mine = await myLeads(engine, actor.id);
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
      return [
        {
          mode: 'ephemeral',
          card: {
            title: t(locale, 'mine.title', { count: mine.leads.length }),
            level: 'info',
            body: [...(lines.length > 0 ? lines : [t(locale, 'mine.empty')]), left].join('\n'),
          },
        },
      ];
    }
    case 'market': {
      const leads = await listMarket(engine, {
        ...(command.tag === null ? {} : { tag: command.tag }),
        limit: MARKET_CARDS,
      });
      const title =
        command.tag === null
          ? t(locale, 'market.title', { count: leads.length })
          : t(locale, 'market.titleTag', { tag: command.tag, count: leads.length });
      const head: Reply = {
        mode: 'ephemeral',
        card: { title, level: 'info', ...(leads.length === 0 ? { body: t(locale, 'market.empty') } : {}) },
      };
      const cards = await Promise.all(leads.map((l) => cardFor(deps, l, locale)));
      return [head, ...cards.map((card): Reply => ({ mode: 'ephemeral', card }))];
    }
    case 'board': {
      const board = await claimBoard(engine);
      const lines = board.rows.map((r) =>
        t(locale, 'board.line', { name: r.name, today: r.today, week: r.week }),
      );
      return [
        {
          mode: 'ephemeral',
          card: { title: t(locale, 'board.title'), level: 'info', body: lines.join('\n') },
        },
      ];
    }
  }
}

/** Button clicks: the same engine calls as the commands, answered in place where that makes sense. */
export async function leadActionReplies(
  deps: ChatDeps,
  actor: Person,
  actionId: string,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
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
      return leadCommandReplies(deps, actor, { verb: 'pass', leadId }, locale);
    case ACTIONS.leadRelease:
      return leadCommandReplies(deps, actor, { verb: 'release', leadId, note: '' }, locale);
    case ACTIONS.leadWhy:
      return leadCommandReplies(deps, actor, { verb: 'why', leadId }, locale);
    default:
      return leadCommandReplies(deps, actor, { verb: 'market', tag: null }, locale);
  }
}

/** `HH:mm` today in the org's timezone, as epoch ms (a visit logged after it happened). */
async function todayAt(deps: ChatDeps, hhmm: string): Promise<number> {
  const zone = await deps.engine.store.transaction((tx) => orgTimezone(tx, deps.engine));
  const [h, m] = hhmm.split(':').map(Number);
  return DateTime.fromMillis(deps.engine.clock(), { zone })
    .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 })
    .toMillis();
}
