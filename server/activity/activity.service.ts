import type { InteractionCreate, InteractionUpdate, PitchCreate } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import { type Caller, type CrudService, crudService } from '../core/crud.service.js';
import type { AnalyticsService } from '../analysis/analysis.service.js';
import { refuseFuture } from '../domain/not-in-future.js';
import type { Store } from '../store/store.port.js';

async function requireMe(store: Store, ws: string, field: string, caller?: Caller | null): Promise<string> {
  // A member (not the owner) acts as their own person: "me" is who is signed in.
  if (caller && caller.role !== 'owner' && caller.personId) return caller.personId;
  const me = await store.getMe(ws);
  if (!me)
    throw AppError.invalid(field, 'name the people involved, or record who you are first (a person with isMe true)');
  return me.id;
}

const PLANNED_HINT = 'for a meeting you plan, mark it as planned';

/** The same service with every write's date checked first: what has not happened yet is refused. */
export function dated<T, C, U, Q>(s: CrudService<T, C, U, Q>, field: string): CrudService<T, C, U, Q> {
  const date = (x: C | U) => (x as Record<string, string | undefined>)[field];
  return {
    ...s,
    create: (ws: string, input: C, caller?: Caller | null) => {
      refuseFuture(field, date(input));
      return s.create(ws, input, caller);
    },
    update: (ws: string, id: string, patch: U) => {
      refuseFuture(field, date(patch));
      return s.update(ws, id, patch);
    },
  };
}

/**
 * Logging what happened. An interaction given with one other person is
 * between that person and me; an ask without a pitcher was made by me.
 * Dates in the future are refused, except a planned meeting's.
 */
export function activityServices(store: Store, feed: ChangeFeed, analytics?: AnalyticsService) {
  const interactions = crudService(store.interactions, 'interaction', feed);
  const pitches = dated(crudService(store.pitches, 'pitch', feed), 'date');
  return {
    interactions: {
      ...interactions,
      async create(ws: string, input: InteractionCreate, caller?: Caller | null) {
        const { planned, ...record } = input;
        if (!planned) refuseFuture('occurredAt', record.occurredAt, PLANNED_HINT);
        let participantIds = [...new Set(record.participantIds)];
        if (participantIds.length === 1)
          participantIds = [await requireMe(store, ws, 'participantIds', caller), ...participantIds];
        const created = await interactions.create(ws, { ...record, participantIds });
        // The touched ties' strengths move now; the rest follows with the next recomputation.
        await analytics?.interactionLogged(ws, created);
        return created;
      },
      async update(ws: string, id: string, patch: InteractionUpdate) {
        const current = await interactions.get(ws, id);
        // A planned meeting may be moved within the future; a past one may not be moved into it.
        if (patch.occurredAt && Date.parse(current.occurredAt) <= Date.now())
          refuseFuture('occurredAt', patch.occurredAt, PLANNED_HINT);
        return interactions.update(ws, id, patch);
      },
    },
    introductions: dated(crudService(store.introductions, 'introduction', feed), 'date'),
    referrals: dated(crudService(store.referrals, 'referral', feed), 'date'),
    pitches: {
      ...pitches,
      async create(ws: string, input: PitchCreate, caller?: Caller | null) {
        return pitches.create(ws, {
          ...input,
          pitcherId: input.pitcherId ?? (await requireMe(store, ws, 'pitcherId', caller)),
        });
      },
    },
    requireMe: (ws: string, caller?: Caller | null) => requireMe(store, ws, 'pitcherId', caller),
  };
}
