/**
 * `normalizeLinkedInUrl` with a cache. An export names the same few thousand
 * profiles hundreds of thousands of times (every message carries two URLs),
 * and normalising one means decoding, NFC and several regular expressions.
 */
import { normalizeLinkedInUrl } from '../../shared/index.js';

export type UrlKey = (url: string | null | undefined) => string | null;

export function urlKeyCache(): UrlKey {
  const cache = new Map<string, string | null>();
  return (url) => {
    if (!url) return null;
    let key = cache.get(url);
    if (key === undefined) {
      key = normalizeLinkedInUrl(url);
      cache.set(url, key);
    }
    return key;
  };
}

/** The URL key of a party, cached per party object (the parsers share one object per party). */
export function partyKeyCache(urlKey: UrlKey): (p: { url: string | null }) => string | null {
  const cache = new Map<object, string | null>();
  return (p) => {
    let key = cache.get(p);
    if (key === undefined) {
      key = urlKey(p.url);
      cache.set(p, key);
    }
    return key;
  };
}

