// The language-neutral half of i18n: which languages exist, how a stored preference becomes one, and how a
// catalog template is filled in. The words themselves live in each module's catalog (src/modules/<m>/i18n.ts),
// assembled with typed keys in src/modules/i18n.ts.
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Vars of a template: `{name}` is replaced by `String(vars.name)`. */
export type MessageVars = Record<string, string | number>;

export function localeOf(value: string | null | undefined, fallback: Locale): Locale {
  return value === 'en' || value === 'zh-CN' ? value : fallback;
}

/**
 * A count in words, ICU style: `{count, plural, one {# call} other {# calls}}` reads "1 call", "2 calls"; `#` is
 * the number. The forms are chosen by `Intl.PluralRules` for the reader's language (Chinese has only `other`, so
 * its templates just say `{count} 次`). Only `one` and `other` are offered: English needs no more, and a template
 * is checked by the catalog test to have both.
 */
const PLURAL = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

const pluralRules = new Map<Locale, Intl.PluralRules>();
function pluralOf(locale: Locale, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(n);
}

/**
 * Fills `{name}` placeholders and `{name, plural, …}` counts; one with no value stays visible as `{name}` rather
 * than turning into "undefined".
 */
export function formatMessage(template: string, vars: MessageVars = {}, locale: Locale = 'en'): string {
  const counted = template.replace(PLURAL, (_, name: string, one: string, other: string) => {
    const value = vars[name];
    if (value === undefined) return `{${name}}`;
    // A count already formatted ("1,200") is read as a number; one that is not a number takes the `other` form.
    const n = typeof value === 'number' ? value : Number(value.replaceAll(',', ''));
    const form = Number.isFinite(n) && pluralOf(locale, n) === 'one' ? one : other;
    return form.replaceAll('#', String(value));
  });
  return counted.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The `{vars}` a template uses, sorted and without repeats (both languages of a key must use the same ones). */
export function placeholders(template: string): string[] {
  const plain = template.replace(PLURAL, (_, name: string) => `{${name}}`);
  return [...new Set([...plain.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

const listFormats = new Map<string, Intl.ListFormat>();
/**
 * Items joined as the reader's language joins them, by `Intl.ListFormat`: in a sentence "Alice, Bob, and Carol" /
 * "Alice、Bob和Carol"; as an enumeration (names in brackets, a list after a colon) "Alice, Bob, Carol" /
 * "Alice、Bob、Carol". An empty list is an empty string.
 */
export function formatList(
  locale: Locale,
  items: readonly string[],
  style: 'sentence' | 'enumeration' = 'sentence',
): string {
  let format = listFormats.get(`${locale} ${style}`);
  if (format === undefined) {
    format = new Intl.ListFormat(locale, {
      type: 'conjunction',
      style: style === 'sentence' ? 'long' : 'narrow',
    });
    listFormats.set(`${locale} ${style}`, format);
  }
  return format.format(items);
}
