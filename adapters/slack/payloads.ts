// Slack payload fields → the neutral inbound of src/conversation/conversation.ts. Pure.
import { z } from 'zod';

/** The slash commands of manifest.yaml. */
export const SLASH_COMMANDS = ['/lead', '/deal', '/team', '/kbi', '/report'] as const;

/**
 * A slash command's text joins the one command language (DESIGN.md): `/lead claim 12` is `claim 12`,
 * `/deal advance D1` is `deal advance D1` = `advance D1`, `/deal D1` is `deal D1`; `/deal`, `/kbi` and
 * `/report` are verbs themselves, so their name leads; `/team board` is `team board` (the target board, where
 * `board` alone is the claim board) and any other `/team X` reads as `X`.
 */
export function commandText(command: string, text: string): string {
  const name = command.replace(/^\//, '');
  // A Slack mention (`<@U0PAT>` or `<@U0PAT|pat>`) becomes `@U0PAT`, which the grammar resolves by Slack id.
  // The name stops at the next `<` too (Slack escapes it in names): `[^>]*` rescanned the rest of the text from
  // every `<@U|`, quadratic on a long hostile text (issue 22).
  const rest = text.trim().replace(/<@([A-Z0-9]+)(?:\|[^<>]*)?>/g, '@$1');
  if (name === 'kbi' || name === 'report' || name === 'deal' || name === 'team')
    return `${name} ${rest}`.trim();
  return rest;
}

const stateValue = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
});
const stateSchema = z.record(z.string(), z.record(z.string(), stateValue));

/** A modal's `view.state.values` → field name → text (block id = action id = field name, see render.ts). */
export function formValues(state: unknown): Record<string, string> {
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) return {};
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(parsed.data)) {
    const first = Object.values(actions)[0];
    if (first === undefined) continue;
    out[blockId] = (first.type === 'static_select' ? first.selected_option?.value : first.value) ?? '';
  }
  return out;
}
