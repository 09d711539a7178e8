import type { Card, Reply } from '../kernel/card.ts';
import { t, type Locale, type MessageKey } from '../modules/i18n.ts';

/** A one-line answer only the speaker sees: a catalog sentence at a level. */
export function note(
  locale: Locale,
  key: MessageKey,
  vars: Record<string, string | number>,
  level: Card['level'] = 'info',
): Reply {
  return { mode: 'ephemeral', card: { title: t(locale, key, vars), level } };
}
