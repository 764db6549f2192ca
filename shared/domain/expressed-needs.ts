/**
 * Expressed needs: one source of truth for "has this person told you what
 * they need?". The need events (ExpressedNeed: a person, a day, a note) are
 * it; the older person fields `needNote` / `needNotedOn` are read as one more
 * such event, so every rule (the early-pitch mistake, "do not pitch yet")
 * asks one question of one list. The fields stay in the schema: the contact
 * form still writes them and stored people still carry them.
 *
 * A note without a day counts from the person record's last change: the note
 * existed by then at the latest, so it is never credited before it was known.
 */
import type { ExpressedNeed } from '../schemas/calibration.schema.js';
import type { Person } from '../schemas/person.schema.js';

/** The id of the need event read from a person's own need fields. */
export const personNeedId = (personId: string) => `person-need:${personId}`;

/** The need noted on a person record, as a need event; null when none is noted. */
export function needOfPerson(
  p: Pick<Person, 'id' | 'needNote' | 'needNotedOn' | 'createdAt' | 'updatedAt'>,
): ExpressedNeed | null {
  if (!p.needNote && !p.needNotedOn) return null;
  return {
    id: personNeedId(p.id),
    createdAt: p.updatedAt,
    personId: p.id,
    expressedOn: p.needNotedOn ?? p.updatedAt.slice(0, 10),
    note: p.needNote ?? 'a need was noted',
  };
}

/** Every expressed need of a workspace: the need events, and each person's noted need as one more. */
export function expressedNeeds(snapshot: {
  people: readonly Pick<Person, 'id' | 'needNote' | 'needNotedOn' | 'createdAt' | 'updatedAt'>[];
  needs?: readonly ExpressedNeed[] | undefined;
}): ExpressedNeed[] {
  const out = [...(snapshot.needs ?? [])];
  for (const p of snapshot.people) {
    const n = needOfPerson(p);
    if (n) out.push(n);
  }
  return out;
}
