// The base of every error Leadline throws on purpose: a stable `code` from a string union of its class (as bolt-js
// does in src/errors.ts), so callers and logs branch on the code, never on the words. Expected business outcomes
// are returned, not thrown (STYLE.md); these are for broken invariants, bad configuration and failing
// infrastructure.
export class CodedError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
