/**
 * Counts and time spans in plain words, the same on the server (warning
 * messages) and in the web app: "once", "3 times", "8 months ago".
 */

/** "1 person", "2 people": the plural given, or the word with an s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** "never", "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 0 ? 'never' : n === 1 ? 'once' : n === 2 ? 'twice' : `${n.toLocaleString('en')} times`;
}

const DAY = 86_400_000;

/** How long ago `thenMs` was, seen at `nowMs`: "today", "yesterday", "5 days ago", "3 weeks ago", "8 months ago", "2 years ago". */
export function ago(thenMs: number, nowMs: number): string {
  const days = Math.floor((nowMs - thenMs) / DAY);
  if (days < 0) return days === -1 ? 'tomorrow' : `in ${plural(-days, 'day')}`;
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.round(days / 7)} weeks ago`;
  if (days < 365 * 2 - 30) return `${Math.max(2, Math.round(days / 30.44))} months ago`;
  return `${Math.floor(days / 365.25)} years ago`;
}

/** "a" or "an" before a word. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
