import { describe, expect, it } from 'vitest';
import {
  SAMPLE_ATTRIBUTION,
  SAMPLE_DISTRIBUTION,
  SAMPLE_DWELL,
  SAMPLE_FUNNEL,
  SAMPLE_JOURNEY,
  SAMPLE_RADAR,
} from './fixtures.ts';
import { attributionReading, distributionReading } from './readings.ts';
import {
  attributionSpec,
  distributionSpec,
  dwellSpec,
  fitLine,
  funnelSpec,
  journeySpec,
  radarSpec,
} from './specs.ts';

describe('chart spec builders', () => {
  it.each([
    ['funnel', () => funnelSpec(SAMPLE_FUNNEL, 'zh-CN')],
    ['dwell heat map', () => dwellSpec(SAMPLE_DWELL, 'zh-CN')],
    ['radar', () => radarSpec(SAMPLE_RADAR, 'zh-CN')],
    ['distribution', () => distributionSpec(SAMPLE_DISTRIBUTION, 'zh-CN')],
    ['attribution', () => attributionSpec(SAMPLE_ATTRIBUTION, 'zh-CN')],
    ['distribution (en)', () => distributionSpec(SAMPLE_DISTRIBUTION, 'en')],
    ['journey', () => journeySpec(SAMPLE_JOURNEY, 'zh-CN')],
  ])('builds the %s spec', (_name, build) => {
    expect(build()).toMatchSnapshot();
  });

  it('marks journey figures under their target red and says n/a where there was nothing to count', () => {
    const values = (
      journeySpec(SAMPLE_JOURNEY, 'zh-CN').spec as { data: { values: Array<Record<string, unknown>> } }
    ).data.values;
    expect(values.map((v) => [v.pct, v.status, v.text])).toEqual([
      [33.3, '未达标', '33.3% · 1/3'],
      [100, '达标', '100% · 3/3'],
      [66.7, '未达标', '66.7% · 4/6'],
      [100, '达标', '100% · 2/2'],
      [0, '达标', '无数据'],
    ]);
  });

  it('labels each funnel stage with its conversion from the stage before', () => {
    const spec = funnelSpec(SAMPLE_FUNNEL, 'en').spec as { data: { values: Array<{ label: string }> } };
    expect(spec.data.values.map((v) => v.label)).toEqual([
      '40',
      '28 · 70%',
      '15 · 53.6%',
      '9 · 60%',
      '5 · 55.6%',
    ]);
  });

  it('fits the attribution line by least squares', () => {
    const fit = fitLine([
      { x: 0, y: 1 },
      { x: 10, y: 3 },
      { x: 20, y: 5 },
    ]);
    expect(fit).toEqual({ slope: 0.2, intercept: 1 });
    expect(
      fitLine([
        { x: 5, y: 1 },
        { x: 5, y: 2 },
      ]),
    ).toBeNull();
  });
});

describe('one-line readings', () => {
  it('says how leads were spread, who got most and fewest, and who is flagged', () => {
    expect(distributionReading(SAMPLE_DISTRIBUTION, 'zh-CN')).toBe(
      '29 条线索分给 3 名销售，分配较均衡（基尼系数 0.18）；最多 李敏（14），最少 张伟（6）；需关注：张伟。',
    );
    expect(distributionReading(SAMPLE_DISTRIBUTION, 'en')).toBe(
      '29 leads to 3 reps, spread fairly evenly (Gini 0.18); most 李敏 (14), fewest 张伟 (6); flagged: 张伟.',
    );
  });

  it('says so when no leads came in', () => {
    const empty = {
      ...SAMPLE_DISTRIBUTION,
      rows: SAMPLE_DISTRIBUTION.rows.map((r) => ({ ...r, received: 0 })),
    };
    expect(distributionReading(empty, 'en')).toBe('No leads were received in 2026-11.');
  });

  it('states the attribution slope per 10 points of KBI', () => {
    expect(attributionReading(SAMPLE_ATTRIBUTION, 'en')).toBe(
      'Each +10 % KBI on time ≈ +4 pts conversion (over 3 reps).',
    );
  });
});
