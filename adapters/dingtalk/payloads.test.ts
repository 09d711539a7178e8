import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchDownload } from './api.ts';
import { commandText, messageFiles, robotMessageSchema, type RobotMessage } from './payloads.ts';

const message = (msgtype: string, rest: object): RobotMessage =>
  robotMessageSchema.parse({
    msgId: 'm1',
    msgtype,
    conversationType: '1',
    conversationId: 'cid',
    senderStaffId: '0211',
    ...rest,
  });

describe('robot message words and files', () => {
  it.each([
    ['text', { text: { content: '@Leadline 领取 12 ' } }, '领取 12', []],
    [
      'audio',
      { content: { recognition: '跟进 12 电话 客户要报价', downloadCode: 'a' } },
      '跟进 12 电话 客户要报价',
      [],
    ],
    ['picture', { content: { downloadCode: 'p1', pictureDownloadCode: 'pp1' } }, null, ['p1:picture.jpg']],
    ['picture', { content: { pictureDownloadCode: 'pp1' } }, null, ['pp1:picture.jpg']],
    ['file', { content: { downloadCode: 'f1', fileName: '报价单_v2.pdf' } }, null, ['f1:报价单_v2.pdf']],
    ['video', { content: { downloadCode: 'v1', duration: 3 } }, null, ['v1:video.mp4']],
    [
      'richText',
      {
        content: {
          richText: [{ text: '证据 D12' }, { type: 'picture', downloadCode: 'r1' }, { text: '现场' }],
        },
      },
      '证据 D12 现场',
      ['r1:picture-2.jpg'],
    ],
    ['richText', { content: { richText: [{ text: '我的线索' }] } }, '我的线索', []],
    ['markdown', { content: {} }, null, []],
  ])('%s → words and files', (msgtype, rest, words, files) => {
    const m = message(msgtype, rest);
    expect(commandText(m)).toBe(words);
    expect(messageFiles(m).map((f) => `${f.downloadCode}:${f.name}`)).toEqual(files);
  });
});

describe('fetching a downloadUrl', () => {
  it('refuses a plain-http link that is not on the configured local API base, without fetching it', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end('secret');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file`;
    try {
      await expect(fetchDownload(url, null)).rejects.toMatchObject({ options: { permanent: true } });
      await expect(fetchDownload(url, 'http://127.0.0.1:1')).rejects.toThrow(/refused/);
      expect(hits).toBe(0);
      // The same link is fine when it is on the local API base (tests, staging).
      const got = await fetchDownload(url, url.replace('/file', ''));
      expect(Buffer.from(got.bytes).toString()).toBe('secret');
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses a redirect rather than following it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(fetchDownload(`${origin}/file`, origin)).rejects.toThrow(/download/);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
