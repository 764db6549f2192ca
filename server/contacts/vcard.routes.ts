/**
 * vCard out: one person (GET /people/:id/vcard) or the whole address book (GET /vcard),
 * as vCard 4.0 for phones and mail clients. Both are written to the audit log (they carry
 * emails); the address book is streamed page by page.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Person } from '../../shared/index.js';
import type { AppDeps } from '../app-deps.js';
import { AppError } from '../core/app-error.js';
import { IdParams } from '../http/crud.routes.js';
import { route, type RouteSpec } from '../http/route.js';
import type { Store } from '../store/store.port.js';
import { personVCard, vCardFileName, vCards } from './vcard.writer.js';

const VCARD = 'text/vcard; charset=utf-8';

/** Every person of a workspace, 500 at a time, oldest first (a stable order while paging). */
export async function* everyone(store: Store, ws: string): AsyncGenerator<Person[]> {
  for (let offset = 0; ; offset += 500) {
    const page = await store.people.list(ws, { limit: 500, offset, sort: 'createdAt', order: 'asc' });
    yield page.items;
    if (page.items.length < 500) return;
  }
}

export function vCardRoutes({ store }: AppDeps): RouteSpec[] {
  const audit = (ws: string, actor: string | null, target: string | null, meta: Record<string, unknown>) =>
    store.accounts.appendAudit({ workspaceId: ws, actorUserId: actor, action: 'vcard.export', target, meta });
  return [
    route({
      method: 'get',
      path: '/people/:id/vcard',
      tag: 'contacts',
      summary: "One person's contact card (vCard 4.0)",
      params: IdParams,
      produces: 'text/vcard',
      handler: async ({ workspaceId, params, principal, res }) => {
        const person = await store.people.get(workspaceId, params.id);
        if (!person) throw AppError.notFound('person', params.id);
        await audit(workspaceId, principal?.userId ?? null, `person:${person.id}`, { people: 1 });
        res.setHeader('Content-Disposition', `attachment; filename="${vCardFileName(person)}"`);
        res.type(VCARD).send(personVCard(person));
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/vcard',
      tag: 'contacts',
      access: 'write',
      summary: 'The whole address book as one vCard 4.0 file (every person, streamed)',
      produces: 'text/vcard',
      handler: async ({ workspaceId, principal, res }) => {
        const { total } = await store.people.list(workspaceId, {
          limit: 1,
          offset: 0,
          sort: 'createdAt',
          order: 'asc',
        });
        await audit(workspaceId, principal?.userId ?? null, null, { people: total });
        res.status(200).type(VCARD);
        res.setHeader('Content-Disposition', 'attachment; filename="nurture-contacts.vcf"');
        await pipeline(Readable.from(vCards(everyone(store, workspaceId))), res);
        return undefined;
      },
    }),
  ];
}
