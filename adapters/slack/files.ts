// A card's PNG and file, shared into a Slack conversation with the external upload flow
// (https://docs.slack.dev/reference/methods/files.getUploadURLExternal): files.getUploadURLExternal → POST the
// bytes to the upload_url it gives → files.completeUploadExternal with channel_id and an initial_comment.
// (files.upload is retired.) Blocks cannot go with an initial_comment, so the card's buttons follow as a message.
import type { WebClient } from '@slack/web-api';
import type { Card } from '../../src/kernel/card.ts';
import { uploadBytes } from './http.ts';

export interface SlackUpload {
  filename: string;
  title: string;
  bytes: Uint8Array;
  altText?: string;
  comment: string;
}

/** What a card uploads: its chart (commented with title and reading) and its file (commented with its body). */
export function cardUploads(card: Card): SlackUpload[] {
  const out: SlackUpload[] = [];
  // Empty bytes: a card from the outbox whose chart was too big to keep inline (card-json.ts).
  if (card.image !== undefined && card.image.png.length > 0)
    out.push({
      filename: 'chart.png',
      title: card.title,
      bytes: card.image.png,
      altText: card.image.alt,
      comment: [`*${card.title}*`, card.image.reading].filter(Boolean).join('\n'),
    });
  if (card.file !== undefined && card.file.bytes.length > 0)
    out.push({
      filename: card.file.name,
      title: card.file.name,
      bytes: card.file.bytes,
      comment: card.body ?? '',
    });
  return out;
}

/** Uploads one file into `channel` (a channel id or an opened DM); returns Slack's file id. */
export async function uploadFile(client: WebClient, channel: string, upload: SlackUpload): Promise<string> {
  const target = await client.files.getUploadURLExternal({
    filename: upload.filename,
    length: upload.bytes.length,
    ...(upload.altText === undefined ? {} : { alt_text: upload.altText }),
  });
  if (target.upload_url === undefined || target.file_id === undefined)
    throw new Error('slack files.getUploadURLExternal gave no upload_url');
  await uploadBytes(target.upload_url, upload.bytes);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: upload.title }],
    channel_id: channel,
    ...(upload.comment === '' ? {} : { initial_comment: upload.comment }),
  });
  return target.file_id;
}

export async function shareCardFiles(client: WebClient, channel: string, card: Card): Promise<void> {
  for (const upload of cardUploads(card)) await uploadFile(client, channel, upload);
}
