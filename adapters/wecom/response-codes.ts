// The response_codes that let us change a template card after it was sent. WeCom hands one out with message/send
// and one with every click on the card, and each updates the card once, within 72 hours
// (https://developer.work.weixin.qq.com/document/path/94945: "一个code只能调用一次该接口，且只能在72小时内调用").
// They are kept with the delivery that posted the card (deliveries.response_codes), so every instance sees them
// and a code is taken by one update only.
import type { Store } from '../../src/modules/ports.ts';

/** WeCom's 72 hours, less a minute so a code is not sent just as it expires. */
export const RESPONSE_CODE_TTL_MS = 72 * 3_600_000 - 60_000;

export interface ResponseCodes {
  /** Keeps a code for the card that delivery `deliveryId` posted, issued now or at `issuedAt`. */
  keep(deliveryId: number, code: string, issuedAt?: number): Promise<void>;
  /** Takes the oldest code still valid for that card, or null when none is left. */
  take(deliveryId: number): Promise<{ code: string; issuedAt: number } | null>;
}

export function storedResponseCodes(store: Store, clock: () => number): ResponseCodes {
  return {
    keep: (deliveryId, code, issuedAt) =>
      store.transaction((tx) => tx.deliveries.addResponseCode(deliveryId, code, issuedAt ?? clock())),
    take: (deliveryId) =>
      store.transaction((tx) => tx.deliveries.takeResponseCode(deliveryId, clock() - RESPONSE_CODE_TTL_MS)),
  };
}

/** Our card task ids are `{prefix}-d{delivery}`, or `{prefix}-d{delivery}-u{update}` for a card sent in place of
 * an older one: the delivery whose card it is, or null for a task that is not a delivery's (a reply card). */
export function deliveryOfTask(prefix: string, task: string): number | null {
  if (!task.startsWith(`${prefix}-d`)) return null;
  const m = /^(\d+)(?:-u\d+)?$/.exec(task.slice(prefix.length + 2));
  return m === null ? null : Number(m[1]);
}

/** The task of the card that first stood for this delivery (`ll-d3-u7` → `ll-d3`). */
export function baseTask(task: string): string {
  return task.replace(/-u\d+$/, '');
}

/** Codes kept in this process only: for a deliverer without a database (tests, one-off scripts). */
export function memoryResponseCodes(clock: () => number = Date.now): ResponseCodes {
  const kept = new Map<number, Array<{ code: string; issuedAt: number }>>();
  return {
    keep(deliveryId, code, issuedAt) {
      const all = [...(kept.get(deliveryId) ?? []), { code, issuedAt: issuedAt ?? clock() }];
      kept.set(
        deliveryId,
        all.sort((a, b) => a.issuedAt - b.issuedAt),
      );
      return Promise.resolve();
    },
    take(deliveryId) {
      const valid = (kept.get(deliveryId) ?? []).filter((c) => c.issuedAt > clock() - RESPONSE_CODE_TTL_MS);
      const [first, ...rest] = valid;
      kept.set(deliveryId, rest);
      return Promise.resolve(first ?? null);
    },
  };
}
