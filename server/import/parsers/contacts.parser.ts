/**
 * A generic contacts CSV: a user's own spreadsheet or another CRM's export.
 * A mapping names the column for each person field; without one, columns are
 * recognised by common header names (Name, First Name, E-mail, Company,
 * Job Title, LinkedIn, ...). Several email columns may map to `emails`.
 */
import { Email, type ImportMapping, type PersonCreate } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { type CsvHeader, type TextInput, type TextSource, cell, headerKey, rowsAfter } from '../csv-reader.js';
import type { ContactRow, ContactsParse, Rejection, Warning } from '../import.types.js';
import { parseDay } from '../linkedin-dates.js';
import { checkPerson, openCsv, quote } from './parser-kit.js';

type Field = keyof ImportMapping;

/**
 * Header names recognised without a mapping, folded by `headerKey`, best first: the first pattern that
 * names a column wins (every email column is read). Seen in real files:
 * - Google Contacts, current: First Name, Last Name, Organization Name, Organization Title,
 *   E-mail 1 - Value, Labels ("* myContacts ::: Friends"); older: Given Name, Organization 1 - Name.
 * - Outlook: Title (an honorific: Mr., Dr.), First Name, Last Name, Suffix, Company, Job Title,
 *   E-mail Address, E-mail 2 Address, E-mail 3 Address, Categories ("Clients;VIP"), Notes.
 */
const SYNONYMS: Record<Field, RegExp[]> = {
  name: [/^(name|fullname|displayname|contactname|contact)$/],
  firstName: [/^(firstname|givenname|forename|vorname|prenom)$/],
  lastName: [/^(lastname|surname|familyname|nachname|nom)$/],
  emails: [/^(e?mail|emailaddress|primaryemail|workemail|homeemail|otheremail)\d*(value)?$|^e?mail\d*(value|address)$/],
  linkedinUrl: [/^(linkedin|linkedinurl|linkedinprofile|linkedinprofileurl)$/],
  company: [
    /^(company|companyname|organizationname|organisationname|organization1name)$/,
    /^(organization|organisation|employer|account|accountname)$/,
  ],
  // "Title" alone is a position in a sheet of one's own, and an honorific beside Outlook's "Job Title".
  position: [/^(jobtitle|position)$/, /^(organizationtitle|organisationtitle|organization1title|role)$/, /^title$/],
  connectedOn: [/^(connectedon|meton|since)$/],
  tags: [/^(tags|labels|categories)$/],
  notes: [/^(notes|note|comments)$/],
};

const FIELDS = Object.keys(SYNONYMS) as Field[];

/** Google's own labels ("* myContacts", "* starred") say nothing about the person: not tags. */
const SYSTEM_LABEL = /^\*\s/;

/** Column indexes per field, from the mapping or by recognised header names. */
export function resolveMapping(
  header: CsvHeader,
  mapping: ImportMapping | undefined,
  file: string,
): Record<Field, number[]> {
  const out = Object.fromEntries(FIELDS.map((f) => [f, [] as number[]])) as Record<Field, number[]>;
  if (mapping && Object.keys(mapping).length > 0) {
    for (const f of FIELDS) {
      const wanted = mapping[f];
      for (const name of wanted === undefined ? [] : Array.isArray(wanted) ? wanted : [wanted]) {
        const i = header.keys.indexOf(headerKey(name));
        if (i < 0) {
          throw new AppError(
            'VALIDATION',
            `The mapping names column "${name}" for ${f}, but ${file} has no such column (it has: ${header.cells.join(', ')})`,
            {
              file,
              errors: [{ path: `mapping.${f}`, message: `no column "${name}" in ${file}` }],
            },
          );
        }
        out[f].push(i);
      }
    }
  } else {
    const taken = new Set<number>();
    for (const f of FIELDS) {
      for (const pattern of SYNONYMS[f]) {
        const hits = header.keys.flatMap((k, i) => (!taken.has(i) && pattern.test(k) ? [i] : []));
        if (hits.length === 0) continue;
        out[f] = f === 'emails' ? hits : [hits[0]!];
        for (const i of out[f]) taken.add(i);
        break;
      }
    }
  }
  if (out.name.length === 0 && out.firstName.length === 0 && out.lastName.length === 0) {
    throw new AppError(
      'VALIDATION',
      `${file} has no name column: map name (or firstName/lastName) to one of its columns (${header.cells.join(', ')})`,
      {
        file,
        errors: [{ path: 'mapping.name', message: 'a name column is required' }],
      },
    );
  }
  return out;
}

export const looksLikeContactsHeader = (keys: string[]) =>
  keys.some((k) => [...SYNONYMS.name, ...SYNONYMS.firstName, ...SYNONYMS.lastName].some((p) => p.test(k)));

export async function parseContacts(
  input: TextInput | TextSource,
  { file = 'contacts.csv', mapping }: { file?: string; mapping?: ImportMapping } = {},
): Promise<ContactsParse> {
  const wanted =
    mapping && Object.keys(mapping).length > 0
      ? Object.values(mapping)
          .flat()
          .map((n) => headerKey(String(n)))
      : null;
  // The header is the first line naming any mapped column; a column it lacks is then reported by name.
  const isHeader = wanted ? (keys: string[]) => wanted.some((w) => keys.includes(w)) : looksLikeContactsHeader;
  const { source, header } = await openCsv(
    input,
    file,
    isHeader,
    wanted ? `the mapped columns (${Object.values(mapping!).flat().join(', ')})` : 'a Name or First Name column',
  );
  const col = resolveMapping(header, mapping, file);
  const columnName = (f: Field) => col[f].map((i) => header.cells[i]).join('/') || f;
  const columns = Object.fromEntries(FIELDS.map((f) => [f, columnName(f)])) as Partial<
    Record<keyof PersonCreate, string>
  >;
  const one = (r: Parameters<typeof cell>[0], f: Field) => {
    const i = col[f][0];
    return i === undefined ? '' : cell(r, i);
  };
  const rows: ContactRow[] = [];
  const rejected: Rejection[] = [];
  const warnings: Warning[] = [];
  for await (const r of rowsAfter(source, header, file)) {
    const firstName = one(r, 'firstName');
    const lastName = one(r, 'lastName');
    const name = one(r, 'name') || [firstName, lastName].filter(Boolean).join(' ');
    if (!name) {
      rejected.push({ line: r.line, reason: `no name (${columnName('name')})`, file });
      continue;
    }
    const rawDate = one(r, 'connectedOn');
    const connectedOn = rawDate ? parseDay(rawDate) : null;
    if (rawDate && !connectedOn) {
      rejected.push({ line: r.line, reason: `${columnName('connectedOn')} "${rawDate}" is not a date`, file });
      continue;
    }
    const emails: string[] = [];
    for (const e of col.emails.flatMap((i) => cell(r, i).split(/\s*:::\s*|[;,\s]+/))) {
      if (!e || emails.includes(e)) continue;
      // "NA" and the like (a spreadsheet's empty cell): left out with a warning, the contact kept.
      if (Email.safeParse(e).success) emails.push(e);
      else
        warnings.push({
          line: r.line,
          message: `${columnName('emails')} ${quote(e)} is not an email address: left out`,
          file,
        });
    }
    const row: ContactRow = {
      line: r.line,
      name,
      firstName: firstName || null,
      lastName: lastName || null,
      emails,
      linkedinUrl: one(r, 'linkedinUrl') || null,
      company: one(r, 'company') || null,
      position: one(r, 'position') || null,
      connectedOn,
      tags: [
        ...new Set(
          one(r, 'tags')
            .split(/\s*(?:[;,|]|:::)\s*/)
            .filter((t) => t && !SYSTEM_LABEL.test(t)),
        ),
      ],
      notes: one(r, 'notes') || null,
    };
    const { line: _line, ...person } = row;
    const problem = checkPerson(person, columns);
    if (problem) {
      rejected.push({ line: r.line, reason: problem, file });
      continue;
    }
    rows.push(row);
  }
  return { kind: 'contacts', rows, rejected, warnings };
}
