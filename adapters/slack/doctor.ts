// `leadline doctor` for Slack: the bot token (auth.test, https://docs.slack.dev/reference/methods/auth.test), the
// scopes it was granted (every Web API answer names them in its `x-oauth-scopes` header; @slack/web-api puts them in
// `response_metadata.scopes`) against the bot scopes manifest.yaml asks for, the signing secret, and the events URL
// answering Slack's url_verification (https://docs.slack.dev/reference/events/url_verification) when PUBLIC_URL is set.
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { errorText, probeUrl, publicRoute, type DoctorLine } from '../doctor.ts';
import { EVENTS_PATH } from './routes.ts';
import { signSlackRequest } from './verify.ts';

export interface SlackDoctorOptions {
  botToken: string;
  signingSecret: string;
  appToken: string;
  apiUrl?: string;
  /** Null: the events URL is not checked. */
  publicUrl: string | null;
  clock?: () => number;
}

/** The bot scopes adapters/slack/manifest.yaml asks for. */
export function manifestBotScopes(): string[] {
  const text = readFileSync(new URL('./manifest.yaml', import.meta.url), 'utf8');
  return (parse(text) as { oauth_config?: { scopes?: { bot?: string[] } } }).oauth_config?.scopes?.bot ?? [];
}

export async function slackDoctor(options: SlackDoctorOptions): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const client = new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.replace(/\/*$/, '/') } : {}),
    retryConfig: { retries: 0 },
    timeout: 8000,
    logLevel: LogLevel.ERROR,
  });
  try {
    const answer = await client.auth.test();
    lines.push({
      status: 'ok',
      say: 'doctor.slack.token.ok',
      vars: { team: answer.team ?? '?', user: answer.user ?? '?' },
    });
    const granted = answer.response_metadata?.scopes;
    if (granted === undefined) {
      lines.push({ status: 'warn', say: 'doctor.slack.scopes.unknown' });
    } else {
      const wanted = manifestBotScopes();
      const missing = wanted.filter((s) => !granted.includes(s));
      lines.push(
        missing.length === 0
          ? { status: 'ok', say: 'doctor.slack.scopes.ok', vars: { count: wanted.length } }
          : {
              status: 'fail',
              say: 'doctor.slack.scopes.missing',
              fix: 'doctor.slack.scopes.missingFix',
              vars: { missing: missing.join(', ') },
            },
      );
    }
  } catch (err) {
    // A platform error (ok: false) is Slack's verdict on the token; anything else is the way there.
    const refused = (err as { code?: unknown }).code === ErrorCode.PlatformError;
    lines.push({
      status: 'fail',
      say: refused ? 'doctor.slack.token.fail' : 'doctor.slack.unreachable',
      fix: refused ? 'doctor.slack.token.failFix' : 'doctor.slack.unreachableFix',
      vars: { error: errorText(err) },
    });
  }
  if (options.appToken !== '') {
    lines.push({ status: 'ok', say: 'doctor.slack.secret.socket' });
    return lines;
  }
  if (options.signingSecret === '') {
    lines.push({ status: 'fail', say: 'doctor.slack.secret.missing', fix: 'doctor.slack.secret.missingFix' });
    return lines;
  }
  lines.push({ status: 'ok', say: 'doctor.slack.secret.ok' });
  if (options.publicUrl === null) {
    lines.push({ status: 'warn', say: 'doctor.callback.skipped', vars: { platform: 'Slack' } });
    return lines;
  }
  lines.push(await eventsUrl(options.publicUrl, options.signingSecret, options.clock ?? Date.now));
  return lines;
}

/** A signed url_verification, as Slack sends when the Request URL is saved: the challenge must come back. */
async function eventsUrl(publicUrl: string, signingSecret: string, clock: () => number): Promise<DoctorLine> {
  const url = publicRoute(publicUrl, EVENTS_PATH);
  const challenge = randomBytes(12).toString('hex');
  const body = JSON.stringify({ token: 'doctor', challenge, type: 'url_verification' });
  const ts = String(Math.floor(clock() / 1000));
  const answer = await probeUrl({
    method: 'POST',
    url,
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signSlackRequest(signingSecret, ts, body),
    },
  });
  const vars = { platform: 'Slack', url };
  if ('status' in answer && answer.status === 200 && answer.body.includes(challenge))
    return { status: 'ok', say: 'doctor.callback.ok', vars };
  const reason = 'error' in answer ? answer.error : `HTTP ${answer.status}`;
  return {
    status: 'fail',
    say: 'doctor.callback.fail',
    fix: 'doctor.callback.failFix',
    vars: { ...vars, reason },
  };
}
