import { describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../../config.ts';
import { DEFAULT_KBI_RULES } from './rules/kbi-rules.ts';

function problemsOf(yaml: string): string[] {
  try {
    parseRules(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the rules to be refused');
}

describe('the kbi rules section', () => {
  it('defaults to the brief: 80 % / 65 % for 2 days / 50 % for 3 days, evaluated at 18:00', () => {
    const kbi = parseRules('').kbi;
    expect(kbi).toEqual(DEFAULT_KBI_RULES);
    expect(kbi.warnings.yellow).toEqual({ below: 0.65, days: 2 });
    expect(kbi.indicators.map((k) => [k.id, k.limitHours])).toEqual([
      ['firstTouch', 24],
      ['proposalAfterKp', 48],
      ['evidenceAfterObjection', 72],
    ]);
  });

  it('takes a new indicator built from the same blocks', () => {
    const yaml = `kbi:
  indicators:
    - id: answerRequest
      label: { zh-CN: 协作请求24小时内答复, en: Request answered within 24 h }
      trigger: { type: deal.request_opened }
      expected: [{ type: deal.request_answered }]
      limitHours: 24
      points: 1
`;
    expect(parseRules(yaml).kbi.indicators.map((k) => k.id)).toEqual(['answerRequest']);
  });

  it.each([
    ['kbi:\n  evaluateAt: 6pm\n', 'kbi.evaluateAt: expected a time of day such as 18:00'],
    [
      'kbi:\n  targets: { processKpiWeight: 0.2 }\n',
      'kbi.targets.processKpiWeight: expected a share between 0.3 and 1 (process KPIs weigh at least 30 %)',
    ],
    [
      'kbi:\n  targets: { tiers: { A: { weight: 0.8 } } }\n',
      'kbi.targets.tiers: the tier weights must add up to 1',
    ],
    [
      'kbi:\n  warnings: { red: { below: 0.7 } }\n',
      'kbi.warnings: expected green.below ≥ yellow.below ≥ red.below',
    ],
    ['kbi:\n  warnings: { yellow: { days: 0 } }\n', 'kbi.warnings.yellow.days: expected a whole number ≥ 1'],
    ['kbi:\n  attribution: { minSample: 2 }\n', 'kbi.attribution.minSample: expected a whole number ≥ 3'],
  ])('refuses %j with "%s"', (yaml, problem) => {
    expect(problemsOf(yaml)).toContain(problem);
  });

  it('names an unknown event type', () => {
    const yaml = `kbi:
  indicators:
    - id: x
      label: { zh-CN: x, en: x }
      trigger: { type: lead.called }
      expected: [{ type: lead.touched }]
      limitHours: 24
      points: 1
`;
    expect(problemsOf(yaml)[0]).toMatch(
      /^kbi\.indicators\[0\]\.trigger\.type: expected one of lead\.created, /,
    );
  });
});
