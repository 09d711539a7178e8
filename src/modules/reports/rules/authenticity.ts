// F29: the authenticity index of a daily report. A score 0–100 and the flags that lowered it, each saying
// what it compared and with which numbers, so a rep and a manager can both see why. A flag is a question
// to the rep ("confirm or correct"), never a verdict. Pure: the clock, the team's photos, the customers'
// known places and industries and what backs each visit all come in as arguments.
import {
  checkBurst,
  checkLateReport,
  checkPlace,
  checkTravel,
  customerOf,
  type Ctx,
} from './authenticity-checks.ts';
import { checkBacking, checkIndustry, checkPhoto, checkReuse, DAY_PHOTO } from './authenticity-evidence.ts';
import type { Rules } from '../../rules.ts';
import {
  FLAG_WEIGHT,
  type DailyReport,
  type ScoringContext,
  type FlagKind,
  type AuthenticityFlag,
  type AuthenticityResult,
} from './authenticity-types.ts';

export { FLAG_WEIGHT } from './authenticity-types.ts';
export type {
  ReportPhoto,
  ReportVisit,
  DailyReport,
  CustomerFacts,
  ScoringContext,
  FlagKind,
  FlagVars,
  Compared,
  AuthenticityFlag,
  NotCheckedReason,
  NotChecked,
  AuthenticityResult,
} from './authenticity-types.ts';

export function scoreReport(
  report: DailyReport,
  context: ScoringContext,
  rules: Rules,
  now: number,
): AuthenticityResult {
  const ctx: Ctx = { report, context, rules: rules.authenticity, now, flags: [], notChecked: [] };
  for (const visit of report.visits) {
    const customer = customerOf(ctx, visit);
    checkPlace(ctx, visit, customer);
    checkPhoto(ctx, visit, customer);
    checkIndustry(ctx, visit, customer);
    checkBacking(ctx, visit, customer);
  }
  // A photo with no visit to belong to is still compared with every photo sent before it.
  if (report.dayPhoto != null) checkReuse(ctx, report.dayPhoto, DAY_PHOTO, { name: '' });
  for (const photo of report.morePhotos ?? []) checkReuse(ctx, photo, DAY_PHOTO, { name: '' });
  checkTravel(ctx);
  checkLateReport(ctx);
  checkBurst(ctx);

  const counted = new Set<FlagKind>();
  // A weight of 0 turns a check off: the manager does not want that question asked at all.
  const on = ctx.flags.filter((f) => ctx.rules.weights[FLAG_WEIGHT[f.kind]] > 0);
  const flags: AuthenticityFlag[] = on.map((f) => {
    const points = counted.has(f.kind) ? 0 : ctx.rules.weights[FLAG_WEIGHT[f.kind]];
    counted.add(f.kind);
    return { ...f, points };
  });
  const score = Math.max(0, 100 - flags.reduce((sum, f) => sum + f.points, 0));
  return {
    reportId: report.id,
    score,
    confirmBelow: ctx.rules.confirmBelow,
    needsConfirmation: score < ctx.rules.confirmBelow,
    flags,
    notChecked: ctx.notChecked,
  };
}
