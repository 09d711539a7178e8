import type { Deliverer } from './delivery.ts';

/**
 * The browser playground as a delivery platform. Its messages are the delivery rows themselves (the worker
 * stores every sent card), so any instance can serve any person's inbox; sending is only recording.
 */
export const playgroundDeliverer: Deliverer = {
  platform: 'playground',
  minIntervalMs: 0,
  send: (_address, _card, meta) => Promise.resolve(`playground:${meta.deliveryId}`),
  update: () => Promise.resolve(),
  // Nothing reached a platform before the crash: storing it again is the send.
  reconcile: () => Promise.resolve(null),
};
