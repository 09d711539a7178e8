// GET/POST /m/form/:token — the signed form page. GET shows the form; POST checks it, hands it to the
// conversation layer and shows what happened. A bad, expired or used link changes nothing and says what to do.
// Each handler is a small named function, so a sign-in gate (the platform's OAuth) can be put in front of them.
import express, { type Request, type RequestHandler, type Response } from 'express';
import { fileURLToPath } from 'node:url';
import {
  openFormPage,
  submitFormPage,
  type FormPageResult,
  type FormRequest,
} from '../../src/conversation/form-page.ts';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { log } from '../../src/log.ts';
import { BODY_LIMITS, declaredTooLarge, readFormBody, type BodyLimits, type BodyProblem } from './body.ts';
import { formPageCsp, originsOf, renderFormPage, renderMessagePage, renderRefusalPage } from './page.ts';
import { verifyFormToken, type FormPlatform, type TokenFailure } from './token.ts';
import { pageScripts, signInGate, type SignInDeps } from './sso.ts';

export const FORM_PATH = '/m/form';
/** The page's own script (and the platform bridges the sign-in code adds beside it). */
export const ASSETS_PATH = '/m/assets';
const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));

export interface FormRouteDeps {
  chat: ChatDeps;
  secret: Buffer;
  clock: () => number;
  /** Platform scripts for a page opened from this messenger (e.g. its JSAPI bridge), loaded before ours. */
  scriptsFor?: (platform: FormPlatform) => string[];
  /** Origins those scripts come from, allowed by the page's CSP (`script-src 'self' …`). */
  extraScriptOrigins?: string[];
  /** Run before the handlers (the platform sign-in gate); each may answer itself or call next(). */
  before?: RequestHandler[];
  limits?: BodyLimits;
  /** Platform sign-in (sso.ts): links sent on a messenger with one open only for their person. */
  signIn?: SignInDeps;
}

const STATUS: Record<TokenFailure | 'USED' | 'UNKNOWN_FORM' | 'UNLINKED', number> = {
  BAD_SIGNATURE: 403,
  EXPIRED: 410,
  USED: 409,
  UNKNOWN_FORM: 404,
  UNLINKED: 403,
};

function sender(deps: FormRouteDeps) {
  return (res: Response, status: number, html: string): void => {
    // The sign-in gate names the messenger's scripts for this page (none for links without platform sign-in).
    const csp = formPageCsp([...(deps.extraScriptOrigins ?? []), ...originsOf(pageScripts(res) ?? [])]);
    res
      .status(status)
      .set({
        'cache-control': 'no-store',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
      })
      .type('html')
      .send(html);
  };
}

type Send = ReturnType<typeof sender>;

/** Why a link does not work and what to do next, in `locales` (both when we cannot tell whose link it is). */
function refuse(send: Send, res: Response, locales: readonly Locale[], reason: keyof typeof STATUS): void {
  send(res, STATUS[reason], renderRefusalPage(locales, reason));
}

/** The link's claims, or a refusal page (in Chinese and English: a damaged or expired link is nobody's). */
function claimsOf(deps: FormRouteDeps, send: Send, req: Request, res: Response): FormRequest | null {
  const token = typeof req.params.token === 'string' ? req.params.token : '';
  const verdict = verifyFormToken(deps.secret, token, deps.clock());
  if (!verdict.ok) {
    const other: Locale = deps.chat.defaultLocale === 'en' ? 'zh-CN' : 'en';
    refuse(send, res, [deps.chat.defaultLocale, other], verdict.reason);
    return null;
  }
  const c = verdict.claims;
  return {
    personId: c.personId,
    platform: c.platform,
    formId: c.formId,
    linkId: c.jti,
    ...(c.context === undefined ? {} : { context: c.context }),
  };
}

function show(
  deps: FormRouteDeps,
  send: Send,
  res: Response,
  request: FormRequest,
  result: FormPageResult,
  values?: Record<string, string>,
  status?: number,
): void {
  const scripts = [
    ...(pageScripts(res) ?? []),
    ...(deps.scriptsFor?.(request.platform as FormPlatform) ?? []),
  ];
  switch (result.kind) {
    case 'refused':
      refuse(send, res, [result.locale], result.reason);
      return;
    case 'form':
      send(res, status ?? 200, renderFormPage({ form: result.form, locale: result.locale, scripts }));
      return;
    case 'invalid':
      send(
        res,
        status ?? 422,
        renderFormPage({
          form: result.form,
          locale: result.locale,
          problems: result.problems,
          scripts,
          ...(values === undefined ? {} : { values }),
        }),
      );
      return;
    case 'done':
      send(
        res,
        200,
        renderMessagePage(
          result.locale,
          t(result.locale, 'mform.done.title'),
          result.replies.map((r) => ({
            title: r.card.title,
            level: r.card.level,
            ...(r.card.body === undefined ? {} : { body: r.card.body }),
          })),
          t(result.locale, 'mform.done.body'),
        ),
      );
  }
}

/** GET: the form, in the person's language. */
export function showFormPage(deps: FormRouteDeps): RequestHandler {
  const send = sender(deps);
  return (req, res, next) => {
    const request = claimsOf(deps, send, req, res);
    if (request === null) return;
    openFormPage(deps.chat, request).then((page) => show(deps, send, res, request, page), next);
  };
}

/** A body that broke a bound: the form again with why (413 or 422), in the person's language; nothing kept. */
async function refuseBody(
  deps: FormRouteDeps,
  send: Send,
  res: Response,
  request: FormRequest,
  problem: BodyProblem,
  limits: BodyLimits,
): Promise<void> {
  const page = await openFormPage(deps.chat, request);
  const status = problem === 'MALFORMED' || problem === 'TOO_MANY_FIELDS' ? 422 : 413;
  if (page.kind !== 'form') {
    show(deps, send, res, request, page);
    return;
  }
  const mb = (n: number) => Math.floor(n / (1024 * 1024));
  const vars = { total: mb(limits.totalBytes), file: mb(limits.fileBytes), files: limits.files };
  show(
    deps,
    send,
    res,
    request,
    {
      kind: 'invalid',
      form: page.form,
      locale: page.locale,
      problems: [t(page.locale, `mform.body.${problem}`, vars), t(page.locale, 'mform.body.again')],
    },
    undefined,
    status,
  );
}

/** POST: the body read within its bounds (before anything is parsed, the link is checked), then submitted. */
export function submitFormPageHandler(deps: FormRouteDeps): RequestHandler {
  const send = sender(deps);
  const limits = deps.limits ?? BODY_LIMITS;
  return (req, res, next) => {
    const request = claimsOf(deps, send, req, res);
    if (request === null) {
      req.resume();
      return;
    }
    const work = async () => {
      if (declaredTooLarge(req, limits)) {
        // Not read at all: the connection is closed after the answer.
        res.set('connection', 'close');
        await refuseBody(deps, send, res, request, 'TOO_LARGE', limits);
        return;
      }
      const body = await readFormBody(req, limits);
      if (body.kind === 'refused') {
        log({ person: request.personId }).info(
          { form: request.formId, problem: body.problem },
          `form page: body refused (${body.problem})`,
        );
        await refuseBody(deps, send, res, request, body.problem, limits);
        return;
      }
      const result = await submitFormPage(deps.chat, request, body.values, body.files);
      show(deps, send, res, request, result, body.values);
    };
    work().catch(next);
  };
}

export function mountFormPages(app: express.Express, deps: FormRouteDeps): void {
  const before = [...(deps.signIn === undefined ? [] : [signInGate(deps.signIn)]), ...(deps.before ?? [])];
  app.use(
    ASSETS_PATH,
    express.static(ASSETS_DIR, {
      index: false,
      fallthrough: true,
      setHeaders: (res) => res.setHeader('cache-control', 'no-cache'),
    }),
  );
  app.get(`${FORM_PATH}/:token`, ...before, showFormPage(deps));
  app.post(`${FORM_PATH}/:token`, ...before, submitFormPageHandler(deps));
}
