// Issue 21 item 7: `why` shows a rep their own reasons and figures (rounded), not every colleague's score; the
// team's manager, a director and an admin read everyone's. Through the playground's JSON API over real HTTP, on a
// real SQLite file, in English and Chinese.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playgroundAdapter } from '../adapters/web/index.ts';
import { createApp } from '../src/http/app.ts';
import { t, type Locale } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import type { RoutingExplanation } from '../src/modules/leads/rules/routing.ts';
import { leadFields, person, seedOrg, testEnv, type TestEnv } from './helpers.ts';

interface Reply {
  title: string;
  body?: string;
}

describe.each(['en', 'zh-CN'] as const)(
  'why, read by a rep and by those above them, in %s',
  (locale: Locale) => {
    let env: TestEnv;
    let server: Server;
    let base: string;

    beforeEach(async () => {
      env = testEnv();
      // 张伟 sells 医疗基建 and gets the hospital lead first; 李敏 gets it when he passes it on.
      await seedOrg(env, [], {
        people: [
          person('boss', { role: 'manager', name: '王强', locale }),
          person('alice', { name: '李敏', skills: ['家装'], locale }),
          person('bob', { name: '张伟', skills: ['医疗基建'], locale }),
          person('dir', { role: 'director', name: '孙总', teamId: null, locale }),
          person('adm', { role: 'admin', name: '周管', teamId: null, locale }),
        ],
      });
      const app = createApp({
        deps: env.deps,
        locale: 'zh-CN',
        adapters: [playgroundAdapter({ chat: { engine: env.deps, defaultLocale: 'zh-CN' } })],
      });
      server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await submitLead(env.deps, { fields: leadFields({ industry: '医疗基建' }), via: 'api' });
      expect(r.kind === 'created' && r.lead.ownerId).toBe('bob');
    });

    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await env.close();
    });

    async function say(as: string, text: string): Promise<Reply[]> {
      const res = await fetch(`${base}/playground/api/say`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ as, text }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { replies: Reply[] }).replies;
    }
    const why = locale === 'en' ? 'why 1' : '为什么 1';
    async function whyBody(as: string): Promise<string> {
      const [reply] = await say(as, why);
      expect(reply?.title).toBe(t(locale, 'why.title', { id: 1 }));
      return reply?.body ?? '';
    }
    const decisions = async (): Promise<RoutingExplanation[]> =>
      (await env.deps.store.transaction((tx) => tx.leads.routingDecisions(1))).map((d) => d.explanation);
    const considered = (e: RoutingExplanation | undefined, id: string) => {
      const c = e?.considered.find((x) => x.personId === id);
      if (c === undefined) throw new Error(`${id} was not considered in ${JSON.stringify(e)}`);
      return c;
    };

    it('tells the rep it went to why it reached them, with their own rounded figures and no colleague', async () => {
      const [first] = await decisions();
      const mine = considered(first, 'bob');
      const body = await whyBody('bob');
      expect(body).toContain(t(locale, 'why.you.offered', { reasons: '' }).replace(/[.。]$/, ''));
      expect(body).toContain(t(locale, 'why.reason.skill', { skills: '医疗基建' }));
      expect(body).toContain(t(locale, 'why.reason.load', { open: mine.openLeads, capacity: 8 }));
      expect(body).toContain(
        t(locale, 'why.you.score', { total: Math.round(mine.total), parts: '' }).split(/[(（]/)[0],
      );
      // Whole points only: the stored totals keep four decimals.
      expect(body).not.toMatch(/\d\.\d/);
      // Nothing about 李敏: not her name, not her score.
      expect(body).not.toContain('李敏');
      expect(body).not.toContain(String(considered(first, 'alice').total));
    });

    it('tells a rep it reached second why it first went elsewhere: their own score, not the colleague’s', async () => {
      await say('bob', locale === 'en' ? 'pass 1' : '放弃 1');
      const [first, second] = await decisions();
      expect(second?.winnerId).toBe('alice');
      const alice1 = considered(first, 'alice');
      const bob1 = considered(first, 'bob');
      const body = await whyBody('alice');
      // The first decision: who got it and why (skills, no figures), and her own lower score.
      expect(body).toContain(
        t(locale, 'why.you.elsewhere', {
          name: '张伟',
          reason: t(locale, 'why.reason.skill', { skills: '医疗基建' }),
        }),
      );
      expect(body).toContain(String(Math.round(alice1.total)));
      expect(body).not.toContain(String(Math.round(bob1.total)));
      // The second: hers. 张伟's cooldown is his business.
      expect(body).toContain(t(locale, 'why.you.offered', { reasons: '' }).replace(/[.。]$/, ''));
      expect(body).not.toContain(t(locale, 'skip.COOLDOWN', { until: '' }).split(/[(（]/)[0]);
      expect(body).not.toMatch(/\d\.\d/);
      // 张伟, still a holder, reads his own part of both decisions: routed to him, then skipped.
      const his = await whyBody('bob');
      expect(his).not.toContain(String(Math.round(alice1.total)));
      expect(his).toContain(t(locale, 'why.you.skipped', { reason: '' }).replace(/[.。]$/, ''));
    });

    it('shows the team’s manager, a director and an admin everyone’s figures, rounded', async () => {
      await say('bob', locale === 'en' ? 'pass 1' : '放弃 1');
      const [first] = await decisions();
      const alice1 = considered(first, 'alice');
      const runnerUp = t(locale, 'why.runnerUp.load', {
        name: '李敏',
        total: Math.round(alice1.total),
        open: alice1.openLeads,
        capacity: alice1.capacity,
      });
      for (const who of ['boss', 'dir', 'adm']) {
        const body = await whyBody(who);
        expect(body, who).toContain(runnerUp);
        expect(body, who).toContain(
          t(locale, 'why.reason.total', { total: Math.round(considered(first, 'bob').total) }),
        );
        expect(body, who).not.toMatch(/\d\.\d/);
      }
    });
  },
);
