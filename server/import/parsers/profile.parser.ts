/**
 * LinkedIn's Profile.csv: the owner of the export ("me"). Only the name and a
 * profile link (if one is listed among the websites) are read; address,
 * birth date and the rest stay in the file.
 */
import { normalizeLinkedInUrl } from '../../../shared/index.js';
import { type TextInput, type TextSource, cell, columnIndex, rowsAfter } from '../csv-reader.js';
import type { ProfileParse } from '../import.types.js';
import { isProfileHeader, openCsv } from './parser-kit.js';

const PROFILE_LINK = /(?:https?:\/\/)?(?:[a-z0-9-]+\.)*linkedin\.com\/in\/[^\s,;\][/?#"]+/i;

export async function parseProfile(
  input: TextInput | TextSource,
  { file = 'Profile.csv' }: { file?: string } = {},
): Promise<ProfileParse> {
  const { source, header } = await openCsv(input, file, isProfileHeader, 'First Name, Last Name and Headline');
  const firstCol = columnIndex(header, 'firstname');
  const lastCol = columnIndex(header, 'lastname');
  let result: ProfileParse = { kind: 'linkedin-profile', me: null, rejected: [] };
  let first = true;
  // Read to the end even though one row is used, so the whole file is hashed.
  for await (const r of rowsAfter(source, header, file)) {
    if (!first) continue;
    first = false;
    const firstName = cell(r, firstCol);
    const lastName = cell(r, lastCol);
    const name = [firstName, lastName].filter(Boolean).join(' ');
    if (!name) {
      result = {
        kind: 'linkedin-profile',
        me: null,
        rejected: [{ line: r.line, reason: 'no First Name or Last Name', file }],
      };
      continue;
    }
    const link = r.cells.map((c) => PROFILE_LINK.exec(c)?.[0]).find((u) => u && normalizeLinkedInUrl(u));
    result = {
      kind: 'linkedin-profile',
      me: { name, firstName: firstName || null, lastName: lastName || null, url: link ?? null },
      rejected: [],
    };
  }
  return result;
}
