// The platform sign-in in front of the form pages (issue 20 §2). A link sent on WeCom or DingTalk opens only for
// the person it was sent to, as the messenger itself tells us who is reading:
// - WeCom: no sign-in yet → 302 to WeCom's OAuth2 authorize URL, which comes back with ?code=…; the code is
//   exchanged (auth/getuserinfo) for the member's userid;
// - DingTalk: no sign-in yet → a small page whose script asks the dd JSAPI for a 免登 code and posts it to
//   /m/sso/dingtalk/<token>, where it is exchanged (topapi/v2/user/getuserinfo) for the userid.
// The userid must be the link's person's identity on that messenger; then a short-lived cookie bound to the link
// (its jti) and the person lets the page, its reloads, its POST and its JS-SDK signature through. Someone else, a
// spent code or a link without sign-in gets a page saying so, and nothing changes (the link stays usable by its
// owner). Slack and playground links, and messengers without a PageSignIn, keep today's signed one-time link.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express, { type Request, type Response } from 'express';
import { identify, localeFor, type ChatDeps } from '../../src/conversation/conversation.ts';
import { findPerson } from '../../src/modules/org/use-cases/read-org.ts';
import { t, type Locale } from '../../src/modules/i18n.ts';
import { log } from '../../src/log.ts';
import { formPageCsp, originsOf, renderMessagePage, renderRefusalPage } from './page.ts';
import {
  readCookies,
  signInCookieName,
  signInCookieValid,
  signInCookieValue,
  type PageSignIn,
} from './sign-in.ts';
import { verifyFormToken, type FormClaims, type FormPlatform } from './token.ts';

export const SSO_PATH = '/m/sso';
export const JSAPI_PATH = '/m/jsapi';
export const ASSETS_PATH = '/m/assets';
const FORM_PATH = '/m/form';

export interface SignInDeps {
  chat: ChatDeps;
  secret: Buffer;
  clock: () => number;
  /** PUBLIC_URL without a trailing slash: the pages' own address, and the only one the JS-SDK is signed for. */
  base: string;
  /** The messengers that sign their people in (read at each request: they are attached after start-up). */
  signIns: () => ReadonlyMap<FormPlatform, PageSignIn>;
  /** The JS-SDK signature's nonce (random in production). */
  newNonce?: () => string;
}

export type SignInRefusal = 'FOREIGN' | 'SIGNIN';

const ASSETS: Record<string, string> = Object.fromEntries(
  ['wecom.js', 'dingtalk.js'].map((f) => [
    f,
    readFileSync(new URL(`./public/${f}`, import.meta.url), 'utf8'),
  ]),
);

/** The scripts a page opened on this messenger loads: its JS-SDK, then ours with what it needs to know. */
export function scriptsFor(signIn: PageSignIn, mode: 'signin' | 'form'): string[] {
  const q = new URLSearchParams({ ...signIn.assetParams, mode }).toString();
  return [...signIn.sdkScripts, `${ASSETS_PATH}/${signIn.platform}.js?${q}`];
}

/** The page's Content-Security-Policy: scripts from here and from exactly the JS-SDK hosts (page.ts). */
export function pageCsp(scripts: readonly string[] = []): string {
  return formPageCsp(originsOf(scripts));
}

/** The scripts the sign-in gate decided this page loads (none for links without platform sign-in). */
export function pageScripts(res: Response): string[] | undefined {
  const scripts: unknown = res.locals.formScripts;
  return Array.isArray(scripts) ? (scripts as string[]) : undefined;
}

function refuse(deps: SignInDeps, res: Response, reason: SignInRefusal): void {
  // Whoever reads this may not be the link's person: both languages, as for a damaged link.
  const first = deps.chat.defaultLocale;
  const locales: Locale[] = [first, first === 'en' ? 'zh-CN' : 'en'];
  res
    .status(403)
    .set({
      'cache-control': 'no-store',
      'content-security-policy': pageCsp(),
      'x-content-type-options': 'nosniff',
    })
    .type('html')
    .send(renderRefusalPage(locales, reason));
}

/** The OAuth2 state: WeCom hands it back as it was; ours binds the round trip to this link. */
export function oauthState(deps: SignInDeps, jti: string): string {
  return signInCookieValue(deps.secret, { jti, personId: '', platform: 'state' }, 0)
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 32);
}

/** Signs the reader in with a platform code: null when it is the link's person, else why not. */
async function signInWith(
  deps: SignInDeps,
  signIn: PageSignIn,
  claims: FormClaims,
  code: string,
  res: Response,
): Promise<SignInRefusal | null> {
  if (code === '' || code.length > 512) return 'SIGNIN'; // "code 最大为512字节" (path/91023)
  const reader = await signIn.userOf(code);
  if (reader.kind === 'refused') return 'SIGNIN';
  const userId = reader.kind === 'member' ? reader.userId : '(outside the company)';
  const person = reader.kind === 'member' ? await identify(deps.chat, claims.platform, userId) : null;
  if (person === null || person.id !== claims.personId) {
    log({ platform: claims.platform }).warn(
      { person: claims.personId, reader: userId, form: claims.formId },
      `form page for ${claims.personId} opened by ${claims.platform} user ${userId}: refused`,
    );
    return 'FOREIGN';
  }
  res.cookie(signInCookieName(claims.jti), signInCookieValue(deps.secret, claims, claims.exp), {
    httpOnly: true,
    secure: deps.base.startsWith('https://'),
    sameSite: 'lax',
    path: '/m',
    maxAge: Math.max(0, claims.exp * 1000 - deps.clock()),
  });
  return null;
}

function signedIn(deps: SignInDeps, req: Request, claims: FormClaims): boolean {
  const value = readCookies(req.headers.cookie).get(signInCookieName(claims.jti));
  return signInCookieValid(deps.secret, value, claims, deps.clock());
}

function claimsOf(deps: SignInDeps, token: string): FormClaims | null {
  const verdict = verifyFormToken(deps.secret, token, deps.clock());
  return verdict.ok ? verdict.claims : null;
}

/** Middleware for GET/POST /m/form/:token, before the form's own handlers. */
export function signInGate(deps: SignInDeps): express.RequestHandler {
  return (req, res, next) => {
    const token = typeof req.params.token === 'string' ? req.params.token : '';
    const claims = claimsOf(deps, token);
    // A bad or expired link: the form's handler says so. No sign-in on this messenger: today's link.
    const signIn = claims === null ? undefined : deps.signIns().get(claims.platform);
    if (claims === null || signIn === undefined) {
      next();
      return;
    }
    if (signedIn(deps, req, claims)) {
      res.locals.formScripts = scriptsFor(signIn, 'form');
      next();
      return;
    }
    if (req.method !== 'GET') {
      refuse(deps, res, 'SIGNIN');
      return;
    }
    if (signIn.authorizeUrl === undefined) {
      signInPage(deps, res, signIn, claims).catch(next);
      return;
    }
    const code = typeof req.query.code === 'string' ? req.query.code : undefined;
    const state = oauthState(deps, claims.jti);
    if (code === undefined) {
      res
        .set('cache-control', 'no-store')
        .redirect(302, signIn.authorizeUrl(`${deps.base}${FORM_PATH}/${token}`, state));
      return;
    }
    if (req.query.state !== state) {
      refuse(deps, res, 'SIGNIN');
      return;
    }
    signInWith(deps, signIn, claims, code, res).then((refusal) => {
      if (refusal !== null) return refuse(deps, res, refusal);
      res.locals.formScripts = scriptsFor(signIn, 'form');
      next();
    }, next);
  };
}

/** DingTalk's first visit: a page whose script gets a 免登 code from the dd JSAPI and signs in with it. */
async function signInPage(deps: SignInDeps, res: Response, signIn: PageSignIn, claims: FormClaims) {
  const locale = await localeFor(deps.chat, await findPerson(deps.chat.engine, claims.personId));
  const scripts = scriptsFor(signIn, 'signin');
  res
    .status(200)
    .set({
      'cache-control': 'no-store',
      'content-security-policy': pageCsp(scripts),
      'x-content-type-options': 'nosniff',
    })
    .type('html')
    .send(
      renderMessagePage(
        locale,
        t(locale, 'mform.signin.title'),
        [{ title: t(locale, 'mform.signin.title'), body: t(locale, 'mform.signin.body'), level: 'info' }],
        '',
        scripts,
      ),
    );
}

/** The routes of the sign-in itself: our two scripts, the JS-SDK signatures, DingTalk's code exchange. */
export function mountSignIn(app: express.Express, deps: SignInDeps): void {
  const nonce = deps.newNonce ?? (() => randomBytes(12).toString('hex'));

  app.get(`${ASSETS_PATH}/:file`, (req, res, next) => {
    const body = ASSETS[String(req.params.file)];
    // The page's own script (assets/form.js) is served by the form pages' static route.
    if (body === undefined) {
      next();
      return;
    }
    res.set({ 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
    res.type('application/javascript').send(body);
  });

  // The JS-SDK configuration for a signed-in page of ours: `url` is the page's address (no #…), which must be a
  // form page under PUBLIC_URL whose link this reader signed in with.
  app.get(`${JSAPI_PATH}/:platform`, (req, res, next) => {
    const url = typeof req.query.url === 'string' ? (req.query.url.split('#')[0] ?? '') : '';
    const prefix = `${deps.base}${FORM_PATH}/`;
    const token = url.startsWith(prefix) ? (url.slice(prefix.length).split(/[?/]/)[0] ?? '') : '';
    const claims = url.length <= 2048 && token !== '' ? claimsOf(deps, token) : null;
    const signIn = claims === null ? undefined : deps.signIns().get(claims.platform);
    res.set('cache-control', 'no-store');
    if (claims === null || signIn === undefined || claims.platform !== req.params.platform) {
      res.status(404).json({ error: 'not a form page of this messenger' });
      return;
    }
    if (!signedIn(deps, req, claims)) {
      res.status(403).json({ error: 'not signed in' });
      return;
    }
    signIn.jsapi(url, nonce(), Math.floor(deps.clock() / 1000)).then((config) => res.json(config), next);
  });

  app.post(`${SSO_PATH}/:platform/:token`, express.json({ limit: '2kb', strict: true }), (req, res, next) => {
    const claims = claimsOf(deps, typeof req.params.token === 'string' ? req.params.token : '');
    const signIn = claims === null ? undefined : deps.signIns().get(claims.platform);
    res.set('cache-control', 'no-store');
    if (claims === null || signIn === undefined || claims.platform !== req.params.platform) {
      res.status(404).json({ error: 'not a form link of this messenger' });
      return;
    }
    const body = (req.body ?? {}) as { code?: unknown };
    const code = typeof body.code === 'string' ? body.code : '';
    signInWith(deps, signIn, claims, code, res).then((refusal) => {
      if (refusal === null) {
        res.status(204).end();
        return;
      }
      const l = deps.chat.defaultLocale;
      res.status(403).json({ error: refusal, message: t(l, `mform.bad.${refusal}`) });
    }, next);
  });
}
