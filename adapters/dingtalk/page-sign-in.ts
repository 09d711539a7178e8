// Form pages opened inside DingTalk (H5 微应用): the page asks the dd JSAPI for a 免登 code, which the server turns
// into the member's userid; the page may then use dd.device.geolocation.get after dd.config. Calls go through the
// app's one HTTP client (http.ts, the old host's token in the query), so they share its cached access token.
import { DeliveryError } from '../../src/conversation/delivery.ts';
import { cachedTicket, jsapiSignature, type PageSignIn } from '../mobile-forms/sign-in.ts';
import type { DingtalkHttp } from './http.ts';

/**
 * The dd JSAPI for H5 pages ("企业内部应用免登", https://open.dingtalk.com/document/orgapp-server/enterprise-internal-application-logon-free;
 * the script from DingTalk's CDN, as its docs and its developer community give it).
 */
export const DINGTALK_SDK = ['https://g.alicdn.com/dingding/dingtalk-jsapi/3.0.25/dingtalk.open.js'] as const;

export function dingtalkPageSignIn(options: {
  http: DingtalkHttp;
  /** DINGTALK_CORP_ID: requestAuthCode and dd.config need it. */
  corpId: string;
  /** DINGTALK_AGENT_ID: dd.config's agentId (the app's AgentId, 应用信息). */
  agentId: string;
  clock: () => number;
}): PageSignIn {
  const { http } = options;
  // GET {oapi}/get_jsapi_ticket?access_token ("获取jsapi_ticket",
  // https://open.dingtalk.com/document/orgapp-server/obtain-jsapi_ticket): `ticket`, valid `expires_in` (7200 s).
  const ticket = cachedTicket(async () => {
    const res = await http.oapi.get<{ ticket?: unknown; expires_in?: unknown }>('/get_jsapi_ticket');
    if (typeof res.data.ticket !== 'string' || res.data.ticket === '')
      throw new DeliveryError('dingtalk get_jsapi_ticket: no ticket');
    return {
      ticket: res.data.ticket,
      expiresIn: typeof res.data.expires_in === 'number' ? res.data.expires_in : 7200,
    };
  }, options.clock);
  return {
    platform: 'dingtalk',
    sdkScripts: DINGTALK_SDK,
    assetParams: { corpId: options.corpId },
    /**
     * POST {oapi}/topapi/v2/user/getuserinfo?access_token {code} ("通过免登码获取用户信息",
     * https://open.dingtalk.com/document/orgapp/obtain-the-userid-of-a-user-by-using-the-log-free): result.userid.
     * A code is single-use and lives 5 minutes; an unknown, used or expired one answers errcode 40078
     * ("不存在的临时授权码", 免登常见问题), which http.ts turns into a permanent DeliveryError.
     */
    async userOf(code) {
      try {
        const res = await http.oapi.post<{ result?: { userid?: unknown } }>('/topapi/v2/user/getuserinfo', {
          code,
        });
        const userid = res.data.result?.userid;
        return typeof userid === 'string' && userid !== ''
          ? { kind: 'member', userId: userid }
          : { kind: 'refused' };
      } catch (err) {
        if (err instanceof DeliveryError && err.options.permanent === true) return { kind: 'refused' };
        throw err;
      }
    },
    async jsapi(url, nonce, timestamp) {
      return {
        corpId: options.corpId,
        agentId: options.agentId,
        timeStamp: timestamp,
        nonceStr: nonce,
        signature: jsapiSignature(await ticket(), nonce, timestamp, url),
      };
    },
  };
}
