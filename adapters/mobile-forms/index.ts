// Forms as signed mobile web pages, for the messengers without modals (WeCom, DingTalk): a card that opens a form
// becomes a link to `${PUBLIC_URL}/m/form/<token>`, where the token (token.ts) says who may fill in which form, on
// which messenger, for 30 minutes, once.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import type { HttpAdapter } from '../../src/http/app.ts';
import type { Form } from '../../src/kernel/card.ts';
import { FORM_PATH, mountFormPages } from './routes.ts';
import { formSecret, signFormToken, type FormPlatform } from './token.ts';
import type { PageSignIn } from './sign-in.ts';
import { mountSignIn, oauthState, type SignInDeps } from './sso.ts';
import { log } from '../../src/log.ts';

export const DEFAULT_TTL_MS = 30 * 60_000;

/** What a messenger adapter needs to turn a form into a link. */
export interface FormLinks {
  /** The signed link for this person to fill in this form, answered on `platform`. */
  url(personId: string, platform: FormPlatform, form: Form): string;
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
  return {
    name: 'mobile-forms',
    attachSignIn(s) {
      signIns.set(s.platform, s);
    },
    ttlMinutes: Math.round(ttlMs / 60_000),
    url(personId, platform, form) {
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
      const page = `${base}${FORM_PATH}/${token}`;
      // WeCom adds who is reading only on its way through the OAuth2 authorize URL (sso.ts would redirect there).
      const wecom = platform === 'wecom' ? signIns.get('wecom') : undefined;
      return wecom?.authorizeUrl === undefined ? page : wecom.authorizeUrl(page, oauthState(signIn, jti));
    },
    mount(app: express.Express) {
      mountSignIn(app, signIn);
      mountFormPages(app, { chat: options.chat, secret: options.secret, clock, signIn });
    },
  };
}

/**
 * Forms as signed mobile pages (WeCom and DingTalk have no modals): on when PUBLIC_URL is set and one of them is.
 * Signed with FORM_SECRET, or a key derived from the messenger's app secret (token.ts).
 */
export function mobileFormsFromEnv(options: {
  chat: ChatDeps;
  env: NodeJS.ProcessEnv;
  publicUrl: string | null;
  formSecret: string | null;
  clock: () => number;
}): MobileFormsAdapter | null {
  const { env } = options;
  const appSecret = env.WECOM_CORP_ID
    ? env.WECOM_SECRET
    : env.DINGTALK_CLIENT_ID
      ? env.DINGTALK_CLIENT_SECRET
      : '';
  if (appSecret === undefined || appSecret === '') return null;
  if (options.publicUrl === null) {
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

export { FORM_PATH };
