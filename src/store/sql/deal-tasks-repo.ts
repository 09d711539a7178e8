// The deals' tasks (F15, F18–F20): stall analyses, cross-team requests, SOP actions and hand-over sheets. Part of
// the DealRepo (deals-repo.ts spreads it in).
import type { DealRepo, DealTask, DealTaskKind } from '../../modules/ports.ts';
import { dealTasks } from '../schema/index.ts';
import { columnNames, type RowOf } from './columns.ts';
import type { Executor } from './executor.ts';
import { parseJson } from './rows.ts';

type TaskRow = RowOf<typeof dealTasks>;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function taskFromRow(r: TaskRow): DealTask {
  return {
    id: num(r.id),
    dealId: num(r.deal_id),
    kind: r.kind as DealTaskKind,
    stage: r.stage,
    assigneeId: r.assignee_id,
    requesterId: r.requester_id,
    title: r.title,
    dueAt: num(r.due_at),
    remindAt: numOrNull(r.remind_at),
    remindedAt: numOrNull(r.reminded_at),
    escalatedAt: numOrNull(r.escalated_at),
    doneAt: numOrNull(r.done_at),
    data: parseJson<Record<string, unknown>>(r.data, {}),
    createdAt: num(r.created_at),
  };
}

const SELECT_TASK = `select ${Object.values(columnNames(dealTasks)).join(', ')} from deal_tasks`;
const NEW_TASK_COLUMNS =
  'deal_id, kind, stage, assignee_id, requester_id, title, due_at, remind_at, data, created_at';
/** Rows per multi-row insert, and ids per `in (…)`: well under both databases' limits on parameters. */
const CHUNK = 200;

type NewTask = Parameters<DealRepo['addTask']>[0];

function newTaskValues(t: NewTask): Array<string | number | null> {
  return [
    t.dealId,
    t.kind,
    t.stage,
    t.assigneeId,
    t.requesterId,
    t.title,
    t.dueAt,
    t.remindAt,
    JSON.stringify(t.data),
    t.createdAt,
  ];
}

type TaskMethods =
  | 'addTask'
  | 'addTasks'
  | 'task'
  | 'openTasks'
  | 'openTasksFor'
  | 'dueTasks'
  | 'finishTask'
  | 'dueReminders'
  | 'markReminded'
  | 'openTasksOf'
  | 'escalateTask';

export function dealTaskRepo(db: Executor): Pick<DealRepo, TaskMethods> {
  return {
    async addTask(t) {
      const row = await db.get<{ id: number }>(
        `insert into deal_tasks (${NEW_TASK_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`,
        newTaskValues(t),
      );
      return num(row?.id);
    },
    async addTasks(tasks) {
      const ids: number[] = [];
      // One statement per CHUNK tasks (a stall alert is one each, a group of deals one statement). A multi-row
      // VALUES takes its ids in row order; RETURNING's own order is not promised, hence the sort.
      for (let i = 0; i < tasks.length; i += CHUNK) {
        const chunk = tasks.slice(i, i + CHUNK);
        const got = await db.column<number | string>(
          `insert into deal_tasks (${NEW_TASK_COLUMNS})
           values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} returning id`,
          chunk.flatMap(newTaskValues),
        );
        ids.push(...got.map(num).sort((x, y) => x - y));
      }
      return ids;
    },
    async task(id) {
      const r = await db.get<TaskRow>(`${SELECT_TASK} where id = ?`, [id]);
      return r === undefined ? null : taskFromRow(r);
    },
    async openTasks(dealId, kind) {
      const rows = await db.all<TaskRow>(
        `${SELECT_TASK} where deal_id = ? and done_at is null${kind === undefined ? '' : ' and kind = ?'} order by id`,
        kind === undefined ? [dealId] : [dealId, kind],
      );
      return rows.map(taskFromRow);
    },
    async openTasksFor(dealIds) {
      const out: DealTask[] = [];
      for (let i = 0; i < dealIds.length; i += CHUNK) {
        const chunk = dealIds.slice(i, i + CHUNK);
        const rows = await db.all<TaskRow>(
          `${SELECT_TASK} where deal_id in (${chunk.map(() => '?').join(', ')}) and done_at is null
           order by deal_id, id`,
          chunk,
        );
        out.push(...rows.map(taskFromRow));
      }
      return out;
    },
    async dueTasks(now, limit) {
      const rows = await db.all<TaskRow>(
        `${SELECT_TASK} where done_at is null and escalated_at is null and due_at <= ? order by due_at, id limit ?`,
        [now, limit],
      );
      return rows.map(taskFromRow);
    },
    async finishTask(id, now, data) {
      const r = await db.run(`update deal_tasks set done_at = ?, data = ? where id = ? and done_at is null`, [
        now,
        JSON.stringify(data),
        id,
      ]);
      return r.changes === 1;
    },
    async dueReminders(now, limit) {
      const rows = await db.all<TaskRow>(
        `${SELECT_TASK} where done_at is null and reminded_at is null and escalated_at is null and remind_at <= ? order by remind_at, id limit ?`,
        [now, limit],
      );
      return rows.map(taskFromRow);
    },
    async markReminded(id, now) {
      const r = await db.run(
        `update deal_tasks set reminded_at = ? where id = ? and done_at is null and reminded_at is null`,
        [now, id],
      );
      return r.changes === 1;
    },
    async openTasksOf(personId) {
      const rows = await db.all<TaskRow>(
        `${SELECT_TASK} where assignee_id = ? and done_at is null order by due_at, id`,
        [personId],
      );
      return rows.map(taskFromRow);
    },
    async escalateTask(id, now) {
      const r = await db.run(
        `update deal_tasks set escalated_at = ? where id = ? and done_at is null and escalated_at is null`,
        [now, id],
      );
      return r.changes === 1;
    },
  };
}
