/**
 * What the analytics say about one person, in words: the stage of our tie
 * and what it means, each factor of its strength with its evidence, the
 * referral-partner score as what they do for your network (no PageRank
 * numbers), and the recommendations and mistakes about them. Numbers carry
 * data-metric names so they can be checked against the API.
 */
import type { Mistake, PersonInsight, Recommendation } from '../../../shared/index.js';
import { plural, times } from '../../../shared/index.js';
import { h } from './dom.js';
import { CHANNEL_LABEL, STAGE_LABEL, day, daysAgo, percent, score } from './format.js';

const num = (metric: string, value: number) => h('span', { 'data-metric': metric }, score(value));

export const RECOMMENDATION_LABEL: Record<Recommendation['kind'], string> = {
  nurture: 'Nurture',
  thank: 'Thank',
  reciprocate: 'Reciprocate',
  reconnect: 'Reconnect',
  do_not_pitch_yet: 'Do not pitch yet',
  ask_permission: 'Ask permission',
  warm_introduction: 'Warm introduction',
};

export const MISTAKE_LABEL: Record<Mistake['kind'], string> = {
  early_pitch: 'Pitched too early',
  signed_up_without_permission: 'Signed up without permission',
  assumed_closeness: 'Assumed closeness',
};

/** What each stage means for what you may do: shown on hover and in the panel. */
export const STAGE_MEANING: Record<string, string> = {
  stranger: 'No relationship yet: at most a name or a LinkedIn connection. Meet them before you ask for anything.',
  acquaintance: 'You have met or talked once or twice. Not yet a relationship: do not pitch.',
  contact: 'You are in touch now and then. Learn what they need before you offer anything.',
  relationship: 'A real relationship: regular contact both ways. You can ask, and offer when they need it.',
  trusted: 'A close, long-standing tie with favours both ways: a referral partner to thank and look after.',
};

/** What each factor of strength measures, for the hover text and the panel. */
export const FACTOR_MEANING: Record<string, string> = {
  intensity: 'How much you are in touch, recent contact counting more; meetings count more than likes.',
  recency: 'How recently you were last in touch.',
  duration: 'How long you have known each other.',
  reciprocity: 'Whether both of you reach out, not only one.',
  structural: 'How many people you both know well.',
  services: 'Referrals and introductions made for each other.',
};

const TREND = { rising: 'Growing', steady: 'Steady', falling: 'Weakening' } as const;

function points(key: string, x: { points: number; weight: number }) {
  return h(
    'td',
    { class: 'num', title: `Up to ${Math.round(x.weight * 100)} points` },
    num(key, x.points),
    h('span', { class: 'muted' }, ` of ${Math.round(x.weight * 100)}`),
  );
}

export function renderStrength(insight: PersonInsight, name = 'They'): HTMLElement {
  const t = insight.person.strengthToMe;
  const f = t.factors;
  // The tie's two ends are in the store's order: "A" is me only when B is them.
  const meIsA = t.bId === insight.person.personId;
  const mine = (a: number, b: number) => (meIsA ? a : b);
  const theirs = (a: number, b: number) => (meIsA ? b : a);
  const channels = Object.entries(f.intensity.byChannel)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${(CHANNEL_LABEL[c] ?? c).toLowerCase()} ${times(n)}`)
    .join(', ');
  const youReached = mine(f.reciprocity.initiatedByA, f.reciprocity.initiatedByB);
  const theyReached = theirs(f.reciprocity.initiatedByA, f.reciprocity.initiatedByB);
  const rows: [string, string, { value: number; weight: number; points: number }, string][] = [
    [
      'intensity',
      'Contact',
      f.intensity,
      f.intensity.interactions === 0
        ? 'no contact logged'
        : `${plural(f.intensity.interactions, 'contact')}${channels ? ` (${channels})` : ''}; lately ${f.intensity.decayedInteractions.toFixed(1)} (decayed, half-life ${Math.round(f.intensity.halfLifeDays)} days), usually ${f.intensity.usualPerMonth.toFixed(1)} a month${f.intensity.sharedSetting === null ? '' : `; colleagues: counted at ${Math.round(100 * f.intensity.sharedSetting)}%`}`,
    ],
    [
      'history',
      'History',
      f.history,
      `${f.history.months.toFixed(1)} months in touch (decayed, half-life ${Math.round(f.history.halfLifeDays / 365)} years); kept up ${Math.round(100 * f.history.alive)}% of the usual rate`,
    ],
    [
      'recency',
      'Last contact',
      f.recency,
      f.recency.lastContact ? `${day(f.recency.lastContact)} (${daysAgo(f.recency.lastContact)})` : 'never',
    ],
    [
      'duration',
      'Known for',
      f.duration,
      f.duration.firstContact
        ? `since ${day(f.duration.firstContact)} (${daysAgo(f.duration.firstContact).replace(/ ago$/, '')})`
        : 'no first contact on record',
    ],
    [
      'reciprocity',
      'Both ways',
      f.reciprocity,
      `you reached out ${times(youReached)}, they ${times(theyReached)}${f.reciprocity.unknownInitiator ? `, unknown ${times(f.reciprocity.unknownInitiator)}` : ''}`,
    ],
    ['structural', 'People you both know', f.structural, plural(f.structural.sharedContacts, 'person', 'people')],
    [
      'services',
      'Favours',
      f.services,
      `referrals: you gave ${mine(f.services.referralsFromA, f.services.referralsFromB)}, received ${theirs(f.services.referralsFromA, f.services.referralsFromB)}; introductions: you made ${mine(f.services.introductionsByA, f.services.introductionsByB)}, they made ${theirs(f.services.introductionsByA, f.services.introductionsByB)}`,
    ],
  ];
  const stage = STAGE_LABEL[t.stage] ?? t.stage;
  return h(
    'section',
    { class: 'insight-strength', 'aria-label': 'Relationship strength' },
    h('h3', null, 'How close you are'),
    h(
      'p',
      { class: 'big-number' },
      h(
        'span',
        { 'data-metric-text': 'stage', class: `stage-badge stage-${t.stage}`, title: STAGE_MEANING[t.stage] },
        stage,
      ),
      ' ',
      h('span', { class: 'unit' }, 'strength '),
      num('strength', t.score),
      h('span', { class: 'unit' }, ' of 100'),
    ),
    h('p', { class: 'stage-meaning' }, STAGE_MEANING[t.stage] ?? ''),
    h(
      'p',
      { class: 'muted' },
      `${TREND[t.trend.direction]} over the last ${t.trend.days} days (${t.trend.delta >= 0 ? '+' : '−'}${Math.abs(t.trend.delta).toFixed(1)} points).`,
      t.cooling.cooling
        ? ` Cooling: silent for ${plural(Math.round(t.cooling.silenceDays ?? 0), 'day')}, where you were usually in touch every ${plural(Math.round(t.cooling.medianGapDays ?? 0), 'day')}.`
        : '',
    ),
    t.rating
      ? h(
          'p',
          { class: 'rated-note', 'data-rated': t.rating.rating },
          `Rated by you: ${t.rating.rating} (${day(t.rating.ratedAt)}). The score is held between ${score(t.rating.min)} and ${score(t.rating.max)}; the evidence alone says ${score(t.rating.evidenceScore)}.`,
        )
      : null,
    h(
      'p',
      { class: 'muted', 'data-metric-text': 'evidence' },
      `Evidence: ${t.evidence.records} record${t.evidence.records === 1 ? '' : 's'} (confidence ${percent(t.evidence.confidence)}).`,
    ),
    t.cap
      ? h(
          'p',
          { class: 'cap-note' },
          `${name === 'They' ? 'This tie rests' : `Your tie to ${name} rests`} on online evidence only (a LinkedIn connection, likes): it counts at most as an acquaintance, however long ago you connected. A connection is a hint, not a relationship.`,
        )
      : null,
    t.floor
      ? h(
          'p',
          { class: 'floor-note' },
          `${name === 'They' ? 'This tie is' : `Your tie to ${name} is`} declared by you (colleagues, family, people who know each other): it counts at least as an acquaintance, whatever the logs say. Nurture never sees what two other people say to each other.`,
        )
      : null,
    h(
      'table',
      { class: 'factors' },
      h('caption', null, 'What makes the strength: each factor adds up to its share of 100 points'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Factor'),
          h('th', { scope: 'col' }, 'Evidence'),
          h('th', { scope: 'col', class: 'num' }, 'Points'),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map(([key, label, x, detail]) =>
          h(
            'tr',
            { 'data-factor': key },
            h('th', { scope: 'row', title: FACTOR_MEANING[key] }, label),
            h('td', null, detail),
            points(`points.${key}`, x),
          ),
        ),
      ),
    ),
  );
}

/** PageRank, betweenness and constraint as words a user can weigh. */
function level(value: number): string {
  return value >= 0.66 ? 'high' : value >= 0.33 ? 'medium' : value > 0.02 ? 'low' : 'none yet';
}

export function renderPartner(insight: PersonInsight, name = 'They'): HTMLElement {
  const p = insight.person.partner;
  const parts = p.parts;
  const l = parts.ledger.ledger;
  const balance =
    l.balance === 0
      ? 'even'
      : l.balance > 0
        ? `you received ${plural(l.balance, 'favour')} more than you gave`
        : `you gave ${plural(-l.balance, 'favour')} more than you received`;
  const rows: [string, string, { value: number; weight: number; points: number }, string][] = [
    [
      'flow',
      'Sends work your way',
      parts.flow,
      `${level(parts.flow.value)}: how much of the referrals and introductions reaching you pass through ${name === 'They' ? 'them' : name}`,
    ],
    [
      'ledger',
      'Give and take',
      parts.ledger,
      `${plural(l.referralsGiven, 'referral')} given, ${l.referralsReceived} received; ${plural(l.introductionsGiven, 'introduction')} given, ${l.introductionsReceived} received (${balance})`,
    ],
    ['strength', 'How close you are', parts.strength, `strength ${score(parts.strength.strengthToMe)} of 100`],
    [
      'brokerage',
      'Bridges groups',
      parts.brokerage,
      `${level(parts.brokerage.value)}: whether they connect circles of people who do not otherwise know each other`,
    ],
    ['reach', 'Reach', parts.reach, `${plural(parts.reach.people, 'person', 'people')} within two introductions`],
  ];
  return h(
    'section',
    { class: 'insight-partner', 'aria-label': 'Referral-partner score' },
    h('h3', null, 'Value as a referral partner'),
    h(
      'p',
      { class: 'big-number' },
      num('partner', p.score),
      h('span', { class: 'unit' }, ' of 100 · rank '),
      h('span', { 'data-metric-text': 'rank' }, String(p.rank)),
    ),
    h(
      'table',
      { class: 'factors' },
      h('caption', null, 'What makes the partner score'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Part'),
          h('th', { scope: 'col' }, 'Evidence'),
          h('th', { scope: 'col', class: 'num' }, 'Points'),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map(([key, label, x, detail]) =>
          h(
            'tr',
            { 'data-part': key },
            h('th', { scope: 'row' }, label),
            h('td', null, detail),
            points(`partner.${key}`, x),
          ),
        ),
      ),
    ),
  );
}

export function renderAdvice(insight: PersonInsight): HTMLElement {
  return h(
    'section',
    { class: 'insight-advice', 'aria-label': 'Recommendations and mistakes' },
    h('h3', null, 'Recommendations'),
    insight.recommendations.length === 0
      ? h('p', { class: 'muted' }, 'Nothing to do about them this week.')
      : h(
          'ul',
          { class: 'advice' },
          insight.recommendations.map((r) =>
            h(
              'li',
              { class: `advice-item rec-${r.kind}` },
              h('strong', null, RECOMMENDATION_LABEL[r.kind]),
              ': ',
              r.reason,
            ),
          ),
        ),
    h('h3', null, 'Mistakes'),
    insight.mistakes.length === 0
      ? h('p', { class: 'muted' }, 'No mistakes found.')
      : h(
          'ul',
          { class: 'advice' },
          insight.mistakes.map((m) =>
            h(
              'li',
              { class: `advice-item mistake-${m.kind}` },
              h('strong', null, `${MISTAKE_LABEL[m.kind]} (${day(m.date)})`),
              ': ',
              m.reasons.join('; '),
            ),
          ),
        ),
  );
}
