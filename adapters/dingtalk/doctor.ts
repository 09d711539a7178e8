// `leadline doctor` for DingTalk, over the one HTTP client (http.ts): the app token (POST /v1.0/oauth2/accessToken),
// the robot code and card template in use, the address-book permissions found by the cheapest call that needs each
// (DingTalk answers a missing one with errcode 88 / sub_code 60011 and names it: "应用尚未开通所需的权限：[…]"),
// and in HTTP mode the callback URL being there (an unsigned POST must be refused with 401: DingTalk's signature
// cannot be made without DingTalk, so only reachability is checked).
//  - topapi/v2/department/listsub {dept_id: 1} (the root department is 1): qyapi_get_department_list,
//    https://open.dingtalk.com/document/orgapp/obtain-the-department-list-v2
//  - topapi/v2/user/list {dept_id: 1, cursor: 0, size: 1}: qyapi_get_department_member,
//    https://open.dingtalk.com/document/orgapp/queries-the-complete-information-of-a-department-user
import { errorText, probeUrl, publicRoute, type DoctorLine } from '../doctor.ts';
import { dingtalkHttp } from './http.ts';
import { CALLBACK_PATH } from './routes.ts';

export interface DingtalkDoctorOptions {
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** From DINGTALK_ROBOT_CODE (false: the AppKey stands in). */
  robotCodeSet: boolean;
  cardTemplateId: string | null;
  mode: 'http' | 'stream';
  apiBase?: string;
  publicUrl: string | null;
  /** DINGTALK_CORP_ID + DINGTALK_AGENT_ID (form pages' 免登), or null when unset. */
  pageApp?: { corpId: string; agentId: string } | null;
  clock?: () => number;
}

const PERMISSION_CALLS: ReadonlyArray<{ permission: string; call: string; body: object }> = [
  { permission: 'qyapi_get_department_list', call: 'topapi/v2/department/listsub', body: { dept_id: 1 } },
  {
    permission: 'qyapi_get_department_member',
    call: 'topapi/v2/user/list',
    body: { dept_id: 1, cursor: 0, size: 1 },
  },
];

export async function dingtalkDoctor(options: DingtalkDoctorOptions): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const http = dingtalkHttp({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...(options.apiBase ? { apiBase: options.apiBase } : {}),
    clock: options.clock ?? Date.now,
    timeoutMs: 8000,
  });
  let tokenOk = false;
  try {
    await http.token();
    tokenOk = true;
    lines.push({ status: 'ok', say: 'doctor.dingtalk.token.ok', vars: { clientId: options.clientId } });
  } catch (err) {
    lines.push({
      status: 'fail',
      say: 'doctor.dingtalk.token.fail',
      fix: 'doctor.dingtalk.token.failFix',
      vars: { error: errorText(err) },
    });
  }
  lines.push(
    options.robotCodeSet
      ? { status: 'ok', say: 'doctor.dingtalk.robot.set', vars: { code: options.robotCode } }
      : { status: 'ok', say: 'doctor.dingtalk.robot.default', vars: { code: options.robotCode } },
  );
  lines.push(
    options.cardTemplateId === null
      ? { status: 'warn', say: 'doctor.dingtalk.card.unset', fix: 'doctor.dingtalk.card.unsetFix' }
      : { status: 'ok', say: 'doctor.dingtalk.card.set', vars: { id: options.cardTemplateId } },
  );
  if (tokenOk)
    for (const p of PERMISSION_CALLS) {
      try {
        await http.oapi.post(`/${p.call}`, p.body);
        lines.push({
          status: 'ok',
          say: 'doctor.dingtalk.permission.ok',
          vars: { permission: p.permission },
        });
      } catch (err) {
        const error = errorText(err);
        const named = /\[(qyapi_[a-z_]+)\]/.exec(error)?.[1];
        lines.push(
          named !== undefined || /60011/.test(error)
            ? {
                status: 'fail',
                say: 'doctor.dingtalk.permission.missing',
                fix: 'doctor.dingtalk.permission.missingFix',
                vars: { permission: named ?? p.permission, call: p.call, error },
              }
            : { status: 'fail', say: 'doctor.dingtalk.permission.fail', vars: { call: p.call, error } },
        );
      }
    }
  // DingTalk offers no API to read an H5 app's home page or JSAPI settings: a hint, not a check.
  lines.push(
    options.pageApp === undefined || options.pageApp === null
      ? { status: 'warn', say: 'doctor.dingtalk.pages.off', fix: 'doctor.dingtalk.pages.offFix' }
      : {
          status: 'warn',
          say: 'doctor.dingtalk.pages.hint',
          fix: 'doctor.dingtalk.pages.hintFix',
          vars: { corpId: options.pageApp.corpId, url: options.publicUrl ?? 'PUBLIC_URL' },
        },
  );
  if (options.mode === 'stream') lines.push({ status: 'ok', say: 'doctor.dingtalk.stream' });
  else if (options.publicUrl === null)
    lines.push({ status: 'warn', say: 'doctor.callback.skipped', vars: { platform: 'DingTalk' } });
  else {
    const url = publicRoute(options.publicUrl, CALLBACK_PATH);
    const answer = await probeUrl({
      method: 'POST',
      url,
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const vars = { platform: 'DingTalk', url };
    lines.push(
      'status' in answer && answer.status === 401
        ? { status: 'ok', say: 'doctor.callback.reachable', vars }
        : {
            status: 'fail',
            say: 'doctor.callback.fail',
            fix: 'doctor.callback.failFix',
            vars: { ...vars, reason: 'error' in answer ? answer.error : `HTTP ${answer.status}` },
          },
    );
  }
  return lines;
}
