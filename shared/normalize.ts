/**
 * Identity keys for matching people across imports. LinkedIn writes the same
 * profile as `https://www.linkedin.com/in/J%C3%B6rg-M/` in Connections.csv and
 * as `https://linkedin.com/in/jörg-m` in messages.csv: both must give one key.
 */
const urlKeys = new Map<string, string | null>();
const URL_CACHE_MAX = 200_000;

export function normalizeLinkedInUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  // An import asks for the same URLs several times each (matching, storing, indexing).
  const cached = urlKeys.get(url);
  if (cached !== undefined) return cached;
  const key = computeUrlKey(url);
  if (urlKeys.size >= URL_CACHE_MAX) urlKeys.clear();
  urlKeys.set(url, key);
  return key;
}

function computeUrlKey(url: string): string | null {
  let s = url.trim();
  if (!s) return null;
  s = s.replace(/^https?:\/\//i, '').replace(/^([a-z0-9-]+\.)*linkedin\.com/i, 'linkedin.com');
  s = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
  try {
    s = decodeURIComponent(s);
  } catch {
    // A stray % that is not an escape: keep the text as written.
  }
  s = s.normalize('NFC').toLowerCase();
  if (!/^linkedin\.com\/in\/[^/]+$/.test(s)) return null;
  return s;
}

export function normalizeEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const s = email.trim().toLowerCase();
  return s.includes('@') ? s : null;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Folds case, accents and spacing so "José  Núñez" and "jose nunez" compare equal. */
export function foldName(name: string | null | undefined): string {
  // Plain ASCII has no accents to strip and decomposes to itself: only case and spacing to fold.
  if (name == null || PRINTABLE_ASCII.test(name)) return (name ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
