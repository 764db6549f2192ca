/**
 * The data-subject side of personal data: everything held about one person,
 * as one JSON document, and erasure everywhere. Both leave an audit entry
 * naming only the record id, never the person's data.
 *
 * Erasure is one unit of work on the store (the person and every record
 * about them, their rows in stored reports, the audit entry: all or
 * nothing); then the outbox copies of the reports are rewritten and the
 * store makes the deleted bytes unreadable in its files (purgeDeleted).
 */
import type { Page } from '../../shared/index.js';
import { AppError, isAppError } from '../core/app-error.js';
import { UNDO_MINUTES } from '../domain/held-erasure.js';
import type { ChangeFeed } from '../core/change-feed.js';
import type { HeldErasure, Store, StoredReport } from '../store/store.port.js';
import { rewriteOutbox } from '../reports/report-delivery.js';
import { parseStored } from '../reports/report.service.js';
import { scrubPersonFromReports } from '../reports/scrub-person.js';

async function listAll<T>(fetch: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await fetch(offset);
    out.push(...page.items);
    if (page.items.length < 500) return out;
  }
}

export interface PrivacyOptions {
  /** The report outbox (NURTURE_OUTBOX_DIR), whose copies an erasure rewrites. */
  outboxDir?: string | null;
  /** How long a deleted person can be put back (NURTURE_ERASURE_UNDO_MINUTES). */
  undoMinutes?: number;
  now?: () => number;
}

export function privacyService(
  store: Store,
  feed: ChangeFeed,
  { outboxDir = null, undoMinutes = UNDO_MINUTES, now = Date.now }: PrivacyOptions = {},
) {
  /** After an erasure's unit of work: the outbox copies rewritten, the deleted bytes overwritten. */
  async function purge(rewritten: StoredReport[]): Promise<void> {
    if (outboxDir) for (const r of rewritten) await rewriteOutbox(outboxDir, parseStored(r));
    await store.purgeDeleted();
  }

  /** Finishes a held erasure: the copy dropped, stored reports scrubbed, audited, in one unit of work. */
  async function finish(ws: string, id: string, userId: string | null, due: boolean): Promise<HeldErasure> {
    const { held, reports } = await store.transaction(async (tx) => {
      const held = await tx.erasures.discard(ws, id);
      if (!held) throw AppError.notFound('held erasure', id);
      const reports = await scrubPersonFromReports(tx, ws, held.personId);
      await tx.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: userId ?? held.requestedBy,
        action: 'erase',
        target: `person:${held.personId}`,
        meta: { reports: reports.length, heldSince: held.heldAt, ...(due ? { when: 'due' } : { when: 'asked' }) },
      });
      return { held, reports };
    });
    await purge(reports);
    feed.publish(ws, 'erasure');
    return held;
  }

  return {
    async exportPerson(ws: string, personId: string, userId: string | null) {
      const person = await store.people.get(ws, personId);
      if (!person) throw AppError.notFound('person', personId);
      const page = { limit: 500 };
      const doc = {
        exportedAt: new Date().toISOString(),
        person,
        organization: person.organizationId ? await store.organizations.get(ws, person.organizationId) : null,
        privateNote: userId ? await store.accounts.getPrivateNote(ws, personId, userId) : null,
        ties: await listAll((offset) => store.ties.list(ws, { ...page, offset, personId })),
        interactions: await listAll((offset) => store.interactions.list(ws, { ...page, offset, personId })),
        introductions: await listAll((offset) => store.introductions.list(ws, { ...page, offset, personId })),
        referrals: await listAll((offset) => store.referrals.list(ws, { ...page, offset, personId })),
        pitches: await listAll((offset) => store.pitches.list(ws, { ...page, offset, personId })),
        subscriptions: await listAll((offset) => store.subscriptions.list(ws, { ...page, offset, personId })),
        consents: await listAll((offset) => store.consents.list(ws, { ...page, offset, personId })),
      };
      await store.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: userId,
        action: 'export',
        target: `person:${personId}`,
        meta: {},
      });
      return doc;
    },

    async erasePerson(ws: string, personId: string, userId: string | null): Promise<void> {
      const rewritten = await store.transaction(async (tx) => {
        if (!(await tx.people.delete(ws, personId))) throw AppError.notFound('person', personId);
        // People deleted with an undo keep copies of shared records: those forget them too.
        await tx.erasures.forget(ws, personId);
        // Stored weekly reports keep only aggregates for them.
        const reports = await scrubPersonFromReports(tx, ws, personId);
        await tx.accounts.appendAudit({
          workspaceId: ws,
          actorUserId: userId,
          action: 'erase',
          target: `person:${personId}`,
          meta: { reports: reports.length },
        });
        return reports;
      });
      await purge(rewritten);
      // Analytics caches drop the person on this signal.
      feed.publish(ws, 'person erased');
    },

    /**
     * Deletes a person with a short undo: they are erased from every record,
     * view and analysis at once, and a copy of what went is held until
     * `dueAt` (then finishErasure, by the sweeper or on request). Audited.
     */
    async holdErasure(ws: string, personId: string, userId: string | null): Promise<HeldErasure> {
      const dueAt = new Date(now() + undoMinutes * 60_000).toISOString();
      const held = await store.erasures.hold(ws, personId, { dueAt, requestedBy: userId });
      await store.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: userId,
        action: 'erase.held',
        target: `person:${personId}`,
        meta: { erasure: held.id, dueAt },
      });
      feed.publish(ws, 'person erased');
      return held;
    },

    listHeld: (ws: string) => store.erasures.list(ws),

    /** Puts a held person back, with every record that can come back. Audited. */
    async undoErasure(ws: string, id: string, userId: string | null) {
      const restored = await store.erasures.restore(ws, id);
      await store.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: userId,
        action: 'erase.undone',
        target: `person:${restored.person.id}`,
        meta: { erasure: id, leftOut: restored.leftOut },
      });
      feed.publish(ws, 'person');
      return restored;
    },

    /** Finishes a held erasure now, at the user's request. */
    finishErasure: (ws: string, id: string, userId: string | null) => finish(ws, id, userId, false),

    /** Finishes every held erasure that is due (the sweeper, and each start). How many. */
    async finishDue(): Promise<number> {
      let done = 0;
      for (const { workspaceId, id } of await store.erasures.due(new Date(now()).toISOString())) {
        try {
          await finish(workspaceId, id, null, true);
          done++;
        } catch (e) {
          // Undone or finished meanwhile (by another replica): nothing left to do.
          if (!(isAppError(e) && e.code === 'NOT_FOUND')) throw e;
        }
      }
      return done;
    },
  };
}
