// Messages kept until acted on (inbound_pending), on both databases: kept once per key, each due row taken by one
// instance only, tried again on the backoff, given up after the last try; and signature pairs with one body.
import { describe, expect, it } from 'vitest';
import {
  KEPT_BACKOFF_MS,
  KEPT_LEASE_MS,
  keepOnce,
  keptDone,
  keptFailed,
  takeDue,
} from '../src/modules/inbound/use-cases/kept.ts';
import { signatureFitsBody } from '../src/modules/inbound/use-cases/once.ts';
import { DATABASES, useTestEnv } from './helpers.ts';

describe.each(DATABASES)('kept inbound messages on %s', (kind) => {
  const current = useTestEnv(kind);

  it('keeps a key once, leased to the instance that kept it, then due for anyone', async () => {
    const env = current();
    expect(await keepOnce(env.deps, 'dingtalk', 'm1', '{"n":1}')).toBe(true);
    expect(await keepOnce(env.deps, 'dingtalk', 'm1', '{"n":1}')).toBe(false);
    expect(await takeDue(env.deps, 'dingtalk', 10)).toEqual([]);
    env.clock.advance(KEPT_LEASE_MS);
    // Two instances sweeping at once: the row goes to one of them.
    const [a, b] = await Promise.all([takeDue(env.deps, 'dingtalk', 10), takeDue(env.deps, 'dingtalk', 10)]);
    expect([...(a ?? []), ...(b ?? [])].map((r) => [r.key, r.body, r.attempts])).toEqual([
      ['m1', '{"n":1}', 1],
    ]);
    await keptDone(env.deps, 'dingtalk', 'm1');
    env.clock.advance(KEPT_LEASE_MS);
    expect(await takeDue(env.deps, 'dingtalk', 10)).toEqual([]);
    expect(await keepOnce(env.deps, 'dingtalk', 'm1', '{"n":1}')).toBe(false);
  });

  it('tries a failed message again after its backoff, and gives up after the last try', async () => {
    const env = current();
    await keepOnce(env.deps, 'dingtalk', 'm2', '{}');
    expect(await keptFailed(env.deps, 'dingtalk', 'm2', 1, 'database unreachable')).toBe('later');
    env.clock.advance((KEPT_BACKOFF_MS[0] as number) - 1);
    expect(await takeDue(env.deps, 'dingtalk', 10)).toEqual([]);
    env.clock.advance(1);
    expect((await takeDue(env.deps, 'dingtalk', 10)).map((r) => r.attempts)).toEqual([1]);
    expect(await keptFailed(env.deps, 'dingtalk', 'm2', KEPT_BACKOFF_MS.length, 'x')).toBe('later');
    expect(await keptFailed(env.deps, 'dingtalk', 'm2', KEPT_BACKOFF_MS.length + 1, 'still')).toBe(
      'given-up',
    );
    env.clock.advance(24 * 3_600_000);
    expect(await takeDue(env.deps, 'dingtalk', 10)).toEqual([]);
  });

  it('accepts a signature pair with the body it came with first, and refuses it with another', async () => {
    const env = current();
    expect(await signatureFitsBody(env.deps, 'dingtalk', '1700000000000:s1', 'hashA')).toBe(true);
    expect(await signatureFitsBody(env.deps, 'dingtalk', '1700000000000:s1', 'hashA')).toBe(true);
    expect(await signatureFitsBody(env.deps, 'dingtalk', '1700000000000:s1', 'hashB')).toBe(false);
    expect(await signatureFitsBody(env.deps, 'dingtalk', '1700000000001:s2', 'hashB')).toBe(true);
  });
});
