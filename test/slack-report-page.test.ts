// Issue 20 §2 on Slack: with PUBLIC_URL set, `/report` and its "fill in on the page" button answer with a link
// button to the daily-report page (no modal), signed for the clicking person, for Slack, single-use. Signed Slack
// requests go into the express app (the local strict fake records what the bot answered); the link is then
// followed with real HTTP: GET the page, POST it as multipart with the browser's position and a camera photo. The
// report is filed with the check-in (GCJ-02) and the photo, and the answer reaches the rep's Slack DM through the
// outbox. The link a second time, after it expired, tampered to name someone else, or used for someone else's
// customer is refused and changes nothing. Without PUBLIC_URL the report stays a modal (the fallback).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPEN_PAGE_ACTION } from '../adapters/slack/pages.ts';
import { deliverOutbox } from '../src/jobs/outbox-worker.ts';
import { ACTIONS, FORMS } from '../src/kernel/card.ts';
import { distanceMeters } from '../src/kernel/geo.ts';
import { t } from '../src/modules/i18n.ts';
import type { Body } from './fixtures/fake-slack.ts';
import { ownedLead, scenePhoto, storedDay } from './fixtures/report-page.ts';
import { startSlackApp, type SlackApp } from './fixtures/slack-app.ts';
import { eventually } from './fixtures/slack-sender.ts';
import { DATABASES, MINUTE, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });
const li = person('li.min', { name: '李敏', locale: 'zh-CN', identities: { slack: 'ULIMIN' } });
const DAY = '2026-11-23';
/** Where the browser says the phone is (WGS-84, People's Square, Shanghai). */
const GPS = { lat: 31.2304, lng: 121.4737, accuracy: 25 };

let env: TestEnv;
let app: SlackApp;

/** The blocks one response_url received, once it has. */
const answer = (id: string) =>
  eventually(() => app.fake.responses.filter((r) => r.id === id).map((r) => r.body)[0]);

/** The link buttons in a message. */
function linkButtons(message: Body): Array<{ action_id: string; url: string; text: { text: string } }> {
  const blocks = (message.blocks ?? []) as Array<{ type: string; elements?: unknown[] }>;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []) as Array<{ action_id: string; url?: string; text: { text: string } }>)
    .filter((e): e is { action_id: string; url: string; text: { text: string } } => e.url !== undefined);
}

/** `/report`, then the draft's "fill in on the page" button: the link Slack shows the person. */
async function pageLink(user: string, n: string): Promise<string> {
  expect((await app.slack.command(user, '/report', '', `cmd-${n}`)).status).toBe(200);
  const draft = JSON.stringify(await answer(`cmd-${n}`));
  expect(draft).toContain(`"action_id":"${ACTIONS.reportForm}"`);
  expect(
    (await app.slack.click(user, { actionId: ACTIONS.reportForm, value: DAY, responseId: `click-${n}` }))
      .status,
  ).toBe(200);
  const buttons = linkButtons(await answer(`click-${n}`));
  expect(buttons).toHaveLength(1);
  return buttons[0]!.url;
}

/** What the page's script posts: the position's parts, a note, photos from the camera, the summary. */
function pageBody(lead: number, photos: Buffer[], summary: string): FormData {
  const body = new FormData();
  body.set('lead', String(lead));
  body.set('place.lat', String(GPS.lat));
  body.set('place.lng', String(GPS.lng));
  body.set('place.accuracy', String(GPS.accuracy));
  body.set('place.time', String(env.clock() - MINUTE));
  body.set('place.datum', 'wgs84');
  body.set('note', 'Shop manager there, restocking');
  for (const [i, p] of photos.entries())
    body.append('photos', new Blob([new Uint8Array(p)], { type: 'image/jpeg' }), `IMG_${i}.jpg`);
  body.set('summary', summary);
  return body;
}

const post = (url: string, body: FormData) => fetch(url, { method: 'POST', body });

describe.each(DATABASES)('Slack daily report as the phone page, on %s', (kind) => {
  const current = useTestEnv(kind);

  beforeEach(async () => {
    env = current();
    app = await startSlackApp(env, 'en', { forms: true });
    await seedOrg(env, [alice, li]);
  });

  afterEach(async () => {
    await app.close();
  });

  it('answers the button with a link to the page, files the report with position and photo, answers in the DM', async () => {
    const shop = await ownedLead(env, alice, 'FamilyMart Xuhui');
    const url = await pageLink('UALICE', 'a');
    expect(url.startsWith(`${app.base}/m/form/`)).toBe(true);
    // No modal: the page takes what a modal cannot (position, photos).
    expect(app.fake.calls.filter((c) => c.method.startsWith('views.'))).toEqual([]);
    const shown = JSON.stringify(await answer('click-a'));
    expect(shown).toContain(t('en', 'report.form.title', { date: DAY }));
    expect(shown).toContain(t('en', 'mform.open'));
    expect(shown).toContain(t('en', 'mform.openHint.browser', { minutes: 30 }));
    expect(app.fake.refused).toEqual([]);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(t('en', 'report.form.title', { date: DAY }));
    expect(html).toContain('name="place.lat"');
    expect(html).toMatch(/<input[^>]*type="file"[^>]*name="photos"|<input[^>]*name="photos"[^>]*type="file"/);

    const res = await post(url, pageBody(shop, [await scenePhoto(0)], 'Visited FamilyMart Xuhui'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(t('en', 'mform.done.title'));

    const { report, photos, checkIns } = await storedDay(env, 'alice', DAY);
    expect(report).toMatchObject({ status: 'filed', summary: 'Visited FamilyMart Xuhui' });
    expect(photos).toHaveLength(1);
    expect(photos[0]).toMatchObject({ leadId: shop });
    expect(checkIns).toHaveLength(1);
    const place = checkIns[0]!.place;
    expect(place.datum).toBe('GCJ02');
    expect(distanceMeters(place, { lat: GPS.lat, lng: GPS.lng, datum: 'WGS84' })).toBeLessThan(1);
    expect(report?.visits).toEqual([expect.objectContaining({ customerId: String(shop), checkIn: place })]);

    // The answer goes to the rep's Slack DM through the outbox.
    const worker = { engine: env.deps, defaultLocale: 'en' as const, deliverers: [app.adapter.deliverer] };
    for (let round = 0; round < 20; round++) {
      const r = await deliverOutbox(worker, { now: env.clock(), limit: 200 });
      if (r.dispatched + r.sent + r.retried === 0) break;
      env.clock.advance(1000);
    }
    expect(app.fake.ok('conversations.open')).toContainEqual(expect.objectContaining({ users: 'UALICE' }));
    const posted = JSON.stringify(app.fake.ok('chat.postMessage'));
    expect(posted).toContain(t('en', 'report.form.photosAdded', { count: 1 }));
  });

  it('refuses the link a second time and after it expired; nothing changes', async () => {
    const shop = await ownedLead(env, alice, 'FamilyMart Xuhui');
    const url = await pageLink('UALICE', 'b');
    const late = await pageLink('UALICE', 'c');
    expect(late).not.toBe(url);
    expect((await post(url, pageBody(shop, [await scenePhoto(0)], 'first'))).status).toBe(200);
    const before = await storedDay(env, 'alice', DAY);

    const again = await post(url, pageBody(shop, [await scenePhoto(1)], 'second'));
    expect(again.status).toBe(409);
    expect(await again.text()).toContain(t('en', 'mform.bad.USED'));
    expect((await fetch(url)).status).toBe(409);

    env.clock.advance(31 * MINUTE);
    const expired = await post(late, pageBody(shop, [await scenePhoto(1)], 'too late'));
    expect(expired.status).toBe(410);
    expect(await storedDay(env, 'alice', DAY)).toEqual(before);
    expect(before.report?.summary).toBe('first');
  });

  it('refuses someone else’s link: tampered to name another rep, or for another rep’s customer; nothing changes', async () => {
    const hers = await ownedLead(env, alice, 'FamilyMart Xuhui');
    await ownedLead(env, li, '全家便利店');
    const mine = await pageLink('ULIMIN', 'd');
    const token = mine.slice(mine.lastIndexOf('/') + 1);
    const [head, payload, sig] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: 'li.min', plat: 'slack', form: FORMS.reportDaily });
    // Li edits the link to act as Alice: the signature no longer matches.
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, sub: 'alice' })).toString('base64url')}.${sig}`;
    const before = { alice: await storedDay(env, 'alice', DAY), li: await storedDay(env, 'li.min', DAY) };
    const tampered = await post(`${app.base}/m/form/${forged}`, pageBody(hers, [await scenePhoto(0)], 'x'));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain(t('en', 'mform.bad.BAD_SIGNATURE'));
    // Her own link, checking in at Alice's customer: not one of hers to choose, the page says so.
    const foreign = await post(mine, pageBody(hers, [await scenePhoto(0)], '不是我的客户'));
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain(
      t('zh-CN', 'mform.missing', { label: t('zh-CN', 'report.form.lead') }),
    );
    expect({ alice: await storedDay(env, 'alice', DAY), li: await storedDay(env, 'li.min', DAY) }).toEqual(
      before,
    );
  });

  it('gives no link to a Slack user who is not in the organisation', async () => {
    expect(
      (await app.slack.click('UNOBODY', { actionId: ACTIONS.reportForm, value: DAY, responseId: 'x' }))
        .status,
    ).toBe(200);
    const shown = await answer('x');
    expect(JSON.stringify(shown)).not.toContain('/m/form/');
    expect(linkButtons(shown)).toEqual([]);
  });

  it('acks the link button’s own click (Slack still sends it) and does nothing more', async () => {
    const url = await pageLink('UALICE', 'e');
    const calls = app.fake.calls.length;
    const payload = {
      type: 'block_actions',
      team: { id: 'T1', domain: 'acme' },
      user: { id: 'UALICE', username: 'UALICE', team_id: 'T1' },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: app.fake.issueTrigger(),
      response_url: app.fake.responseUrl('link-click'),
      container: { type: 'message', message_ts: '1.000002', channel_id: 'DUALICE', is_ephemeral: true },
      actions: [
        {
          type: 'button',
          action_id: OPEN_PAGE_ACTION,
          block_id: 'b1',
          url,
          text: { type: 'plain_text', text: t('en', 'mform.open') },
          action_ts: '2',
        },
      ],
    };
    const res = await app.slack.raw(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(app.fake.calls.length).toBe(calls);
    expect(app.fake.responses.filter((r) => r.id === 'link-click')).toEqual([]);
    // The link itself is untouched by the click: it still opens.
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('Slack daily report without PUBLIC_URL', () => {
  const current = useTestEnv('sqlite');

  beforeEach(async () => {
    env = current();
    app = await startSlackApp(env, 'en');
    await seedOrg(env, [alice]);
  });

  afterEach(async () => {
    await app.close();
  });

  it('stays a modal (summary and key actions), with no link', async () => {
    await app.slack.click('UALICE', { actionId: ACTIONS.reportForm, value: DAY, responseId: 'm' });
    const update = await eventually(() => app.fake.ok('views.update')[0]);
    expect(JSON.stringify(update)).toContain(`"callback_id":"${FORMS.reportDaily}"`);
    expect(JSON.stringify(app.fake.responses)).not.toContain(OPEN_PAGE_ACTION);
  });
});
