import type { ChatDeps } from '../../../src/chat/conversation.ts';

/** What every listener needs besides Bolt's own arguments. */
export interface SlackContext {
  chat: ChatDeps;
}
