/**
 * How guessable a password is, by zxcvbn (Wheeler, "zxcvbn: Low-Budget
 * Password Strength Estimation", USENIX Security 2016) in its maintained
 * TypeScript port: dictionaries of common passwords, names and words,
 * keyboard patterns, repeats and sequences. The same rule for every way a
 * password is set: first run, the CLI, a change, a reset, an invitation.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { AppError } from '../core/app-error.js';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
/** The dictionaries take a few hundred milliseconds to load: once, on first use. */
function zxcvbn(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return factory;
}

/**
 * VALIDATION (field `path`) when the password is too short or too easy to
 * guess; `related` (the email, the name) counts as known to an attacker.
 */
export async function assertStrongPassword(password: string, related: string[] = [], path = 'password'): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw AppError.invalid(path, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  // Beyond 100 characters zxcvbn's matching gets slow, and such a password is not guessed anyway.
  const result = await zxcvbn().check(
    password.slice(0, 100),
    related.flatMap((r) => [r, ...r.split(/[@.\s]+/)]),
  );
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
    throw AppError.invalid(path, `is too easy to guess${why ? `: ${why}` : ''}`);
  }
}
