// Every regex run over what a person typed must take linear time: a 48 KB DingTalk message once held the server
// for seconds in a quadratic one (issue 22). Each parser gets adversarial 100 KB texts; the bound is generous
// (a loaded 2-core machine passes easily) and far below what a quadratic pattern needs at this size.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { commandText as dingTalkText, robotMessageSchema } from '../adapters/dingtalk/payloads.ts';
import { commandText as slackText } from '../adapters/slack/payloads.ts';
import { WORDS } from '../src/conversation/commands.ts';
import { readCommand } from '../src/conversation/parse-command.ts';

const SIZE = 100_000;
const BOUND_MS = 200;
const fill = (unit: string, tail = '') => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE) + tail;

/** Texts that make backtracking patterns over spaces, mentions, digits and separators work hardest. */
const HOSTILE: Record<string, string> = {
  'mentions then a word': fill(' @x', ' end'),
  'mentions then a lone @': fill(' @x', ' @'),
  'spaces then a word': fill(' ', 'x'),
  'at signs': fill('@'),
  'ideographic spaces and mentions': fill('\u3000@用户'),
  'slack mentions never closed': fill('<@U1|'),
  'a slack id never closed': '<@' + fill('U'),
  'digits and commas': fill('1,'),
  'digits and spaces then a comma': '1' + fill(' ', ','),
  decimals: fill('1.1 '),
  words: fill('ab '),
};

/** The fastest of up to three runs: a garbage collection pause must not fail a linear parser; a quadratic one is slow every time. */
function elapsed(run: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 3 && best >= BOUND_MS; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const dingTalkMessage = (content: string) =>
  robotMessageSchema.parse({
    msgId: 'm1',
    msgtype: 'text',
    text: { content },
    conversationType: '1',
    conversationId: 'cid',
    senderStaffId: '0211',
  });

describe('regexes over user text run in linear time on 100 KB of hostile input', () => {
  it.each(Object.entries(HOSTILE))('DingTalk mention stripping: %s', (_, text) => {
    const message = dingTalkMessage(text);
    expect(elapsed(() => dingTalkText(message))).toBeLessThan(BOUND_MS);
  });

  it.each(Object.entries(HOSTILE))('Slack slash command text: %s', (_, text) => {
    expect(elapsed(() => slackText('/lead', text))).toBeLessThan(BOUND_MS);
  });

  it.each(Object.entries(HOSTILE))('the command parser, after every command word: %s', (_, text) => {
    for (const word of WORDS.keys()) {
      expect(
        elapsed(() => readCommand(`${word} 1 ${text}`)),
        word,
      ).toBeLessThan(BOUND_MS);
    }
  });

  it('still strips the robot mention at either end', () => {
    expect(dingTalkText(dingTalkMessage('@Leadline 领取 12 @张三 @李四 '))).toBe('领取 12');
    expect(dingTalkText(dingTalkMessage('跟进 12 a@b.com 客户'))).toBe('跟进 12 a@b.com 客户');
    expect(dingTalkText(dingTalkMessage('跟进 12 @'))).toBe('跟进 12 @');
    expect(slackText('/lead', 'assign 12 <@U0PAT|pat> <@U0SAM>')).toBe('assign 12 @U0PAT @U0SAM');
  });
});
