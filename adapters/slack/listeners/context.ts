import type { ChatDeps } from '../../../src/conversation/conversation.ts';
import type { FormLinks } from '../../mobile-forms/index.ts';

/** What every listener needs besides Bolt's own arguments. */
export interface SlackContext {
  chat: ChatDeps;
  /** For downloading files people send (url_private needs the bot token). */
  botToken: string;
  /** The bot token is sent only to Slack's file host (or the SLACK_API_URL host in tests and staging). */
  fileHostAllowed(url: string): boolean;
  /** The form pages (PUBLIC_URL set): the daily report opens there instead of a modal (pages.ts). */
  forms?: FormLinks;
}
