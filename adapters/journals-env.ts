// The report-app readers (issue 24 item 9) from the same environment variables the messengers use: WeCom's
// app secret (the app must be listed in 汇报 → 可调用接口的应用) and DingTalk's app key (查询企业员工日志权限).
import { ConfigError } from '../src/config.ts';
import type { ReportSource } from '../src/modules/ports.ts';
import type { JournalRules } from '../src/modules/reports/rules/journal-import.ts';
import type { JournalSource } from '../src/modules/reports/use-cases/import-journals.ts';
import { dingtalkHttp } from './dingtalk/http.ts';
import { dingtalkJournals } from './dingtalk/journals.ts';
import { wecomApi } from './wecom/api.ts';
import { wecomJournals } from './wecom/journals.ts';

const NEED: Record<ReportSource, readonly string[]> = {
  wecom: ['WECOM_CORP_ID', 'WECOM_SECRET'],
  dingtalk: ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET'],
};

export const JOURNAL_PLATFORMS: readonly ReportSource[] = ['wecom', 'dingtalk'];

export function journalSourceFromEnv(platform: ReportSource, env: NodeJS.ProcessEnv): JournalSource {
  const missing = NEED[platform].filter((k) => (env[k] ?? '') === '');
  if (missing.length > 0)
    throw new ConfigError(
      'ENV_INVALID',
      missing.map((k) => `${k}: required to read ${platform} reports`),
      `${platform} reports cannot be read`,
    );
  const v = (k: string) => env[k] as string;
  if (platform === 'wecom')
    return wecomJournals(
      wecomApi({
        corpId: v('WECOM_CORP_ID'),
        secret: v('WECOM_SECRET'),
        ...(env.WECOM_API_BASE ? { apiBase: env.WECOM_API_BASE } : {}),
      }),
    );
  return dingtalkJournals(
    dingtalkHttp({
      clientId: v('DINGTALK_CLIENT_ID'),
      clientSecret: v('DINGTALK_CLIENT_SECRET'),
      clock: Date.now,
      ...(env.DINGTALK_API_BASE ? { apiBase: env.DINGTALK_API_BASE } : {}),
    }),
  );
}

/** The readers the daily job runs: each platform with a template chosen in the rules file and its credentials set. */
export function journalSourcesFromEnv(rules: JournalRules, env: NodeJS.ProcessEnv): JournalSource[] {
  return JOURNAL_PLATFORMS.filter(
    (p) => rules[p] !== null && NEED[p].every((k) => (env[k] ?? '') !== ''),
  ).map((p) => journalSourceFromEnv(p, env));
}
