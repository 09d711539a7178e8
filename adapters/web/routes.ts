// The playground's JSON API (DESIGN "One command language"): the page is a thin client over it, and scripts
// may use it too. Each handler: validate the body, find the person, one chat-layer call, render the replies.
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  handleInbound,
  identify,
  localeFor,
  type ChatDeps,
  type Inbound,
} from '../../src/conversation/conversation.ts';
import { playgroundInbox } from '../../src/conversation/inbox.ts';
import type { Person } from '../../src/kernel/types.ts';
import { controlCharIn } from '../../src/kernel/control-chars.ts';
import { localeOf } from '../../src/kernel/i18n.ts';
import { toWireCard, toWireReplies } from './render.ts';
import type { FormLinks } from '../mobile-forms/index.ts';

export interface PlaygroundOptions {
  chat: ChatDeps;
  /** Signs the form pages the playground opens (issue 20: the same page as WeCom and DingTalk). */
  forms?: FormLinks;
  /** True when this is the demo organisation (first run): the page says so. */
  demo?: boolean;
}

/** Refuses control characters (issue 22, finding 11: NUL was a 500 on PostgreSQL); `multiline` allows \t \n \r. */
const noControl = (multiline: boolean) => (s: string) => controlCharIn(s, multiline) === null;
const CONTROL = { error: 'a control character is not allowed here' };

const personId = z
  .string({ error: 'expected the id of the person you are (see GET /playground/api/people)' })
  .trim()
  .min(1, 'expected the id of the person you are (see GET /playground/api/people)')
  .max(200, 'at most 200 characters')
  .refine(noControl(false), CONTROL);
/** Button values and form values arrive as text; numbers from a script are taken as their text. */
const text = (max: number) =>
  z
    .union([z.string(), z.number()], { error: 'expected text' })
    .transform(String)
    .pipe(z.string().max(max, `at most ${max} characters`).refine(noControl(true), CONTROL));

const sayBody = z.object({ as: personId, text: text(2000) });
const clickBody = z.object({
  as: personId,
  messageId: z.union([z.string(), z.number()], { error: 'expected a message id' }).optional(),
  actionId: z
    .string({ error: 'expected an action id such as lead.claim' })
    .min(1, 'expected an action id')
    .refine(noControl(false), CONTROL),
  value: text(500),
});
const submitBody = z.object({
  as: personId,
  formId: z
    .string({ error: 'expected a form id such as lead.new' })
    .min(1, 'expected a form id')
    .refine(noControl(false), CONTROL),
  values: z.record(z.string().refine(noControl(false), CONTROL), text(4000), {
    error: 'expected field: value pairs',
  }),
  context: z.string({ error: 'expected text' }).max(500).refine(noControl(false), CONTROL).optional(),
});
const inboxQuery = z.object({ as: personId });
/** A place picked on the page's map for a check-in (F28): map coordinates are GCJ-02 unless said otherwise. */
const locationBody = z.object({
  as: personId,
  lat: z.number({ error: 'expected a latitude' }).min(-90).max(90),
  lng: z.number({ error: 'expected a longitude' }).min(-180).max(180),
  datum: z.enum(['GCJ02', 'WGS84', 'BD09']).default('GCJ02'),
});
/** A file as the page sends it: its name and its bytes in base64, with the typed caption. */
const uploadBody = z.object({
  as: personId,
  text: text(2000),
  fileName: z
    .string({ error: 'expected the file name' })
    .trim()
    .min(1, 'expected the file name')
    .max(255)
    .refine(noControl(false), CONTROL),
  data: z.string({ error: 'expected the file as base64' }).min(1, 'expected the file as base64'),
});
const MAX_UPLOAD = '20mb';
const MAX_UPLOADS_AT_ONCE = 8;

function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: 'invalid_body',
    message: 'The request does not have the expected fields (see `problems`).',
    problems: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
  });
}

function unknownPerson(res: Response, id: string): void {
  res.status(404).json({
    error: 'unknown_person',
    message: `Nobody with the id "${id}" is in the organisation. GET /playground/api/people lists who you can be.`,
  });
}

/** Parses `source` with `schema` and finds the person in `as`; answers 400/404 itself and returns null then. */
async function speaker<T extends { as: string }>(
  chat: ChatDeps,
  schema: z.ZodType<T>,
  source: unknown,
  res: Response,
): Promise<{ body: T; person: Person } | null> {
  const parsed = schema.safeParse(source ?? {});
  if (!parsed.success) {
    badRequest(res, parsed.error);
    return null;
  }
  const person = await identify(chat, 'playground', parsed.data.as);
  if (person === null) {
    unknownPerson(res, parsed.data.as);
    return null;
  }
  return { body: parsed.data, person };
}

export function playgroundApi(options: PlaygroundOptions): express.Router {
  const { chat } = options;
  const api = express.Router();
  const reply = async (res: Response, person: Person, inbound: Inbound, extra: object = {}) => {
    const replies = await handleInbound(chat, person, inbound);
    const forms = options.forms;
    // `at`: the server's clock (the demo's may differ from the browser's), so each answer shows its own time.
    res.json({
      ...extra,
      at: chat.engine.clock(),
      replies: await toWireReplies(replies, (form) =>
        forms === undefined ? undefined : forms.path(person.id, 'playground', form),
      ),
    });
  };

  // Files (evidence) are bigger than commands: their own body limit, before the general one. Each body is held
  // in memory whole (up to 20 MB as base64): only a few are taken at once, the rest are asked to come back before
  // their body is read (issue 22).
  let uploading = 0;
  const boundUploads: express.RequestHandler = (_req, res, next) => {
    if (uploading >= MAX_UPLOADS_AT_ONCE) {
      res
        .status(503)
        .set('retry-after', '5')
        .json({
          error: 'busy',
          message: `${MAX_UPLOADS_AT_ONCE} uploads are being received already; send this one again in a few seconds.`,
        });
      return;
    }
    uploading += 1;
    res.once('close', () => (uploading -= 1));
    next();
  };
  api.post('/upload', boundUploads, express.json({ limit: MAX_UPLOAD }), async (req: Request, res) => {
    const s = await speaker(chat, uploadBody, req.body, res);
    if (s === null) return;
    const bytes = Uint8Array.from(Buffer.from(s.body.data, 'base64'));
    await reply(res, s.person, { kind: 'file', text: s.body.text, file: { name: s.body.fileName, bytes } });
  });
  api.use(express.json({ limit: '256kb' }));

  api.post('/say', async (req: Request, res) => {
    const s = await speaker(chat, sayBody, req.body, res);
    if (s !== null) await reply(res, s.person, { kind: 'command', text: s.body.text });
  });

  // A voice message as DingTalk and Slack hand it over: its transcript (F28, issue 24 item 6).
  api.post('/speak', async (req: Request, res) => {
    const s = await speaker(chat, sayBody, req.body, res);
    if (s !== null) await reply(res, s.person, { kind: 'spoken', text: s.body.text });
  });

  api.post('/location', async (req: Request, res) => {
    const s = await speaker(chat, locationBody, req.body, res);
    if (s === null) return;
    const { lat, lng, datum } = s.body;
    await reply(res, s.person, { kind: 'location', place: { lat, lng, datum } });
  });

  api.post('/click', async (req: Request, res) => {
    const s = await speaker(chat, clickBody, req.body, res);
    if (s === null) return;
    const { actionId, value, messageId } = s.body;
    await reply(
      res,
      s.person,
      { kind: 'action', actionId, value },
      messageId === undefined ? {} : { messageId },
    );
  });

  api.post('/submit', async (req: Request, res) => {
    const s = await speaker(chat, submitBody, req.body, res);
    if (s === null) return;
    const { formId, values, context } = s.body;
    await reply(res, s.person, {
      kind: 'submit',
      formId,
      values,
      ...(context === undefined ? {} : { context }),
    });
  });

  api.get('/inbox', async (req: Request, res) => {
    const parsed = inboxQuery.safeParse(req.query);
    if (!parsed.success) {
      badRequest(res, parsed.error);
      return;
    }
    const messages = await playgroundInbox(chat, parsed.data.as);
    if (messages === null) {
      unknownPerson(res, parsed.data.as);
      return;
    }
    res.json({
      messages: await Promise.all(
        messages.map(async (m) => ({ id: m.id, where: m.where, at: m.at, card: await toWireCard(m.card) })),
      ),
    });
  });

  // Who you can be, the teams (channel names) and the org's language, for the page's first paint.
  api.get('/people', async (_req, res) => {
    const [{ people, teams }, locale] = await Promise.all([
      chat.engine.store.transaction(async (tx) => ({
        people: await tx.org.people(),
        teams: await tx.org.teams(),
      })),
      localeFor(chat, null),
    ]);
    const teamName = new Map(teams.map((t) => [t.id, t.name]));
    const rank = (p: Person) => (p.role === 'rep' ? 1 : 0);
    res.json({
      locale,
      demo: options.demo === true,
      teams: teams.map((t) => ({ id: t.id, name: t.name, managerId: t.managerId })),
      people: people
        .filter((p) => p.active)
        .sort(
          (a, b) =>
            (a.teamId ?? '').localeCompare(b.teamId ?? '') || rank(a) - rank(b) || a.id.localeCompare(b.id),
        )
        .map((p) => ({
          id: p.id,
          name: p.name,
          // The page speaks each person's language once they are chosen (issue 21 item 9).
          locale: p.locale ? localeOf(p.locale, locale) : locale,
          role: p.role,
          team: p.teamId,
          teamName: p.teamId === null ? null : (teamName.get(p.teamId) ?? p.teamId),
        })),
    });
  });

  api.use((_req, res) => {
    res.status(404).json({
      error: 'not_found',
      message:
        'No such playground API route. There are: POST say {as, text}, POST click {as, messageId, actionId, value}, ' +
        'POST submit {as, formId, values, context?}, POST upload {as, text, fileName, data (base64)}, POST location {as, lat, lng, datum?}, GET inbox?as=ID, GET people.',
    });
  });
  api.use(apiErrors);
  return api;
}

const apiErrors: ErrorRequestHandler = (err: { type?: string }, _req, res, next) => {
  if (err.type === 'entity.parse.failed') {
    res.status(400).json({ error: 'invalid_json', message: 'The body is not valid JSON.' });
    return;
  }
  if (err.type === 'entity.too.large') {
    res.status(413).json({
      error: 'too_large',
      message: 'The request body is too large (commands: 256 KiB; file uploads: 20 MB).',
    });
    return;
  }
  next(err);
};
