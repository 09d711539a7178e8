// What a messenger's `leadline doctor` probe returns: one line per check, as catalog keys (src/modules/org/
// i18n-doctor.ts) so the command prints them in the admin's language. The probes read the platform only; what the
// database knows (team chats) is handed to them by the command.
import axios from 'axios';
import type { MessageVars } from '../src/kernel/i18n.ts';
import type { doctorEn } from '../src/modules/org/i18n-doctor.ts';

export type DoctorKey = keyof typeof doctorEn;

/** ok ✓; warn ! (works, with a limit worth knowing); fail ✗ (exit 1). */
export type DoctorStatus = 'ok' | 'warn' | 'fail';

export interface DoctorLine {
  status: DoctorStatus;
  say: DoctorKey;
  /** What to do, for warn and fail. */
  fix?: DoctorKey;
  vars?: MessageVars;
}

export const PROBE_TIMEOUT_MS = 8000;

/** An error in a few words: the platform's code and message when the error carries them. */
export function errorText(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; data?: { error?: unknown } };
  if (typeof e.data?.error === 'string') return e.data.error;
  return typeof e.message === 'string' ? e.message : String(err);
}

/**
 * One request to this server's own public URL, as the platform would make it: the status and body, or why there
 * was no answer. Redirects are not followed (the platforms do not follow them either).
 */
export async function probeUrl(request: {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; body: string } | { error: string }> {
  try {
    const res = await axios.request<string>({
      method: request.method,
      url: request.url,
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(request.body === undefined ? {} : { data: request.body }),
      timeout: PROBE_TIMEOUT_MS,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: (x: unknown) => x,
      validateStatus: () => true,
    });
    return { status: res.status, body: typeof res.data === 'string' ? res.data : '' };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    return { error: [e.code, e.message].filter((x) => typeof x === 'string').join(' ') };
  }
}

/** `${publicUrl}${path}` without a doubled slash. */
export function publicRoute(publicUrl: string, path: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${path}`;
}
