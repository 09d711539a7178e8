// What every chat handler gets: the engine and the defaults. Kept apart from conversation.ts so that the modules'
// chat handlers (src/modules/*/chat) can name it without importing the dispatcher that imports them.
import type { EngineDeps } from '../modules/deps.ts';
import type { Locale } from '../modules/i18n.ts';

export interface ChatDeps {
  engine: EngineDeps;
  /** The language for people and orgs that set none. */
  defaultLocale: Locale;
  /** F39: the only folder `whatif FILE` reads from (RULES_FILE's folder; ./config when unset). */
  rulesDir?: string;
}
