/**
 * Per-pair evidence
 * =================
 *
 * Everything the workspace records between two people, kept on the tie
 * graph's edge so every strength can be explained from its sources. Times are
 * milliseconds since the epoch (`eventMs`); `a` < `b` by id, and `initiator` /
 * `from` say which side acted.
 */
import type { Channel, IntroductionOutcome, ReferralStatus, TieKind } from '../../../shared/index.js';

export interface DeclaredTie {
  /** Tie record id; null for the LinkedIn connection implied by a person's `connectedOn`. */
  id: string | null;
  kind: TieKind;
  since: number | null;
}

export interface InteractionTouch {
  id: string;
  at: number;
  channel: Channel;
  /** Who reached out, when it was one of the two. */
  initiator: 'a' | 'b' | null;
  /** People in the interaction; a group meeting is shared among them. */
  groupSize: number;
}

export interface ServiceTouch {
  id: string;
  at: number;
  kind: 'referral' | 'introduction';
  /** Who did the favour. */
  from: 'a' | 'b';
  status: ReferralStatus | IntroductionOutcome;
  value: number | null;
  currency: string | null;
}

/** `a` and `b` were introduced to each other by a third person. */
export interface IntroducedTouch {
  id: string;
  at: number;
  by: string;
  outcome: IntroductionOutcome;
}

/** Immutable: updates build a new object (empty lists may be shared). */
export interface PairEvidence {
  readonly a: string;
  readonly b: string;
  readonly ties: readonly DeclaredTie[];
  readonly interactions: readonly InteractionTouch[];
  readonly services: readonly ServiceTouch[];
  readonly introduced: readonly IntroducedTouch[];
}

/** The shared empty list of a pair without that kind of evidence. */
export const NONE: readonly never[] = Object.freeze([]);
