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
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import type { Store } from '../store/store.port.js';
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
}

export function privacyService(store: Store, feed: ChangeFeed, { outboxDir = null }: PrivacyOptions = {}) {
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
      if (outboxDir) for (const r of rewritten) await rewriteOutbox(outboxDir, parseStored(r));
      await store.purgeDeleted();
      // Analytics caches drop the person on this signal.
      feed.publish(ws, 'person erased');
    },
  };
}
