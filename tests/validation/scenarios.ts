/**
 * The validation scenarios: each a population of ties in which one
 * phenomenon the literature names is present for a share of them (the rest
 * follow the default plan of simulated-world.ts). The hidden closeness now is
 * the truth in every one.
 */
import { type ChannelMix, DAY, NOW, type Random, type TiePlan, YEAR, normal } from './simulated-world.js';

export interface Scenario {
  key: string;
  name: string;
  /** What it tests, for the table. */
  about: string;
  channels: ChannelMix;
  plan: (base: TiePlan, c0: number, random: Random, i: number) => TiePlan;
}

const lerp = (a: number, b: number, x: number) => a + (b - a) * Math.min(1, Math.max(0, x));

/** c(t) that moves from `from` to `to` between t0 and t1. */
const ramp = (from: number, to: number, t0: number, t1: number) => (t: number) =>
  t <= t0 ? from : t >= t1 ? to : lerp(from, to, (t - t0) / (t1 - t0));

/** Drifting apart: close once, much less so now; silent for months or years. */
function drift(base: TiePlan, random: Random): TiePlan {
  const then = 0.5 + 0.45 * random();
  const now = then * (0.05 + 0.5 * random());
  const t1 = NOW - (0.1 + 2.5 * random()) * YEAR;
  const t0 = t1 - (0.2 + 1 * random()) * YEAR;
  const start = Math.min(base.start, t0 - (1 + 4 * random()) * YEAR);
  return { ...base, closeness: ramp(then, now, t0, t1), start, theirShare: 0.2 + 0.35 * then };
}

/** Warming up: distant until lately, close now; some new, some old acquaintances. */
function warm(base: TiePlan, random: Random): TiePlan {
  const then = 0.25 * random();
  const now = 0.4 + 0.55 * random();
  const t0 = NOW - (0.25 + 1.2 * random()) * YEAR;
  const t1 = t0 + (60 + 200 * random()) * DAY;
  const start = random() < 0.5 ? t0 - 60 * random() * DAY : Math.min(base.start, t0 - 2 * YEAR);
  return { ...base, closeness: ramp(then, now, t0, t1), start, theirShare: 0.2 + 0.35 * now };
}

/** A project: months of intense work contact, whatever the closeness; a small lasting lift. */
function bursty(base: TiePlan, c0: number, random: Random): TiePlan {
  const bursts: [number, number, number][] = [];
  const count = 1 + Math.floor(random() * 2);
  let lift = 0;
  for (let b = 0; b < count; b++) {
    const from = base.start + random() * Math.max(DAY, NOW - base.start);
    const to = from + (30 + 90 * random()) * DAY;
    bursts.push([from, to, 0.25 + 0.55 * random()]);
    lift += 0.04;
  }
  const after = Math.min(...bursts.map((b) => b[1]));
  return { ...base, bursts, closeness: (t) => (t >= after ? Math.min(1, c0 + lift) : c0) };
}

/** Long-standing, close, and hardly logged: family and old friends (Wiese et al. 2015). */
function oldFriend(base: TiePlan, random: Random): TiePlan {
  const c = 0.6 + 0.4 * random();
  return {
    ...base,
    closeness: () => c,
    start: NOW - (5 + 15 * random()) * YEAR,
    logged: 0.04 + 0.11 * random(),
    theirShare: 0.5,
    offline: true,
    colleague: false,
    rate: Math.exp(0.5 * normal(random)),
  };
}

/** One-way: my cold outreach or their newsletter; hardly any closeness. */
function oneWay(base: TiePlan, random: Random): TiePlan {
  const kind = random() < 0.5 ? 'outreach' : 'newsletter';
  const c = (kind === 'outreach' ? 0.08 : 0.15) * random();
  return { ...base, closeness: () => c, oneWay: kind, start: NOW - (0.1 + 4 * random()) * YEAR };
}

/** Met only in groups (a weekly networking breakfast): frequent, not close. */
function groupOnly(base: TiePlan, random: Random): TiePlan {
  const c = 0.05 + 0.35 * random();
  return { ...base, closeness: () => c, groupOnly: true, rate: base.rate * (3 + 4 * random()) };
}

const share = (i: number, every: number) => i % every === 0;

export const SCENARIOS: Scenario[] = [
  {
    key: 'stable',
    name: 'Stable ties',
    about: 'closeness constant; chattiness, shared settings and partial logging as noise',
    channels: 'mixed',
    plan: (b) => b,
  },
  {
    key: 'drifting',
    name: 'Drifting apart',
    about: 'half the ties were close and have cooled; long history, recent silence',
    channels: 'mixed',
    plan: (b, _c, r, i) => (share(i, 2) ? drift(b, r) : b),
  },
  {
    key: 'warming',
    name: 'Warming up',
    about: 'half the ties became close within the last 15 months; short or thin history',
    channels: 'mixed',
    plan: (b, _c, r, i) => (share(i, 2) ? warm(b, r) : b),
  },
  {
    key: 'bursty',
    name: 'Bursty project ties',
    about: '40% had one or two projects: 1–4 months of near-daily contact, whatever their closeness',
    channels: 'mixed',
    plan: (b, c, r, i) => (i % 5 < 2 ? bursty(b, c, r) : b),
  },
  {
    key: 'infrequent',
    name: 'Long-standing, infrequent',
    about: 'a third are old close friends with 4–15% of their contact logged (Wiese et al.); colleagues write often',
    channels: 'mixed',
    plan: (b, _c, r, i) => (share(i, 3) ? oldFriend(b, r) : b),
  },
  {
    key: 'one-way',
    name: 'One-way contact',
    about: 'a third are cold outreach (mine, unanswered) or newsletters (theirs), hardly any closeness',
    channels: 'mixed',
    plan: (b, _c, r, i) => (share(i, 3) ? oneWay(b, r) : b),
  },
  {
    key: 'groups',
    name: 'One-to-one vs group meetings',
    about: '40% met only in groups (weekly breakfasts), often and not close; meetings only',
    channels: 'meetings',
    plan: (b, _c, r, i) => (i % 5 < 2 ? groupOnly(b, r) : { ...b, groupShare: 0.15 }),
  },
  {
    key: 'messages',
    name: 'Message-only',
    about: 'LinkedIn messages only: sender known, no meetings, no groups',
    channels: 'messages',
    plan: (b) => ({ ...b, linkedin: true }),
  },
  {
    key: 'meetings',
    name: 'Meeting-only',
    about: 'a calendar only: meetings and calls, organiser often unknown, some groups',
    channels: 'meetings',
    plan: (b) => ({ ...b, groupShare: 0.25, unknownInitiator: 0.6 }),
  },
  {
    key: 'linkedin',
    name: 'LinkedIn-only',
    about: 'connections with likes and comments only; closeness at most "contact"',
    channels: 'linkedin',
    plan: (b, c) => ({ ...b, closeness: () => 0.45 * c, linkedin: true }),
  },
  {
    key: 'mixed',
    name: 'Mixed channels',
    about: 'every channel and every twist above, about a tenth of the ties each',
    channels: 'mixed',
    plan: (b, c, r, i) => {
      switch (i % 10) {
        case 0:
          return drift(b, r);
        case 1:
          return warm(b, r);
        case 2:
          return bursty(b, c, r);
        case 3:
          return oldFriend(b, r);
        case 4:
          return oneWay(b, r);
        case 5:
          return groupOnly(b, r);
        default:
          return b;
      }
    },
  },
];
