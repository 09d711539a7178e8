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
//    retry while its `close` handler retries too), so connection storms grow; connect() here lets one attempt
//    run at a time, backs off while the gateway refuses, and clears the old heartbeat the SDK leaves running.
// Both reach into SDK fields that are private in its types (dw_url, heartbeatIntervallId): the version pin and
// test/dingtalk-stream.test.ts are what keep that honest.
import { DWClient, TOPIC_CARD, TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { Answer } from './routes.ts';

export const GATEWAY_PATH = '/v1.0/gateway/connections/open';
const GATEWAY_TIMEOUT_MS = 10_000;
/** Waits between failed gateway calls: doubling from the first, up to the last. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 60_000;

export interface StreamOptions {
  clientId: string;
  clientSecret: string;
  /** The API base (DINGTALK_API_BASE or DingTalk's) whose gateway hands out the WebSocket endpoint and ticket. */
  apiBase: string;
  /**
   * The HTTP callback's handler (routes.ts handleCallbackBody): one robot message or card click. `frameId`: the
   * frame's messageId, the same on a redelivery — how a card click (which has no msgId) acts once.
   */
  handle(body: unknown, frameId: string): Promise<Answer>;
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
  heartbeatIntervallId?: ReturnType<typeof setInterval>;
}

class GatewayClient extends DWClient {
  private attempt: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = FIRST_RETRY_MS;
  private stopped = false;

  constructor(
    options: { clientId: string; clientSecret: string },
    private readonly gatewayUrl: string,
  ) {
    // keepAlive: ping every few seconds and drop a socket that stops answering (a silently dead NAT mapping).
    super({ ...options, keepAlive: true, ua: 'leadline' });
  }

  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: unknown; ticket?: unknown };
    if (!res.ok || typeof body.endpoint !== 'string' || typeof body.ticket !== 'string')
      throw new Error(`dingtalk stream gateway: HTTP ${res.status}, no endpoint and ticket`);
    (this as unknown as SdkPrivates).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** One attempt at a time; the SDK's own `close` handler calls this again after a drop. */
  override connect(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.attempt ??= this.connectOnce().finally(() => {
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
      console.error(
        `dingtalk stream: no connection from ${this.gatewayUrl} (${why}); next try in ${this.retryMs / 1000} s`,
      );
      this.retryLater();
      return;
    }
    try {
      await this._connect();
      this.retryMs = FIRST_RETRY_MS;
    } catch {
      // The socket failed: the SDK's close handler (which always follows) schedules the next attempt.
    }
  }

  private retryLater(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
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
  );

  /**
   * A CALLBACK frame: handled, then acknowledged with its messageId (socketCallBackResponse), so DingTalk does
   * not send it again. A frame we could not handle (the database is down) is left unacknowledged on purpose:
   * DingTalk redelivers it in about a minute, and the msgId store makes sure it acts once.
   */
  async function onFrame(frame: DWClientDownStream): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(frame.data);
    } catch {
      console.error(
        `dingtalk stream: frame ${frame.headers.messageId} on ${frame.headers.topic} is not JSON`,
      );
      client.socketCallBackResponse(frame.headers.messageId, {});
      return;
    }
    try {
      const answer = await options.handle(body, frame.headers.messageId);
      if (answer.status >= 400)
        console.error(`dingtalk stream: a ${frame.headers.topic} frame of no known shape was ignored`);
    } catch (err) {
      console.error(
        `dingtalk stream: frame ${frame.headers.messageId} failed, DingTalk will send it again:`,
        err,
      );
      return;
    }
    // An empty response: replies and card updates go out through the API, as over HTTP.
    client.socketCallBackResponse(frame.headers.messageId, {});
  }

  const listener = (frame: DWClientDownStream) => void onFrame(frame);
  client.registerCallbackListener(TOPIC_ROBOT, listener);
  client.registerCallbackListener(TOPIC_CARD, listener);

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
