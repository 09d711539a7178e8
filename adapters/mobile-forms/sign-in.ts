// Signing a form page's reader in through the messenger it was opened in (WeCom OAuth2, DingTalk 免登), and the
// pieces both platforms share: the JS-SDK signature, the short-lived sign-in cookie, a cached JSAPI ticket. Pure
// apart from HMAC/SHA-1; the clock comes in. The platform calls themselves live in each messenger's adapter
// (adapters/wecom/page-sign-in.ts, adapters/dingtalk/page-sign-in.ts), behind PageSignIn.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FormPlatform } from './token.ts';

/** Who a sign-in code says is reading: a member of the company, someone outside it, or nobody (a bad code). */
export type CodeReader = { kind: 'member'; userId: string } | { kind: 'outsider' } | { kind: 'refused' };

/** What the form pages need of a messenger to sign its people in and to let the page use its JSAPI. */
export interface PageSignIn {
  readonly platform: FormPlatform;
  /**
   * Who a one-time sign-in code belongs to: a member's user id; an outsider (WeCom answers an openid for someone
   * outside the company); refused when the platform refuses the code (unknown, used, older than 5 minutes). Throws
   * when the platform cannot be reached.
   */
  userOf(code: string): Promise<CodeReader>;
  /** The platform's JS-SDK, loaded before our script (assets/<platform>.js). */
  readonly sdkScripts: readonly string[];
  /** What our script needs to know, as its query string (corpId…). */
  readonly assetParams: Readonly<Record<string, string>>;
  /** The JS-SDK configuration for the page at `url` (no #…), signed with the platform's JSAPI ticket(s). */
  jsapi(url: string, nonce: string, timestamp: number): Promise<Record<string, unknown>>;
  /**
   * WeCom: the OAuth2 address that brings the reader back to `redirectUri?code=…&state=…` (the browser is sent
   * there first). Absent (DingTalk): the page asks the JSAPI for a code and posts it to /m/sso/<platform>/<token>.
   */
  authorizeUrl?(redirectUri: string, state: string): string;
}

/**
 * The JS-SDK signature: SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, in this order, nothing URL-encoded,
 * the url without its #fragment. WeCom "JS-SDK 签名算法" (https://developer.work.weixin.qq.com/document/path/96909,
 * with its worked example in the tests); DingTalk's dd.config signs the same string ("JSAPI 鉴权",
 * https://open.dingtalk.com/document/orgapp-server/obtain-jsapi_ticket).
 */
export function jsapiSignature(ticket: string, nonce: string, timestamp: number, url: string): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonce}&timestamp=${timestamp}&url=${url.split('#')[0] ?? url}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

/** The cookie of one link's sign-in: its name is per link, so two forms open at once do not log each other out. */
export function signInCookieName(jti: string): string {
  return `ll_f_${createHash('sha256').update(jti).digest('hex').slice(0, 16)}`;
}

function mac(secret: Buffer, jti: string, personId: string, platform: string, exp: number): string {
  return createHmac('sha256', secret)
    .update(`leadline form sign-in v1|${jti}|${personId}|${platform}|${exp}`)
    .digest('base64url');
}

/** The cookie's value: until `exp` (epoch seconds), this link's reader is `personId`, signed in on `platform`. */
export function signInCookieValue(
  secret: Buffer,
  claims: { jti: string; personId: string; platform: string },
  exp: number,
): string {
  return `${exp}.${mac(secret, claims.jti, claims.personId, claims.platform, exp)}`;
}

/** Whether a cookie value signs this link's person in at `now` (epoch ms). */
export function signInCookieValid(
  secret: Buffer,
  value: string | undefined,
  claims: { jti: string; personId: string; platform: string },
  now: number,
): boolean {
  if (value === undefined || value.length > 200) return false;
  const [expText, sig, extra] = value.split('.');
  if (expText === undefined || sig === undefined || extra !== undefined || !/^\d{1,12}$/.test(expText))
    return false;
  const exp = Number(expText);
  if (exp * 1000 <= now) return false;
  const want = Buffer.from(mac(secret, claims.jti, claims.personId, claims.platform, exp));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The cookies of a request (`a=b; c=d`), at most 50, each value at most 4 KB. */
export function readCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  for (const part of header.slice(0, 8192).split(';').slice(0, 50)) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/**
 * A JSAPI ticket kept for its expires_in (refreshed 5 minutes early), one fetch at a time. Both platforms limit
 * how often a ticket may be fetched (WeCom: 400 an hour per company, 100 per app, path/96909), so it is cached
 * like the access token it is fetched with: per process, as that token is (adapters/wecom/http.ts,
 * adapters/dingtalk/http.ts).
 */
export function cachedTicket(
  fetchTicket: () => Promise<{ ticket: string; expiresIn: number }>,
  clock: () => number,
): () => Promise<string> {
  let cached: { ticket: string; until: number } | null = null;
  let inFlight: Promise<string> | null = null;
  return () => {
    if (cached !== null && clock() < cached.until) return Promise.resolve(cached.ticket);
    inFlight ??= fetchTicket()
      .then(({ ticket, expiresIn }) => {
        cached = { ticket, until: clock() + Math.max(60, expiresIn - 300) * 1000 };
        return ticket;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
