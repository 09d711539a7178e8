// The deal notices: each template of ./notice-data.ts with its renderer (cards/*-notices.ts).
import { defineNotices } from '../notice-kit.ts';
import {
  healthCard,
  kpChangedCard,
  riskCard,
  riskManagerCard,
  skippedCard,
  wonCard,
} from './cards/deal-notices.ts';
import {
  requestAnsweredCard,
  requestCard,
  requestEscalatedCard,
  requestHoldingCard,
  requestReminderCard,
} from './cards/request-notices.ts';
import {
  handoverAckedCard,
  handoverCard,
  stallAnalysisCard,
  stallEscalatedCard,
  stalledCard,
  stallOverdueCard,
  taskOverdueCard,
} from './cards/task-notices.ts';
import { DEAL_NOTICE_DATA } from './notice-data.ts';

export const DEAL_NOTICES = defineNotices(DEAL_NOTICE_DATA, {
  'deal.risk': riskCard,
  'deal.risk.manager': riskManagerCard,
  'deal.skipped': skippedCard,
  'deal.stalled': stalledCard(true),
  'deal.stalled.manager': stalledCard(false),
  'deal.stall_escalated': stallEscalatedCard,
  'deal.stall_overdue': stallOverdueCard,
  'deal.stall_analysis': stallAnalysisCard,
  'deal.request': requestCard,
  'deal.request_reminder': requestReminderCard,
  'deal.request_answered': requestAnsweredCard,
  'deal.request_escalated': requestEscalatedCard,
  'deal.request_holding': requestHoldingCard,
  'deal.handover': handoverCard,
  'deal.handover_acked': handoverAckedCard,
  'deal.task_overdue': taskOverdueCard(true),
  'deal.task_overdue.manager': taskOverdueCard(false),
  'deal.kp_changed': kpChangedCard,
  'deal.health': healthCard,
  'deal.won.announce': wonCard,
});
