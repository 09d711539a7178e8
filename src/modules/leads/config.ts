// The rules file's `tags` section (smart tags, issue 24 item 4), validated at the edge like the rest (src/config.ts).
import { z } from 'zod';

const words = z.array(
  z.string({ error: 'expected text' }).trim().min(1, 'expected a word').max(50, 'at most 50 characters'),
  {
    error: 'expected a list of text',
  },
);
const fraction = 'expected a number from 0 to 1';

export const tagRulesSchema = z.strictObject({
  list: words.max(1000, 'at most 1000 tags'),
  synonyms: z.record(z.string(), words, { error: 'expected tag: [words] pairs' }),
  applyAt: z.number({ error: fraction }).min(0, fraction).max(1, fraction),
});
