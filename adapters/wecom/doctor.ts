// `leadline doctor` for WeCom, over the one HTTP client (http.ts): gettoken with the app's secret; agent/get
// (https://developer.work.weixin.qq.com/document/path/90227: the app's visible range, allow_userinfos.user[] and
// allow_partys.partyid[]) — appchat works only when that range is the root department (path/90244), id 1 (a
// department made through the API must have an id above 1, path/90205); the contact-sync secret with the cheapest
// call it may make (user/list_id, limit 1, path/96067); each team chat with appchat/get (path/90247: 86003 when
// WeCom does not know it); and the callback URL answering WeCom's URL verification (path/90930: GET with
// msg_signature, timestamp, nonce, echostr; the answer is the decrypted echostr).
import { randomBytes } from 'node:crypto';
import { probeUrl, publicRoute, type DoctorLine } from '../doctor.ts';
import { encrypt, signature } from './crypto.ts';
import { wecomHttp, type WecomResponse } from './http.ts';
import { CALLBACK_PATH } from './routes.ts';

export const ROOT_DEPARTMENT = 1;

export interface WecomDoctorOptions {
  corpId: string;
  secret: string;
  agentId: number;
  token: string;
  encodingAesKey: string;
  contactSecret?: string;
  apiBase?: string;
  publicUrl: string | null;
  /** Each team's chat id as stored (null: none). Null: the database could not be read, chats are not checked. */
  teamChats: Array<{ team: string; chatid: string | null }> | null;
  clock?: () => number;
}

const text = (err: unknown) => (err as Error).message;

export async function wecomDoctor(options: WecomDoctorOptions): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const base = options.apiBase ? { apiBase: options.apiBase } : {};
  const { client } = wecomHttp({ corpId: options.corpId, secret: options.secret, ...base, timeoutMs: 8000 });
  let tokenOk = true;
  try {
    await client
      .get<WecomResponse>('agent/get', {
        params: { agentid: options.agentId },
        wecom: { what: 'agent/get' },
      })
      .then((res) => {
        lines.push({ status: 'ok', say: 'doctor.wecom.token.ok', vars: { corpId: options.corpId } });
        lines.push(...agentLines(options.agentId, res.data));
        if (options.publicUrl !== null) lines.push(domainLine(res.data, options.publicUrl));
      });
  } catch (err) {
    // gettoken failing fails the call before it is made: say which of the two it was.
    if (/gettoken/.test(text(err))) {
      tokenOk = false;
      lines.push({
        status: 'fail',
        say: 'doctor.wecom.token.fail',
        fix: 'doctor.wecom.token.failFix',
        vars: { error: text(err) },
      });
    } else {
      lines.push({ status: 'ok', say: 'doctor.wecom.token.ok', vars: { corpId: options.corpId } });
      lines.push({
        status: 'fail',
        say: 'doctor.wecom.agent.fail',
        fix: 'doctor.wecom.agent.failFix',
        vars: { agentId: options.agentId, error: text(err) },
      });
    }
  }
  lines.push(await contactLine(options));
  if (tokenOk) lines.push(...(await chatLines(options, client)));
  if (options.publicUrl === null)
    lines.push({ status: 'warn', say: 'doctor.callback.skipped', vars: { platform: 'WeCom' } });
  else lines.push(await callbackLine(options, options.publicUrl));
  return lines;
}

/**
 * Form pages sign people in with WeCom's OAuth2, which only returns to the app's 可信域名 (else 50001 "redirect_uri
 * unauthorized", 获取访问用户身份 path/91023), and the JS-SDK works only there: agent/get names it, redirect_domain
 * (获取指定的应用详情, path/90227), host and port as PUBLIC_URL must give them.
 */
function domainLine(agent: WecomResponse, publicUrl: string): DoctorLine {
  const domain = typeof agent.redirect_domain === 'string' ? agent.redirect_domain : '';
  let host = publicUrl;
  try {
    host = new URL(publicUrl).host;
  } catch {
    // PUBLIC_URL's own line says it is not a URL.
  }
  return domain.toLowerCase() === host.toLowerCase()
    ? { status: 'ok', say: 'doctor.wecom.domain.ok', vars: { domain } }
    : {
        status: 'fail',
        say: 'doctor.wecom.domain.bad',
        fix: 'doctor.wecom.domain.badFix',
        vars: { domain, host },
      };
}

function agentLines(agentId: number, agent: WecomResponse): DoctorLine[] {
  const parties = ((agent.allow_partys as { partyid?: number[] } | undefined)?.partyid ?? []).map(Number);
  const users = ((agent.allow_userinfos as { user?: Array<{ userid: string }> } | undefined)?.user ?? []).map(
    (u) => u.userid,
  );
  const lines: DoctorLine[] = [
    {
      status: 'ok',
      say: 'doctor.wecom.agent.ok',
      vars: {
        name: typeof agent.name === 'string' ? agent.name : '?',
        agentId,
        parties: parties.join(', ') || '—',
        users: users.join(', ') || '—',
      },
    },
  ];
  lines.push(
    parties.includes(ROOT_DEPARTMENT)
      ? { status: 'ok', say: 'doctor.wecom.range.root' }
      : { status: 'warn', say: 'doctor.wecom.range.notRoot', fix: 'doctor.wecom.range.notRootFix' },
  );
  return lines;
}

async function contactLine(options: WecomDoctorOptions): Promise<DoctorLine> {
  if (options.contactSecret === undefined || options.contactSecret === '')
    return { status: 'ok', say: 'doctor.wecom.contact.unset' };
  const { client } = wecomHttp({
    corpId: options.corpId,
    secret: options.contactSecret,
    ...(options.apiBase ? { apiBase: options.apiBase } : {}),
    timeoutMs: 8000,
  });
  try {
    await client.post('user/list_id', { limit: 1 }, { wecom: { what: 'user/list_id' } });
    return { status: 'ok', say: 'doctor.wecom.contact.ok' };
  } catch (err) {
    return {
      status: 'fail',
      say: 'doctor.wecom.contact.fail',
      fix: 'doctor.wecom.contact.failFix',
      vars: { error: text(err) },
    };
  }
}

async function chatLines(
  options: WecomDoctorOptions,
  client: ReturnType<typeof wecomHttp>['client'],
): Promise<DoctorLine[]> {
  if (options.teamChats === null) return [{ status: 'warn', say: 'doctor.wecom.chats.skipped' }];
  if (options.teamChats.length === 0) return [{ status: 'ok', say: 'doctor.wecom.chats.none' }];
  const lines: DoctorLine[] = [];
  const without = options.teamChats.filter((c) => c.chatid === null).map((c) => c.team);
  if (without.length > 0)
    lines.push({
      status: 'fail',
      say: 'doctor.wecom.chats.missing',
      fix: 'doctor.wecom.chats.missingFix',
      vars: { teams: without.join(', ') },
    });
  const gone: string[] = [];
  let lastError = '';
  let found = 0;
  for (const c of options.teamChats) {
    if (c.chatid === null) continue;
    try {
      await client.get('appchat/get', { params: { chatid: c.chatid }, wecom: { what: 'appchat/get' } });
      found++;
    } catch (err) {
      gone.push(c.team);
      lastError = text(err);
    }
  }
  if (gone.length > 0)
    lines.push({
      status: 'fail',
      say: 'doctor.wecom.chats.gone',
      fix: 'doctor.wecom.chats.missingFix',
      vars: { teams: gone.join(', '), error: lastError },
    });
  if (lines.length === 0) lines.push({ status: 'ok', say: 'doctor.wecom.chats.ok', vars: { count: found } });
  return lines;
}

async function callbackLine(options: WecomDoctorOptions, publicUrl: string): Promise<DoctorLine> {
  const crypto = { token: options.token, encodingAesKey: options.encodingAesKey, receiveId: options.corpId };
  const plain = randomBytes(9).toString('hex');
  let echostr: string;
  try {
    echostr = encrypt(crypto, plain, randomBytes(16));
  } catch (err) {
    return failed(publicUrl, `WECOM_ENCODING_AES_KEY: ${text(err)}`);
  }
  const timestamp = String(Math.floor((options.clock ?? Date.now)() / 1000));
  const nonce = randomBytes(6).toString('hex');
  const query = new URLSearchParams({
    msg_signature: signature(options.token, timestamp, nonce, echostr),
    timestamp,
    nonce,
    echostr,
  });
  const url = publicRoute(publicUrl, CALLBACK_PATH);
  const answer = await probeUrl({ method: 'GET', url: `${url}?${query.toString()}` });
  if ('status' in answer && answer.status === 200 && answer.body.trim() === plain)
    return { status: 'ok', say: 'doctor.callback.ok', vars: { platform: 'WeCom', url } };
  return failed(publicUrl, 'error' in answer ? answer.error : `HTTP ${answer.status}`);
}

function failed(publicUrl: string, reason: string): DoctorLine {
  return {
    status: 'fail',
    say: 'doctor.callback.fail',
    fix: 'doctor.callback.failFix',
    vars: { platform: 'WeCom', url: publicRoute(publicUrl, CALLBACK_PATH), reason },
  };
}
