// Issue 24 item 6 (F28): a spoken summary's objections, promised dates and new decision makers offered as ticks
// (one keep / leave-out choice per item, which every messenger's forms can show), kept only once confirmed.
import { z } from 'zod';
import { FORMS, type Form, type Reply } from '../../../kernel/card.ts';
import type { Person } from '../../../kernel/types.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { t, type Locale } from '../../i18n.ts';
import { myLeads } from '../../leads/use-cases/my-leads.ts';
import { MAX_ITEMS, MAX_ITEM_TEXT, splitSpoken, type SpokenItem } from '../rules/spoken-split.ts';
import { keepSpokenItems } from '../use-cases/spoken-items.ts';

/**
 * The items travel in the form's context, which the playground bounds at 500 characters (adapters/web/routes.ts):
 * items past that are not offered (the summary keeps every word of them).
 */
const MAX_CONTEXT = 500;

/** The items that fit in the form's context, in the order said. */
function fitting(items: readonly SpokenItem[]): SpokenItem[] {
  const out = [...items];
  while (out.length > 0 && JSON.stringify(out).length > MAX_CONTEXT) out.pop();
  return out;
}

/** The customers offered to attach the items to: the rep's own leads, the most recently active first. */
const MAX_LEADS = 50;

const ITEMS = z
  .array(
    z.object({
      kind: z.enum(['objection', 'date', 'decider']),
      text: z.string().min(1).max(MAX_ITEM_TEXT),
      due: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    }),
  )
  .min(1)
  .max(MAX_ITEMS);

const itemLabel = (item: SpokenItem, locale: Locale): string =>
  `${t(locale, `spoken.kind.${item.kind}`, { due: item.due ?? '' })}: ${item.text}`;

/** The ticks form for what was said, or nothing when the summary holds none of the three kinds. */
export async function spokenItemsReplies(
  deps: ChatDeps,
  actor: Person,
  text: string,
  locale: Locale,
): Promise<Reply[]> {
  const mine = await myLeads(deps.engine, actor.id);
  const items = fitting(splitSpoken(text, deps.engine.clock(), mine.timezone, deps.engine.rules.deals));
  const form = await spokenForm(deps, actor, items, locale);
  if (form === null) return [];
  const body = items.map((item) => `☐ ${itemLabel(item, locale)}`).join('\n');
  return [{ mode: 'open_form', card: { title: t(locale, 'spoken.title'), level: 'info', body, form } }];
}

/** The ticks button's click (ACTIONS.reportSpoken, its value the items): the form, now that it can open. */
export async function spokenFormReplies(
  deps: ChatDeps,
  actor: Person,
  value: string,
  locale: Locale,
): Promise<Reply[]> {
  const form = await spokenFormFrom(deps, actor, value, locale);
  if (form === null) return [note(locale, 'spoken.stale', {}, 'yellow')];
  return [{ mode: 'open_form', card: { title: form.title, level: 'info', form } }];
}

/**
 * The ticks form of these items, as a signed page builds it again from the link's context (WeCom, DingTalk and
 * Slack's voice clips, which come with no trigger for a modal): null when the context is not a list of items or
 * the rep has no lead to attach them to.
 */
export async function spokenFormFrom(
  deps: ChatDeps,
  actor: Person,
  context: string | undefined,
  locale: Locale,
): Promise<Form | null> {
  const items = ITEMS.safeParse(parseContext(context));
  return items.success ? spokenForm(deps, actor, items.data, locale) : null;
}

function parseContext(context: string | undefined): unknown {
  try {
    return JSON.parse((context ?? '').slice(0, 4 * MAX_CONTEXT));
  } catch {
    return null;
  }
}

async function spokenForm(
  deps: ChatDeps,
  actor: Person,
  items: readonly SpokenItem[],
  locale: Locale,
): Promise<Form | null> {
  if (items.length === 0) return null;
  const leads = (await myLeads(deps.engine, actor.id)).leads
    .filter((l) => l.status === 'owned')
    .slice(0, MAX_LEADS);
  if (leads.length === 0) return null;
  return {
    id: FORMS.reportSpoken,
    title: t(locale, 'spoken.title'),
    submitLabel: t(locale, 'spoken.submit'),
    intro: t(locale, 'spoken.intro'),
    context: JSON.stringify(items),
    fields: [
      {
        name: 'lead',
        label: t(locale, 'spoken.lead'),
        kind: 'select',
        required: true,
        options: leads.map((l) => ({ value: String(l.id), label: `#${l.id} ${l.company}` })),
        initial: String(leads[0]?.id),
      },
      ...items.map((item, i) => ({
        name: `item${i}`,
        label: itemLabel(item, locale),
        kind: 'select' as const,
        required: true,
        options: [
          { value: 'keep', label: t(locale, 'spoken.keep') },
          { value: 'skip', label: t(locale, 'spoken.skip') },
        ],
        initial: 'keep',
      })),
    ],
  };
}

/** The confirmed ticks: the items kept on the chosen customer (a forged or stale form keeps nothing). */
export async function submitSpokenItems(
  deps: ChatDeps,
  actor: Person,
  values: Record<string, string>,
  context: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const items = ITEMS.safeParse(parseContext(context));
  const leadId = /^\d{1,12}$/.test(values.lead ?? '') ? Number(values.lead) : null;
  if (!items.success || leadId === null) return [note(locale, 'spoken.stale', {}, 'yellow')];
  const ticked = items.data.filter((_, i) => values[`item${i}`] === 'keep');
  if (ticked.length === 0) return [note(locale, 'spoken.none', {}, 'info')];
  const r = await keepSpokenItems(deps.engine, actor, leadId, ticked);
  if (r.kind === 'rejected') return [note(locale, `refuse.${r.reason}`, { id: leadId }, 'yellow')];
  return [note(locale, 'spoken.kept', { kept: r.kept, id: r.leadId, company: r.company }, 'green')];
}
