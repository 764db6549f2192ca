/**
 * Mistake 2: signing someone up without permission
 * ================================================
 *
 * A subscription is a mistake when the answer in force on its date (the newest
 * consent on or before it, for that list or all lists) was not a granted one —
 * never asked, or asked and declined — or when it is still active although the
 * answer in force today is a decline or a withdrawal. Consent must come first
 * and be demonstrable (ePrivacy Directive Art. 13(1); GDPR Art. 7(1)).
 */
import type { Mistake, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { analyticsError, checkNumber } from '../util/analytics-error.js';
import { isoDay } from '../util/time.js';
import { consentInForce, consentsByPerson } from '../consent/consent-gated-export.js';

const ORIGIN = 'mistakes/signed-up-without-permission';

export const DEFAULTS = {};

export interface SignedUpOptions {
  now: number;
}

export function signedUpWithoutPermission(snapshot: AnalysisSnapshot, options: SignedUpOptions): Mistake[] {
  if (!options || typeof options !== 'object') throw analyticsError(ORIGIN, 'options with `now` are required');
  const now = checkNumber(ORIGIN, 'now', options.now, 0);
  const nowIso = new Date(now).toISOString();
  const consents = consentsByPerson(snapshot.consents);
  const lists = new Map(snapshot.mailingLists.map((l) => [l.id, l.name]));
  const found: Mistake[] = [];
  for (const s of snapshot.subscriptions) {
    const personConsents = consents.get(s.personId);
    const atSignup = consentInForce(personConsents, s.listId, s.subscribedAt);
    const today = consentInForce(personConsents, s.listId, nowIso);
    const reasons: string[] = [];
    const day = isoDay(eventMs(s.subscribedAt));
    if (atSignup === null) reasons.push(`subscribed on ${day} with no consent recorded on or before that day`);
    else if (atSignup.status !== 'granted')
      reasons.push(`subscribed on ${day} although the answer then was "${atSignup.status}" (${atSignup.date})`);
    if (s.status === 'active' && today !== null && today.status !== 'granted' && today !== atSignup) {
      reasons.push(`still subscribed although consent was ${today.status} on ${today.date}`);
    }
    if (reasons.length === 0) continue;
    found.push({
      kind: 'signed_up_without_permission',
      personId: s.personId,
      date: new Date(eventMs(s.subscribedAt)).toISOString(),
      recordId: s.id,
      reasons,
      evidence: {
        subscriptionId: s.id,
        listId: s.listId,
        listName: lists.get(s.listId) ?? null,
        subscribedAt: s.subscribedAt,
        subscriptionStatus: s.status,
        source: s.source,
        consentAtSignup: atSignup ? `${atSignup.status} on ${atSignup.date}` : null,
        consentAtSignupId: atSignup?.id ?? null,
        consentEvidence: atSignup?.evidence ?? null,
        consentToday: today ? `${today.status} on ${today.date}` : null,
      },
    });
  }
  return found;
}
