// Smart tags in chat (issue 24 item 4): `标签 ID` shows a lead's tags with where each came from and the suggestions
// not added; `标签 ID +医疗基建 -地产` corrects them.
import type { Person } from '../../../kernel/types.ts';
import type { LeadEvent } from '../../../kernel/events.ts';
import type { Reply } from '../../../kernel/card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import { t, type Locale, type MessageKey } from '../../i18n.ts';
import { explainLeadFor } from '../use-cases/explain-lead.ts';
import { retagLead, tagSources } from '../use-cases/retag-lead.ts';

const SOURCE_KEYS: Record<string, MessageKey> = {
  'suggested:company': 'tags.source.company',
  'suggested:industry': 'tags.source.industry',
  'suggested:need': 'tags.source.need',
  rep: 'tags.source.rep',
  entered: 'tags.source.entered',
};

function labelled(locale: Locale, items: readonly { tag: string; source: string }[]): string {
  if (items.length === 0) return t(locale, 'tags.none');
  const [open, close, sep] = locale === 'zh-CN' ? ['（', '）', '、'] : [' (', ')', ', '];
  return items
    .map(({ tag, source }) => {
      const key = SOURCE_KEYS[source];
      return key === undefined ? tag : `${tag}${open}${t(locale, key)}${close}`;
    })
    .join(sep);
}

/** The suggestions of the intake event that are still not on the lead. */
function pending(tags: readonly string[], events: readonly LeadEvent[]) {
  return events.flatMap((e) =>
    e.type === 'lead.tagged' ? e.suggested.filter((s) => !tags.includes(s.tag)) : [],
  );
}

export async function tagsReplies(
  deps: ChatDeps,
  actor: Person,
  leadId: number,
  add: readonly string[],
  remove: readonly string[],
  locale: Locale,
): Promise<Reply[]> {
  if (add.length > 0 || remove.length > 0) {
    const r = await retagLead(deps.engine, actor, leadId, add, remove);
    if (r.kind === 'not_found') return [note(locale, 'refuse.NOT_FOUND', { id: leadId }, 'yellow')];
    if (r.kind === 'forbidden') return [note(locale, 'tags.refuse.FORBIDDEN', { id: leadId }, 'yellow')];
  }
  const story = await explainLeadFor(deps.engine, leadId, actor);
  if (story === null) return [note(locale, 'refuse.NOT_FOUND', { id: leadId }, 'yellow')];
  if (story === 'forbidden') return [note(locale, 'tags.refuse.FORBIDDEN', { id: leadId }, 'yellow')];
  const { lead, events } = story;
  const lines = [
    t(locale, 'tags.title', { id: lead.id, tags: labelled(locale, tagSources(lead.tags, events)) }),
  ];
  const open = pending(lead.tags, events);
  if (open.length > 0)
    lines.push(
      t(locale, 'tags.suggested', {
        id: lead.id,
        tags: labelled(locale, [...new Map(open.map((s) => [s.tag, s])).values()]),
      }),
    );
  return [
    {
      mode: 'ephemeral',
      card: { title: lines[0]!, level: 'info', ...(lines[1] === undefined ? {} : { body: lines[1] }) },
    },
  ];
}
