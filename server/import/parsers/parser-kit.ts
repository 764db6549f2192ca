/**
 * What every parser shares: opening a CSV at its header, and turning a
 * person built from a row into either a valid PersonCreate or a reason that
 * names the file's own column.
 */
import { PersonCreate, normalizeLinkedInUrl } from '../../../shared/index.js';
import { AppError } from '../../core/app-error.js';
import { type CsvHeader, type TextInput, TextSource, findHeader, HEADER_SEARCH_LINES } from '../csv-reader.js';

export async function openCsv(
  input: TextInput | TextSource,
  file: string,
  isHeader: (keys: string[]) => boolean,
  expected: string,
): Promise<{ source: TextSource; header: CsvHeader }> {
  const source = TextSource.of(input);
  const header = await findHeader(source, isHeader);
  if (!header) {
    const empty = !(await source.head(1)).trim();
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      empty
        ? `${file} is empty`
        : `${file} is not a CSV file we can read: no header row with ${expected} in its first ${HEADER_SEARCH_LINES} lines`,
      { file },
    );
  }
  return { source, header };
}

const has = (keys: string[], ...names: string[]) => names.every((n) => keys.includes(n));
const hasAny = (keys: string[], ...names: string[]) => names.some((n) => keys.includes(n));

export const isConnectionsHeader = (k: string[]) => has(k, 'firstname', 'lastname', 'connectedon');
export const isMessagesHeader = (k: string[]) =>
  has(k, 'from', 'date') && (has(k, 'conversationid') || has(k, 'to', 'direction'));
export const isInvitationsHeader = (k: string[]) => has(k, 'from', 'to', 'sentat');
export const isProfileHeader = (k: string[]) =>
  has(k, 'firstname', 'lastname') &&
  hasAny(k, 'headline', 'summary', 'industry', 'geolocation', 'maidenname', 'birthdate');

/**
 * A copy of a cell to keep: V8 cuts a cell of 13 characters or more as a slice that shares the
 * characters of the whole chunk it came from, so keeping the cell would keep the chunk (and,
 * kept row after row, the file's text). Shorter cells are copies already.
 */
export function detached(cell: string): string {
  return cell.length < 13 ? cell : ` ${cell}`.slice(1);
}

/** A LinkedIn profile URL as written, when it is one; null for blanks, URNs and other links. */
export function profileUrl(text: string): string | null {
  const s = text.trim();
  return s && normalizeLinkedInUrl(s) ? s : null;
}

/** A cell's value quoted for a message, cut at 60 characters. */
export function quote(value: string): string {
  return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
}

/**
 * Checks a person against the shared schema; the reason names the file's
 * column (`columns` maps a field to it) and quotes the offending value.
 */
export function checkPerson(p: PersonCreate, columns: Partial<Record<keyof PersonCreate, string>>): string | null {
  const r = PersonCreate.safeParse(p);
  if (r.success) return null;
  const issue = r.error.issues[0]!;
  const field = String(issue.path[0] ?? 'name') as keyof PersonCreate;
  const column = columns[field] ?? field;
  const raw = p[field];
  const value = Array.isArray(raw) ? raw[Number(issue.path[1] ?? 0)] : raw;
  const quoted = typeof value === 'string' ? ` ${quote(value)}` : '';
  const why =
    issue.code === 'too_big'
      ? `is longer than ${(issue as { maximum?: number }).maximum} characters`
      : issue.code === 'invalid_format' && field === 'emails'
        ? 'is not an email address'
        : issue.code === 'invalid_format' && field === 'linkedinUrl'
          ? 'is not a LinkedIn profile URL'
          : issue.message;
  return `${column}${quoted} ${why}`;
}
