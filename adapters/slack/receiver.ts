// Bolt's receiver for POST /slack/events on our express app (a custom Receiver, Bolt's supported way to take
// requests in: https://docs.slack.dev/tools/bolt-js/concepts/receiver). routes.ts has read the raw body and
// checked its signature already; this parses it once and hands it to Bolt's App.processEvent.
//
// Issue 23, item 3: requests whose listener acks first and with nothing (button clicks, our slash commands,
// Events API callbacks, which Bolt acks itself before any listener) are answered 200 here, before Bolt sees
// them, and Bolt's work for them goes through the after-ack queue (after-ack.ts): 200 simultaneous clicks are
// all acked before the first click's claim runs. The others (modal submissions, which may answer with errors;
// anything we do not know) go through Bolt as its own receivers do, acked when their listener says so, with
// Bolt's HTTPResponseAck: 404 when no listener acked within 3 s, 401 when authorize failed, 500 on an error.
import {
  HTTPModuleFunctions,
  HTTPResponseAck,
  ReceiverMultipleAckError,
  type App,
  type BufferedIncomingMessage,
  type Receiver,
  type ReceiverEvent,
} from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AfterAckQueue } from './after-ack.ts';
import { SLASH_COMMANDS } from './payloads.ts';

type Body = Record<string, unknown>;

const OUR_COMMANDS = new Set<string>(SLASH_COMMANDS);

/**
 * Whether Slack's ack for this request is always an empty 200, whatever the listener finds: the listeners of
 * listeners/actions.ts and listeners/commands.ts call `ack()` first with nothing, and Bolt acks Events API
 * callbacks itself before running any listener (except function_executed, which Leadline does not use).
 */
export function acksFirst(body: Body): boolean {
  if (body.type === 'block_actions') return true;
  if (typeof body.command === 'string') return OUR_COMMANDS.has(body.command);
  if (body.type === 'event_callback') {
    const event = body.event as { type?: unknown } | undefined;
    return event?.type !== 'function_executed';
  }
  return false;
}

/** A short, secret-free name for a request, for the log when its work fails or is lost. */
function labelOf(body: Body): string {
  const user = text((body.user as { id?: unknown } | undefined)?.id ?? body.user_id);
  if (body.type === 'block_actions') {
    const action = (body.actions as Array<{ action_id?: unknown; value?: unknown }> | undefined)?.[0];
    return `block_actions ${text(action?.action_id)}=${text(action?.value)} by ${user}`;
  }
  if (typeof body.command === 'string') return `command ${body.command} by ${user}`;
  const event = text((body.event as { type?: unknown } | undefined)?.type);
  return `${text(body.type) || 'request'}${event === '' ? '' : ` ${event}`}`;
}

function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

export class EventsReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly queue: AfterAckQueue) {}

  /** Bolt's App calls this from its constructor, before any request can come in. */
  init(app: App): void {
    this.app = app;
  }

  private get bolt(): App {
    if (this.app === undefined) throw new Error('the Slack receiver was not given its App');
    return this.app;
  }

  private get logger() {
    return this.bolt.logger;
  }

  /** Over HTTP the server is ours (src/main.ts): nothing to start. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for the work of the requests already acknowledged. */
  stop(): Promise<void> {
    return this.queue.drain();
  }

  /** After routes.ts has read the raw body (`req.rawBody`) and checked its signature. */
  readonly handler = (req: BufferedIncomingMessage, res: ServerResponse): void => {
    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(req);
    } catch (err) {
      this.logger.warn(`Malformed request body: ${(err as Error).message}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    // Signed by Slack, but `null` or `5` is valid JSON: nothing Bolt could take.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.logger.warn('Malformed request body: not an object');
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    this.route(req, res, body as Body);
  };

  private route(req: IncomingMessage, res: ServerResponse, body: Body): void {
    if (body.ssl_check === '1') {
      HTTPModuleFunctions.buildSSLCheckResponse(res);
      return;
    }
    if (body.type === 'url_verification') {
      HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
      return;
    }
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req);
    const retry = {
      ...(retryNum === undefined ? {} : { retryNum }),
      ...(retryReason === undefined ? {} : { retryReason }),
    };
    if (acksFirst(body)) {
      HTTPModuleFunctions.buildContentResponse(res, undefined);
      this.queue.add({
        label: labelOf(body),
        work: () => this.dispatch({ body, ack: acked(), ...retry }),
      });
      return;
    }
    void this.dispatchWithResponse(req, res, body, retry);
  }

  private async dispatch(event: ReceiverEvent): Promise<void> {
    await this.bolt.processEvent(event);
  }

  /** What Bolt's ExpressReceiver does with a request: the listener's ack() writes the response. */
  private async dispatchWithResponse(
    req: IncomingMessage,
    res: ServerResponse,
    body: Body,
    retry: { retryNum?: number; retryReason?: string },
  ): Promise<void> {
    const ack = new HTTPResponseAck({
      logger: this.logger,
      processBeforeResponse: false,
      httpRequest: req,
      httpRequestBody: body,
      httpResponse: res,
    });
    try {
      await this.dispatch({ body, ack: ack.bind(), ...retry });
    } catch (error) {
      const answered = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger: this.logger,
        request: req,
        response: res,
        storedResponse: ack.storedResponse as unknown,
      });
      if (answered) ack.ack();
    }
  }
}

/** The ack of a request answered already: Bolt's listeners still call it, once (as HTTPResponseAck checks). */
function acked(): ReceiverEvent['ack'] {
  let called = false;
  return () => {
    if (called) return Promise.reject(new ReceiverMultipleAckError());
    called = true;
    return Promise.resolve();
  };
}
