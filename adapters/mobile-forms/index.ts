// Forms as signed mobile web pages, for the messengers without modals (WeCom, DingTalk) and for Slack's daily report
// (a modal takes no position or photos): a card that opens a form becomes a link to `${PUBLIC_URL}/m/form/<token>`,
// where the token (token.ts) says who may fill in which form, on which messenger, for 30 minutes, once.
import { randomBytes, randomUUID } from 'node:crypto';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { HttpAdapter } from '../../src/http/app.ts';
import type { Form } from '../../src/kernel/card.ts';
import { FORM_PATH, mountFormPages, type FormRouteDeps } from './routes.ts';
import { formSecret, signFormToken, type FormPlatform } from './token.ts';
import type { PageSignIn } from './sign-in.ts';
import { mountSignIn, oauthState, type SignInDeps } from './sso.ts';
import { log } from '../../src/log.ts';

export const DEFAULT_TTL_MS = 30 * 60_000;

/** What a messenger adapter needs to turn a form into a link. */
export interface FormLinks {
  /** The signed link for this person to fill in this form, answered on `platform`. */
  url(personId: string, platform: FormPlatform, form: Form): string;
  /** The same link as a path on this server (`/m/form/<token>`): the playground opens it from its own origin. */
  path(personId: string, platform: FormPlatform, form: Form): string;
  readonly ttlMinutes: number;
}

export interface MobileFormsOptions {
  chat: ChatDeps;
  /** PUBLIC_URL: where phones reach this server, e.g. https://leadline.example.com */
  publicUrl: string;
  /** The signing key (token.ts formSecret). */
  secret: Buffer;
  clock?: () => number;
  ttlMs?: number;
  /** The link's single-use id (random in production). */
  newId?: () => string;
  /** Filled by the platform sign-in code: scripts per platform, their origins for the CSP, a gate. */
  scriptsFor?: FormRouteDeps['scriptsFor'];
  extraScriptOrigins?: string[];
  before?: FormRouteDeps['before'];
  limits?: FormRouteDeps['limits'];
}

export interface MobileFormsAdapter extends HttpAdapter, FormLinks {
  /**
   * A messenger's platform sign-in (its adapter's `pageSignIn`): from now on its links open only for their person,
   * signed in by the messenger (WeCom links become its OAuth2 authorize URL). Before mount().
   */
  attachSignIn(signIn: PageSignIn): void;
}

export function mobileFormsAdapter(options: MobileFormsOptions): MobileFormsAdapter {
  const clock = options.clock ?? Date.now;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const newId = options.newId ?? randomUUID;
  const base = options.publicUrl.replace(/\/+$/, '');
  const signIns = new Map<FormPlatform, PageSignIn>();
  const signIn: SignInDeps = {
    chat: options.chat,
    secret: options.secret,
    clock,
    base,
    signIns: () => signIns,
  };
  const signed = (personId: string, platform: FormPlatform, form: Form) => {
    const jti = newId();
    const token = signFormToken(
      options.secret,
      {
        personId,
        platform,
        formId: form.id,
        jti,
        ...(form.context === undefined ? {} : { context: form.context }),
      },
      clock(),
      ttlMs,
    );
    return { jti, path: `${FORM_PATH}/${token}` };
  };
  const path: FormLinks['path'] = (personId, platform, form) => signed(personId, platform, form).path;
  return {
    name: 'mobile-forms',
    ttlMinutes: Math.round(ttlMs / 60_000),
    attachSignIn(s) {
      signIns.set(s.platform, s);
    },
    url(personId, platform, form) {
      const link = signed(personId, platform, form);
      const page = `${base}${link.path}`;
      // WeCom adds who is reading only on its way through the OAuth2 authorize URL (sso.ts would redirect there).
      const wecom = platform === 'wecom' ? signIns.get('wecom') : undefined;
      return wecom?.authorizeUrl === undefined
        ? page
        : wecom.authorizeUrl(page, oauthState(signIn, link.jti));
    },
    path,
    mount(app: express.Express) {
      mountSignIn(app, signIn);
      mountFormPages(app, {
        chat: options.chat,
        secret: options.secret,
        clock,
        signIn,
        ...(options.scriptsFor === undefined ? {} : { scriptsFor: options.scriptsFor }),
        ...(options.extraScriptOrigins === undefined
          ? {}
          : { extraScriptOrigins: options.extraScriptOrigins }),
        ...(options.before === undefined ? {} : { before: options.before }),
        ...(options.limits === undefined ? {} : { limits: options.limits }),
      });
    },
  };
}

/**
 * Forms as signed mobile pages: on when PUBLIC_URL is set and a messenger is. WeCom and DingTalk have no modals, so
 * every form is a page there; Slack opens the daily report as a page (the browser's position, the camera), its
 * other forms stay modals. Signed with FORM_SECRET, or a key derived from the messenger's app secret (token.ts).
 */
export function mobileFormsFromEnv(options: {
  chat: ChatDeps;
  env: NodeJS.ProcessEnv;
  publicUrl: string | null;
  formSecret: string | null;
  clock: () => number;
}): MobileFormsAdapter | null {
  const { env } = options;
  const slackSecret = env.SLACK_BOT_TOKEN ? env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN : '';
  const appSecret = env.WECOM_CORP_ID
    ? env.WECOM_SECRET
    : env.DINGTALK_CLIENT_ID
      ? env.DINGTALK_CLIENT_SECRET
      : slackSecret;
  if (appSecret === undefined || appSecret === '') return null;
  if (options.publicUrl === null) {
    if (!env.WECOM_CORP_ID && !env.DINGTALK_CLIENT_ID)
      log().info(
        {},
        'PUBLIC_URL is not set: on Slack the daily report opens as a modal, without the position and photos its web page takes. Set PUBLIC_URL to the https address phones reach this server at (see .env.example) to send a link to the page instead.',
      );
    else
      log().warn(
        {},
        'PUBLIC_URL is not set: on WeCom and DingTalk, forms (新线索, evidence, stall analysis, answers) open as web pages under it, so until it is set people are told to ask their admin. Set PUBLIC_URL to the https address phones reach this server at (see .env.example).',
      );
    return null;
  }
  return mobileFormsAdapter({
    chat: options.chat,
    publicUrl: options.publicUrl,
    secret: formSecret(options.formSecret, appSecret),
    clock: options.clock,
  });
}

/**
 * The playground's form pages when no messenger has them (issue 20: every flow tried without credentials): links
 * as paths on this server, signed with FORM_SECRET or a key made at start-up (links then end with the process).
 */
export function playgroundForms(options: {
  chat: ChatDeps;
  formSecret: string | null;
  clock: () => number;
}): MobileFormsAdapter {
  return mobileFormsAdapter({
    chat: options.chat,
    publicUrl: '',
    secret: formSecret(options.formSecret, randomBytes(32).toString('hex')),
    clock: options.clock,
  });
}

export { FORM_PATH };
