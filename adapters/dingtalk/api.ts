// DingTalk's open API (api.dingtalk.com/v1.0): the app access token, cached and refreshed, and JSON calls whose
// failures are sorted into DeliveryErrors ("wait this long", "try again later", "never again").
import { DeliveryError } from '../../src/conversation/delivery.ts';

export const DEFAULT_API_BASE = 'https://api.dingtalk.com';
/** Media upload still lives on the old host (https://open.dingtalk.com/document/orgapp/upload-media-files). */
export const DEFAULT_OAPI_BASE = 'https://oapi.dingtalk.com';
/** Tokens live 7200 s; we fetch a new one this long before the old one runs out. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** DingTalk answers throttled calls without Retry-After; QPS limits reset within a second. */
const DEFAULT_RETRY_AFTER_MS = 1000;
const TIMEOUT_MS = 10_000;

/** Error codes meaning "this token is no good": fetch another and try once more. */
const INVALID_TOKEN =
  /^(InvalidAuthentication|InvalidAccessToken|Forbidden\.AccessDenied\.AccessTokenInvalid)/i;
/** Error codes meaning "too fast": wait and try again. */
const THROTTLED = /(Throttl|QpsLimit|FlowControl|RateLimit)/i;

export interface ApiOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_API_BASE: another API base (a local fake in tests). */
  apiBase?: string;
  /** Epoch ms, for the token's expiry. */
  clock: () => number;
  /** The old API host for media/upload; defaults to DINGTALK_API_BASE when that is set (a local fake serves both). */
  oapiBase?: string;
}

export interface DingtalkApi {
  call<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T>;
  /**
   * Uploads media (POST {oapi}/media/upload?access_token&type=image|file, multipart field `media`) and returns its
   * media_id (`@…`), which robot messages take: sampleImageMsg `photoURL`, sampleFile `mediaId`.
   */
  upload(type: 'image' | 'file', name: string, mime: string, bytes: Uint8Array): Promise<string>;
  /**
   * The bytes of a file a person sent the robot: POST /v1.0/robot/messageFiles/download {downloadCode, robotCode}
   * (https://open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message) gives a
   * short-lived downloadUrl, fetched without our token (fetchDownload).
   */
  downloadMessageFile(downloadCode: string, robotCode: string): Promise<DownloadedFile>;
  /** The API base in use (DINGTALK_API_BASE or DingTalk's), without a trailing slash. */
  readonly base: string;
}

export interface DownloadedFile {
  bytes: Uint8Array;
  /** The Content-Type the download answered with, when it named one. */
  mime?: string;
}

/** Files people send are refused above this size (the same limit as Slack evidence files). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

interface ErrorBody {
  code?: string;
  message?: string;
}

export function dingtalkApi(options: ApiOptions): DingtalkApi {
  const overridden = options.apiBase !== undefined && options.apiBase !== '';
  const base = (overridden ? (options.apiBase as string) : DEFAULT_API_BASE).replace(/\/+$/, '');
  const oapi = (options.oapiBase ?? (overridden ? base : DEFAULT_OAPI_BASE)).replace(/\/+$/, '');
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const res = await request('POST', '/v1.0/oauth2/accessToken', {
      appKey: options.clientId,
      appSecret: options.clientSecret,
    });
    const body = (await readJson(res)) as { accessToken?: string; expireIn?: number } & ErrorBody;
    if (!res.ok || typeof body.accessToken !== 'string')
      throw toDeliveryError('oauth2/accessToken', res, body);
    token = { value: body.accessToken, expiresAt: options.clock() + (body.expireIn ?? 7200) * 1000 };
    return body.accessToken;
  }

  /** The cached token, or one fetch shared by every caller waiting for a new one. */
  function accessToken(): Promise<string> {
    if (token !== undefined && token.expiresAt - REFRESH_MARGIN_MS > options.clock())
      return Promise.resolve(token.value);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function request(method: string, path: string, body: unknown, accessTokenValue?: string) {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(accessTokenValue === undefined ? {} : { 'x-acs-dingtalk-access-token': accessTokenValue }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      // Network errors and timeouts: worth another try later.
      throw new DeliveryError(`dingtalk ${path}: ${(err as Error).message}`);
    }
  }

  const api: DingtalkApi = {
    base,
    async call<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const used = await accessToken();
        const res = await request(method, path, body, used);
        const json = (await readJson(res)) as T & ErrorBody;
        if (res.ok) return json;
        const invalidToken = res.status === 401 || INVALID_TOKEN.test(json.code ?? '');
        if (invalidToken) {
          if (token?.value === used) token = undefined;
          if (attempt === 0) continue;
        }
        throw toDeliveryError(path, res, json);
      }
    },
    async upload(type, name, mime, bytes) {
      for (let attempt = 0; ; attempt++) {
        const used = await accessToken();
        const form = new FormData();
        form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
        let res: Response;
        try {
          res = await fetch(`${oapi}/media/upload?access_token=${encodeURIComponent(used)}&type=${type}`, {
            method: 'POST',
            body: form,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
        } catch (err) {
          throw new DeliveryError(`dingtalk media/upload: ${(err as Error).message}`);
        }
        const json = (await readJson(res)) as { errcode?: number; errmsg?: string; media_id?: string };
        const errcode = json.errcode ?? 0;
        if (res.ok && errcode === 0 && typeof json.media_id === 'string') return json.media_id;
        // 40014 / 42001: the token is no good; fetch another and try once more.
        if ((errcode === 40014 || errcode === 42001) && attempt === 0) {
          if (token?.value === used) token = undefined;
          continue;
        }
        const what =
          `dingtalk media/upload: HTTP ${res.status} errcode ${errcode} ${json.errmsg ?? ''}`.trim();
        // -1: system busy; 5xx: worth another try. Anything else (bad type, too large) fails the same way again.
        throw new DeliveryError(what, { permanent: !(errcode === -1 || res.status >= 500) });
      }
    },
    async downloadMessageFile(downloadCode, robotCode) {
      const answer = await api.call<{ downloadUrl?: unknown }>('POST', '/v1.0/robot/messageFiles/download', {
        downloadCode,
        robotCode,
      });
      if (typeof answer.downloadUrl !== 'string')
        throw new DeliveryError('dingtalk messageFiles/download gave no downloadUrl', { permanent: true });
      return fetchDownload(answer.downloadUrl, overridden ? base : null);
    },
  };
  return api;
}

/**
 * Fetches a downloadUrl. It is a pre-signed link on DingTalk's storage, so it gets no token and no cookie; it
 * must be https (a local API base, in tests and staging, may also hand out links on its own origin), redirects
 * are refused rather than followed to wherever they point, and the body stops at MAX_DOWNLOAD_BYTES.
 */
export async function fetchDownload(url: string, localBase: string | null): Promise<DownloadedFile> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DeliveryError('dingtalk downloadUrl is not a URL', { permanent: true });
  }
  const sameAsLocalBase = localBase !== null && parsed.origin === new URL(localBase).origin;
  if (parsed.protocol !== 'https:' && !sameAsLocalBase)
    throw new DeliveryError(`dingtalk downloadUrl on ${parsed.protocol}//${parsed.host} refused`, {
      permanent: true,
    });
  let res: Response;
  try {
    res = await fetch(parsed, {
      redirect: 'error',
      credentials: 'omit',
      signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS),
    });
  } catch (err) {
    throw new DeliveryError(`dingtalk file download: ${(err as Error).message}`);
  }
  if (!res.ok) throw new DeliveryError(`dingtalk file download: HTTP ${res.status}`);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_DOWNLOAD_BYTES)
    throw new DeliveryError('dingtalk file is over 20 MB', { permanent: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = res.body?.getReader();
  while (reader !== undefined) {
    const chunk = await reader.read();
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_DOWNLOAD_BYTES) {
      await reader.cancel();
      throw new DeliveryError('dingtalk file is over 20 MB', { permanent: true });
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  const mime = res.headers.get('content-type')?.split(';')[0]?.trim();
  return { bytes, ...(mime === undefined || mime === '' ? {} : { mime }) };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text().catch(() => '');
  try {
    return text === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

export function toDeliveryError(path: string, res: Response, body: ErrorBody): DeliveryError {
  const what = `dingtalk ${path}: HTTP ${res.status} ${body.code ?? ''} ${body.message ?? ''}`.trim();
  if (res.status === 429 || THROTTLED.test(body.code ?? '')) {
    const header = Number(res.headers.get('retry-after'));
    const retryAfterMs = Number.isFinite(header) && header > 0 ? header * 1000 : DEFAULT_RETRY_AFTER_MS;
    return new DeliveryError(what, { retryAfterMs });
  }
  if (res.status >= 500 || res.status === 408) return new DeliveryError(what);
  // An expired token twice in a row, a bad secret: configuration, not this message; keep retrying with backoff.
  if (res.status === 401 || INVALID_TOKEN.test(body.code ?? '')) return new DeliveryError(what);
  return new DeliveryError(what, { permanent: true });
}
