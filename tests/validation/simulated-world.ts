/**
 * The generative model of the strength validation
 * ===============================================
 *
 * A workspace of one owner ("me") and N people, each with a HIDDEN closeness to
 * me, c(t) in [0, 1], that may change over time. Everything Nurture sees is
 * drawn from c(t) through the confounds the literature names; the truth a
 * predictor is judged against is c(now), the answer to "how close are you
 * now?". docs/strength-validation.md describes the same model in prose.
 *
 * Per tie (all draws seeded, server/analytics/util/lcg.ts):
 *  - contact episodes arrive as a Poisson process, day by day, at
 *    λ(t) = 0.17 · c(t)^1.6 per day (weekly at c = 0.9, monthly at c = 0.4,
 *    yearly at c = 0.05: frequency rises with closeness, Marsden & Campbell 1984)
 *    × chattiness (log-normal, σ 0.5: people differ in how much they write,
 *    whatever their closeness)
 *    × setting (colleagues and neighbours meet 2.5× as often: Marsden & Campbell's
 *    shared-setting confound of frequency)
 *    × logged (the share of contact that reaches the log: 0.3–0.9; Wiese et al.
 *    2015: partners, family, old friends talk where nothing is logged);
 *  - an episode is a group meeting (3–12 people from the tie's circle, me and
 *    them included; no initiator) with the tie's group share, else one-to-one on a
 *    channel that is more often face to face for closer ties (media
 *    multiplexity: Haythornthwaite 2002); messages and emails come as threads
 *    whose replies run longer for closer ties (each message one interaction,
 *    its sender the initiator, as the LinkedIn messages export gives them);
 *  - who reaches out: them with probability 0.2 + 0.35 c (a networker reaches
 *    out to distant people more than they to her); calendar entries (meetings,
 *    calls) often carry no organiser;
 *  - social likes and comments at 0.004 · (0.3 + c) per day × activity;
 *  - a LinkedIn connection (85%) made around when they met; colleagues
 *    sometimes declared as a "colleague" tie since the start;
 *  - referrals and introductions at 0.5 · c³ per year, either way;
 *  - mutual contacts only as Nurture sees them: people met in the same group
 *    meetings, introductions I made, and a few declared peer ties among people
 *    of one circle (peers' own one-to-one contact is never in my log).
 * Ties began up to 12 years ago, the closer ones somewhat earlier (duration
 * goes with closeness, weakly: Marsden & Campbell).
 *
 * The scenarios (scenarios.ts) change c(t) and these knobs for a share of the
 * ties: drift, warming, project bursts, unlogged old friends, one-way
 * contact, group-only acquaintances, single channels.
 */
import type {
  Channel,
  Interaction,
  Introduction,
  Person,
  Referral,
  Tie,
  WorkspaceSnapshot,
} from '../../shared/index.js';
import { lcg } from '../../shared/domain/random.js';

export const DAY = 86_400_000;
export const YEAR = 365 * DAY;
const WEEK = 7 * DAY;
/** The instant every simulated workspace is analysed at. */
export const NOW = Date.parse('2025-06-01T00:00:00Z');
/** Stage cut-offs on the closeness scale (the model's stage thresholds / 100). */
export const STAGE_CUTS = [0.15, 0.3, 0.5, 0.7] as const;
/** "Strong" is relationship or above. */
export const STRONG_CUT = 0.5;

export type Random = () => number;

export type ChannelMix = 'mixed' | 'messages' | 'meetings' | 'linkedin';

/** How one tie is generated. `closeness(t)` is the hidden truth over time. */
export interface TiePlan {
  closeness: (t: number) => number;
  /** When they met (ms). */
  start: number;
  /** Multiplier on the contact rate. */
  rate: number;
  /** Share of contact that reaches the log. */
  logged: number;
  colleague: boolean;
  /** Share of episodes that are group meetings. */
  groupShare: number;
  /** Probability an episode is started by them (not me). */
  theirShare: number;
  /** Share of meetings/calls logged without an organiser. */
  unknownInitiator: number;
  /** Extra contact in project bursts: [from, to, episodes per day]. */
  bursts: [number, number, number][];
  /** One-way contact: my cold outreach, or their newsletter; nothing comes back. */
  oneWay: null | 'outreach' | 'newsletter';
  /** Only group meetings, never one-to-one (a networking breakfast). */
  groupOnly: boolean;
  linkedin: boolean;
  /** Social likes per day multiplier. */
  activity: number;
  /** Phone and face to face rather than writing (old friends, family). */
  offline: boolean;
}

export interface WorldOptions {
  people: number;
  seed: number;
  channels: ChannelMix;
  /** Builds each tie's plan from a default one (the scenario's twist). */
  plan: (base: TiePlan, c0: number, random: Random, i: number) => TiePlan;
  /** Circle size (people who meet in the same groups). */
  circleSize?: number;
}

export interface World {
  snapshot: WorkspaceSnapshot;
  /** Person ids of the ties to me, in order. */
  ids: string[];
  /** Hidden closeness now, per tie. */
  truth: Float64Array;
}

const STAMP = '2024-01-01T00:00:00.000Z';
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function normal(random: Random): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function poisson(random: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Daily contact rate at closeness c (before chattiness, setting and logging). */
export const contactRate = (c: number) => 0.17 * Math.max(0, c) ** 1.6;

/** The default closeness of a tie: most ties are distant (c = u^1.6, mean 0.38). */
export const drawCloseness = (random: Random) => random() ** 1.6;

/** The default plan of a tie at closeness c0, stable over time. */
export function defaultPlan(c0: number, random: Random): TiePlan {
  const colleague = random() < 0.25;
  // Duration goes with closeness, weakly: log-normal around 2 years × e^(1.2 c).
  const ageYears = Math.min(12, Math.max(0.05, 2 * Math.exp(1.2 * c0 + 0.9 * normal(random))));
  return {
    closeness: () => c0,
    start: NOW - ageYears * YEAR,
    rate: Math.exp(0.5 * normal(random)) * (colleague ? 2.5 : 1),
    logged: 0.3 + 0.6 * random(),
    colleague,
    groupShare: 0.12,
    theirShare: Math.min(0.6, Math.max(0.05, 0.2 + 0.35 * c0 + 0.08 * normal(random))),
    unknownInitiator: 0.4,
    bursts: [],
    oneWay: null,
    groupOnly: false,
    linkedin: random() < 0.85,
    activity: Math.exp(0.8 * normal(random)),
    offline: false,
  };
}

/** One-to-one channel of an episode. */
function channelOf(mix: ChannelMix, c: number, plan: TiePlan, random: Random): Channel {
  if (mix === 'messages') return 'message';
  const x = random();
  if (mix === 'meetings') return x < 0.55 ? 'in_person' : x < 0.8 ? 'video' : 'call';
  const faceToFace = plan.offline ? 0.8 : 0.15 + 0.5 * c;
  if (x < faceToFace) {
    const y = random();
    return y < 0.5 ? 'in_person' : y < 0.75 ? 'call' : 'video';
  }
  if (x < faceToFace + 0.08 * (1 - c)) return 'event';
  return random() < 0.5 ? 'email' : 'message';
}

class Log {
  readonly interactions: Interaction[] = [];
  private n = 0;
  add(at: number, channel: Channel, participantIds: string[], initiatorId: string | null): void {
    const t = Math.min(at, NOW - 3_600_000);
    this.interactions.push({
      id: `i${this.n++}`,
      createdAt: STAMP,
      updatedAt: STAMP,
      occurredAt: new Date(t).toISOString(),
      channel,
      participantIds,
      initiatorId,
      note: null,
      source: 'simulation',
      externalId: null,
    });
  }
}

function person(id: string, isMe: boolean, connectedOn: string | null): Person {
  return {
    id,
    createdAt: STAMP,
    updatedAt: STAMP,
    name: id,
    firstName: null,
    lastName: null,
    emails: [],
    linkedinUrl: null,
    company: null,
    position: null,
    organizationId: null,
    tags: [],
    notes: null,
    connectedOn,
    source: isMe ? 'manual' : 'simulation',
    isMe,
    needNote: null,
    needNotedOn: null,
  };
}

/** Generates one simulated workspace. */
export function simulateWorld(o: WorldOptions): World {
  const random = lcg(o.seed);
  const n = o.people;
  const circleSize = o.circleSize ?? 25;
  const ids = Array.from({ length: n }, (_, i) => `p${i}`);
  const plans: TiePlan[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = drawCloseness(random);
    plans.push(o.plan(defaultPlan(c0, random), c0, random, i));
  }
  const truth = Float64Array.from(plans, (p) => clamp01(p.closeness(NOW)));
  const circleOf = (i: number) => Math.floor(i / circleSize);
  // Circles mix closeness levels: people are shuffled into them.
  const seat = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [seat[i], seat[j]] = [seat[j]!, seat[i]!];
  }
  const members: number[][] = [];
  for (let s = 0; s < n; s++) (members[circleOf(s)] ??= []).push(seat[s]!);
  const circle = new Int32Array(n);
  for (let s = 0; s < n; s++) circle[seat[s]!] = circleOf(s);

  const log = new Log();
  const ties: Tie[] = [];
  const referrals: Referral[] = [];
  const introductions: Introduction[] = [];
  const people: Person[] = [person('me', true, null)];
  const other = (i: number) => ids[i]!;

  for (let i = 0; i < n; i++) {
    const p = plans[i]!;
    const id = other(i);
    const connected =
      p.linkedin || o.channels === 'linkedin' || o.channels === 'messages'
        ? day(Math.min(NOW - DAY, Math.max(p.start, p.start + (0.2 + 0.5 * normal(random)) * YEAR)))
        : null;
    people.push(person(id, false, connected));
    if (p.colleague && o.channels === 'mixed' && random() < 0.4)
      ties.push(tieRecord(`d${i}`, 'me', id, 'colleague', day(p.start)));

    const addEpisode = (t: number, c: number, burst: boolean): void => {
      if (o.channels === 'linkedin') return;
      const group = p.groupOnly || (o.channels !== 'messages' && random() < (burst ? 0.4 : p.groupShare));
      if (group && o.channels !== 'messages') {
        // Who else comes: people of the same circle, the closer to me the likelier
        // (a breakfast club is bigger and less choosy than a dinner with friends).
        const pool = members[circle[i]!]!;
        const size = p.groupOnly ? 6 + Math.floor(random() * 10) : 3 + Math.floor(random() * 4);
        const others = new Set<string>([id]);
        for (let k = 0; k < 6 * size && others.size < size - 1; k++) {
          const j = pool[Math.floor(random() * pool.length)]!;
          const q = plans[j]!;
          if (q.oneWay === null && t >= q.start && random() < (p.groupOnly ? 0.7 : 0.2 + truth[j]!))
            others.add(other(j));
        }
        log.add(t, o.channels === 'meetings' || random() < 0.7 ? 'in_person' : 'event', ['me', ...others], null);
        return;
      }
      const theirs = random() < p.theirShare;
      const channel =
        burst && o.channels === 'mixed' ? (random() < 0.7 ? 'message' : 'video') : channelOf(o.channels, c, p, random);
      const starter = theirs ? id : 'me';
      const otherSide = theirs ? 'me' : id;
      if (channel === 'email' || channel === 'message') {
        // A thread: replies alternate, longer for closer ties.
        log.add(t, channel, ['me', id], starter);
        let who = otherSide;
        for (let k = 0; k < 8 && random() < 0.35 + 0.45 * c; k++) {
          log.add(t + (k + 1) * 3_600_000 * (1 + 10 * random()), channel, ['me', id], who);
          who = who === 'me' ? id : 'me';
        }
      } else {
        log.add(t, channel, ['me', id], random() < p.unknownInitiator ? null : starter);
      }
    };

    if (p.oneWay === 'outreach') {
      // Cold outreach: a handful of my messages over a few weeks, some time in the tie's span; no answer.
      const at = p.start + random() * Math.max(DAY, NOW - p.start);
      const k = 2 + Math.floor(random() * 14);
      for (let m = 0; m < k; m++)
        log.add(at + m * (3 + 20 * random()) * DAY, o.channels === 'messages' ? 'message' : 'email', ['me', id], 'me');
    } else if (p.oneWay === 'newsletter') {
      // Their newsletter: every 1–5 weeks from the start, often still running.
      const until = random() < 0.7 ? NOW : p.start + random() * (NOW - p.start);
      const every = (7 + 28 * random()) * DAY;
      for (let t = p.start; t < until; t += every * (0.8 + 0.4 * random()))
        log.add(t, o.channels === 'messages' ? 'message' : 'email', ['me', id], id);
    } else {
      // Week by week: closeness changes over months, so a week's rate is its first day's.
      for (let t = Math.max(p.start, NOW - 12 * YEAR); t < NOW; t += WEEK) {
        const c = clamp01(p.closeness(t));
        const span = Math.min(WEEK, NOW - t);
        let lambda = contactRate(c) * p.rate * p.logged;
        let burst = false;
        for (const [from, to, extra] of p.bursts)
          if (t >= from && t < to) {
            lambda += extra * p.logged;
            burst = true;
          }
        for (let e = poisson(random, (lambda * span) / DAY); e > 0; e--) addEpisode(t + random() * span, c, burst);
      }
    }

    // Likes and comments, where LinkedIn is in the picture.
    if ((connected !== null || o.channels === 'linkedin') && o.channels !== 'meetings') {
      const from = Math.max(p.start, NOW - 6 * YEAR);
      for (let t = from; t < NOW; t += 4 * WEEK) {
        const c = p.oneWay ? 0 : clamp01(p.closeness(t));
        const span = Math.min(4 * WEEK, NOW - t);
        for (let e = poisson(random, (0.004 * (0.3 + c) * p.activity * span) / DAY); e > 0; e--)
          log.add(t + random() * span, 'social', ['me', id], random() < 0.5 ? 'me' : id);
      }
    }

    // Referrals and introductions: favours between close ties.
    if (o.channels === 'mixed' && p.oneWay === null) {
      for (let t = Math.max(p.start, NOW - 8 * YEAR); t < NOW; t += 30 * DAY) {
        const c = clamp01(p.closeness(t));
        if (random() < (0.5 * c ** 3 * 30) / 365) {
          const toMe = random() < 0.5;
          const status = (['won', 'open', 'lost', 'won'] as const)[Math.floor(random() * 4)]!;
          referrals.push(referralRecord(`r${referrals.length}`, day(t), toMe ? id : 'me', toMe ? 'me' : id, status));
        }
        if (random() < (0.3 * c ** 2 * 30) / 365) {
          const pool = members[circle[i]!]!;
          const j = pool[Math.floor(random() * pool.length)]!;
          if (j !== i && plans[j]!.oneWay === null)
            introductions.push(introductionRecord(`n${introductions.length}`, day(t), 'me', id, other(j)));
        }
      }
    }
  }

  // A few peer ties people declared by hand, within circles.
  if (o.channels === 'mixed') {
    for (const pool of members) {
      for (let a = 0; a < pool.length; a++)
        for (let b = a + 1; b < pool.length; b++) {
          const x = pool[a]!;
          const y = pool[b]!;
          const both = plans[x]!.colleague && plans[y]!.colleague;
          if (random() < 0.01 + (both ? 0.05 : 0))
            ties.push(tieRecord(`k${x}-${y}`, other(x), other(y), both ? 'colleague' : 'knows', null));
        }
    }
  }

  const snapshot: WorkspaceSnapshot = {
    workspace: { id: 'ws', createdAt: STAMP, updatedAt: STAMP, name: 'Simulated', timeZone: 'UTC' },
    people,
    organizations: [],
    ties,
    interactions: log.interactions,
    introductions,
    referrals,
    pitches: [],
    mailingLists: [],
    subscriptions: [],
    consents: [],
  };
  return { snapshot, ids, truth };
}

function tieRecord(id: string, aId: string, bId: string, kind: Tie['kind'], since: string | null): Tie {
  return { id, createdAt: STAMP, updatedAt: STAMP, aId, bId, kind, since, source: 'simulation', note: null };
}

function referralRecord(
  id: string,
  date: string,
  referrerId: string,
  recipientId: string,
  status: Referral['status'],
): Referral {
  return {
    id,
    createdAt: STAMP,
    updatedAt: STAMP,
    referrerId,
    recipientId,
    prospectId: null,
    prospectName: 'Prospect',
    date,
    status,
    value: null,
    currency: null,
    note: null,
  };
}

function introductionRecord(id: string, date: string, introducerId: string, aId: string, bId: string): Introduction {
  return { id, createdAt: STAMP, updatedAt: STAMP, introducerId, aId, bId, date, outcome: 'met', note: null };
}

/** Stage 0 (stranger) … 4 (trusted) of a closeness. */
export function stageOfCloseness(c: number): number {
  let s = 0;
  for (const cut of STAGE_CUTS) if (c >= cut) s++;
  return s;
}
