// The people around a deal: the customer's decision chain (F14), the customer's health (F17) and requests to
// presales, finance or delivery with an SLA (F18).
import type { Deal, Health, HealthDetail, KpChange } from '../rules/deals.ts';
import type { Person } from '../../../kernel/types.ts';
import { DateTime } from 'luxon';
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { DealTask, KeyPerson, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

/** `@li.min`, `@李敏`, `@U0LIMIN` (a messenger id), `li.min@example.com` → the person, or null. */
export function findPerson(people: readonly Person[], word: string): Person | null {
  const w = word.trim().replace(/^[@＠]/, '');
  if (w === '') return null;
  const lower = w.toLowerCase();
  return (
    people.find((p) => p.id.toLowerCase() === lower) ??
    people.find((p) => Object.values(p.identities).includes(w)) ??
    people.find((p) => p.name === w) ??
    people.find((p) => p.email?.toLowerCase() === lower || p.email?.toLowerCase().split('@')[0] === lower) ??
    null
  );
}

// ---------------------------------------------------------------------------------------------------
// Cross-team requests (F18)

export type AskResult =
  | { kind: 'asked'; task: DealTask; assignee: Person; deal: Deal }
  | {
      kind: 'rejected';
      reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'NO_SUCH_PERSON' | 'EMPTY' | 'SELF';
    };

/** `ask @someone D12 what`: a request with an SLA to presales, finance, delivery or anyone in the org. */
export async function askTeam(
  deps: EngineDeps,
  input: { personId: string; dealId: number; who: string; text: string },
): Promise<AskResult> {
  const now = deps.clock();
  if (input.text.trim() === '') return { kind: 'rejected', reason: 'EMPTY' };
  const rules = deps.rules.deals.requests;
  return deps.store.transaction(async (tx): Promise<AskResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.status !== 'open') return { kind: 'rejected', reason: 'NOT_OPEN' };
    const assignee = findPerson(
      (await tx.org.people()).filter((p) => p.active),
      input.who,
    );
    if (assignee === null) return { kind: 'rejected', reason: 'NO_SUCH_PERSON' };
    if (assignee.id === input.personId) return { kind: 'rejected', reason: 'SELF' };
    const dueAt = now + rules.slaHours * 3_600_000;
    const remindAt =
      rules.remindBeforeHours > 0 ? Math.max(now, dueAt - rules.remindBeforeHours * 3_600_000) : null;
    const fields = {
      dealId: deal.id,
      kind: 'request' as const,
      stage: deal.stage,
      assigneeId: assignee.id,
      requesterId: input.personId,
      title: input.text.trim(),
      dueAt,
      remindAt,
      data: {},
      createdAt: now,
    };
    const id = await tx.deals.addTask(fields);
    await tx.events.append({
      type: 'deal.request_opened',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      taskId: id,
      to: assignee.id,
      text: fields.title,
      dueAt,
    });
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: assignee.id },
        template: 'deal.request',
        data: {
          dealId: deal.id,
          taskId: id,
          customer: deal.customer,
          ownerId: deal.ownerId,
          text: fields.title,
          dueAt,
        },
      }),
      now,
    );
    return {
      kind: 'asked',
      task: { id, ...fields, escalatedAt: null, doneAt: null, remindedAt: null },
      assignee,
      deal,
    };
  });
}

export type AnswerResult =
  | { kind: 'answered'; task: DealTask; deal: Deal; late: boolean }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'ALREADY_ANSWERED' | 'EMPTY' };

/** The colleague answers (`answer R5 …` or the Answer button); the rep hears at once. */
export async function answerRequest(
  deps: EngineDeps,
  input: { personId: string; taskId: number; text: string },
): Promise<AnswerResult> {
  const now = deps.clock();
  if (input.text.trim() === '') return { kind: 'rejected', reason: 'EMPTY' };
  return deps.store.transaction(async (tx): Promise<AnswerResult> => {
    const task = await tx.deals.task(input.taskId);
    if (task === null || task.kind !== 'request') return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (task.assigneeId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (!(await tx.deals.finishTask(task.id, now, { ...task.data, answer: input.text.trim() })))
      return { kind: 'rejected', reason: 'ALREADY_ANSWERED' };
    const deal = (await tx.deals.get(task.dealId)) as Deal;
    const late = now > task.dueAt;
    await tx.events.append({
      type: 'deal.request_answered',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      taskId: task.id,
      text: input.text.trim(),
      late,
    });
    if (task.requesterId !== null)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: task.requesterId },
          template: 'deal.request_answered',
          data: {
            dealId: deal.id,
            taskId: task.id,
            customer: deal.customer,
            by: input.personId,
            question: task.title,
            answer: input.text.trim(),
            late,
          },
        }),
        now,
      );
    return { kind: 'answered', task, deal, late };
  });
}

/** Requests waiting for a person's answer (their `mine`-style list). */
export async function requestsFor(deps: EngineDeps, personId: string): Promise<DealTask[]> {
  return deps.store.transaction(async (tx) =>
    (await tx.deals.openTasksOf(personId)).filter((t) => t.kind === 'request'),
  );
}

/** The reminder before a request falls due (sweep). */
export async function remindRequest(tx: Tx, task: DealTask, at: number): Promise<boolean> {
  if (task.kind !== 'request' || !(await tx.deals.markReminded(task.id, at))) return false;
  const deal = await tx.deals.get(task.dealId);
  if (deal === null) return false;
  await tx.events.append({
    type: 'deal.request_reminded',
    at,
    leadId: deal.leadId,
    actorId: null,
    dealId: deal.id,
    taskId: task.id,
    to: task.assigneeId,
  });
  await tx.outbox.enqueue(
    notice({
      to: { kind: 'person', id: task.assigneeId },
      template: 'deal.request_reminder',
      data: {
        dealId: deal.id,
        taskId: task.id,
        customer: deal.customer,
        text: task.title,
        dueAt: task.dueAt,
      },
    }),
    at,
  );
  return true;
}

/**
 * A request past its SLA goes to the assignee's supervisor with the sales directors copied; the rep gets a
 * holding message to send the customer meanwhile.
 */
export async function escalateRequest(
  tx: Tx,
  deps: EngineDeps,
  task: DealTask,
  at: number,
): Promise<boolean> {
  if (!(await tx.deals.escalateTask(task.id, at))) return false;
  const deal = await tx.deals.get(task.dealId);
  if (deal === null) return false;
  const supervisor = await managerOf(tx, task.assigneeId);
  const directors = (await tx.org.people())
    .filter((p) => p.active && p.role === 'director' && p.id !== supervisor)
    .map((p) => p.id);
  await tx.events.append({
    type: 'deal.request_escalated',
    at,
    leadId: deal.leadId,
    actorId: null,
    dealId: deal.id,
    taskId: task.id,
    to: supervisor,
    copied: directors,
  });
  const data = {
    dealId: deal.id,
    taskId: task.id,
    customer: deal.customer,
    assigneeId: task.assigneeId,
    requesterId: task.requesterId,
    text: task.title,
    askedAt: task.createdAt,
    dueAt: task.dueAt,
  };
  for (const id of [supervisor, ...directors])
    if (id !== null)
      await tx.outbox.enqueue(
        notice({ to: { kind: 'person', id }, template: 'deal.request_escalated', data }),
        at,
      );
  if (task.requesterId !== null) {
    const assignee = await tx.org.person(task.assigneeId);
    const team = assignee?.teamId == null ? null : await tx.org.team(assignee.teamId);
    const rules = deps.rules.deals.requests;
    // The holding message promises a new answer time one SLA from now; the card fills in {team} and {until}.
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: task.requesterId },
        template: 'deal.request_holding',
        data: {
          ...data,
          team: team?.name ?? assignee?.name ?? '',
          promiseBy: at + rules.slaHours * 3_600_000,
          holding: rules.holdingMessage,
          holdingEn: rules.holdingMessageEn,
        },
      }),
      at,
    );
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Decision chain (F14)

export type KeyPersonResult =
  | { kind: 'added'; person: KeyPerson }
  | { kind: 'changed'; person: KeyPerson; changes: string[]; diff: KpChange[] }
  | { kind: 'unchanged'; person: KeyPerson }
  | {
      kind: 'rejected';
      reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NOT_OPEN' | 'BAD_INFLUENCE' | 'NO_SUCH_KEY_PERSON';
    };

/**
 * Adds or updates a key person (name, title, concern, influence 0–100), or marks one as gone (`left`). A change
 * to someone already in the chain — a new title, they left — is a risk signal: kept on the deal, the manager
 * told, the customer's health turns yellow.
 */
export async function setKeyPerson(
  deps: EngineDeps,
  input: {
    personId: string;
    dealId: number;
    name: string;
    title?: string;
    influence?: number;
    concern?: string;
    left?: boolean;
  },
): Promise<KeyPersonResult> {
  const now = deps.clock();
  if (input.influence !== undefined && !(input.influence >= 0 && input.influence <= 100))
    return { kind: 'rejected', reason: 'BAD_INFLUENCE' };
  return deps.store.transaction(async (tx): Promise<KeyPersonResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.status !== 'open') return { kind: 'rejected', reason: 'NOT_OPEN' };
    const existing = (await tx.deals.people(deal.id)).find((p) => p.name === input.name.trim());
    if (existing === undefined) {
      if (input.left === true) return { kind: 'rejected', reason: 'NO_SUCH_KEY_PERSON' };
      const fields: Omit<KeyPerson, 'id'> = {
        dealId: deal.id,
        name: input.name.trim(),
        title: input.title?.trim() ?? '',
        concern: input.concern?.trim() ?? '',
        influence: input.influence ?? 0,
        status: 'active',
        lastContactAt: now,
        createdAt: now,
        updatedAt: now,
      };
      const id = await tx.deals.addPerson(fields);
      await tx.events.append({
        type: 'deal.kp_added',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        name: fields.name,
        title: fields.title,
        influence: fields.influence,
        concern: fields.concern,
      });
      return { kind: 'added', person: { id, ...fields } };
    }
    const next: KeyPerson = {
      ...existing,
      ...(input.title === undefined ? {} : { title: input.title.trim() }),
      ...(input.concern === undefined || input.concern.trim() === ''
        ? {}
        : { concern: input.concern.trim() }),
      ...(input.influence === undefined ? {} : { influence: input.influence }),
      ...(input.left === true ? { status: 'left' as const } : {}),
      updatedAt: now,
    };
    const diff: KpChange[] = [];
    const was = {
      title: existing.title,
      influence: String(existing.influence),
      concern: existing.concern,
      status: existing.status,
    };
    const is = {
      title: next.title,
      influence: String(next.influence),
      concern: next.concern,
      status: next.status,
    };
    for (const field of ['title', 'influence', 'concern', 'status'] as const)
      if (was[field] !== is[field]) diff.push({ field, from: was[field], to: is[field] });
    // The machine-readable form kept in the log (`title: CTO → CFO`); chat renders `diff` in the reader's words.
    const changes = diff.map((c) => `${c.field}: ${c.from || '-'} → ${c.to || '-'}`);
    if (changes.length === 0) return { kind: 'unchanged', person: existing };
    await tx.deals.updatePerson(existing.id, next);
    await tx.events.append({
      type: 'deal.kp_changed',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      name: existing.name,
      changes,
      diff,
    });
    // Only a change of role or presence is a risk signal; a new concern or weight is ordinary upkeep.
    if (next.title !== existing.title || next.status !== existing.status) {
      const excerpt = `${existing.name}: ${changes.join('; ')}`;
      await tx.events.append({
        type: 'deal.risk',
        at: now,
        leadId: deal.leadId,
        actorId: input.personId,
        dealId: deal.id,
        signal: 'decisionChainChanged',
        phrase: existing.name,
        excerpt,
      });
      const managerId = await managerOf(tx, deal.ownerId);
      if (managerId !== null)
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: managerId },
            template: 'deal.kp_changed',
            data: {
              dealId: deal.id,
              customer: deal.customer,
              ownerId: deal.ownerId,
              name: existing.name,
              changes,
              diff,
            },
          }),
          now,
        );
      if (deal.health === 'green')
        await changeHealth(tx, deal, 'yellow', 'DECISION_CHAIN_CHANGED', excerpt, input.personId, now, {
          name: existing.name,
          diff,
        });
    }
    return { kind: 'changed', person: next, changes, diff };
  });
}

/** A follow-up note naming a key person counts as being in touch with them (F17's silence clock). */
export async function noteContacts(tx: Tx, deal: Deal, note: string, at: number): Promise<string[]> {
  const touched: string[] = [];
  for (const p of await tx.deals.people(deal.id))
    if (p.status === 'active' && p.name !== '' && note.includes(p.name)) {
      await tx.deals.updatePerson(p.id, { lastContactAt: at });
      touched.push(p.name);
    }
  return touched;
}

// ---------------------------------------------------------------------------------------------------
// Customer health (F17)

export type HealthResult =
  | { kind: 'changed'; deal: Deal; from: Health }
  | { kind: 'unchanged'; deal: Deal }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'NEEDS_EVIDENCE' };

/** `health D12 red REASON`: every change of colour carries its evidence (the reason, kept in the log). */
export async function setHealth(
  deps: EngineDeps,
  input: { personId: string; dealId: number; health: Health; evidence: string },
): Promise<HealthResult> {
  const now = deps.clock();
  if (input.evidence.trim() === '') return { kind: 'rejected', reason: 'NEEDS_EVIDENCE' };
  return deps.store.transaction(async (tx): Promise<HealthResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    const managerId = await managerOf(tx, deal.ownerId);
    if (deal.ownerId !== input.personId && managerId !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (deal.health === input.health) return { kind: 'unchanged', deal };
    await changeHealth(tx, deal, input.health, 'SET_BY_PERSON', input.evidence.trim(), input.personId, now);
    return { kind: 'changed', deal: (await tx.deals.get(deal.id)) as Deal, from: deal.health };
  });
}

export async function changeHealth(
  tx: Tx,
  deal: Deal,
  to: Health,
  reason: 'SET_BY_PERSON' | 'KEY_PEOPLE_SILENT' | 'DECISION_CHAIN_CHANGED',
  evidence: string,
  actorId: string | null,
  at: number,
  /** For DECISION_CHAIN_CHANGED: whose change, field by field, for the reader's words. */
  detail?: HealthDetail,
): Promise<boolean> {
  const ok = await tx.deals.update(deal.id, { status: 'open' }, { health: to });
  if (!ok) return false;
  await tx.events.append({
    type: 'deal.health_changed',
    at,
    leadId: deal.leadId,
    actorId,
    dealId: deal.id,
    from: deal.health,
    to,
    reason,
    evidence,
    ...(detail === undefined ? {} : { detail }),
  });
  if (to !== 'green') {
    const managerId = await managerOf(tx, deal.ownerId);
    const data = {
      dealId: deal.id,
      customer: deal.customer,
      ownerId: deal.ownerId,
      from: deal.health,
      to,
      reason,
      evidence,
      ...(detail === undefined ? {} : { detail }),
    };
    for (const id of new Set([deal.ownerId, managerId]))
      if (id !== null && id !== actorId)
        await tx.outbox.enqueue(notice({ to: { kind: 'person', id }, template: 'deal.health', data }), at);
  }
  return true;
}

/** Sweep: an open green deal whose key people have all been silent for `silentDays` turns yellow. */
export async function yellowForSilence(tx: Tx, deps: EngineDeps, deal: Deal, at: number): Promise<boolean> {
  const people = (await tx.deals.people(deal.id)).filter((p) => p.status === 'active');
  const last = Math.max(...people.map((p) => p.lastContactAt ?? p.createdAt));
  if (people.length === 0 || at - last < deps.rules.deals.health.silentDays * 86_400_000) return false;
  const zone = await orgTimezone(tx, deps);
  const latest = people.find((p) => (p.lastContactAt ?? p.createdAt) === last) as KeyPerson;
  const evidence = `${latest.name}: ${DateTime.fromMillis(last, { zone }).toFormat('yyyy-MM-dd')}`;
  return changeHealth(tx, deal, 'yellow', 'KEY_PEOPLE_SILENT', evidence, null, at);
}
