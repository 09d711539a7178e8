// The server's one logger (issue 22, item 18): pino, one JSON object a line by default (LOG_FORMAT=pretty: plain
// text for a person at a terminal), level from LOG_LEVEL (default info). Fields known for the work at hand (the
// request id, the platform, the person) ride along through AsyncLocalStorage, so a line logged deep inside an
// adapter or a use case still says which request it belongs to. Nothing secret is written: known secret fields
// are redacted, and every string (messages, error messages and stacks, field values) is scrubbed of tokens,
// signatures and passwords before it is written.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const CENSOR = '[redacted]';

/** Fields whose value is a secret wherever they appear (censored at any depth, whatever the case). */
const SECRET_KEYS = [
  'authorization',
  'cookie',
  'token',
  'accessToken',
  'access_token',
  'secret',
  'password',
  'signature',
  'sign',
  'msg_signature',
  'apiKey',
  'x-slack-signature',
  'x-api-key',
  'databaseUrl',
];

/** Secrets that can hide in free text: URLs with passwords or tokens, bearer credentials, Slack tokens. */
const SCRUBS: ReadonlyArray<[RegExp, string]> = [
  // postgres://user:password@host → postgres://user:***@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s/]+@/gi, '$1***@'],
  // ?access_token=…, &secret=…, &password=… in a query string or a form body
  [
    /\b(access_token|accessToken|token|secret|corpsecret|appsecret|appSecret|client_secret|password|signature|msg_signature|sign|api_key|apikey|key)=([^&\s"']+)/g,
    '$1=***',
  ],
  // "token": "…" in JSON
  [
    /("(?:access_token|accessToken|token|secret|appSecret|password|signature|sign|authorization|apiKey)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
    '$1***"',
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ***'],
  [/\bxox[a-z]-[A-Za-z0-9-]+/g, 'xox?-***'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-***'],
  // Slack's request signature: v0=<64 hex>
  [/\bv0=[0-9a-f]{16,}/gi, 'v0=***'],
  // Leadline API keys (ll_…)
  [/\bll_[A-Za-z0-9_-]{8,}/g, 'll_***'],
];

/** The text with every secret we know the shape of replaced by `***`. */
export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SCRUBS) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_KEY_SET = new Set(SECRET_KEYS.map((k) => k.toLowerCase()));

/** A copy of `value` with strings scrubbed and secret keys censored, at most a few levels deep. */
function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 5) return '[…]';
  if (value instanceof Error) return serializeError(value, depth);
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    out[k] = SECRET_KEY_SET.has(k.toLowerCase()) ? CENSOR : clean(v, depth + 1);
  return out;
}

/**
 * An error as logged: its type, message, code, HTTP status and stack, scrubbed. Never the request or response
 * an HTTP client hangs on it (axios: `config.headers.Authorization`, the URL with `access_token`, the body).
 */
function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return clean(err, depth + 1);
  const e = err as Error & {
    code?: unknown;
    status?: unknown;
    response?: { status?: unknown };
    cause?: unknown;
  };
  const out: Record<string, unknown> = { type: e.name, message: scrub(e.message) };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  const status = typeof e.status === 'number' ? e.status : e.response?.status;
  if (typeof status === 'number') out.status = status;
  if (e.stack !== undefined) out.stack = scrub(e.stack);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** LOG_FORMAT=pretty: `12:00:00.000 INFO  message key=value …`, one line per entry. */
function prettyStream(out: NodeJS.WritableStream): DestinationStream {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line === '') continue;
        out.write(`${prettyLine(line)}\n`);
      }
      done();
    },
  });
}

function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, err, ...rest } = entry;
  const when = typeof time === 'string' ? time.slice(11, 23) : '';
  const head = `${when} ${String(level).toUpperCase().padEnd(5)} ${typeof msg === 'string' ? msg : ''}`;
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  const error = err as { stack?: string; message?: string } | undefined;
  const tail =
    error === undefined ? '' : `\n    ${(error.stack ?? error.message ?? '').split('\n').join('\n    ')}`;
  return `${head}${fields === '' ? '' : ` ${fields}`}${tail}`;
}

export interface LoggerOptions {
  level?: string;
  format?: LogFormat;
  /** Where lines go: stdout by default (tests pass a stream to read them). */
  destination?: NodeJS.WritableStream;
  /**
   * JSON lines to stdout written asynchronously (pino's sonic-boom with `sync: false`): a line costs a copy into
   * a buffer, not a write(2) on the event loop, and a slow reader of the pipe no longer blocks the server. Pino
   * flushes the buffer synchronously when the process exits (exit, uncaught exception, SIGINT/SIGTERM), so lines
   * are lost only if the machine itself stops. The server uses it; the CLI keeps synchronous lines, in order
   * with what it prints. https://github.com/pinojs/pino/blob/main/docs/asynchronous.md
   */
  async?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level !== undefined && LEVELS.has(options.level) ? options.level : 'info';
  const out = options.destination ?? process.stdout;
  const destination =
    options.format === 'pretty'
      ? prettyStream(out)
      : options.async === true && options.destination === undefined
        ? pino.destination({ dest: 1, sync: false })
        : (out as DestinationStream);
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: (e: unknown) => serializeError(e) },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => clean(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as typeof args;
          method.apply(this, cleaned);
        },
      },
    },
    destination,
  );
}

/** From the environment: LOG_LEVEL (default info), LOG_FORMAT (json or pretty; unset: pretty for a person at a
 * terminal, JSON when the output goes to a file, a pipe or a log shipper). */
export function loggerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  terminal: boolean = process.stdout.isTTY === true,
  /** JSON lines written asynchronously (the server; see LoggerOptions.async). */
  async = false,
): Logger {
  const level = (env.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const format = logFormatOf(env, terminal);
  return createLogger({ level, format, async });
}

/** LOG_FORMAT when it says json or pretty; otherwise pretty at a terminal and JSON elsewhere. */
export function logFormatOf(env: NodeJS.ProcessEnv, terminal: boolean): LogFormat {
  const asked = (env.LOG_FORMAT ?? '').trim().toLowerCase();
  return asked === 'pretty' || (asked !== 'json' && terminal) ? 'pretty' : 'json';
}

let root: Logger | undefined;
const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Replaces the process's logger (tests: one writing to a stream they read); returns the one it replaced. */
export function setLogger(logger: Logger): Logger {
  const previous = getRoot();
  root = logger;
  return previous;
}

/** The process's logger, without the fields of the work at hand. */
export function getRoot(): Logger {
  root ??= loggerFromEnv();
  return root;
}

/**
 * The logger for the work at hand: carries the request id, platform and person when they are known, and
 * `fields` (which win over the work's own, so a field is never written twice on one line).
 */
export function log(fields?: Record<string, unknown>): Logger {
  const all = { ...context.getStore(), ...fields };
  const logger = getRoot();
  return Object.keys(all).length === 0 ? logger : logger.child(all);
}

/** Runs `fn` with these fields on every line logged inside it (and in whatever it starts). */
export function withLogFields<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/** Adds fields to the work at hand (the person once an inbound message is matched to one); none outside it. */
export function addLogFields(fields: Record<string, unknown>): void {
  const store = context.getStore();
  if (store !== undefined) Object.assign(store, fields);
}

/** The fields of the work at hand, live (they grow as addLogFields learns more), or undefined outside one. */
export function currentLogFields(): Readonly<Record<string, unknown>> | undefined {
  return context.getStore();
}
