import { loadConfig, type Config } from '../config.ts';
import { DEMO_DATABASE_URL, resolveFirstRun, type FirstRunProbe } from '../demo/first-run.ts';
import { localeOf, type Locale } from '../modules/i18n.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from '../runtime.ts';

/**
 * What the command line says about its database when nothing is configured (issue 21, item 11): the server then
 * runs the demo in its own file, while the command line reads the real (empty) database; it says so, and how to
 * read the demo instead. Null when DATABASE_URL is set or the server would use the real database too.
 */
export async function databaseNote(
  config: Pick<Config, 'databaseUrl' | 'databaseUrlDefaulted'>,
  env: Readonly<Record<string, string | undefined>>,
  probe?: FirstRunProbe,
): Promise<string | null> {
  if (!config.databaseUrlDefaulted) return null;
  const firstRun = await resolveFirstRun(config, env, probe);
  if (!firstRun.demo) return null;
  return (
    `leadline: reading ${config.databaseUrl}, which holds no organisation yet; with nothing configured the server ` +
    `runs the demo in ${DEMO_DATABASE_URL}. To read the demo: DATABASE_URL=${DEMO_DATABASE_URL} npx leadline …`
  );
}

/** Opens the configured database for one command and closes it after. */
export async function withRuntime<T>(
  fn: (rt: Runtime) => Promise<T>,
  clock?: () => number,
  options: RuntimeOptions = {},
): Promise<T> {
  const config = loadConfig();
  const note = await databaseNote(config, process.env);
  if (note !== null) console.error(note);
  const rt = await openRuntime(config, clock, options);
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

export async function cliLocale(rt: Runtime, flag: string | undefined): Promise<Locale> {
  const stored = await rt.deps.store.transaction((tx) => tx.settings.get('locale'));
  return localeOf(flag ?? stored, rt.config.locale);
}

export async function cliTimezone(rt: Runtime): Promise<string> {
  return (await rt.deps.store.transaction((tx) => tx.settings.get('timezone'))) ?? rt.config.timezone;
}

export function failWith(message: string): never {
  console.error(message);
  process.exit(1);
}
