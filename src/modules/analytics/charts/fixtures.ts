// Sample chart data, shared by the spec snapshots, the renderer tests and the bench. Not used in production.
import type { DistributionReport } from '../rules/distribution.ts';
import type { AttributionInput, DwellInput, FunnelInput, JourneyChartInput, RadarInput } from './specs.ts';

const row = (repId: string, name: string, received: number, minutes: number | null, flagged = false) => ({
  repId,
  name,
  teamId: 'east-1',
  received,
  medianResponseMinutes: minutes,
  followUpWithinLimitPct: minutes === null ? null : 80,
  conversionPct: minutes === null ? null : 20,
  deviationPts: minutes === null ? null : 0,
  flagged,
  weeklyConversionPct: [],
});

export const SAMPLE_DISTRIBUTION: DistributionReport = {
  month: '2026-11',
  from: Date.parse('2026-10-31T16:00:00Z'),
  to: Date.parse('2026-11-30T16:00:00Z'),
  weekStarts: [],
  rows: [
    row('li.min', '李敏', 14, 12.5),
    row('zhang.wei', '张伟', 6, 48, true),
    row('chen.jing', '陈静', 9, null),
  ],
  teamMeanConversionPct: 20,
  gini: 0.18,
  giniReading: 'fairly even (0.18): no rep gets far more than others',
  giniLevel: 'even',
  flagged: ['zhang.wei'],
};

export const SAMPLE_FUNNEL: FunnelInput = {
  stages: [
    { stage: '初步接洽', count: 40 },
    { stage: '需求确认', count: 28 },
    { stage: '方案比对', count: 15 },
    { stage: '商务谈判', count: 9 },
    { stage: '赢单', count: 5 },
  ],
};

export const SAMPLE_DWELL: DwellInput = {
  pipeline: '大客户销售',
  stages: ['初步接洽', '需求确认', '方案比对'],
  cells: [
    { stage: '初步接洽', who: '华东一组', medianDays: 2 },
    { stage: '需求确认', who: '华东一组', medianDays: 4.5 },
    { stage: '方案比对', who: '华东一组', medianDays: 9 },
    { stage: '初步接洽', who: '华南组', medianDays: 1 },
    { stage: '需求确认', who: '华南组', medianDays: null },
    { stage: '方案比对', who: '华南组', medianDays: 6 },
  ],
};

export const SAMPLE_RADAR: RadarInput = {
  repName: '李敏',
  axes: [
    { axis: '阶段完成', rep: 80, team: 70 },
    { axis: '证据完整', rep: 60, team: 75 },
    { axis: '预警响应', rep: 90, team: 65 },
    { axis: '跟进及时', rep: 70, team: 60 },
    { axis: '日报真实', rep: 85, team: 80 },
  ],
};

export const SAMPLE_ATTRIBUTION: AttributionInput = {
  month: '2026-11',
  points: [
    { name: '李敏', kbiPct: 90, conversionPct: 22 },
    { name: '张伟', kbiPct: 55, conversionPct: 8 },
    { name: '陈静', kbiPct: 75, conversionPct: 15 },
  ],
};

/** F32: two nodes and the three figures, one of them under its target and one with nothing to count. */
export const SAMPLE_JOURNEY: JourneyChartInput = {
  title: '客户旅程完整性 2026-11',
  subtitle: '已关单商机 3 个 · 到期的跨部门协作 2 个',
  rows: [
    { label: '需求确认', share: 1 / 3, hit: 1, of: 3, target: 0.8 },
    { label: '合同签署', share: 1, hit: 3, of: 3, target: 0.8 },
    { label: '关键节点覆盖率', share: 4 / 6, hit: 4, of: 6, target: 0.8 },
    { label: '跨职能响应时效达成率', share: 1, hit: 2, of: 2, target: 0.92 },
    { label: '风险信号识别准确率', share: null, hit: 0, of: 0, target: 0.75 },
  ],
};
