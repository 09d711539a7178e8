// Rewards (F23): points earned on KBIs buy what the rules file lists (training, leave vouchers). A rep asks
// (`兑换 training` / `redeem training`), their manager approves or declines; an approval spends the points once,
// never below zero, under a lock on the rep's points so two approvals cannot spend the same balance.
import type { Reward } from '../rules/kbi-rules.ts';
import type { EngineDeps } from '../../deps.ts';
import { managerOf } from '../../org/use-cases/manager-of.ts';
import type { RewardRequest, Tx } from '../../ports.ts';
import { notice } from '../../notice-data.ts';

/** Points earned minus points spent on approved rewards. */
export async function balanceOf(tx: Tx, repId: string): Promise<number> {
  return (await tx.kbi.pointsOf(repId)) - (await tx.kbi.spentPoints(repId));
}

/** The reward a rep named: its id or its name in either language (case and width ignored). */
export function findReward(rewards: readonly Reward[], word: string): Reward | null {
  const w = word.normalize('NFKC').trim().toLowerCase();
  if (w === '') return null;
  return (
    rewards.find(
      (r) =>
        r.id.toLowerCase() === w ||
        r.name['zh-CN'].normalize('NFKC').toLowerCase() === w ||
        r.name.en.toLowerCase() === w,
    ) ?? null
  );
}

export interface RewardsView {
  rewards: Reward[];
  balance: number;
  /** The rep's requests still waiting for the manager. */
  pending: RewardRequest[];
}

export async function rewardsView(deps: EngineDeps, repId: string): Promise<RewardsView> {
  return deps.store.transaction(async (tx) => ({
    rewards: deps.rules.kbi.rewards,
    balance: await balanceOf(tx, repId),
    pending: (await tx.kbi.rewardRequests(repId, 20)).filter((r) => r.status === 'pending'),
  }));
}

const rewardData = (r: Reward | undefined, id: string) => r?.name ?? { 'zh-CN': id, en: id };

export type RequestRewardResult =
  | { kind: 'requested'; request: RewardRequest; reward: Reward; balance: number; managerId: string }
  | { kind: 'rejected'; reason: 'NO_SUCH_REWARD' | 'NO_MANAGER' }
  | { kind: 'rejected'; reason: 'INSUFFICIENT'; reward: Reward; balance: number };

export async function requestReward(
  deps: EngineDeps,
  input: { personId: string; word: string },
): Promise<RequestRewardResult> {
  const reward = findReward(deps.rules.kbi.rewards, input.word);
  if (reward === null) return { kind: 'rejected', reason: 'NO_SUCH_REWARD' };
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<RequestRewardResult> => {
    const balance = await balanceOf(tx, input.personId);
    if (balance < reward.cost) return { kind: 'rejected', reason: 'INSUFFICIENT', reward, balance };
    const managerId = await managerOf(tx, input.personId);
    if (managerId === null) return { kind: 'rejected', reason: 'NO_MANAGER' };
    const fields = {
      repId: input.personId,
      rewardId: reward.id,
      cost: reward.cost,
      status: 'pending' as const,
      managerId,
      createdAt: now,
    };
    const id = await tx.kbi.addRewardRequest(fields);
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: managerId },
        template: 'kbi.reward.request',
        data: { requestId: id, repId: input.personId, reward: reward.name, cost: reward.cost, balance },
      }),
      now,
    );
    const request: RewardRequest = { id, ...fields, reason: null, decidedBy: null, decidedAt: null };
    return { kind: 'requested', request, reward, balance, managerId };
  });
}

export type DecideRewardResult =
  | { kind: 'approved' | 'declined'; request: RewardRequest; balance: number }
  | { kind: 'insufficient'; request: RewardRequest; balance: number }
  | { kind: 'already'; request: RewardRequest }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' };

/** The manager's Approve or Decline (with a note): once, whoever clicks second is told it was decided. */
export async function decideReward(
  deps: EngineDeps,
  input: { personId: string; requestId: number; approve: boolean; note: string },
): Promise<DecideRewardResult> {
  const now = deps.clock();
  return deps.store.transaction(async (tx): Promise<DecideRewardResult> => {
    const request = await tx.kbi.rewardRequest(input.requestId);
    if (request === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (request.managerId !== input.personId) return { kind: 'rejected', reason: 'NOT_YOURS' };
    if (request.status !== 'pending') return { kind: 'already', request };
    await tx.kbi.lockPoints(request.repId);
    const before = await balanceOf(tx, request.repId);
    const reward = deps.rules.kbi.rewards.find((r) => r.id === request.rewardId);
    let kind: 'approved' | 'declined' | 'insufficient';
    let reason: NonNullable<RewardRequest['reason']>;
    if (!input.approve) {
      kind = 'declined';
      reason = { code: 'DECLINED', note: input.note.trim().slice(0, 500) };
    } else if (before < request.cost) {
      kind = 'insufficient';
      reason = { code: 'DECLINED_INSUFFICIENT', balance: before };
    } else {
      kind = 'approved';
      reason = { code: 'APPROVED', balanceBefore: before, balanceAfter: before - request.cost };
    }
    const status = kind === 'approved' ? 'approved' : 'declined';
    if (!(await tx.kbi.decideReward(request.id, status, input.personId, now, reason)))
      return { kind: 'already', request: (await tx.kbi.rewardRequest(request.id)) ?? request };
    const balance = kind === 'approved' ? before - request.cost : before;
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: request.repId },
        template: 'kbi.reward.decided',
        data: {
          requestId: request.id,
          repId: request.repId,
          reward: rewardData(reward, request.rewardId),
          cost: request.cost,
          outcome: kind,
          note: reason.code === 'DECLINED' ? reason.note : '',
          balance,
        },
      }),
      now,
    );
    const decided: RewardRequest = { ...request, status, reason, decidedBy: input.personId, decidedAt: now };
    return { kind, request: decided, balance };
  });
}
