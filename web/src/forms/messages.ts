/**
 * Validation messages a person can act on: "Required", "At most 200
 * characters", "Enter an email address such as name@example.com", never
 * "Too small: expected string to have >=1 characters". Installed as zod's
 * fallback in the browser (a schema's own message still wins), and applied to
 * the server's field errors, which carry zod's default wording.
 */
import { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodConfig['customError']>>[0];

const FORMATS: Record<string, string> = {
  email: 'Enter an email address such as name@example.com',
  date: 'Enter a date',
  datetime: 'Enter a date and time',
  url: 'Enter a web address',
  regex: 'Not in the expected form',
};

export function readableIssue(issue: Issue): string | undefined {
  const i = issue as Issue & {
    expected?: string;
    origin?: string;
    minimum?: number | bigint;
    maximum?: number | bigint;
    format?: string;
  };
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined || i.input === null || i.input === '') return 'Required';
      return i.expected === 'number' ? 'Enter a number' : i.expected === 'boolean' ? 'Choose yes or no' : 'Not valid';
    case 'too_small':
      if (i.origin === 'string') return Number(i.minimum) <= 1 ? 'Required' : `At least ${i.minimum} characters`;
      if (i.origin === 'array') return Number(i.minimum) <= 1 ? 'Choose at least one' : `Choose at least ${i.minimum}`;
      return `At least ${i.minimum}`;
    case 'too_big':
      if (i.origin === 'string') return `At most ${i.maximum} characters`;
      if (i.origin === 'array') return `At most ${i.maximum}`;
      return `At most ${i.maximum}`;
    case 'invalid_format':
      return FORMATS[i.format ?? ''] ?? 'Not in the expected form';
    case 'invalid_value':
      return 'Choose one of the options';
    case 'invalid_union':
      return 'Enter a date';
    default:
      return undefined;
  }
}

/** zod's default English messages, as the server sends them, in plain words. */
const SERVER: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=?1 characters?$/, () => 'Required'],
  [/^Too small: expected string to have >=?(\d+) characters$/, (m) => `At least ${m[1]} characters`],
  [/^Too big: expected string to have <=?(\d+) characters$/, (m) => `At most ${m[1]} characters`],
  [/^Too small: expected array to have >=?1 items?$/, () => 'Choose at least one'],
  [
    /^Too (small|big): expected number to be [<>]=?(-?[\d.]+)$/,
    (m) => `${m[1] === 'small' ? 'At least' : 'At most'} ${m[2]}`,
  ],
  [/^Invalid input: expected \w+, received (undefined|null)$/, () => 'Required'],
  [/^Invalid input: expected number, received \w+$/, () => 'Enter a number'],
  [/^Invalid email address$/, () => FORMATS.email!],
  [/^Invalid ISO date$/, () => FORMATS.date!],
  [/^Invalid ISO datetime$/, () => FORMATS.datetime!],
  [/^Invalid option: expected one of .*$/, () => 'Choose one of the options'],
  [/^Invalid input$/, () => 'Not valid'],
  // The password rules (server/accounts/password-strength.ts), with zxcvbn's own advice when it has some.
  [
    /^is too easy to guess(?:: (.+))?$/,
    (m) => `Too easy to guess. ${m[1] ?? 'Use a few unrelated words, or a longer phrase.'}`,
  ],
  [/^is not your current password$/, () => 'This is not your current password'],
  [/^is not your password$/, () => 'This is not your password'],
];

export function readableMessage(message: string): string {
  for (const [re, words] of SERVER) {
    const m = re.exec(message);
    if (m) return words(m);
  }
  return message.replace(/^./, (c) => c.toUpperCase());
}

/** Once, at boot: zod's messages in the browser become readable ones. */
export function installReadableMessages(): void {
  z.config({ customError: readableIssue });
}
