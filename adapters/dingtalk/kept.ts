// Stream mode's inbox. DingTalk pushes a robot message over Stream once and never again, acknowledged or not
// ("机器人消息当前是fire-forgot模式，不会因为网络超时而重复推送", developerpedia docs/learn/stream/protocol.md), so a
// message we failed to act on (the database down, a throw) would be lost. Each robot message and card click is
// therefore kept in the database (inbound_pending) before its frame is acknowledged, acted on right after, and tried
// again by any instance (sweep) until it worked or failed KEPT_BACKOFF_MS.length + 1 times. When even keeping it
// fails (the database is down), it waits in this process's memory until the database is back.
import { dueInbound, inboundDone, inboundFailed, keepInbound } from '../../src/conversation/inbound-once.ts';
import { cardCallbackSchema, robotMessageSchema } from './payloads.ts';
import { actOnClick, actOnMessage, type CallbackDeps, type FrameAnswer } from './routes.ts';
import { log } from '../../src/log.ts';

const PLATFORM = 'dingtalk';
/** At most this many messages wait in memory while the database is away; more are logged and dropped. */
const MEMORY_LIMIT = 1000;
/** Kept messages tried per sweep. */
const SWEEP_BATCH = 20;

export interface StreamInbox {
  /**
   * A Stream frame's or HTTP request's body: kept, then acted on (`after`; over Stream once the frame is
   * acknowledged). `clickId` names a click: the frame id, or the HTTP request (routes.ts).
   */
  receive(body: unknown, clickId: string): Promise<FrameAnswer>;
  /** Keeps what waited in memory, then tries the kept messages that are due; how many it tried. */
  sweep(): Promise<number>;
  /** Messages waiting in memory for the database. */
  readonly waiting: number;
}

type Parsed = { key: string; act: () => Promise<void> };

/** What the body is (a click or a robot message) and its key: the message's msgId, or the click's frame id. */
function parse(deps: CallbackDeps, body: unknown, frameId: string | null): Parsed | null {
  const card = cardCallbackSchema.safeParse(body);
  if (card.success && frameId !== null)
    return { key: `frame:${frameId}`, act: () => actOnClick(deps, card.data) };
  const message = robotMessageSchema.safeParse(body);
  if (message.success) return { key: message.data.msgId, act: () => actOnMessage(deps, message.data) };
  return null;
}

export function streamInbox(deps: CallbackDeps): StreamInbox {
  const memory: Array<{ key: string; body: string; act: () => Promise<void> }> = [];

  /** One try: done, or kept for a later one (or given up); never throws. */
  async function attempt(key: string, act: () => Promise<void>, attempts: number): Promise<void> {
    try {
      await act();
    } catch (err) {
      const why = (err as Error).message;
      log({ platform: 'dingtalk' }).error(
        { err },
        `dingtalk: acting on ${key} failed (try ${attempts}), it is kept for another`,
      );
      await inboundFailed(deps.chat, PLATFORM, key, attempts, why).then(
        (r) => {
          if (r === 'given-up')
            log({ platform: 'dingtalk' }).error(
              `dingtalk: gave up on ${key} after ${attempts} tries: ${why}`,
            );
        },
        // The database is away: the row's lease runs out and a later sweep tries again.
        () => undefined,
      );
      return;
    }
    await inboundDone(deps.chat, PLATFORM, key).catch((err: unknown) => {
      log({ platform: 'dingtalk' }).error(
        { err },
        `dingtalk: ${key} was acted on but is still kept (it may act again)`,
      );
    });
  }

  return {
    async receive(body, clickId) {
      const parsed = parse(deps, body, clickId);
      if (parsed === null) return { status: 400, body: { error: 'bad_request' } };
      const text = JSON.stringify(body);
      let first: boolean;
      try {
        first = await keepInbound(deps.chat, PLATFORM, parsed.key, text);
      } catch (err) {
        if (memory.length >= MEMORY_LIMIT) {
          log({ platform: 'dingtalk' }).error(
            { err },
            `dingtalk: database unreachable and ${MEMORY_LIMIT} messages waiting; ${parsed.key} lost`,
          );
        } else {
          log({ platform: 'dingtalk' }).error(
            { err },
            `dingtalk: database unreachable; ${parsed.key} waits in memory`,
          );
          memory.push({ key: parsed.key, body: text, act: parsed.act });
        }
        return { status: 200, body: {} };
      }
      if (!first) return { status: 200, body: {} }; // seen before: acts once
      return { status: 200, body: {}, after: () => attempt(parsed.key, parsed.act, 1) };
    },
    async sweep() {
      let tried = 0;
      while (memory.length > 0) {
        const next = memory[0] as (typeof memory)[number];
        let first: boolean;
        try {
          first = await keepInbound(deps.chat, PLATFORM, next.key, next.body);
        } catch {
          return tried; // still away
        }
        memory.shift();
        if (first) {
          await attempt(next.key, next.act, 1);
          tried += 1;
        }
      }
      const due = await dueInbound(deps.chat, PLATFORM, SWEEP_BATCH);
      for (const row of due) {
        const parsed = parse(
          deps,
          JSON.parse(row.body) as unknown,
          row.key.startsWith('frame:') ? row.key.slice(6) : null,
        );
        if (parsed === null) {
          await inboundDone(deps.chat, PLATFORM, row.key);
          continue;
        }
        await attempt(row.key, parsed.act, row.attempts);
        tried += 1;
      }
      return tried;
    },
    get waiting() {
      return memory.length;
    },
  };
}
