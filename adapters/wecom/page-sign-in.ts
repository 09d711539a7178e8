// Form pages opened inside WeCom: the reader is signed in with OAuth2 (网页授权) and the page may use the JS-SDK
// (wx.config + wx.agentConfig, for getLocation). Calls go through the app's one API client (api.ts), so they share
// its cached access token.
import { cachedTicket, jsapiSignature, type PageSignIn } from '../mobile-forms/sign-in.ts';
import { WecomApiError, type WecomApi } from './api.ts';

/**
 * "构造网页授权链接" (https://developer.work.weixin.qq.com/document/path/91022): appid = the CorpID, redirect_uri
 * urlencoded, response_type=code, scope=snsapi_base (静默授权: the member's UserId, no prompt), state of
 * [a-zA-Z0-9] ≤ 128 bytes, agentid, and #wechat_redirect, which the client needs to add the identity. The
 * redirect_uri's host must be the app's 可信域名.
 */
export const WECOM_AUTHORIZE = 'https://open.weixin.qq.com/connect/oauth2/authorize';

/**
 * The JS-SDK, as "JS-SDK使用说明" (https://developer.work.weixin.qq.com/document/path/90514) and "agentConfig"
 * (path/90515) ask: jweixin-1.2.0.js for wx.config, then jwxwork-1.0.0.js, which adds wx.agentConfig in the
 * mobile client ("使用时这两个文件都是需要引入", WeCom's answer in its developer community).
 */
export const WECOM_SDK = [
  'https://res.wx.qq.com/open/js/jweixin-1.2.0.js',
  'https://open.work.weixin.qq.com/wwopen/js/jwxwork-1.0.0.js',
] as const;

/** "invalid code" (获取访问用户身份, path/91023 and its twin path/98177): unknown, used, or older than 5 minutes. */
const BAD_CODE = 40029;

export function wecomPageSignIn(options: {
  api: WecomApi;
  corpId: string;
  agentId: number;
  clock: () => number;
}): PageSignIn {
  const { api } = options;
  const ticketOf = (method: string, params: Record<string, string>) =>
    cachedTicket(async () => {
      const res = await api.get(method, params);
      if (typeof res.ticket !== 'string' || res.ticket === '')
        throw new WecomApiError('BAD_RESPONSE', `wecom ${method}: no ticket`);
      return { ticket: res.ticket, expiresIn: typeof res.expires_in === 'number' ? res.expires_in : 7200 };
    }, options.clock);
  // "JS-SDK 签名算法" (path/96909): the company's ticket for wx.config (GET get_jsapi_ticket), the app's for
  // wx.agentConfig (GET ticket/get?type=agent_config), each valid expires_in (7200 s) and rate limited.
  const corpTicket = ticketOf('get_jsapi_ticket', {});
  const agentTicket = ticketOf('ticket/get', { type: 'agent_config' });
  return {
    platform: 'wecom',
    sdkScripts: WECOM_SDK,
    assetParams: { corpId: options.corpId, agentId: String(options.agentId) },
    authorizeUrl(redirectUri, state) {
      const q = [
        `appid=${encodeURIComponent(options.corpId)}`,
        `redirect_uri=${encodeURIComponent(redirectUri)}`,
        'response_type=code',
        'scope=snsapi_base',
        `state=${encodeURIComponent(state)}`,
        `agentid=${options.agentId}`,
      ];
      return `${WECOM_AUTHORIZE}?${q.join('&')}#wechat_redirect`;
    },
    /**
     * GET cgi-bin/auth/getuserinfo?access_token&code ("获取访问用户身份", path/91023): `userid` for a member of the
     * company (in the app's visible range or not), `openid` (+ external_userid) for anyone else, whom we refuse.
     * The code is single-use and lives 5 minutes; a bad one answers 40029.
     */
    async userOf(code) {
      try {
        const res = await api.get('auth/getuserinfo', { code });
        if (typeof res.userid === 'string' && res.userid !== '')
          return { kind: 'member', userId: res.userid };
        return typeof res.openid === 'string' ? { kind: 'outsider' } : { kind: 'refused' };
      } catch (err) {
        if (err instanceof WecomApiError && err.details.errcode === BAD_CODE) return { kind: 'refused' };
        throw err;
      }
    },
    async jsapi(url, nonce, timestamp) {
      const [corp, agent] = await Promise.all([corpTicket(), agentTicket()]);
      return {
        corpId: options.corpId,
        agentId: options.agentId,
        config: { timestamp, nonceStr: nonce, signature: jsapiSignature(corp, nonce, timestamp, url) },
        agentConfig: { timestamp, nonceStr: nonce, signature: jsapiSignature(agent, nonce, timestamp, url) },
      };
    },
  };
}
