// Who may use the playground (issue 22, finding 1). It has no login and shows every person's chat, so with a
// real organisation it is off unless PLAYGROUND=on, and then it answers this machine only (loopback, no proxy in
// between) unless PLAYGROUND_REMOTE=on. Either way the Host header must name this server: a page elsewhere that
// points its own name at 127.0.0.1 (DNS rebinding) is refused.
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';

export interface PlaygroundSettings {
  /** PLAYGROUND: 'on', 'off', or null (unset: on for the demo organisation only). */
  playground: 'on' | 'off' | null;
  /** PLAYGROUND_REMOTE=on: a real organisation's playground answers other machines too. */
  playgroundRemote: boolean;
  publicUrl: string | null;
}

export type PlaygroundAccess =
  | { on: false }
  /** The demo organisation: made-up people and leads, open to whoever reaches the server. */
  | { on: true; guarded: false }
  | { on: true; guarded: true; remote: boolean; hosts: ReadonlySet<string> };

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

export function playgroundAccess(settings: PlaygroundSettings, demo: boolean): PlaygroundAccess {
  const on = settings.playground === null ? demo : settings.playground === 'on';
  if (!on) return { on: false };
  if (demo) return { on: true, guarded: false };
  const hosts = new Set(LOCAL_HOSTS);
  if (settings.playgroundRemote && settings.publicUrl !== null)
    hosts.add(new URL(settings.publicUrl).hostname.toLowerCase());
  return { on: true, guarded: true, remote: settings.playgroundRemote, hosts };
}

/** The host name of a Host header (`localhost:3000` → `localhost`, `[::1]:3000` → `[::1]`), lower case. */
function hostName(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  const colon = h.indexOf(':');
  return colon === -1 ? h : h.slice(0, colon);
}

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

export interface ClientRequest {
  remoteAddress: string | undefined;
  headers: IncomingHttpHeaders;
}

/** Why this request may not use the playground, or null when it may. */
export function playgroundRefusal(
  access: PlaygroundAccess,
  request: ClientRequest,
): 'OFF' | 'NOT_LOCAL' | 'BAD_HOST' | null {
  if (!access.on) return 'OFF';
  if (!access.guarded) return null;
  // A reverse proxy on this machine connects from loopback: what it forwards comes from elsewhere.
  const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (!access.remote && (proxied || !isLoopback(request.remoteAddress))) return 'NOT_LOCAL';
  if (!access.hosts.has(hostName(request.headers.host ?? ''))) return 'BAD_HOST';
  return null;
}

/** Express middleware in front of every playground route. */
export function playgroundGuard(access: PlaygroundAccess): RequestHandler {
  return (req, res, next) => {
    const refusal = playgroundRefusal(access, {
      remoteAddress: req.socket.remoteAddress,
      headers: req.headers,
    });
    if (refusal === null) {
      next();
      return;
    }
    res.status(refusal === 'OFF' ? 404 : 403).json({
      error: refusal === 'BAD_HOST' ? 'playground_bad_host' : 'playground_local_only',
      message:
        refusal === 'BAD_HOST'
          ? 'The playground answers only under localhost, 127.0.0.1, [::1] or PUBLIC_URL’s host.'
          : 'The playground of a real organisation answers only on this machine (PLAYGROUND_REMOTE=on opens it).',
    });
  };
}
