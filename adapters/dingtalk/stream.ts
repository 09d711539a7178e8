// DingTalk Stream mode (DINGTALK_MODE=stream): the server connects out to DingTalk over a WebSocket, so it needs
// no public URL. Robot messages (/v1.0/im/bot/messages/get) and card clicks (/v1.0/card/instances/callback)
// arrive as CALLBACK frames whose `data` is the same JSON the HTTP callback gets, and go to the same handler.
//
// We use the official SDK (npm dingtalk-stream, pinned ~2.1.5) for the socket, its SYSTEM ping answers and its
// ack frames, with two seams of our own, because the SDK
//  - posts to a fixed gateway URL (https://api.dingtalk.com/v1.0/gateway/connections/open) through axios, so
//    nothing can point it at a local gateway: getEndpoint() here asks `${DINGTALK_API_BASE}/v1.0/gateway/
//    connections/open` (DingTalk's own host when unset) and sets the SDK's socket URL from the answer;
//  - schedules two reconnects when a connection attempt fails (its `error` handler rejects into connect()'s
//    retry while its `close` handler retries too), so connection storms grow, and retries every second for
//    ever; connect() here lets one attempt run at a time, waits between attempts — doubling from 1 s to 60 s
//    while the gateway refuses, the socket will not open or keeps dropping at once, back to 1 s after a
//    connection that held — and clears the old heartbeat the SDK leaves running.
// Both reach into SDK fields that are private in its types (dw_url, heartbeatIntervallId, reconnectInterval): the version pin and
// test/dingtalk-stream.test.ts are what keep that honest.
import axios from 'axios';
import { DWClient, EventAck, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { FrameAnswer } from './routes.ts';
import { log } from '../../src/log.ts';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
const GATEWAY_TIMEOUT_MS = 10_000;
/** Waits between connection attempts: doubling from `firstMs` up to `maxMs`; a connection that stayed open
 * `stableMs` starts again from `firstMs` when it drops. */
export interface StreamRetry {
  firstMs: number;
  maxMs: number;
  stableMs: number;
}
const DEFAULT_RETRY: StreamRetry = { firstMs: 1000, maxMs: 60_000, stableMs: 60_000 };

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  /** The API base (DINGTALK_API_BASE or DingTalk's) whose gateway hands out the WebSocket endpoint and ticket. */
  apiBase: string;
  /**
   * The inbox (kept.ts) both modes share: one robot message or card click. `frameId`: the
   * frame's messageId, the same on a redelivery — how a card click (which has no msgId) acts once.
   */
  handle(body: unknown, frameId: string): Promise<FrameAnswer>;
  /** Reconnection waits (tests shorten them). */
  retry?: StreamRetry;
  /** Directory sync: EVENT frames (address-book events such as user_leave_org), by their eventType header. */
  onEvent?: (eventType: string, data: Record<string, unknown>) => void;
}

export interface DingtalkStream {
  /** Connects, and keeps reconnecting whenever the connection drops, until stop(). */
  start(): void;
  stop(): void;
  /** True while a socket is open. */
  readonly connected: boolean;
}

interface SdkPrivates {
  dw_url?: string;
  reconnectInterval?: number;
  heartbeatIntervallId?: ReturnType<typeof setInterval>;
}

class GatewayClient extends DWClient {
  private attempt: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs: number;
  /** No attempt before this time (epoch ms). */
  private notBefore = 0;
  /** When the socket now (or last) open opened; null when none has since the last drop was handled. */
  private openedAt: number | null = null;
  private stopped = false;

  constructor(
    options: { clientId: string; clientSecret: string },
    private readonly gatewayUrl: string,
    private readonly retry: StreamRetry,
  ) {
    // keepAlive: ping every few seconds and drop a socket that stops answering (a silently dead NAT mapping).
    super({ ...options, keepAlive: true, ua: 'leadline' });
    this.retryMs = retry.firstMs;
    // The SDK's close handler calls connect() after this long: at once, and connect() decides when to try.
    (this as unknown as SdkPrivates).reconnectInterval = 0;
  }

  override async getEndpoint(): Promise<this> {
    // The app's credentials in the body, no token: a plain axios call with its own timeout.
    const res = await axios.post<{ endpoint?: unknown; ticket?: unknown }>(
      this.gatewayUrl,
      {
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      },
      {
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        timeout: GATEWAY_TIMEOUT_MS,
        validateStatus: () => true,
      },
    );
    const body = typeof res.data === 'object' && res.data !== null ? res.data : {};
    if (res.status !== 200 || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string')
      throw new Error(`dingtalk stream gateway: HTTP ${res.status}, no endpoint and ticket`);
    (this as unknown as SdkPrivates).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /**
   * One attempt at a time, and none before its time: the SDK's close handler calls this right after every drop
   * (a connection that held reconnects after `firstMs`; one that dropped at once, or never opened, waits longer
   * each time).
   */
  override connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.attempt !== undefined) return this.attempt;
    const now = Date.now();
    if (this.openedAt !== null) {
      // A socket that was open has dropped.
      if (now - this.openedAt >= this.retry.stableMs) this.retryMs = this.retry.firstMs;
      this.openedAt = null;
      this.waitBeforeNext(`the connection dropped`);
    }
    if (Date.now() < this.notBefore) {
      this.scheduleAt(this.notBefore);
      return Promise.resolve();
    }
    this.attempt = this.connectOnce().finally(() => {
      this.attempt = undefined;
    });
    return this.attempt;
  }

  private async connectOnce(): Promise<void> {
    clearInterval((this as unknown as SdkPrivates).heartbeatIntervallId);
    try {
      await this.getEndpoint();
    } catch (err) {
      const e = err as Error & { cause?: { message?: string } };
      const why = [e.message, e.cause?.message].filter(Boolean).join(': ');
      this.waitBeforeNext(`no connection from ${this.gatewayUrl} (${why})`);
      this.scheduleAt(this.notBefore);
      return;
    }
    try {
      await this._connect();
      this.openedAt = Date.now();
    } catch (err) {
      // The socket would not open; the SDK's close handler (which follows) calls connect(), which waits.
      this.waitBeforeNext(`the socket would not open (${(err as Error).message})`);
      this.scheduleAt(this.notBefore);
    }
  }

  /** The next attempt waits the current delay, and the one after it twice as long (up to the cap). */
  private waitBeforeNext(why: string): void {
    this.notBefore = Date.now() + this.retryMs;
    log({ platform: 'dingtalk' }).error(`dingtalk stream: ${why}; next try in ${this.retryMs / 1000} s`);
    this.retryMs = Math.min(this.retryMs * 2, this.retry.maxMs);
  }

  private scheduleAt(at: number): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), Math.max(0, at - Date.now()));
  }

  override disconnect(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval((this as unknown as SdkPrivates).heartbeatIntervallId);
    super.disconnect();
  }
}

export function dingtalkStream(options: StreamOptions): DingtalkStream {
  const gateway = `${options.apiBase.replace(/\/+$/, '')}${GATEWAY_PATH}`;
  const client = new GatewayClient(
    { clientId: options.clientId, clientSecret: options.clientSecret },
    gateway,
    options.retry ?? DEFAULT_RETRY,
  );

  /**
   * A CALLBACK frame: handled (for a robot message or a click: kept in the database, kept.ts), then acknowledged
   * with its messageId (socketCallBackResponse) so DingTalk does not send it again, then acted on (`after`). A
   * frame whose handling threw is left unacknowledged: DingTalk may send a card callback again, never a robot
   * message ("机器人消息当前是fire-forgot模式", developerpedia docs/learn/stream/protocol.md), which is why robot
   * messages are kept before the ack.
   */
  async function onFrame(frame: DWClientDownStream): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      log({ platform: 'dingtalk' }).error(
        `dingtalk stream: frame ${frame.headers.messageId} on ${frame.headers.topic} is not JSON`,
      );
      client.socketCallBackResponse(frame.headers.messageId, {});
      return;
    }
    let answer: FrameAnswer;
    try {
      answer = await options.handle(body, frame.headers.messageId);
      if (answer.status >= 400)
        log({ platform: 'dingtalk' }).error(
          `dingtalk stream: a ${frame.headers.topic} frame of no known shape was ignored`,
        );
    } catch (err) {
      log({ platform: 'dingtalk' }).error(
        { err },
        `dingtalk stream: frame ${frame.headers.messageId} failed, left unacknowledged`,
      );
      return;
    }
    // At once, and empty: replies and card updates go out through the API, as over HTTP.
    client.socketCallBackResponse(frame.headers.messageId, {});
    await answer.after?.().catch((err: unknown) => {
      log({ platform: 'dingtalk' }).error(
        { err },
        `dingtalk stream: acting on frame ${frame.headers.messageId} failed`,
      );
    });
  }

  const listener = (frame: DWClientDownStream) => void onFrame(frame);
  client.registerCallbackListener(TOPIC_ROBOT, listener);
  client.registerCallbackListener(TOPIC_CARD, listener);

  // Directory sync (issue 20): EVENT frames are acknowledged from the listener's return value; the event is handed
  // over and worked on after (a failure is logged; the nightly reconcile catches what was missed).
  const onEvent = options.onEvent;
  if (onEvent !== undefined) {
    client.registerAllEventListener((frame) => {
      try {
        const data: unknown = JSON.parse(frame.data);
        if (typeof data === 'object' && data !== null)
          onEvent(frame.headers.eventType ?? '', data as Record<string, unknown>);
      } catch {
        log({ platform: 'dingtalk' }).error(`dingtalk stream: event ${frame.headers.messageId} is not JSON`);
      }
      return { status: EventAck.SUCCESS };
    });
  }

  let started = false;
  return {
    start() {
      if (started) return;
      started = true;
      void client.connect();
    },
    stop() {
      client.disconnect();
    },
    get connected() {
      return client.connected;
    },
  };
}
