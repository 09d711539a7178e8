// User-facing words, in Chinese and English. Nothing user-facing is built elsewhere. Each module's catalog has its
// English object as the source of keys and a Chinese one typed by it, so a word missing in either language fails
// `tsc`; here they are assembled, and `t` accepts only their keys (MessageKey).
import { formatMessage, type Locale, type MessageVars } from '../kernel/i18n.ts';
import { authenticityEn, authenticityZh } from './reports/i18n-authenticity.ts';
import { chatEn, chatZh } from './leads/i18n.ts';
import { whyEn, whyZh } from './leads/i18n-why.ts';
import { contactsEn, contactsZh } from './leads/i18n-contacts.ts';
import { dealsEn, dealsZh } from './deals/i18n.ts';
import { chartsEn, chartsZh } from './analytics/i18n.ts';
import { heatEn, heatZh } from './analytics/i18n-heat.ts';
import { sourcesEn, sourcesZh } from './analytics/i18n-sources.ts';
import { whatifEn, whatifZh } from './whatif/i18n.ts';
import { kbiEn, kbiZh } from './kbi/i18n.ts';
import { reportsEn, reportsZh } from './reports/i18n.ts';
import { teamReportsEn, teamReportsZh } from './reports/i18n-team.ts';
import { mformsEn, mformsZh } from './forms/i18n.ts';
import { directoryEn, directoryZh } from './org/i18n.ts';
import { doctorEn, doctorZh } from './org/i18n-doctor.ts';
import { patrolEn, patrolZh } from './patrol/i18n.ts';
import { customersEn, customersZh } from './customers/i18n.ts';
import { log } from '../log.ts';

// Re-exported so the many `import { localeOf, type Locale } from '…/modules/i18n.ts'` keep working.
export { formatList, localeOf, type Locale } from '../kernel/i18n.ts';

const en = {
  ...whyEn,
  ...chatEn,
  ...contactsEn,
  ...dealsEn,
  ...authenticityEn,
  ...chartsEn,
  ...heatEn,
  ...sourcesEn,
  ...whatifEn,
  ...kbiEn,
  ...reportsEn,
  ...teamReportsEn,
  ...mformsEn,
  ...directoryEn,
  ...doctorEn,
  ...patrolEn,
  ...customersEn,
};

/** Every key of the catalog: a key built from a template literal must land in this union to type-check. */
export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  ...whyZh,
  ...chatZh,
  ...contactsZh,
  ...dealsZh,
  ...authenticityZh,
  ...chartsZh,
  ...heatZh,
  ...sourcesZh,
  ...whatifZh,
  ...kbiZh,
  ...reportsZh,
  ...teamReportsZh,
  ...mformsZh,
  ...directoryZh,
  ...doctorZh,
  ...patrolZh,
  ...customersZh,
};

/** The assembled catalog, one object per language (read by the catalog test; call sites use `t`). */
export const catalogs: Record<Locale, Readonly<Record<MessageKey, string>>> = { en, 'zh-CN': zh };

/** The module catalogs, by name, for the test that checks that no two of them define the same key. */
export const moduleCatalogs: Record<string, Readonly<Record<string, string>>> = {
  whyEn,
  chatEn,
  contactsEn,
  dealsEn,
  authenticityEn,
  chartsEn,
  heatEn,
  sourcesEn,
  whatifEn,
  kbiEn,
  reportsEn,
  teamReportsEn,
  mformsEn,
  directoryEn,
  doctorEn,
  patrolEn,
  customersEn,
};

const allKeys: ReadonlySet<string> = new Set(Object.keys(en));

export function isMessageKey(key: string): key is MessageKey {
  return allKeys.has(key);
}

/**
 * The key `${prefix}.${value}` when the catalog has it, else null: for codes that come from data (a stored reason,
 * a payload field) rather than from a typed union. The caller decides what to show instead of a null; it is never
 * the raw key.
 */
export function messageKey(prefix: string, value: string): MessageKey | null {
  const key = `${prefix}.${value}`;
  return isMessageKey(key) ? key : null;
}

/** The words for a code from data, e.g. `codeText(locale, 'deal.health', payload.to)`; an unknown code reads as itself. */
export function codeText(locale: Locale, prefix: string, code: string, vars: MessageVars = {}): string {
  const key = messageKey(prefix, code);
  return key === null ? code : t(locale, key, vars);
}

// An unknown key can only arrive through a cast or an untyped payload. Under vitest it throws, so a test that
// renders it fails loudly; in production it is logged once per key and the English text (or, for a key no
// language has, the key itself) is shown, so a user still gets a message rather than a crashed reply.
const strict = process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';
const reported = new Set<string>();

function missing(locale: Locale, key: string): string {
  if (strict) throw new Error(`i18n: no ${locale} text for key "${key}"`);
  if (!reported.has(key)) {
    reported.add(key);
    log().error({ locale, key }, `i18n: no ${locale} text for key "${key}"`);
  }
  return (catalogs.en as Record<string, string | undefined>)[key] ?? key;
}

export function t(locale: Locale, key: MessageKey, vars: MessageVars = {}): string {
  const template = (catalogs[locale] as Record<string, string | undefined>)[key] ?? missing(locale, key);
  return formatMessage(template, vars, locale);
}
