/**
 * Profile-URL keys for the plan. `normalizeLinkedInUrl` keeps its own cache
 * of URLs (an export names the same few thousand profiles hundreds of
 * thousands of times); a party's key is cached on the party object, which the
 * parsers share per person, so a message costs no string lookup at all.
 */
import { normalizeLinkedInUrl } from '../../shared/index.js';

export type UrlKey = (url: string | null | undefined) => string | null;

/** The URL key of a party, cached per party object (the parsers share one object per party). */
export function partyKeyCache(urlKey: UrlKey = normalizeLinkedInUrl): (p: { url: string | null }) => string | null {
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
