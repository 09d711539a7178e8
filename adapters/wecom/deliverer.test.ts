import { describe, expect, it } from 'vitest';
import { WecomApiError } from './api.ts';
import { windowSlot } from '../../src/jobs/outbox-worker.ts';
import { formatRef, parseRef, toDeliveryError, WECOM_LIMITS } from './deliverer.ts';

describe('WeCom delivery errors', () => {
  it.each([
    [
      'API frequency (45009)',
      new WecomApiError('ERRCODE', 'x', { errcode: 45009 }),
      { retryAfterMs: 60_000, rateLimited: true },
    ],
    [
      'concurrency (45033)',
      new WecomApiError('ERRCODE', 'x', { errcode: 45033 }),
      { retryAfterMs: 1000, rateLimited: true },
    ],
    ['system busy (-1)', new WecomApiError('ERRCODE', 'x', { errcode: -1 }), {}],
    ['token still refused (42001)', new WecomApiError('ERRCODE', 'x', { errcode: 42001 }), {}],
    ['invalid userid (40003)', new WecomApiError('ERRCODE', 'x', { errcode: 40003 }), { permanent: true }],
    ['untrusted IP (60020)', new WecomApiError('ERRCODE', 'x', { errcode: 60020 }), { permanent: true }],
    ['HTTP 502', new WecomApiError('HTTP', 'x', { status: 502 }), { permanent: false }],
    ['HTTP 404', new WecomApiError('HTTP', 'x', { status: 404 }), { permanent: true }],
    ['network', new WecomApiError('NETWORK', 'x'), {}],
    ['anything else', new Error('boom'), {}],
  ])('sorts %s', (_name, err, options) => {
    expect(toDeliveryError('send', err).options).toEqual(options);
  });

  it('round-trips message references and refuses foreign ones as permanent', () => {
    const ref = { kind: 'user' as const, id: 'LiMin', task: 'll-d7', responseCode: 'rc-1' };
    expect(parseRef(formatRef(ref))).toEqual(ref);
    expect(() => parseRef('C123:1700000000.1')).toThrow(/not a WeCom message reference/);
  });
});

describe('WeCom per-member caps', () => {
  it('hold the 31st message of a minute and the 1,001st of an hour', () => {
    const now = 10_000_000;
    const minute = Array.from({ length: 30 }, (_, i) => now - 59_000 + i * 100);
    expect(windowSlot(minute, WECOM_LIMITS, now)).toBe(now - 59_000 + 60_000);
    expect(windowSlot(minute.slice(1), WECOM_LIMITS, now)).toBe(now);
    // 1,000 spread over the last hour (none in the last minute's 30): the oldest must age out first.
    const hour = Array.from({ length: 1000 }, (_, i) => now - 3_500_000 + i * 3000);
    expect(windowSlot(hour, WECOM_LIMITS, now)).toBe(now - 3_500_000 + 3_600_000);
  });
});
