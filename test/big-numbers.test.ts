// Numbers past any record or amount (issue 22): PostgreSQL refuses values past its bigint, so
// `claim 99999999999999999999` answered "something went wrong" and a huge budget was a 500. Such numbers name
// nothing: help in chat, 400 on the API; on both databases.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify, type ChatDeps } from '../src/conversation/conversation.ts';
import { createApp } from '../src/http/app.ts';
import { t } from '../src/modules/i18n.ts';
import { createApiKey } from '../src/modules/leads/use-cases/api-keys.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const HUGE = '99999999999999999999';

describe.each(DATABASES)('numbers past any id on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let chat: ChatDeps;
  beforeEach(async () => {
    env = current();
    chat = { engine: env.deps, defaultLocale: 'en' };
    await seedOrg(env, [person('alice', { locale: 'en' })]);
  });

  it('chat: a command or a button with such a number gets help, not a failure', async () => {
    const alice = await identify(chat, 'playground', 'alice');
    const failed = t('en', 'error.title');
    for (const text of [
      `claim ${HUGE}`,
      `deal D${HUGE}`,
      `why ${HUGE}`,
      `touch ${HUGE} call x`,
      `done T${HUGE}`,
      `ack W${HUGE}`,
      `answer R${HUGE} x`,
      `checkin ${HUGE}`,
      `deal new 1 ${HUGE}`,
      `plan ${HUGE}`,
    ]) {
      const replies = await handleInbound(chat, alice, { kind: 'command', text });
      expect(
        replies.map((r) => r.card.title),
        text,
      ).not.toContain(failed);
    }
    for (const actionId of ['lead.claim', 'lead.why', 'deal.open', 'deal.done', 'kbi.ack', 'report.read']) {
      const replies = await handleInbound(chat, alice, { kind: 'action', actionId, value: HUGE });
      expect(
        replies.map((r) => r.card.title),
        actionId,
      ).toEqual([t('en', 'help.title')]);
    }
  });

  describe('the API', () => {
    let server: Server;
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    });

    it('refuses a budget past any amount (1万亿 yuan) with 400 naming it', async () => {
      const k = await createApiKey(env.deps, 'form');
      if (k.kind !== 'created') throw new Error('no key');
      server = await new Promise<Server>((resolve) => {
        const s = createApp({ deps: env.deps, locale: 'en' }).listen(0, '127.0.0.1', () => resolve(s));
      });
      const { trialEndsAt: _t, ...fields } = leadFields();
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/leads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...fields, budget: 1e20 }),
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { fields: Array<{ field: string }> };
      expect(json.fields.map((f) => f.field)).toEqual(['budget']);
    });
  });
});
