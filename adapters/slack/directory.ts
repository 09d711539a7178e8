// Slack's member list, read for `org sync slack` and kept current by team_join / user_change (which carry the
// whole user object, so nothing is fetched again). Read only.
//
// users.list (https://api.slack.com/methods/users.list): GET with `limit` (≤ 200 recommended) and `cursor`; the
// answer is {ok, members: [{id, name, deleted, is_bot, real_name, profile: {real_name, display_name, email}}],
// response_metadata: {next_cursor}}, an empty next_cursor on the last page. Scopes: users:read, and
// users:read.email for emails. A throttled call answers HTTP 429 with Retry-After (Tier 2: ~20 a minute).
// Slack has no departments: people keep the team the org file gives them (user groups are not read yet).
import {
  DirectoryError,
  type DirectorySnapshot,
  type DirectoryUser,
} from '../../src/modules/org/rules/directory.ts';
import type { DirectorySource } from '../directory-source.ts';

const DEFAULT_API_URL = 'https://slack.com/api/';
const PAGE = 200;
/** Waits for Retry-After at most this many times in one sync. */
const MAX_WAITS = 5;

export interface SlackDirectoryOptions {
  token: string;
  /** SLACK_API_URL: a local fake in tests (ends with /api/). */
  apiUrl?: string;
  /** Waits (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

type Member = Record<string, unknown> & { profile?: Record<string, unknown> };
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** A Slack user object (users.list, team_join, user_change) → ours; null for bots and Slackbot. */
export function slackUser(m: Member): DirectoryUser | null {
  const id = str(m.id);
  if (id === '' || m.is_bot === true || id === 'USLACKBOT') return null;
  const p = m.profile ?? {};
  const email = str(p.email);
  return {
    externalId: id,
    name: str(p.real_name) || str(m.real_name) || str(p.display_name) || str(m.name) || id,
    email: email === '' ? null : email,
    mainDepartment: null,
    active: m.deleted !== true,
  };
}

export function slackDirectory(options: SlackDirectoryOptions): DirectorySource {
  const base = (options.apiUrl || DEFAULT_API_URL).replace(/\/?$/, '/');
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const fail = (code: string, message: string, permission?: string) =>
    new DirectoryError({
      platform: 'slack',
      call: 'users.list',
      code,
      message,
      ...(permission === undefined ? {} : { permission }),
    });

  return {
    platform: 'slack',
    async snapshot(): Promise<DirectorySnapshot> {
      const users: DirectoryUser[] = [];
      let cursor = '';
      let waits = 0;
      for (;;) {
        const q = new URLSearchParams({ limit: String(PAGE), ...(cursor === '' ? {} : { cursor }) });
        let res: Response;
        try {
          res = await fetch(`${base}users.list?${q.toString()}`, {
            headers: { authorization: `Bearer ${options.token}` },
            signal: AbortSignal.timeout(15_000),
          });
        } catch (err) {
          throw fail('NETWORK', (err as Error).message);
        }
        if (res.status === 429 && waits < MAX_WAITS) {
          waits++;
          await sleep(Number(res.headers.get('retry-after') ?? '1') * 1000);
          continue;
        }
        if (!res.ok) throw fail(res.status === 429 ? 'ratelimited' : `HTTP ${res.status}`, '');
        const body = (await res.json()) as {
          ok?: boolean;
          error?: string;
          needed?: string;
          members?: Member[];
          response_metadata?: { next_cursor?: string };
        };
        if (body.ok !== true) throw fail(body.error ?? 'unknown_error', '', body.needed);
        for (const m of body.members ?? []) {
          const u = slackUser(m);
          if (u !== null) users.push(u);
        }
        cursor = body.response_metadata?.next_cursor ?? '';
        if (cursor === '') break;
      }
      return { platform: 'slack', departments: [], users };
    },
  };
}
