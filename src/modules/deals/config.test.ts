import { describe, expect, it } from 'vitest';
import { ConfigError, parseRules } from '../../config.ts';

function problemsOf(yaml: string): string[] {
  try {
    parseRules(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected the rules to be refused');
}

const pipeline = (journey: string) => `deals:
  defaultPipeline: quick
  pipelines:
    - id: quick
      name: 快速成交
      journey:
${journey}
      stages:
        - { id: talk, name: 沟通, limitDays: 3, probability: 0.3, evidence: [], checklist: [], sop: [] }
        - { id: signed, name: 签约, limitDays: 3, probability: 1, evidence: [], checklist: [], sop: [] }
`;

describe('the journey map of a pipeline (F32)', () => {
  it('takes nodes mapped to the pipeline’s own stages and the brief’s targets by default', () => {
    const rules = parseRules(pipeline('        needs: talk\n        contract: signed'));
    expect(rules.deals.pipelines[0]?.journey).toEqual({ needs: 'talk', contract: 'signed' });
    expect(rules.deals.journeyTargets).toEqual({ nodes: 0.8, sla: 0.92, riskFlags: 0.75 });
  });

  it('names a node mapped to a stage the pipeline does not have, and an unknown node', () => {
    expect(problemsOf(pipeline('        demo: pitch'))).toEqual([
      'deals.pipelines[0].journey.demo: no stage `pitch` in this pipeline (stages: talk, signed)',
    ]);
    expect(problemsOf(pipeline('        trial: talk'))[0]).toMatch(/^deals\.pipelines\[0\]\.journey/);
  });

  it('refuses a target that is not a share', () => {
    expect(problemsOf('deals:\n  journeyTargets: { nodes: 80, sla: 0.92, riskFlags: 0.75 }')[0]).toMatch(
      /^deals\.journeyTargets\.nodes: expected a share between 0 and 1/,
    );
  });

  it('sends the weekly digest on Monday at 09:00 by default, and takes another day and time or none', () => {
    expect(parseRules('').deals.weeklyDigest).toEqual({ enabled: true, weekday: 1, at: '09:00' });
    const friday = parseRules("deals:\n  weeklyDigest: { enabled: true, weekday: 5, at: '17:30' }");
    expect(friday.deals.weeklyDigest).toEqual({ enabled: true, weekday: 5, at: '17:30' });
    expect(problemsOf("deals:\n  weeklyDigest: { enabled: true, weekday: 8, at: '9am' }").sort()).toEqual([
      'deals.weeklyDigest.at: expected a time of day such as 09:00',
      'deals.weeklyDigest.weekday: expected a weekday 1–7 (1 = Monday)',
    ]);
  });
});
