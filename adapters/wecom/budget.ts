// WeCom's limits on app messages, kept in the database so that every instance counts every message: outbox
// deliveries and the direct replies to what people type, each message/send or appchat/send call one message.
// From 访问频率限制 (https://developer.work.weixin.qq.com/document/path/90312; its third-party twin path/90454):
// - "每应用对同一个成员不可超过30次/分钟，1000次/小时，超过部分会被丢弃不下发": past them WeCom drops messages
//   without an error, so we must never send them;
// - "每应用不可超过账号上限数*200人次/天": a daily cap for the app, seats (账号上限数) × 200 person-sends;
// - group chats: "每个成员在群中收到的应用消息不可超过200条/分，1万条/天，超过会被丢弃（接口不会报错）";
// - "按天拦截则被屏蔽一天（自然天）…按分钟拦截则被屏蔽60秒，按小时拦截则被屏蔽60分钟".
// The docs do not say whether a minute is a sliding window or a clock minute: sliding windows hold every reading
// (at most 30 in any 60 s is also at most 30 in each clock minute). Days are natural days in China (UTC+8).
import type { Address } from '../../src/conversation/delivery.ts';
import type { SendBudgetAnswer, Store } from '../../src/modules/ports.ts';

/** Per member: 30 a minute, 1,000 an hour. */
export const MEMBER_WINDOWS = [
  { count: 30, perMs: 60_000 },
  { count: 1000, perMs: 3_600_000 },
] as const;
/** Per group chat (each member of it): 200 a minute, 10,000 a day. */
export const CHAT_WINDOWS = [{ count: 200, perMs: 60_000 }] as const;
export const CHAT_DAILY = 10_000;
/** The app's daily cap is the company's seats (账号上限数) × 200 person-sends. */
export const SENDS_PER_SEAT_PER_DAY = 200;
const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface SendBudget {
  /** Takes `count` messages to one member or chat, all or none; when none, when they would fit. */
  take(to: Address, count: number): Promise<SendBudgetAnswer>;
}

/** The natural day in China that `now` falls in: its date and when the next day begins. */
export function chinaDay(now: number): { name: string; endsAt: number } {
  const day = Math.floor((now + CHINA_UTC_OFFSET_MS) / DAY_MS);
  return {
    name: new Date(day * DAY_MS).toISOString().slice(0, 10),
    endsAt: (day + 1) * DAY_MS - CHINA_UTC_OFFSET_MS,
  };
}

export interface StoredBudgetOptions {
  clock: () => number;
  /**
   * WECOM_ACCOUNT_LIMIT, the company's 账号上限数 (seats). Unset: the people of the org file with a WeCom identity,
   * each a member of the company, so the cap we keep is never above the real one.
   */
  accountLimit?: number;
}

/** The budget kept in the database, shared by every instance on it. */
export function storedSendBudget(store: Store, options: StoredBudgetOptions): SendBudget {
  return {
    take: (to, count) =>
      store.transaction(async (tx) => {
        const now = options.clock();
        const day = chinaDay(now);
        if (to.kind === 'channel')
          return tx.sendBudget.take({
            scope: 'wecom',
            key: `c:${to.id}`,
            count,
            now,
            windows: CHAT_WINDOWS,
            daily: [{ count: CHAT_DAILY, perKey: true }],
            day,
          });
        const seats =
          options.accountLimit ??
          Math.max(1, (await tx.org.people()).filter((p) => (p.identities.wecom ?? '') !== '').length);
        return tx.sendBudget.take({
          scope: 'wecom',
          key: `u:${to.id}`,
          count,
          now,
          windows: MEMBER_WINDOWS,
          daily: [{ count: seats * SENDS_PER_SEAT_PER_DAY, perKey: false }],
          day,
        });
      }),
  };
}

/** No budget at all: for tools that send no messages (`leadline wecom create-team-chats`). */
export function unlimitedBudget(): SendBudget {
  return { take: () => Promise.resolve({ ok: true }) };
}
