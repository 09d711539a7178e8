// Requests to presales, finance, delivery or anyone in the org about a deal, with an SLA (F18): asked, answered,
// reminded before they fall due, escalated when late.
import type { Deal } from '../rules/deals.ts';
import type { Person } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { DealTask, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import { raiseRisks } from './raise-risks.ts';

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
    // What the rep asks is their words about the deal: read for risk phrases (issue 25 item 11).
    await raiseRisks(tx, deps, deal, input.personId, fields.title, now, { kind: 'request', ref: `R${id}` });
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
    // The colleague's answer is read for risk phrases like any note (issue 25 item 11).
    if (deal.status === 'open')
      await raiseRisks(tx, deps, deal, input.personId, input.text.trim(), now, {
        kind: 'answer',
        ref: `R${task.id}`,
      });
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
