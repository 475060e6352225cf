/**
 * The one shape of PresenceBridge's errors: every catalogue (graph, store, identity, alerts, sync, pbx, admin,
 * bot, commands) extends `CodedError`, so what shows errors to admins (the tab's error table, the admin API's
 * answers, the bot) reads `code` and `fix` from the error instead of guessing them from its message.
 * A leaf: imports nothing from src.
 */

/** What an admin is shown of an error: plain data, safe to serialise (no stack, no cause, no secret). */
export interface CodedErrorView {
  code: string;
  /** What went wrong, without the fix. */
  message: string;
  /** What the admin does about it. */
  fix: string;
  /** Structured facts an admin view may show apart (e.g. the missing Graph permission). */
  detail?: Readonly<Record<string, string>>;
}

export interface CodedErrorOptions {
  /** The lower-level error (ES2022 `cause`): for the service log, never shown to admins. */
  cause?: unknown;
  /**
   * When the catalogue's message ends with the fix: the words between problem and fix (e.g. " Fix: ").
   * The message is then `problem + fixInMessage + fix`, and the admin view shows problem and fix apart.
   */
  fixInMessage?: string;
}

export abstract class CodedError extends Error {
  /** Stable identifier: the tab, alerts, the admin API and tests key on it; never reworded. */
  abstract readonly code: string;
  /** The next step for the admin, in their words. */
  readonly fix: string;
  /** What went wrong, without the fix (equal to `message` unless the message ends with the fix). */
  readonly problem: string;

  constructor(problem: string, fix: string, options: CodedErrorOptions = {}) {
    const message = options.fixInMessage === undefined ? problem : `${problem}${options.fixInMessage}${fix}`;
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.problem = problem;
    this.fix = fix;
  }

  /** What an admin is shown. A catalogue overrides it to show the code the admin looks up (e.g. AADSTS7000222). */
  adminView(): CodedErrorView {
    return { code: this.code, message: this.problem, fix: this.fix };
  }
}

export function isCodedError(value: unknown): value is CodedError {
  return value instanceof CodedError;
}
