import { describe, expect, it } from 'vitest';
import { DEFAULT_DEAL_RULES } from './deal-rules.ts';
import {
  checkEvidence,
  decideAdvance,
  findStage,
  matchRiskSignals,
  pipelineOf,
  tierOf,
  type EvidenceItem,
} from './deals.ts';

const rules = DEFAULT_DEAL_RULES;
const b2b = pipelineOf(rules, 'b2b')!;
const item = (stage: string, requirement: string, n = 1): EvidenceItem[] =>
  Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    dealId: 1,
    stage,
    requirement,
    kind: 'note',
    text: 'x',
    fileName: null,
    at: 0,
    by: 'li.min',
  }));

describe('tiers (F24)', () => {
  it.each([
    [500_001, 'A'],
    [500_000, 'B'],
    [100_000, 'B'],
    [99_999, 'C'],
    [0, 'C'],
  ])('%d yuan a year → %s', (value, tier) => expect(tierOf(value, rules.tiers)).toBe(tier));
});

describe('the four default pipelines (F10)', () => {
  it('has store retail, B2B equipment, education and local services, each stage with evidence and a checklist', () => {
    expect(rules.pipelines.map((p) => p.id)).toEqual(['b2b', 'retail', 'education', 'local']);
    for (const p of rules.pipelines)
      for (const s of p.stages) {
        expect(s.evidence.length, `${p.id}.${s.id}`).toBeGreaterThan(0);
        expect(s.checklist.length, `${p.id}.${s.id}`).toBeGreaterThan(0);
        expect(s.limitDays).toBeGreaterThan(0);
      }
    expect(b2b.stages.map((s) => s.name)).toEqual([
      '需求诊断',
      '方案比对',
      '决策链穿透',
      '报价',
      '合同谈判',
      '签约',
    ]);
    expect(findStage(b2b, 'compare')?.limitDays).toBe(5);
  });

  it('finds a stage by id, Chinese name, English name or number', () => {
    expect(findStage(b2b, '报价')?.id).toBe('quote');
    expect(findStage(b2b, 'Quote')?.id).toBe('quote');
    expect(findStage(b2b, '4')?.id).toBe('quote');
    expect(findStage(b2b, 'nonsense')).toBeNull();
  });
});

describe('advancing (F11, F13)', () => {
  const open = { stage: 'diagnose', status: 'open' as const };

  it('refuses without the evidence, listing what is missing', () => {
    const d = decideAdvance(open, b2b, item('diagnose', 'painPoints'), null, '');
    expect(d.kind).toBe('refused');
    if (d.kind !== 'refused' || d.reason !== 'MISSING_EVIDENCE') throw new Error('expected missing evidence');
    expect(d.missing.map((m) => m.requirement.id)).toEqual(['sitePhoto']);
  });

  it('advances to the next stage once every item is in', () => {
    const items = [...item('diagnose', 'painPoints'), ...item('diagnose', 'sitePhoto')];
    const d = decideAdvance(open, b2b, items, null, '');
    expect(d).toMatchObject({ kind: 'advance', to: { id: 'compare' }, skipped: [] });
  });

  it('counts items: three competitor tables are three', () => {
    const at = { stage: 'compare', status: 'open' as const };
    const two = [...item('compare', 'competitorTables', 2), ...item('compare', 'advantages')];
    const d = decideAdvance(at, b2b, two, null, '');
    expect(d).toMatchObject({ kind: 'refused', reason: 'MISSING_EVIDENCE' });
    if (d.kind === 'refused' && d.reason === 'MISSING_EVIDENCE') expect(d.missing[0]?.have).toBe(2);
    expect(decideAdvance(at, b2b, [...two, ...item('compare', 'competitorTables')], null, '').kind).toBe(
      'advance',
    );
  });

  it('a skip needs a reason, and names the skipped stages', () => {
    const items = [...item('diagnose', 'painPoints'), ...item('diagnose', 'sitePhoto')];
    const quote = findStage(b2b, 'quote');
    expect(decideAdvance(open, b2b, items, quote, '  ')).toMatchObject({
      kind: 'refused',
      reason: 'SKIP_NEEDS_REASON',
    });
    const d = decideAdvance(open, b2b, items, quote, '客户直接要报价');
    expect(d.kind).toBe('advance');
    if (d.kind === 'advance') expect(d.skipped.map((s) => s.id)).toEqual(['compare', 'decisionChain']);
  });

  it('refuses to go backwards, past the last stage, or on a closed deal', () => {
    expect(
      decideAdvance({ stage: 'quote', status: 'open' }, b2b, [], findStage(b2b, 'compare'), 'x'),
    ).toMatchObject({
      reason: 'BACKWARDS',
    });
    // At the last stage, `advance` is the win: refused while its signed confirmation is missing.
    expect(decideAdvance({ stage: 'signed', status: 'open' }, b2b, [], null, '')).toMatchObject({
      reason: 'WIN_NEEDS_EVIDENCE',
      missing: [{ requirement: { id: 'signedConfirmation' } }],
    });
    expect(decideAdvance({ stage: 'quote', status: 'won' }, b2b, [], null, '')).toMatchObject({
      reason: 'NOT_OPEN',
    });
  });
});

describe('evidence checks at upload (F12)', () => {
  const quote = findStage(b2b, 'quote')!.evidence[0]!;
  const contract = findStage(b2b, 'negotiate')!.evidence[0]!;
  const photo = findStage(b2b, 'diagnose')!.evidence[1]!;
  const customer = '杭州明远科技有限公司';

  it.each([
    ['明远科技_报价单_2026-11-20_v2.pdf', []],
    ['明远科技-报价-20261120-V3.xlsx', []],
    ['明远科技报价单2026年11月20日第2版.pdf', []],
    ['报价单_2026-11-20_v2.pdf', ['NAME_WITHOUT_CUSTOMER']],
    ['明远科技_报价单_v2.pdf', ['NAME_WITHOUT_DATE']],
    ['明远科技_报价单_2026-11-20.pdf', ['NAME_WITHOUT_VERSION']],
    ['quote.pdf', ['NAME_WITHOUT_CUSTOMER', 'NAME_WITHOUT_DATE', 'NAME_WITHOUT_VERSION']],
  ])('file name %s → %j', (fileName, codes) => {
    const problems = checkEvidence(quote, { kind: 'file', text: '', fileName, pages: 1 }, customer);
    expect(problems.map((p) => p.code)).toEqual(codes);
  });

  it('a PDF must have at least N pages, and must be a PDF when pages are asked for', () => {
    const name = '明远科技_合同_2026-11-20_v1.pdf';
    expect(checkEvidence(contract, { kind: 'file', text: '', fileName: name, pages: 1 }, customer)).toEqual([
      { code: 'TOO_FEW_PAGES', pages: 1, minPages: 2 },
    ]);
    expect(checkEvidence(contract, { kind: 'file', text: '', fileName: name, pages: 2 }, customer)).toEqual(
      [],
    );
    expect(
      checkEvidence(contract, { kind: 'file', text: '', fileName: name, pages: null }, customer),
    ).toEqual([{ code: 'NOT_A_PDF', minPages: 2, found: { type: 'binary' } }]);
    // A text file renamed .pdf: the name's promise is broken, and the reader is told what it really is.
    expect(
      checkEvidence(
        contract,
        { kind: 'file', text: '', fileName: name, mime: 'unknown', pages: null, plainText: true },
        customer,
      ),
    ).toEqual([
      { code: 'WRONG_TYPE', extension: 'pdf', found: { type: 'text' } },
      { code: 'NOT_A_PDF', minPages: 2, found: { type: 'text' } },
    ]);
  });

  it('a site photo must be an image; notes must say something; links must be links', () => {
    expect(
      checkEvidence(photo, { kind: 'photo', text: '', fileName: 'a.pdf', mime: 'application/pdf' }, customer),
    ).toEqual([{ code: 'NOT_AN_IMAGE', mime: 'application/pdf', found: { type: 'pdf' } }]);
    expect(
      checkEvidence(photo, { kind: 'photo', text: '', fileName: 'a.jpg', mime: 'image/jpeg' }, customer),
    ).toEqual([]);
    expect(checkEvidence(photo, { kind: 'photo', text: 'just words' }, customer)).toEqual([
      { code: 'NO_FILE' },
    ]);
    const note = findStage(b2b, 'diagnose')!.evidence[0]!;
    expect(checkEvidence(note, { kind: 'note', text: '  ' }, customer)).toEqual([{ code: 'EMPTY' }]);
    const link = { id: 'l', label: 'l', kind: 'link' as const, count: 1 };
    expect(checkEvidence(link, { kind: 'link', text: 'see drive' }, customer)).toEqual([
      { code: 'NOT_A_LINK' },
    ]);
    expect(checkEvidence(link, { kind: 'link', text: 'https://x.example/doc' }, customer)).toEqual([]);
  });
});

describe('risk signals (F16)', () => {
  const match = (text: string) =>
    matchRiskSignals(text, rules.riskSignals, rules.negations).map((m) => m.signal);

  it('has at least 21 signal types, each with a response in both languages', () => {
    expect(rules.riskSignals.length).toBeGreaterThanOrEqual(21);
    for (const s of rules.riskSignals) {
      expect(s.response).not.toBe('');
      expect(s.responseEn).toBeTruthy();
    }
  });

  it.each([
    ['客户说要再考虑一下，下周要汇报给老板', ['reconsider', 'reportUp']],
    ['他们想比比价格', ['priceCompare']],
    ['合同要过法务，年底还有审计', ['legal', 'audit']],
    ['今年预算冻结了', ['budgetFrozen']],
    ['不需要法务审核，直接签', []],
    ['没有问题，但是法务要看一下', ['legal']],
    ['The CFO wants a legal review first', ['legal']],
    ['no need for legal review, they said', []],
    ['We do not need an audit', []],
    ['auditorium booking', []],
    ['对方已经在用竞品了', ['competitorIn']],
    ['一切顺利，下周签约', []],
  ])('%s → %j', (text, signals) => expect(match(text)).toEqual(signals));

  it('keeps the clause it matched in', () => {
    const [m] = matchRiskSignals('进展不错。但是客户说预算冻结到明年！', rules.riskSignals, rules.negations);
    expect(m).toEqual({ signal: 'budgetFrozen', phrase: '预算冻结', excerpt: '但是客户说预算冻结到明年' });
  });
});
