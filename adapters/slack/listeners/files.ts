import type { App } from '@slack/bolt';
import { handleInbound } from '../../../src/conversation/conversation.ts';
import { firstTimeSeen } from '../../../src/conversation/inbound-once.ts';
import { whoIs } from '../people.ts';
import { sendReplies } from '../replies.ts';
import type { SlackContext } from './context.ts';

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
  /** Audio clips: Slack's own transcript (its preview holds the text once Slack has made it). */
  transcription?: { status?: string; preview?: { content?: string } };
}

/** An audio clip (recorded in Slack, or any audio file). */
const isAudio = (f: SharedFile) => f.subtype === 'slack_audio' || (f.mimetype ?? '').startsWith('audio/');

/**
 * Audio clips are read by their transcript (F28: a spoken summary), never downloaded.
 * Files sent to the bot in its DM, with `evidence D12 [item]` as the message text (F11): each is downloaded
 * with the bot token and handed to the chat layer. Slack redelivers events it saw no 2xx for: a file message
 * acts once across instances (inbound_events).
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
    if (!(await firstTimeSeen(ctx.chat, 'slack', `file:${e.channel}:${e.ts}`))) return;
    const actor = await whoIs(ctx.chat, client, e.user);
    for (const f of e.files ?? []) {
      if (isAudio(f)) {
        // Never downloaded: Slack's transcript is what the rep said (a command, or the day's report summary).
        const said = f.transcription?.preview?.content?.trim() ?? '';
        const replies = await handleInbound(
          ctx.chat,
          actor,
          said === '' ? { kind: 'voice' } : { kind: 'spoken', text: said },
        );
        await sendReplies({ client, userId: e.user }, replies);
        continue;
      }
      const url = f.url_private_download ?? f.url_private;
      if (url === undefined || (f.size ?? 0) > MAX_FILE_BYTES || !ctx.fileHostAllowed(url)) continue;
      const bytes = await download(url, ctx.botToken);
      const replies = await handleInbound(ctx.chat, actor, {
        kind: 'file',
        text: e.text ?? '',
        file: { name: f.name ?? 'file', bytes, ...(f.mimetype === undefined ? {} : { mime: f.mimetype }) },
      });
      await sendReplies({ client, userId: e.user }, replies);
    }
  });
}

async function download(url: string, token: string): Promise<Uint8Array> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`Slack file download failed: HTTP ${res.status}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.byteLength > MAX_FILE_BYTES) throw new Error('Slack file is over 20 MB');
  return bytes;
}
