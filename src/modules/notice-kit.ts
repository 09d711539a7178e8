// What a notice renderer is given and how a module declares its notices: for each template of its
// notice-data.ts, a renderer of that template's data (a template without one is a compile error).
import type { z } from 'zod';
import type { Card } from '../kernel/card.ts';
import type { Locale } from './i18n.ts';
import type { LeadView } from './leads/cards/lead-card.ts';
import type { Rules } from './rules.ts';

export interface NoticeContext {
  /** The lead the notice is about, as it is now (null when it has none). */
  lead: LeadView | null;
  nameOf: (personId: string) => string;
  timezone: string;
  /** The rules as they are at delivery (a chart's stage names, signal words, targets). */
  rules: Rules;
}

export type NoticeRenderer<D> = (data: D, ctx: NoticeContext, locale: Locale) => Card | Promise<Card>;

export interface NoticeDef<S extends z.ZodType = z.ZodType> {
  data: S;
  render: NoticeRenderer<z.infer<S>>;
}

/** A module's notices: its schemas, each with its renderer. */
export function defineNotices<S extends Record<string, z.ZodType>>(
  schemas: S,
  renderers: { [K in keyof S]: NoticeRenderer<z.infer<S[K]>> },
): { [K in keyof S]: NoticeDef<S[K]> } {
  const out = {} as { [K in keyof S]: NoticeDef<S[K]> };
  for (const key of Object.keys(schemas) as Array<keyof S>)
    out[key] = { data: schemas[key], render: renderers[key] };
  return out;
}
