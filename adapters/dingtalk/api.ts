// DingTalk's open API (api.dingtalk.com/v1.0) for the adapter: JSON calls, media upload and the files people send
// the robot, all through the one axios client of http.ts (token, timeouts, DeliveryErrors).
import type { Readable } from 'node:stream';
import axios, { type AxiosResponse } from 'axios';
import { DeliveryError } from '../../src/conversation/delivery.ts';
import { dingtalkHttp, type DingtalkHttp } from './http.ts';

export { DEFAULT_API_BASE, DEFAULT_OAPI_BASE, toDeliveryError } from './http.ts';

export interface ApiOptions {
  clientId: string;
  clientSecret: string;
  /** DINGTALK_API_BASE: another API base (a local fake in tests). */
  apiBase?: string;
  /** Epoch ms, for the token's expiry. */
  clock: () => number;
  /** The old API host for media/upload; defaults to DINGTALK_API_BASE when that is set (a local fake serves both). */
  oapiBase?: string;
}

export interface DingtalkApi {
  call<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T>;
  /**
   * Uploads media (POST {oapi}/media/upload?access_token&type=image|file, multipart field `media`) and returns its
   * media_id (`@…`), which robot messages take: sampleImageMsg `photoURL`, sampleFile `mediaId`.
   */
  upload(type: 'image' | 'file', name: string, mime: string, bytes: Uint8Array): Promise<string>;
  /**
   * The bytes of a file a person sent the robot: POST /v1.0/robot/messageFiles/download {downloadCode, robotCode}
   * (https://open.dingtalk.com/document/orgapp/download-the-file-content-of-the-robot-receiving-message) gives a
   * short-lived downloadUrl, fetched without our token (fetchDownload).
   */
  downloadMessageFile(downloadCode: string, robotCode: string): Promise<DownloadedFile>;
  /** The API base in use (DINGTALK_API_BASE or DingTalk's), without a trailing slash. */
  readonly base: string;
  /** The client underneath (the Stream gateway call shares its timeouts). */
  readonly http: DingtalkHttp;
}

export interface DownloadedFile {
  bytes: Uint8Array;
  /** The Content-Type the download answered with, when it named one. */
  mime?: string;
}

/** Files people send are refused above this size (the same limit as Slack evidence files). */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

export function dingtalkApi(options: ApiOptions): DingtalkApi {
  const http = dingtalkHttp(options);
  const overridden = options.apiBase !== undefined && options.apiBase !== '';
  const api: DingtalkApi = {
    base: http.base,
    http,
    async call<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
      const res = await http.api.request<T>({ method, url: path, data: body });
      return res.data;
    },
    async upload(type, name, mime, bytes) {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)], { type: mime }), name);
      const res = await http.oapi.post<{ media_id?: unknown }>('/media/upload', form, { params: { type } });
      if (typeof res.data.media_id !== 'string')
        throw new DeliveryError('dingtalk media/upload: no media_id in the answer', { permanent: true });
      return res.data.media_id;
    },
    async downloadMessageFile(downloadCode, robotCode) {
      const answer = await api.call<{ downloadUrl?: unknown }>('POST', '/v1.0/robot/messageFiles/download', {
        downloadCode,
        robotCode,
      });
      if (typeof answer.downloadUrl !== 'string')
        throw new DeliveryError('dingtalk messageFiles/download gave no downloadUrl', { permanent: true });
      return fetchDownload(answer.downloadUrl, overridden ? http.base : null);
    },
  };
  return api;
}

/**
 * Fetches a downloadUrl. It is a pre-signed link on DingTalk's storage, so it gets no token and no cookie; it
 * must be https (a local API base, in tests and staging, may also hand out links on its own origin), redirects
 * are refused rather than followed to wherever they point, and the body stops at MAX_DOWNLOAD_BYTES.
 */
export async function fetchDownload(url: string, localBase: string | null): Promise<DownloadedFile> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DeliveryError('dingtalk downloadUrl is not a URL', { permanent: true });
  }
  const sameAsLocalBase = localBase !== null && parsed.origin === new URL(localBase).origin;
  if (parsed.protocol !== 'https:' && !sameAsLocalBase)
    throw new DeliveryError(`dingtalk downloadUrl on ${parsed.protocol}//${parsed.host} refused`, {
      permanent: true,
    });
  let res: AxiosResponse<Readable>;
  try {
    // No token, no cookie, no redirect followed; a plain axios (not http.ts's client, which adds our token).
    res = await axios.get<Readable>(parsed.toString(), {
      responseType: 'stream',
      maxRedirects: 0,
      timeout: DOWNLOAD_TIMEOUT_MS,
      validateStatus: () => true,
    });
  } catch (err) {
    throw new DeliveryError(`dingtalk file download: ${(err as Error).message}`);
  }
  if (res.status < 200 || res.status >= 300) {
    res.data.destroy();
    throw new DeliveryError(`dingtalk file download: HTTP ${res.status}`, {
      permanent: res.status >= 300 && res.status < 400,
    });
  }
  if (Number(res.headers['content-length'] ?? 0) > MAX_DOWNLOAD_BYTES) {
    res.data.destroy();
    throw new DeliveryError('dingtalk file is over 20 MB', { permanent: true });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res.data) {
      const b = chunk as Buffer;
      size += b.byteLength;
      if (size > MAX_DOWNLOAD_BYTES) {
        res.data.destroy();
        throw new DeliveryError('dingtalk file is over 20 MB', { permanent: true });
      }
      chunks.push(b);
    }
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    throw new DeliveryError(`dingtalk file download: ${(err as Error).message}`);
  }
  const bytes = new Uint8Array(Buffer.concat(chunks));
  const type = res.headers['content-type'] as unknown;
  const mime = typeof type === 'string' ? type.split(';')[0]?.trim() : undefined;
  return { bytes, ...(mime === undefined || mime === '' ? {} : { mime }) };
}
