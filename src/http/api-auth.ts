// API keys at the HTTP edge (issue 22, finding 7): who is calling, what their key may do, and how often.
import type { RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import {
  keyAllows,
  verifyApiKey,
  type ApiKeyIdentity,
  type ApiScope,
} from '../modules/leads/use-cases/api-keys.ts';
import type { EngineDeps } from '../modules/deps.ts';

/** The verified key of this request (set by requireApiKey). */
export function apiKeyOf(res: Response): ApiKeyIdentity {
  return res.locals.apiKey as ApiKeyIdentity;
}

export function requireApiKey(deps: EngineDeps): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) {
      res.status(401).json({
        error: 'unauthorized',
        message: 'Send Authorization: Bearer <key>. Create a key with `npx leadline apikey create NAME`.',
      });
      return;
    }
    verifyApiKey(deps, match[1] as string).then(
      (key) => {
        if (key === null) {
          res.status(401).json({
            error: 'unauthorized',
            message:
              'This API key is not valid (unknown or revoked). Create one with `npx leadline apikey create NAME`.',
          });
          return;
        }
        res.locals.apiKey = key;
        next();
      },
      (err: unknown) => next(err),
    );
  };
}

const WHAT: Record<ApiScope, string> = {
  intake: 'send leads',
  read: 'read leads, the pool, the board or the reports',
  admin: 'do this',
};

/** 403 unless the request's key has `scope` (or admin). */
export function requireScope(scope: ApiScope): RequestHandler {
  return (_req, res, next) => {
    const key = apiKeyOf(res);
    if (keyAllows(key, scope)) {
      next();
      return;
    }
    res.status(403).json({
      error: 'forbidden',
      message: `The API key "${key.name}" may not ${WHAT[scope]} (its scopes: ${key.scopes.join(', ') || 'none'}). Create a key for it: \`npx leadline apikey create NAME --scope ${scope}\`.`,
    });
  };
}

/** Requests per minute per key unless API_RATE_LIMIT says otherwise. */
export const DEFAULT_API_RATE_LIMIT = 60;

/**
 * At most `perMinute` requests per key and minute (express-rate-limit, counted in this process: several instances
 * behind a load balancer each count their own). Over it: 429 with Retry-After, nothing done.
 */
export function apiRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // After requireApiKey: the key's name is the bucket (an IP would lump a whole office together).
    keyGenerator: (_req, res) => `key:${apiKeyOf(res).name}`,
    handler: (_req, res) => {
      res.status(429).json({
        error: 'rate_limited',
        message: `More than ${perMinute} requests in a minute with this API key: wait the seconds in Retry-After and send again. Nothing was done.`,
      });
    },
  });
}
