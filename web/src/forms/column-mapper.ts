/**
 * A visual column mapper for contacts CSVs: the file's header row is read in
 * the browser, each Nurture field gets a list of the file's columns (with a
 * first guess from the column names), and the choice becomes the import's
 * mapping. LinkedIn files need none: their columns are known.
 */
import type { ImportMapping } from '../../../shared/index.js';
import { h } from '../core/dom.js';

export const FIELDS: [keyof ImportMapping, string, RegExp][] = [
  ['name', 'Full name', /^(full ?name|name|display ?name|contact)$/i],
  ['firstName', 'First name', /^(first|given)[ _-]?name$/i],
  ['lastName', 'Last name', /^(last|family|sur)[ _-]?name$/i],
  ['emails', 'Email', /e-?mail/i],
  ['company', 'Company', /^(company|organi[sz]ation|employer|firm)/i],
  ['position', 'Position', /^(position|title|job ?title|role)$/i],
  ['linkedinUrl', 'LinkedIn profile', /linkedin|profile ?url|^url$/i],
  ['connectedOn', 'Connected on', /connected|since|date/i],
  ['tags', 'Tags', /^(tags?|labels?|groups?|categor)/i],
  ['notes', 'Notes', /^(notes?|comments?|description)$/i],
];

/** The header row of a CSV text: the first non-empty line, split on its delimiter (comma, semicolon or tab), quotes honoured. */
export function csvHeader(text: string): string[] {
  const line =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '') ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0]![0];
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out.filter((c) => c !== '');
}

/**
 * A LinkedIn export's own file (its columns are known to the importer): Connections.csv,
 * messages.csv, Invitations.csv or Profile.csv, in any era (server/import/parsers).
 */
export function isLinkedInHeader(columns: string[]): boolean {
  const set = new Set(columns.map((c) => c.trim().toLowerCase()));
  const has = (...names: string[]) => names.every((n) => set.has(n));
  return (
    ((has('connected on') || has('url')) && has('first name')) ||
    has('conversation id', 'from', 'to') ||
    has('from', 'to', 'sent at') ||
    has('first name', 'last name', 'headline')
  );
}

/** The first guess: each field takes the first column whose name looks like it, no column twice. */
export function guessMapping(columns: string[]): Partial<Record<keyof ImportMapping, string>> {
  const used = new Set<string>();
  const out: Partial<Record<keyof ImportMapping, string>> = {};
  for (const [field, , re] of FIELDS) {
    const col = columns.find((c) => !used.has(c) && re.test(c.trim()));
    if (col) {
      out[field] = col;
      used.add(col);
    }
  }
  return out;
}

export class ColumnMapper {
  readonly el: HTMLElement;
  private readonly selects = new Map<keyof ImportMapping, HTMLSelectElement>();
  private readonly note: HTMLElement;
  private readonly grid: HTMLElement;
  private active = false;

  constructor() {
    this.note = h('p', { class: 'hint', id: 'mapper-note' }, 'Choose a contacts CSV to map its columns.');
    this.grid = h('div', { class: 'mapper-grid' });
    this.el = h(
      'fieldset',
      { class: 'column-mapper', 'aria-describedby': 'mapper-note' },
      h('legend', null, 'Which column holds what'),
      this.note,
      this.grid,
    );
  }

  /** Shows the file's columns (null: not a CSV, or a LinkedIn file). */
  setColumns(columns: string[] | null, why = ''): void {
    this.selects.clear();
    this.grid.replaceChildren();
    this.active = columns !== null && columns.length > 0;
    if (!this.active) {
      this.note.textContent = why || 'Choose a contacts CSV to map its columns.';
      return;
    }
    const guess = guessMapping(columns!);
    this.note.textContent = `${columns!.length} columns found. Check the guesses; a field left as “not in this file” is not imported.`;
    for (const [field, label] of FIELDS) {
      const id = `map-${field}`;
      const select = h(
        'select',
        { id, name: field },
        h('option', { value: '' }, 'Not in this file'),
        columns!.map((c) => h('option', { value: c }, c)),
      );
      select.value = guess[field] ?? '';
      this.selects.set(field, select);
      this.grid.append(h('div', { class: 'field' }, h('label', { for: id }, label), select));
    }
  }

  /** The mapping chosen, or undefined when the file needs none. */
  mapping(): ImportMapping | undefined {
    if (!this.active) return undefined;
    const out: Record<string, string> = {};
    for (const [field, select] of this.selects) if (select.value) out[field] = select.value;
    return Object.keys(out).length > 0 ? (out as ImportMapping) : undefined;
  }
}
