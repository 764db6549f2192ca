/**
 * LinkedIn's Connections.csv, every shape seen since 2018: with or without
 * the "Notes:" preamble, 6 columns or 7 (URL after Last Name), columns found
 * by name, `14 Feb 2020` or `1/8/18, 6:14 PM` dates, `urn:li:member:` in the
 * email column, and rows holding only a date for members who hide their
 * profile (counted, nobody created).
 */
import { Email, normalizeLinkedInUrl, type PersonCreate } from '../../../shared/index.js';
import { type TextInput, type TextSource, cell, columnIndex, rowBatchesAfter } from '../csv-reader.js';
import type { ConnectionRow, ConnectionsParse, Rejection, Warning } from '../import.types.js';
import { parseDay } from '../linkedin-dates.js';
import { checkPerson, detached, isConnectionsHeader, openCsv, quote } from './parser-kit.js';

const COLUMNS: Partial<Record<keyof PersonCreate, string>> = {
  name: 'First Name/Last Name',
  firstName: 'First Name',
  lastName: 'Last Name',
  emails: 'Email Address',
  linkedinUrl: 'URL',
  company: 'Company',
  position: 'Position',
  connectedOn: 'Connected On',
};

export async function parseConnections(
  input: TextInput | TextSource,
  { file = 'Connections.csv' }: { file?: string } = {},
): Promise<ConnectionsParse> {
  const { source, header } = await openCsv(input, file, isConnectionsHeader, 'First Name, Last Name and Connected On');
  const col = {
    first: columnIndex(header, 'firstname'),
    last: columnIndex(header, 'lastname'),
    url: columnIndex(header, 'url', 'profileurl'),
    email: columnIndex(header, 'emailaddress', 'email'),
    company: columnIndex(header, 'company'),
    position: columnIndex(header, 'position'),
    date: columnIndex(header, 'connectedon'),
  };
  const rows: ConnectionRow[] = [];
  const rejected: Rejection[] = [];
  const warnings: Warning[] = [];
  let hidden = 0;
  let nonProfileUrls = 0;
  const reject = (line: number, reason: string) => rejected.push({ line, reason, file });

  for await (const batch of rowBatchesAfter(source, header, file))
    for (const r of batch) {
      const firstName = cell(r, col.first);
      const lastName = cell(r, col.last);
      const rawUrl = cell(r, col.url);
      const rawEmail = cell(r, col.email);
      const company = cell(r, col.company);
      const position = cell(r, col.position);
      const rawDate = cell(r, col.date);
      if (!firstName && !lastName && !rawUrl && !rawEmail && !company && !position) {
        if (rawDate) hidden++;
        continue;
      }
      const name = [firstName, lastName].filter(Boolean).join(' ');
      if (!name) {
        reject(r.line, 'no First Name or Last Name');
        continue;
      }
      const connectedOn = rawDate ? parseDay(rawDate) : null;
      if (rawDate && !connectedOn) {
        reject(r.line, `Connected On "${rawDate}" is not a date`);
        continue;
      }
      // A member URN in the email column is an id, not an address; "NA" (a spreadsheet's empty cell) and
      // other non-addresses are left out with a warning, and the connection is kept.
      let email = rawEmail && !/^urn:li:/i.test(rawEmail) ? rawEmail : null;
      if (email && !Email.safeParse(email).success) {
        warnings.push({
          line: r.line,
          message: `${COLUMNS.emails} ${quote(email)} is not an email address: left out`,
          file,
        });
        email = null;
      }
      // A copy: the URL is kept (and cached by normalizeLinkedInUrl), and the cell would keep its chunk of the file.
      let url: string | null = rawUrl ? detached(rawUrl) : null;
      if (url && !normalizeLinkedInUrl(url)) {
        nonProfileUrls++;
        url = null;
      }
      const row: ConnectionRow = {
        line: r.line,
        firstName,
        lastName,
        name,
        url,
        email,
        company: company || null,
        position: position || null,
        connectedOn,
      };
      const problem = checkPerson(
        {
          name,
          firstName: firstName || null,
          lastName: lastName || null,
          emails: email ? [email] : [],
          linkedinUrl: url,
          company: row.company,
          position: row.position,
          connectedOn,
        },
        COLUMNS,
      );
      if (problem) {
        reject(r.line, problem);
        continue;
      }
      rows.push(row);
    }
  return { kind: 'linkedin-connections', rows, hidden, nonProfileUrls, rejected, warnings };
}
