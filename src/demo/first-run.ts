// DESIGN "first run": with nothing configured, `npm start` opens the playground on a demo organisation kept in
// its own file; once an org is imported or a platform configured, the real database is used. Demo data never
// goes into the real database. Pure but for the probe (does the file exist, was an org imported), injectable.
import { existsSync } from 'node:fs';
import type { Config } from '../config.ts';
import { openStore } from '../store/index.ts';
import { sqlitePath } from '../store/sqlite/connection.ts';

/** The demo's own database, beside the default one. */
export const DEMO_DATABASE_URL = 'file:./data/demo.db';

/** Any of these set means a messenger is configured, so the real database is meant. */
export const PLATFORM_CREDENTIALS = ['SLACK_BOT_TOKEN', 'WECOM_CORP_ID', 'DINGTALK_CLIENT_ID'] as const;

export interface FirstRunProbe {
  fileExists(path: string): boolean;
  /** Whether an organisation was imported into the database at this URL (only asked when its file exists). */
  orgImported(databaseUrl: string): Promise<boolean>;
}

export interface FirstRun {
  databaseUrl: string;
  demo: boolean;
  /** Why: for the start-up message. */
  reason: 'DATABASE_URL_SET' | 'PLATFORM_CONFIGURED' | 'ORG_IMPORTED' | 'NOTHING_CONFIGURED';
}

export const defaultFirstRunProbe: FirstRunProbe = {
  fileExists: (path) => existsSync(path),
  async orgImported(databaseUrl) {
    const store = await openStore(databaseUrl);
    try {
      return (await store.transaction((tx) => tx.settings.get('org_imported_at'))) !== null;
    } finally {
      await store.close();
    }
  },
};

/** Which database `npm start` opens, and whether it is the demo. */
export async function resolveFirstRun(
  config: Pick<Config, 'databaseUrl' | 'databaseUrlDefaulted'>,
  env: Readonly<Record<string, string | undefined>>,
  probe: FirstRunProbe = defaultFirstRunProbe,
): Promise<FirstRun> {
  const real = (reason: FirstRun['reason']): FirstRun => ({
    databaseUrl: config.databaseUrl,
    demo: false,
    reason,
  });
  if (!config.databaseUrlDefaulted) return real('DATABASE_URL_SET');
  if (PLATFORM_CREDENTIALS.some((name) => (env[name] ?? '').trim() !== ''))
    return real('PLATFORM_CONFIGURED');
  const path = sqlitePath(config.databaseUrl);
  if (probe.fileExists(path) && (await probe.orgImported(config.databaseUrl))) return real('ORG_IMPORTED');
  return { databaseUrl: DEMO_DATABASE_URL, demo: true, reason: 'NOTHING_CONFIGURED' };
}
