import { describe, expect, it } from 'vitest';
import type { Lead } from '../../../kernel/types.ts';
import { matchContact, phoneHint, remarkPhones } from './contact-match.ts';

const lead = (id: number, over: Partial<Lead>): Lead =>
  ({
    id,
    phone: '13800138000',
    status: 'owned',
    ownerId: 'ann',
    createdAt: id,
    mergedInto: null,
    ...over,
  }) as Lead;

describe('matching a WeCom contact’s remark phones to leads', () => {
  it('normalises remark phones as lead intake does, each once, at most five, unusable ones dropped', () => {
    expect(remarkPhones(['+86 138-0013-8000', '0086 13800138000', '12', 'abc', '021-6123 4567'])).toEqual([
      '13800138000',
      '02161234567',
    ]);
    expect(remarkPhones(Array.from({ length: 9 }, (_, i) => `1380000000${i}`))).toHaveLength(5);
    expect(remarkPhones(['1'.repeat(10_000)])).toEqual([]);
    expect(phoneHint('13800138000')).toBe('138…');
  });

  it('takes the rep’s own claimed lead over another rep’s, and says which phone matched', () => {
    const m = matchContact(
      'ann',
      ['13800138000'],
      [lead(1, { ownerId: 'bob' }), lead(2, {}), lead(3, { phone: '13900000000' })],
    );
    expect(m).toMatchObject({ kind: 'own', lead: { id: 2 }, reason: 'remark_mobiles 138…' });
  });

  it('names another rep’s offered, claimed or won lead; a pool, lost or merged lead is nobody’s', () => {
    expect(matchContact('ann', ['13800138000'], [lead(1, { ownerId: 'bob', status: 'won' })])).toMatchObject({
      kind: 'elsewhere',
      lead: { id: 1 },
    });
    const nobody = [
      lead(1, { ownerId: null, status: 'pool' }),
      lead(2, { ownerId: 'bob', status: 'lost' }),
      lead(3, { ownerId: 'bob', mergedInto: 9 }),
    ];
    expect(matchContact('ann', ['13800138000'], nobody)).toEqual({
      kind: 'none',
      reason: 'no lead held with remark_mobiles 138…',
    });
  });

  it('does not link a lead merely offered to the rep, and says so when there is no phone at all', () => {
    expect(matchContact('ann', ['13800138000'], [lead(1, { status: 'offered' })]).kind).toBe('none');
    expect(matchContact('ann', [], [lead(1, {})])).toEqual({ kind: 'none', reason: 'no remark_mobiles' });
  });
});
