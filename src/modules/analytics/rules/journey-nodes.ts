// The five key nodes of a customer's journey (F32) and the targets for their capture, named by the rules file
// (pipelines map nodes to stages) and read by the journey report.
export const JOURNEY_NODES = ['needs', 'demo', 'poc', 'negotiation', 'contract'] as const;
export type JourneyNode = (typeof JOURNEY_NODES)[number];

export interface JourneyTargets {
  /** Share of mapped key nodes captured (brief: ≥ 80 %). */
  nodes: number;
  /** Share of cross-team requests answered within their SLA (≥ 92 %). */
  sla: number;
  /** Share of red/yellow flags that proved right (≥ 75 %). */
  riskFlags: number;
}
