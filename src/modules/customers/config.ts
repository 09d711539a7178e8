// The customers section of the rules file (F24 customer tiers), validated with the same error style as the rest.
import { z } from 'zod';
import type { CustomerRules } from './rules/customer-tiers.ts';

const months = 'expected a whole number of months from 1 to 36';
// Bounded: the text is shown in a card and copied to a customer; a pasted brochure would not fit any messenger.
const packText = z
  .string({ error: 'expected text' })
  .min(1, 'expected text')
  .max(2000, 'expected at most 2000 characters');

export const customerRulesSchema = z.strictObject({
  lookbackMonths: z.number({ error: months }).int(months).min(1, months).max(36, months),
  recomputeAt: z
    .string({ error: 'expected a time of day such as 09:00' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 09:00'),
  repurchaseReminder: z.boolean({ error: 'expected true or false' }),
  productPack: z.strictObject({ 'zh-CN': packText, en: packText }),
}) satisfies z.ZodType<CustomerRules>;
