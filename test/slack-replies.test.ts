// sendReplies against the local fake Web API: the order of the calls a reply makes.
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORMS, type Reply } from '../src/kernel/card.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';
import { PNG_1X1 } from './fixtures/files.ts';
import { sendReplies } from '../adapters/slack/replies.ts';

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(() => fake.close());

describe('Slack replies', () => {
  it('opens the modal before the slow work (opening the DM, uploading a chart), while the trigger_id is fresh', async () => {
    const client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const replies: Reply[] = [
      {
        mode: 'ephemeral',
        card: { title: 'Chart', level: 'info', image: { png: PNG_1X1, alt: 'a chart' } },
      },
      {
        mode: 'open_form',
        card: {
          title: 'New lead',
          level: 'info',
          form: {
            id: FORMS.leadNew,
            title: 'New lead',
            submitLabel: 'Create',
            fields: [{ name: 'company', label: 'Company', kind: 'text', required: true }],
          },
        },
      },
    ];
    await sendReplies({ client, userId: 'UALICE', triggerId: fake.issueTrigger() }, replies);
    const methods = fake.calls.map((c) => c.method);
    expect(methods[0]).toBe('views.open');
    expect(methods).toContain('files.completeUploadExternal');
    expect(fake.ok('views.open')).toHaveLength(1);
  });
});
