// DingTalk's address book (通讯录), read for `org sync dingtalk` and for address-book events. Read only.
//
// Calls (old host oapi.dingtalk.com, `?access_token=`; all POST JSON unless said; https://open.dingtalk.com/document/…):
//  - POST api.dingtalk.com/v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn}.
//  - GET auth/scopes → {auth_org_scopes: {authed_dept: [ids], authed_user: [userids]}}: the app's address-book
//    range (通讯录权限范围). Its roots are where we start: 1 only when the range is the whole company.
//  - topapi/v2/department/listsubid {dept_id} → {result: {dept_id_list}} (direct children only).
//  - topapi/v2/department/get {dept_id} → {result: {dept_id, name, parent_id, dept_manager_userid_list}}.
//  - topapi/v2/user/list {dept_id, cursor, size ≤ 100} → {result: {has_more, next_cursor, list: [{userid, name,
//    email, org_email, dept_id_list, leader, active, …}]}}: a person in two departments is listed in both.
//  - topapi/v2/user/get {userid} → {result: {userid, name, email, dept_id_list, leader_in_dept, …}}; 60121 when the
//    user is not (any more) in the organisation.
// Errors: errcode ≠ 0. A missing permission is named in errmsg (e.g. qyapi_get_department_list,
// qyapi_get_department_member, qyapi_get_member); 60020 means this server's IP is not on the app's list.
// DingTalk's user APIs return no main-department id (asked and unanswered by DingTalk on
// https://developer.aliyun.com/ask/500325; community answers, ask/540858, take the first department listed): a
// person's Leadline team is the first of their dept_id_list (the org file's overlay does not set teams).
import {
  DirectoryError,
  type DirectoryDepartment,
  type DirectorySnapshot,
  type DirectoryUser,
} from '../../src/modules/org/rules/directory.ts';
import { mapLimit, type DirectorySource } from '../directory-source.ts';

const DEFAULT_API_BASE = 'https://api.dingtalk.com';
const DEFAULT_OAPI_BASE = 'https://oapi.dingtalk.com';
const PAGE = 100;
const IN_FLIGHT = 6;
const TOKEN_ERRCODES = new Set([40014, 42001]);

export interface DingtalkDirectoryOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_API_BASE: a local fake serves both hosts. */
  apiBase?: string;
  timeoutMs?: number;
  /** Waits before a retry after a rate limit (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** DingTalk's "too many requests" (90018, QPS per app): wait 1, 2, 4 s and try again; then give up. */
const THROTTLED = new Set([90018]);
const THROTTLE_WAITS_MS = [1000, 2000, 4000];

type Body = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.map(str).filter((x) => x !== '') : []);

/** Which permission a refused call needs, from DingTalk's message or, failing that, the call. */
function permissionOf(call: string, errmsg: string): string | undefined {
  const named = /(qyapi_[a-z_]+)/.exec(errmsg)?.[1];
  if (named !== undefined) return named;
  if (call.includes('department')) return 'qyapi_get_department_list';
  if (call.includes('user/list')) return 'qyapi_get_department_member';
  if (call.includes('user/get')) return 'qyapi_get_member';
  return undefined;
}

export function dingtalkUser(u: Body): DirectoryUser {
  const depts = list(u.dept_id_list);
  const email = str(u.org_email) || str(u.email);
  return {
    externalId: str(u.userid),
    name: str(u.name) || str(u.userid),
    email: email === '' ? null : email,
    mainDepartment: depts[0] ?? null,
    // user/list and user/get list members only; `active` there means "has activated DingTalk", not employment.
    active: true,
  };
}

export interface DingtalkDirectory extends DirectorySource {
  /** One member again (user_add_org, user_modify_org): null when DingTalk no longer knows them (60121). */
  user(userid: string): Promise<DirectoryUser | null>;
  department(id: string): Promise<DirectoryDepartment | null>;
}

export function dingtalkDirectory(options: DingtalkDirectoryOptions): DingtalkDirectory {
  const overridden = (options.apiBase ?? '') !== '';
  const base = (overridden ? (options.apiBase as string) : DEFAULT_API_BASE).replace(/\/+$/, '');
  const oapi = overridden ? base : DEFAULT_OAPI_BASE;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let token: Promise<string> | null = null;

  const fail = (call: string, code: string, message: string, permission?: string) =>
    new DirectoryError({
      platform: 'dingtalk',
      call,
      code,
      message,
      ...(permission === undefined ? {} : { permission }),
    });

  async function http(call: string, url: string, init: RequestInit): Promise<Body> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw fail(call, 'NETWORK', (err as Error).message);
    }
    const body = (await res.json().catch(() => ({}))) as Body;
    if (!res.ok) throw fail(call, str(body.code) || `HTTP ${res.status}`, str(body.message));
    return body;
  }

  async function currentToken(): Promise<string> {
    token ??= http('oauth2/accessToken', `${base}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: options.clientId, appSecret: options.clientSecret }),
    }).then((b) => {
      if (typeof b.accessToken !== 'string')
        throw fail('oauth2/accessToken', 'BAD_RESPONSE', 'no accessToken');
      return b.accessToken;
    });
    try {
      return await token;
    } catch (err) {
      token = null;
      throw err;
    }
  }

  async function call(path: string, body?: Body): Promise<Body> {
    for (let attempt = 0, waits = 0; ; attempt++) {
      const used = await currentToken();
      const url = `${oapi}/${path}?access_token=${encodeURIComponent(used)}`;
      const answer = await http(
        path,
        url,
        body === undefined
          ? { method: 'GET' }
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0;
      if (errcode === 0) return answer;
      if (TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        token = null;
        continue;
      }
      const wait = THROTTLE_WAITS_MS[waits];
      if (THROTTLED.has(errcode) && wait !== undefined) {
        waits++;
        await sleep(wait);
        continue;
      }
      const errmsg = str(answer.errmsg);
      const permission = errcode === 88 || errcode === 60011 ? permissionOf(path, errmsg) : undefined;
      throw fail(path, String(errcode), errmsg, permission);
    }
  }
  const result = (b: Body) => (b.result ?? {}) as Body;

  async function department(id: string): Promise<DirectoryDepartment | null> {
    const d = result(await call('topapi/v2/department/get', { dept_id: Number(id) }));
    if (str(d.dept_id) === '') return null;
    return {
      id: str(d.dept_id),
      name: str(d.name) || id,
      parentId: str(d.parent_id) || null,
      leaders: list(d.dept_manager_userid_list),
    };
  }

  async function user(userid: string): Promise<DirectoryUser | null> {
    try {
      return dingtalkUser(result(await call('topapi/v2/user/get', { userid })));
    } catch (err) {
      if (err instanceof DirectoryError && err.failure.code === '60121') return null;
      throw err;
    }
  }

  /** Every member of one department, page by page (cursor, 100 a page). */
  async function members(deptId: string): Promise<Array<{ user: Body }>> {
    const out: Array<{ user: Body }> = [];
    let cursor = 0;
    for (;;) {
      const r = result(await call('topapi/v2/user/list', { dept_id: Number(deptId), cursor, size: PAGE }));
      for (const u of (r.list as Body[] | undefined) ?? []) out.push({ user: u });
      if (r.has_more !== true) return out;
      cursor = Number(r.next_cursor);
    }
  }

  return {
    platform: 'dingtalk',
    user,
    department,
    async snapshot(): Promise<DirectorySnapshot> {
      const scopes = ((await call('auth/scopes')).auth_org_scopes ?? {}) as Body;
      // Breadth first from the range's roots; each department once even if the range names a child too.
      const found = new Map<string, DirectoryDepartment>();
      let level = list(scopes.authed_dept);
      while (level.length > 0) {
        const fresh = [...new Set(level)].filter((id) => !found.has(id));
        const depts = await mapLimit(fresh, IN_FLIGHT, department);
        for (const d of depts) if (d !== null) found.set(d.id, d);
        const children = await mapLimit(fresh, IN_FLIGHT, async (id) =>
          list(result(await call('topapi/v2/department/listsubid', { dept_id: Number(id) })).dept_id_list),
        );
        level = children.flat();
      }
      const departments = [...found.values()];
      for (const d of departments) if (d.parentId !== null && !found.has(d.parentId)) d.parentId = null;
      const users = new Map<string, DirectoryUser>();
      const pages = await mapLimit(departments, IN_FLIGHT, async (d) => ({ d, rows: await members(d.id) }));
      for (const { d, rows } of pages) {
        for (const { user: u } of rows) {
          const id = str(u.userid);
          if (id === '') continue;
          // `leader` on user/list: a leader of the department listed (主管), besides dept_manager_userid_list.
          if (u.leader === true && !d.leaders.includes(id)) d.leaders.push(id);
          if (!users.has(id)) users.set(id, dingtalkUser(u));
        }
      }
      // People named in the range on their own (authed_user), outside its departments: read one by one.
      const alone = list(scopes.authed_user).filter((id) => !users.has(id));
      for (const u of await mapLimit(alone, IN_FLIGHT, user)) if (u !== null) users.set(u.externalId, u);
      return { platform: 'dingtalk', departments, users: [...users.values()] };
    },
  };
}
