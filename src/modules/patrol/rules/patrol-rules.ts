// The patrol's and the quiet hours' settings (issues 21, 25), and which notices are urgent enough to go at once.

export interface PatrolRules {
  /** Push the morning patrol to each team's managers (the `today` command works either way). */
  enabled: boolean;
  /** `HH:mm` in the org's timezone, on working days of the calendar. */
  at: string;
  /**
   * Notices to people that are not urgent wait for the next working moment (`clocks.workingHours` on a working day);
   * what was held for a manager is folded into their next patrol instead of coming as a DM of its own.
   */
  quietHours: boolean;
  /** A deal worth at least this (yuan) turning red is urgent: its alert goes at once, even at night. */
  urgentAmount: number;
  /** An owned lead whose follow-up clock runs out within this many hours is listed as about to be taken back. */
  takeBackWithinHours: number;
}

export const DEFAULT_PATROL_RULES: PatrolRules = {
  enabled: true,
  at: '08:30',
  quietHours: true,
  urgentAmount: 1_000_000,
  takeBackWithinHours: 24,
};

export interface UrgencyInput {
  template: string;
  data: Record<string, unknown>;
  /** The amount of the deal the notice is about (null: none, or not looked up). */
  dealAmount: number | null;
}

/**
 * Why a notice may not wait for working hours, or null when it waits. Urgent are only the notices that lose their
 * point by waiting: a live offer or one about to lapse (the lead moves on to the next rep when its clock runs out),
 * an urgent lead in the pool (first come, first served), an answer someone just asked for (a ready-made card),
 * and a big deal turning red (the money at stake is worth a message at night). The morning patrol itself goes
 * at its own hour, which may be before the working day starts.
 */
export function urgentBecause(n: UrgencyInput, rules: PatrolRules): string | null {
  switch (n.template) {
    case 'lead.offered':
    case 'lead.offer_expiring':
      return 'a live offer with its own clock';
    case 'lead.urgent_in_pool':
      return 'an urgent lead in the pool';
    case 'card':
      return 'an answer that was asked for';
    case 'patrol.card':
      return 'the morning patrol, at the hour the rules set';
    case 'deal.health':
      if (n.data.to === 'red' && n.dealAmount !== null && n.dealAmount >= rules.urgentAmount)
        return `a deal of ${n.dealAmount} turned red (urgent from ${rules.urgentAmount})`;
      return null;
    default:
      return null;
  }
}
