/**
 * The people rows of Connections.csv and contacts files, resolved against
 * the people on file and each other:
 * - a row with the profile URL or an email of a row before it in this import
 *   is the same person: it fills in what the first left blank (LinkedIn lists
 *   the newest first), and is counted, not planned twice;
 * - a row with the URL or an email of someone on file lands on them;
 * - then rows without a match are tried by name, connection date and company
 *   against the people on file, every row first by all three, then by name and
 *   date, so that same-name people are matched the same way on every import;
 * - last, a row whose name no other row of the import has lands on the one
 *   person on file with that name (nothing contradicting), else is new.
 * A connection is also a LinkedIn tie from the owner; the owner is never their own connection.
 */
import type { PersonCreate } from '../../../shared/index.js';
import { foldName } from '../../../shared/index.js';
import { probeKeys, type ProbeKeys } from '../../domain/identity.js';
import type { ConnectionRow, ContactRow } from '../import.types.js';
import { SOURCE } from './owner.js';
import type { Person, PlanBuilder, RowInfo } from './plan-builder.js';

interface Row {
  person: PersonCreate;
  info: RowInfo;
  keys: ProbeKeys;
  /** A LinkedIn connection: a tie from the owner, dated. */
  tie: boolean;
}

export function planPeopleRows(
  b: PlanBuilder,
  input: {
    connections: { file: string; rows: ConnectionRow[] }[];
    contacts: { file: string; rows: ContactRow[]; source?: string }[];
    owner: Person | null;
    onFile: number;
  },
): void {
  const { owner } = input;
  const ownerEmails = new Set(owner?.emails ?? []);
  const rows: Row[] = [];
  for (const { file, rows: list } of input.connections) {
    for (const r of list) {
      const person: PersonCreate = {
        name: r.name,
        firstName: r.firstName || null,
        lastName: r.lastName || null,
        emails: r.email ? [r.email] : [],
        linkedinUrl: r.url,
        company: r.company,
        position: r.position,
        connectedOn: r.connectedOn,
        source: SOURCE.connections,
      };
      rows.push(row(person, { file, line: r.line }, true));
    }
  }
  for (const { file, rows: list, source } of input.contacts) {
    for (const r of list) {
      const person: PersonCreate = {
        name: r.name,
        firstName: r.firstName,
        lastName: r.lastName,
        emails: r.emails,
        linkedinUrl: r.linkedinUrl,
        company: r.company,
        position: r.position,
        connectedOn: r.connectedOn,
        tags: r.tags,
        notes: r.notes,
        source: source ?? SOURCE.contacts,
      };
      rows.push(row(person, { file, line: r.line }, false));
    }
  }

  function row(person: PersonCreate, at: { file: string; line: number }, tie: boolean): Row {
    const keys = probeKeys({ url: person.linkedinUrl, emails: person.emails });
    // The owner's emails are theirs, not a contact's.
    if (ownerEmails.size > 0 && keys.emails.some((e) => ownerEmails.has(e))) {
      keys.emails = keys.emails.filter((e) => !ownerEmails.has(e));
      person.emails = (person.emails ?? []).filter((e) => !ownerEmails.has(e.trim().toLowerCase()));
    }
    const info: RowInfo = {
      line: at.line,
      file: at.file,
      name: person.name,
      company: person.company ?? null,
      position: person.position ?? null,
      linkedinUrl: person.linkedinUrl ?? null,
    };
    return { person, info, keys, tie };
  }

  const tie = (r: Row, k: Person) => {
    if (r.tie && owner)
      b.ties.push({
        a: owner.handle,
        b: k.handle,
        kind: 'linkedin',
        since: r.person.connectedOn ?? null,
        source: SOURCE.connections,
      });
  };
  const land = (r: Row, k: Person) => {
    if ('id' in k.handle) {
      b.bind(k, r.person, r.info, r.keys);
      b.index.claim(k);
      tie(r, k);
    } else {
      // A row before it in this import holds this person.
      b.fold(k, r.person);
      b.skip('duplicateRows');
    }
  };
  const create = (r: Row) => tie(r, b.addRow(r.person, r.info));

  // Names of rows compared folded, and only when a row gets that far (folding every name costs).
  const fold = (r: Row) => {
    if (!r.keys.name) {
      r.keys.name = foldName(r.person.name);
      r.keys.company = foldName(r.person.company);
      r.keys.position = foldName(r.person.position);
      r.keys.connectedOn = r.person.connectedOn ?? null;
    }
    return r.keys;
  };
  const onFile = (k: Person) => k.origin === 'onFile';
  const unresolved: Row[] = [];
  for (const r of rows) {
    const keys = r.keys;
    if (owner && keys.url !== null && owner.url === keys.url) continue; // you are not your own connection
    const found = b.index.resolve(keys, { names: false });
    if (found.kind === 'match') {
      if (found.person === owner) continue;
      land(r, found.person);
      continue;
    }
    if (input.onFile === 0) {
      create(r);
      continue;
    }
    const keyed = b.index.resolve(fold(r), { key: 'exact', names: false, among: onFile, row: true });
    if (keyed.kind === 'match') land(r, keyed.person);
    else unresolved.push(r);
  }
  if (unresolved.length === 0) return;

  // A name two rows of this import share says nothing about which of them someone on file is.
  let counts: Map<string, number> | null = null;
  const alone = (name: string) => {
    if (!counts) {
      counts = new Map();
      for (const r of rows) {
        const n = fold(r).name;
        counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
    return counts.get(name) === 1;
  };
  for (const r of unresolved) {
    // A row before it here may have the same URL or email by now.
    const again = b.index.resolve(r.keys, { names: false });
    if (again.kind === 'match') {
      if (again.person !== owner) land(r, again.person);
      continue;
    }
    const found = b.index.resolve(r.keys, { key: 'date', names: alone, among: onFile, row: true });
    if (found.kind === 'match') land(r, found.person);
    else create(r);
  }
  // Rows were planned out of file order: the preview keeps it.
  const fileRank = new Map([...input.connections, ...input.contacts].map((f, i) => [f.file, i]));
  b.order.sort((x, y) => {
    const a = b.rowInfo[x.row]!;
    const c = b.rowInfo[y.row]!;
    return (fileRank.get(a.file) ?? 0) - (fileRank.get(c.file) ?? 0) || a.line - c.line;
  });
}
