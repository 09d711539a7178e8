// The numbers a rules file's sections check, with the same words in every section (src/config.ts and each
// module's config.ts).
import { z } from 'zod';

export const nonNeg = z.number({ error: 'expected a number ≥ 0' }).min(0, 'expected a number ≥ 0');
export const positive = z.number({ error: 'expected a number > 0' }).positive('expected a number > 0');
export const count = z
  .number({ error: 'expected a number ≥ 0' })
  .min(0, 'expected a number ≥ 0')
  .int('expected a whole number');
