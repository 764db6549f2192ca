/**
 * Two records of one human, made one, decided once for both storage adapters:
 * what the kept person becomes, which records move onto them and which go
 * (a tie of the two to each other, a second tie or subscription of the same
 * kind), and what undoing it restores. Plus the duplicate finder: pairs of
 * people who may be one human, with the evidence, found by keys (linear).
 */
import type {
  Consent,
  DuplicateEvidence,
  Interaction,
  Introduction,
  Person,
  Pitch,
  Referral,
  Subscription,
  Tie,
} from '../../shared/index.js';
import { foldName, normalizeEmail, normalizeLinkedInUrl } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';

/** The kinds of record that name people, and the fields that do. */
export const PERSON_FIELDS = {
  ties: ['aId', 'bId'],
  interactions: ['participantIds', 'initiatorId'],
  introductions: ['introducerId', 'aId', 'bId'],
  referrals: ['referrerId', 'recipientId', 'prospectId'],
  pitches: ['pitcherId', 'personId'],
  subscriptions: ['personId'],
  consents: ['personId'],
} as const;

export type MergeEntity = keyof typeof PERSON_FIELDS;
export const MERGE_ENTITIES = Object.keys(PERSON_FIELDS) as MergeEntity[];

export interface MergeRecords {
  ties: Tie[];
  interactions: Interaction[];
  introductions: Introduction[];
  referrals: Referral[];
  pitches: Pitch[];
  subscriptions: Subscription[];
  consents: Consent[];
}

export interface PrivateNote {
  personId: string;
  userId: string;
  text: string;
  updatedAt: string;
}

export interface MergeInput {
  keep: Person;
  gone: Person;
  /** Every record naming either person. */
  records: MergeRecords;
  /** The members' private notes on either person. */
  notes: PrivateNote[];
  /** Members whose own person is the one merged. */
  members: string[];
}

export type AnyRecord = { id: string; updatedAt: string } & Record<string, unknown>;

export interface MergePlan {
  /** The kept person after the merge. */
  keep: Person;
  updates: { entity: MergeEntity; record: AnyRecord }[];
  deletes: { entity: MergeEntity; id: string }[];
  /** The kept person's private notes after the merge (one per member). */
  notes: PrivateNote[];
  /** What undo restores: both people, and every record and note the merge changes, as they were. */
  before: MergeBefore;
  moved: Record<string, number>;
}

export interface MergeBefore {
  keep: Person;
  gone: Person;
  records: { entity: MergeEntity; record: AnyRecord; deleted: boolean }[];
  notes: PrivateNote[];
  members: string[];
}

const joinText = (a: string | null, b: string | null) => (a && b && a !== b ? `${a}\n\n${b}` : (a ?? b));
const earlier = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/** The kept person with what only the other had: emails, tags, notes, and the fields left blank. */
export function mergedPerson(keep: Person, gone: Person, now: string): Person {
  const out: Person = {
    ...keep,
    firstName: keep.firstName ?? gone.firstName,
    lastName: keep.lastName ?? gone.lastName,
    linkedinUrl: keep.linkedinUrl ?? gone.linkedinUrl,
    company: keep.company ?? gone.company,
    position: keep.position ?? gone.position,
    organizationId: keep.organizationId ?? gone.organizationId,
    connectedOn: earlier(keep.connectedOn, gone.connectedOn),
    needNote: keep.needNote ?? gone.needNote,
    needNotedOn: keep.needNote ? keep.needNotedOn : gone.needNotedOn,
    notes: joinText(keep.notes, gone.notes),
    emails: [...new Set([...keep.emails, ...gone.emails].map((e) => normalizeEmail(e) ?? e))],
    tags: [...new Set([...keep.tags, ...gone.tags])],
    isMe: keep.isMe || gone.isMe,
    updatedAt: now,
  };
  return out;
}

/** The merge of `gone` into `keep`: throws VALIDATION when it cannot be made. */
export function planMerge(input: MergeInput, now: string): MergePlan {
  const { keep, gone } = input;
  if (keep.id === gone.id) throw AppError.invalid('mergeId', 'a person cannot be merged into themselves');
  const swap = (id: string | null) => (id === gone.id ? keep.id : id);
  const updates: MergePlan['updates'] = [];
  const deletes: MergePlan['deletes'] = [];
  const before: MergeBefore['records'] = [];
  const moved: Record<string, number> = {};
  const count = (k: string, n = 1) => {
    if (n > 0) moved[k] = (moved[k] ?? 0) + n;
  };
  const names = (r: Record<string, unknown>, entity: MergeEntity) =>
    PERSON_FIELDS[entity].some((f) => {
      const v = r[f];
      return Array.isArray(v) ? v.includes(gone.id) : v === gone.id;
    });
  const update = (entity: MergeEntity, was: AnyRecord, next: AnyRecord) => {
    before.push({ entity, record: was, deleted: false });
    updates.push({ entity, record: { ...next, updatedAt: now } });
    count(entity);
  };
  const remove = (entity: MergeEntity, was: AnyRecord) => {
    before.push({ entity, record: was, deleted: true });
    deletes.push({ entity, id: was.id });
  };

  // Ties: one of a kind per pair; the two people's tie to each other goes.
  const tieKey = (t: { aId: string; bId: string; kind: string }) =>
    t.aId < t.bId ? `${t.aId}|${t.bId}|${t.kind}` : `${t.bId}|${t.aId}|${t.kind}`;
  const ties = new Set(input.records.ties.filter((t) => !names(t, 'ties')).map(tieKey));
  for (const t of input.records.ties) {
    if (!names(t, 'ties')) continue;
    const next = { ...t, aId: swap(t.aId)!, bId: swap(t.bId)! };
    if (next.aId === next.bId || ties.has(tieKey(next))) remove('ties', t as unknown as AnyRecord);
    else {
      ties.add(tieKey(next));
      update('ties', t as unknown as AnyRecord, next as unknown as AnyRecord);
    }
  }
  // Interactions: one participant less when both took part; one left alone with themselves goes.
  for (const x of input.records.interactions) {
    if (!names(x, 'interactions')) continue;
    const participantIds = [...new Set(x.participantIds.map((p) => swap(p)!))];
    if (participantIds.length < 2) remove('interactions', x as unknown as AnyRecord);
    else
      update(
        'interactions',
        x as unknown as AnyRecord,
        {
          ...x,
          participantIds,
          initiatorId: swap(x.initiatorId),
        } as unknown as AnyRecord,
      );
  }
  for (const entity of ['introductions', 'referrals', 'pitches', 'consents'] as const) {
    for (const r of input.records[entity] as unknown as AnyRecord[]) {
      if (!names(r, entity)) continue;
      const next: AnyRecord = { ...r };
      for (const f of PERSON_FIELDS[entity]) next[f] = swap(r[f] as string | null);
      update(entity, r, next);
    }
  }
  // Subscriptions: one per list and person; the kept person's own stays.
  const lists = new Set(input.records.subscriptions.filter((s) => s.personId === keep.id).map((s) => s.listId));
  for (const s of input.records.subscriptions) {
    if (s.personId !== gone.id) continue;
    if (lists.has(s.listId)) remove('subscriptions', s as unknown as AnyRecord);
    else {
      lists.add(s.listId);
      update('subscriptions', s as unknown as AnyRecord, { ...s, personId: keep.id } as unknown as AnyRecord);
    }
  }

  const merged = mergedPerson(keep, gone, now);
  count('emails', merged.emails.length - keep.emails.length);
  count('tags', merged.tags.length - keep.tags.length);
  if (gone.notes && merged.notes !== keep.notes) count('notes');
  // Private notes: each member keeps one per person; two become one.
  const notes: PrivateNote[] = [];
  const byUser = new Map<string, PrivateNote>();
  for (const n of input.notes) if (n.personId === keep.id) byUser.set(n.userId, n);
  for (const n of input.notes) {
    if (n.personId !== gone.id) continue;
    const mine = byUser.get(n.userId);
    const text = joinText(mine?.text ?? null, n.text)!;
    const note = { personId: keep.id, userId: n.userId, text, updatedAt: now };
    byUser.set(n.userId, note);
    notes.push(note);
    count('privateNotes');
  }
  count('members', input.members.length);
  return {
    keep: merged,
    updates,
    deletes,
    notes,
    before: { keep, gone, records: before, notes: input.notes, members: input.members },
    moved,
  };
}

// ---------------------------------------------------------------------------
// The duplicate finder.

export interface DuplicateCandidate {
  id: string;
  name: string;
  company: string | null;
  linkedinUrl: string | null;
  emails: string[];
  connectedOn: string | null;
  isMe: boolean;
}

/** A profile URL's slug without the numbered tail LinkedIn gives a second profile of one name (`ann-lee-4a1b2c3`). */
function slugStem(url: string | null): string | null {
  const key = normalizeLinkedInUrl(url);
  if (!key) return null;
  const slug = key.slice('linkedin.com/in/'.length);
  const stem = slug.replace(/-(?=[0-9a-f]*\d)[0-9a-f]{3,}$/, '');
  return stem.length >= 3 ? stem : null;
}

/** Within one edit (a typo, an accent lost), or one a prefix of the other ("Rob" and "Robert"). */
function similarFirst(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length >= 3 && b.length >= 3 && (a.startsWith(b) || b.startsWith(a))) return true;
  if (Math.abs(a.length - b.length) > 1 || Math.min(a.length, b.length) < 3) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // One substitution, insertion or deletion at the first difference, the rest alike.
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) || a.slice(i) === b.slice(i + 1);
}

/**
 * Pairs of people who may be one human, with the evidence, ordered by how strong it is. Never the
 * owner with anyone; `dismissed` pairs ("not the same", as `a|b` with a < b) are left out. Every
 * kind of evidence is a key: linear in the people, plus the pairs a key shares.
 */
export function findDuplicates(
  people: DuplicateCandidate[],
  dismissed: ReadonlySet<string> = new Set(),
): { a: string; b: string; evidence: DuplicateEvidence[] }[] {
  const pairs = new Map<string, { a: string; b: string; evidence: DuplicateEvidence[] }>();
  const add = (x: DuplicateCandidate, y: DuplicateCandidate, why: DuplicateEvidence) => {
    if (x.id === y.id || x.isMe || y.isMe) return;
    const [a, b] = x.id < y.id ? [x, y] : [y, x];
    const key = `${a.id}|${b.id}`;
    if (dismissed.has(key)) return;
    // Two profile URLs are two members, unless the URLs are variants of one.
    const ua = normalizeLinkedInUrl(a.linkedinUrl);
    const ub = normalizeLinkedInUrl(b.linkedinUrl);
    if (ua && ub && ua !== ub && why !== 'urlVariant' && why !== 'sameEmail' && slugStem(ua) !== slugStem(ub)) return;
    if (why === 'sameName' && a.connectedOn && b.connectedOn && a.connectedOn !== b.connectedOn) return;
    const pair = pairs.get(key) ?? { a: a.id, b: b.id, evidence: [] };
    if (!pair.evidence.includes(why)) pair.evidence.push(why);
    pairs.set(key, pair);
  };
  const groups = new Map<string, DuplicateCandidate[]>();
  const group = (k: string, p: DuplicateCandidate) => {
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  };
  for (const p of people) {
    if (p.isMe) continue;
    for (const e of p.emails) {
      const n = normalizeEmail(e);
      if (n) group(`email|${n}`, p);
    }
    const stem = slugStem(p.linkedinUrl);
    if (stem) group(`url|${stem}`, p);
    const name = foldName(p.name);
    const company = foldName(p.company);
    if (name) group(company ? `namecompany|${name}|${company}` : `name|${name}`, p);
    if (name) group(`nameonly|${name}`, p);
    const parts = name.split(' ');
    if (company && parts.length >= 2) group(`last|${company}|${parts[parts.length - 1]}`, p);
  }
  for (const [k, g] of groups) {
    if (g.length < 2 || g.length > 50) continue; // a key fifty people share says nothing about two of them
    const kind = k.slice(0, k.indexOf('|'));
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const x = g[i]!;
        const y = g[j]!;
        if (kind === 'email') add(x, y, 'sameEmail');
        else if (kind === 'url') add(x, y, 'urlVariant');
        else if (kind === 'namecompany') add(x, y, 'sameNameAndCompany');
        else if (kind === 'nameonly') {
          // Same name, and at most one of them says where they work: nothing tells them apart.
          if (!(x.company && y.company)) add(x, y, 'sameName');
        } else if (kind === 'last') {
          const fx = foldName(x.name).split(' ')[0]!;
          const fy = foldName(y.name).split(' ')[0]!;
          if (fx !== fy && similarFirst(fx, fy)) add(x, y, 'similarName');
        }
      }
    }
  }
  const rank: Record<DuplicateEvidence, number> = {
    sameEmail: 0,
    urlVariant: 1,
    sameNameAndCompany: 2,
    sameName: 3,
    similarName: 4,
  };
  const strength = (p: { evidence: DuplicateEvidence[] }) => Math.min(...p.evidence.map((e) => rank[e]));
  return [...pairs.values()]
    .map((p) => ({ ...p, evidence: p.evidence.sort((x, y) => rank[x] - rank[y]) }))
    .sort((x, y) => strength(x) - strength(y) || y.evidence.length - x.evidence.length || (x.a < y.a ? -1 : 1));
}
