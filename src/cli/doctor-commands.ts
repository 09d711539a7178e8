// `leadline doctor`: checks the set-up of every messenger configured in the environment (read as src/main.ts and
// each adapter's fromEnv read it) against the platform itself, plus PUBLIC_URL, the playground and the database.
// One line per check (✓ ok, ! works with a limit, ✗ wrong, then what to do), in zh-CN or en; exit 1 on any ✗.
// It changes nothing: the database is read without migrating it, and no message is sent.
import type { Command } from 'commander';
import type { DoctorLine } from '../../adapters/doctor.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { localeOf, t, type Locale } from '../modules/i18n.ts';
import { maskDatabaseUrl } from '../store/database-url.ts';
import { migrationStatus } from '../store/migration-status.ts';
import { openStore } from '../store/index.ts';

type Env = NodeJS.ProcessEnv;
const set = (env: Env, k: string) => (env[k] ?? '') !== '';

const WECOM_NEED = ['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_TOKEN', 'WECOM_ENCODING_AES_KEY'];

export function registerDoctorCommands(program: Command): void {
  program
    .command('doctor')
    .option('--locale <locale>', 'zh-CN or en (default: LOCALE)')
    .description(
      'check each configured messenger against the platform (credentials, scopes and permissions, visible range, team chats, card template, callback URL), PUBLIC_URL, the playground and the database; exit 1 when anything is wrong',
    )
    .action(async (opts: { locale?: string }) => {
      const config = doctorConfig(process.env);
      const locale = localeOf(opts.locale, config.locale);
      const lines = await runDoctor(config, process.env);
      for (const line of printable(lines, locale)) console.log(line);
      if (lines.some((l) => l.status === 'fail')) process.exit(1);
    });
}

/**
 * The configuration as the server reads it; a PUBLIC_URL the server would refuse (http:// elsewhere than this
 * machine) is left out here so that the doctor can say so on its own line. Any other problem stops it as it stops
 * the server (cli.ts prints the problems).
 */
function doctorConfig(env: Env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError) || !set(env, 'PUBLIC_URL')) throw err;
    try {
      return { ...loadConfig({ ...env, PUBLIC_URL: '' }), publicUrl: env.PUBLIC_URL ?? null };
    } catch {
      throw err;
    }
  }
}

/** The lines as printed: ✓ / ! / ✗, the check, and for ! and ✗ what to do, indented. */
export function printable(lines: readonly DoctorLine[], locale: Locale): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const mark = l.status === 'ok' ? '✓' : l.status === 'warn' ? '!' : '✗';
    out.push(`${mark} ${t(locale, l.say, l.vars)}`);
    if (l.fix !== undefined && l.status !== 'ok')
      out.push(`    ${t(locale, 'doctor.fix', { text: t(locale, l.fix, l.vars) })}`);
  }
  const failed = lines.filter((l) => l.status === 'fail').length;
  out.push(
    failed === 0
      ? t(locale, 'doctor.summary.ok', { count: lines.length })
      : t(locale, 'doctor.summary.fail', { failed, count: lines.length }),
  );
  return out;
}

export async function runDoctor(config: Config, env: Env): Promise<DoctorLine[]> {
  const lines: DoctorLine[] = [];
  const messengers = [
    set(env, 'SLACK_BOT_TOKEN') ? 'Slack' : null,
    set(env, 'WECOM_CORP_ID') ? 'WeCom' : null,
    set(env, 'DINGTALK_CLIENT_ID') ? 'DingTalk' : null,
  ].filter((m): m is string => m !== null);
  lines.push(
    messengers.length === 0
      ? { status: 'warn', say: 'doctor.messengers.none', fix: 'doctor.messengers.noneFix' }
      : { status: 'ok', say: 'doctor.messengers.list', vars: { names: messengers.join(', ') } },
  );
  const publicUrl = publicUrlLine(config.publicUrl, lines);
  if (messengers.length > 0)
    lines.push(
      config.playground === 'on'
        ? {
            status: 'fail',
            say: 'doctor.playground.on',
            fix: 'doctor.playground.onFix',
            vars: { names: messengers.join(', ') },
          }
        : { status: 'ok', say: 'doctor.playground.off' },
    );
  const teamChats = await databaseLines(config.databaseUrl, lines, set(env, 'WECOM_CORP_ID'));
  if (set(env, 'SLACK_BOT_TOKEN')) {
    const { slackDoctor } = await import('../../adapters/slack/doctor.ts');
    lines.push(
      ...(await slackDoctor({
        botToken: env.SLACK_BOT_TOKEN as string,
        signingSecret: env.SLACK_SIGNING_SECRET ?? '',
        appToken: env.SLACK_APP_TOKEN ?? '',
        ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
        publicUrl,
      })),
    );
  }
  if (set(env, 'WECOM_CORP_ID')) lines.push(...(await wecomLines(env, publicUrl, teamChats)));
  if (set(env, 'DINGTALK_CLIENT_ID')) lines.push(...(await dingtalkLines(env, publicUrl)));
  return lines;
}

/** The PUBLIC_URL line; the URL to check callbacks at (null when unset or not a URL). */
function publicUrlLine(url: string | null, lines: DoctorLine[]): string | null {
  if (url === null || url === '') {
    lines.push({ status: 'fail', say: 'doctor.publicUrl.missing', fix: 'doctor.publicUrl.missingFix' });
    return null;
  }
  if (!URL.canParse(url)) {
    lines.push({
      status: 'fail',
      say: 'doctor.publicUrl.bad',
      fix: 'doctor.publicUrl.missingFix',
      vars: { url },
    });
    return null;
  }
  if (new URL(url).protocol !== 'https:')
    lines.push({
      status: 'fail',
      say: 'doctor.publicUrl.http',
      fix: 'doctor.publicUrl.httpFix',
      vars: { url },
    });
  else lines.push({ status: 'ok', say: 'doctor.publicUrl.ok', vars: { url } });
  return url;
}

/**
 * The database line; when it is reachable and migrated, each team's WeCom chat as `wecom create-team-chats` made it
 * (a chat id typed by hand counts as none: the app cannot post to it), else null.
 */
async function databaseLines(
  databaseUrl: string,
  lines: DoctorLine[],
  wantChats: boolean,
): Promise<Array<{ team: string; chatid: string | null }> | null> {
  const url = maskDatabaseUrl(databaseUrl);
  let status;
  try {
    status = await migrationStatus(databaseUrl);
  } catch (err) {
    lines.push({
      status: 'fail',
      say: 'doctor.database.unreachable',
      fix: 'doctor.database.unreachableFix',
      vars: { url, message: (err as Error).message },
    });
    return null;
  }
  const vars = { url, applied: status.applied, known: status.known, pending: status.known - status.applied };
  if (status.applied < status.known) {
    lines.push({ status: 'fail', say: 'doctor.database.pending', fix: 'doctor.database.pendingFix', vars });
    return null;
  }
  if (status.applied > status.known) {
    lines.push({ status: 'fail', say: 'doctor.database.newer', fix: 'doctor.database.newerFix', vars });
    return null;
  }
  lines.push({ status: 'ok', say: 'doctor.database.ok', vars });
  if (!wantChats) return null;
  // Up to date: opening it migrates nothing.
  const store = await openStore(databaseUrl);
  try {
    const { createdKey } = await import('../../adapters/wecom/team-chats.ts');
    return await store.transaction(async (tx) => {
      const out: Array<{ team: string; chatid: string | null }> = [];
      for (const team of await tx.org.teams()) {
        const made = await tx.settings.get(createdKey(team.id));
        const chatid = team.channels.wecom;
        out.push({ team: team.id, chatid: chatid !== undefined && chatid === made ? chatid : null });
      }
      return out;
    });
  } finally {
    await store.close();
  }
}

async function wecomLines(
  env: Env,
  publicUrl: string | null,
  teamChats: Array<{ team: string; chatid: string | null }> | null,
): Promise<DoctorLine[]> {
  const missing = WECOM_NEED.filter((k) => !set(env, k));
  if (missing.length > 0)
    return [
      {
        status: 'fail',
        say: 'doctor.env.missing',
        fix: 'doctor.env.missingFix',
        vars: { platform: 'WeCom', names: missing.join(', '), trigger: 'WECOM_CORP_ID', folder: 'wecom' },
      },
    ];
  const agentId = Number(env.WECOM_AGENT_ID);
  if (!Number.isInteger(agentId))
    return [
      {
        status: 'fail',
        say: 'doctor.env.bad',
        fix: 'doctor.wecom.agent.failFix',
        vars: { platform: 'WeCom', name: 'WECOM_AGENT_ID', value: env.WECOM_AGENT_ID ?? '' },
      },
    ];
  const { wecomDoctor } = await import('../../adapters/wecom/doctor.ts');
  return wecomDoctor({
    corpId: env.WECOM_CORP_ID as string,
    secret: env.WECOM_SECRET as string,
    agentId,
    token: env.WECOM_TOKEN as string,
    encodingAesKey: env.WECOM_ENCODING_AES_KEY as string,
    ...(env.WECOM_CONTACT_SECRET ? { contactSecret: env.WECOM_CONTACT_SECRET } : {}),
    ...(env.WECOM_API_BASE ? { apiBase: env.WECOM_API_BASE } : {}),
    publicUrl,
    teamChats,
  });
}

async function dingtalkLines(env: Env, publicUrl: string | null): Promise<DoctorLine[]> {
  if (!set(env, 'DINGTALK_CLIENT_SECRET'))
    return [
      {
        status: 'fail',
        say: 'doctor.env.missing',
        fix: 'doctor.env.missingFix',
        vars: {
          platform: 'DingTalk',
          names: 'DINGTALK_CLIENT_SECRET',
          trigger: 'DINGTALK_CLIENT_ID',
          folder: 'dingtalk',
        },
      },
    ];
  const mode = (env.DINGTALK_MODE ?? '') === '' ? 'http' : env.DINGTALK_MODE;
  if (mode !== 'http' && mode !== 'stream')
    return [
      {
        status: 'fail',
        say: 'doctor.env.bad',
        vars: { platform: 'DingTalk', name: 'DINGTALK_MODE', value: mode ?? '' },
      },
    ];
  const { dingtalkDoctor } = await import('../../adapters/dingtalk/doctor.ts');
  return dingtalkDoctor({
    clientId: env.DINGTALK_CLIENT_ID as string,
    clientSecret: env.DINGTALK_CLIENT_SECRET as string,
    robotCode: env.DINGTALK_ROBOT_CODE || (env.DINGTALK_CLIENT_ID as string),
    robotCodeSet: set(env, 'DINGTALK_ROBOT_CODE'),
    cardTemplateId: env.DINGTALK_CARD_TEMPLATE_ID || null,
    mode,
    ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
    publicUrl,
    pageApp:
      set(env, 'DINGTALK_CORP_ID') && set(env, 'DINGTALK_AGENT_ID')
        ? { corpId: env.DINGTALK_CORP_ID as string, agentId: env.DINGTALK_AGENT_ID as string }
        : null,
  });
}
