import type { Card } from '../kernel/card.ts';
import { t, type Locale } from '../modules/i18n.ts';
import type { HelpGroup } from './command.ts';
import { COMMANDS, wordsOf, type AnyCommandSpec, type Command } from './commands.ts';

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

/** The one command a word we do not know most likely meant, or null when none or several fit. */
export function commandMeant(word: string): AnyCommandSpec | null {
  const w = word.toLowerCase();
  if (w.length < 2) return null;
  const fits = COMMANDS.filter((spec) =>
    [...wordsOf(spec), ...(spec.hints ?? [])].some((c) =>
      /^[a-z ]+$/.test(c) ? c.length >= 4 && w.length >= 4 && withinOneEdit(w, c) : nearCjk(w, c),
    ),
  );
  return fits.length === 1 ? (fits[0] as AnyCommandSpec) : null;
}

/** A Chinese word inside another (`打电话` holds `电话`), two characters at least on both sides. */
function nearCjk(typed: string, known: string): boolean {
  return known.length >= 2 && (typed.includes(known) || (typed.length >= 2 && known.includes(typed)));
}

/** One letter added, dropped or changed (`clam` → `claim`). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  const rest = (x: string, skip: number) => x.slice(i + skip);
  return (
    rest(a, 1) === rest(b, 1) || // changed
    rest(a, 1) === rest(b, 0) || // added in a
    rest(a, 0) === rest(b, 1) // dropped from a
  );
}

function usageOf(spec: AnyCommandSpec, locale: Locale): string {
  return spec.usage.map((u) => (locale === 'zh-CN' ? u.zh : u.en)).join(' · ');
}

/**
 * What was wrong, then how to say it: the usage of the one command that fits a slip (`跟进 192` without how,
 * `打电话`), the whole command list only when nothing fits.
 */
export function helpCard(locale: Locale, command: Command, spec: AnyCommandSpec | null = null): Card {
  if (command.verb !== 'invalid')
    return { title: t(locale, 'help.title'), level: 'info', body: helpBody(locale) };
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
  const meant = command.problem === 'UNKNOWN' ? commandMeant(command.word) : spec;
  if (meant !== null && meant.usage.length > 0) {
    const problem =
      command.problem === 'UNKNOWN'
        ? t(locale, 'help.meant', { word: command.word })
        : t(locale, key, { word: command.word });
    return {
      title: t(locale, 'help.usageTitle'),
      level: 'info',
      body: [problem, usageOf(meant, locale), t(locale, 'help.more')].join('\n'),
    };
  }
  return {
    title: t(locale, 'help.title'),
    level: 'info',
    body: `${t(locale, key, { word: command.word })}\n${helpBody(locale)}`,
  };
}

export function unlinkedCard(locale: Locale): Card {
  return { title: t(locale, 'unlinked.title'), level: 'yellow', body: t(locale, 'unlinked.body') };
}

/** For an adapter whose handling failed after it answered the platform: nothing changed, try again. */
export function errorCard(locale: Locale): Card {
  return { title: t(locale, 'error.title'), level: 'red', body: t(locale, 'error.body') };
}
