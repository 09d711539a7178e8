// Voice clips sent to the bot's DM in Slack, over real signed HTTP against the strict fake (issue 19, defect 4):
// a clip still being transcribed is acted on when the transcript arrives (`file_change`), a long clip is read from
// its whole transcript (the WebVTT file), never from the cut preview, and a clip with no transcript is not filed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, FORMS } from '../src/kernel/card.ts';
import { t } from '../src/modules/i18n.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { openReport } from '../src/modules/reports/use-cases/report-draft.ts';
import { eventually } from './fixtures/slack-sender.ts';
import { startSlackApp, type SlackApp } from './fixtures/slack-app.ts';
import { DATABASES, leadFields, person, seedOrg, useTestEnv, type TestEnv } from './helpers.ts';

const alice = person('alice', { name: 'Alice', locale: 'en', identities: { slack: 'UALICE' } });

describe.each(DATABASES)('Slack voice clips on %s', (kind) => {
  const current = useTestEnv(kind);
  let env: TestEnv;
  let s: SlackApp;

  beforeEach(async () => {
    env = current();
    s = await startSlackApp(env);
    await seedOrg(env, [alice]);
  });
  afterEach(async () => {
    await s.close();
  });

  const dmText = () =>
    s.fake
      .ok('chat.postMessage')
      .filter((b) => b.channel === 'UALICE' || b.channel === 'DUALICE')
      .map((b) => JSON.stringify(b))
      .join('\n');
  const summary = async () => {
    const me = await env.deps.store.transaction((tx) => tx.org.person('alice'));
    return (await openReport(env.deps, me!)).report.summary;
  };

  let seq = 0;
  /** A clip as Slack shares it in the DM (message.im, subtype file_share), and as files.info describes it. */
  function shareClip(transcription: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const id = `FCLIP${++seq}`;
    const file = {
      id,
      user: 'UALICE',
      name: 'audio_message.m4a',
      mimetype: 'audio/mp4',
      subtype: 'slack_audio',
      size: 40_000,
      transcription,
      ...extra,
    };
    s.fake.fileInfos.set(id, file);
    const sent = s.slack.event({
      type: 'message',
      subtype: 'file_share',
      channel: 'DUALICE',
      channel_type: 'im',
      user: 'UALICE',
      text: '',
      ts: `1700000300.00000${seq}`,
      files: [file],
    });
    return { id, file, sent };
  }

  it('tells the rep a clip is being transcribed, then acts on it once the transcript arrives', async () => {
    const said = 'Met the clinic owner, she wants a quote by Friday';
    const clip = shareClip({ status: 'processing' });
    expect((await clip.sent).status).toBe(200);
    await eventually(() => dmText().includes(t('en', 'voice.pending')) || undefined);
    expect(await summary()).not.toBe(said);
    const told = s.fake.ok('chat.postMessage').length;

    // Slack finishes; the change comes as a `file_change` event carrying only the id.
    s.fake.fileInfos.set(clip.id, {
      ...clip.file,
      transcription: { status: 'complete', preview: { content: said } },
    });
    const change = { type: 'file_change', file_id: clip.id, file: { id: clip.id } };
    expect((await s.slack.event(change)).status).toBe(200);
    await eventually(async () => ((await summary()) === said ? true : undefined));
    await eventually(() => s.fake.ok('chat.postMessage').length > told || undefined);

    // The same change again (another edit, a redelivery) does not act twice.
    const before = s.fake.ok('chat.postMessage').length;
    expect((await s.slack.event(change)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.fake.ok('chat.postMessage').length).toBe(before);
  });

  it('reads a long clip from its whole transcript, not from the cut preview', async () => {
    const whole =
      'Visited the hospital in Pudong, the head of procurement joined, they asked for three references';
    const vtt = s.fake.hostFile(
      'VTT1',
      new TextEncoder().encode(
        `WEBVTT\n\n1\n00:00:00.000 --> 00:00:04.000\n<v Alice>Visited the hospital in Pudong,\n\n` +
          `2\n00:00:04.000 --> 00:00:09.000\nthe head of procurement joined, they asked for three references\n`,
      ),
    );
    const clip = shareClip(
      { status: 'complete', preview: { content: 'Visited the hospital in', has_more: true } },
      { vtt },
    );
    expect((await clip.sent).status).toBe(200);
    await eventually(async () => ((await summary()) === whole ? true : undefined));
  });

  it('offers a clip’s ticks with a button that opens them as a modal, and keeps what was ticked', async () => {
    const r = await submitLead(env.deps, { fields: leadFields({ company: 'Pudong Clinic' }), via: 'api' });
    if (r.kind !== 'created') throw new Error('expected a lead');
    await s.slack.command('UALICE', '/lead', `claim ${r.lead.id}`, 'claim');
    const clip = shareClip({
      status: 'complete',
      preview: { content: 'The customer says the price is too high. The new CFO also joins the review.' },
    });
    expect((await clip.sent).status).toBe(200);
    // No PUBLIC_URL here, and a clip brings no trigger_id: the ticks come with a button to open them.
    const card = await eventually(() =>
      s.fake.ok('chat.postMessage').find((b) => JSON.stringify(b).includes(ACTIONS.reportSpoken)),
    );
    const button = JSON.stringify(card);
    expect(button).toContain(t('en', 'spoken.title'));
    const value = (
      (card.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>)
        .flatMap((b) => b.elements ?? [])
        .find((e) => e.action_id?.startsWith(ACTIONS.reportSpoken)) ?? {}
    ).value;
    expect(value).toBeDefined();
    await s.slack.click('UALICE', { actionId: ACTIONS.reportSpoken, value: value!, responseId: 'ticks' });
    // The click's trigger opens the placeholder, and the ticks form fills it.
    const form = await eventually(() => s.fake.ok('views.update')[0]);
    expect(form).toMatchObject({ view: { type: 'modal', callback_id: FORMS.reportSpoken } });
    const meta = (form.view as { private_metadata?: string }).private_metadata;
    const res = await s.slack.submit(
      'UALICE',
      FORMS.reportSpoken,
      { lead: String(r.lead.id), item0: 'keep', item1: 'skip' },
      meta,
    );
    expect(res.status).toBe(200);
    await eventually(async () => {
      const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
      return events.some((e) => e.type === 'lead.spoken') || undefined;
    });
    const kept = (await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id))).filter(
      (e) => e.type === 'lead.spoken',
    );
    expect(kept).toHaveLength(1);
  });

  it('files nothing from a clip Slack could not transcribe, and says so', async () => {
    const clip = shareClip({ status: 'failed' });
    expect((await clip.sent).status).toBe(200);
    await eventually(() => dmText().includes(t('en', 'voice.noSlackTranscript').slice(0, 30)) || undefined);
    expect(await summary()).toBe('');
  });

  it('ignores a file_change for a file that was never a pending clip', async () => {
    s.fake.fileInfos.set('FOTHER', {
      id: 'FOTHER',
      user: 'UALICE',
      subtype: 'slack_audio',
      transcription: { status: 'complete', preview: { content: 'not for us' } },
    });
    expect(
      (await s.slack.event({ type: 'file_change', file_id: 'FOTHER', file: { id: 'FOTHER' } })).status,
    ).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.fake.calls.filter((c) => c.method === 'files.info')).toEqual([]);
    expect(await summary()).not.toBe('not for us');
  });
});
