import type { Card } from '../kernel/card.ts';
import { t, type Locale } from '../modules/i18n.ts';
import type { HelpGroup } from './command.ts';
import { COMMANDS, type Command } from './commands.ts';

/** The lines of the help card; every line but the first opens with its heading (`help.group.*`). */
const GROUPS: readonly HelpGroup[] = ['leads', 'deals', 'report', 'managers'];

/** The help card's body, generated from the commands' usage lines in the reader's language. */
export function helpBody(locale: Locale): string {
  return GROUPS.map((group) => {
    const items = COMMANDS.flatMap((c) => c.usage.filter((u) => u.group === group)).map((u) =>
      locale === 'zh-CN' ? u.zh : u.en,
    );
    const heading = group === 'leads' ? '' : t(locale, `help.group.${group}`);
    return `${heading}${items.join(' · ')}`;
  }).join('\n');
}

export function helpCard(locale: Locale, command: Command): Card {
  let lead = '';
  if (command.verb === 'invalid') {
    const key = (
      {
        UNKNOWN: 'help.unknown',
        MISSING_ID: 'help.missingId',
        BAD_TOUCH_KIND: 'help.badTouchKind',
        MISSING_DEAL_ID: 'help.missingDealId',
        BAD_AMOUNT: 'help.badAmount',
        BAD_HEALTH: 'help.badHealth',
        BAD_PERIOD: 'help.badPeriod',
        BAD_TARGET: 'help.badTarget',
      } as const
    )[command.problem];
    lead = `${t(locale, key, { word: command.word })}\n`;
  }
  return { title: t(locale, 'help.title'), level: 'info', body: `${lead}${helpBody(locale)}` };
}

export function unlinkedCard(locale: Locale): Card {
  return { title: t(locale, 'unlinked.title'), level: 'yellow', body: t(locale, 'unlinked.body') };
}

/** For an adapter whose handling failed after it answered the platform: nothing changed, try again. */
export function errorCard(locale: Locale): Card {
  return { title: t(locale, 'error.title'), level: 'red', body: t(locale, 'error.body') };
}
