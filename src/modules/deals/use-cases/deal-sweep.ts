// F15: stall alerts on a working-day calendar, and the chase of unfiled stall analyses. Like the lead sweep: only
// due rows are read, and acted on through conditional updates, a group per transaction (issue 23), so two instances
// (or a rerun) act once and a row that cannot be acted on costs only itself.
import { analysisDueAt, pipelineOf, stageOf, type Deal } from '../rules/deals.ts';
import type { EngineDeps } from '../../deps.ts';
import { raiseRisks } from './raise-risks.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import { escalateRequest, remindRequest } from './team-requests.ts';
import { yellowForSilence } from './customer-health.ts';
import { chaseOverdueTask } from './deal-tasks.ts';
import type { DealTask, Notice, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';
import { drainInGroups, type Failures, type GroupSizes } from '../../in-groups.ts';

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

/**
 * 50 due rows a transaction, as the lead sweep: one turn of the store's queue and one commit for the group (a deal
 * a transaction waited its turn behind the commands' transactions once per deal), small enough that a failed group
 * is cheap to redo a row at a time.
 */
const SIZES: GroupSizes = { batch: 200, perTransaction: 50 };
/** Deal ids looked at per read for silent deals: each read stays a few ms however many deals there are. */
const SILENT_IDS = 20_000;

/**
 * Acts on every deal clock that has run out by `at`. A row that cannot be acted on keeps neither the others nor
 * its own retry at the next sweep from happening; the sweep then fails at the end, saying which.
 */
export async function sweepDeals(deps: EngineDeps, at: number = deps.clock()): Promise<DealSweepResult> {
  const failed: Failures = new Map();
  const dealName = (d: Deal) => `deal ${d.id}`;
  const taskName = (t: DealTask) => `task ${t.id}`;
  const stalled = await drainInGroups(
    deps,
    SIZES,
    (tx, limit) => tx.deals.dueStalls(at, limit),
    (tx, due) => alertStalls(tx, deps, due, at),
    dealName,
    failed,
  );
  const chased = await drainInGroups(
    deps,
    SIZES,
    (tx, limit) => tx.deals.dueTasks(at, limit),
    (tx, due) => each(due, (task) => escalate(tx, deps, task, at)),
    taskName,
    failed,
  );
  const reminded = await drainInGroups(
    deps,
    SIZES,
    (tx, limit) => tx.deals.dueReminders(at, limit),
    (tx, due) => each(due, (task) => remindRequest(tx, task, at)),
    taskName,
    failed,
  );
  const silentBefore = at - deps.rules.deals.health.silentDays * 86_400_000;
  const lastId = await deps.store.transaction((tx) => tx.deals.lastId());
  let silent = 0;
  for (let after = 0; after < lastId; after += SILENT_IDS) {
    const ids = { after, upTo: after + SILENT_IDS };
    silent += (
      await drainInGroups(
        deps,
        SIZES,
        (tx, limit) => tx.deals.silentDeals(silentBefore, ids, limit),
        (tx, due) => each(due, (deal) => yellowForSilence(tx, deps, deal, at)),
        dealName,
        failed,
      )
    ).length;
  }
  const overdue = chased.filter((t) => t.kind === 'sop' || t.kind === 'handover').length;
  const result: DealSweepResult = {
    stalled: stalled.length,
    escalated: chased.length - overdue,
    reminded: reminded.length,
    silent,
    overdue,
  };
  if (failed.size > 0) {
    const which = [...failed].slice(0, 5).map(([name, why]) => `${name}: ${why}`);
    throw new Error(
      `deal sweep: ${result.stalled} stalls alerted, ${result.escalated + result.overdue} tasks escalated, ` +
        `${result.reminded} reminders, ${result.silent} deals silent; ${failed.size} failed (the next sweep ` +
        `tries them again): ${which.join('; ')}`,
    );
  }
  return result;
}

/** The rows of a group `one` acted on, one after another in the group's transaction. */
async function each<T>(group: readonly T[], one: (row: T) => Promise<boolean>): Promise<T[]> {
  const acted: T[] = [];
  for (const row of group) if (await one(row)) acted.push(row);
  return acted;
}

/** A person's manager, as managerOf says, for many people from one read of the people and the teams. */
async function managersOf(tx: Tx, personIds: readonly string[]): Promise<Map<string, string | null>> {
  const people = new Map((await tx.org.people()).map((p) => [p.id, p]));
  const teams = new Map((await tx.org.teams()).map((t) => [t.id, t]));
  const out = new Map<string, string | null>();
  for (const id of personIds) {
    const teamId = people.get(id)?.teamId;
    const managerId = teamId == null ? null : (teams.get(teamId)?.managerId ?? null);
    out.set(id, managerId === id ? null : managerId);
  }
  return out;
}

/**
 * The stall alerts of a group, deal by deal as one at a time would give them: the alert marked, the analysis task,
 * the `deal.stalled` event, the rep's notice and the manager's copy.
 */
async function alertStalls(tx: Tx, deps: EngineDeps, due: readonly Deal[], at: number): Promise<Deal[]> {
  const marked = await tx.deals.markStallAlerted(due, at);
  const alerted = due.filter((d) => marked.has(d.id));
  if (alerted.length === 0) return [];
  const dueAt = analysisDueAt(at, deps.rules.deals);
  const taskIds = await tx.deals.addTasks(
    alerted.map((deal) => ({
      dealId: deal.id,
      kind: 'stall_analysis' as const,
      stage: deal.stage,
      assigneeId: deal.ownerId,
      requesterId: null,
      title: '',
      dueAt,
      remindAt: null,
      data: { stageDueAt: deal.stageDueAt },
      createdAt: at,
    })),
  );
  const taskOf = (i: number) => {
    const id = taskIds[i];
    if (id === undefined) throw new Error(`deal sweep: no task id for the stall of deal ${alerted[i]?.id}`);
    return id;
  };
  await tx.events.appendMany(
    alerted.map((deal, i) => ({
      type: 'deal.stalled' as const,
      at,
      leadId: deal.leadId,
      actorId: null,
      dealId: deal.id,
      stage: deal.stage,
      dueAt: deal.stageDueAt,
      taskId: taskOf(i),
    })),
  );
  const managers = await managersOf(
    tx,
    alerted.map((d) => d.ownerId),
  );
  const notices = alerted.flatMap((deal, i): Notice[] => {
    const pipeline = pipelineOf(deps.rules.deals, deal.pipeline);
    const stage = pipeline === null ? null : stageOf(pipeline, deal.stage);
    const data = {
      dealId: deal.id,
      taskId: taskOf(i),
      customer: deal.customer,
      stage: stage?.name ?? deal.stage,
      stageEn: stage?.nameEn ?? stage?.name ?? deal.stage,
      limitDays: stage?.limitDays ?? null,
      enteredAt: deal.stageEnteredAt,
      checklist: stage?.checklist ?? [],
      analysisDueAt: dueAt,
      ownerId: deal.ownerId,
    };
    const managerId = managers.get(deal.ownerId) ?? null;
    return [
      notice({ to: { kind: 'person', id: deal.ownerId }, template: 'deal.stalled', data }),
      ...(managerId === null
        ? []
        : [notice({ to: { kind: 'person', id: managerId }, template: 'deal.stalled.manager', data })]),
    ];
  });
  await tx.outbox.enqueueMany(notices, at);
  return alerted;
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
