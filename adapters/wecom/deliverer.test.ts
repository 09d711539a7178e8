import { describe, expect, it } from 'vitest';
import { WecomApiError } from './api.ts';
import { formatRef, parseRef, toDeliveryError } from './deliverer.ts';

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
    [
      'our send budget spent',
      new WecomApiError('BUDGET', 'x', { retryAfterMs: 42_000 }),
      { retryAfterMs: 42_000, rateLimited: true },
    ],
    [
      'too frequent (45011)',
      new WecomApiError('ERRCODE', 'x', { errcode: 45011 }),
      { retryAfterMs: 60_000, rateLimited: true },
    ],
    [
      'invalid credential, after a refresh (40001)',
      new WecomApiError('ERRCODE', 'x', { errcode: 40001 }),
      {},
    ],
    ['system busy (-1)', new WecomApiError('ERRCODE', 'x', { errcode: -1 }), {}],
    ['token still refused (42001)', new WecomApiError('ERRCODE', 'x', { errcode: 42001 }), {}],
    ['invalid userid (40003)', new WecomApiError('ERRCODE', 'x', { errcode: 40003 }), { permanent: true }],
    ['untrusted IP (60020)', new WecomApiError('ERRCODE', 'x', { errcode: 60020 }), { permanent: true }],
    ['HTTP 502', new WecomApiError('HTTP', 'x', { status: 502 }), { permanent: false }],
    ['HTTP 404', new WecomApiError('HTTP', 'x', { status: 404 }), { permanent: true }],
    ['HTTP 429', new WecomApiError('HTTP', 'x', { status: 429 }), { rateLimited: true }],
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
