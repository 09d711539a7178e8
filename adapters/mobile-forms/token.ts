// The signed, expiring link to a mobile form page: a JWT (HS256, npm jsonwebtoken) carrying who may fill in which
// form, for which platform, until when, and a random id (jti) that makes it single-use. Pure apart from HMAC:
// the clock comes in, the random id too.
import { hkdfSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

/** Where the answers go: WeCom and DingTalk (signed in by the platform), or Slack and the playground (the signed
 * one-time link alone: whoever it was handed to, privately, in an ephemeral message or the app's DM). */
export type FormPlatform = 'wecom' | 'dingtalk' | 'slack' | 'playground';

export interface FormClaims {
  /** Our person id (not the platform's user id). */
  personId: string;
  platform: FormPlatform;
  formId: string;
  /** The form's opaque context (a lead, deal or task id). */
  context?: string;
  /** The token's id: a submitted token is recorded under it and refused afterwards. */
  jti: string;
  /** Epoch seconds. */
  exp: number;
}

export type TokenFailure = 'BAD_SIGNATURE' | 'EXPIRED';

const payloadSchema = z.object({
  sub: z.string().min(1),
  plat: z.enum(['wecom', 'dingtalk', 'slack', 'playground']),
  form: z.string().min(1),
  ctx: z.string().optional(),
  jti: z.string().min(1),
  exp: z.number(),
});

/**
 * The signing key: FORM_SECRET when set; otherwise derived (HKDF-SHA256) from the messenger's own app secret,
 * which every instance already shares. Rotating that secret only ends the links handed out before.
 */
export function formSecret(explicit: string | null | undefined, appSecret: string): Buffer {
  if (explicit !== null && explicit !== undefined && explicit !== '') return Buffer.from(explicit, 'utf8');
  return Buffer.from(hkdfSync('sha256', appSecret, 'leadline', 'leadline mobile form links v1', 32));
}

export function signFormToken(
  secret: Buffer,
  claims: Omit<FormClaims, 'exp'>,
  now: number,
  ttlMs: number,
): string {
  const iat = Math.floor(now / 1000);
  return jwt.sign(
    {
      sub: claims.personId,
      plat: claims.platform,
      form: claims.formId,
      ...(claims.context === undefined ? {} : { ctx: claims.context }),
      jti: claims.jti,
      iat,
      exp: iat + Math.floor(ttlMs / 1000),
    },
    secret,
    { algorithm: 'HS256', noTimestamp: true },
  );
}

export function verifyFormToken(
  secret: Buffer,
  token: string,
  now: number,
): { ok: true; claims: FormClaims } | { ok: false; reason: TokenFailure } {
  let decoded: unknown;
  try {
    // The signature is checked before the expiry, so a tampered link is "damaged", not "expired".
    decoded = jwt.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
  } catch (err) {
    return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'EXPIRED' : 'BAD_SIGNATURE' };
  }
  const p = payloadSchema.safeParse(decoded);
  if (!p.success) return { ok: false, reason: 'BAD_SIGNATURE' };
  return {
    ok: true,
    claims: {
      personId: p.data.sub,
      platform: p.data.plat,
      formId: p.data.form,
      ...(p.data.ctx === undefined ? {} : { context: p.data.ctx }),
      jti: p.data.jti,
      exp: p.data.exp,
    },
  };
}
