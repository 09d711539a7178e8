// The answer to a rep who asks for what compares reps with each other (the charts, channel ROI): what they may
// look at instead.
import type { Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';

export function managersOnlyReplies(locale: Locale): Reply[] {
  return [
    {
      mode: 'ephemeral',
      card: {
        title: t(locale, 'charts.managersOnly'),
        body: t(locale, 'charts.managersOnly.next'),
        level: 'yellow',
      },
    },
  ];
}
