// The customer tier notices (F24): a B customer's quarterly repurchase reminder and a new C customer's product
// pack, to the customer's rep. The pack's text is read from the rules when the notice is delivered.
import { z } from 'zod';

export const CUSTOMER_NOTICE_DATA = {
  'customers.repurchase': z.object({
    customer: z.string(),
    /** Yuan won over the lookback window. */
    yearlyValue: z.number(),
    /** `2026-Q4`. */
    quarter: z.string(),
    lastDealId: z.number().nullable(),
  }),
  'customers.product_pack': z.object({
    customer: z.string(),
    yearlyValue: z.number(),
    /** The B threshold the value fell under (yuan). */
    b: z.number(),
  }),
} as const;
