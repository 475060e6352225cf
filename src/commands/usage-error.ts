import { CodedError } from '../coded-error';

/** A command was called with the wrong words: the CLI prints the message and the command's usage. */
export class UsageError extends CodedError {
  readonly code = 'badUsage';
  constructor(message: string) {
    super(
      message,
      'call the command again as the usage line printed below this message shows; `presence-bridge help` lists every command.',
    );
  }
}
