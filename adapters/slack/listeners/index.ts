import type { App } from '@slack/bolt';
import { registerActions } from './actions.ts';
import { registerCommands } from './commands.ts';
import { registerDirectoryEvents } from '../directory-events.ts';
import type { SlackContext } from './context.ts';
import { registerEvents } from './events.ts';
import { registerFiles } from './files.ts';
import { registerMessages } from './messages.ts';
import { registerViews } from './views.ts';

export type { SlackContext } from './context.ts';

/** Every Slack surface Leadline listens to; the same for the HTTP receiver and Socket Mode. */
export function registerListeners(app: App, ctx: SlackContext): void {
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  registerEvents(app, ctx);
  registerFiles(app, ctx);
  registerMessages(app, ctx);
  registerDirectoryEvents(app, ctx);
}
