// A small WeCom server-API client: the app's access token, cached, refreshed 5 minutes before it expires and at
// once on an invalid-token errcode (then the call is tried once more), with one gettoken in flight at a time
// (https://developer.work.weixin.qq.com/document/path/91039: gettoken is itself rate limited, and a fresh token
// does not invalidate the old one, so concurrent fetches only waste quota).
import { CodedError } from '../../src/kernel/errors.ts';

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';
/** Invalid (40014), expired (42001) or missing (41001) access token. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40014, 42001, 41001]);
const REFRESH_EARLY_MS = 5 * 60_000;

export type WecomApiErrorCode = 'NETWORK' | 'HTTP' | 'ERRCODE' | 'BAD_RESPONSE';

export class WecomApiError extends CodedError<WecomApiErrorCode> {
  constructor(
    code: WecomApiErrorCode,
    message: string,
    readonly details: { errcode?: number; status?: number } = {},
  ) {
    super(code, message);
  }
}

export interface WecomApiOptions {
  corpId: string;
  secret: string;
  /** WECOM_API_BASE: another API host (a local fake in tests), without /cgi-bin. */
  apiBase?: string;
  /** Epoch ms. */
  clock?: () => number;
  /** Per-call timeout. */
  timeoutMs?: number;
}

export type WecomResponse = Record<string, unknown> & { errcode?: number; errmsg?: string };

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

export interface WecomApi {
  /** POST /cgi-bin/{method}?access_token=… with a JSON body; resolves only when errcode is 0. */
  post(method: string, body: object): Promise<WecomResponse>;
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
  const base = (
    options.apiBase === undefined || options.apiBase === '' ? DEFAULT_API_BASE : options.apiBase
  ).replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  let fetches = 0;

  async function request(url: string, init: RequestInit, what: string): Promise<WecomResponse> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new WecomApiError('NETWORK', `wecom ${what}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new WecomApiError('HTTP', `wecom ${what}: HTTP ${res.status}`, { status: res.status });
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new WecomApiError('BAD_RESPONSE', `wecom ${what}: the answer is not JSON`);
    }
    if (typeof json !== 'object' || json === null)
      throw new WecomApiError('BAD_RESPONSE', `wecom ${what}: the answer is not an object`);
    const body = json as WecomResponse;
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0)
      throw new WecomApiError('ERRCODE', `wecom ${what}: errcode ${errcode} ${body.errmsg ?? ''}`.trim(), {
        errcode,
      });
    return body;
  }

  async function fetchToken(): Promise<string> {
    fetches++;
    const url = `${base}/cgi-bin/gettoken?corpid=${encodeURIComponent(options.corpId)}&corpsecret=${encodeURIComponent(options.secret)}`;
    const body = await request(url, { method: 'GET' }, 'gettoken');
    const token = body.access_token;
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200;
    if (typeof token !== 'string' || token === '')
      throw new WecomApiError('BAD_RESPONSE', 'wecom gettoken: no access_token');
    cached = { token, expiresAt: clock() + expiresIn * 1000 - REFRESH_EARLY_MS };
    return token;
  }

  function token(): Promise<string> {
    if (cached !== null && clock() < cached.expiresAt) return Promise.resolve(cached.token);
    inFlight ??= fetchToken().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function postWith(tokenValue: string, method: string, body: object): Promise<WecomResponse> {
    return request(
      `${base}/cgi-bin/${method}?access_token=${encodeURIComponent(tokenValue)}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      method,
    );
  }

  /** One call with the cached token, and once more with a fresh one when WeCom says the token is no good. */
  async function withToken<T>(call: (tokenValue: string) => Promise<T>): Promise<T> {
    const used = await token();
    try {
      return await call(used);
    } catch (err) {
      if (!(err instanceof WecomApiError) || !TOKEN_ERRCODES.has(err.details.errcode ?? 0)) throw err;
      // Only the first caller to see this token refused drops it; the others wait for the same refresh.
      if (cached?.token === used) cached = null;
      return call(await token());
    }
  }

  async function download(tokenValue: string, mediaId: string, maxBytes: number): Promise<WecomMedia> {
    const url = `${base}/cgi-bin/media/get?access_token=${encodeURIComponent(tokenValue)}&media_id=${encodeURIComponent(mediaId)}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(Math.max(timeoutMs, 30_000)) });
    } catch (err) {
      throw new WecomApiError('NETWORK', `wecom media/get: ${(err as Error).message}`);
    }
    if (!res.ok)
      throw new WecomApiError('HTTP', `wecom media/get: HTTP ${res.status}`, { status: res.status });
    const mime = res.headers.get('content-type') ?? 'application/octet-stream';
    if (/^(application\/json|text\/plain)/i.test(mime)) {
      const body = (await res.json().catch(() => ({}))) as WecomResponse;
      const errcode = typeof body.errcode === 'number' ? body.errcode : -1;
      throw new WecomApiError('ERRCODE', `wecom media/get: errcode ${errcode} ${body.errmsg ?? ''}`.trim(), {
        errcode,
      });
    }
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > maxBytes)
      throw new WecomApiError('BAD_RESPONSE', `wecom media/get: over ${maxBytes} bytes`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.byteLength > maxBytes)
      throw new WecomApiError('BAD_RESPONSE', `wecom media/get: over ${maxBytes} bytes`);
    return {
      bytes,
      mime: mime.split(';')[0]?.trim() ?? mime,
      name: dispositionName(res.headers.get('content-disposition')),
    };
  }

  return {
    media: (mediaId, maxBytes) => withToken((used) => download(used, mediaId, maxBytes)),
    get tokenFetches() {
      return fetches;
    },
    post: (method, body) => withToken((used) => postWith(used, method, body)),
    async upload(type, name, mime, bytes) {
      const answer = await withToken((used) => {
        const form = new FormData();
        form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
        return request(
          `${base}/cgi-bin/media/upload?access_token=${encodeURIComponent(used)}&type=${type}`,
          { method: 'POST', body: form },
          'media/upload',
        );
      });
      if (typeof answer.media_id !== 'string' || answer.media_id === '')
        throw new WecomApiError('BAD_RESPONSE', 'wecom media/upload: no media_id');
      return answer.media_id;
    },
  };
}
