/**
 * The plan an import hands the store, put together row by row: the people
 * (each a row of `plan.people`, new or landing on a person on file through
 * `matchId`), the ties and interactions between them, and where every row
 * came from for the report. People are known to the identity index under a
 * PersonRef: `{ row }` for a row of this plan, `{ id }` for someone on file
 * that no row names.
 */
import type { PersonCreate } from '../../../shared/index.js';
import { type IdentityIndex, type Known, knownPerson, probeKeys } from '../../domain/identity.js';
import type { ImportInteraction, ImportPerson, ImportTie, PersonRef } from '../../store/store.port.js';

/** Where a row of `plan.people` came from, for the report. */
export interface RowInfo {
  line: number;
  file: string;
  name: string;
  company: string | null;
  position: string | null;
  linkedinUrl: string | null;
}

export type Person = Known<PersonRef>;

export class PlanBuilder {
  readonly people: ImportPerson[] = [];
  readonly rowInfo: (RowInfo | null)[] = [];
  /** People rows in the order of their files, for the preview. */
  readonly order: { row: number }[] = [];
  readonly ties: ImportTie[] = [];
  readonly interactions: ImportInteraction[] = [];
  readonly skipped: Record<string, number> = {};

  constructor(readonly index: IdentityIndex<PersonRef>) {}

  skip(why: string, n = 1): void {
    if (n > 0) this.skipped[why] = (this.skipped[why] ?? 0) + n;
  }

  /** Someone on file, known by their id until a row lands on them. */
  knowOnFile(id: string, p: Parameters<typeof knownPerson>[1] & { name: string }, urlKey?: string | null): Person {
    const k = this.index.add(knownPerson({ id }, p, urlKey));
    k.origin = 'onFile';
    return k;
  }

  /** A new row of the plan: a person to create (or, with `matchId`, to merge into the one on file). */
  addRow(person: ImportPerson, info: RowInfo | null, fromEvents = false): Person {
    const row = this.push(person, info);
    const k = this.index.add(knownPerson({ row }, person));
    if (fromEvents) k.origin = 'fromEvents';
    return k;
  }

  /** A row of a file landing on `k` (someone on file): the row carries their id, and names them from now on. */
  bind(k: Person, person: ImportPerson, info: RowInfo | null, keys?: { url: string | null; emails: string[] }): void {
    if (!('id' in k.handle)) throw new Error('bind: only a person on file is bound to a row');
    // The row itself carries the id (no copy: an import binds thousands).
    person.matchId = k.handle.id;
    const row = this.push(person, info);
    k.handle = { row };
    if (keys) {
      if (keys.url !== null || keys.emails.length > 0) this.index.learn(k, keys);
    } else this.learnKeys(k, person);
  }

  /** A later row of a file naming a person an earlier row of this import holds: filled in, never overwritten. */
  fold(k: Person, person: PersonCreate): void {
    if (!('row' in k.handle)) return;
    const into = this.people[k.handle.row]!;
    for (const f of ['firstName', 'lastName', 'linkedinUrl', 'company', 'position', 'connectedOn', 'notes'] as const) {
      if (into[f] == null && person[f] != null) (into as Record<string, unknown>)[f] = person[f];
    }
    if (person.emails?.length) into.emails = [...new Set([...(into.emails ?? []), ...person.emails])];
    if (person.tags?.length) into.tags = [...new Set([...(into.tags ?? []), ...person.tags])];
    this.learnKeys(k, person);
  }

  private learnKeys(k: Person, person: PersonCreate): void {
    const keys = probeKeys({ url: person.linkedinUrl ?? null, emails: person.emails ?? null });
    if (keys.url !== null || keys.emails.length > 0) this.index.learn(k, keys);
  }

  /**
   * A profile URL found for `k` in a message (a connection listed without one, the owner): recorded on
   * their row, or on a row made for it when they are on file and no row names them. False when taken.
   */
  learnUrl(k: Person, urlKey: string, url: string, info: RowInfo | null): boolean {
    if (!this.index.learn(k, { url: urlKey }).url) return false;
    if ('row' in k.handle) {
      this.people[k.handle.row]!.linkedinUrl ??= url;
    } else {
      const row = this.push(
        { name: k.label, linkedinUrl: url, matchId: k.handle.id },
        k.isMe ? null : info && { ...info, name: k.label, linkedinUrl: url },
      );
      k.handle = { row };
    }
    return true;
  }

  /**
   * An email found for `k` (an attendee or a correspondent matched by name): recorded on their row, or on a
   * row made for it when they are on file and no row names them yet.
   */
  learnEmail(k: Person, email: string, info: RowInfo | null): void {
    const learned = this.index.learn(k, { emails: [email] });
    if (learned.emails.length === 0) return;
    if ('row' in k.handle) {
      const p = this.people[k.handle.row]!;
      p.emails = [...(p.emails ?? []), email];
    } else {
      const row = this.push({ name: k.label, emails: [email], matchId: k.handle.id }, k.isMe ? null : info);
      k.handle = { row };
    }
  }

  private push(person: ImportPerson, info: RowInfo | null): number {
    const row = this.people.length;
    this.people.push(person);
    this.rowInfo.push(info);
    if (info) this.order.push({ row });
    return row;
  }
}
