// Follow-up SOP (F19) and the hand-over at signing (F20): both are tasks with a due time, done with a button
// or `done T5`, and escalated by the sweep when overdue.
import type { Deal } from '../rules/deals.ts';
import type { Stage } from '../rules/deal-rules.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import { clockDeadline } from '../../../kernel/work-clock.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { DealTask, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import { raiseRisks } from './raise-risks.ts';

const HOUR = 3_600_000;

/**
 * Entering a stage turns its SOP actions into the owner's tasks, each with its time limit on the SOP clock
 * (rules.clocks.sop: by default calendar hours that pass only on working days, so a task is never due on a
 * Sunday; the event records the clock).
 */
export async function openSopTasks(
  tx: Tx,
  deps: EngineDeps,
  deal: Deal,
  stage: Stage,
  now: number,
): Promise<number[]> {
  const ids: number[] = [];
  const clock = deps.rules.clocks.sop;
  const wt = clock === 'wall' ? null : await orgWorkTime(tx, deps);
  for (const action of stage.sop) {
    const task = {
      dealId: deal.id,
      kind: 'sop' as const,
      stage: stage.id,
      assigneeId: deal.ownerId,
      requesterId: null,
      title: action.action,
      dueAt: wt === null ? now + action.hours * HOUR : clockDeadline(now, action.hours, clock, wt),
      remindAt: null,
      data: { action: action.id, actionEn: action.actionEn ?? action.action },
      createdAt: now,
    };
    const id = await tx.deals.addTask(task);
    await tx.events.append({
      type: 'deal.task_opened',
      at: now,
      leadId: deal.leadId,
      actorId: null,
      dealId: deal.id,
      taskId: id,
      kind: 'sop',
      to: deal.ownerId,
      title: task.title,
      dueAt: task.dueAt,
      clock,
    });
    ids.push(id);
  }
  return ids;
}

/** Leaving a stage closes what was left of its SOP (kept as not done, for the process-health figures). */
export async function closeStageTasks(tx: Tx, deal: Deal, stageId: string, now: number): Promise<void> {
  for (const t of await tx.deals.openTasks(deal.id))
    if ((t.kind === 'sop' || t.kind === 'stall_analysis') && t.stage === stageId)
      await tx.deals.finishTask(t.id, now, { ...t.data, closedBy: 'advanced' });
}

/** At signing: the hand-over sheet goes to delivery and finance, each to acknowledge (F20). */
export async function sendHandover(tx: Tx, deps: EngineDeps, deal: Deal, now: number): Promise<number[]> {
  const rules = deps.rules.deals.handover;
  const lead = await tx.leads.get(deal.leadId);
  const events = await tx.events.forLead(deal.leadId);
  const promises = events.flatMap((e) => (e.type === 'deal.promise' && e.dealId === deal.id ? [e.text] : []));
  const contacts = (await tx.deals.people(deal.id))
    .filter((p) => p.status === 'active')
    .map((p) => `${p.name}${p.title === '' ? '' : ` (${p.title})`}`);
  const sheet = {
    dealId: deal.id,
    customer: deal.customer,
    amount: deal.amount,
    ownerId: deal.ownerId,
    scope: lead?.need ?? '',
    contacts: contacts.length > 0 ? contacts : lead?.contact ? [`${lead.contact} ${lead.phone}`.trim()] : [],
    promises,
    signedAt: now,
    expectedCloseAt: deal.expectedCloseAt,
  };
  const recipients = (await tx.org.people()).filter((p) => p.active && rules.roles.includes(p.role));
  const ids: number[] = [];
  for (const r of recipients) {
    const id = await tx.deals.addTask({
      dealId: deal.id,
      kind: 'handover',
      stage: deal.stage,
      assigneeId: r.id,
      requesterId: deal.ownerId,
      title: deal.customer,
      dueAt: now + rules.ackHours * HOUR,
      remindAt: null,
      data: { role: r.role },
      createdAt: now,
    });
    await tx.events.append({
      type: 'deal.task_opened',
      at: now,
      leadId: deal.leadId,
      actorId: null,
      dealId: deal.id,
      taskId: id,
      kind: 'handover',
      to: r.id,
      title: deal.customer,
      dueAt: now + rules.ackHours * HOUR,
    });
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: r.id },
        template: 'deal.handover',
        data: { ...sheet, taskId: id, dueAt: now + rules.ackHours * HOUR },
      }),
      now,
    );
    ids.push(id);
  }
  return ids;
}

export type DoneResult =
  | { kind: 'done'; task: DealTask; deal: Deal; late: boolean }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'ALREADY_DONE' };

/** `done T5`, or the Done / Acknowledge button: an SOP action done, or a hand-over sheet acknowledged. */
export async function completeTask(
  deps: EngineDeps,
  input: { personId: string; taskId: number },
): Promise<DoneResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<DoneResult> => {
    const task = await tx.deals.task(input.taskId);
    if (task === null || (task.kind !== 'sop' && task.kind !== 'handover'))
      return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (task.assigneeId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (!(await tx.deals.finishTask(task.id, now, task.data)))
      return { kind: 'rejected', reason: 'ALREADY_DONE' };
    const deal = (await tx.deals.get(task.dealId)) as Deal;
    const late = now > task.dueAt;
    await tx.events.append({
      type: 'deal.task_done',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      taskId: task.id,
      kind: task.kind,
      late,
    });
    if (task.kind === 'handover' && task.requesterId !== null)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: task.requesterId },
          template: 'deal.handover_acked',
          data: { dealId: deal.id, customer: deal.customer, by: input.personId, taskId: task.id },
        }),
        now,
      );
    return { kind: 'done', task, deal, late };
  });
}

/** Sweep: an overdue SOP action goes to the rep's manager; an unacknowledged sheet is chased, its owner's manager copied. */
export async function chaseOverdueTask(tx: Tx, task: DealTask, at: number): Promise<boolean> {
  if (!(await tx.deals.escalateTask(task.id, at))) return false;
  const deal = await tx.deals.get(task.dealId);
  if (deal === null || (task.kind !== 'sop' && task.kind !== 'handover')) return false;
  const managerId = await managerOf(tx, task.assigneeId);
  await tx.events.append({
    type: 'deal.task_overdue',
    at,
    leadId: deal.leadId,
    actorId: null,
    dealId: deal.id,
    taskId: task.id,
    kind: task.kind,
    to: managerId,
  });
  const data = {
    dealId: deal.id,
    taskId: task.id,
    customer: deal.customer,
    assigneeId: task.assigneeId,
    title: task.title,
    dueAt: task.dueAt,
    kind: task.kind,
    ...task.data,
  };
  await tx.outbox.enqueue(
    notice({ to: { kind: 'person', id: task.assigneeId }, template: 'deal.task_overdue', data }),
    at,
  );
  if (managerId !== null)
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: managerId }, template: 'deal.task_overdue.manager', data }),
      at,
    );
  return true;
}

export type PromiseResult =
  { kind: 'kept'; deal: Deal } | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'EMPTY' };

/** `promise D12 three-day deployment`: a special promise to the customer, carried onto the hand-over sheet. */
export async function recordPromise(
  deps: EngineDeps,
  input: { personId: string; dealId: number; text: string },
): Promise<PromiseResult> {
  const now = deps.clock();
  if (input.text.trim() === '') return { kind: 'rejected', reason: 'EMPTY' };
  return deps.store.transaction(async (tx): Promise<PromiseResult> => {
    const deal = await tx.deals.get(input.dealId);
    if (deal === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (deal.ownerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    await tx.events.append({
      type: 'deal.promise',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      text: input.text.trim(),
    });
    // A promise is the rep's words about the deal: read for risk phrases (issue 25 item 11).
    if (deal.status === 'open')
      await raiseRisks(tx, deps, deal, input.personId, input.text.trim(), now, { kind: 'promise' });
    return { kind: 'kept', deal };
  });
}
