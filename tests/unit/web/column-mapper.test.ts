import { describe, expect, it } from 'vitest';
import { csvHeader, guessMapping, isLinkedInHeader } from '../../../web/src/forms/column-mapper.js';

describe('column mapper', () => {
  it('reads the header row: BOM, blank lines, quotes, comma, semicolon or tab', () => {
    expect(csvHeader('\uFEFF\n"Full Name","E-mail, work",Company\nAna,a@x.com,Acme')).toEqual([
      'Full Name',
      'E-mail, work',
      'Company',
    ]);
    expect(csvHeader('Name;E-Mail;Firma\r\nA;b;c')).toEqual(['Name', 'E-Mail', 'Firma']);
    expect(csvHeader('Name\tEmail\n')).toEqual(['Name', 'Email']);
    expect(csvHeader('"He said ""hi""",x')).toEqual(['He said "hi"', 'x']);
    expect(csvHeader('')).toEqual([]);
  });
  it('guesses fields from column names, each column once', () => {
    expect(guessMapping(['Full Name', 'E-mail', 'Organization', 'Job Title', 'Notes', 'Other'])).toEqual({
      name: 'Full Name',
      emails: 'E-mail',
      company: 'Organization',
      position: 'Job Title',
      notes: 'Notes',
    });
    expect(guessMapping(['Given Name', 'Family Name', 'E-mail 1 - Value', 'E-mail 2 - Value'])).toEqual({
      firstName: 'Given Name',
      lastName: 'Family Name',
      emails: 'E-mail 1 - Value',
    });
  });
  it('knows a LinkedIn file needs no mapping', () => {
    expect(
      isLinkedInHeader(['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On']),
    ).toBe(true);
    expect(isLinkedInHeader(['Full Name', 'E-mail'])).toBe(false);
  });
  it('knows every LinkedIn file, not only Connections.csv', () => {
    const messages =
      'CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER';
    expect(isLinkedInHeader(csvHeader(messages))).toBe(true);
    expect(isLinkedInHeader(['From', 'To', 'Sent At', 'Message', 'Direction'])).toBe(true);
    expect(isLinkedInHeader(['First Name', 'Last Name', 'Maiden Name', 'Headline', 'Summary'])).toBe(true);
    // A contacts CSV with From/To columns of its own is still mapped.
    expect(isLinkedInHeader(['Name', 'From', 'To'])).toBe(false);
  });
});
