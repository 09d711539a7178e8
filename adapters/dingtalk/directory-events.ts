// DingTalk address-book events (通讯录事件: user_add_org, user_modify_org, user_active_org, user_leave_org,
// org_dept_create, org_dept_modify, org_dept_remove) over the HTTP event subscription, POST /dingtalk/events.
// They carry ids only ({EventType, UserId: [..]} or {EventType, DeptId: [..]}), so each person or department is
// fetched again (directory.ts) and updated alone. The subscription's crypto is WeCom's (PROTOCOLS.md, DingTalk):
// sha1 over the sorted token/timestamp/nonce/encrypt, AES-CBC with 32-byte padding, the owner key the app key;
// the answer is JSON {msg_signature, timeStamp, nonce, encrypt} whose plaintext is `success` (check_url too).
// Stream mode delivers the same events as EVENT frames (stream.ts onEvent, eventType in a header): same handling.
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { EngineDeps } from '../../src/modules/deps.ts';
import { applyDirectoryChange, type DirectoryChange, type DirectoryLookup } from '../directory-events.ts';
import { encrypt, signature, verifyAndDecrypt, type WecomCryptoConfig } from '../wecom/crypto.ts';
import { log } from '../../src/log.ts';

export const EVENTS_PATH = '/dingtalk/events';

const ids = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((x) => (typeof x === 'string' ? x : typeof x === 'number' ? String(x) : ''))
        .filter((x) => x !== '')
    : [];

/** The people and departments one event names; nothing for events a sync does not need. */
export function addressBookChanges(event: Record<string, unknown>): DirectoryChange[] {
  const type = typeof event.EventType === 'string' ? event.EventType : '';
  const users = ids(event.UserId ?? event.userId);
  const depts = ids(event.DeptId ?? event.deptId);
  switch (type) {
    case 'user_add_org':
    case 'user_modify_org':
    case 'user_active_org':
      return users.map((id) => ({ kind: 'user', id }));
    case 'user_leave_org':
      return users.map((id) => ({ kind: 'user-left', id }));
    case 'org_dept_create':
    case 'org_dept_modify':
      return depts.map((id) => ({ kind: 'department', id }));
    default:
      // org_dept_remove: its people's moves arrive as user_modify_org.
      return [];
  }
}

export interface EventSubscription {
  /** DINGTALK_EVENT_TOKEN and DINGTALK_EVENT_AES_KEY (事件订阅 → 加密 aes_key / 签名 token); the app key. */
  crypto: WecomCryptoConfig;
  /** Works on the changes after the answer (DingTalk waits 3 s, then retries). */
  accept(changes: DirectoryChange[]): void;
}

function query(req: express.Request, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = req.query[n];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

export function mountDirectoryEvents(app: express.Express, sub: EventSubscription): void {
  app.post(EVENTS_PATH, express.json({ limit: '64kb' }), (req, res) => {
    const body = req.body as { encrypt?: unknown };
    const encrypted = typeof body.encrypt === 'string' ? body.encrypt : '';
    const result = verifyAndDecrypt(
      sub.crypto,
      {
        msgSignature: query(req, 'msg_signature', 'signature'),
        timestamp: query(req, 'timestamp', 'timeStamp'),
        nonce: query(req, 'nonce'),
      },
      encrypted,
    );
    if (!result.ok) {
      res.status(401).json({ error: result.reason });
      return;
    }
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(result.message) as Record<string, unknown>;
    } catch {
      res.status(400).json({ error: 'BAD_MESSAGE' });
      return;
    }
    const timeStamp = String(Date.now());
    const nonce = randomBytes(8).toString('hex');
    const reply = encrypt(sub.crypto, 'success', randomBytes(16));
    res.json({
      msg_signature: signature(sub.crypto.token, timeStamp, nonce, reply),
      timeStamp,
      nonce,
      encrypt: reply,
    });
    const changes = addressBookChanges(event);
    if (changes.length > 0) sub.accept(changes);
  });
}

/** Applies changes one after another (events may come faster than the fetches behind them). */
export function directoryEventQueue(
  engine: EngineDeps,
  lookup: DirectoryLookup,
): (changes: DirectoryChange[]) => void {
  let queue = Promise.resolve();
  return (changes) => {
    for (const change of changes)
      queue = queue
        .then(() => applyDirectoryChange(engine, 'dingtalk', lookup, change))
        .catch((err: unknown) =>
          log({ platform: 'dingtalk' }).error({ err }, 'dingtalk: an address-book event failed'),
        );
  };
}
