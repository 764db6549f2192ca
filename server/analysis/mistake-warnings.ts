/**
 * Warnings before the mistake: what the mistake detector would find about a
 * pitch, an ask or a subscription, asked of the current analysis before the
 * record is saved (a dry check) or as it is (the create answer). One finding
 * per act, in words.
 */
import type { Pitch, Subscription, Warning } from '../../shared/index.js';
import { isAppError } from '../core/app-error.js';
import type { Store } from '../store/store.port.js';
import type { AnalyticsService } from './analysis.service.js';
import type { Act } from '../analytics/mistakes/mistakes-of-act.js';
import { warningOf } from './warning-words.js';

export class MistakeWarnings {
  constructor(
    private readonly store: Store,
    private readonly analytics: AnalyticsService,
  ) {}

  pitch(ws: string, pitch: Pitch): Promise<Warning[]> {
    return this.check(ws, { kind: 'pitch', pitch }, pitch.personId);
  }

  subscription(ws: string, subscription: Subscription): Promise<Warning[]> {
    return this.check(ws, { kind: 'subscription', subscription }, subscription.personId);
  }

  /** What an edit would add: findings about the edited pitch that the pitch as it stands does not have. */
  async pitchEdit(ws: string, current: Pitch, edited: Pitch): Promise<Warning[]> {
    return added(await this.pitch(ws, current), await this.pitch(ws, edited));
  }

  /** What an edit of a subscription would add (re-activating one, moving it before the consent). */
  async subscriptionEdit(ws: string, current: Subscription, edited: Subscription): Promise<Warning[]> {
    return added(await this.subscription(ws, current), await this.subscription(ws, edited));
  }

  private async check(ws: string, act: Act, personId: string): Promise<Warning[]> {
    try {
      // An analysis must exist for the detector to read the ties; a workspace without "me" has none.
      await this.analytics.current(ws);
    } catch (e) {
      if (isAppError(e) && e.code === 'CONFLICT') return [];
      throw e;
    }
    const now = Date.now();
    const found = await this.analytics.engine.check(ws, act, now);
    if (!found?.mistake) return [];
    const person = await this.store.people.get(ws, personId);
    const list = act.kind === 'subscription' ? await this.store.mailingLists.get(ws, act.subscription.listId) : null;
    return [
      warningOf(found.mistake, {
        name: person?.name ?? 'This person',
        tie: found.tie,
        listName: list?.name ?? null,
        now,
      }),
    ];
  }
}

/** The findings of `after` of a kind `before` does not have: an edit that keeps a known mistake is not warned of again. */
function added(before: Warning[], after: Warning[]): Warning[] {
  const known = new Set(before.map((w) => w.kind));
  return after.filter((w) => !known.has(w.kind));
}
