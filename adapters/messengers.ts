// Every messenger the server can run, in the order they are mounted and listed at start-up.
import { dingtalkMessenger } from './dingtalk/index.ts';
import type { MessengerPlatform } from './messenger.ts';
import { slackMessenger } from './slack/index.ts';
import { wecomMessenger } from './wecom/index.ts';

export const MESSENGERS: readonly MessengerPlatform[] = [slackMessenger, wecomMessenger, dingtalkMessenger];
