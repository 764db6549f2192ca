/**
 * Escaping for every text Nurture writes out of the browser's DOM: reports (HTML, SVG,
 * Markdown, CSV), the scores export and the web's SVG export. Names, reasons and notes come
 * from imports and forms: none may become markup in HTML or SVG, a link or a table break in
 * Markdown, or a formula in a spreadsheet. One definition of each rule.
 */

/** Characters XML 1.0 forbids (HTML tolerates them, SVG parsers do not). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Anything escapeXml would change: most names need nothing, and one test is cheaper than two replaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/;

/** Text or attribute value for HTML and SVG. */
export function escapeXml(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  return text.replace(CONTROL, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Inline Markdown: one line, with every character that could start markup escaped. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`)
    .replace(/^([-=])/, '\\$1');
}

/**
 * One CSV field (RFC 4180): quoted when needed. Text that a spreadsheet would
 * run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe
 * (OWASP "CSV injection"); the rest of the text is kept as written (a CSV
 * carries any character); numbers are written as numbers.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
