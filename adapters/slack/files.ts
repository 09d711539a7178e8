// A card's PNG and file, shared into a Slack conversation with the external upload flow
// (https://docs.slack.dev/reference/methods/files.getUploadURLExternal): files.getUploadURLExternal → POST the
// bytes to the upload_url it gives → files.completeUploadExternal with channel_id and an initial_comment.
// (files.upload is retired.) Blocks cannot go with an initial_comment, so the card's buttons follow as a message.
import type { WebClient } from '@slack/web-api';
import type { Card } from '../../src/kernel/card.ts';
import { exportFiles } from '../../src/modules/analytics/charts/export-files.ts';
import { uploadBytes } from './http.ts';

export interface SlackUploadFile {
  filename: string;
  title: string;
  bytes: Uint8Array;
  altText?: string;
}

/** One share: its files (one message in the conversation) and the comment above them. */
export interface SlackUpload {
  files: SlackUploadFile[];
  comment: string;
}

/**
 * What a card uploads: its chart (commented with title and reading), then its file; a table's CSV goes with its
 * Excel workbook in one share (completeUploadExternal takes several files at once), so a manager picks either.
 */
export async function cardUploads(card: Card): Promise<SlackUpload[]> {
  const out: SlackUpload[] = [];
  // Empty bytes: a card from the outbox whose chart was too big to keep inline (card-json.ts).
  if (card.image !== undefined && card.image.png.length > 0)
    out.push({
      files: [{ filename: 'chart.png', title: card.title, bytes: card.image.png, altText: card.image.alt }],
      comment: [`*${card.title}*`, card.image.reading].filter(Boolean).join('\n'),
    });
  const files = card.file === undefined ? [] : await exportFiles(card.file);
  if (files.length > 0)
    out.push({
      files: files.map((f) => ({ filename: f.name, title: f.name, bytes: f.bytes })),
      comment: card.body ?? '',
    });
  return out;
}

/**
 * Shares one upload's files into `channel` (a channel id or an opened DM); returns Slack's file ids. Each file
 * gets its own upload_url (getUploadURLExternal takes `filename` and `length`, both required), then one
 * completeUploadExternal shares them all with the comment.
 */
export async function uploadFile(client: WebClient, channel: string, upload: SlackUpload): Promise<string[]> {
  const done: Array<{ id: string; title: string }> = [];
  for (const file of upload.files) {
    const target = await client.files.getUploadURLExternal({
      filename: file.filename,
      length: file.bytes.length,
      ...(file.altText === undefined ? {} : { alt_text: file.altText }),
    });
    if (target.upload_url === undefined || target.file_id === undefined)
      throw new Error('slack files.getUploadURLExternal gave no upload_url');
    await uploadBytes(target.upload_url, file.bytes);
    done.push({ id: target.file_id, title: file.title });
  }
  await client.files.completeUploadExternal({
    files: done as [{ id: string; title: string }, ...Array<{ id: string; title: string }>],
    channel_id: channel,
    ...(upload.comment === '' ? {} : { initial_comment: upload.comment }),
  });
  return done.map((f) => f.id);
}

export async function shareCardFiles(client: WebClient, channel: string, card: Card): Promise<void> {
  for (const upload of await cardUploads(card)) await uploadFile(client, channel, upload);
}
