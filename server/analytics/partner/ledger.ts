/**
 * The give/receive ledger with me
 * ===============================
 *
 * Referrals and introductions exchanged between me and each person: counts,
 * wins, values by currency, last dates. Reciprocity of favours is the norm that
 * keeps referral relationships alive (Gouldner, "The norm of reciprocity", ASR
 * 1960); the ledger is what the thank/reciprocate recommendations read.
 *
 * Given = I referred a client to them, or introduced them to someone.
 * Received = they referred a client to me, or introduced me to someone.
 */
import type { Ledger, AnalysisSnapshot } from '../../../shared/index.js';
import { eventMs } from '../../../shared/index.js';
import { analyticsError } from '../util/analytics-error.js';

const ORIGIN = 'partner/ledger';

export const DEFAULTS = {
  /** Currency key for referral values recorded without one. */
  unknownCurrency: 'XXX',
};

export interface LedgerEntry {
  ledger: Ledger;
  /** Newest referral they gave me: for "thank". */
  lastReferralReceived: {
    id: string;
    at: number;
    status: string;
    value: number | null;
    currency: string | null;
    prospect: string | null;
  } | null;
}

/** Shared by everyone with nothing exchanged: never mutate. */
export const EMPTY_LEDGER: LedgerEntry = Object.freeze({
  ledger: Object.freeze(newLedger()) as Ledger,
  lastReferralReceived: null,
});

function newLedger(): Ledger {
  return {
    referralsGiven: 0,
    referralsReceived: 0,
    referralsWonGiven: 0,
    referralsWonReceived: 0,
    valueGiven: {},
    valueReceived: {},
    introductionsGiven: 0,
    introductionsReceived: 0,
    lastGivenAt: null,
    lastReceivedAt: null,
    balance: 0,
  };
}

const later = (current: string | null, at: number): string => {
  const iso = new Date(at).toISOString();
  return current === null || iso > current ? iso : current;
};

/** The ledger of every person who exchanged anything with me, by person id. */
export function referralLedger(
  snapshot: AnalysisSnapshot,
  meId: string,
  options: Partial<typeof DEFAULTS> = {},
): Map<string, LedgerEntry> {
  const o = { ...DEFAULTS, ...options };
  if (!snapshot || !Array.isArray(snapshot.referrals) || !Array.isArray(snapshot.introductions)) {
    throw analyticsError(ORIGIN, 'expects a WorkspaceSnapshot with referrals and introductions');
  }
  if (typeof meId !== 'string' || meId === '')
    throw analyticsError(ORIGIN, 'meId must be the id of the workspace owner');
  const ledgers = new Map<string, LedgerEntry>();
  const entry = (id: string): LedgerEntry => {
    let l = ledgers.get(id);
    if (!l) ledgers.set(id, (l = { ledger: newLedger(), lastReferralReceived: null }));
    return l;
  };
  const of = (id: string): Ledger => entry(id).ledger;
  for (const r of snapshot.referrals) {
    const at = eventMs(r.date);
    const currency = r.currency ?? o.unknownCurrency;
    if (r.referrerId === meId && r.recipientId !== meId) {
      const l = of(r.recipientId);
      l.referralsGiven++;
      if (r.status === 'won') l.referralsWonGiven++;
      if (r.value !== null) l.valueGiven[currency] = (l.valueGiven[currency] ?? 0) + r.value;
      l.lastGivenAt = later(l.lastGivenAt, at);
    } else if (r.recipientId === meId && r.referrerId !== meId) {
      const l = of(r.referrerId);
      l.referralsReceived++;
      if (r.status === 'won') l.referralsWonReceived++;
      if (r.value !== null) l.valueReceived[currency] = (l.valueReceived[currency] ?? 0) + r.value;
      l.lastReceivedAt = later(l.lastReceivedAt, at);
      const e = entry(r.referrerId);
      if (!e.lastReferralReceived || at > e.lastReferralReceived.at) {
        e.lastReferralReceived = {
          id: r.id,
          at,
          status: r.status,
          value: r.value,
          currency: r.currency,
          prospect: r.prospectName ?? r.prospectId,
        };
      }
    }
  }
  for (const r of snapshot.introductions) {
    const at = eventMs(r.date);
    if (r.introducerId === meId) {
      for (const p of new Set([r.aId, r.bId])) {
        if (p === meId) continue;
        const l = of(p);
        l.introductionsGiven++;
        l.lastGivenAt = later(l.lastGivenAt, at);
      }
    } else if (r.aId === meId || r.bId === meId) {
      const l = of(r.introducerId);
      l.introductionsReceived++;
      l.lastReceivedAt = later(l.lastReceivedAt, at);
    }
  }
  for (const { ledger: l } of ledgers.values())
    l.balance = l.referralsReceived + l.introductionsReceived - (l.referralsGiven + l.introductionsGiven);
  return ledgers;
}
