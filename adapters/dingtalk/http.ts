// The one HTTP client for DingTalk (axios): a timeout on every call, the app access token added to every call and
// fetched again (once, however many calls are waiting) when DingTalk says it is no good, and every failure turned
// into a DeliveryError carrying DingTalk's own code and words: "wait" (rate limits: rateLimited, no attempt used),
// "try again later" (5xx, network), or "never again" (a bad request).
//
// Two hosts: api.dingtalk.com (/v1.0/…, token in the `x-acs-dingtalk-access-token` header, errors as HTTP status +
// `{code, message}`) and the old oapi.dingtalk.com (media/upload, token in the `access_token` query, errors as HTTP
// 200 + `{errcode, errmsg}`).
import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { DeliveryError } from '../../src/conversation/delivery.ts';
import { countPlatformError } from '../../src/observe.ts';

export const DEFAULT_API_BASE = 'https://api.dingtalk.com';
/** Media upload still lives on the old host (https://open.dingtalk.com/document/orgapp/upload-media-files). */
export const DEFAULT_OAPI_BASE = 'https://oapi.dingtalk.com';
export const TOKEN_PATH = '/v1.0/oauth2/accessToken';
/** Tokens live 7200 s ("获取企业内部应用的accessToken", expireIn); we fetch a new one this long before. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** DingTalk answers throttled calls without Retry-After; its QPS windows are one second. */
const DEFAULT_RETRY_AFTER_MS = 1000;
export const TIMEOUT_MS = 10_000;

/** New API codes meaning "this token is no good": fetch another and try once more. */
const INVALID_TOKEN_CODE =
  /^(InvalidAuthentication|InvalidAccessToken|Forbidden\.AccessDenied\.AccessTokenInvalid)/i;
/** Old API errcodes for a bad or expired token (40014 不合法的access_token, 42001 access_token超时). */
const INVALID_TOKEN_ERRCODES = new Set([40014, 42001]);
/**
 * "Too fast". New API: HTTP 429, or 403 `Forbidden.AccessDenied.QpsLimitForApi` /
 * `…QpsLimitForAppkeyAndApi` (and the Throttling family). Old API errcodes ("服务端API调用频率限制",
 * https://open.dingtalk.com/document/orgapp/invocation-frequency-limit): 90002 (all companies over the API's
 * ceiling), 90018 (this company over the API's QPS), 90019 (an app over it for one company); 88 is a wrapper whose
 * `sub_code`/submsg then names 90018. A throttled IP gets an HTML page or `{status: 1111, wait: 5}` instead of JSON.
 */
const THROTTLED_CODE = /(Throttl|QpsLimit|FlowControl|RateLimit)/i;
const THROTTLED_ERRCODES = new Set([90002, 90018, 90019]);

export interface HttpOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_API_BASE (a local fake in tests). */
  apiBase?: string;
  /** The old host; defaults to DINGTALK_API_BASE when that is set (a local fake serves both). */
  oapiBase?: string;
  /** Epoch ms, for the token's expiry. */
  clock: () => number;
  timeoutMs?: number;
}

export interface DingtalkHttp {
  /** api.dingtalk.com: the token goes in the header; answers are the body, failures DeliveryErrors. */
  readonly api: AxiosInstance;
  /** oapi.dingtalk.com: the token goes in the query; `errcode` other than 0 is a failure. */
  readonly oapi: AxiosInstance;
  readonly base: string;
  readonly oapiBase: string;
  /** The cached token, or one fetch shared by everyone waiting for it. */
  token(): Promise<string>;
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  errcode?: unknown;
  errmsg?: unknown;
  sub_code?: unknown;
  submsg?: unknown;
  sub_msg?: unknown;
  status?: unknown;
  wait?: unknown;
}

type RetriedConfig = InternalAxiosRequestConfig & { leadlineRetried?: boolean; leadlineToken?: string };

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What the answer says went wrong, in DingTalk's words: `code` + `message`, or `errcode` + `errmsg`. */
function describe(path: string, status: number | undefined, body: ErrorBody): string {
  const code = str(body.code) || str(body.errcode);
  const words = [str(body.message) || str(body.errmsg), str(body.sub_msg) || str(body.submsg)]
    .filter((w) => w !== '')
    .join(' / ');
  return `dingtalk ${path}: ${status === undefined ? 'no answer' : `HTTP ${status}`} ${code} ${words}`.trim();
}

function isThrottled(status: number | undefined, body: ErrorBody): boolean {
  if (status === 429) return true;
  if (THROTTLED_CODE.test(str(body.code))) return true;
  const errcodes = [body.errcode, body.sub_code].map((c) => Number(c));
  if (errcodes.some((c) => THROTTLED_ERRCODES.has(c))) return true;
  if (Number(body.errcode) === 88 && /90018|频率|qps/i.test(`${str(body.submsg)}${str(body.sub_msg)}`))
    return true;
  return Number(body.status) === 1111;
}

function isInvalidToken(status: number | undefined, body: ErrorBody): boolean {
  return (
    status === 401 ||
    INVALID_TOKEN_CODE.test(str(body.code)) ||
    INVALID_TOKEN_ERRCODES.has(Number(body.errcode))
  );
}

/** DingTalk's answer → the DeliveryError the outbox worker understands. */
export function toDeliveryError(
  path: string,
  status: number | undefined,
  body: ErrorBody,
  retryAfterHeader?: unknown,
): DeliveryError {
  const what = describe(path, status, body);
  // /metrics: DingTalk's own code (`code`, else `errcode`), else the HTTP status, else no answer at all.
  const code = str(body.code) || str(body.errcode);
  countPlatformError('dingtalk', code !== '' ? code : status !== undefined ? `http_${status}` : 'network');
  if (isThrottled(status, body)) {
    const header = Number(retryAfterHeader);
    const wait = Number(body.wait);
    const retryAfterMs =
      Number.isFinite(header) && header > 0
        ? header * 1000
        : Number.isFinite(wait) && wait > 0
          ? wait * 60_000 // the IP block page says minutes
          : DEFAULT_RETRY_AFTER_MS;
    return new DeliveryError(what, { retryAfterMs, rateLimited: true });
  }
  if (status === undefined || status >= 500 || status === 408) return new DeliveryError(what);
  if (Number(body.errcode) === -1) return new DeliveryError(what); // 系统繁忙
  // An expired token twice in a row, a bad secret: configuration, not this message; keep retrying with backoff.
  if (isInvalidToken(status, body)) return new DeliveryError(what);
  return new DeliveryError(what, { permanent: true });
}

const asBody = (data: unknown): ErrorBody =>
  data !== null && typeof data === 'object'
    ? data
    : { message: typeof data === 'string' ? data.slice(0, 200) : '' };

export function dingtalkHttp(options: HttpOptions): DingtalkHttp {
  const overridden = options.apiBase !== undefined && options.apiBase !== '';
  const base = (overridden ? (options.apiBase as string) : DEFAULT_API_BASE).replace(/\/+$/, '');
  const oapiBase = (options.oapiBase ?? (overridden ? base : DEFAULT_OAPI_BASE)).replace(/\/+$/, '');
  const timeout = options.timeoutMs ?? TIMEOUT_MS;
  let cached: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  // The token call itself: no interceptors of ours (it has no token and must not loop).
  const bare = axios.create({ baseURL: base, timeout, headers: { 'content-type': 'application/json' } });

  async function fetchToken(): Promise<string> {
    let res: AxiosResponse<{ accessToken?: unknown; expireIn?: unknown } & ErrorBody>;
    try {
      res = await bare.post(TOKEN_PATH, { appKey: options.clientId, appSecret: options.clientSecret });
    } catch (err) {
      throw fromAxios(TOKEN_PATH, err);
    }
    if (typeof res.data.accessToken !== 'string')
      throw toDeliveryError(TOKEN_PATH, res.status, asBody(res.data));
    const seconds = typeof res.data.expireIn === 'number' ? res.data.expireIn : 7200;
    cached = { value: res.data.accessToken, expiresAt: options.clock() + seconds * 1000 };
    return res.data.accessToken;
  }

  function token(): Promise<string> {
    if (cached !== undefined && cached.expiresAt - REFRESH_MARGIN_MS > options.clock())
      return Promise.resolve(cached.value);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  /** Forgets the token a refused call used (not a newer one another call already fetched). */
  function invalidate(used: string | undefined) {
    if (used !== undefined && cached?.value === used) cached = undefined;
  }

  function fromAxios(path: string, err: unknown): DeliveryError {
    if (err instanceof DeliveryError) return err;
    if (err instanceof AxiosError) {
      if (err.response === undefined)
        return new DeliveryError(`dingtalk ${path}: ${err.code ?? ''} ${err.message}`);
      return toDeliveryError(
        path,
        err.response.status,
        asBody(err.response.data),
        err.response.headers['retry-after'],
      );
    }
    return new DeliveryError(`dingtalk ${path}: ${(err as Error).message}`);
  }

  function withToken(instance: AxiosInstance, place: 'header' | 'query'): AxiosInstance {
    instance.interceptors.request.use(async (config: RetriedConfig) => {
      const value = await token();
      config.leadlineToken = value;
      if (place === 'header') config.headers.set('x-acs-dingtalk-access-token', value);
      else config.params = { ...(config.params as object | undefined), access_token: value };
      return config;
    });
    instance.interceptors.response.use(
      async (res) => {
        // The old host answers 200 with an errcode.
        const body = asBody(res.data);
        if (place === 'query' && body.errcode !== undefined && Number(body.errcode) !== 0)
          return retryOrThrow(
            instance,
            res.config as RetriedConfig,
            res.status,
            body,
            res.headers['retry-after'],
          );
        return res;
      },
      async (err: unknown) => {
        const config = (err as AxiosError).config as RetriedConfig | undefined;
        const res = (err as AxiosError).response;
        if (config === undefined || res === undefined) throw fromAxios(config?.url ?? '', err);
        return retryOrThrow(instance, config, res.status, asBody(res.data), res.headers['retry-after']);
      },
    );
    return instance;
  }

  /** A refused token: once, a fresh token and the same call again; anything else becomes a DeliveryError. */
  async function retryOrThrow(
    instance: AxiosInstance,
    config: RetriedConfig,
    status: number,
    body: ErrorBody,
    retryAfter: unknown,
  ): Promise<AxiosResponse> {
    if (isInvalidToken(status, body) && config.leadlineRetried !== true) {
      invalidate(config.leadlineToken);
      config.leadlineRetried = true;
      return instance.request(config);
    }
    throw toDeliveryError(config.url ?? '', status, body, retryAfter);
  }

  const api = withToken(
    axios.create({ baseURL: base, timeout, headers: { 'content-type': 'application/json' } }),
    'header',
  );
  const oapi = withToken(axios.create({ baseURL: oapiBase, timeout }), 'query');
  return { api, oapi, base, oapiBase, token };
}
