// Which servers get the form pages: a messenger and PUBLIC_URL. Slack alone counts since its daily report opens as
// the page (issue 20 §2); the link key then comes from Slack's own secret, so two instances sign alike.
import { describe, expect, it } from 'vitest';
import type { ChatDeps } from '../../src/conversation/conversation.ts';
import { mobileFormsFromEnv } from './index.ts';
import { formSecret, verifyFormToken } from './token.ts';

const chat = { engine: {}, defaultLocale: 'en' } as unknown as ChatDeps;
const now = Date.parse('2026-11-23T02:00:00Z');
const form = { id: 'report.daily' as const, title: 'Daily report', submitLabel: 'File', fields: [] };
const build = (env: NodeJS.ProcessEnv, publicUrl: string | null = 'https://leadline.example.com') =>
  mobileFormsFromEnv({ chat, env, publicUrl, formSecret: null, clock: () => now });

describe('mobileFormsFromEnv', () => {
  it('serves the pages on a Slack-only server, links signed with a key derived from its signing secret', () => {
    const forms = build({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sign-1' });
    expect(forms).not.toBeNull();
    const url = forms!.url('alice', 'slack', form);
    expect(url.startsWith('https://leadline.example.com/m/form/')).toBe(true);
    const token = url.slice(url.lastIndexOf('/') + 1);
    expect(verifyFormToken(formSecret(null, 'sign-1'), token, now)).toMatchObject({
      ok: true,
      claims: { personId: 'alice', platform: 'slack', formId: 'report.daily' },
    });
    expect(verifyFormToken(formSecret(null, 'other'), token, now)).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  it('uses the app token in Socket Mode, and nothing without a messenger or without PUBLIC_URL', () => {
    expect(build({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).not.toBeNull();
    expect(build({ SLACK_SIGNING_SECRET: 'sign-1' })).toBeNull();
    expect(build({})).toBeNull();
    expect(build({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'sign-1' }, null)).toBeNull();
  });
});
