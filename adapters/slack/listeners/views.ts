import type { App } from '@slack/bolt';
import { handleInbound } from '../../../src/conversation/conversation.ts';
import { FORMS, type Reply } from '../../../src/kernel/card.ts';
import { formValues } from '../payloads.ts';
import { whoIs } from '../people.ts';
import { renderModal } from '../render.ts';
import { sendReplies } from '../replies.ts';
import type { SlackContext } from './context.ts';

const OUR_FORMS = new RegExp(`^(${Object.values(FORMS).join('|').replace(/\./g, '\\.')})$`);
/** A view_submission must be answered within 3 s; past this we close the modal and answer by DM. */
const SUBMIT_DEADLINE_MS = 2000;

/** Modal submissions: validation problems keep the modal open (response_action update), else it closes. */
export function registerViews(app: App, ctx: SlackContext): void {
  // A closed modal (sent when a view asks notify_on_close) needs its ack too: unacknowledged, Bolt waits 3 s and
  // answers 404, and Slack counts a failure. Nothing else to do: closing loses nothing we kept.
  app.view({ type: 'view_closed' }, async ({ ack }) => {
    await ack();
  });
  app.view({ type: 'view_submission', callback_id: OUR_FORMS }, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const work = (async () => {
      const actor = await whoIs(ctx.chat, client, userId);
      const context = view.private_metadata === '' ? {} : { context: view.private_metadata };
      const values = formValues(view.state.values);
      return handleInbound(ctx.chat, actor, { kind: 'submit', formId: view.callback_id, values, ...context });
    })();
    const early = await beforeDeadline(work, SUBMIT_DEADLINE_MS);
    const again = early?.find((r) => r.mode === 'open_form' && r.card.form !== undefined);
    if (again?.card.form !== undefined) {
      await ack({ response_action: 'update', view: renderModal(again.card.form, again.card.title) });
    } else await ack();
    const replies: Reply[] = early ?? (await work);
    await sendReplies(
      { client, userId },
      replies.filter((r) => r !== again),
    );
  });
}

async function beforeDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
