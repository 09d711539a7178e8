// WeCom's address book (通讯录), read for `org sync wecom` and for change_contact events. Read only; nothing here
// touches the database (src/modules/org/use-cases/sync-directory.ts applies what this returns).
//
// Calls (https://developer.work.weixin.qq.com/document/path/…):
//  - GET department/simplelist (path/95350): {department_id: [{id, parentid, order}]} — only the departments in the
//    app's visible range, so a root's parentid may be a department we cannot see (not always 1).
//  - GET department/get?id (path/95351): {department: {id, name, parentid, order, department_leader: [userid]}}.
//  - POST user/list_id {cursor, limit ≤ 10000} (path/96067, contact-sync secret only):
//    {next_cursor, dept_user: [{userid, department}]}, one row per (user, department); an empty next_cursor ends.
//  - GET user/simplelist?department_id (path/90200): {userlist: [{userid, name, department: [ids]}]}, direct members.
//  - GET user/get?userid (path/90196): {userid, name, department: [ids], main_department, is_leader_in_dept: [0|1],
//    status (1 active, 2 disabled, 4 not yet activated, 5 left), email, biz_mail}. Apps made after 2022-06-20 get
//    no email: the sync then keeps the one it had.
// Errors: errcode ≠ 0, e.g. 60020 (this server's IP is not a trusted IP, 企业可信IP), 48002 (API forbidden:
// user/list_id with the app's secret), 60011 (outside the visible range); https://developer.work.weixin.qq.com/document/path/90313.
import {
  DirectoryError,
  type DirectoryDepartment,
  type DirectorySnapshot,
  type DirectoryUser,
} from '../../src/modules/org/rules/directory.ts';
import { mapLimit, type DirectorySource } from '../directory-source.ts';
import { TOKEN_ERRCODES, WecomApiError, type WecomResponse } from './api.ts';

export const DEFAULT_API_BASE = 'https://qyapi.weixin.qq.com';
/** user/get per member: at most this many in flight (WeCom limits calls per app and per IP per minute). */
const IN_FLIGHT = 8;
const LIST_ID_LIMIT = 10_000;

export interface WecomDirectoryOptions {
  corpId: string;
  /** WECOM_SECRET: the app's secret (visible range applies). */
  secret: string;
  /** WECOM_CONTACT_SECRET: the contact-sync (通讯录同步) secret; then user/list_id lists every member at once. */
  contactSecret?: string;
  apiBase?: string;
  timeoutMs?: number;
  /** Waits before a retry after a frequency limit (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Over WeCom's call frequency (45009) or concurrency (45033) limits
 * (https://developer.work.weixin.qq.com/document/path/90312): wait 1, 2, 4, 8 s and try again; then give up.
 */
const THROTTLED: ReadonlySet<number> = new Set([45009, 45033]);
const THROTTLE_WAITS_MS = [1000, 2000, 4000, 8000];

type Query = Record<string, string>;

/** A small client of its own: the directory needs GET calls (api.ts has POST only) and possibly another secret. */
function client(options: WecomDirectoryOptions, secret: string) {
  const base = (options.apiBase || DEFAULT_API_BASE).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let token: Promise<string> | null = null;

  async function request(call: string, url: string, init: RequestInit = {}): Promise<WecomResponse> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new DirectoryError({ platform: 'wecom', call, code: 'NETWORK', message: (err as Error).message });
    }
    if (!res.ok)
      throw new DirectoryError({ platform: 'wecom', call, code: `HTTP ${res.status}`, message: '' });
    const body = (await res.json().catch(() => ({ errcode: -2, errmsg: 'not JSON' }))) as WecomResponse;
    const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
    if (errcode !== 0) throw new WecomApiError('ERRCODE', body.errmsg ?? '', { errcode });
    return body;
  }

  const failure = (call: string, err: unknown): DirectoryError =>
    err instanceof WecomApiError
      ? new DirectoryError({
          platform: 'wecom',
          call,
          code: String(err.details.errcode ?? err.code),
          message: err.message,
        })
      : (err as DirectoryError);

  async function currentToken(): Promise<string> {
    token ??= (async () => {
      const q = new URLSearchParams({ corpid: options.corpId, corpsecret: secret });
      const body = await request('gettoken', `${base}/cgi-bin/gettoken?${q.toString()}`);
      if (typeof body.access_token !== 'string') throw new WecomApiError('BAD_RESPONSE', 'no access_token');
      return body.access_token;
    })();
    try {
      return await token;
    } catch (err) {
      token = null; // the next call asks again
      throw failure('gettoken', err);
    }
  }

  async function call(method: string, query: Query, body?: object): Promise<WecomResponse> {
    for (let attempt = 0, waits = 0; ; attempt++) {
      const used = await currentToken();
      try {
        const q = new URLSearchParams({ access_token: used, ...query });
        const init: RequestInit =
          body === undefined
            ? {}
            : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
        return await request(method, `${base}/cgi-bin/${method}?${q.toString()}`, init);
      } catch (err) {
        // An expired or invalid token: fetch another and try once more (api.ts does the same).
        if (err instanceof WecomApiError && TOKEN_ERRCODES.has(err.details.errcode ?? 0) && attempt === 0) {
          token = null;
          continue;
        }
        const wait = THROTTLE_WAITS_MS[waits];
        if (err instanceof WecomApiError && THROTTLED.has(err.details.errcode ?? 0) && wait !== undefined) {
          waits++;
          await sleep(wait);
          continue;
        }
        throw failure(method, err);
      }
    }
  }
  return { call };
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const ids = (v: unknown) => (Array.isArray(v) ? v.map(str).filter((x) => x !== '') : []);

/** user/get's answer → our DirectoryUser (null: not a member any more). */
export function wecomUser(u: WecomResponse): DirectoryUser {
  const departments = ids(u.department);
  const main = str(u.main_department);
  const email = str(u.email) || str(u.biz_mail);
  const status = typeof u.status === 'number' ? u.status : 1;
  return {
    externalId: str(u.userid),
    name: str(u.name) || str(u.userid),
    email: email === '' ? null : email,
    mainDepartment: main !== '' ? main : (departments[0] ?? null),
    active: status === 1 || status === 4,
  };
}

export interface WecomDirectory extends DirectorySource {
  /** One member again (change_contact create/update_user): null when WeCom no longer knows them (60111). */
  user(userid: string): Promise<DirectoryUser | null>;
  /** One department again (change_contact create/update_party, or a member's main department). */
  department(id: string): Promise<DirectoryDepartment | null>;
}

export function wecomDirectory(options: WecomDirectoryOptions): WecomDirectory {
  const app = client(options, options.secret);
  const contacts = options.contactSecret ? client(options, options.contactSecret) : null;
  // user/get through the contact-sync secret when there is one: it sees the whole company.
  const reader = contacts ?? app;

  async function department(id: string): Promise<DirectoryDepartment | null> {
    const d = (await app.call('department/get', { id })).department as WecomResponse | undefined;
    if (d === undefined) return null;
    return {
      id: str(d.id),
      name: str(d.name) || str(d.id),
      parentId: str(d.parentid) || null,
      leaders: ids(d.department_leader),
    };
  }

  async function user(userid: string): Promise<DirectoryUser | null> {
    try {
      return wecomUser(await reader.call('user/get', { userid }));
    } catch (err) {
      // 60111: UserID not found (the member was deleted).
      if (err instanceof DirectoryError && err.failure.code === '60111') return null;
      throw err;
    }
  }

  async function memberIds(departments: readonly DirectoryDepartment[]): Promise<string[]> {
    const out = new Set<string>();
    const visible = new Set(departments.map((d) => d.id));
    if (contacts !== null) {
      let cursor = '';
      do {
        const page = await contacts.call('user/list_id', {}, { cursor, limit: LIST_ID_LIMIT });
        // The contact-sync secret sees the whole company: keep the members of the app's visible departments
        // (the others cannot use the app).
        for (const row of (page.dept_user as WecomResponse[] | undefined) ?? [])
          if (visible.has(str(row.department))) out.add(str(row.userid));
        cursor = str(page.next_cursor);
      } while (cursor !== '');
      return [...out].filter((x) => x !== '');
    }
    const lists = await mapLimit(departments, IN_FLIGHT, (d) =>
      app.call('user/simplelist', { department_id: d.id }),
    );
    for (const l of lists)
      for (const u of (l.userlist as WecomResponse[] | undefined) ?? []) out.add(str(u.userid));
    return [...out].filter((x) => x !== '');
  }

  return {
    platform: 'wecom',
    user,
    department,
    async snapshot(): Promise<DirectorySnapshot> {
      const tree = (await app.call('department/simplelist', {})).department_id as WecomResponse[] | undefined;
      const visible = (tree ?? []).map((d) => str(d.id));
      const found = await mapLimit(visible, IN_FLIGHT, department);
      const departments = found.filter((d): d is DirectoryDepartment => d !== null);
      const seen = new Set(departments.map((d) => d.id));
      // A root of the visible range: its parent is outside it (or it is the company's root).
      for (const d of departments) if (d.parentId !== null && !seen.has(d.parentId)) d.parentId = null;
      const userids = await memberIds(departments);
      const users = (await mapLimit(userids, IN_FLIGHT, user)).filter((u): u is DirectoryUser => u !== null);
      return { platform: 'wecom', departments, users };
    },
  };
}
