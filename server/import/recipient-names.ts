/**
 * The names in a TO of several people. messages.csv before April 2023 names
 * recipients only by name, joined with ", "; a name may hold a comma itself
 * ("Smith, Jr.", "Ann Lee, PhD"), so a piece that is only a suffix or a
 * degree stays with the name before it.
 */
const SUFFIX =
  /^(jr|sr|ii|iii|iv|v|phd|ph\.?d|md|mba|msc|ma|bsc|ba|cpa|cfa|esq|llm|jd|dds|rn|pmp|acca|aca|fca|mbe|obe|cbe|dr|prof)\.?$/i;

export function splitNames(to: string): string[] {
  if (!to.includes(',')) return to.trim() ? [to.trim()] : [];
  const out: string[] = [];
  for (const raw of to.split(',')) {
    const piece = raw.trim();
    if (!piece) continue;
    if (out.length > 0 && SUFFIX.test(piece)) out[out.length - 1] = `${out[out.length - 1]}, ${piece}`;
    else out.push(piece);
  }
  return out;
}
