import { loadConfig } from '../config.ts';
import { localeOf, type Locale } from '../modules/i18n.ts';
import { openRuntime, type Runtime } from '../runtime.ts';

/** Opens the configured database for one command and closes it after. */
export async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>, clock?: () => number): Promise<T> {
  const rt = await openRuntime(loadConfig(), clock);
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
