/**
 * A generated but lifelike network for a new user: about 300 people over the
 * past two years, from an inner circle of trusted partners to LinkedIn
 * connections never met, with the introductions, referrals, pitches and
 * sign-ups that make each recommendation and each mistake appear at least once.
 * Deterministic for a seed and a "now", so tests can rely on it.
 */
import type {
  Channel,
  ConsentCreate,
  IntroductionCreate,
  PersonCreate,
  PitchCreate,
  ReferralCreate,
  SubscriptionCreate,
} from '../../shared/index.js';
import type { ImportInteraction, ImportTie, Store } from '../store/store.port.js';
import { lcg, pick } from '../../shared/domain/random.js';

const FIRST = [
  'Ada',
  'Ben',
  'Chloé',
  'Dmitri',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Inès',
  'Jonas',
  'Kemal',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Xavier',
  'Yara',
  'Zoë',
  'Aiko',
  'Björn',
  'Carmen',
  'Dev',
];
const LAST = [
  'Adeyemi',
  'Becker',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quintero',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Umarov',
  'Varga',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zhang',
];
const COMPANIES = [
  'Northwind Advisors',
  'Blue Harbor Legal',
  'Keystone Accounting',
  'Lumen Coaching',
  'Atlas Realty',
  'Brightpath Agency',
  'Cedar & Co Tax',
  'Helix HR Partners',
  'Orbit Digital',
  'Summit Insurance',
  'Fernhill Bank',
  'Quarry Design Studio',
];
const POSITIONS = [
  'Founder',
  'Partner',
  'Managing Director',
  'Business Coach',
  'Tax Advisor',
  'Realtor',
  'Account Director',
  'Head of Sales',
  'Attorney',
  'Consultant',
  'CFO',
  'Office Manager',
];
const TAGS = ['chamber', 'bni', 'alumni', 'client', 'supplier', 'speaker'];

type Tier = 'inner' | 'partner' | 'contact' | 'acquaintance' | 'linkedin';
const TIERS: [Tier, number][] = [
  ['inner', 8],
  ['partner', 22],
  ['contact', 45],
  ['acquaintance', 75],
  ['linkedin', 150],
];
const DAY = 86_400_000;

export interface DemoSummary {
  people: number;
  interactions: number;
  introductions: number;
  referrals: number;
  pitches: number;
  subscriptions: number;
  consents: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const instant = (ms: number) => new Date(ms).toISOString();

/** Loads the demo network into a workspace (which should be empty). */
export async function loadDemoNetwork(
  store: Store,
  ws: string,
  options: { seed?: number; now?: number } = {},
): Promise<DemoSummary> {
  const random = lcg(options.seed ?? 7);
  const now = options.now ?? Date.now();
  const ago = (days: number) => now - days * DAY;
  const between = (fromDaysAgo: number, toDaysAgo: number) => ago(toDaysAgo + random() * (fromDaysAgo - toDaysAgo));

  const people: (PersonCreate & { tier: Tier })[] = [];
  const used = new Set<string>();
  for (const [tier, count] of TIERS) {
    for (let i = 0; i < count; i++) {
      let first: string, last: string;
      do {
        first = pick(random, FIRST);
        last = pick(random, LAST);
      } while (used.has(`${first} ${last}`) && used.size < FIRST.length * LAST.length);
      used.add(`${first} ${last}`);
      const slug = `${first}-${last}-${people.length}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      people.push({
        tier,
        name: `${first} ${last}`,
        firstName: first,
        lastName: last,
        company: pick(random, COMPANIES),
        position: pick(random, POSITIONS),
        linkedinUrl: `https://www.linkedin.com/in/${slug}`,
        emails:
          tier === 'linkedin' && random() < 0.8 ? [] : [`${slug.replace(/-\d+$/, '')}.${people.length}@example.com`],
        tags: random() < 0.4 ? [pick(random, TAGS)] : [],
        connectedOn: day(between(720, 10)),
        source: 'demo',
        ...(tier === 'partner' && random() < 0.5
          ? { needNote: 'Looking for a reliable bookkeeper for clients', needNotedOn: day(between(200, 30)) }
          : {}),
      });
    }
  }

  const me = await store.people.create(ws, {
    name: 'Sam Rivera',
    firstName: 'Sam',
    lastName: 'Rivera',
    company: 'Rivera Bookkeeping',
    position: 'Owner',
    linkedinUrl: 'https://www.linkedin.com/in/sam-rivera-demo',
    emails: ['sam@rivera.example'],
    isMe: true,
    source: 'demo',
  });
  const meRef = { id: me.id };
  const ties: ImportTie[] = people.map((p, row) => ({
    a: meRef,
    b: { row },
    kind: 'linkedin',
    since: p.connectedOn ?? null,
    source: 'demo',
  }));

  // Colleagues of the same company know each other; partners know many of the inner circle.
  const byCompany = new Map<string, number[]>();
  people.forEach((p, i) => {
    byCompany.set(p.company!, [...(byCompany.get(p.company!) ?? []), i]);
  });
  for (const rows of byCompany.values()) {
    for (let k = 1; k < rows.length; k++)
      if (random() < 0.35)
        ties.push({ a: { row: rows[k - 1]! }, b: { row: rows[k]! }, kind: 'colleague', since: null, source: 'demo' });
  }

  const interactions: ImportInteraction[] = [];
  const channelsByTier: Record<Tier, Channel[]> = {
    inner: ['in_person', 'in_person', 'video', 'call', 'message'],
    partner: ['in_person', 'video', 'call', 'email', 'message'],
    contact: ['video', 'call', 'email', 'message', 'event'],
    acquaintance: ['event', 'message', 'social', 'email'],
    linkedin: ['social'],
  };
  const ratePerMonth: Record<Tier, number> = {
    inner: 3,
    partner: 1.2,
    contact: 0.45,
    acquaintance: 0.12,
    linkedin: 0.02,
  };
  people.forEach((p, row) => {
    // A few strong ties went quiet four months ago: the "reconnect" and "cooling" cases.
    const cooling = (p.tier === 'inner' || p.tier === 'partner') && random() < 0.2;
    const startDaysAgo = p.tier === 'inner' ? 720 : 30 + random() * 650;
    const endDaysAgo = cooling ? 120 + random() * 60 : 0;
    const months = Math.max(0, (startDaysAgo - endDaysAgo) / 30);
    const n = Math.round(months * ratePerMonth[p.tier] * (0.6 + random() * 0.8));
    for (let k = 0; k < n; k++) {
      const at = between(startDaysAgo, endDaysAgo);
      const theyStarted = random() < (p.tier === 'inner' ? 0.5 : p.tier === 'partner' ? 0.45 : 0.25);
      interactions.push({
        participants: [meRef, { row }],
        initiator: theyStarted ? { row } : meRef,
        occurredAt: instant(at),
        channel: pick(random, channelsByTier[p.tier]),
        source: 'demo',
        externalId: `demo-${row}-${k}`,
      });
    }
  });

  const plan = await store.applyImport(ws, { people, ties, interactions });
  const id = (row: number) => plan.rows[row]!.id;
  const rowsOf = (tier: Tier) => people.flatMap((p, i) => (p.tier === tier ? [i] : []));
  const inner = rowsOf('inner');
  const partners = rowsOf('partner');
  const contacts = rowsOf('contact');
  const acquaintances = rowsOf('acquaintance');
  const linkedinOnly = rowsOf('linkedin');

  // Each kind of record in one transaction (createMany): one commit for 24 introductions, not 24.
  const introductionInputs: IntroductionCreate[] = [];
  for (let k = 0; k < 24; k++) {
    const introducer = pick(random, [...inner, ...partners]);
    const target = pick(random, [...contacts, ...acquaintances]);
    const toMe = random() < 0.6;
    introductionInputs.push({
      introducerId: toMe ? id(introducer) : me.id,
      aId: toMe ? me.id : id(introducer),
      bId: id(target),
      date: day(between(600, 5)),
      outcome: pick(random, ['met', 'met', 'pending', 'declined'] as const),
    });
  }
  const introductions = (await store.introductions.createMany(ws, introductionInputs)).length;

  const referralInputs: ReferralCreate[] = [];
  for (let k = 0; k < 40; k++) {
    const partner = pick(random, k < 30 ? [...inner, ...partners] : contacts);
    const received = random() < 0.6;
    const won = random() < 0.5;
    referralInputs.push({
      referrerId: received ? id(partner) : me.id,
      recipientId: received ? me.id : id(partner),
      prospectName: `${pick(random, FIRST)} ${pick(random, LAST)} (${pick(random, COMPANIES)})`,
      date: day(k < 4 ? between(12, 1) : between(650, 10)),
      status: won ? 'won' : pick(random, ['open', 'lost'] as const),
      value: won ? Math.round(500 + random() * 9500) : null,
      currency: won ? 'EUR' : null,
    });
  }
  const referrals = (await store.referrals.createMany(ws, referralInputs)).length;

  const pitchInputs: PitchCreate[] = [];
  const pitchTo = [...linkedinOnly.slice(0, 6), ...acquaintances.slice(0, 4), ...partners.slice(0, 4)];
  for (const row of pitchTo) {
    const tier = people[row]!.tier;
    pitchInputs.push({
      pitcherId: me.id,
      personId: id(row),
      date: day(between(90, 2)),
      kind: tier === 'acquaintance' && random() < 0.5 ? 'referral_request' : 'pitch',
      offer: 'Monthly bookkeeping package',
      askedForIt: tier === 'partner',
      needExpressed: tier === 'partner' && people[row]!.needNote != null,
    });
  }
  const pitches = (await store.pitches.createMany(ws, pitchInputs)).length;

  const newsletter = await store.mailingLists.create(ws, {
    name: 'Rivera monthly tax notes',
    description: 'Monthly newsletter',
  });
  const consentInputs: ConsentCreate[] = [];
  const subscriptionInputs: SubscriptionCreate[] = [];
  const subscribers = [...inner, ...partners, ...contacts.slice(0, 20), ...linkedinOnly.slice(0, 8)];
  for (const row of subscribers) {
    const subscribedAt = between(400, 5);
    const tier = people[row]!.tier;
    // People we actually asked said yes before we added them; LinkedIn-only ones were never asked.
    if (tier !== 'linkedin') {
      const declined = random() < 0.05;
      consentInputs.push({
        personId: id(row),
        listId: newsletter.id,
        status: declined ? 'declined' : 'granted',
        date: day(subscribedAt - (random() < 0.9 ? 3 * DAY : -5 * DAY)),
        evidence: pick(random, [
          'asked at the chamber breakfast, noted on card',
          'said yes by email',
          'ticked the box at the workshop',
        ]),
      });
    }
    subscriptionInputs.push({
      listId: newsletter.id,
      personId: id(row),
      subscribedAt: day(subscribedAt),
      source: 'demo',
    });
  }
  const consents = (await store.consents.createMany(ws, consentInputs)).length;
  const subscriptions = (await store.subscriptions.createMany(ws, subscriptionInputs)).length;

  return {
    people: people.length + 1,
    interactions: plan.interactions.created,
    introductions,
    referrals,
    pitches,
    subscriptions,
    consents,
  };
}
