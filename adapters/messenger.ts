// What every messenger (one folder under adapters/) gives the server: its routes, a Deliverer for the outbox
// worker, and its connection's start and stop. src/main.ts walks the list in messengers.ts; adding a messenger is
// a new folder and a line there (its people's ids go to person_identities, no schema change).
import type { ChatDeps } from '../src/conversation/conversation.ts';
import type { Deliverer } from '../src/conversation/delivery.ts';
import type { HttpAdapter } from '../src/http/app.ts';
import type { Platform } from '../src/kernel/types.ts';
import type { FormLinks } from './mobile-forms/index.ts';
import type { PageSignIn } from './mobile-forms/sign-in.ts';

export interface Messenger extends HttpAdapter {
  readonly name: Platform;
  /** Adds its HTTP routes, if it has any; a messenger that connects out (Socket Mode, Stream) starts here too. */
  mount: HttpAdapter['mount'];
  readonly deliverer: Deliverer;
  /** Signs its people in on the form pages opened inside it (WeCom OAuth2, DingTalk 免登), when it can. */
  readonly pageSignIn?: PageSignIn;
  /** Opens its connection out (Slack Socket Mode, DingTalk Stream); a no-op for a messenger that is called. */
  start(): Promise<void>;
  /** Closes its connection and waits for the messages it accepted to be worked on. */
  stop(): Promise<void>;
}

/** What a messenger is built from: the environment (its credentials) and the server's shared parts. */
export interface MessengerContext {
  chat: ChatDeps;
  env: NodeJS.ProcessEnv;
  clock: () => number;
  /** Forms as signed mobile pages, for messengers without modals; null when PUBLIC_URL is unset. */
  forms: FormLinks | null;
}

export interface MessengerPlatform {
  readonly name: Platform;
  /**
   * The messenger, or null when its credentials are absent. Throws a ConfigError when they are half there or
   * wrong, so the server refuses to start instead of running without it.
   */
  fromEnv(context: MessengerContext): Messenger | null;
}
