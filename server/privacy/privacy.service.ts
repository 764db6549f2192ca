/**
 * The data-subject side of personal data: everything held about one person,
 * as one JSON document, and erasure everywhere. Both leave an audit entry
 * naming only the record id, never the person's data.
 */
import type { Page } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import type { Store } from '../store/store.port.js';
import { scrubPersonFromReports } from '../reports/scrub-person.js';

async function listAll<T>(fetch: (offset: number) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await fetch(offset);
    out.push(...page.items);
    if (page.items.length < 500) return out;
  }
}

export function privacyService(store: Store, feed: ChangeFeed) {
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
      if (!(await store.people.delete(ws, personId))) throw AppError.notFound('person', personId);
      // Stored weekly reports keep only aggregates for them.
      await scrubPersonFromReports(store, ws, personId);
      await store.accounts.appendAudit({
        workspaceId: ws,
        actorUserId: userId,
        action: 'erase',
        target: `person:${personId}`,
        meta: {},
      });
      // Analytics caches drop the person on this signal.
      feed.publish(ws, 'person erased');
    },
  };
}
