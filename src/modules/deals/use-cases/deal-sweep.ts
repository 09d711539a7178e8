// F15: stall alerts on a working-day calendar, and the chase of unfiled stall analyses. Like the lead sweep:
// only due rows are read, each acted on through a conditional update in its own transaction, so two
// instances (or a rerun) act once.
import { analysisDueAt, pipelineOf, stageOf, type Deal } from '../rules/deals.ts';
import type { EngineDeps } from '../../deps.ts';
import { raiseRisks } from './raise-risks.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { escalateRequest, remindRequest } from './team-requests.ts';
import { yellowForSilence } from './customer-health.ts';
import { chaseOverdueTask } from './deal-tasks.ts';
import type { DealTask, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

export interface DealSweepResult {
  /** Deals over their stage's time limit: the rep got the checklist and the analysis form, the manager a copy. */
  stalled: number;
  /** Stall analyses and cross-team requests not done in time, sent up. */
  escalated: number;
  /** Cross-team requests whose assignee was reminded before the deadline. */
  reminded: number;
  /** Deals turned yellow because no key person has been in touch for `health.silentDays`. */
  silent: number;
  /** SOP actions not done and hand-over sheets not acknowledged in time (F19, F20): chased, manager told. */
  overdue: number;
}

const BATCH = 200;

export async function sweepDeals(deps: EngineDeps, at: number = deps.clock()): Promise<DealSweepResult> {
  const result: DealSweepResult = { stalled: 0, escalated: 0, reminded: 0, silent: 0, overdue: 0 };
  for (;;) {
    const due = await deps.store.transaction((tx) => tx.deals.dueStalls(at, BATCH));
    let acted = 0;
    for (const deal of due) if (await deps.store.transaction((tx) => alertStall(tx, deps, deal, at))) acted++;
    result.stalled += acted;
    if (due.length < BATCH || acted === 0) break;
  }
  for (;;) {
    const due = await deps.store.transaction((tx) => tx.deals.dueTasks(at, BATCH));
    let acted = 0;
    for (const task of due)
      if (await deps.store.transaction((tx) => escalate(tx, deps, task, at))) {
        acted++;
        if (task.kind === 'sop' || task.kind === 'handover') result.overdue++;
        else result.escalated++;
      }
    if (due.length < BATCH || acted === 0) break;
  }
  for (;;) {
    const due = await deps.store.transaction((tx) => tx.deals.dueReminders(at, BATCH));
    let acted = 0;
    for (const task of due) if (await deps.store.transaction((tx) => remindRequest(tx, task, at))) acted++;
    result.reminded += acted;
    if (due.length < BATCH || acted === 0) break;
  }
  const silentBefore = at - deps.rules.deals.health.silentDays * 86_400_000;
  for (;;) {
    const due = await deps.store.transaction((tx) => tx.deals.silentDeals(silentBefore, BATCH));
    let acted = 0;
    for (const deal of due)
      if (await deps.store.transaction((tx) => yellowForSilence(tx, deps, deal, at))) acted++;
    result.silent += acted;
    if (due.length < BATCH || acted === 0) break;
  }
  return result;
}

async function alertStall(tx: Tx, deps: EngineDeps, deal: Deal, at: number): Promise<boolean> {
  const ok = await tx.deals.update(
    deal.id,
    { stage: deal.stage, status: 'open', stallAlerted: false },
    { stallAlertedAt: at },
  );
  if (!ok) return false;
  const pipeline = pipelineOf(deps.rules.deals, deal.pipeline);
  const stage = pipeline === null ? null : stageOf(pipeline, deal.stage);
  const dueAt = analysisDueAt(at, deps.rules.deals);
  const taskId = await tx.deals.addTask({
    dealId: deal.id,
    kind: 'stall_analysis',
    stage: deal.stage,
    assigneeId: deal.ownerId,
    requesterId: null,
    title: '',
    dueAt,
    remindAt: null,
    data: { stageDueAt: deal.stageDueAt },
    createdAt: at,
  });
  await tx.events.append({
    type: 'deal.stalled',
    at,
    leadId: deal.leadId,
    actorId: null,
    dealId: deal.id,
    stage: deal.stage,
    dueAt: deal.stageDueAt,
    taskId,
  });
  const data = {
    dealId: deal.id,
    taskId,
    customer: deal.customer,
    stage: stage?.name ?? deal.stage,
    stageEn: stage?.nameEn ?? stage?.name ?? deal.stage,
    limitDays: stage?.limitDays ?? null,
    enteredAt: deal.stageEnteredAt,
    checklist: stage?.checklist ?? [],
    analysisDueAt: dueAt,
    ownerId: deal.ownerId,
  };
  await tx.outbox.enqueue(
    notice({ to: { kind: 'person', id: deal.ownerId }, template: 'deal.stalled', data }),
    at,
  );
  const managerId = await managerOf(tx, deal.ownerId);
  if (managerId !== null)
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: managerId }, template: 'deal.stalled.manager', data }),
      at,
    );
  return true;
}

async function escalate(tx: Tx, deps: EngineDeps, task: DealTask, at: number): Promise<boolean> {
  if (task.kind === 'request') return escalateRequest(tx, deps, task, at);
  if (task.kind === 'sop' || task.kind === 'handover') return chaseOverdueTask(tx, task, at);
  if (task.kind !== 'stall_analysis') return false;
  if (!(await tx.deals.escalateTask(task.id, at))) return false;
  const deal = await tx.deals.get(task.dealId);
  if (deal === null) return false;
  const managerId = await managerOf(tx, task.assigneeId);
  await tx.events.append({
    type: 'deal.stall_escalated',
    at,
    leadId: deal.leadId,
    actorId: null,
    dealId: deal.id,
    stage: task.stage,
    taskId: task.id,
    to: managerId,
  });
  const data = {
    dealId: deal.id,
    taskId: task.id,
    customer: deal.customer,
    ownerId: task.assigneeId,
    dueAt: task.dueAt,
  };
  if (managerId !== null)
    await tx.outbox.enqueue(
      notice({ to: { kind: 'person', id: managerId }, template: 'deal.stall_escalated', data }),
      at,
    );
  await tx.outbox.enqueue(
    notice({ to: { kind: 'person', id: task.assigneeId }, template: 'deal.stall_overdue', data }),
    at,
  );
  return true;
}

export type StallAnalysisResult =
  | { kind: 'filed'; deal: Deal; risks: number }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'ALREADY_FILED' | 'EMPTY' };

/** The rep files the stall analysis (customer news, our pending actions, way through); the manager sees it. */
export async function fileStallAnalysis(
  deps: EngineDeps,
  input: { personId: string; taskId: number; news: string; pending: string; way: string },
): Promise<StallAnalysisResult> {
  const now = deps.clock();
  if ([input.news, input.pending, input.way].every((s) => s.trim() === ''))
    return { kind: 'rejected', reason: 'EMPTY' };
  return deps.store.transaction(async (tx): Promise<StallAnalysisResult> => {
    const task = await tx.deals.task(input.taskId);
    if (task === null || task.kind !== 'stall_analysis') return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (task.assigneeId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    const analysis = { news: input.news.trim(), pending: input.pending.trim(), way: input.way.trim() };
    if (!(await tx.deals.finishTask(task.id, now, { ...task.data, ...analysis })))
      return { kind: 'rejected', reason: 'ALREADY_FILED' };
    const deal = (await tx.deals.get(task.dealId)) as Deal;
    await tx.events.append({
      type: 'deal.stall_analysis',
      at: now,
      leadId: deal.leadId,
      actorId: input.personId,
      dealId: deal.id,
      stage: task.stage,
      taskId: task.id,
      ...analysis,
    });
    const managerId = await managerOf(tx, deal.ownerId);
    if (managerId !== null)
      await tx.outbox.enqueue(
        notice({
          to: { kind: 'person', id: managerId },
          template: 'deal.stall_analysis',
          data: {
            dealId: deal.id,
            customer: deal.customer,
            ownerId: deal.ownerId,
            late: now > task.dueAt,
            ...analysis,
          },
        }),
        now,
      );
    const text = [analysis.news, analysis.pending, analysis.way].join('。');
    const risks = (
      await raiseRisks(tx, deps, deal, input.personId, text, now, { kind: 'stall_analysis', ref: task.stage })
    ).length;
    return { kind: 'filed', deal, risks };
  });
}
