// The deal half of the rules file (F10–F20): pipelines per business type, the working-day calendar, stall
// limits and the risk-signal dictionary, with the brief's defaults.
import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../kernel/calendar.ts';
import type { JourneyTargets } from '../../analytics/rules/journey-nodes.ts';
import { B2B, EDUCATION, LOCAL, RETAIL } from './default-pipelines.ts';
import type { Pipeline, RiskSignal } from './pipeline.ts';
import { RISK_SIGNALS } from './risk-signals.ts';

export type {
  EvidenceKind,
  EvidenceRequirement,
  Pipeline,
  RiskSignal,
  SopAction,
  Stage,
} from './pipeline.ts';

export interface DealRules {
  /** Yearly value thresholds in yuan: A above `a`, B above `b`, else C (F24). */
  tiers: { a: number; b: number };
  defaultPipeline: string;
  pipelines: Pipeline[];
  calendar: WorkCalendar;
  stall: {
    /** Hours after a stall alert before an unfiled analysis goes to the manager. */
    analysisEscalateHours: number;
  };
  /** Cross-team requests (F18): answer within `slaHours`, a reminder `remindBeforeHours` before. */
  requests: {
    slaHours: number;
    remindBeforeHours: number;
    /** What the rep may tell the customer meanwhile. */
    holdingMessage: string;
    holdingMessageEn: string;
  };
  /** Customer health (F17): yellow when no key person has been in touch for this many days. */
  health: { silentDays: number };
  /** Hand-over (F20): at signing the sheet goes to these roles, each acknowledging within `ackHours`. */
  handover: { roles: string[]; ackHours: number };
  /** Words that cancel a risk phrase when they come right before it (不需要法务). */
  negations: string[];
  riskSignals: RiskSignal[];
  /** F32: the team figures a weekly note compares against (shares 0–1). */
  journeyTargets: JourneyTargets;
  /**
   * F30–F33: the weekly manager digest (funnel, dwell heat map, radar overview, last week's journey, the target
   * board) on `weekday` (ISO: 1 = Monday) at `at` in the org's timezone.
   */
  weeklyDigest: { enabled: boolean; weekday: number; at: string };
}

export const DEFAULT_DEAL_RULES: DealRules = {
  tiers: { a: 500_000, b: 100_000 },
  defaultPipeline: 'b2b',
  pipelines: [B2B, RETAIL, EDUCATION, LOCAL],
  calendar: DEFAULT_CALENDAR,
  stall: { analysisEscalateHours: 24 },
  requests: {
    slaHours: 48,
    remindBeforeHours: 8,
    holdingMessage: '您好，您关心的问题我们已请{team}同事专门核实，会在{until}前给您明确答复，请放心。',
    holdingMessageEn:
      'Thank you for your patience: our {team} colleagues are checking this for you, and we will come back with a clear answer by {until}.',
  },
  health: { silentDays: 14 },
  handover: { roles: ['delivery', 'finance'], ackHours: 24 },
  negations: ['不需要', '不用', '无需', '没有', '不涉及', 'no need for', 'without', 'not'],
  riskSignals: RISK_SIGNALS,
  journeyTargets: { nodes: 0.8, sla: 0.92, riskFlags: 0.75 },
  weeklyDigest: { enabled: true, weekday: 1, at: '09:00' },
};
