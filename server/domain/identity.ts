/**
 * Who a row or a named party is: the one identity resolver of every import
 * (connections, contacts, messages, invitations, a profile), of the API's
 * person create path and of the duplicate finder.
 *
 * Order of evidence, strongest first:
 *   1. the normalised profile URL;
 *   2. any email of the person;
 *   3. the owner ("me"), by a name of theirs, for parties named in messages;
 *   4. a stable key (folded name, connection date, company; then position),
 *      for rows without URL or email that were imported before;
 *   5. a unique folded name: exactly one person has it, and nothing they hold
 *      contradicts the probe (another profile URL, another connection date).
 * Two or more people left at step 5 make the name ambiguous: it is never
 * guessed, and the caller gets the candidates to list.
 *
 * Everything is a map lookup: the name index is built on first use, once,
 * so resolving stays linear in the rows and the people on file.
 */
import { foldName, normalizeEmail, normalizeLinkedInUrl } from '../../shared/index.js';

/**
 * A person the resolver knows, on file or new in this import; `handle` is the caller's reference.
 * Name, company and position are folded when first compared: an import whose rows all match by
 * URL never folds the names of the people on file.
 */
export class Known<H> {
  private folded: [string, string, string] | null = null;
  /** Where the caller met them: on file, new in this import, or new from a message (for the report). */
  origin: 'onFile' | 'new' | 'fromEvents' = 'new';

  constructor(
    public handle: H,
    /** Normalised profile URL key. */
    public url: string | null,
    /** Normalised emails (a shared empty list until one is learned). */
    public emails: string[],
    public connectedOn: string | null,
    public isMe: boolean,
    /** The name as written. */
    readonly label: string,
    private readonly rawCompany: string | null,
    private readonly rawPosition: string | null,
  ) {}

  private fold(): [string, string, string] {
    this.folded ??= [foldName(this.label), foldName(this.rawCompany), foldName(this.rawPosition)];
    return this.folded;
  }

  /** Folded. */
  get name(): string {
    return this.fold()[0];
  }

  /** Folded ('' when none). */
  get company(): string {
    return this.fold()[1];
  }

  /** Folded ('' when none). */
  get position(): string {
    return this.fold()[2];
  }
}

/** What is known of someone to find: a row of a file, a party named in a message, a person to create. */
export interface Probe {
  /** As written (normalised here) or already a key. */
  url?: string | null;
  emails?: readonly string[] | null;
  name?: string | null;
  connectedOn?: string | null;
  company?: string | null;
  position?: string | null;
}

export type MatchedBy = 'url' | 'email' | 'owner' | 'key' | 'name';

export type Resolution<H> =
  | { kind: 'match'; person: Known<H>; by: MatchedBy }
  | { kind: 'ambiguous'; candidates: Known<H>[] }
  | { kind: 'none' };

export interface ResolveOptions<H> {
  /** Step 3: a party named like the owner is the owner (messages, invitations). */
  owner?: boolean;
  /**
   * Step 4: a row matches a person imported before by name, connection date and company ('exact'), or,
   * once every row had its exact match, by name and connection date alone when one person is left with
   * them ('date': a newer export with a new company). Each person is claimed by one row at most.
   */
  key?: 'exact' | 'date';
  /** Step 5 (default true); a function decides by the folded name (a name two rows of a file share is not used). */
  names?: boolean | ((folded: string) => boolean);
  /** Who steps 4 and 5 may land on (default: everyone). */
  among?: (p: Known<H>) => boolean;
  /**
   * A row of a file, which claims the person it lands on: step 5 passes over people another row of the
   * import claimed. Parties of messages name anyone, claimed or not.
   */
  row?: boolean;
}

const NONE = { kind: 'none' } as const;

/** A probe's keys, normalised once. */
export interface ProbeKeys {
  url: string | null;
  emails: string[];
  name: string;
  connectedOn: string | null;
  company: string;
  position: string;
}

export function probeKeys(p: Probe): ProbeKeys {
  const emails: string[] = [];
  for (const e of p.emails ?? []) {
    const n = normalizeEmail(e);
    if (n && !emails.includes(n)) emails.push(n);
  }
  return {
    url: normalizeLinkedInUrl(p.url),
    emails,
    name: foldName(p.name),
    connectedOn: p.connectedOn ?? null,
    company: foldName(p.company),
    position: foldName(p.position),
  };
}

/** A person record as the resolver keeps it. */
export function knownPerson<H>(
  handle: H,
  p: {
    name: string;
    linkedinUrl?: string | null;
    emails?: readonly string[] | null;
    connectedOn?: string | null;
    company?: string | null;
    position?: string | null;
    isMe?: boolean;
  },
  urlKey: string | null = normalizeLinkedInUrl(p.linkedinUrl),
): Known<H> {
  let emails = NO_EMAILS;
  if (p.emails?.length) {
    emails = [];
    for (const e of p.emails) {
      const n = normalizeEmail(e);
      if (n && !emails.includes(n)) emails.push(n);
    }
  }
  return new Known(
    handle,
    urlKey,
    emails,
    p.connectedOn ?? null,
    p.isMe === true,
    p.name,
    p.company ?? null,
    p.position ?? null,
  );
}

/** Shared by everyone without an email (most people): copied before one is learned. */
const NO_EMAILS: string[] = [];

/** Whether what `c` holds says it is someone else than the probe. */
export function contradicts(c: Known<unknown>, p: ProbeKeys): boolean {
  return (
    (p.url !== null && c.url !== null && c.url !== p.url) ||
    (p.connectedOn !== null && c.connectedOn !== null && c.connectedOn !== p.connectedOn)
  );
}

export class IdentityIndex<H> {
  private readonly byUrl = new Map<string, Known<H>>();
  private readonly byEmail = new Map<string, Known<H>>();
  private byNameIndex: Map<string, Known<H>[]> | null = null;
  private readonly everyone: Known<H>[] = [];
  /** Rows of this import matched by key: each person on file is claimed by one row at most. */
  private readonly claimed = new Set<Known<H>>();
  private ownerKnown: Known<H> | null = null;
  private readonly ownerNames = new Set<string>();

  get owner(): Known<H> | null {
    return this.ownerKnown;
  }

  get size(): number {
    return this.everyone.length;
  }

  add(p: Known<H>): Known<H> {
    this.everyone.push(p);
    if (p.url !== null && !this.byUrl.has(p.url)) this.byUrl.set(p.url, p);
    for (const e of p.emails) if (!this.byEmail.has(e)) this.byEmail.set(e, p);
    if (this.byNameIndex && p.name) pushTo(this.byNameIndex, p.name, p);
    if (p.isMe) this.setOwner(p);
    return p;
  }

  /** The owner, and the names they go by (Profile.csv, --me-name, the name on file). */
  setOwner(p: Known<H>, ...names: (string | null | undefined)[]): void {
    this.ownerKnown = p;
    p.isMe = true;
    if (p.name) this.ownerNames.add(p.name);
    for (const n of names) {
      const f = foldName(n);
      if (f) this.ownerNames.add(f);
    }
  }

  /** Records a URL or emails found for a known person; what it changed (nothing when the URL is taken). */
  learn(p: Known<H>, keys: { url?: string | null; emails?: readonly string[] }): { url: boolean; emails: string[] } {
    const out = { url: false, emails: [] as string[] };
    if (keys.url && p.url === null && !this.byUrl.has(keys.url)) {
      p.url = keys.url;
      this.byUrl.set(keys.url, p);
      out.url = true;
    }
    for (const e of keys.emails ?? []) {
      if (p.emails.includes(e)) continue;
      if (p.emails === NO_EMAILS) p.emails = [];
      p.emails.push(e);
      if (!this.byEmail.has(e)) this.byEmail.set(e, p);
      out.emails.push(e);
    }
    return out;
  }

  /** Everyone with this folded name (owner included). */
  withName(folded: string): readonly Known<H>[] {
    if (!this.byNameIndex) {
      this.byNameIndex = new Map();
      for (const p of this.everyone) if (p.name) pushTo(this.byNameIndex, p.name, p);
    }
    return this.byNameIndex.get(folded) ?? [];
  }

  byUrlKey(url: string): Known<H> | undefined {
    return this.byUrl.get(url);
  }

  claim(p: Known<H>): void {
    this.claimed.add(p);
  }

  isClaimed(p: Known<H>): boolean {
    return this.claimed.has(p);
  }

  resolve(p: ProbeKeys, options: ResolveOptions<H> = {}): Resolution<H> {
    if (p.url !== null) {
      const hit = this.byUrl.get(p.url);
      if (hit) return { kind: 'match', person: hit, by: 'url' };
    }
    for (const e of p.emails) {
      const hit = this.byEmail.get(e);
      if (hit && !contradicts(hit, p)) return { kind: 'match', person: hit, by: 'email' };
    }
    const owner = this.ownerKnown;
    if (options.owner && owner && p.name && this.ownerNames.has(p.name) && !contradicts(owner, p))
      return { kind: 'match', person: owner, by: 'owner' };
    if (!p.name) return NONE;
    const all = this.withName(p.name);
    const among = options.among;
    const named = among ? all.filter(among) : all;
    if (named.length === 0) return NONE;
    if (options.key) {
      const keyed = options.key === 'exact' ? this.byKey(named, p) : this.byDate(named, p);
      if (keyed) return { kind: 'match', person: keyed, by: 'key' };
    }
    const names = options.names ?? true;
    if (names === false || (typeof names === 'function' && !names(p.name))) return NONE;
    const row = options.row === true;
    const candidates = named.filter((c) => !c.isMe && !(row && this.claimed.has(c)) && !contradicts(c, p));
    if (candidates.length === 1) return { kind: 'match', person: candidates[0]!, by: 'name' };
    if (candidates.length === 0) return NONE;
    return { kind: 'ambiguous', candidates };
  }

  /**
   * The first unclaimed person with the probe's name, connection date and company (the position
   * breaking a tie), claimed for it: same-name rows land on the same people on every import.
   */
  private byKey(named: readonly Known<H>[], p: ProbeKeys): Known<H> | null {
    let best: Known<H> | null = null;
    for (const c of named) {
      if (c.isMe || this.claimed.has(c) || c.connectedOn !== p.connectedOn || c.company !== p.company) continue;
      if (c.url !== null && p.url !== null) continue;
      if (c.position === p.position) {
        best = c;
        break;
      }
      best ??= c;
    }
    if (best) this.claimed.add(best);
    return best;
  }

  /** The one unclaimed person with the probe's name and connection date, claimed for it. */
  private byDate(named: readonly Known<H>[], p: ProbeKeys): Known<H> | null {
    if (p.connectedOn === null) return null;
    let found: Known<H> | null = null;
    for (const c of named) {
      if (c.isMe || this.claimed.has(c) || c.connectedOn !== p.connectedOn || contradicts(c, p)) continue;
      if (found) return null;
      found = c;
    }
    if (found) this.claimed.add(found);
    return found;
  }
}

function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
