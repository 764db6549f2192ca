import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readableIssue, readableMessage } from '../../../web/src/forms/messages.js';
import { EventTime, PersonCreate } from '../../../shared/index.js';

const first = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value, { error: readableIssue });
  return r.success ? null : r.error.issues[0]!.message;
};

describe('readable validation messages', () => {
  it('says what to do, never how zod sees it', () => {
    expect(first(PersonCreate, { name: '' })).toBe('Required');
    expect(first(PersonCreate, {})).toBe('Required');
    expect(first(PersonCreate, { name: 'x'.repeat(201) })).toBe('At most 200 characters');
    expect(first(PersonCreate, { name: 'A', emails: ['nope'] })).toBe(
      'Enter an email address such as name@example.com',
    );
    expect(first(EventTime, 'soon')).toBe('Enter a date');
    expect(first(z.number(), 'x')).toBe('Enter a number');
  });
  it("keeps a schema's own message", () => {
    expect(first(PersonCreate, { name: 'A', linkedinUrl: 'https://example.com' })).toBe(
      'must be a LinkedIn profile URL (linkedin.com/in/…)',
    );
  });
  it("rewords the server's default messages and leaves its own ones as they are", () => {
    expect(readableMessage('Too small: expected string to have >=1 characters')).toBe('Required');
    expect(readableMessage('Too big: expected string to have <=500 characters')).toBe('At most 500 characters');
    expect(readableMessage('Invalid input: expected string, received undefined')).toBe('Required');
    expect(readableMessage('Invalid email address')).toMatch(/^Enter an email address/);
    expect(readableMessage('no person with id x in this workspace')).toBe('No person with id x in this workspace');
  });
  it('says what the password rules want in plain words', () => {
    expect(readableMessage('must be at least 10 characters')).toBe('Must be at least 10 characters');
    expect(
      readableMessage('is too easy to guess: This is a commonly used password. Add more words that are less common.'),
    ).toBe('Too easy to guess. This is a commonly used password. Add more words that are less common.');
    expect(readableMessage('is too easy to guess')).toBe(
      'Too easy to guess. Use a few unrelated words, or a longer phrase.',
    );
    expect(readableMessage('is not your current password')).toBe('This is not your current password');
  });
});
