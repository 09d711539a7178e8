// Slack's file transfers outside the Web API client: the bytes of a file a person shared (url_private, with the
// bot token: https://docs.slack.dev/messaging/working-with-files#authenticating) and the bytes of a file we share
// (the upload_url of files.getUploadURLExternal). One axios instance, a timeout on every call, failures as
// SlackFileError with the HTTP status when there was one.
import axios, { AxiosError } from 'axios';
import { CodedError } from '../../src/kernel/errors.ts';

/** A transfer may take this long at most (a 20 MB file on a slow line), well within the outbox's 60 s lease. */
export const FILE_TIMEOUT_MS = 30_000;

export type SlackFileErrorCode = 'HTTP' | 'NETWORK' | 'TOO_BIG';

export class SlackFileError extends CodedError<SlackFileErrorCode> {
  constructor(
    code: SlackFileErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(code, message);
  }
}

const files = axios.create({ timeout: FILE_TIMEOUT_MS });

function toFileError(what: string, err: unknown): SlackFileError {
  if (err instanceof SlackFileError) return err;
  if (err instanceof AxiosError) {
    if (err.response !== undefined)
      return new SlackFileError('HTTP', `slack ${what}: HTTP ${err.response.status}`, err.response.status);
    if (/maxContentLength/i.test(err.message))
      return new SlackFileError('TOO_BIG', `slack ${what}: ${err.message}`);
    return new SlackFileError('NETWORK', `slack ${what}: ${err.code ?? ''} ${err.message}`.trim());
  }
  return new SlackFileError('NETWORK', `slack ${what}: ${(err as Error).message}`);
}

/** A shared file's bytes, fetched with the bot token; TOO_BIG past `maxBytes` (the download stops there). */
export async function downloadFile(url: string, token: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const res = await files.get<ArrayBuffer>(url, {
      headers: { authorization: `Bearer ${token}` },
      responseType: 'arraybuffer',
      maxContentLength: maxBytes,
      signal: AbortSignal.timeout(FILE_TIMEOUT_MS),
    });
    const bytes = new Uint8Array(res.data);
    if (bytes.byteLength > maxBytes)
      throw new SlackFileError('TOO_BIG', `slack file download: over ${maxBytes} bytes`);
    return bytes;
  } catch (err) {
    throw toFileError('file download', err);
  }
}

/** POSTs a file's bytes to the upload_url Slack gave for it. */
export async function uploadBytes(uploadUrl: string, bytes: Uint8Array): Promise<void> {
  try {
    await files.post(uploadUrl, Buffer.from(bytes), {
      headers: { 'content-type': 'application/octet-stream' },
      maxBodyLength: Infinity,
      signal: AbortSignal.timeout(FILE_TIMEOUT_MS),
    });
  } catch (err) {
    throw toFileError('file upload', err);
  }
}
