// F40: the playground works through any instance — nothing it needs lives in one process's memory.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { playgroundDeliverer } from '../src/conversation/playground-deliverer.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { createApp } from '../src/http/app.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { createPgSchema, leadFields, person, pgTestEnv, seedOrg, type PgTestSchema } from './helpers.ts';

let schema: PgTestSchema;
beforeAll(async () => {
  schema = await createPgSchema();
});
afterAll(async () => {
  await schema.drop();
});

async function listen(app: ReturnType<typeof createApp>): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('two instances behind a load balancer, one PostgreSQL database', () => {
  it('serves a claim made on one instance and the inbox read on the other', async () => {
    const env = await pgTestEnv(schema);
    const other = await env.openAnother();
    const a = await listen(
      createApp({
        deps: env.deps,
        locale: 'en',
        adapters: [playgroundAdapter({ chat: { engine: env.deps, defaultLocale: 'en' } })],
      }),
    );
    const bDeps = { ...env.deps, store: other };
    const b = await listen(
      createApp({
        deps: bDeps,
        locale: 'en',
        adapters: [playgroundAdapter({ chat: { engine: bDeps, defaultLocale: 'en' } })],
      }),
    );
    try {
      await seedOrg(env, [person('alice', { name: 'Alice', locale: 'en' })]);
      const r = await submitLead(env.deps, { fields: leadFields({ company: 'Acme' }), via: 'api' });
      const leadId = r.kind === 'created' ? r.lead.id : 0;
      // Instance B's worker delivers; instance A shows it.
      await deliverOutbox(
        { engine: bDeps, defaultLocale: 'en', deliverers: [playgroundDeliverer] },
        { now: env.clock() },
      );
      const inboxA = (await (await fetch(`${a.base}/playground/api/inbox?as=alice`)).json()) as {
        messages: Array<{ id: number; card: { title: string } }>;
      };
      expect(inboxA.messages[0]?.card.title).toContain('Acme');
      // The click goes to A; the result is read on B.
      const click = await fetch(`${a.base}/playground/api/click`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          as: 'alice',
          messageId: inboxA.messages[0]?.id,
          actionId: 'lead.claim',
          value: String(leadId),
        }),
      });
      expect(click.status).toBe(200);
      await deliverOutbox(
        { engine: env.deps, defaultLocale: 'en', deliverers: [playgroundDeliverer] },
        { now: env.clock() },
      );
      const inboxB = (await (await fetch(`${b.base}/playground/api/inbox?as=alice`)).json()) as {
        messages: Array<{ card: { body?: string } }>;
      };
      // Alice's own copy, read on the other instance: "you".
      expect(inboxB.messages[0]?.card.body).toContain('Yours: you claimed it');
    } finally {
      a.server.closeAllConnections();
      b.server.closeAllConnections();
      await new Promise((resolve) => a.server.close(resolve));
      await new Promise((resolve) => b.server.close(resolve));
      await other.close();
      await env.close();
    }
  });
});
