// GET/POST /m/form/:token — the signed form page. GET shows the form; POST checks it, hands it to the
// conversation layer and shows what happened. A bad, expired or used link changes nothing and says what to do.
import express, { type Request, type Response } from 'express';
import {
  openFormPage,
  submitFormPage,
  type FormPageResult,
  type FormRequest,
} from '../../src/conversation/form-page.ts';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { renderFormPage, renderMessagePage } from './page.ts';
import { verifyFormToken, type TokenFailure } from './token.ts';
import { pageCsp, pageScripts, signInGate, type SignInDeps } from './sso.ts';

export const FORM_PATH = '/m/form';

export interface FormRouteDeps {
  chat: ChatDeps;
  secret: Buffer;
  clock: () => number;
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

function send(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'cache-control': 'no-store',
      'content-security-policy': pageCsp(pageScripts(res)),
      'x-content-type-options': 'nosniff',
    })
    .type('html')
    .send(html);
}

/** Why a link does not work and what to do next, in `locales` (both when we cannot tell whose link it is). */
function refuse(res: Response, locales: readonly Locale[], reason: keyof typeof STATUS): void {
  const first = locales[0] ?? 'zh-CN';
  send(
    res,
    STATUS[reason],
    renderMessagePage(
      first,
      locales.map((l) => t(l, 'mform.bad.title')).join(' / '),
      locales.map((l) => ({
        title: t(l, `mform.bad.${reason}`),
        body: t(l, 'mform.bad.next'),
        level: 'yellow' as const,
      })),
      '',
    ),
  );
}

/** The link's claims, or a refusal page (in Chinese and English: a damaged or expired link is nobody's). */
function claimsOf(deps: FormRouteDeps, req: Request, res: Response): FormRequest | null {
  const token = typeof req.params.token === 'string' ? req.params.token : '';
  const verdict = verifyFormToken(deps.secret, token, deps.clock());
  if (!verdict.ok) {
    const other: Locale = deps.chat.defaultLocale === 'en' ? 'zh-CN' : 'en';
    refuse(res, [deps.chat.defaultLocale, other], verdict.reason);
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

function show(res: Response, result: FormPageResult, values?: Record<string, string>): void {
  switch (result.kind) {
    case 'refused':
      refuse(res, [result.locale], result.reason);
      return;
    case 'form':
      send(res, 200, renderFormPage({ form: result.form, locale: result.locale, scripts: pageScripts(res) }));
      return;
    case 'invalid':
      send(
        res,
        422,
        renderFormPage({
          form: result.form,
          locale: result.locale,
          problems: result.problems,
          scripts: pageScripts(res),
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

export function mountFormPages(app: express.Express, deps: FormRouteDeps): void {
  if (deps.signIn !== undefined) {
    const gate = signInGate(deps.signIn);
    app.get(`${FORM_PATH}/:token`, gate);
    app.post(`${FORM_PATH}/:token`, gate);
  }
  app.get(`${FORM_PATH}/:token`, (req, res, next) => {
    const request = claimsOf(deps, req, res);
    if (request === null) return;
    openFormPage(deps.chat, request).then((page) => show(res, page), next);
  });

  app.post(
    `${FORM_PATH}/:token`,
    express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 }),
    (req, res, next) => {
      const request = claimsOf(deps, req, res);
      if (request === null) return;
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = Object.fromEntries(
        Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
      );
      submitFormPage(deps.chat, request, values).then((result) => show(res, result, values), next);
    },
  );
}
