// Voice clips recorded in Slack (F28: a spoken summary or command). Slack transcribes a clip itself, and the
// transcript is not always there when the file is shared:
// - `transcription.status` is "processing" while Slack works on it; the finished transcript arrives as a
//   `file_change` event (https://docs.slack.dev/reference/events/file_change: "A file was changed"; the event
//   carries only the file id, the file is read with files.info) — the clip is acted on then, not answered
//   "please type".
// - `transcription.preview` is a preview: `has_more: true` means the text is cut (the file object in
//   @slack/web-api's FilesInfoResponse.d.ts: `Preview { content?: string; has_more?: boolean }`). The whole
//   transcript is the clip's WebVTT file (`vtt`, a url_private read with the bot token), never the cut preview.
// - "failed" / "none": Slack has no transcript; the rep is asked to type.
// Across instances a clip acts once (inbound_events key `clip:<file id>`), whichever instance sees it complete.
import type { WebClient } from '@slack/web-api';
import { handleInbound, localeFor } from '../../../src/conversation/conversation.ts';
import { firstTimeSeen, seenBefore } from '../../../src/conversation/inbound-once.ts';
import { ACTIONS, FORMS, type Reply } from '../../../src/kernel/card.ts';
import type { Person } from '../../../src/kernel/types.ts';
import { t, type Locale } from '../../../src/modules/i18n.ts';
import { whoIs } from '../people.ts';
import { pagesFor } from '../pages.ts';
import { sendReplies } from '../replies.ts';
import type { SlackContext } from './context.ts';
import { downloadFile } from '../http.ts';
import { log } from '../../../src/log.ts';

export interface AudioFile {
  id?: string;
  user?: string;
  vtt?: string;
  transcription?: { status?: string; preview?: { content?: string; has_more?: boolean } };
}

/** WebVTT transcripts are small text; a longer one is not a voice clip's. */
const MAX_VTT_BYTES = 512 * 1024;
/** When `file_change` does not come (the event is not subscribed, or went to a dead instance), the instance
 * that saw the clip looks again after these waits, then says plainly that no transcript came. */
const LOOK_AGAIN_MS = [15_000, 45_000, 120_000];

type Transcript = { kind: 'said'; text: string } | { kind: 'pending' } | { kind: 'none' };

/** What the clip says, as far as Slack has transcribed it. */
export async function transcriptOf(ctx: SlackContext, f: AudioFile): Promise<Transcript> {
  const tr = f.transcription;
  const status = tr?.status ?? (tr?.preview?.content === undefined ? 'none' : 'complete');
  if (status === 'processing') return { kind: 'pending' };
  if (status !== 'complete') return { kind: 'none' };
  const preview = tr?.preview?.content?.trim() ?? '';
  if (tr?.preview?.has_more !== true)
    return preview === '' ? { kind: 'none' } : { kind: 'said', text: preview };
  const full = f.vtt === undefined ? null : await readVtt(ctx, f.vtt);
  return full === null || full === '' ? { kind: 'none' } : { kind: 'said', text: full };
}

/** The text of a WebVTT file: the cues' lines, without the header, cue ids, timings and voice tags. */
export function vttText(vtt: string): string {
  const lines: string[] = [];
  for (const block of vtt.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const rows = block.split('\n');
    const timing = rows.findIndex((r) => r.includes('-->'));
    if (timing < 0) continue; // WEBVTT header, NOTE, STYLE
    for (const row of rows.slice(timing + 1)) {
      const text = row.replace(/<[^>\n]{0,200}>/g, '').trim();
      if (text !== '') lines.push(text);
    }
  }
  return lines.join(' ');
}

async function readVtt(ctx: SlackContext, url: string): Promise<string | null> {
  if (!ctx.fileHostAllowed(url)) return null;
  try {
    // The one Slack file client: a timeout, and the download stops at MAX_VTT_BYTES instead of reading it all.
    return vttText(new TextDecoder().decode(await downloadFile(url, ctx.botToken, MAX_VTT_BYTES)));
  } catch (err) {
    log({ platform: 'slack' }).error({ err }, 'slack: reading a voice clip’s transcript failed');
    return null;
  }
}

/**
 * A clip shared in the bot's DM. Acted on now when its transcript is complete; otherwise the rep is told it
 * is being transcribed, and the clip is acted on when the transcript arrives (`file_change`, or a later look).
 */
export async function onClip(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
  actor: Person | null,
  f: AudioFile,
): Promise<void> {
  const tr = await transcriptOf(ctx, f);
  if (tr.kind !== 'pending' || f.id === undefined) {
    await act(ctx, client, userId, actor, f.id, tr);
    return;
  }
  const locale = await localeFor(ctx.chat, actor);
  await firstTimeSeen(ctx.chat, 'slack', `clip-pending:${f.id}`);
  await sendReplies({ client, userId }, [
    { mode: 'ephemeral', card: { title: t(locale, 'voice.pending'), level: 'info' } },
  ]);
  lookAgain(ctx, client, f.id, 0);
}

/** `file_change`: a clip that was being transcribed may be complete now. Any instance may get the event. */
export async function onFileChange(ctx: SlackContext, client: WebClient, fileId: string): Promise<void> {
  if (!(await seenBefore(ctx.chat, 'slack', `clip-pending:${fileId}`))) return;
  if (await seenBefore(ctx.chat, 'slack', `clip:${fileId}`)) return;
  await settle(ctx, client, fileId, false);
}

function lookAgain(ctx: SlackContext, client: WebClient, fileId: string, step: number): void {
  const wait = LOOK_AGAIN_MS[step];
  if (wait === undefined) return;
  const timer = setTimeout(() => {
    const last = step === LOOK_AGAIN_MS.length - 1;
    settle(ctx, client, fileId, last)
      .then((done) => {
        if (!done) lookAgain(ctx, client, fileId, step + 1);
      })
      .catch((err: unknown) =>
        log({ platform: 'slack' }).error({ err }, 'slack: looking at a voice clip again failed'),
      );
  }, wait);
  timer.unref();
}

/** Reads the clip again; acts when its transcript is there (or, when `giveUp`, says none came). */
async function settle(
  ctx: SlackContext,
  client: WebClient,
  fileId: string,
  giveUp: boolean,
): Promise<boolean> {
  if (await seenBefore(ctx.chat, 'slack', `clip:${fileId}`)) return true;
  const info = await client.files.info({ file: fileId }).catch(() => undefined);
  const f = info?.file;
  if (f === undefined || f.user === undefined) return giveUp;
  const tr = await transcriptOf(ctx, f);
  if (tr.kind === 'pending' && !giveUp) return false;
  const actor = await whoIs(ctx.chat, client, f.user);
  await act(ctx, client, f.user, actor, fileId, tr.kind === 'pending' ? { kind: 'none' } : tr);
  return true;
}

async function act(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
  actor: Person | null,
  fileId: string | undefined,
  tr: Transcript,
): Promise<void> {
  if (fileId !== undefined && !(await firstTimeSeen(ctx.chat, 'slack', `clip:${fileId}`))) return;
  const replies: Reply[] =
    tr.kind === 'said'
      ? await handleInbound(ctx.chat, actor, { kind: 'spoken', text: tr.text })
      : [
          {
            mode: 'ephemeral',
            card: { title: t(await localeFor(ctx.chat, actor), 'voice.noSlackTranscript'), level: 'yellow' },
          },
        ];
  // A clip's event has no trigger_id for a modal: the ticks open as the phone page (pages.ts) or, without the
  // pages, from a button whose click brings one.
  const pages = await pagesFor(ctx.chat, ctx.forms, actor, replies);
  const locale = await localeFor(ctx.chat, actor);
  const shown = pages === undefined ? replies.map((r) => withOpenButton(r, locale)) : replies;
  await sendReplies({ client, userId, ...(pages === undefined ? {} : { pages }) }, shown);
}

/** The ticks card with a button that opens its form (ACTIONS.reportSpoken, the items as its value). */
export function withOpenButton(reply: Reply, locale: Locale): Reply {
  const form = reply.mode === 'open_form' ? reply.card.form : undefined;
  if (form?.id !== FORMS.reportSpoken || form.context === undefined) return reply;
  const { form: _form, ...card } = reply.card;
  const open = {
    id: ACTIONS.reportSpoken,
    label: t(locale, 'mform.open'),
    value: form.context,
    style: 'primary' as const,
  };
  return { mode: 'ephemeral', card: { ...card, actions: [...(card.actions ?? []), open] } };
}
