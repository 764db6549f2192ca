import type { InteractionCreate, PitchCreate } from '../../shared/index.js';
import { AppError } from '../core/app-error.js';
import type { ChangeFeed } from '../core/change-feed.js';
import { crudService } from '../core/crud.service.js';
import type { AnalyticsService } from '../analysis/analysis.service.js';
import type { Store } from '../store/store.port.js';

async function requireMe(store: Store, ws: string, field: string): Promise<string> {
  const me = await store.getMe(ws);
  if (!me)
    throw AppError.invalid(field, 'name the people involved, or record who you are first (a person with isMe true)');
  return me.id;
}

/**
 * Logging what happened. An interaction given with one other person is
 * between that person and me; an ask without a pitcher was made by me.
 */
export function activityServices(store: Store, feed: ChangeFeed, analytics?: AnalyticsService) {
  const interactions = crudService(store.interactions, 'interaction', feed);
  const pitches = crudService(store.pitches, 'pitch', feed);
  return {
    interactions: {
      ...interactions,
      async create(ws: string, input: InteractionCreate) {
        let participantIds = [...new Set(input.participantIds)];
        if (participantIds.length === 1)
          participantIds = [await requireMe(store, ws, 'participantIds'), ...participantIds];
        const created = await interactions.create(ws, { ...input, participantIds });
        // The touched ties' strengths move now; the rest follows with the next recomputation.
        await analytics?.interactionLogged(ws, created);
        return created;
      },
    },
    introductions: crudService(store.introductions, 'introduction', feed),
    referrals: crudService(store.referrals, 'referral', feed),
    pitches: {
      ...pitches,
      async create(ws: string, input: PitchCreate) {
        return pitches.create(ws, {
          ...input,
          pitcherId: input.pitcherId ?? (await requireMe(store, ws, 'pitcherId')),
        });
      },
    },
  };
}
