// The WeCom server API as Leadline uses it, over the one HTTP client of http.ts (token, timeouts, errcodes). Every
// message to a member or a group chat goes through `send`, which first takes it from the shared send budget
// (budget.ts): WeCom drops messages past its per-member limits without a word, so we never send them.
import type { Address } from '../../src/conversation/delivery.ts';
import { unlimitedBudget, type SendBudget } from './budget.ts';
import { WecomApiError, wecomHttp, type WecomResponse } from './http.ts';

export { DEFAULT_API_BASE, TOKEN_ERRCODES, WecomApiError, type WecomResponse } from './http.ts';

/** WeCom's duplicate check window (its default): a resend within it is dropped by WeCom. */
export const DUPLICATE_CHECK_SECONDS = 1800;

export interface WecomApiOptions {
  corpId: string;
  secret: string;
  /** The app's AgentId: needed to send (message/send). */
  agentId?: number;
  /** WECOM_API_BASE: another API host (a local fake in tests), without /cgi-bin. */
  apiBase?: string;
  /** Epoch ms. */
  clock?: () => number;
  /** Per-call timeout. */
  timeoutMs?: number;
  /** The shared per-member and per-app send budget; without one (CLI tools that send nothing) nothing is held. */
  budget?: SendBudget;
}

export interface WecomMedia {
  bytes: Uint8Array;
  mime: string;
  name: string | null;
}

/** `attachment; filename="a.jpg"` or RFC 5987 `filename*=UTF-8''%E7%85%A7.jpg` → the name. */
export function dispositionName(header: string | null): string | null {
  if (header === null) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1] !== undefined) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return null;
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() || null;
}

/** Methods that deliver a message: only through `send`, so each is counted in the budget. */
const SENDING: ReadonlySet<string> = new Set(['message/send', 'appchat/send']);

export interface WecomApi {
  /** POST /cgi-bin/{method}?access_token=… with a JSON body; resolves only when errcode is 0. Not for sending
   * messages (message/send, appchat/send): those go through `send`. */
  post(method: string, body: object): Promise<WecomResponse>;
  /** GET /cgi-bin/{method}?access_token=…&params; resolves only when errcode is 0. */
  get(method: string, params: Record<string, string>): Promise<WecomResponse>;
  /**
   * Sends these messages (`{ msgtype, … }`) in order to a member (message/send, with WeCom's duplicate check) or a
   * group chat (appchat/send), after taking all of them from the send budget at once: when the budget cannot
   * take them, nothing is sent and a WecomApiError BUDGET says when to try again. WeCom's answers, in order.
   * `sent(n)`: called once the first n messages went out (a later one may still fail).
   */
  send(
    to: Address,
    messages: readonly object[],
    sent?: (count: number) => Promise<void>,
  ): Promise<WecomResponse[]>;
  /**
   * Uploads a temporary media file (POST /cgi-bin/media/upload?type=image|file, multipart field `media`;
   * https://developer.work.weixin.qq.com/document/path/90253): the media_id, valid 3 days. Images ≤ 10 MB
   * (PNG/JPG), files ≤ 20 MB; `name` is the file name people see.
   */
  upload(type: 'image' | 'file', name: string, mime: string, bytes: Uint8Array): Promise<string>;
  /**
   * Downloads a temporary media file a member sent (GET /cgi-bin/media/get?access_token&media_id,
   * https://developer.work.weixin.qq.com/document/path/90254): its bytes, content type and file name (from
   * Content-Disposition). WeCom answers errors as JSON instead of the file.
   */
  media(mediaId: string, maxBytes: number): Promise<WecomMedia>;
  /** How many times gettoken was called (for tests and diagnostics). */
  readonly tokenFetches: number;
}

export function wecomApi(options: WecomApiOptions): WecomApi {
  const http = wecomHttp(options);
  const { client } = http;
  const budget = options.budget ?? unlimitedBudget();

  async function post(method: string, body: object): Promise<WecomResponse> {
    const res = await client.post<WecomResponse>(method, body, { wecom: { what: method } });
    return res.data;
  }

  async function download(mediaId: string, maxBytes: number): Promise<WecomMedia> {
    const res = await client.get<ArrayBuffer>('media/get', {
      params: { media_id: mediaId },
      responseType: 'arraybuffer',
      maxContentLength: maxBytes,
      timeout: Math.max(options.timeoutMs ?? 10_000, 30_000),
      wecom: { what: 'media/get' },
    });
    const bytes = new Uint8Array(res.data);
    if (bytes.byteLength > maxBytes)
      throw new WecomApiError('BAD_RESPONSE', `wecom media/get: over ${maxBytes} bytes`);
    const mime = String(res.headers['content-type'] ?? 'application/octet-stream');
    const disposition = res.headers['content-disposition'] as string | undefined;
    return {
      bytes,
      mime: mime.split(';')[0]?.trim() ?? mime,
      name: dispositionName(disposition ?? null),
    };
  }

  return {
    media: download,
    get tokenFetches() {
      return http.tokenFetches;
    },
    async get(method, params) {
      const res = await client.get<WecomResponse>(method, { params, wecom: { what: method } });
      return res.data;
    },
    post(method, body) {
      if (SENDING.has(method))
        return Promise.reject(new Error(`wecom ${method}: send messages with send(), so they are budgeted`));
      return post(method, body);
    },
    async send(to, messages, sent) {
      if (messages.length === 0) return [];
      const taken = await budget.take(to, messages.length);
      if (!taken.ok)
        throw new WecomApiError(
          'BUDGET',
          `wecom: ${to.kind === 'user' ? 'member' : 'chat'} ${to.id} has had all the messages WeCom allows for now (${taken.reason})`,
          { retryAfterMs: Math.max(1000, taken.retryAt - (options.clock ?? Date.now)()) },
        );
      const answers: WecomResponse[] = [];
      for (const message of messages) {
        if (to.kind === 'channel') {
          // appchat/send has no duplicate check: a resend after a crash can show twice in a group.
          answers.push(await post('appchat/send', { chatid: to.id, ...message, safe: 0 }));
          await sent?.(answers.length);
          continue;
        }
        if (options.agentId === undefined) throw new Error('wecom message/send: no agentId configured');
        answers.push(
          await post('message/send', {
            touser: to.id,
            agentid: options.agentId,
            ...message,
            // A notice re-sent after a crash within 30 minutes is dropped by WeCom instead of shown twice.
            enable_duplicate_check: 1,
            duplicate_check_interval: DUPLICATE_CHECK_SECONDS,
          }),
        );
      }
      return answers;
    },
    async upload(type, name, mime, bytes) {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
      const res = await client.post<WecomResponse>('media/upload', form, {
        params: { type },
        wecom: { what: 'media/upload' },
      });
      const id = res.data.media_id;
      if (typeof id !== 'string' || id === '')
        throw new WecomApiError('BAD_RESPONSE', 'wecom media/upload: no media_id');
      return id;
    },
  };
}
