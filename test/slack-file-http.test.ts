// Slack's file transfers through the one axios client of adapters/slack/http.ts, over real HTTP to the fake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDeliveryError } from '../adapters/slack/deliverer.ts';
import { downloadFile, SlackFileError, uploadBytes } from '../adapters/slack/http.ts';
import { startFakeSlack, type FakeSlack } from './fixtures/fake-slack.ts';

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());

describe('Slack file transfers', () => {
  it('downloads a shared file with the bot token, and only with it', async () => {
    const url = fake.hostFile('F1', new Uint8Array([1, 2, 3]));
    expect([...(await downloadFile(url, 'xoxb-test', 1024))]).toEqual([1, 2, 3]);
    expect(fake.downloads.at(-1)?.authorization).toBe('Bearer xoxb-test');
    await expect(downloadFile(url, 'xoxb-wrong', 1024)).rejects.toMatchObject({ code: 'HTTP', status: 404 });
  });

  it('stops a download past the size limit as TOO_BIG', async () => {
    const url = fake.hostFile('F2', new Uint8Array(5000));
    await expect(downloadFile(url, 'xoxb-test', 4096)).rejects.toMatchObject({ code: 'TOO_BIG' });
  });

  it('turns a refused upload and an unreachable host into errors with their cause', async () => {
    await expect(
      uploadBytes(`${fake.apiUrl.replace(/api\/$/, '')}upload/nope`, new Uint8Array(3)),
    ).rejects.toMatchObject({
      code: 'HTTP',
      status: 404,
    });
    await expect(uploadBytes('http://127.0.0.1:9/upload/x', new Uint8Array(3))).rejects.toMatchObject({
      code: 'NETWORK',
    });
  });

  it('makes an upload answered 429 a wait that uses up no attempt, and other failures worth a retry', () => {
    expect(toDeliveryError('upload', new SlackFileError('HTTP', 'x', 429)).options).toEqual({
      rateLimited: true,
    });
    expect(toDeliveryError('upload', new SlackFileError('HTTP', 'x', 404)).options).toEqual({});
    expect(toDeliveryError('upload', new SlackFileError('NETWORK', 'x')).options).toEqual({});
  });
});
