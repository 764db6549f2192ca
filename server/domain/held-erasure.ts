/**
 * Erasure with a short undo, decided once for both storage adapters.
 *
 * Deleting a person from the web app removes them at once, exactly as an
 * erasure does (every record naming them goes, they leave group
 * interactions), in one transaction that also keeps a copy of what it
 * removed: the held copy. For a few minutes the copy is all there is of
 * them: no view, list, search or analysis sees them. Undo puts the copy
 * back with the same ids; when the time is up, or the user asks, the copy
 * is dropped and the erasure finished (stored reports scrubbed, the deleted
 * bytes overwritten, audited): from then on nothing of them is left.
 *
 * A restore never brings back what another erasure took: records naming
 * someone no longer on file are left out (a group interaction keeps the
 * people still on file), and when an erasure is finished, what other held
 * copies name of that person is dropped from them too. Two people deleted
 * one after the other and undone in the reverse order get every shared
 * record back; undone in the same order, their shared records stay erased
 * (the first restore cannot name the second person, who is not on file).
 */
import type { ExpressedNeed, Person, Rating } from '../../shared/index.js';
import { type AnyRecord, MERGE_ENTITIES, type MergeEntity, PERSON_FIELDS, type PrivateNote } from './person-merge.js';

/** How long a deleted person can be put back, by default. */
export const UNDO_MINUTES = 10;

/** A merge as both adapters store it (its `moved` and `before` as JSON text). */
export interface StoredMerge {
  id: string;
  keepId: string;
  goneId: string;
  goneName: string;
  at: string;
  undoneAt: string | null;
  moved: string;
  before: string;
}

/** Everything an erasure of one person removes or changes, as it was. */
export interface ErasedCopy {
  person: Person;
  /** Every record naming them (a group interaction as it was, with them in it). */
  records: { entity: MergeEntity; record: AnyRecord }[];
  /** Members' private notes on them. */
  notes: PrivateNote[];
  /** Members whose own person they were. */
  members: string[];
  rating: Rating | null;
  needs: ExpressedNeed[];
  /** Merges naming them (each keeps a copy of both people to undo it). */
  merges: StoredMerge[];
}

/** What the adapter reads before a restore: which of the ids a copy names are on file now. */
export interface OnFile {
  people: Set<string>;
  organizations: Set<string>;
  mailingLists: Set<string>;
  /** Interactions on file now (a group interaction they left survived without them). */
  interactions: Set<string>;
}

/** The ids a copy names, by kind, for the adapter to look up before restoring. */
export function namedIds(copy: ErasedCopy): Record<keyof OnFile, string[]> {
  const people = new Set<string>();
  const lists = new Set<string>();
  const interactions = new Set<string>();
  for (const { entity, record } of copy.records) {
    for (const f of PERSON_FIELDS[entity]) {
      const v = record[f];
      for (const id of Array.isArray(v) ? (v as string[]) : v == null ? [] : [v as string]) people.add(id);
    }
    if (typeof record.listId === 'string') lists.add(record.listId);
    if (entity === 'interactions') interactions.add(record.id);
  }
  for (const m of copy.merges) {
    people.add(m.keepId);
    people.add(m.goneId);
  }
  people.delete(copy.person.id);
  return {
    people: [...people],
    organizations: copy.person.organizationId ? [copy.person.organizationId] : [],
    mailingLists: [...lists],
    interactions: [...interactions],
  };
}

export interface RestorePlan {
  person: Person;
  /** Records to create again, with their ids (people before records: ties and all name the person). */
  creates: { entity: MergeEntity; record: AnyRecord }[];
  /** Group interactions that survived without them: written back with them in. */
  replaces: { entity: 'interactions'; record: AnyRecord }[];
  notes: PrivateNote[];
  members: string[];
  rating: Rating | null;
  needs: ExpressedNeed[];
  merges: StoredMerge[];
  /** Records left out because they name someone no longer on file, by kind. */
  leftOut: Record<string, number>;
}

/** Names a person not on file (other than the one restored): the record stays erased. */
function namesGone(entity: MergeEntity, r: AnyRecord, self: string, present: Set<string>): boolean {
  return PERSON_FIELDS[entity].some((f) => {
    if (entity === 'interactions' && f === 'participantIds') return false;
    const v = r[f];
    return typeof v === 'string' && v !== self && !present.has(v);
  });
}

/** What a restore writes, given what is on file now. */
export function planRestore(copy: ErasedCopy, onFile: OnFile): RestorePlan {
  const self = copy.person.id;
  const leftOut: Record<string, number> = {};
  const skip = (entity: string) => {
    leftOut[entity] = (leftOut[entity] ?? 0) + 1;
  };
  const creates: RestorePlan['creates'] = [];
  const replaces: RestorePlan['replaces'] = [];
  // Ties first: the other records do not depend on them, but a reader of the plan expects the graph order.
  const ordered = [...copy.records].sort((a, b) => MERGE_ENTITIES.indexOf(a.entity) - MERGE_ENTITIES.indexOf(b.entity));
  for (const { entity, record } of ordered) {
    if (typeof record.listId === 'string' && !onFile.mailingLists.has(record.listId)) {
      skip(entity);
      continue;
    }
    if (entity === 'interactions') {
      const participants = (record.participantIds as string[]).filter((p) => p === self || onFile.people.has(p));
      if (participants.length < 2) {
        skip(entity);
        continue;
      }
      const initiator = record.initiatorId as string | null;
      const next = {
        ...record,
        participantIds: participants,
        initiatorId: initiator && participants.includes(initiator) ? initiator : null,
      };
      if (onFile.interactions.has(record.id)) replaces.push({ entity, record: next });
      else creates.push({ entity, record: next });
      continue;
    }
    if (namesGone(entity, record, self, onFile.people)) {
      skip(entity);
      continue;
    }
    const next = { ...record };
    // An optional prospect erased meanwhile: the referral stays, without them.
    if (entity === 'referrals' && typeof next.prospectId === 'string' && next.prospectId !== self)
      if (!onFile.people.has(next.prospectId)) next.prospectId = null;
    creates.push({ entity, record: next });
  }
  const person: Person = {
    ...copy.person,
    organizationId:
      copy.person.organizationId && onFile.organizations.has(copy.person.organizationId)
        ? copy.person.organizationId
        : null,
  };
  // A standing merge names a person merged away (never on file); an undone one, two people on file.
  const merges = copy.merges.filter((m) => {
    const other = m.keepId === self ? m.goneId : m.keepId;
    return m.undoneAt === null ? m.keepId === self || onFile.people.has(m.keepId) : onFile.people.has(other);
  });
  return {
    person,
    creates,
    replaces,
    notes: copy.notes,
    members: copy.members,
    rating: copy.rating,
    needs: copy.needs,
    merges,
    leftOut,
  };
}

/**
 * The copy without anything naming `personId` (whose erasure is being
 * finished): their records and merges dropped, they leave group interactions.
 * Null when nothing changed.
 */
export function withoutPerson(copy: ErasedCopy, personId: string): ErasedCopy | null {
  let changed = false;
  const records: ErasedCopy['records'] = [];
  for (const r of copy.records) {
    const fields = PERSON_FIELDS[r.entity];
    if (r.entity === 'interactions') {
      const ids = r.record.participantIds as string[];
      if (!ids.includes(personId)) {
        records.push(r);
        continue;
      }
      changed = true;
      const rest = ids.filter((p) => p !== personId);
      if (rest.length >= 2)
        records.push({
          entity: r.entity,
          record: {
            ...r.record,
            participantIds: rest,
            initiatorId: r.record.initiatorId === personId ? null : r.record.initiatorId,
          },
        });
      continue;
    }
    if (fields.some((f) => r.record[f] === personId)) {
      changed = true;
      continue;
    }
    records.push(r);
  }
  const merges = copy.merges.filter((m) => m.keepId !== personId && m.goneId !== personId);
  if (merges.length !== copy.merges.length) changed = true;
  return changed ? { ...copy, records, merges } : null;
}
