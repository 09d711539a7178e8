// The one validation of an incoming lead, shared by the HTTP API, CSV import and chat forms (F7, F38).
import { z } from 'zod';
import type { LeadFields } from '../../../kernel/types.ts';
import { controlCharIn } from '../../../kernel/control-chars.ts';
import { MAX_AMOUNT } from '../../../kernel/command-words.ts';

/** A text field; only `multiline` ones (the need) may hold tabs and line breaks, none a control character. */
const text = (max: number, required?: string, multiline = false) =>
  z
    .string({
      error: (iss) =>
        iss.input === undefined || iss.input === null ? (required ?? 'expected text') : 'expected text',
    })
    .trim()
    .max(max, `at most ${max} characters`)
    .refine((s) => controlCharIn(s, multiline) === null, {
      error: (iss) =>
        `a control character (${controlCharIn(String(iss.input), multiline) ?? '?'}) is not allowed here`,
    });

/** Tags arrive as a JSON array, or as one cell "a, b；c" from a spreadsheet. */
const tags = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[,，;；、|]/)
          .map((t) => t.trim())
          .filter(Boolean)
      : v,
  z.array(text(50), { error: 'expected a list of tags' }).max(50, 'at most 50 tags'),
);

export const leadInputSchema = z
  .object({
    company: text(200).default(''),
    contact: text(100).default(''),
    phone: text(40).default(''),
    // 254: the longest address SMTP carries (RFC 5321 §4.5.3.1.3); a longer one is no address (issue 22).
    // Trimmed like every other field (" a@b.com " from a form or a spreadsheet is a@b.com, issue 25 item 5).
    email: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.trim() : v),
        z.union([z.literal(''), z.email('expected an email address').max(254, 'at most 254 characters')]),
      )
      .default(''),
    industry: text(100).default(''),
    budget: z.coerce
      .number('expected a number (yuan)')
      .min(0, 'expected a number ≥ 0')
      .max(MAX_AMOUNT, `at most ${MAX_AMOUNT} yuan`)
      .default(0),
    need: text(4000, undefined, true).default(''),
    region: text(100).default(''),
    source: text(100, 'required: where the lead came from').min(1, 'required: where the lead came from'),
    campaign: text(100, 'required: the campaign code, so channel ROI can be computed').min(
      1,
      'required: the campaign code, so channel ROI can be computed',
    ),
    tags: tags.default([]),
    urgency: z
      .enum(['trial', 'competitor'], { error: "expected 'trial' or 'competitor'" })
      .nullable()
      .default(null),
    trialEndsAt: z.iso
      .datetime({ offset: true, message: 'expected an ISO date-time' })
      .nullable()
      .default(null),
  })
  .refine((v) => v.company !== '' || v.phone !== '' || v.email !== '', {
    message: 'a lead needs at least a company, a phone or an email',
    path: ['company'],
  });

export type LeadInput = z.input<typeof leadInputSchema>;

/** The fields a person types in (API JSON, CSV headers, the new-lead form), in the documented order. */
export const LEAD_ENTRY_FIELDS = [
  'company',
  'contact',
  'phone',
  'email',
  'industry',
  'budget',
  'need',
  'region',
  'source',
  'campaign',
  'tags',
] as const;

/** All lead fields an integration may send: the entry fields plus urgency. */
export const LEAD_INPUT_FIELDS = [...LEAD_ENTRY_FIELDS, 'urgency', 'trialEndsAt'] as const;

export function toLeadFields(v: z.output<typeof leadInputSchema>): LeadFields {
  return {
    ...v,
    tags: [...new Set(v.tags.filter((t) => t !== ''))],
    trialEndsAt: v.trialEndsAt === null ? null : Date.parse(v.trialEndsAt),
  };
}

/** Field errors as `path: message`, in the order zod found them. */
export function fieldErrors(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}
