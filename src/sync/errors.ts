/**
 * The sync core's error catalogue. Validation problems are returned as values (`RuleError[]`); these classes
 * are for callers that want to throw, e.g. at start-up when a stored policy is broken.
 */
import { CodedError, type CodedErrorOptions } from '../coded-error';
import type { RuleError } from './rule-error';

export class SyncError extends CodedError {
  constructor(
    readonly code: 'UNKNOWN_PRESET' | 'INVALID_POLICY' | 'ENGINE_STOPPED' | 'PAUSE_NOT_STORED',
    problem: string,
    fix: string,
    options?: CodedErrorOptions,
  ) {
    super(problem, fix, options);
  }
}

export class UnknownPresetError extends SyncError {
  constructor(name: string, known: readonly string[]) {
    super('UNKNOWN_PRESET', `Unknown preset "${name}":`, `choose one of ${known.join(', ')}.`, { fixInMessage: ' ' });
  }
}

export class InvalidPolicyError extends SyncError {
  constructor(
    readonly errors: readonly RuleError[],
    context = 'policy',
  ) {
    super(
      'INVALID_POLICY',
      `The ${context} is invalid and was not applied: ${errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}.`,
      'correct each rule named above (its path says where), then save the policy again.',
    );
  }
}

export class EngineStoppedError extends SyncError {
  constructor(operation: string) {
    super('ENGINE_STOPPED', `The sync engine is stopped: cannot ${operation}.`, 'Create a new engine to start again.', {
      fixInMessage: ' ',
    });
  }
}

/** A pause or resume could not be stored: it is in effect for now, but not confirmed (a restart may lose it). */
export class PauseNotStoredError extends SyncError {
  constructor(what: string, cause: unknown) {
    super(
      'PAUSE_NOT_STORED',
      `${what[0].toUpperCase()}${what.slice(1)} could not be stored: it is in effect now, but a restart may lose it.`,
      'Check the database (the service log has the cause) and try again.',
      { cause, fixInMessage: ' ' },
    );
  }
}
