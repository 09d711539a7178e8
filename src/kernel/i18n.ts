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

/** Fills `{name}` placeholders; one with no value stays visible as `{name}` rather than turning into "undefined". */
export function formatMessage(template: string, vars: MessageVars = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** The `{vars}` a template uses, sorted and without repeats (both languages of a key must use the same ones). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}
