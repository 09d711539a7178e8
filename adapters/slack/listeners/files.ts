import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { handleInbound, localeFor, refuseFileEarly } from '../../../src/conversation/conversation.ts';
import { firstTimeSeen, seenBefore } from '../../../src/conversation/inbound-once.ts';
import type { Reply } from '../../../src/kernel/card.ts';
import type { Person } from '../../../src/kernel/types.ts';
import { t, type Locale } from '../../../src/modules/i18n.ts';
import { downloadFile, SlackFileError } from '../http.ts';
import { whoIs } from '../people.ts';
import { sendReplies } from '../replies.ts';
import type { SlackContext } from './context.ts';
import { onClip, onFileChange, type AudioFile } from './voice.ts';
import { log } from '../../../src/log.ts';

/** Evidence files are refused above this size before they are downloaded. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface SharedFile {
  id?: string;
  name?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  subtype?: string;
  /** Slack Connect: a file shared from another workspace arrives as a stub to look up with files.info
   * (https://docs.slack.dev/reference/events/message/file_share, "Slack Connect files": `file_access:
   * "check_file_info"`). */
  file_access?: string;
  /** Audio clips: Slack's own transcript (voice.ts). */
  transcription?: AudioFile['transcription'];
  vtt?: string;
}

/** An audio clip (recorded in Slack, or any audio file). */
const isAudio = (f: SharedFile) => f.subtype === 'slack_audio' || (f.mimetype ?? '').startsWith('audio/');

/** What became of one shared file before anything acts on it. */
type Fetched =
  | { kind: 'audio'; file: SharedFile }
  | { kind: 'bytes'; file: SharedFile; bytes: Uint8Array }
  | { kind: 'refused'; key: 'file.tooBig' | 'file.unreadable'; name: string }
  | { kind: 'failed'; name: string };

/**
 * Audio clips are read by their transcript (F28: a spoken summary), never downloaded.
 * Files sent to the bot in its DM, with `evidence D12 [item]` as the message text (F11): each is downloaded
 * with the bot token and handed to the chat layer; one we cannot read (too big, no URL, a Slack Connect file
 * closed to apps) gets a plain answer. Slack redelivers events it saw no 2xx for: a file message acts once across
 * instances (inbound_events), and is recorded only once its downloads succeeded, so a failed one can come again.
 */
export function registerFiles(app: App, ctx: SlackContext): void {
  app.event('message', async ({ event, client }) => {
    const e = event as unknown as {
      subtype?: string;
      channel_type?: string;
      channel: string;
      ts: string;
      user?: string;
      text?: string;
      files?: SharedFile[];
    };
    if (e.subtype !== 'file_share' || e.channel_type !== 'im' || e.user === undefined) return;
    const key = `file:${e.channel}:${e.ts}`;
    if (await seenBefore(ctx.chat, 'slack', key)) return;
    const actor = await whoIs(ctx.chat, client, e.user);
    const locale = await localeFor(ctx.chat, actor);
    // Someone else's deal, or one that does not exist: say so without downloading anything.
    const early = await refuseFileEarly(ctx.chat, actor, e.text ?? '');
    if (early !== null) {
      if (await firstTimeSeen(ctx.chat, 'slack', key)) await sendReplies({ client, userId: e.user }, early);
      return;
    }
    const fetched: Fetched[] = [];
    for (const f of e.files ?? []) fetched.push(await fetchFile(ctx, client, f));
    const failed = fetched.filter((f) => f.kind === 'failed');
    if (failed.length > 0) {
      // Not recorded: the person (or Slack's redelivery) sends it again and it is read then.
      await sendReplies(
        { client, userId: e.user },
        failed.map((f) => notice(t(locale, 'file.downloadFailed', { name: f.name }))),
      );
      return;
    }
    if (!(await firstTimeSeen(ctx.chat, 'slack', key))) return;
    for (const f of fetched) await act(ctx, client, e.user, actor, locale, e.text ?? '', f);
  });
  // A voice clip's transcript finished after the clip was shared (voice.ts).
  app.event('file_change', async ({ event, client }) => {
    await onFileChange(ctx, client, event.file_id);
  });
}

async function act(
  ctx: SlackContext,
  client: WebClient,
  userId: string,
  actor: Person | null,
  locale: Locale,
  text: string,
  f: Fetched,
): Promise<void> {
  let replies: Reply[];
  if (f.kind === 'audio') {
    // Never downloaded: Slack's transcript is what the rep said (a command, or the day's report summary).
    await onClip(ctx, client, userId, actor, f.file);
    return;
  } else if (f.kind === 'bytes') {
    const { file, bytes } = f;
    replies = await handleInbound(ctx.chat, actor, {
      kind: 'file',
      text,
      file: {
        name: file.name ?? 'file',
        bytes,
        ...(file.mimetype === undefined ? {} : { mime: file.mimetype }),
      },
    });
  } else if (f.kind === 'refused') {
    replies = [notice(t(locale, f.key, { name: f.name, mb: MAX_FILE_BYTES / 1024 / 1024 }))];
  } else return;
  await sendReplies({ client, userId }, replies);
}

const notice = (title: string): Reply => ({ mode: 'ephemeral', card: { title, level: 'yellow' } });

/** A shared file, looked up (Slack Connect stubs) and downloaded; what cannot be read says why. */
async function fetchFile(ctx: SlackContext, client: WebClient, shared: SharedFile): Promise<Fetched> {
  let f = shared;
  if (f.file_access === 'check_file_info') {
    const info =
      f.id === undefined ? undefined : await client.files.info({ file: f.id }).catch(() => undefined);
    if (info?.file === undefined) return { kind: 'refused', key: 'file.unreadable', name: f.name ?? 'file' };
    f = info.file;
  }
  if (isAudio(f)) return { kind: 'audio', file: f };
  const name = f.name ?? 'file';
  if ((f.size ?? 0) > MAX_FILE_BYTES) return { kind: 'refused', key: 'file.tooBig', name };
  const url = f.url_private_download ?? f.url_private;
  if (url === undefined || !ctx.fileHostAllowed(url))
    return { kind: 'refused', key: 'file.unreadable', name };
  try {
    return { kind: 'bytes', file: f, bytes: await downloadFile(url, ctx.botToken, MAX_FILE_BYTES) };
  } catch (err) {
    if (err instanceof SlackFileError && err.code === 'TOO_BIG')
      return { kind: 'refused', key: 'file.tooBig', name };
    log({ platform: 'slack' }).error({ err }, `slack: downloading ${name} failed`);
    return { kind: 'failed', name };
  }
}
