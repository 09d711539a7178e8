// WeCom's one HTTP client: an axios instance with a timeout on every call, the app's access token added by an
// interceptor (cached, refreshed 5 minutes before it expires, one gettoken in flight at a time), a call WeCom
// answers with an invalid-token errcode tried once more with a fresh token, and every failure turned into a
// WecomApiError carrying WeCom's own errcode and errmsg.
// https://developer.work.weixin.qq.com/document/path/91039: gettoken is itself rate limited and a fresh token does
// not invalidate the old one, so concurrent fetches only waste quota.
import axios, {
  AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { CodedError } from '../../src/kernel/errors.ts';
import { countPlatformError } from '../../src/observe.ts';

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';
/** Invalid credential (40001), invalid (40014), missing (41001) or expired (42001) access token: refresh once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 41001, 42001]);
/**
 * WeCom asking us to wait, with how long (global errcodes, https://developer.work.weixin.qq.com/document/path/90313):
 * API frequency (45009, "接口调用超过限制"; a per-minute block lasts 60 s, path/90312), too frequent (45011),
 * concurrency (45033, "接口并发调用超过限制").
 */
export const RATE_LIMIT_ERRCODES: ReadonlyMap<number, number> = new Map([
  [45009, 60_000],
  [45011, 60_000],
  [45033, 1000],
]);
const REFRESH_EARLY_MS = 5 * 60_000;

/** BUDGET: our own send budget (budget.ts) says this member or chat must not get more messages yet. */
export type WecomApiErrorCode = 'NETWORK' | 'HTTP' | 'ERRCODE' | 'BAD_RESPONSE' | 'BUDGET';

export class WecomApiError extends CodedError<WecomApiErrorCode> {
  constructor(
    code: WecomApiErrorCode,
    message: string,
    readonly details: { errcode?: number; errmsg?: string; status?: number; retryAfterMs?: number } = {},
  ) {
    super(code, message);
  }

  /** WeCom (or our budget) only asked us to wait: trying again later is all it takes. */
  get rateLimited(): boolean {
    return this.code === 'BUDGET' || RATE_LIMIT_ERRCODES.has(this.details.errcode ?? 0);
  }

  /** How long to wait before trying again, when that is known. */
  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs ?? RATE_LIMIT_ERRCODES.get(this.details.errcode ?? 0);
  }
}

export type WecomResponse = Record<string, unknown> & { errcode?: number; errmsg?: string };

export interface WecomHttpOptions {
  corpId: string;
  secret: string;
  /** WECOM_API_BASE: another API host (a local fake in tests), without /cgi-bin. */
  apiBase?: string;
  /** Epoch ms, for the token's expiry. */
  clock?: () => number;
  /** Per-call timeout (default 10 s). */
  timeoutMs?: number;
}

export interface WecomHttp {
  /** Paths are relative to /cgi-bin/ (`message/send`); the access token is added, unless `wecom.token` is false. */
  readonly client: AxiosInstance;
  /** How many times gettoken was called (for tests and diagnostics). */
  readonly tokenFetches: number;
}

/** What our interceptors need to know of a call. */
interface CallMeta {
  what: string;
  /** false: no access token (gettoken itself). */
  token?: boolean;
  /** The token this call went with. */
  used?: string;
  /** Already tried again with a fresh token. */
  retried?: boolean;
}

declare module 'axios' {
  interface AxiosRequestConfig {
    wecom?: CallMeta;
  }
}

export function wecomHttp(options: WecomHttpOptions): WecomHttp {
  const base = (
    options.apiBase === undefined || options.apiBase === '' ? DEFAULT_API_BASE : options.apiBase
  ).replace(/\/+$/, '');
  const clock = options.clock ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const client = axios.create({ baseURL: `${base}/cgi-bin/`, timeout: timeoutMs });
  let cached: { token: string; expiresAt: number } | null = null;
  let inFlight: Promise<string> | null = null;
  let fetches = 0;

  async function fetchToken(): Promise<string> {
    fetches++;
    const res = await client.get<WecomResponse>('gettoken', {
      params: { corpid: options.corpId, corpsecret: options.secret },
      wecom: { what: 'gettoken', token: false },
    });
    const token = res.data.access_token;
    const expiresIn = typeof res.data.expires_in === 'number' ? res.data.expires_in : 7200;
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

  client.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
    const meta: CallMeta = config.wecom ?? { what: config.url ?? '?' };
    // The timeout above bounds waiting for an answer; this bounds the whole call, a slow body included.
    config.signal ??= AbortSignal.timeout(config.timeout ?? timeoutMs);
    if (meta.token === false) return config;
    const used = await token();
    config.wecom = { ...meta, used };
    config.params = { ...(config.params as Record<string, unknown> | undefined), access_token: used };
    return config;
  });

  client.interceptors.response.use(
    async (res: AxiosResponse) => {
      const meta: CallMeta = res.config.wecom ?? { what: res.config.url ?? '?' };
      const body = errorBody(res);
      if (body === null) return res;
      const errcode = typeof body.errcode === 'number' ? body.errcode : -1;
      const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
      if (meta.token !== false && !meta.retried && TOKEN_ERRCODES.has(errcode)) {
        // Only the first caller to see this token refused drops it; the others wait for the same refresh.
        if (cached?.token === meta.used) cached = null;
        const { access_token: _old, ...params } = (res.config.params ?? {}) as Record<string, unknown>;
        return client.request({
          ...res.config,
          params,
          signal: undefined,
          wecom: { ...meta, retried: true },
        });
      }
      countPlatformError('wecom', errcode);
      throw new WecomApiError('ERRCODE', `wecom ${meta.what}: errcode ${errcode} ${errmsg}`.trim(), {
        errcode,
        errmsg,
      });
    },
    (err: unknown) => {
      if (err instanceof WecomApiError) throw err;
      const mapped = toWecomApiError(err);
      // /metrics: WeCom's errcode when it answered one, else how the call failed (http_503, network, bad_response).
      countPlatformError(
        'wecom',
        mapped.details.status !== undefined ? `http_${mapped.details.status}` : mapped.code.toLowerCase(),
      );
      throw mapped;
    },
  );

  return {
    client,
    get tokenFetches() {
      return fetches;
    },
  };
}

/** The answer's JSON when it reports an error (errcode ≠ 0, or not JSON where JSON was due), else null. */
function errorBody(res: AxiosResponse): WecomResponse | null {
  let data: unknown = res.data;
  if (data instanceof ArrayBuffer || Buffer.isBuffer(data)) {
    // media/get answers the file, or JSON when it cannot.
    const type = String(res.headers['content-type'] ?? '');
    if (!/^(application\/json|text\/plain)/i.test(type)) return null;
    try {
      data = JSON.parse(Buffer.from(data as ArrayBuffer).toString('utf8'));
    } catch {
      return { errcode: -1, errmsg: 'an error answer that is not JSON' };
    }
  }
  if (typeof data !== 'object' || data === null) {
    const what = res.config.wecom?.what ?? res.config.url ?? '?';
    countPlatformError('wecom', 'bad_response');
    throw new WecomApiError('BAD_RESPONSE', `wecom ${what}: the answer is not a JSON object`);
  }
  const errcode = (data as WecomResponse).errcode;
  return typeof errcode === 'number' && errcode !== 0 ? (data as WecomResponse) : null;
}

function toWecomApiError(err: unknown): WecomApiError {
  if (err instanceof WecomApiError) return err;
  if (!(err instanceof AxiosError)) return new WecomApiError('NETWORK', `wecom: ${(err as Error).message}`);
  const what = err.config?.wecom?.what ?? err.config?.url ?? '?';
  if (err.response !== undefined)
    return new WecomApiError('HTTP', `wecom ${what}: HTTP ${err.response.status}`, {
      status: err.response.status,
    });
  if (/maxContentLength/i.test(err.message))
    return new WecomApiError('BAD_RESPONSE', `wecom ${what}: ${err.message}`);
  // Timeouts (ECONNABORTED, ETIMEDOUT, an aborted signal), refused connections, resets.
  return new WecomApiError('NETWORK', `wecom ${what}: ${err.code ?? ''} ${err.message}`.trim());
}
