/**
 * What the analytics say about one person, as text: the strength of our tie
 * with every factor that makes it, the referral-partner score with its parts,
 * and the recommendations and mistakes about them. Numbers carry data-metric
 * names so they can be checked against the API.
 */
import type { Mistake, PersonInsight, Recommendation } from '../../../shared/index.js';
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

export function renderStrength(insight: PersonInsight): HTMLElement {
  const t = insight.person.strengthToMe;
  const f = t.factors;
  // The tie's two ends are in the store's order: "A" is me only when B is them.
  const meIsA = t.bId === insight.person.personId;
  const mine = (a: number, b: number) => (meIsA ? a : b);
  const theirs = (a: number, b: number) => (meIsA ? b : a);
  const channels = Object.entries(f.intensity.byChannel)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${CHANNEL_LABEL[c] ?? c}`.toLowerCase())
    .join(', ');
  const rows: [string, string, { value: number; weight: number; points: number }, string][] = [
    [
      'intensity',
      'Intensity',
      f.intensity,
      `${f.intensity.interactions} interactions${channels ? ` (${channels})` : ''}; half-life ${f.intensity.halfLifeDays} days`,
    ],
    [
      'history',
      'History',
      f.history,
      `${f.history.months.toFixed(1)} months in touch (decayed, half-life ${Math.round(f.history.halfLifeDays / 365)} years)`,
    ],
    [
      'recency',
      'Recency',
      f.recency,
      f.recency.lastContact
        ? `last contact ${day(f.recency.lastContact)} (${daysAgo(f.recency.lastContact)})`
        : 'no contact on record',
    ],
    [
      'duration',
      'Duration',
      f.duration,
      f.duration.firstContact ? `known since ${day(f.duration.firstContact)}` : 'no first contact on record',
    ],
    [
      'reciprocity',
      'Reciprocity',
      f.reciprocity,
      `you reached out ${mine(f.reciprocity.initiatedByA, f.reciprocity.initiatedByB)}×, they ${theirs(f.reciprocity.initiatedByA, f.reciprocity.initiatedByB)}×, unknown ${f.reciprocity.unknownInitiator}×`,
    ],
    ['structural', 'Shared contacts', f.structural, `${f.structural.sharedContacts} shared contacts`],
    [
      'services',
      'Referrals and introductions',
      f.services,
      `referrals: you gave ${mine(f.services.referralsFromA, f.services.referralsFromB)}, received ${theirs(f.services.referralsFromA, f.services.referralsFromB)}; introductions: you made ${mine(f.services.introductionsByA, f.services.introductionsByB)}, they made ${theirs(f.services.introductionsByA, f.services.introductionsByB)}`,
    ],
  ];
  return h(
    'section',
    { class: 'insight-strength', 'aria-label': 'Relationship strength' },
    h('h3', null, 'Relationship strength'),
    h(
      'p',
      { class: 'big-number' },
      num('strength', t.score),
      h('span', { class: 'unit' }, ' / 100 · '),
      h(
        'span',
        { 'data-metric-text': 'stage', class: `stage-badge stage-${t.stage}` },
        STAGE_LABEL[t.stage] ?? t.stage,
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `Trend over ${t.trend.days} days: ${t.trend.direction} (${t.trend.delta >= 0 ? '+' : ''}${t.trend.delta.toFixed(1)}).`,
      t.cooling.cooling
        ? ` Cooling: ${t.cooling.silenceDays ?? '?'} days of silence, usually every ${t.cooling.medianGapDays ?? '?'} days.`
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
          `Online evidence only (a LinkedIn connection, likes): capped at ${score(t.cap.max)} from ${score(t.uncappedScore)}. A connection is a hint, not a relationship.`,
        )
      : null,
    h(
      'table',
      { class: 'factors' },
      h('caption', null, 'How the score is made: points = 100 × weight × value'),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Factor'),
          h('th', { scope: 'col' }, 'Value'),
          h('th', { scope: 'col' }, 'Weight'),
          h('th', { scope: 'col' }, 'Points'),
          h('th', { scope: 'col' }, 'Evidence'),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map(([key, label, x, detail]) =>
          h(
            'tr',
            { 'data-factor': key },
            h('th', { scope: 'row' }, label),
            h('td', null, percent(x.value)),
            h('td', null, percent(x.weight)),
            h('td', null, num(`points.${key}`, x.points)),
            h('td', null, detail),
          ),
        ),
      ),
    ),
  );
}

export function renderPartner(insight: PersonInsight): HTMLElement {
  const p = insight.person.partner;
  const parts = p.parts;
  const l = parts.ledger.ledger;
  const rows: [string, string, { value: number; weight: number; points: number }, string][] = [
    ['flow', 'Referral flow', parts.flow, `PageRank ${parts.flow.pagerank.toExponential(2)}`],
    [
      'ledger',
      'Give and take',
      parts.ledger,
      `${l.referralsGiven} referrals given, ${l.referralsReceived} received; ${l.introductionsGiven} introductions given, ${l.introductionsReceived} received; balance ${l.balance}`,
    ],
    ['strength', 'Strength to me', parts.strength, `${score(parts.strength.strengthToMe)} / 100`],
    [
      'brokerage',
      'Brokerage',
      parts.brokerage,
      `betweenness ${parts.brokerage.betweenness.toFixed(4)}${parts.brokerage.constraint !== null ? `, constraint ${parts.brokerage.constraint.toFixed(2)}` : ''}`,
    ],
    ['reach', 'Reach', parts.reach, `${parts.reach.people} people within two steps`],
  ];
  return h(
    'section',
    { class: 'insight-partner', 'aria-label': 'Referral-partner score' },
    h('h3', null, 'Referral-partner score'),
    h(
      'p',
      { class: 'big-number' },
      num('partner', p.score),
      h('span', { class: 'unit' }, ' / 100 · rank '),
      h('span', { 'data-metric-text': 'rank' }, String(p.rank)),
    ),
    h(
      'table',
      { class: 'factors' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Part'),
          h('th', { scope: 'col' }, 'Value'),
          h('th', { scope: 'col' }, 'Weight'),
          h('th', { scope: 'col' }, 'Points'),
          h('th', { scope: 'col' }, 'Evidence'),
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
            h('td', null, percent(x.value)),
            h('td', null, percent(x.weight)),
            h('td', null, num(`partner.${key}`, x.points)),
            h('td', null, detail),
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
