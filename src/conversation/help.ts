import type { Card } from '../kernel/card.ts';
import { t, type Locale } from '../modules/i18n.ts';
import type { Command } from './parse-command.ts';

export function helpCard(locale: Locale, command: Command): Card {
  let lead = '';
  if (command.verb === 'invalid') {
    const key = {
      UNKNOWN: 'help.unknown',
      MISSING_ID: 'help.missingId',
      BAD_TOUCH_KIND: 'help.badTouchKind',
      MISSING_DEAL_ID: 'help.missingDealId',
      BAD_AMOUNT: 'help.badAmount',
      BAD_HEALTH: 'help.badHealth',
      BAD_PERIOD: 'help.badPeriod',
      BAD_TARGET: 'help.badTarget',
    }[command.problem];
    lead = `${t(locale, key, { word: command.word })}\n`;
  }
  return { title: t(locale, 'help.title'), level: 'info', body: `${lead}${t(locale, 'help.body')}` };
}

export function unlinkedCard(locale: Locale): Card {
  return { title: t(locale, 'unlinked.title'), level: 'yellow', body: t(locale, 'unlinked.body') };
}

/** For an adapter whose handling failed after it answered the platform: nothing changed, try again. */
export function errorCard(locale: Locale): Card {
  return { title: t(locale, 'error.title'), level: 'red', body: t(locale, 'error.body') };
}
